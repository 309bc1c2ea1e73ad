"""The site builds the same under Zensical, from the same ``mkdocs.yml``.

Zensical, by the team behind Material for MkDocs, reads MkDocs' configuration
and runs Python-Markdown extensions, but not MkDocs hooks. The site's machinery
is extensions (``src/deepnotes_docs``), so both engines must give the same
pages. Zensical's strict mode does not fail on a code block that raised or on
a formula left unconverted: ``check_site.build_failures`` looks for those in
the pages themselves.

The chapters' notebooks are files of ``docs/notebooks`` (kept current by the
``deepnotes_docs.notebooks`` extension), which both engines copy. What only MkDocs
builds: the offline copy, whose font and search shim a hook adds.
"""

from __future__ import annotations

import re

import pytest

import check_site
from test_site import CHAPTERS, SITE_CHECKS


def test_zensical_builds_without_a_warning(zensical_site):
    _, log = zensical_site
    assert "No issues found" in log, log
    assert "Warning" not in log and "Error" not in log, log


@pytest.mark.parametrize("check", SITE_CHECKS, ids=lambda c: c.__name__)
def test_zensical_site_check(zensical_site, check):
    folder, _ = zensical_site
    assert check(folder) == []


def test_zensical_gives_the_pages_mkdocs_gives(site, zensical_site):
    """Same figures, same MathML, same formula index rows, links to the same places."""
    folder, _ = zensical_site
    differences = check_site.differences(site, folder, names=("mkdocs", "zensical"))
    assert differences == []


def test_zensical_publishes_the_notebooks_mkdocs_publishes(site, zensical_site):
    """The same files, byte for byte, linked from the same buttons."""
    folder, _ = zensical_site
    ours = sorted(p.name for p in (site / "notebooks").iterdir())
    assert len(ours) == len(CHAPTERS) - 1  # every chapter; the home page has none
    for name in ours:
        assert (folder / "notebooks" / name).read_bytes() == (
            site / "notebooks" / name
        ).read_bytes()
    for page in CHAPTERS[1:]:
        chapter = page.split("/")[0]
        button = (
            f'<a class="md-button" download="{chapter}.ipynb" href="../notebooks/{chapter}.ipynb">'
        )
        assert button in (folder / page).read_text() and button in (site / page).read_text()


def test_zensical_registers_the_formula_anchors_for_the_docstrings(zensical_site):
    folder, _ = zensical_site
    api = (folder / "reference" / "initializers" / "index.html").read_text()
    assert "/initialization/#formula-init-he" in api
    assert '<a id="formula-init-he"></a>' in (folder / "initialization" / "index.html").read_text()


def test_zensical_preloads_the_math_font_where_mkdocs_does(site, zensical_site):
    folder, _ = zensical_site
    preload = 'rel="preload" href="../assets/fonts/STIXTwoMath-Regular.woff2"'
    for page in ("initialization/index.html", "reference/index.html"):
        assert (preload in (site / page).read_text()) == (preload in (folder / page).read_text())
    assert preload in (folder / "initialization" / "index.html").read_text()


def test_zensical_builds_the_same_offline_copy(offline_site, zensical_offline_site):
    """Pages as .html files with the same figures, MathML and links, the same notebooks, and
    nothing loaded from another host: the theme override serves the search shim and the
    stylesheet that carries the math font, under both engines (tests/test_browser.py draws
    the formulas of both copies from a folder)."""
    folder, log = zensical_offline_site
    assert "No issues found" in log, log
    assert check_site.differences(offline_site, folder, names=("mkdocs", "zensical")) == []
    assert check_site.broken_links(folder) == []
    assert check_site.offhost_loads(folder) == []
    for copy in (offline_site, folder):
        page = (copy / "optimization.html").read_text()
        assert "STIXTwoMath" not in page  # no preload of the font file
        assert re.search(r'href="(\./)?stylesheets/math-font-offline\.css"', page), copy
    notebooks = sorted((offline_site / "notebooks").iterdir())
    assert len(notebooks) == len(CHAPTERS) - 1
    for path in notebooks:
        assert (folder / "notebooks" / path.name).read_bytes() == path.read_bytes()
