"""What a reader does with the site in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

import local_server
import test_phone


@pytest.fixture
def page(chromium, site: Path):
    """A page of the site, served on a local port, with the clipboard readable."""
    with local_server.serve(site) as base:
        context = chromium.new_context(base_url=base)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        yield context.new_page()
        context.close()


def test_copy_button_of_a_session_copies_only_the_code(page):
    page.goto("/conventions/")
    block = page.locator(".language-pycon").nth(3)  # the momentum session, with a loop
    block.scroll_into_view_if_needed()  # off-screen code blocks are not rendered until near
    page.wait_for_function(
        "(code) => code.innerText.length > 0", arg=block.locator("code").element_handle()
    )
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


def test_copy_button_of_an_example_leaves_out_its_expected_traceback(page):
    page.goto("/reference/plotting/")
    block = page.locator(".language-pycon", has_text="Traceback (most recent call last)")
    block.scroll_into_view_if_needed()
    block.hover()
    block.locator("button[data-clipboard-target]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == [
        "from deepnotes.plotting import claim",
        'claim(1 + 1 == 2, "arithmetic works")',
        'claim(2 < 1, "2 < 1")',
    ]


def test_signatures_offer_no_copy_button_and_examples_do(page):
    page.goto("/reference/activations/")
    page.locator(".doc-signature").first.hover()
    assert page.locator(".doc-signature button[data-clipboard-target]").count() == 0
    assert page.locator(".language-pycon button[data-clipboard-target]").count() >= 5


TOPICS = {
    "dropout": "/regularization/",
    "momentum": "/optimization/",
    "adam": "/optimization/",
    "softmax": "/softmax/",
    "batch norm": "/batch-normalization/",
    "gradient check": "/gradient-checking/",
    "he": "/initialization/",
}


def _search(page, term: str) -> list[str]:
    """The addresses of the search results for ``term``, best first."""
    page.click(".md-search__input")
    page.fill(".md-search__input", "")
    page.type(".md-search__input", term, delay=20)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(300)  # the results of the last keystroke
    return page.eval_on_selector_all(
        ".md-search-result__item > a", "(links) => links.map((a) => a.href)"
    )


def test_search_ranks_the_chapter_first_for_its_topic(page):
    page.goto("/")
    for term, chapter in TOPICS.items():
        results = _search(page, term)
        assert results[0].split("?")[0].endswith(chapter), (term, results[:4])


def test_a_search_result_never_opens_with_an_empty_highlight(page):
    page.goto("/")
    results = _search(page, "he")
    empty = page.locator(".md-search-result__item > a[href$='?h=']").first
    assert empty.count(), results[:4]  # Material's link: the word is only in the sections
    empty.click()
    page.wait_for_load_state()
    assert "h=" not in page.url and page.url.endswith("/initialization/"), page.url


@pytest.fixture
def offline_page(chromium):
    """A page that records every URL it requests, every request that failed and every
    error on its console."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested, page.problems = [], []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url} {r.failure}"))
    page.on("pageerror", lambda error: page.problems.append(f"error: {error}"))
    page.on(
        "console",
        lambda m: page.problems.append(f"console: {m.text}") if m.type == "error" else None,
    )
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
    assert {url.split(":", 1)[0] for url in page.requested} <= {"file", "data"}
    assert not page.problems, page.problems


@pytest.fixture(params=["mkdocs", "zensical"])
def copies(request) -> tuple[Path, Path]:
    """An engine's offline copy and its served site."""
    if request.param == "mkdocs":
        return request.getfixturevalue("offline_site"), request.getfixturevalue("site")
    offline, _ = request.getfixturevalue("zensical_offline_site")
    served, _ = request.getfixturevalue("zensical_site")
    return offline, served


