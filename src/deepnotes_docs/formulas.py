r"""Markdown extension: each display formula of the notes is a unit tied to its code.

In a page, a formula block is a fenced block::

    ```formula id="init-he" impl="deepnotes.initializers.he"
    W^{[l]} \sim \mathcal{N}\left(0, \frac{2}{n^{[l-1]}}\right)
    ```

It renders as the display formula with a caption that links its id (a
permalink, ``#formula-init-he``) and the API entry of the implementing function.
The anchor is a Markdown anchor, ``[](){#formula-init-he}``, which the autorefs
of MkDocs and of Zensical both register, so the implementation's docstring cites
the id back as ``[`init-he`][formula-init-he]`` and links to the block.

The formula index page holds the marker ``<!-- FORMULA_INDEX -->``; the
extension replaces it with a table of every block of every page, in the order
of ``nav`` in the site's configuration file, each row with how its
implementation is verified. The parser here is also what the tests use to walk
every block.

Options (under ``markdown_extensions`` in ``mkdocs.yml``): ``config_file``, the
site's configuration file, read for ``docs_dir`` and ``nav``; ``references``,
the folder of the PyTorch reference tests. Both are relative to the folder the
build runs in.
"""

from __future__ import annotations

import ast
import importlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

__all__ = [
    "FENCE",
    "INDEX_MARKER",
    "FormulaBlock",
    "FormulasExtension",
    "citation",
    "makeExtension",
    "nav_pages",
    "parse",
    "reference_targets",
    "render_block",
    "render_index",
    "resolve",
    "verification",
]

log = logging.getLogger("mkdocs.extensions.deepnotes_docs.formulas")
"""Under ``mkdocs``: MkDocs counts its warnings, and ``--strict`` fails on them."""

FENCE = re.compile(
    r'^(?P<indent>[ \t]*)```formula[ \t]+id="(?P<id>[a-z0-9][a-z0-9-]*)"'
    r'[ \t]+impl="(?P<impl>[A-Za-z_][\w.]*)"[ \t]*\n'
    r"(?P<latex>.*?)\n(?P=indent)```[ \t]*$",
    flags=re.MULTILINE | re.DOTALL,
)
INDEX_MARKER = "<!-- FORMULA_INDEX -->"


@dataclass(frozen=True)
class FormulaBlock:
    """One formula block of a page."""

    id: str
    impl: str
    latex: str
    page: str
    """Path of the page, relative to ``docs/``."""

    @property
    def anchor(self) -> str:
        return f"formula-{self.id}"


def citation(formula_id: str) -> str:
    """How a docstring cites a formula: the text a test looks for."""
    return f"[`{formula_id}`][formula-{formula_id}]"


def _dedent(latex: str, indent: str) -> str:
    lines = latex.split("\n")
    return "\n".join(line[len(indent) :] if line.startswith(indent) else line for line in lines)


def _block(m: re.Match[str], page: str) -> FormulaBlock:
    latex = _dedent(m["latex"], m["indent"]).strip()
    return FormulaBlock(id=m["id"], impl=m["impl"], latex=latex, page=page)


def parse(text: str, page: str) -> list[FormulaBlock]:
    """All formula blocks of a page's Markdown source, in order."""
    return [_block(m, page) for m in FENCE.finditer(text)]


def render_block(block: FormulaBlock, indent: str = "") -> str:
    """Markdown (with ``md_in_html`` and ``attr_list``) that replaces one block."""
    short = block.impl.rsplit(".", 1)[-1]
    lines = [
        '<figure class="formula" markdown="block">',
        "",
        f"[](){{#{block.anchor}}}",
        "",
        "$$",
        *block.latex.splitlines(),
        "$$",
        "",
        f'<figcaption markdown="span"><a class="formula-id" href="#{block.anchor}" '
        f'title="Permalink to this formula">{block.id}</a> '
        f'<span class="formula-impl">implemented by [`{short}`][{block.impl}]</span>'
        "</figcaption>",
        "</figure>",
    ]
    return "\n".join(indent + line if line else "" for line in lines)


def _one_line(latex: str) -> str:
    return " ".join(line.strip() for line in latex.splitlines() if line.strip())


