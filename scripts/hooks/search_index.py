"""MkDocs hook: the search index holds what readers search for.

The API pages show the source code of every function; it doubled the index
that every page downloads, and a search for a word of the notes would land in
it. The exercises' folded solutions repeat that source code. Material's search
skips any element marked ``data-search-exclude``.
"""

from __future__ import annotations

from typing import Any

SOURCES = ('<details class="mkdocstrings-source">', '<details class="success">')


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    for source in SOURCES:
        html = html.replace(source, source[:-1] + " data-search-exclude>")
    return html
