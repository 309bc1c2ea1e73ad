"""Markdown extension: the API pages' folded source code waits in a ``<template>``.

Every function on an API page carries its source in a closed ``<details>``. Closed, it is
never seen, yet the browser parses, styles and lays out every token of it: on the larger
API pages, half of the page's elements. Inside a ``<template>`` the code is inert text
until a reader opens the fold; ``javascripts/accessibility.js`` then puts it in place.
Printing and the browser's find-in-page see only what is open, as before.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

__all__ = ["FoldedSourceExtension", "fold", "makeExtension"]

_SOURCE = re.compile(
    r'(<details class="mkdocstrings-source"[^>]*>\s*<summary>.*?</summary>)(.*?)(\s*</details>)',
    flags=re.DOTALL,
)


def fold(html: str) -> str:
    """Put the body of each folded source block of ``html`` in a ``<template>``.

    Examples
    --------
    >>> source = '<details class="mkdocstrings-source"><summary>S</summary><pre>x</pre></details>'
    >>> fold(source)[57:]
    '<template data-dn-folded><pre>x</pre></template></details>'
    """
    return _SOURCE.sub(r"\1<template data-dn-folded>\2</template>\3", html)


class _Fold(Postprocessor):
    def run(self, text: str) -> str:
        return fold(text)


class FoldedSourceExtension(Extension):
    """Keep the API pages' folded source code in templates until it is opened."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After stashed HTML, such as mkdocstrings' output, is restored (30).
        md.postprocessors.register(_Fold(md), "deepnotes-folded-source", 9)


def makeExtension(**kwargs: Any) -> FoldedSourceExtension:
    return FoldedSourceExtension(**kwargs)
