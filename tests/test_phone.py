"""Every page on a 375-px phone and a 1280-px desktop, in Chromium: what fits, what scrolls
with a visible cue, the size of figure text, and where the keyboard focus goes.

One sweep visits each page at both widths (two pages at a time) and records, per page:

- anything wider than the text column without a cue: a figure that scrolls, a panel
  outside the viewport, a formula that scrolls, a table or code block that scrolls
  without its shadow (``extra.css``), or a page that scrolls sideways as a whole (code
  blocks and tables reach the screen's edges on a phone, by Material's design);
- the smallest text of each figure, in CSS pixels as drawn;
- every element that the first presses of Tab from the top of the page focus, and whether
  it lies inside the viewport (a hidden radio button counts by its label).

Each page is measured in the light scheme, walked by keyboard, switched to the dark scheme
as Material's toggle does, and measured again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import browser
import local_server
from test_accessibility import FORGET, SCHEME

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}
VIEWS = [(device, scheme) for device in DEVICES for scheme in ("light", "dark")]
TABS = 15  # presses of Tab from the top of every page, past the header and the navigation
AT_ONCE = 2

MEASURE = """async () => {
    await document.fonts.ready;
    // Render the blocks that the site defers (content-visibility) so that they measure true.
    const style = document.createElement("style");
    style.textContent = ".md-typeset * { content-visibility: visible !important; }";
    document.head.append(style);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const width = document.documentElement.clientWidth;
    const shown = (el) => el.getClientRects().length > 0;  // not in a hidden tab
    const where = (el) => {
        const owner = el.closest("[id]");
        return `${el.tagName.toLowerCase()}.${el.className.toString().split(" ")[0]} ` +
            `in #${owner ? owner.id : "?"}`;
    };
    const problems = [], smallest = {}, scrolling = {};
    for (const figure of document.querySelectorAll("article figure.dn-figure")) {
        if (!shown(figure)) continue;
        if (figure.scrollWidth > figure.clientWidth + 1) {
            problems.push(`figure ${figure.id} scrolls`);
        }
        const sizes = [];
        for (const svg of figure.querySelectorAll("svg")) {
            const box = svg.getBoundingClientRect();
            if (box.left < -0.5 || box.right > width + 0.5) {
                problems.push(`a panel of ${figure.id} lies outside the viewport`);
            }
            const scale = box.width / svg.viewBox.baseVal.width;
            for (const text of svg.querySelectorAll("text")) {
                sizes.push(parseFloat(getComputedStyle(text).fontSize) * scale);
            }
        }
        if (sizes.length) smallest[figure.id] = Math.min(...sizes);
    }
    const kinds = {formula: ".math-display", table: ".md-typeset__scrollwrap",
                   code: ".highlight pre > code"};
    for (const [kind, selector] of Object.entries(kinds)) {
        for (const box of document.querySelectorAll(`article ${selector}`)) {
            if (!shown(box) || box.scrollWidth <= box.clientWidth + 1) continue;
            const style = getComputedStyle(box);
            const cue = style.backgroundImage.includes("radial-gradient") &&
                style.backgroundAttachment.includes("scroll");
            if (kind === "formula" || !cue) {
                problems.push(`${kind} ${where(box)} scrolls ` +
                    `(${box.scrollWidth} > ${box.clientWidth} px)${cue ? "" : " with no cue"}`);
            }
            scrolling[kind] = (scrolling[kind] || 0) + 1;
        }
    }
    if (document.documentElement.scrollWidth > width + 1) {
        problems.push("the page scrolls sideways");
    }
    style.remove();
    return {problems, smallest, scrolling};
}"""

# The focused element, or the label that shows a focused radio button or checkbox (the
# palette toggle, a content tab), and whether it lies inside the viewport.
FOCUSED = """() => {
    let el = document.activeElement;
    if (!el || el === document.body) return null;
    const name = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label")
        || "").trim().slice(0, 40)}"`;
    if (el.tagName === "INPUT" && ["radio", "checkbox"].includes(el.type)) {
        // A content tab's label is in the set's row of labels; the palette toggle shows the
        // label that follows the chosen option.
        const set = el.closest(".tabbed-set");
        const next = el.nextElementSibling;
        const label = set ? set.querySelector(`.tabbed-labels > label[for="${el.id}"]`)
            : next && next.tagName === "LABEL" ? next
            : document.querySelector(`label[for="${el.id}"]`);
        if (label) el = label;
    }
    const box = el.getBoundingClientRect();
    const inside = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 &&
        box.left < innerWidth && box.top < innerHeight;
    return [name, inside];
}"""


@dataclass
class Views:
    """Per (device, scheme) and page: the problems, each figure's smallest text, the number of
    blocks that scroll with a cue, and the focus stops that were outside the viewport."""

    pages: list[str]
    problems: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    smallest: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    scrolling: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    lost_focus: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    focus_stops: int = 0


def record(found: dict, path: str, view: tuple[str, str], views: Views) -> None:
    if found["problems"]:
        views.problems[(*view, path)] = found["problems"]
    views.smallest.setdefault(view, {}).update(
        {f"{path}#{name}": px for name, px in found["smallest"].items()}
    )
    counts = views.scrolling.setdefault(view, {})
    for kind, n in found["scrolling"].items():
        counts[kind] = counts.get(kind, 0) + n


async def visit(page, path: str, device: str, views: Views) -> None:
    """Measure the page in the light scheme, walk it by keyboard, then measure it again in
    the dark scheme (switched as Material's toggle does, on the same document)."""
    await page.goto(f"/{path}", wait_until="load")
    record(await page.evaluate(MEASURE), path, (device, "light"), views)
    await page.evaluate("window.scrollTo(0, 0); document.activeElement.blur()")
    for _ in range(TABS):
        await page.keyboard.press("Tab")
        stop = await page.evaluate(FOCUSED)
        if stop is None:
            continue
        views.focus_stops += 1
        if not stop[1]:
            views.lost_focus.setdefault((device, "light", path), []).append(stop[0])
    await page.evaluate(SCHEME, "dark")
    record(await page.evaluate(MEASURE), path, (device, "dark"), views)


async def _sweep(site: Path, chromium_path: str) -> Views:
    from playwright.async_api import async_playwright

    pages = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if p.parent.name not in ("404",)
    )
    views = Views(pages)
    jobs: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for device in DEVICES:
        for path in pages:
            jobs.put_nowait((device, path))
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=chromium_path, args=browser.FLAGS)
        with local_server.serve(site) as base:

            async def worker() -> None:
                contexts = {}
                while not jobs.empty():
                    device, path = jobs.get_nowait()
                    if device not in contexts:
                        context = await chromium.new_context(
                            base_url=base,
                            viewport=DEVICES[device],
                            color_scheme="light",
                            is_mobile=device == "phone",
                            has_touch=device == "phone",
                        )
                        await context.add_init_script(FORGET)
                        contexts[device] = (context, await context.new_page())
                    await visit(contexts[device][1], path, device, views)
                for context, _ in contexts.values():
                    await context.close()

            await asyncio.gather(*(worker() for _ in range(AT_ONCE)))
        await chromium.close()
    return views


