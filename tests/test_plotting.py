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
    assert '<div class="dn-figure__panels" role="img" aria-label="Two falling lines.">' in html
    assert html.count('<svg aria-hidden="true"') == 2  # one per panel, hidden behind the alt
    assert "<figcaption>Lines.</figcaption>" in html
    assert "<metadata>" not in html and "<?xml" not in html and "<!--" not in html


def _panel_widths(html):
    pattern = r'<svg aria-hidden="true" style="width: ([\d.]+)pt"'
    return [float(w) for w in re.findall(pattern, html)]


def test_each_panel_is_an_svg_as_wide_as_in_the_figure():
    """Two panels of 3.3 inches (237.6 points) each, cut at their own labels and legend."""
    html = _figure("demo")
    widths = _panel_widths(html)
    assert len(widths) == 2 and all(200 < w < 240 for w in widths)
    assert sum(widths) == pytest.approx(2 * plotting.PANEL_WIDTH * 72, abs=12)
    views = [float(v) for v in re.findall(r'viewBox="0 0 ([\d.]+) [\d.]+"', html)]
    assert views == pytest.approx(widths, abs=0.06)


def test_a_colour_bar_and_a_twin_stay_with_their_axes():
    fig, (left, right) = plotting.figure(1, 2, panel_width=2.4)
    points = left.scatter([0, 1], [0, 1], c=[0.0, 1.0])
    fig.colorbar(points, ax=left, label="colour bar")
    right.plot([0, 1], [1, 0])
    right.twinx().set_ylabel("twin axis")
    html = plotting.to_html(fig, name="groups", alt="Panels.", caption="Panels.")
    panels = html.split('<svg aria-hidden="true"')[1:]
    assert len(panels) == 2
    assert "colour bar" in panels[0] and "colour bar" not in panels[1]
    assert "twin axis" in panels[1] and "twin axis" not in panels[0]


def test_the_type_scale_is_enforced():
    fig, ax = plotting.figure()
    ax.plot([0, 1], [0, 1])
    ax.set_title("tiny", fontsize=6)
    with pytest.raises(ValueError, match=r"text of \[6.0\] pt; the type scale's smallest size"):
        plotting.to_html(fig, name="tiny", alt="A line.", caption="A line.")


def test_a_panel_wider_than_a_phone_is_refused():
    fig, ax = plotting.figure(panel_width=5.0)
    ax.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match=r"panel 1 is \d+ px wide, wider than a phone's 343-px"):
        plotting.to_html(fig, name="wide", alt="A line.", caption="A line.")


def test_figure_level_legends_and_titles_are_refused():
    fig, axes = plotting.figure(1, 2)
    for ax in axes:
        ax.plot([0, 1], [0, 1], label="a")
    fig.legend()
    fig.suptitle("both")
    with pytest.raises(ValueError, match="has a figure legend, a suptitle: put legends"):
        plotting.to_html(fig, name="loose", alt="Lines.", caption="Lines.")


def _log_axis(fix: bool) -> str:
    fig, ax = plotting.figure()
    ax.plot([1, 2, 3], [0.15, 0.3, 0.6])
    ax.set_yscale("log")
    ax.set_ylim(0.15, 0.7)
    ax.set_yticks([0.2, 0.21, 0.22, 0.23])  # labels a few pixels apart
    if fix:
        plotting.log_ticks(ax.yaxis, [0.2, 0.5])
    return plotting.to_html(fig, name="ticks", alt="A line.", caption="A line.")


def test_touching_tick_labels_are_refused_and_log_ticks_fix_them():
    with pytest.raises(
        ValueError, match=r"the y tick labels of axes 1 \(.*2\.1×10\^\{-1\}.*\) touch"
    ):
        _log_axis(fix=False)
    assert ">0.5<" in _log_axis(fix=True)


def test_captions_write_powers_of_ten_that_cannot_break():
    fig, _ = plotting.figure()
    with pytest.raises(ValueError, match="caption writes '1e-7': write powers of ten"):
        plotting.to_html(fig, name="eps", alt="A line.", caption="dotted: ε = 1e-7.")
    plt.close(fig)


def test_every_panel_keeps_its_tick_labels_when_axes_are_shared():
    fig, axes = plotting.figure(1, 2, sharey=True)
    fig.canvas.draw()
    assert all(label.get_visible() for label in axes[1].get_yticklabels())
    plt.close(fig)


def test_panel_sizes_must_be_sizes():
    with pytest.raises(ValueError, match="panel_width must be a size in inches"):
        plotting.figure(panel_width=0)


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
