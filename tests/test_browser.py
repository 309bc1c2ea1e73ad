"""What a reader does with the site in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

import browser


@pytest.fixture(scope="module")
def chromium():
    """One browser for the module (Playwright's sync API allows one instance at a time)."""
    path = browser.executable()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=browser.FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(chromium, site: Path):
    """A page of the site, served on a local port, with the clipboard readable."""
    with browser.serve(site) as base:
        context = chromium.new_context(base_url=base)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        yield context.new_page()
        context.close()


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


@pytest.fixture
def offline_page(chromium):
    """A page that records every URL it requests."""
    context = chromium.new_context()
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def test_offline_copy_navigates_and_searches_from_a_folder(offline_page, offline_site: Path):
    page = offline_page
    page.goto((offline_site / "index.html").as_uri())
    page.get_by_role("link", name="5. Optimization algorithms").first.click()
    page.wait_for_load_state()
    assert page.url == (offline_site / "optimization.html").as_uri()  # a page, not a listing
    assert page.title().startswith("5. Optimization algorithms")
    page.click(".md-search__input")
    page.type(".md-search__input", "momentum", delay=50)
    page.wait_for_selector(".md-search-result__item")
    assert "matching document" in page.locator(".md-search-result__meta").inner_text()
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(offline_site.as_uri()) and ".html" in page.url
    assert {url.split(":", 1)[0] for url in page.requested} == {"file"}