@pytest.mark.parametrize("path", ["optimization", "batch-normalization", "reference/batchnorm"])
def test_offline_copy_draws_formulas_with_the_math_font_as_served(
    offline_page, copies: tuple[Path, Path], chromium, path: str
):
    """From a folder, a page has no origin and may load no font file: the copy must still
    draw every formula with the math font, box for box as the served site does. Under both
    engines: the theme override links the stylesheet that carries the font."""
    offline_site, site = copies
    page = offline_page
    page.goto((offline_site / f"{path}.html").as_uri(), wait_until="networkidle")
    from_folder = page.evaluate(MATH_BOXES)
    fonts = page.evaluate("[...document.fonts].map((f) => [f.family, f.status])")
    assert ["STIX Two Math", "loaded"] in fonts, fonts
    assert not page.problems, page.problems
    with local_server.serve(site) as base:
        context = chromium.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        served = context.new_page()
        served.goto(f"/{path}/", wait_until="networkidle")
        boxes = served.evaluate(MATH_BOXES)
        context.close()
    assert len(from_folder) == len(boxes) > 10
    pairs = zip(from_folder, boxes, strict=True)
    worst = max(abs(a - b) for f, s in pairs for a, b in zip(f, s, strict=True))
    assert worst < 0.5, worst


FULL_FONT_CSS = (
    '@font-face { font-family: "Full STIX Two Math"; src: url("/full-math-font.ttf") }'
    ' math { font-family: "Full STIX Two Math", math !important; }'
)
MATH_BOXES = """async () => {
    await document.fonts.ready;
    const formulas = [...document.querySelectorAll("article math")];
    // Material moves code annotations (some hold math) into tooltips as the page runs.
    return formulas.filter((m) => !m.closest(".md-annotation")).map((m) => {
        const box = m.getBoundingClientRect();
        return [box.width, box.height];
    });
}"""


@pytest.mark.parametrize("path", ["/optimization/", "/batch-normalization/", "/conventions/"])
def test_subset_math_font_draws_formulas_like_the_full_font(chromium, site: Path, path: str):
    """Every formula's box, with the site's subset and with the whole STIX Two Math."""
    from deepnotes_docs import mathml

    full = mathml.stix_source()  # the whole font, as TrueType
    assert (site / mathml.FONT).stat().st_size < full.stat().st_size / 5
    with local_server.serve(site) as base:
        context = chromium.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.route("**/full-math-font.ttf", lambda route: route.fulfill(path=full))
        page.goto(path, wait_until="networkidle")
        page.evaluate("document.fonts.load('16px \"STIX Two Math\"', '∑')")
        assert page.evaluate("document.fonts.check('16px \"STIX Two Math\"', '∑')")
        subset = page.evaluate(MATH_BOXES)
        page.add_style_tag(content=FULL_FONT_CSS)
        page.evaluate("document.fonts.load('16px \"Full STIX Two Math\"', '∑')")
        assert page.evaluate("document.fonts.check('16px \"Full STIX Two Math\"', '∑')")
        whole = page.evaluate(MATH_BOXES)
        context.close()
    assert len(subset) == len(whole) > 20
    moved = [
        (i, a, b)
        for i, (a, b) in enumerate(zip(subset, whole, strict=True))
        if max(abs(a[0] - b[0]), abs(a[1] - b[1])) > 0.01
    ]
    assert not moved, moved[:5]


def test_figure_and_code_tabs_switch_by_keyboard_with_a_visible_focus(page):
    page.goto("/optimization/")
    tabs = page.locator(".tabbed-set").filter(has=page.locator("#fig-batch-sizes"))
    figure_tab, code_tab = tabs.locator("input").nth(0), tabs.locator("input").nth(1)
    assert tabs.locator("#fig-batch-sizes").is_visible()
    figure_tab.focus()
    page.keyboard.press("ArrowRight")  # radio buttons: the arrow keys move the choice
    assert code_tab.is_checked() and not tabs.locator("#fig-batch-sizes").is_visible()
    assert tabs.locator(".tabbed-block").nth(1).locator("code").first.is_visible()
    label = tabs.locator(".tabbed-labels > label").nth(1)
    ring = label.evaluate("(l) => getComputedStyle(l).outlineStyle")
    assert ring == "solid"
    page.keyboard.press("ArrowLeft")
    assert figure_tab.is_checked() and tabs.locator("#fig-batch-sizes").is_visible()


