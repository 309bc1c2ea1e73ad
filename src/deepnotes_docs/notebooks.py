"""Markdown extension: every chapter, also as a Jupyter notebook that a reader downloads.

The notebook of a chapter is its page, in order: the prose (formula blocks as
display math, admonitions as quotes, tabs as bold labels) in Markdown cells, one
per section; every block that the build executes as a code cell, the readings
included, which then show their numbers (what a block prints, the page renders as
Markdown, and so does the notebook); every ``>>>`` session as a code cell
of its statements; the stub of every exercise as a code cell, for the reader to
fill in and check. Other code that the build shows but does not run (another
framework's version, a cluster set-up) stays Markdown, as on the page.

The notebooks are files of ``docs/notebooks``, which MkDocs and Zensical both copy into
the site as they copy an image, so both engines publish the same notebooks, linked under
each chapter's title in its own Markdown. They are kept in version control, as the math
font's subset is: this extension writes them again whenever it is set up (a build, each
rebuild of a server) and a chapter has changed, and ``tests/test_notebooks.py`` fails when
a committed notebook is not what its chapter gives. ``python -m deepnotes_docs.notebooks``
writes them without a build. They are made from the Markdown sources only, so two builds
give the same bytes; a file is written only when its text changes, so a server that
watches ``docs/`` does not build again for nothing.

Option (under ``markdown_extensions`` in ``mkdocs.yml``): ``config_file``, the site's
configuration (for ``docs_dir``).
"""

from __future__ import annotations

import ast
import doctest
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import nbformat
from markdown import Extension, Markdown

from deepnotes_docs.formulas import nav_pages
from deepnotes_docs.page_code import FENCE, shown_code

CHAPTERS = (
    "setting-up.md",
    "initialization.md",
    "regularization.md",
    "gradient-checking.md",
    "optimization.md",
    "tuning.md",
    "batch-normalization.md",
    "softmax.md",
    "frameworks.md",
)
FOLDER = "notebooks"
REFERENCE_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
PAGE_LINK = re.compile(r"\[([^\]\n]+)\]\((?!https?:)[^)\s]+\)")
ANNOTATION_MARK = re.compile(r"[ \t]*# \(\d+\)!")
ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?) \w+(?: "(?P<title>[^"]*)")?[ \t]*$')
TAB = re.compile(r'^=== "(?P<title>[^"]*)"[ \t]*$')
EXERCISE = "from deepnotes.exercises import check"
"""What the stub of an exercise starts with: the page shows it, the notebook runs it."""
SOLUTION = re.compile(
    r'^\?\?\? success "Solution[^\n]*\n(?:(?:    [^\n]*)?\n)*?(?=\S|\Z)', re.MULTILINE
)
"""A folded solution: the page shows it under its exercise, the notebook after all of them."""
BUTTON = re.compile(r"^\[Download this chapter as a notebook\]\([^)]*\)\{[^}]*\}\n\n?", re.M)
"""The download link under a chapter's title: the page shows it, the notebook does not."""


SOLUTION_NAME = re.compile(r'solution\("(\w+)"\)')


def notebook_path(page: str) -> str:
    """Where the notebook of ``page`` (a path relative to ``docs/``) lives in the site."""
    return f"{FOLDER}/{Path(page).stem}.ipynb"


def _prose(text: str) -> str:
    """Material-for-MkDocs Markdown as plain Markdown that Jupyter renders."""
    out: list[str] = []
    quoting = False
    for line in text.splitlines():
        if m := ADMONITION.match(line):
            out.append(f"> **{m['title'] or 'Note'}**\n>")
            quoting = True
            continue
        if m := TAB.match(line):
            out.append(f"**{m['title']}**")
            quoting = False
            continue
        if quoting and (line.startswith("    ") or not line.strip()):
            out.append(f"> {line[4:]}".rstrip())
            continue
        quoting = False
        out.append(line)
    markdown = "\n".join(out)
    markdown = REFERENCE_LINK.sub(r"\1", markdown)  # cross-references of the site
    return PAGE_LINK.sub(r"\1", markdown)  # links to other pages of the site


def _session(code: str) -> str:
    """A ``>>>`` session as the statements it runs; results that were shown stay shown."""
    examples = doctest.DocTestParser().get_examples(code)
    lines = []
    for n, example in enumerate(examples):
        source = ANNOTATION_MARK.sub("", example.source).rstrip("\n")
        shown = example.want and n < len(examples) - 1
        lines.append(_displayed(source) if shown else source)
    return "\n".join(lines)


def _displayed(source: str) -> str:
    """``display(expression)  # comment`` for a one-line expression that a session shows."""
    body = ast.parse(source).body
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or "\n" in source:
        return source
    call = body[0].value
    if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "print":
        return source
    expression = ast.get_source_segment(source, body[0])
    return f"display({expression}){source[len(expression) :]}"


MARKDOWN_OUTPUT = (
    "from IPython.display import Markdown\n\n"
    "reading = []  # what this cell prints, which the page renders as Markdown\n"
)


