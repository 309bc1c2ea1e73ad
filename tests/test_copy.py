"""What a reader copies from any page of the built site runs, the API pages included.

Every Python code block of the built site that has a copy button is one of:

- a session (``pycon``): as shown, prompts and outputs, it passes doctest with
  nothing defined beforehand, from an empty folder; its copy button copies exactly its
  statements (``data-copy``), never a prompt, an output or a traceback;
- a chapter's shown block: the same code as a block that ``test_snippets.py`` runs
  as a script in a fresh interpreter;
- an excerpt, which says so where the reader sees it (source code cut out of its
  module, which it needs for its imports);
- anything else, which runs as a script from an empty folder.

Signatures have no copy button. The sessions and scripts run in children forked from
one process that has imported NumPy, matplotlib and the package, each child with a
fresh namespace of its own in its own empty folder: a session that uses a name it does
not import fails as it would in a new interpreter, at a fraction of the cost of one.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from deepnotes_docs.copying import code_of
from deepnotes_docs.page_code import blocks

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ("language-python", "language-pycon")


@dataclass
class CodeBlock:
    """A code block of a built page, as a reader sees it."""

    page: str
    lang: str
    copied: str | None
    """What the copy button copies when the block sets it (``data-copy``), else None."""
    copyable: bool
    label: str
    """The block's title, or the summary of the fold that holds it."""
    text: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return "".join(self.text)


class _Blocks(HTMLParser):
    """The ``<pre><code>`` blocks of a page, with their language, label and copy text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.found = page, []
        self.open: list[tuple[str, list[str], dict[str, str | None]]] = []
        self.block: CodeBlock | None = None
        self.depth = 0
        self.summary: list[str] | None = None
        self.summaries: list[str] = []
        self.filename: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self.open.append((tag, classes, dict(attrs)))
        if tag == "summary":
            self.summary = []
        elif tag == "span" and "filename" in classes:
            self.filename = []
        elif tag == "code" and self.block is None and len(self.open) > 1:
            if self.open[-2][0] == "pre":
                self._start()

    def _start(self) -> None:
        container = next((a for t, c, a in reversed(self.open) if "highlight" in c), None)
        classes = next((c for t, c, a in reversed(self.open) if "highlight" in c), [])
        lang = next((c for c in classes if c.startswith("language-")), "")
        self.block = CodeBlock(
            page=self.page,
            lang=lang,
            copied=container.get("data-copy") if container else None,
            copyable=not any("no-copy" in c for _, c, _ in self.open),
            label=" ".join(self.summaries[-1:]) if self._in_fold() else self.last_filename,
        )
        self.depth = len(self.open)

    def _in_fold(self) -> bool:
        return any(t == "details" for t, _, _ in self.open)

    last_filename = ""

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            opened = self.open.pop()[0]
            if opened == tag:
                break
        if tag == "summary" and self.summary is not None:
            self.summaries.append("".join(self.summary))
            self.summary = None
        elif tag == "span" and self.filename is not None:
            self.last_filename = "".join(self.filename)
            self.filename = None
        elif tag == "details":
            self.summaries = self.summaries[:-1]
        if self.block is not None and len(self.open) < self.depth:
            self.found.append(self.block)
            self.block, self.last_filename = None, ""

    def handle_data(self, data: str) -> None:
        for text in (self.summary, self.filename):
            if text is not None:
                text.append(data)
        if self.block is not None:
            self.block.text.append(data)


def code_blocks(site: Path) -> list[CodeBlock]:
    """Every code block of every page of ``site``."""
    found = []
    for path in sorted(site.rglob("*.html")):
        parser = _Blocks(path.relative_to(site).as_posix())
        parser.feed(path.read_text(encoding="utf-8"))
        found += parser.found
    return found


RUNNER = r"""
import doctest, json, os, sys, tempfile, traceback

import matplotlib
matplotlib.use("Agg")
import numpy, deepnotes, deepnotes.plotting  # noqa: F401  imported once, before the forks

