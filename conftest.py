"""Collect the ``pycon`` examples of the Markdown pages in ``docs/`` as doctests.

All the examples of one page run in order in one namespace, as a reader would
type them; line numbers in failures are those of the Markdown file.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)```pycon\s*$")


def pycon_source(text: str) -> str:
    """The page with everything but its ``pycon`` blocks blanked, lines kept."""
    out: list[str] = []
    indent: str | None = None
    for line in text.splitlines():
        if indent is None:
            m = FENCE_OPEN.match(line)
            indent = m["indent"] if m else None
            out.append("")
        elif line.strip() == "```":
            indent = None
            out.append("")
        else:
            out.append(line[len(indent) :] if line.startswith(indent) else line)
    return "\n".join(out)


class MarkdownDoctestItem(pytest.Item):
    def __init__(self, *, test: doctest.DocTest, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.test = test

    def runtest(self) -> None:
        runner = doctest.DocTestRunner(
            optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False
        )
        report: list[str] = []
        runner.run(self.test, out=report.append, clear_globs=True)
        if runner.failures:
            raise AssertionError("".join(report))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"[pycon] {self.name}"


class MarkdownFile(pytest.File):
    def collect(self):  # type: ignore[override]
        source = pycon_source(self.path.read_text(encoding="utf-8"))
        test = doctest.DocTestParser().get_doctest(source, {}, self.path.stem, str(self.path), 0)
        if test.examples:
            yield MarkdownDoctestItem.from_parent(self, name=self.path.name, test=test)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".md" and "docs" in file_path.parts:
        return MarkdownFile.from_parent(parent, path=file_path)
    return None