def _markdown_output(code: str) -> str:
    """``code``, whose printed text the page renders as Markdown, as a cell that shows it so:
    each ``print(text)`` becomes ``reading.append(text)``, and the cell ends with
    ``Markdown(...)`` of what it collected."""
    calls = [
        node.func
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "print"
        and len(node.args) == 1
        and not node.keywords
    ]
    if not calls:
        return code
    lines = code.split("\n")
    for func in sorted(calls, key=lambda f: (f.lineno, f.col_offset), reverse=True):
        line = lines[func.lineno - 1].encode()  # ast's columns count bytes of UTF-8
        edited = line[: func.col_offset] + b"reading.append" + line[func.end_col_offset :]
        lines[func.lineno - 1] = edited.decode()
    return MARKDOWN_OUTPUT + "\n".join(lines) + '\nMarkdown("\\n".join(reading))'


def _code(block: re.Match[str]) -> str:
    return ANNOTATION_MARK.sub("", shown_code(block)).strip()


def _sections(markdown: str) -> list[str]:
    """``markdown`` cut before each heading of level 1 to 3 (not inside a code fence)."""
    sections: list[list[str]] = [[]]
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"#{1,3} ", line) and any(s.strip() for s in sections[-1]):
            sections.append([])
        sections[-1].append(line)
    return [text for lines in sections if (text := "\n".join(lines).strip("\n"))]


def _solutions(markdown: str) -> tuple[str, list[tuple[str, str]]]:
    """The page without its folded solutions, and those solutions as Markdown cells, so that
    running the notebook from the top never prints an answer right after its exercise."""
    from deepnotes.exercises import solution

    names = [SOLUTION_NAME.search(m[0])[1] for m in SOLUTION.finditer(markdown)]
    if not names:
        return markdown, []
    found = [
        (
            "markdown",
            "## Solutions\n\nOne solution of each exercise above, in plain NumPy: paste it "
            "over the stub of its exercise and run that cell again.",
        )
    ]
    found += [("markdown", f"### `{name}`\n\n{solution(name)}") for name in names]
    return SOLUTION.sub("", markdown), found


def cells(markdown: str) -> list[tuple[str, str]]:
    """The page as ``(kind, source)`` cells, ``kind`` being ``"markdown"`` or ``"code"``."""
    markdown, solutions = _solutions(markdown)
    found: list[tuple[str, str]] = []
    prose: list[str] = []

    def flush() -> None:
        text = _prose("".join(prose)).strip("\n")
        prose.clear()
        for section in _sections(text):
            found.append(("markdown", section))

    last = 0
    for block in FENCE.finditer(markdown):
        prose.append(markdown[last : block.start()])
        last = block.end()
        lang, options, code = block["lang"], block["options"], _code(block)
        if lang == "formula":
            prose.append(f"$$\n{code}\n$$")
        elif lang == "python" and 'exec="on"' in options and 'html="on"' not in options:
            flush()
            found.append(("code", _markdown_output(code)))
        elif lang == "python" and ('exec="on"' in options or EXERCISE in code):
            flush()
            found.append(("code", code))
        elif lang == "pycon":
            flush()
            found.append(("code", _session(code)))
        else:  # shown, not run: stays Markdown, as on the page
            prose.append(f"```{lang}\n{code}\n```")
    prose.append(markdown[last:])
    flush()
    return found + solutions


def notebook(markdown: str, page: str) -> str:
    """The notebook of a chapter, as the JSON text of an ``.ipynb`` file."""
    markdown = BUTTON.sub("", markdown)
    title = re.search(r"^# (.+)$", markdown, re.MULTILINE)[1]
    intro = (
        f"*This notebook is the chapter {title} of* Improving Deep Neural Networks: "
        "executable notes, *cell for cell. Run it where the package `deepnotes` is "
        'installed (from a clone of the repository: `pip install -e ".[docs]"`). The '
        "code cells that the page does not show are the readings of the experiments: "
        "they check the experiments' claims and print the numbers that the page quotes.*"
    )
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    found = [("markdown", intro), *cells(markdown)]
    stem = Path(page).stem
    for n, (kind, source) in enumerate(found):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        cell = make(source)
        cell.id = hashlib.sha1(f"{stem}-{n}".encode()).hexdigest()[:12]
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def write_notebooks(docs: Path) -> list[Path]:
    """Write the notebook of every chapter into ``docs/notebooks``, each only if its text
    changed; the files written."""
    written = []
    for page in CHAPTERS:
        text = notebook((docs / page).read_text(encoding="utf-8"), page)
        path = docs / notebook_path(page)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(exist_ok=True)
            # whole or not at all: builds side by side read the folder as others write it
            partial = path.with_name(f".{path.name}.{os.getpid()}")
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, path)
            written.append(path)
    return written


_WRITTEN: set[tuple] = set()
"""What this process wrote already: the sources' times and sizes. The
extension is set up once per page; the notebooks are written once per change."""


class NotebooksExtension(Extension):
    """Write the chapters' notebooks into ``docs/`` once per build."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": ["mkdocs.yml", "The site's configuration file: docs_dir."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        docs, _ = nav_pages(Path(self.getConfig("config_file")))
        sources = [(docs / page).stat() for page in CHAPTERS]
        key = (str(docs.resolve()), *((s.st_mtime_ns, s.st_size) for s in sources))
        if key not in _WRITTEN:
            write_notebooks(docs)
            _WRITTEN.add(key)


def makeExtension(**kwargs: Any) -> NotebooksExtension:
    return NotebooksExtension(**kwargs)


if __name__ == "__main__":
    for path in write_notebooks(nav_pages(Path("mkdocs.yml"))[0]):
        print(f"wrote {path}")
