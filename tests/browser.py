"""A real Chromium for the tests, driven by Playwright, on the built site served locally.

Where no Chromium is installed the browser tests skip and say why, unless the
environment variable ``DEEPNOTES_REQUIRE_BROWSER`` is set (CI sets it): then
they fail, so that CI can never pass by skipping them.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

import chromium

FLAGS = chromium.FLAGS


def executable() -> str:
    """The path of a system Chromium, or a skip (a failure under ``DEEPNOTES_REQUIRE_BROWSER``)."""
    found = chromium.find()
    playwright = importlib.util.find_spec("playwright") is not None
    if found and playwright:
        return found
    reason = "no Chromium on PATH" if not found else "Playwright is not installed"
    if os.environ.get("DEEPNOTES_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests are required here, but {reason}")
    pytest.skip(f"{reason}: install Debian's chromium and `pip install -e '.[test]'`")