@pytest.fixture(scope="module")
def views(site: Path) -> Views:
    return asyncio.run(_sweep(site, browser.executable()))


def test_nothing_is_wider_than_its_column_without_a_cue(views: Views):
    """Figures and formulas fit at both widths; a table or code block that cannot fit
    scrolls, with a shadow on the side where more of it lies."""
    assert len(views.pages) > 30
    assert not views.problems, "\n".join(
        f"{device} {scheme} /{path}: {problem}"
        for (device, scheme, path), found in views.problems.items()
        for problem in found
    )
    # The check sees scrolling blocks: code on a phone scrolls, and has its cue.
    assert views.scrolling[("phone", "light")].get("code", 0) > 50


def test_figure_text_has_one_size_and_is_legible_at_both_widths(views: Views):
    for view in VIEWS:
        smallest = views.smallest[view]
        assert len(smallest) > 25, view
        small = {name: round(px, 1) for name, px in smallest.items() if px < 9}
        assert not small, (view, small)
        spread = max(smallest.values()) / min(smallest.values())
        assert spread <= 1.3, (view, round(spread, 2), min(smallest, key=smallest.get))


def test_tab_from_the_top_of_a_page_never_leaves_the_viewport(views: Views):
    """Focus never goes into the closed navigation drawer or the closed search."""
    assert views.focus_stops > len(views.pages) * len(DEVICES) * TABS * 0.9
    assert not views.lost_focus, "\n".join(
        f"{device} {scheme} /{path}: {', '.join(stops[:5])} ({len(stops)} stops)"
        for (device, scheme, path), stops in views.lost_focus.items()
    )
