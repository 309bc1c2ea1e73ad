"""Formula blocks: each display formula of the notes is a unit tied to its code.

In a page, a formula block is a fenced block::

    ```formula id="init-he" impl="deepnotes.initializers.he"
    W^{[l]} \\sim \\mathcal{N}\\left(0, \\frac{2}{n^{[l-1]}}\\right)
    ```

It renders as the display formula with a caption that links its id (a
permalink, ``#formula-init-he``) and the API entry of the implementing function.
The implementation's docstring cites the id back as
``[`init-he`][formula-init-he]``, which links to the block. The formula index
page is generated from the same blocks: it holds the marker ``FORMULA_INDEX``
in an HTML comment.

This file is an MkDocs hook (``hooks:`` in ``mkdocs.yml``); its parser is also
what the tests use to walk every block.
"""

from __future__ import annotations

import ast
import importlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "FENCE",
    "FormulaBlock",
    "citation",
    "parse",
    "reference_targets",
    "render_block",
    "render_index",
    "resolve",
    "verification",
]

log = logging.getLogger("mkdocs.hooks.formula_blocks")

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
    """Markdown (with ``md_in_html``) that replaces one block."""
    short = block.impl.rsplit(".", 1)[-1]
    lines = [
        f'<figure class="formula" id="{block.anchor}" markdown="block">',
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


# ---------------------------------------------------------------- MkDocs hooks

_blocks: list[FormulaBlock] = []
_titles: dict[str, str] = {}


def _title(source: str, fallback: str) -> str:
    m = re.search(r"^# (.+)$", source, flags=re.MULTILINE)
    return m.group(1).strip() if m else fallback


def on_nav(nav: Any, config: Any, files: Any) -> None:
    """Collect every block of every page, in navigation order."""
    _blocks.clear()
    _titles.clear()
    seen: dict[str, str] = {}
    for page in nav.pages:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        path = page.file.src_uri
        _titles[path] = _title(source, page.title or path)
        for block in parse(source, path):
            if block.id in seen:
                log.warning(f"formula id '{block.id}' is used in {seen[block.id]} and in {path}")
            seen[block.id] = path
            _blocks.append(block)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Render the blocks of a page, or the index on the index page."""
    if INDEX_MARKER in markdown:
        from deepnotes.backward_checks import registered

        root = Path(config.config_file_path).parent
        references = reference_targets(root / "tests" / "reference")
        cases = set(registered())
        marks = {b.id: verification(b.impl, cases, references) for b in _blocks}
        index = _summary(_blocks, marks) + "\n\n" + render_index(_blocks, _titles, marks)
        markdown = markdown.replace(INDEX_MARKER, index)
    autorefs = config.plugins.get("autorefs")

    def replace(m: re.Match[str]) -> str:
        block = _block(m, page.file.src_uri)
        if autorefs is not None:
            autorefs.register_anchor(page, block.anchor, block.anchor, title=block.id)
        return render_block(block, m["indent"])

    return FENCE.sub(replace, markdown)
