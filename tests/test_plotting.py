import re
import zlib

import matplotlib.pyplot as plt
import numpy as np
import pytest

from deepnotes import plotting


def _figure(name):
    fig, axes = plotting.figure(1, 2)
    for ax in axes:
        ax.plot([0, 1, 2], [2, 1, 0], "o-", label="a")
        ax.legend()
    return plotting.to_html(fig, name=name, alt="Two falling lines.", caption="Lines.")


def test_bytes_are_deterministic():
    assert _figure("demo") == _figure("demo")


def test_ids_are_prefixed_and_references_resolve():
    html = _figure("demo")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert ids[0] == "fig-demo"
    prefix = f"f{zlib.crc32(b'demo'):08x}-"
    assert all(i.startswith(prefix) for i in ids[1:]) and len(ids) == len(set(ids))
    refs = re.findall(r'url\(#([\w.-]+)\)|href="#([\w.-]+)"', html)
    refs = [a or b for a, b in refs]
    assert refs and set(refs) <= set(ids)


def test_two_figures_on_a_page_share_no_id():
    ids_a = set(re.findall(r'\sid="([^"]+)"', _figure("first")))
    ids_b = set(re.findall(r'\sid="([^"]+)"', _figure("second")))
    assert not ids_a & ids_b


def test_colours_follow_the_page():
    html = _figure("demo")
    assert plotting.INK not in html and "currentColor" in html
    assert "var(--md-default-bg-color)" in html  # legend box
    assert "#ffffff" not in html.lower() and 'style="fill: #000000' not in html


def test_accessibility_and_no_metadata():
    html = _figure("demo")
    assert '<svg role="img" aria-label="Two falling lines."' in html
    assert "<figcaption>Lines.</figcaption>" in html
    assert "<metadata>" not in html and "<?xml" not in html and "<!--" not in html


def test_a_figure_states_the_width_at_which_its_smallest_text_is_legible():
    fig, ax = plotting.figure(width=6.4, height=3.6)  # 460.8 x 259.2 points
    ax.plot([0, 1], [0, 1], label="a line")
    ax.legend(fontsize=8)
    html = plotting.to_html(fig, name="legible", alt="A line.", caption="A line.")
    width = float(re.search(r"--dn-legible-width: ([\d.]+)px", html).group(1))
    assert width == np.ceil(460.8 * 9 / 8)  # the legend's 8 pt sets it, rounded up
    assert '<div class="dn-figure__scroll">\n<svg' in html


def test_legible_width_needs_a_viewbox():
    with pytest.raises(ValueError, match="svg must have a viewBox"):
        plotting.legible_width('<svg><text style="font-size: 8px">a</text></svg>')
    assert plotting.legible_width('<svg viewBox="0 0 300 100"></svg>') == 300.0


def test_bad_arguments():
    fig, _ = plotting.figure()
    with pytest.raises(ValueError, match="name must be a lowercase slug"):
        plotting.to_html(fig, name="Bad Name", alt="x", caption="y")
    with pytest.raises(ValueError, match="alt must be a non-empty string"):
        plotting.to_html(fig, name="ok", alt=" ", caption="y")


def test_decision_boundary_draws_regions_and_points():
    fig, ax = plotting.figure()
    X = np.array([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    Y = np.array([[0.0, 1.0, 0.0, 1.0]])
    plotting.decision_boundary(ax, lambda G: (G[0] > 0.5).astype(float)[None, :], X, Y)
    assert ax.collections  # a filled contour set and a scatter
    plotting.to_html(fig, name="db", alt="Regions.", caption="Regions.")


def test_claim():
    plotting.claim(True, "true things")
    with pytest.raises(plotting.ClaimError, match="the text says that x, but"):
        plotting.claim(False, "x")


def test_scatter_markers_share_one_style():
    fig, ax = plotting.figure()
    ax.plot(np.arange(50.0), np.arange(50.0), "o", color=plotting.PALETTE[0])
    html = plotting.to_html(fig, name="dots", alt="Dots.", caption="Dots.")
    group = re.search(r'<g style="fill: #3d7fe0; stroke: #3d7fe0">\n(.*?)</g>', html, re.DOTALL)
    assert group is not None
    markers = group.group(1).splitlines()
    assert len(markers) == 50 and all("style" not in m for m in markers)


def test_show_prints_the_html_figure_for_the_build(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv(plotting.FIGURES_VARIABLE, "html")
    monkeypatch.chdir(tmp_path)
    fig, ax = plotting.figure()
    ax.plot([0, 1], [1, 0])
    assert plotting.show(fig, name="built", alt="A line.", caption="A line.") is None
    out = capsys.readouterr().out
    assert out.startswith('<figure class="dn-figure" id="fig-built">') and "<svg" in out
    assert list(tmp_path.iterdir()) == []


def test_show_saves_a_png_without_a_display(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv(plotting.FIGURES_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    fig, ax = plotting.figure()
    ax.plot([0, 1], [1, 0])
    path = plotting.show(fig, name="saved", alt="A line.", caption="A line.")
    assert path == tmp_path / "saved.png"
    assert path.read_bytes().startswith(b"\x89PNG")
    assert str(path) in capsys.readouterr().out
    assert not plt.fignum_exists(fig.number)  # closed, like to_html


def test_show_rejects_a_bad_name_before_drawing(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    fig, _ = plotting.figure()
    with pytest.raises(ValueError, match="name must be a lowercase slug"):
        plotting.show(fig, name="../escape", alt="x", caption="y")
    plt.close(fig)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("background", ["#ffffff", "#1e2129"], ids=["light", "dark"])
def test_every_series_colour_stands_out_on_both_schemes(background):
    """WCAG 2.1 asks 3:1 for graphical objects; Material's light page and its slate page."""
    ratios = {c: round(plotting.contrast_ratio(c, background), 2) for c in plotting.PALETTE}
    assert not {c: r for c, r in ratios.items() if r < 3}, ratios
