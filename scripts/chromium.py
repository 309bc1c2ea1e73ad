"""The system Chromium that the browser tests, the screenshots, Lighthouse and the PDF
edition drive. None of them ever downloads a browser."""

from __future__ import annotations

import shutil
import sys

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
"""Flags for a headless Chromium in a container or on CI, with no request of its own."""


def find() -> str | None:
    """The path of a Chromium on the ``PATH``, or None."""
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def require() -> str:
    """The path of a Chromium on the ``PATH``, or exit with a message that says how to get one."""
    found = find()
    if found is None:
        sys.exit("no Chromium on PATH: on Debian, apt-get install chromium")
    return found
