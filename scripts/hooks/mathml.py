r"""Build-time math: LaTeX to MathML, and a self-hosted math font.

``pymdownx.arithmatex`` (generic mode) leaves ``<span class="arithmatex">\(...\)</span>``
and ``<div class="arithmatex">\[...\]</div>`` in each page. This hook converts
them to MathML with ``math-core``, so pages need no JavaScript for math. A
formula that fails to convert is logged as a warning, which fails
``mkdocs build --strict``.

Browsers draw MathML well only with a math font, so the hook also ships STIX
Two Math (OFL), taken from the ``ziamath`` wheel and written as WOFF2 by
fontTools. The site gets a subset:
the characters that the pages' formulas use, plus every mathematical letter
(browsers draw a one-letter ``<mi>`` with the italic letters of the
Mathematical Alphanumeric Symbols block), Greek, ASCII and the radical; the MATH table keeps
the stretchy variants of what stays. Every page with a formula preloads it, and
``docs/stylesheets/extra.css`` declares it.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

from math_core import LatexError, LatexToMathML
from mkdocs.utils import get_relative_url

__all__ = ["ALWAYS", "FONT_PATH", "convert_page", "math_characters", "stix_source", "subset_font"]

log = logging.getLogger("mkdocs.hooks.mathml")

MACROS = {
    # math-core treats \widetilde as unreliable across browsers; a tilde accent
    # over one symbol (batch norm's z-tilde) renders the same everywhere.
    "widetilde": r"\tilde{#1}",
}
FONT_PATH = "assets/fonts/STIXTwoMath-Regular.woff2"
"""Where the font lands in the built site."""

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
_USED: set[str] = set()
_MATH_ELEMENT = re.compile(r"<math\b.*?</math>", flags=re.DOTALL)
_TEXT = re.compile(r">([^<]+)<")
_MATH = re.compile(
    r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
    r'|<div class="arithmatex">\\\[(?P<block>.*?)\\\]</div>',
    flags=re.DOTALL,
)


def convert_page(content: str, where: str = "page") -> str:
    """Replace every arithmatex span and div of ``content`` with MathML."""

    def replace(m: re.Match[str]) -> str:
        display = m["block"] is not None
        latex = html.unescape(m["block"] if display else m["inline"]).strip()
        try:
            mathml = _converter.convert_with_local_state(latex, displaystyle=display)
        except LatexError as exc:
            log.warning(f"{where}: cannot convert LaTeX {latex!r} to MathML: {exc}")
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


def stix_source() -> Path:
    """STIX Two Math as the ``ziamath`` wheel ships it (TrueType, OFL)."""
    from importlib.util import find_spec

    spec = find_spec("ziamath")  # locate the wheel without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the math font comes from the ziamath package: pip install ziamath")
    return Path(spec.submodule_search_locations[0]) / "fonts" / "STIXTwoMath-Regular.ttf"


# ---------------------------------------------------------------- MkDocs hooks


def on_config(config: Any) -> Any:
    _USED.clear()
    return config


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    converted = convert_page(html_text, page.file.src_uri)
    _USED.update(math_characters(converted))
    return converted


def on_post_page(output: str, page: Any, config: Any) -> str:
    if "<math" not in output:
        return output
    href = get_relative_url(FONT_PATH, page.url)
    preload = f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
    return output.replace("</title>", f"</title>\n    {preload}", 1)


def on_post_build(config: Any) -> None:
    subset_font(stix_source(), Path(config.site_dir) / FONT_PATH, _USED)