@pytest.fixture
def phone(chromium, site: Path):
    with local_server.serve(site) as base:
        context = chromium.new_context(
            base_url=base, viewport=test_phone.PHONE, is_mobile=True, has_touch=True
        )
        yield context.new_page()
        context.close()


def test_the_menu_button_opens_and_closes_the_drawer_by_keyboard(phone):
    phone.goto("/optimization/")
    drawer = phone.locator(".md-sidebar--primary")
    assert drawer.evaluate("(d) => d.inert")  # closed: out of the tab order
    button = phone.locator('button[data-dn-for="__drawer"]')
    for _ in range(5):  # the skip link, then the menu button
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.dataset.dnFor") == "__drawer":
            break
    assert button.get_attribute("aria-expanded") == "false"
    phone.keyboard.press("Enter")
    phone.wait_for_timeout(400)  # the drawer slides in
    assert phone.locator("#__drawer").is_checked() and not drawer.evaluate("(d) => d.inert")
    assert button.get_attribute("aria-expanded") == "true"
    focused = phone.evaluate(test_phone.FOCUSED)
    assert focused is not None and focused[1], focused  # a link in the open drawer, on screen
    assert phone.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    phone.keyboard.press("Escape")
    assert not phone.locator("#__drawer").is_checked() and drawer.evaluate("(d) => d.inert")
    assert phone.evaluate("document.activeElement.dataset.dnFor") == "__drawer"


def test_a_figure_and_code_switch_changes_only_its_own_pair(page):
    """Material can link every tab of the same label across the site (``content.tabs.link``);
    here a figure's Code tab is its own, and nothing is remembered for the next page."""
    page.goto("/optimization/")
    sets = page.locator(".tabbed-set").filter(has=page.locator("figure.dn-figure"))
    assert sets.count() > 5
    sets.nth(0).locator(".tabbed-labels > label").nth(1).click()
    assert not sets.nth(0).locator("figure.dn-figure").is_visible()
    others = [sets.nth(k).locator("input").nth(0).is_checked() for k in range(1, sets.count())]
    assert all(others)
    page.goto("/regularization/")
    figures = page.locator(".tabbed-set").filter(has=page.locator("figure.dn-figure"))
    assert all(figures.nth(k).locator("input").nth(0).is_checked() for k in range(figures.count()))


def test_folded_source_code_appears_when_opened(page):
    """The API pages keep source code in a template until its fold is opened."""
    page.goto("/reference/optimizers/")
    fold = page.locator("details.mkdocstrings-source").first
    assert fold.locator("template[data-dn-folded]").count() == 1
    assert fold.locator(".highlight").count() == 0  # not in the document yet
    fold.locator("summary").click()
    code = fold.locator(".highlight code").first
    code.wait_for(state="visible")
    assert "def " in code.inner_text()
    assert fold.locator("template").count() == 0


def test_folded_source_keeps_its_lines_and_shows_the_kernel_it_returns(page):
    """A function that checks its arguments, then returns a private kernel's result, shows
    that kernel's source in its fold, and source code keeps one line per numbered line."""
    page.goto("/reference/batchnorm/")
    heading = page.locator("[id='deepnotes.batchnorm.batchnorm_forward']")
    fold = heading.locator("xpath=ancestor::div[contains(@class, 'doc-object')][1]").locator(
        "details.mkdocstrings-source"
    )
    fold.locator("summary").click()
    blocks = fold.locator(".highlight")
    blocks.first.wait_for(state="visible")
    assert blocks.count() == 2
    for k in range(2):
        code = blocks.nth(k).locator("td.code code").inner_text().rstrip("\n")
        numbers = blocks.nth(k).locator("td.linenos").inner_text().split()
        assert len(code.split("\n")) == len(numbers) > 5
    kernel = blocks.nth(1).locator("td.code code").inner_text()
    assert kernel.startswith("def _batchnorm_forward(")
    assert "mu = Z.sum(axis=1, keepdims=True) / m" in kernel  # the arithmetic itself
    assert "_batchnorm_forward, which it calls" in fold.inner_text()
