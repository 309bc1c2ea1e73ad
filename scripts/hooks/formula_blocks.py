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

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FENCE", "FormulaBlock", "citation", "parse", "render_block", "render_index"]

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


def render_index(blocks: list[FormulaBlock], titles: dict[str, str]) -> str:
    """Markdown of the formula index: one table per chapter, in the given order."""
    out: list[str] = []
    for page in dict.fromkeys(b.page for b in blocks):
        out += [
            f"## {titles[page]}",
            "",
            "| Formula | Id | Implementation |",
            "| --- | --- | --- |",
        ]
        for b in (b for b in blocks if b.page == page):
            out.append(
                f"| $\\displaystyle {_one_line(b.latex)}$ "
                f"| [`{b.id}`]({page}#{b.anchor}) "
                f"| [`{b.impl.removeprefix('deepnotes.')}`][{b.impl}] |"
            )
        out.append("")
    return "\n".join(out)


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
        markdown = markdown.replace(INDEX_MARKER, render_index(_blocks, _titles))
    autorefs = config.plugins.get("autorefs")

    def replace(m: re.Match[str]) -> str:
        block = _block(m, page.file.src_uri)
        if autorefs is not None:
            autorefs.register_anchor(page, block.anchor, block.anchor, title=block.id)
        return render_block(block, m["indent"])

    return FENCE.sub(replace, markdown)
