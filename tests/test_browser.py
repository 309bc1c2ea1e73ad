"""What a reader does with the site in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

import browser


@pytest.fixture(scope="module")
def page(site: Path):
    path = browser.executable()
    from playwright.sync_api import sync_playwright

    with browser.serve(site) as base, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, args=browser.FLAGS)
        context = chromium.new_context(base_url=base)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        yield context.new_page()
        chromium.close()


def test_copy_button_of_a_session_copies_only_the_code(page):
    page.goto("/conventions/")
    block = page.locator(".language-pycon").nth(3)  # the momentum session, with a loop
    shown = block.locator("code").inner_text()
    assert ">>> " in shown and "... " in shown and "\nTrue\n" in shown
    block.hover()
    block.locator("button[data-clipboard-target]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = [
        line[4:]
        for line in shown.splitlines()
        if line.startswith((">>> ", "... ")) and line[4:].strip()
    ]
    assert [line for line in copied.splitlines() if line.strip()] == expected
    compile(copied, "<copied>", "exec")  # pastes as a script
