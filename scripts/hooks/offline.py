"""MkDocs hook: the offline copy of the site loads nothing from another host, and works
from a folder.

``OFFLINE=true mkdocs build`` turns on Material's offline plugin (see
``mkdocs.yml``): search moves into a script and pages link to ``.html`` files,
so the copy works from a folder. This hook does the rest:

- The plugin makes search run through a Web Worker shim that it loads from a CDN;
  the hook points that load at the copy of the shim shipped in
  ``docs/assets/javascripts`` (iframe-worker 1.0.4, MIT).
- A page opened from ``file://`` has no origin, and Chromium refuses it any font
  file ("blocked by CORS policy"), so formulas would fall back to a system font.
  The hook writes the math font into the copy's stylesheet as a ``data:`` URL, which
  needs no request, and the pages' preload of the font file goes.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from deepnotes_docs import mathml

SHIM = "assets/javascripts/iframe-worker-shim.js"
STYLESHEET = "stylesheets/extra.css"
FONT_URL = f'url("../{mathml.FONT}")'
PRELOAD = re.compile(r'\s*<link rel="preload" href="[^"]*STIXTwoMath[^"]*"[^>]*>')


def _offline(config: Any) -> bool:
    return bool(config.plugins["material/offline"].config.enabled)


def on_config(config: Any) -> Any:
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [SHIM if "iframe-worker" in url else url for url in polyfills]
    return config


def on_post_page(html: str, page: Any, config: Any) -> str:
    return PRELOAD.sub("", html) if _offline(config) else html


def on_post_build(config: Any) -> None:
    if not _offline(config):
        return
    site = Path(config["site_dir"])
    stylesheet = site / STYLESHEET
    css = stylesheet.read_text(encoding="utf-8")
    if FONT_URL not in css:
        raise ValueError(f"{STYLESHEET} must load the math font from {FONT_URL}")
    font = base64.b64encode((site / mathml.FONT).read_bytes()).decode("ascii")
    css = css.replace(FONT_URL, f'url("data:font/woff2;base64,{font}")')
    stylesheet.write_text(css, encoding="utf-8")
