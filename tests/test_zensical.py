"""The site builds the same under Zensical, from the same ``mkdocs.yml``.

Zensical, by the team behind Material for MkDocs, reads MkDocs' configuration
and runs Python-Markdown extensions, but not MkDocs hooks. The site's machinery
is extensions (``src/deepnotes_docs``), so both engines must give the same
pages. Zensical's strict mode does not fail on a code block that raised or on
a formula left unconverted: ``check_site.build_failures`` looks for those in
the pages themselves.

What only MkDocs builds, by design: the chapters' notebooks (a hook adds them
to the site, which no Markdown extension can do) and so the button that
downloads them, and the offline copy.
"""

from __future__ import annotations

import pytest

import check_site
from test_site import CHAPTERS, SITE_CHECKS

NOTEBOOK_LINKS = sorted(
    f"{page}: links to notebooks/{page.split('/')[0]}.ipynb only in mkdocs" for page in CHAPTERS[1:]
)


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
    assert sorted(differences) == NOTEBOOK_LINKS


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
