"""A strict build of the whole site, then the checks a reader's eyes would make."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import numpy as np
import pytest

import check_site
from deepnotes_docs.formulas import parse

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [
    "index.html",
    *(
        f"{name}/index.html"
        for name in (
            "setting-up",
            "initialization",
            "regularization",
            "gradient-checking",
            "optimization",
            "tuning",
            "batch-normalization",
            "softmax",
            "frameworks",
        )
    ),
]
FIRST_VIEW_BYTES = 400 * 1024


def test_strict_build_has_no_warnings(builds):
    _, log, _ = builds
    assert "WARNING" not in log and "ERROR" not in log, log
    # markdown-exec logs a Python warning raised by a block (a division by zero, an
    # invalid escape in a reading's f-string) as INFO, which --strict lets through
    python_warnings = re.findall(r"^INFO\s+-\s+(\w+Warning: .*)$", log, re.MULTILINE)
    assert not python_warnings, python_warnings


def test_two_clean_builds_are_byte_identical(builds):
    """Every file: pages, sitemap, search index, assets, font."""
    first, _, second = builds
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert any(f.name == "sitemap.xml" for f in files) and len(files) > 50
    different = [str(p) for p in files if (first / p).read_bytes() != (second / p).read_bytes()]
    assert not different


SITE_CHECKS = [
    check_site.offhost_loads,
    check_site.duplicate_ids,
    check_site.broken_links,
    check_site.raw_tex,
    check_site.figures_without_alt,
    check_site.build_failures,
]


@pytest.mark.parametrize("check", SITE_CHECKS, ids=lambda c: c.__name__)
def test_site_check(site, check):
    assert check(site) == []


@pytest.mark.parametrize(
    "check", [check_site.offhost_loads, check_site.broken_links], ids=lambda c: c.__name__
)
def test_offline_copy_check(offline_site, check):
    """The copy for a folder loads nothing from another host, and its links hold."""
    assert check(offline_site) == []


def test_offline_copy_links_to_files_and_holds_its_search_index(offline_site):
    html = (offline_site / "index.html").read_text()
    assert 'href="optimization.html"' in html and 'href="optimization/"' not in html
    assert (offline_site / "search" / "search_index.js").read_text().startswith("var __index")


def test_every_page_is_within_the_weight_budget(site):
    """The first view of every page, gzipped as a static host serves it, is at most 400 KiB:
    the HTML with its inline figures and explorables' frames, the stylesheets, scripts and
    fonts it loads, and the search index that the search loads at once (Lighthouse's first
    view counts the same)."""
    index = site / "search" / "search_index.json"
    search = len(gzip.compress(index.read_bytes(), compresslevel=6, mtime=0))
    weights = {
        str(p.relative_to(site)): check_site.page_weight(
            site, str(p.relative_to(site)), compressed=True
        )
        + search
        for p in site.rglob("*.html")
    }
    heavy = {page: w for page, w in weights.items() if w > FIRST_VIEW_BYTES}
    assert not heavy, heavy
    assert min(weights.values()) > 200 * 1024  # the shared assets are counted


def test_math_is_mathml_with_a_local_font(site):
    html = (site / "initialization" / "index.html").read_text()
    assert html.count("<math") > 20 and 'class="arithmatex"' not in html
    assert (site / "assets" / "fonts" / "STIXTwoMath-Regular.woff2").stat().st_size > 40_000
    css = (site / "stylesheets" / "extra.css").read_text()
    assert 'url("../assets/fonts/STIXTwoMath-Regular.woff2")' in css


def test_formula_index_lists_every_block(site):
    index = (site / "formulas" / "index.html").read_text()
    blocks = [
        b for p in sorted((ROOT / "docs").rglob("*.md")) for b in parse(p.read_text(), p.name)
    ]
    for block in blocks:
        assert f"#formula-{block.id}" in index, block.id


def test_formula_blocks_link_to_their_api_entry(site):
    html = (site / "initialization" / "index.html").read_text()
    assert '<a id="formula-init-he"></a>' in html  # a target, not an empty link
    assert 'href="../reference/initializers/#deepnotes.initializers.he"' in html
    # The docstring's citation, resolved by autorefs, links back to the block.
    api = (site / "reference" / "initializers" / "index.html").read_text()
    assert 'href="../../initialization/#formula-init-he"' in api


def test_the_math_font_covers_every_character_of_the_formulas(site):
    """The font is a subset kept in docs/: a new symbol in a formula must be in it."""
    from fontTools.ttLib import TTFont

    from deepnotes_docs.mathml import FONT, site_characters

    covered = set(TTFont(ROOT / "docs" / FONT).getBestCmap())
    # Variation selectors (math-core writes U+FE00 after a calligraphic letter) pick a glyph
    # variant when the font has one and are ignored otherwise: they are not drawn themselves.
    used = {c for c in site_characters(site) if not 0xFE00 <= ord(c) <= 0xFE0F}
    assert len(used) > 100
    missing = sorted(c for c in used if ord(c) not in covered)
    assert not missing, f"run: python -m deepnotes_docs.mathml SITE_DIR ({missing})"


def test_the_offline_stylesheet_carries_the_committed_font():
    """The offline copy's stylesheet holds the font's subset as it is committed."""
    from deepnotes_docs import mathml

    docs = ROOT / "docs"
    committed = (docs / mathml.OFFLINE_STYLESHEET).read_text()
    assert committed == mathml.offline_stylesheet((docs / mathml.FONT).read_bytes()), (
        f"docs/{mathml.OFFLINE_STYLESHEET} is stale: python -m deepnotes_docs.mathml site/"
    )


def test_pages_with_formulas_preload_the_math_font(site):
    preload = '<link rel="preload" href="{}assets/fonts/STIXTwoMath-Regular.woff2"'
    for page in ("index.html", "initialization/index.html", "reference/index.html", "404.html"):
        html = (site / page).read_text()
        depth = "../" * page.count("/")
        assert ("<math" in html) == (preload.format(depth) in html), page
    assert preload.format("../") in (site / "initialization" / "index.html").read_text()


def test_every_chapter_has_figures_with_captions(site):
    counts = {page: len(check_site.parse(site / page).figures) for page in CHAPTERS[1:]}
    assert all(n >= 1 for n in counts.values()), counts
    assert sum(counts.values()) >= 25, counts


def test_no_pyodide_assets(site):
    assert not list(site.rglob("*pyodide*"))


def test_search_index_is_local_and_holds_the_pages(site):
    import json

    index = json.loads((site / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "He initialization" in text and "normalizing" in text.lower()
    html = (site / "index.html").read_text()
    assert "assets/javascripts/workers/search" in html or "search_index" in html


def test_search_index_leaves_out_the_api_source_code(site):
    """Every page downloads the index: the functions' source code stays out of it."""
    import json

    index = json.loads((site / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Source code in" not in text
    assert "def fit(" not in text and "deepnotes.training.fit" in text  # the entry stays
    # 425 kB with the explorable figures' sections and API page (381 kB before them); a
    # budget, so that the index grows with the prose, not with code. What readers download
    # of it, gzipped, counts in the first view's budget (test_every_page_is_within_...).
    assert (site / "search" / "search_index.json").stat().st_size < 440_000


SERIES_STROKE = re.compile(r"stroke: (#[0-9a-f]{6})(?:; stroke-opacity: ([\d.]+))?")


@pytest.mark.parametrize("background", ["#ffffff", "#1e2129"], ids=["light", "dark"])
def test_every_drawn_series_stands_out_as_drawn(site, background):
    """A series colour keeps 3:1 against the page once its line's opacity is applied: a
    translucent stroke is the mix of its colour and the background."""
    from deepnotes import plotting

    def mixed(colour: str, opacity: float) -> str:
        ink, page = (np.frombuffer(bytes.fromhex(c[1:]), np.uint8) for c in (colour, background))
        return "#" + bytes(np.round(opacity * ink + (1 - opacity) * page).astype(np.uint8)).hex()

    faint, strokes = {}, 0
    for page in site.glob("*/index.html"):
        for figure in re.findall(r'<figure class="dn-figure".*?</figure>', page.read_text(), re.S):
            name = re.search(r'id="(fig-[^"]+)"', figure).group(1)
            for colour, opacity in SERIES_STROKE.findall(figure):
                strokes += 1
                shown = mixed(colour, float(opacity or 1))
                ratio = plotting.contrast_ratio(shown, background)
                if ratio < 3:
                    faint[name] = (colour, opacity, round(ratio, 2))
    assert strokes > 100 and not faint, faint
