"""Markdown extension: the search index holds what readers search for.

The API pages show the source code of every function; it doubled the index
that every page downloads, and a search for a word of the notes would land in
it. The exercises' folded solutions repeat that source code. Material's search
skips any element marked ``data-search-exclude``.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

__all__ = ["SOURCES", "SearchExcludeExtension", "exclude", "makeExtension"]

SOURCES = ('<details class="mkdocstrings-source">', '<details class="success">')


def exclude(html: str) -> str:
    """Mark the folded source code and solutions of ``html`` for search to skip.

    Examples
    --------
    >>> exclude('<details class="success"><summary>Solution</summary></details>')[:44]
    '<details class="success" data-search-exclude'
    """
    for source in SOURCES:
        html = html.replace(source, source[:-1] + " data-search-exclude>")
    return html


class _Exclude(Postprocessor):
    def run(self, text: str) -> str:
        return exclude(text)


class SearchExcludeExtension(Extension):
    """Mark folded source code and solutions with ``data-search-exclude``."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After stashed HTML, such as mkdocstrings' output, is restored (30).
        md.postprocessors.register(_Exclude(md), "deepnotes-search-exclude", 10)


def makeExtension(**kwargs: Any) -> SearchExcludeExtension:
    return SearchExcludeExtension(**kwargs)
