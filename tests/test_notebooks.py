"""The chapters' notebooks, as the site ships them, run top to bottom in a fresh kernel.

Each notebook of the built site is executed with nbclient in a new IPython
kernel, from an empty folder, with matplotlib's inline backend (as in Jupyter).
Then every number that its cells show must appear on the built page: the
notebook and the page are two views of one computation, and must agree. What
the page renders as Markdown, the notebook renders too: no output is raw
Markdown text, and nothing reaches standard error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

from deepnotes_docs.notebooks import CHAPTERS, notebook, notebook_path  # noqa: E402

NUMBER = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?(?:e[-+]?\d+)?")  # "1,024", not "0," of "(0, 1)"
KERNEL_ENVIRONMENT = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",  # what Jupyter uses
    "OPENBLAS_NUM_THREADS": "1",  # the build's thread count: the same sums, the same digits
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


RUNNER = """
import sys, nbclient, nbformat
source, target, folder = sys.argv[1:]
nb = nbformat.read(source, as_version=4)
client = nbclient.NotebookClient(
    nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}
)
try:
    client.execute()
finally:
    nbformat.write(nb, target)
"""


def _execute(path: Path, folder: Path) -> tuple[object, str]:
    """Run the notebook in its own process; the executed notebook and what went wrong."""
    target = folder / "executed.ipynb"
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(path), str(target), str(folder)],
        env={**os.environ, **KERNEL_ENVIRONMENT},
        capture_output=True,
        text=True,
        timeout=900,
    )
    nb = nbformat.read(target, as_version=4) if target.exists() else None
    return nb, "" if done.returncode == 0 else done.stderr[-3000:]


@pytest.fixture(scope="module")
def executed(site: Path, tmp_path_factory) -> dict[str, tuple[object, str]]:
    paths = [site / notebook_path(page) for page in CHAPTERS]
    folders = [tmp_path_factory.mktemp(Path(page).stem) for page in CHAPTERS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(_execute, paths, folders)
        return dict(zip(CHAPTERS, done, strict=True))


RAW_MARKDOWN = re.compile(r"\*\*\S|\S\*\*|\$[^$\n]+\$|^\|.*\|$|^```|^#{1,6} ", re.MULTILINE)
"""Markdown syntax as text: bold, inline math, a table row, a fence or a heading."""


def _printed(cell) -> str:
    """What a code cell shows as text: its standard output and its Markdown displays."""
    shown = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream" and o.name == "stdout":
            shown.append(o.text)
        elif "text/markdown" in o.get("data", {}):
            shown.append(o.data["text/markdown"])
    return "".join(shown)


def _plain_text(cell) -> list[str]:
    """The outputs of a code cell that Jupyter shows as plain text."""
    outputs = cell.get("outputs", [])
    return [o.text for o in outputs if o.output_type == "stream"] + [
        o.data["text/plain"]
        for o in outputs
        if "text/plain" in o.get("data", {}) and len(o.data) == 1
    ]


def _page_numbers(site: Path, page: str) -> set[str]:
    html = (site / Path(page).stem / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", html)  # MathML's <mn> and table cells become words
    return set(NUMBER.findall(text))


def test_the_committed_notebooks_are_what_the_chapters_give() -> None:
    """docs/notebooks is kept in version control, as both engines copy it into the site:
    each notebook must be what its chapter gives now."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    for page in CHAPTERS:
        committed = (docs / notebook_path(page)).read_text(encoding="utf-8")
        assert committed == notebook((docs / page).read_text(encoding="utf-8"), page), (
            f"docs/{notebook_path(page)} is stale: build the site, or run "
            "python -m deepnotes_docs.notebooks"
        )


def test_a_stale_notebook_is_told_apart() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs"
    text = (docs / CHAPTERS[0]).read_text(encoding="utf-8")
    assert notebook(text + "\nOne more sentence.\n", CHAPTERS[0]) != notebook(text, CHAPTERS[0])


def test_every_chapter_has_a_notebook_linked_from_its_page(site: Path) -> None:
    for page in CHAPTERS:
        nb = json.loads((site / notebook_path(page)).read_text(encoding="utf-8"))
        assert nb["nbformat"] == 4 and len(nb["cells"]) > 5
        html = (site / Path(page).stem / "index.html").read_text(encoding="utf-8")
        assert f'href="../{notebook_path(page)}"' in html and "download=" in html


@pytest.mark.parametrize("page", CHAPTERS)
def test_notebook_runs_and_prints_what_the_page_says(page: str, executed, site: Path) -> None:
    nb, error = executed[page]
    assert not error, error
    code = [c for c in nb.cells if c.cell_type == "code"]
    for c in code:
        figures = sum(1 for o in c.outputs if "image/png" in o.get("data", {}))
        if "explorable.show(" in c.source:  # the sweep, drawn at each value of a control
            sentences = [line for line in _printed(c).splitlines() if line.strip()]
            assert figures == len(sentences) >= 2, c.source[-300:]
        else:
            assert figures == c.source.count("plotting.show("), c.source[-300:]
    on_page = _page_numbers(site, page)
    printed = [n for c in code for n in NUMBER.findall(_printed(c))]
    assert printed, "no cell printed a number"
    missing = sorted(set(printed) - on_page)
    assert not missing, f"printed by the notebook, absent from the page: {missing[:20]}"


def test_raw_markdown_is_recognized():
    assert RAW_MARKDOWN.search("**Reading the figure.** With $\\beta$")
    assert RAW_MARKDOWN.search("| a | b |\n| --- | --- |")
    assert not RAW_MARKDOWN.search("array([[0.5, 2.0]])\n(3, 4) 1 * 2 ** 3")


@pytest.mark.parametrize("page", CHAPTERS)
def test_notebook_shows_markdown_rendered_and_nothing_on_stderr(page: str, executed) -> None:
    nb, error = executed[page]
    assert not error, error
    code = [c for c in nb.cells if c.cell_type == "code"]
    stderr = [o.text for c in code for o in c.outputs if o.get("name") == "stderr"]
    assert not stderr, stderr[:3]
    raw = [t[:200] for c in code for t in _plain_text(c) if RAW_MARKDOWN.search(t)]
    assert not raw, raw[:3]
    assert any("text/markdown" in o.get("data", {}) for c in code for o in c.outputs)
