"""MkDocs hook: how long each page takes to render, for the benchmark.

Only when the environment variable ``DEEPNOTES_PAGE_TIMINGS`` names a file:
the seconds between each page's Markdown and its HTML (that is, the execution
of its code blocks, its API docs and its conversion) are written there as JSON
after the build. Otherwise the hook does nothing, so builds stay reproducible.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

_started: dict[str, float] = {}
_seconds: dict[str, float] = {}


def on_pre_build(config: Any) -> None:
    _started.clear()
    _seconds.clear()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    _started[page.file.src_uri] = time.perf_counter()
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    start = _started.pop(page.file.src_uri, None)
    if start is not None:
        _seconds[page.file.src_uri] = time.perf_counter() - start
    return html


def on_post_build(config: Any) -> None:
    target = os.environ.get("DEEPNOTES_PAGE_TIMINGS")
    if target:
        Path(target).write_text(json.dumps(_seconds, indent=2, sort_keys=True) + "\n")
