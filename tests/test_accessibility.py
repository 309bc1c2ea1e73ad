"""Every page of the built site in Chromium, in the light and the dark scheme: axe-core's
WCAG 2.1 A/AA, best-practice and target-size rules, console errors, and requests to other hosts.

One sweep visits each page once, audits it in the light scheme, switches it to the dark
one as Material's toggle does, and audits it again; the tests read its record. Two pages
load at a time (each has its own renderer process), so the sweep uses both cores.

On each visit, axe audits the page with every content tab shown, the Figure and the Code
tabs alike. The SVG figures' own shapes are left out: a figure is one image, the
``role="img"`` element that holds its panels, with its text alternative (which
``role-img-alt`` checks), and the
contrast of its colours is tested in ``test_plotting.py``. The dark scheme differs from
the light one in colours only, and runs the rules that read colours.

axe-core comes from the npm package pinned in ``package.json`` (``npm ci``).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import browser
import local_server

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCHEMES = ("light", "dark")
# WCAG 2.1 A and AA, best practices, and WCAG 2.2's target size (Lighthouse checks it too).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORT = {"width": 1350, "height": 940}  # Lighthouse's desktop screen
AT_ONCE = 2

# Regions that scroll sideways take the focus once accessibility.js has measured them,
# which it does as they come into view or in idle time: wait for that, as a reader would.
SCROLLERS_MEASURED = """() => [...document.querySelectorAll(
    ".math-display, .md-typeset__scrollwrap")].every(
    (box) => box.scrollWidth <= box.clientWidth + 1 || box.getAttribute("tabindex") === "0")"""

# Every content tab shown at once (Figure and Code), as if each were selected, and every
# block rendered (the site defers the rendering of off-screen figures and code blocks, and
# the layout that moves as axe scrolls would mislead its reading of backgrounds). Each SVG
# figure is audited as the one image it is: its text alternative.
AUDIT = """async (runOnly) => {
    const style = document.createElement("style");
    style.textContent = ".md-typeset .tabbed-set > .tabbed-content > .tabbed-block " +
        "{ display: block !important; } .md-typeset * { content-visibility: visible !important; }";
    document.head.append(style);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const figures = ".dn-figure__panels";
    const page = await axe.run({exclude: [[figures]]}, {runOnly, resultTypes: ["violations"]});
    const images = runOnly.type === "tag" && document.querySelector(figures)
        ? await axe.run({include: [[figures]]}, {runOnly: ["role-img-alt"]})
        : {violations: []};
    const result = {violations: [...page.violations, ...images.violations]};
    style.remove();
    return result.violations.map((v) => ({
        rule: v.id, count: v.nodes.length, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
        why: [...v.nodes[0].any, ...v.nodes[0].all, ...v.nodes[0].none].map((c) => c.message),
    }));
}"""

# The dark scheme differs from the light one in colours only: Material's palette swaps
# CSS variables on the same document, as its toggle does here. So the dark scheme runs the
# rules that read colours.
RUN_ONLY = {
    "light": {"type": "tag", "values": TAGS},
    "dark": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
}
SCHEME = """async (scheme) => {
    const still = document.createElement("style");  // the colours, not a fade between them
    still.textContent = "*, *::before, *::after { transition: none !important; }";
    document.head.append(still);
    document.body.setAttribute("data-md-color-media", "(prefers-color-scheme: " + scheme + ")");
    document.body.setAttribute("data-md-color-scheme", scheme === "dark" ? "slate" : "default");
    await new Promise((done) => requestAnimationFrame(done));
    return getComputedStyle(document.body).getPropertyValue("--md-default-bg-color").trim();
}"""
# Material remembers a reader's choice of tab across pages; every visit starts afresh.
FORGET = "localStorage.clear(); sessionStorage.clear();"


@dataclass
class Sweep:
    """What the sweep saw: axe's violations, console errors and requests to other hosts."""

    pages: list[str]
    violations: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


def _console(sweep: Sweep, message) -> None:
    if message.type == "error":
        sweep.errors.append(message.text)


def axe_source() -> str:
    if AXE.is_file():
        return AXE.read_text(encoding="utf-8")
    if os.environ.get("DEEPNOTES_REQUIRE_BROWSER"):
        pytest.fail("the accessibility test is required here, but axe-core is missing: npm ci")
    pytest.skip("axe-core is not installed: run `npm ci` in the project's root")


