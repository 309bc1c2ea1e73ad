"""Every chapter, also as a Jupyter notebook that a reader downloads and runs.

The notebook of a chapter is its page, in order: the prose (formula blocks as
display math, admonitions as quotes, tabs as bold labels) in Markdown cells, one
per section; every block that the build executes as a code cell, the readings
included, which then show their numbers (what a block prints, the page renders as
Markdown, and so does the notebook); every ``>>>`` session as a code cell
of its statements; the stub of every exercise as a code cell, for the reader to
fill in and check. Other code that the build shows but does not run (another
framework's version, a cluster set-up) stays Markdown, as on the page.

This file is an MkDocs hook: it adds ``notebooks/<chapter>.ipynb`` to the site
(``on_files``) and a download link under each chapter's title
(``on_page_markdown``). The notebooks are made from the Markdown sources only,
so two builds give the same bytes. Its converter is what the tests execute.
"""

from __future__ import annotations

import ast
import doctest
import hashlib
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/, for page_code
from page_code import FENCE, shown_code

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


def notebook(markdown: str, page: str, *, site_url: str | None = None) -> str:
    """The notebook of a chapter, as the JSON text of an ``.ipynb`` file."""
    title = re.search(r"^# (.+)$", markdown, re.MULTILINE)[1]
    where = f"[{title}]({site_url.rstrip('/')}/{Path(page).stem}/)" if site_url else title
    intro = (
        f"*This notebook is the chapter {where} of* Improving Deep Neural Networks: "
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


def on_files(files: Any, config: Any) -> Any:
    docs = Path(config["docs_dir"])
    for page in CHAPTERS:
        text = notebook((docs / page).read_text(encoding="utf-8"), page, site_url=config.site_url)
        files.append(File.generated(config, notebook_path(page), content=text.encode("utf-8")))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri not in CHAPTERS:
        return markdown
    path = notebook_path(page.file.src_uri)
    button = f'{{ .md-button download="{Path(path).name}" }}'
    link = f"[Download this chapter as a notebook]({path}){button}"
    return re.sub(r"^(# .+\n)", rf"\1\n{link}\n", markdown, count=1, flags=re.MULTILINE)
