"""The site checks can fail: each catches its problem on a small synthetic site."""

from pathlib import Path

import check_site


def _site(tmp_path: Path, html: str, css: str = "") -> Path:
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(html)
    (tmp_path / "style.css").write_text(css)
    return tmp_path


def test_offhost_loads_found(tmp_path):
    site = _site(
        tmp_path,
        '<script src="https://cdn.example.org/x.js"></script><a href="https://example.org">ok</a>',
        '@import "https://fonts.googleapis.com/css";',
    )
    problems = check_site.offhost_loads(site)
    assert len(problems) == 2 and "cdn.example.org" in problems[0]


def test_a_bundle_loader_counts_only_when_its_trigger_is_on_a_page(tmp_path):
    bundle = 'load("https://unpkg.com/pyodide@1/pyodide.js"); load("https://unpkg.com/x/y.js")'
    site = _site(tmp_path, '<div class="highlight"></div>')
    (site / "bundle.js").write_text(bundle)
    assert check_site.offhost_loads(site) == ["bundle.js may load https://unpkg.com/x/y.js"]
    (site / "page" / "index.html").write_text('<div class="pyodide"></div>')
    problems = check_site.offhost_loads(site)
    assert any("pyodide.js: a page has a .pyodide" in p for p in problems), problems


def test_duplicate_ids_found(tmp_path):
    site = _site(tmp_path, '<p id="a"></p><p id="a"></p><p id="b"></p>')
    assert check_site.duplicate_ids(site) == ["page/index.html: id 'a' occurs 2 times"]


def test_broken_links_found(tmp_path):
    site = _site(
        tmp_path, '<p id="x"></p><a href="#x">ok</a><a href="#y">bad</a><a href="../nope/">bad</a>'
    )
    problems = check_site.broken_links(site)
    assert len(problems) == 2


def test_raw_tex_found_outside_code_only(tmp_path):
    site = _site(tmp_path, r"<p>we have \(x\) and $$y$$</p><code>\frac{a}{b}</code>")
    found = [p.split(": ", 1)[1].split(" in ")[0] for p in check_site.raw_tex(site)]
    assert found == ["'\\\\('", "'\\\\)'", "'$$'", "'$$'"]


def test_figures_without_alt_found(tmp_path):
    site = _site(
        tmp_path,
        '<figure id="f1"><svg role="img" aria-label="ok"></svg></figure>'
        '<figure id="f2"><svg></svg></figure><figure id="f3"><img src="a.png"></figure>',
    )
    problems = check_site.figures_without_alt(site)
    assert [p.split("figure ")[1].split()[0] for p in problems] == ["f2", "f3"]


def test_data_urls_are_neither_offhost_nor_broken(tmp_path):
    site = _site(
        tmp_path, '<svg><image xlink:href="data:image/png;base64,iVBOR,w0K"></image></svg>'
    )
    assert check_site.offhost_loads(site) == [] and check_site.broken_links(site) == []


def test_build_failures_found(tmp_path):
    site = _site(
        tmp_path,
        "<pre><code>File &quot;&lt;code block: session bn; n1&gt;&quot;, line 1</code></pre>"
        '<p>```formula id="a" impl="b"</p><span class="arithmatex">\\(x\\)</span>',
    )
    problems = check_site.build_failures(site)
    assert [p.split(": ", 1)[1].split(" (")[0] for p in problems] == [
        "the traceback of a code block that failed to run",
        "a formula block left as text",
        "a formula not converted to MathML",
    ]


def test_differences_see_figures_math_rows_and_targets_not_spelling(tmp_path):
    page = (
        '<figure id="f"><svg role="img" aria-label="{alt}"></svg></figure>'
        "<math><mi>{var}</mi></math><table><tr><td>1</td></tr>{row}</table>"
        '<a href="{prefix}other/#x">x</a><a href="#__skip">skip</a>'
    )
    sites = []
    for name, alt, var, row, prefix in (
        ("a", "a curve", "x", "", ""),
        ("b", "a curve", "x", "", "./"),
        ("c", "two curves", "y", "<tr><td>2</td></tr>", "./"),
    ):
        site = tmp_path / name
        (site / "other").mkdir(parents=True)
        (site / "index.html").write_text(page.format(alt=alt, var=var, row=row, prefix=prefix))
        (site / "other" / "index.html").write_text('<p id="x"></p>')
        sites.append(site)
    a, b, c = sites
    assert check_site.differences(a, b) == []  # "other/" and "./other/" lead to one place
    found = check_site.differences(a, c)
    assert len(found) == 3, found
    assert found[0].startswith("index.html: figures [('f', 'a curve')] != [('f', 'two curves')]")
    assert found[1:] == ["index.html: 1 vs 1 formulas, 1 differ", "index.html: 1 vs 2 table rows"]
    (c / "other" / "index.html").unlink()
    assert "other/index.html: only in first" in check_site.differences(a, c)