async def audit(page) -> dict[str, list[dict]]:
    """axe's violations on a loaded page, in each scheme."""
    await page.wait_for_function(SCROLLERS_MEASURED, timeout=10_000)
    found, backgrounds = {}, set()
    for scheme in SCHEMES:
        backgrounds.add(await page.evaluate(SCHEME, scheme))
        found[scheme] = await page.evaluate(AUDIT, RUN_ONLY[scheme])
    if len(backgrounds) != len(SCHEMES):
        raise RuntimeError(f"{page.url}: the schemes did not switch: {backgrounds}")
    return found


async def _sweep(site: Path, chromium_path: str, axe: str) -> Sweep:
    from playwright.async_api import async_playwright

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    sweep = Sweep(pages)
    jobs: asyncio.Queue[str] = asyncio.Queue()
    for path in pages:
        jobs.put_nowait(path)

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=chromium_path, args=browser.FLAGS)
        with local_server.serve(site) as base:

            async def worker() -> None:
                context = await chromium.new_context(base_url=base, viewport=VIEWPORT)
                await context.add_init_script(axe)
                await context.add_init_script(FORGET)
                page = await context.new_page()
                page.on("console", lambda m: _console(sweep, m))
                page.on("pageerror", lambda e: sweep.errors.append(str(e)))
                page.on("request", lambda r: r.url.startswith(base) or sweep.foreign.append(r.url))
                while not jobs.empty():
                    path = jobs.get_nowait()
                    await page.goto(f"/{path}", wait_until="load")
                    for scheme, found in (await audit(page)).items():
                        if found:
                            sweep.violations[(scheme, path)] = found
                await context.close()

            await asyncio.gather(*(worker() for _ in range(AT_ONCE)))
        await chromium.close()
    return sweep


@pytest.fixture(scope="module")
def sweep(site: Path) -> Sweep:
    chromium_path = browser.executable()
    return asyncio.run(_sweep(site, chromium_path, axe_source()))


# Four defects: faint text, a figure without a text alternative, faint text in a Code tab
# (hidden when the page loads), and dark text that only the dark scheme makes faint.
CANARY = """() => {
    const faint = '<p style="color: #aaa; background: #fff">faint text</p>';
    document.querySelector("article").insertAdjacentHTML("afterbegin", faint +
        '<p style="color: #444">dark text</p>' +
        '<figure class="dn-figure"><div class="dn-figure__panels" role="img">' +
        '<svg aria-hidden="true" viewBox="0 0 9 9"><rect width="9" height="9"/></svg></div>' +
        '</figure>');
    document.querySelector(".tabbed-set .tabbed-block:nth-child(2)")
        .insertAdjacentHTML("afterbegin", faint);
}"""


def test_the_audit_reports_known_defects(site: Path):
    """The audit can fail, in each of its parts."""

    async def canary() -> dict[str, list[dict]]:
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            chromium = await p.chromium.launch(
                executable_path=browser.executable(), args=browser.FLAGS
            )
            with local_server.serve(site) as base:
                context = await chromium.new_context(base_url=base, viewport=VIEWPORT)
                await context.add_init_script(axe_source())
                page = await context.new_page()
                await page.goto("/initialization/", wait_until="load")
                await page.evaluate(CANARY)
                found = await audit(page)
            await chromium.close()
        return found

    found = {
        scheme: {v["rule"]: v["count"] for v in violations}
        for scheme, violations in asyncio.run(canary()).items()
    }
    assert found == {
        "light": {"color-contrast": 2, "role-img-alt": 1},
        "dark": {"color-contrast": 3},  # the faint text on its white, and the dark text
    }


def test_axe_finds_no_violation_on_any_page_in_either_scheme(sweep: Sweep):
    assert len(sweep.pages) > 30
    assert not sweep.violations, "\n".join(
        f"{scheme} /{path}: {v['rule']} x{v['count']} {v['nodes']}: {v['help']}; {v['why']}"
        for (scheme, path), found in sweep.violations.items()
        for v in found
    )


def test_pages_log_no_errors_and_ask_no_other_host(sweep: Sweep):
    assert not sweep.errors, sweep.errors[:10]
    assert not sweep.foreign, sweep.foreign[:10]