def resolve(dotted: str) -> Any:
    """The object a dotted path names: a module attribute, or a class attribute."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(f"cannot resolve {dotted!r}")


def reference_targets(folder: Path) -> dict[str, list[str]]:
    """Implementation -> reference tests, read from the ``@reference(...)`` decorators.

    The reference tests need PyTorch; reading their decorators statically lets
    the index say which implementations they check without importing them.
    """
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "id", "") == "reference":
                    for arg in deco.args:
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                            found.setdefault(arg.value, []).append(f"{path.name}::{node.name}")
    return found


MARKS = ("doctest", "gradient check", "PyTorch reference")


def verification(
    impl: str, gradient_cases: set[str], references: dict[str, list[str]]
) -> list[str]:
    """How an implementation is verified, read from the test machinery itself.

    - ``doctest``: its docstring has examples, which the test suite runs;
    - ``gradient check``: it is registered in ``deepnotes.backward_checks``;
    - ``PyTorch reference``: a test in ``tests/reference`` names it with ``@reference``.
    """
    doc = getattr(resolve(impl), "__doc__", "") or ""
    marks = {
        "doctest": ">>>" in doc,
        "gradient check": impl in gradient_cases,
        "PyTorch reference": impl in references,
    }
    return [mark for mark in MARKS if marks[mark]]


def render_index(
    blocks: list[FormulaBlock], titles: dict[str, str], marks: dict[str, list[str]] | None = None
) -> str:
    """Markdown of the formula index: one table per chapter, in the given order."""
    marks = marks or {}
    out: list[str] = []
    for page in dict.fromkeys(b.page for b in blocks):
        out += [
            f"## {titles[page]}",
            "",
            "| Formula | Id | Implementation | Verified by |",
            "| --- | --- | --- | --- |",
        ]
        for b in (b for b in blocks if b.page == page):
            out.append(
                f"| $\\displaystyle {_one_line(b.latex)}$ "
                f"| [`{b.id}`]({page}#{b.anchor}) "
                f"| [`{b.impl.removeprefix('deepnotes.')}`][{b.impl}] "
                f"| {', '.join(marks.get(b.id, [])) or '—'} |"
            )
        out.append("")
    return "\n".join(out)


def _summary(blocks: list[FormulaBlock], marks: dict[str, list[str]]) -> str:
    counts = {mark: sum(mark in marks[b.id] for b in blocks) for mark in MARKS}
    parts = ", ".join(f"{counts[m]} by a {m}" for m in MARKS)
    return f"**{len(blocks)} formulas** in {len({b.page for b in blocks})} chapters: {parts}."


# ------------------------------------------------------------- the site's pages


class _IgnoreTags(yaml.SafeLoader):
    """Reads a configuration file whose values may carry tags (``!ENV``, ``!relative``)."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def _walk_nav(entry: Any) -> list[str]:
    if isinstance(entry, str):
        return [entry] if entry.endswith(".md") else []
    if isinstance(entry, dict):
        return [page for value in entry.values() for page in _walk_nav(value)]
    if isinstance(entry, list):
        return [page for item in entry for page in _walk_nav(item)]
    return []


def nav_pages(config_file: Path) -> tuple[Path, list[str]]:
    """The docs folder and its pages in navigation order, read from a configuration file."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    docs = config_file.parent / (config.get("docs_dir") or "docs")
    return docs, _walk_nav(config.get("nav") or [])


def _title(source: str, fallback: str) -> str:
    m = re.search(r"^# (.+)$", source, flags=re.MULTILINE)
    return m.group(1).strip() if m else fallback


def index(config_file: Path, references: Path) -> str:
    """Markdown of the whole formula index: its summary line, then one table per chapter."""
    from deepnotes.backward_checks import registered

    where = f"relative to the folder the build runs in ({Path.cwd()})"
    if not config_file.is_file():
        raise ValueError(
            f"formulas: config_file must name an existing file, {where}; got {str(config_file)!r}"
        )
    if not references.is_dir():
        raise ValueError(
            f"formulas: references must name an existing folder, {where}; got {str(references)!r}"
        )
    docs, pages = nav_pages(config_file)
    blocks: list[FormulaBlock] = []
    titles: dict[str, str] = {}
    seen: dict[str, str] = {}
    for page in pages:
        source = (docs / page).read_text(encoding="utf-8")
        titles[page] = _title(source, page)
        for block in parse(source, page):
            if block.id in seen:
                log.warning(f"formula id '{block.id}' is used in {seen[block.id]} and in {page}")
            seen[block.id] = page
            blocks.append(block)
    cases = set(registered())
    refs = reference_targets(references)
    marks = {b.id: verification(b.impl, cases, refs) for b in blocks}
    return _summary(blocks, marks) + "\n\n" + render_index(blocks, titles, marks)


# ----------------------------------------------------------------- the extension


class _FormulaBlocks(Preprocessor):
    def __init__(self, md: Markdown, config_file: Path, references: Path) -> None:
        super().__init__(md)
        self.config_file = config_file
        self.references = references

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if INDEX_MARKER in text:
            text = text.replace(INDEX_MARKER, index(self.config_file, self.references))
        text = FENCE.sub(lambda m: render_block(_block(m, ""), m["indent"]), text)
        return text.split("\n")


class _AnchorsLinkNowhere(Postprocessor):
    """``[](){#id}`` makes ``<a href="" id>``: an empty link to the page itself.

    The anchor is only a target, so it loses its ``href``, as a keyboard or a
    screen reader would otherwise stop on a link with no name. (In the tree,
    MkDocs expects every link to have an ``href``: this works on the HTML.)
    """

    def run(self, text: str) -> str:
        return text.replace('<a href="" id="formula-', '<a id="formula-')


class FormulasExtension(Extension):
    """Render formula blocks, and the formula index where its marker stands."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": ["mkdocs.yml", "The site's configuration file: docs_dir and nav."],
            "references": ["tests/reference", "The folder of the PyTorch reference tests."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        processor = _FormulaBlocks(
            md, Path(self.getConfig("config_file")), Path(self.getConfig("references"))
        )
        # After whitespace is normalized (30), before fenced code (25) and raw HTML (20).
        md.preprocessors.register(processor, "deepnotes-formula-blocks", 29)
        md.postprocessors.register(_AnchorsLinkNowhere(md), "deepnotes-formula-anchors", 10)


def makeExtension(**kwargs: Any) -> FormulasExtension:
    return FormulasExtension(**kwargs)
