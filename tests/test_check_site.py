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
