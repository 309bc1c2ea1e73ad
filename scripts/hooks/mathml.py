r"""Build-time math: LaTeX to MathML, and a self-hosted math font.

``pymdownx.arithmatex`` (generic mode) leaves ``<span class="arithmatex">\(...\)</span>``
and ``<div class="arithmatex">\[...\]</div>`` in each page. This hook converts
them to MathML with ``math-core``, so pages need no JavaScript for math. A
formula that fails to convert is logged as a warning, which fails
``mkdocs build --strict``.

Browsers draw MathML well only with a math font, so the hook also ships STIX
Two Math (OFL), taken from the ``ziamath`` wheel and converted to WOFF2 with
fontTools. The conversion is cached outside ``docs/`` and the font is written
into the built site; ``docs/stylesheets/extra.css`` declares it.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from math_core import LatexError, LatexToMathML

__all__ = ["FONT_PATH", "convert_page", "woff2_font"]

log = logging.getLogger("mkdocs.hooks.mathml")

MACROS = {
    # math-core treats \widetilde as unreliable across browsers; a tilde accent
    # over one symbol (batch norm's z-tilde) renders the same everywhere.
    "widetilde": r"\tilde{#1}",
}
FONT_PATH = "assets/fonts/STIXTwoMath-Regular.woff2"
"""Where the font lands in the built site."""

_converter = LatexToMathML(macros=MACROS)
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


def woff2_font(cache_dir: Path) -> Path:
    """STIX Two Math as WOFF2, converted once and kept in ``cache_dir``."""
    from importlib.util import find_spec

    from fontTools.ttLib import TTFont

    spec = find_spec("ziamath")  # locate the wheel without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the math font comes from the ziamath package: pip install ziamath")
    source = Path(spec.submodule_search_locations[0]) / "fonts" / "STIXTwoMath-Regular.ttf"
    target = cache_dir / "STIXTwoMath-Regular.woff2"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        cache_dir.mkdir(parents=True, exist_ok=True)
        font = TTFont(source, recalcTimestamp=False)
        font.flavor = "woff2"
        # Write under a unique name, then rename: two builds may run at once.
        fd, partial = tempfile.mkstemp(dir=cache_dir, suffix=".part")
        os.close(fd)
        font.save(partial, reorderTables=False)
        os.replace(partial, target)
    return target


# ---------------------------------------------------------------- MkDocs hooks


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    return convert_page(html_text, page.file.src_uri)


def on_post_build(config: Any) -> None:
    cache = Path(config.config_file_path).parent / ".cache" / "fonts"
    target = Path(config.site_dir) / FONT_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(woff2_font(cache), target)
