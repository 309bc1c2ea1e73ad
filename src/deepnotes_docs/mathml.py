r"""Markdown extension: LaTeX to MathML at build time, and a self-hosted math font.

``pymdownx.arithmatex`` (generic mode) leaves ``<span class="arithmatex">\(...\)</span>``
and ``<div class="arithmatex">\[...\]</div>`` in each page. This extension
converts them to MathML with ``math-core`` once the page is HTML, so pages need
no JavaScript for math. A formula that fails to convert stays as it was and is
logged as a warning, which fails ``mkdocs build --strict``; the site checks
find any that is left (``check_site.raw_tex``).

Browsers draw MathML well only with a math font, so the site ships STIX Two
Math (OFL), taken from the ``ziamath`` wheel and written as WOFF2 by fontTools,
in ``docs/assets/fonts``. It is a subset: the characters that the pages'
formulas use, plus every mathematical italic letter (browsers draw a one-letter
``<mi>`` with the letters of the Mathematical Alphanumeric Symbols block),
Greek, ASCII and the radical; the MATH table keeps the stretchy variants of
what stays. A test checks that the font covers every character of the built
site; when a new symbol is missing, rebuild the subset from a built site with::

    python -m deepnotes_docs.mathml site/

``docs/stylesheets/extra.css`` declares the font, and the theme's
``overrides/main.html`` preloads it on every page with a formula.
"""

from __future__ import annotations

import base64
import html
import logging
import re
import sys
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from math_core import LatexError, LatexToMathML

__all__ = [
    "ALWAYS",
    "FONT",
    "MathMLExtension",
    "convert",
    "makeExtension",
    "math_characters",
    "stix_source",
    "subset_font",
]

log = logging.getLogger("mkdocs.extensions.deepnotes_docs.mathml")
"""Under ``mkdocs``: MkDocs counts its warnings, and ``--strict`` fails on them."""

MACROS = {
    # math-core treats \widetilde as unreliable across browsers; a tilde accent
    # over one symbol (batch norm's z-tilde) renders the same everywhere.
    "widetilde": r"\tilde{#1}",
}
FONT = "assets/fonts/STIXTwoMath-Regular.woff2"
OFFLINE_STYLESHEET = "stylesheets/math-font-offline.css"
"""The math font inside a stylesheet, as a ``data:`` URL, for the offline copy: a browser
refuses a page opened from a folder any font file, but not a stylesheet."""
"""Where the font is, in ``docs/`` and in the built site."""

ALWAYS = frozenset(
    [chr(c) for c in range(0x1D434, 0x1D468)]  # italic Latin letters (an <mi> of one letter)
    + [chr(c) for c in range(0x1D6E2, 0x1D71C)]  # italic Greek letters
    + ["\u210e", "\U0001d6a4", "\U0001d6a5"]  # italic h (Planck's), dotless i and j
    + [chr(c) for c in range(0x391, 0x3CA)]  # Greek
    + list("\u221a\u2212\u00d7\u22c5\u2026\u22ef")  # radical, minus, times, dots
    + [chr(c) for c in range(0x20, 0x7F)]  # ASCII
)
"""Characters kept in the subset whatever the pages use."""

_converter = LatexToMathML(macros=MACROS)
_MATH_ELEMENT = re.compile(r"<math\b.*?</math>", flags=re.DOTALL)
_TEXT = re.compile(r">([^<]+)<")
_MATH = re.compile(
    r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
    r'|<div class="arithmatex">\\\[(?P<block>.*?)\\\]</div>',
    flags=re.DOTALL,
)


def convert(content: str) -> str:
    r"""Replace every arithmatex span and div of ``content`` with MathML.

    Examples
    --------
    >>> convert('<span class="arithmatex">\\(x^2\\)</span>')[:26]
    '<math><msup><mi>x</mi><mn>'
    """

    def replace(m: re.Match[str]) -> str:
        display = m["block"] is not None
        latex = html.unescape(m["block"] if display else m["inline"]).strip()
        try:
            mathml = _converter.convert_with_local_state(latex, displaystyle=display)
        except LatexError as exc:
            log.warning(f"cannot convert LaTeX {latex!r} to MathML: {exc}")
            return m.group(0)
        return f'<div class="math-display">{mathml}</div>' if display else mathml

    return _MATH.sub(replace, content)


def math_characters(content: str) -> set[str]:
    """The characters written inside the ``<math>`` elements of ``content``."""
    return {
        char
        for element in _MATH_ELEMENT.findall(content)
        for text in _TEXT.findall(element)
        for char in html.unescape(text)
    }


class _ToMathML(Postprocessor):
    def run(self, text: str) -> str:
        return convert(text)


class MathMLExtension(Extension):
    """Turn the formulas that arithmatex marks into MathML."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After stashed HTML is restored (30) and ampersands are put back (20).
        md.postprocessors.register(_ToMathML(md), "deepnotes-mathml", 10)


def makeExtension(**kwargs: Any) -> MathMLExtension:
    return MathMLExtension(**kwargs)


# ------------------------------------------------------------------ the font


def stix_source() -> Path:
    """STIX Two Math as the ``ziamath`` wheel ships it (TrueType, OFL)."""
    from importlib.util import find_spec

    spec = find_spec("ziamath")  # locate the wheel without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the math font comes from the ziamath package: pip install ziamath")
    return Path(spec.submodule_search_locations[0]) / "fonts" / "STIXTwoMath-Regular.ttf"


def subset_font(source: Path, target: Path, characters: set[str]) -> None:
    """Write ``source`` cut down to ``characters`` (and :data:`ALWAYS`) as WOFF2."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # the OFL notice lives in the name table
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options, dontLoadGlyphNames=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in characters | ALWAYS}))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def site_characters(site: Path) -> set[str]:
    """Every character inside a ``<math>`` element of a built site."""
    return {
        char
        for page in sorted(site.rglob("*.html"))
        for char in math_characters(page.read_text(encoding="utf-8"))
    }


def offline_stylesheet(font: bytes) -> str:
    """The text of :data:`OFFLINE_STYLESHEET` for the woff2 ``font``."""
    data = base64.b64encode(font).decode("ascii")
    return (
        "/* The math font for the offline copy, which a browser refuses any font file from a\n"
        "   folder: written by python -m deepnotes_docs.mathml with the font's subset. */\n"
        '@font-face {\n  font-family: "STIX Two Math";\n'
        f'  src: url("data:font/woff2;base64,{data}") format("woff2");\n'
        "  font-display: swap;\n}\n"
    )


def main(argv: list[str]) -> int:
    """``python -m deepnotes_docs.mathml SITE [DOCS]``: rebuild the font's subset (and the
    offline copy's stylesheet that carries it)."""
    if len(argv) not in (1, 2):
        print(main.__doc__, file=sys.stderr)
        return 2
    site, docs = Path(argv[0]), Path(argv[1] if len(argv) == 2 else "docs")
    characters = site_characters(site)
    subset_font(stix_source(), docs / FONT, characters)
    (docs / OFFLINE_STYLESHEET).write_text(offline_stylesheet((docs / FONT).read_bytes()))
    print(f"{docs / FONT}: {len(characters | ALWAYS)} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
