"""MkDocs hook: the offline copy of the site loads nothing from another host.

``OFFLINE=true mkdocs build`` turns on Material's offline plugin (see
``mkdocs.yml``): search moves into a script and pages link to ``.html`` files,
so the copy works from a folder. The plugin makes search run through a Web
Worker shim that it loads from a CDN; this hook points that load at the copy of
the shim shipped in ``docs/assets/javascripts`` (iframe-worker 1.0.4, MIT).
"""

from __future__ import annotations

from typing import Any

SHIM = "assets/javascripts/iframe-worker-shim.js"


def on_config(config: Any) -> Any:
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [SHIM if "iframe-worker" in url else url for url in polyfills]
    return config