jobs = json.loads(sys.stdin.read())
results = []
for kind, code in jobs:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a fresh namespace, in an empty folder
        os.close(read)
        os.chdir(tempfile.mkdtemp())
        out = os.fdopen(write, "w")
        try:
            if kind == "session":
                runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
                test = doctest.DocTestParser().get_doctest(code, {}, "copied", None, 0)
                runner.run(test, out=out.write)
                failed = runner.summarize(verbose=False).failed
            else:
                exec(compile(code, "copied.py", "exec"), {"__name__": "__main__"})
                failed = 0
        except BaseException:
            out.write(traceback.format_exc())
            failed = 1
        out.flush()
        os._exit(1 if failed else 0)
    os.close(write)
    with os.fdopen(read) as pipe:
        report = pipe.read()
    _, status = os.waitpid(pid, 0)
    results.append([status == 0, report[-2000:]])
print(json.dumps(results))
"""


def run_copied(jobs: list[tuple[str, str]]) -> list[tuple[bool, str]]:
    """Run each ``(kind, code)``, kind ``"session"`` or ``"script"``, as described above."""
    if not hasattr(os, "fork"):
        pytest.skip("the copied blocks run in forked children, and this system cannot fork")
    env = {**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1"}
    env.pop("DEEPNOTES_FIGURES", None)
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(jobs),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [tuple(result) for result in json.loads(done.stdout.splitlines()[-1])]


def _chapter_code() -> set[str]:
    """The code of the pages' shown Python blocks, which ``test_snippets.py`` runs."""
    return {b.code.strip() for page in (ROOT / "docs").glob("*.md") for b in blocks(page)}


@pytest.fixture(scope="module")
def copyable(site: Path) -> list[CodeBlock]:
    return [b for b in code_blocks(site) if b.lang in PYTHON and b.copyable]


def test_the_site_has_copyable_sessions_on_api_pages(copyable) -> None:
    api = [b for b in copyable if b.page.startswith("reference/") and b.lang == "language-pycon"]
    assert len(api) > 80, len(api)


def test_signatures_have_no_copy_button(site: Path) -> None:
    page = (site / "reference" / "activations" / "index.html").read_text(encoding="utf-8")
    assert page.count("doc-signature highlight no-copy") >= 5
    assert 'doc-signature highlight"' not in page


def test_every_session_copies_its_statements_alone(copyable) -> None:
    sessions = [b for b in copyable if b.lang == "language-pycon"]
    wrong = [
        (b.page, b.code[:60])
        for b in sessions
        if b.copied is None or html.unescape(b.copied) != code_of(b.code)
    ]
    assert not wrong, wrong[:5]
    traceback = next(b for b in sessions if "Traceback (most recent call last)" in b.code)
    assert "Traceback" not in traceback.copied and "ClaimError" not in traceback.copied


def test_every_copyable_block_runs_or_says_it_is_an_excerpt(copyable) -> None:
    covered = _chapter_code()
    jobs, names = [], []
    for b in copyable:
        if b.lang == "language-pycon":
            jobs.append(("session", b.code))
        elif "excerpt" in b.label.lower():
            continue
        elif b.code.strip() in covered:
            continue  # test_snippets runs it, after the code it continues if it says so
        else:
            jobs.append(("script", b.code))
        names.append(f"{b.page}: {b.code.strip().splitlines()[0][:70]}")
    assert len(jobs) > 100
    failures = [
        f"{name}\n{report}"
        for name, (ok, report) in zip(names, run_copied(jobs), strict=True)
        if not ok
    ]
    assert not failures, "\n\n".join(failures[:5]) + f"\n\n{len(failures)} of {len(jobs)} failed"


def test_the_check_fails_on_a_session_that_does_not_import_what_it_uses() -> None:
    results = run_copied(
        [
            ("session", ">>> sigmoid(0.0)\n0.5\n"),
            ("session", ">>> from math import sqrt\n>>> sqrt(4.0)\n2.0\n"),
            ("script", "print(undefined_name)\n"),
            ("script", "from pathlib import Path\nassert not list(Path().iterdir())\n"),
        ]
    )
    assert [ok for ok, _ in results] == [False, True, False, True]
    assert "NameError" in results[0][1] and "NameError" in results[2][1]


def test_excerpts_say_so_where_the_reader_sees_them(copyable) -> None:
    excerpts = [b for b in copyable if "excerpt" in b.label.lower()]
    api = [b for b in excerpts if b.page.startswith("reference/")]
    chapters = {b.page for b in excerpts} - {b.page for b in api}
    assert len(api) > 80 and {"initialization/index.html", "frameworks/index.html"} <= chapters
    assert all(b.label.startswith(("Source code in", "Excerpt of")) for b in excerpts)
