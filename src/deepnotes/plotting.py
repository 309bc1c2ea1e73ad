r"""The one figure helper of the site: matplotlib to inline, themable SVG.

[`figure`][] opens a figure in the site's style, and [`to_html`][] turns it
into a ``<figure>`` element with an inline SVG that

- has deterministic bytes (a fixed ``svg.hashsalt`` and no date), so two
  builds give identical pages;
- keeps only the ids it references, renamed to short ids derived from the
  figure's name, so that several figures on one page never clash;
- rounds coordinates to a tenth of a point and hoists the style that scatter
  markers repeat, so that a figure of a few hundred points stays small;
- draws text, axes and ticks in ``currentColor`` and legend boxes in the page
  background, so it reads in the light and the dark scheme alike;
- carries a text alternative (``role="img"`` and ``aria-label``) and a caption;
- comes in panels: each group of axes (an axes with its colour bar, its twin
  and its legend) is an SVG of its own, drawn at the site's one type scale, so
  that the page sets the panels side by side where the column has room and one
  under the other on a phone, with the same label size in every figure.

The pages' figure code ends with [`show`][], which does what the place it runs
in needs: the site's build gets the HTML above, a notebook shows the figure
inline, a desktop session opens a window, and a script without a display
saves a PNG file. So a Code tab copied from the site runs as it is.

Importing the module makes the site's style matplotlib's current style, as
``plt.style.use`` would. It leaves the choice of backend to matplotlib: the
site's build selects the non-interactive Agg backend itself.

Examples
--------
>>> from deepnotes.plotting import figure, to_html
>>> fig, ax = figure()
>>> _ = ax.plot([0, 1], [1, 0], label="cost")
>>> html = to_html(fig, name="demo", alt="A falling line.", caption="A line.")
>>> html.startswith('<figure class="dn-figure" id="fig-demo">')
True
>>> 'aria-label="A falling line."' in html
True
"""

from __future__ import annotations

import html as _html
import io
import itertools
import os
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.axis
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = [
    "INK",
    "PALETTE",
    "PANEL_HEIGHT",
    "PANEL_WIDTH",
    "PHONE_COLUMN_PX",
    "SMALLEST_TEXT_PT",
    "ClaimError",
    "claim",
    "contrast_ratio",
    "decision_boundary",
    "figure",
    "log_ticks",
    "sci",
    "show",
    "to_html",
    "use_style",
]

PANEL_WIDTH = 3.3
"""Default width of one panel, in inches: 317 CSS pixels at the site's scale (a point of
the figure is a CSS point, 4/3 px), so two panels sit side by side in the 688-px column of
a desktop and one fills the column of a 375-px phone."""
PANEL_HEIGHT = 2.4
"""Default height of one panel, in inches."""
PHONE_COLUMN_PX = 343
"""Width of the text column on a 375-px phone; no panel may be wider."""
SMALLEST_TEXT_PT = 8.0
"""The type scale: tick labels and legends are 8 pt, everything else 9 pt, and nothing
smaller, so the smallest text of every figure is drawn 10.7 px high on any page."""

FIGURES_VARIABLE = "DEEPNOTES_FIGURES"
"""Environment variable that selects what [`show`][] does; the site's build sets
it to ``"html"``."""
_NON_INTERACTIVE = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}

INK = "#0b0c0d"
"""Colour of text, spines and ticks. It is a placeholder that [`to_html`][]
turns into ``currentColor``, so use it for any line that should follow the
text colour of the page (contour lines, reference lines)."""
KEPT_GID = "dn-"
"""An artist whose ``gid`` starts with this keeps it in the site's SVG, as ``data-dn``: an
explorable figure's script swaps its path for another frame's."""
_BACKGROUND = "#fdfcfb"
"""Placeholder colour for legend boxes; becomes the page background."""

PALETTE: tuple[str, ...] = (
    "#3d7fe0",  # blue
    "#d4760a",  # orange
    "#1f9a6a",  # green
    "#e04858",  # red
    "#9467d4",  # purple
    "#a0785a",  # brown
    "#d361b5",  # pink
    "#7f8c8d",  # grey
)
"""Data colours, each at least 3:1 against the white and the dark slate background of the
site (WCAG 2.1's contrast for graphical objects)."""

_STYLE: dict[str, object] = {
    "svg.hashsalt": "deepnotes",
    "svg.fonttype": "none",
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "grid.color": INK,
    "grid.alpha": 0.15,
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE)),
    "legend.facecolor": _BACKGROUND,
    "legend.edgecolor": INK,
    "legend.framealpha": 0.85,
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.labelsize": 9,
    "xtick.labelsize": SMALLEST_TEXT_PT,
    "ytick.labelsize": SMALLEST_TEXT_PT,
    "legend.fontsize": SMALLEST_TEXT_PT,
    "legend.title_fontsize": 9,
    "figure.titlesize": 9,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "lines.linewidth": 1.6,
    "path.simplify_threshold": 0.5,
}


def use_style() -> None:
    """Make the site's style matplotlib's current style (done once on import)."""
    plt.rcParams.update(_STYLE)


use_style()


def figure(
    nrows: int = 1,
    ncols: int = 1,
    *,
    panel_width: float = PANEL_WIDTH,
    panel_height: float = PANEL_HEIGHT,
    **kwargs: object,
) -> tuple[Figure, Axes | np.ndarray]:
    """Open a figure of ``nrows`` by ``ncols`` panels in the site's style.

    The figure is ``ncols * panel_width`` by ``nrows * panel_height`` inches; the
    other arguments are those of ``plt.subplots``. Every panel keeps its own tick
    labels, even with ``sharex`` or ``sharey``, since on a phone the panels stand
    one under the other.
    """
    for arg, value in (("panel_width", panel_width), ("panel_height", panel_height)):
        if not isinstance(value, int | float) or not 0 < value <= 2 * PANEL_WIDTH:
            raise ValueError(
                f"{arg} must be a size in inches in (0, {2 * PANEL_WIDTH}], got {value!r}"
            )
    size = (ncols * panel_width, nrows * panel_height)
    fig, axes = plt.subplots(nrows, ncols, figsize=size, layout="constrained", **kwargs)
    for ax in np.atleast_1d(axes).ravel():
        ax.tick_params(labelleft=True, labelbottom=True)
    return fig, axes


def log_ticks(axis: matplotlib.axis.Axis, values: list[float]) -> None:
    """Label a log axis at ``values`` only, in plain numbers, with unlabelled minor ticks.

    On a panel a phone can show, a log axis that spans a decade or two labels its
    minor ticks too (``4×10⁻¹``, ``3×10⁻¹``, ...), and they touch; [`to_html`][]
    refuses a figure whose tick labels touch.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from deepnotes.plotting import figure, log_ticks
    >>> fig, ax = figure()
    >>> ax.set_yscale("log")
    >>> log_ticks(ax.yaxis, [0.05, 0.1, 0.2, 0.5])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['0.05', '0.1', '0.2', '0.5']
    >>> plt.close(fig)
    """
    axis.set_ticks(values, labels=[f"{v:g}" for v in values])
    axis.set_minor_formatter(matplotlib.ticker.NullFormatter())


_ID = re.compile(r'\sid="([^"]+)"')
_REF = re.compile(r'(?<=url\(#)([A-Za-z_][\w.-]*)(?=\))|(?<=href="#)([A-Za-z_][\w.-]*)(?=")')
_GEOMETRY = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|width|height|transform|points|viewBox)=")([^"]*)"')
_NUMBER = re.compile(r"-?\d+\.\d+")
_USE_RUN = re.compile(r'(?:<use [^>]*?style="([^"]*)"/>\n?)(?:<use [^>]*?style="\1"/>\n?)+')


def _round(match: re.Match[str]) -> str:
    """One decimal of a point (1/720 inch) is below what a screen shows."""
    text = f"{float(match.group(0)):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _group_uses(match: re.Match[str]) -> str:
    """Hoist the style that a run of markers (one per data point) repeats onto a group."""
    style = match.group(1)
    body = match.group(0).replace(f' style="{style}"', "")
    return f'<g style="{style}">\n{body}</g>\n'


def _drop_bare_groups(svg: str) -> str:
    """Remove ``<g>`` wrappers without attributes (their ids were dropped), keeping the content."""
    out, keep, last = [], [], 0
    for m in re.finditer(r"<g>|<g\s[^>]*>|</g>", svg):
        out.append(svg[last : m.start()])
        tag = m.group(0)
        if tag == "</g>":
            if keep.pop():
                out.append(tag)
        else:
            keep.append(tag != "<g>")
            if tag != "<g>":
                out.append(tag)
        last = m.end()
    out.append(svg[last:])
    return "".join(out)


def _clean_svg(svg: str, prefix: str) -> str:
    """matplotlib's SVG, made deterministic, compact, themable and safe to inline."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    referenced = list(dict.fromkeys(a or b for a, b in _REF.findall(svg)))
    short = {name: f"{prefix}{i}" for i, name in enumerate(referenced)}

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith(KEPT_GID):  # an explorable's varying line: its script finds it
            return f' data-dn="{name}"'
        return f' id="{short[name]}"' if name in short else ""

    svg = _ID.sub(rename, svg)
    svg = _REF.sub(lambda m: short[m.group(0)], svg)
    # SVG 2's href, which every current browser reads, instead of XLink's: a figure of a few
    # hundred markers is a few kilobytes smaller.
    svg = svg.replace(' xlink:href="', ' href="').replace(
        ' xmlns:xlink="http://www.w3.org/1999/xlink"', ""
    )
    svg = svg.replace(INK, "currentColor")
    svg = svg.replace(_BACKGROUND, "var(--md-default-bg-color)")
    svg = re.sub(r'\s(width|height)="[\d.]+pt"', "", svg, count=2)
    svg = _GEOMETRY.sub(lambda m: m.group(1) + _NUMBER.sub(_round, m.group(2)) + '"', svg)
    svg = _drop_bare_groups(svg)
    svg = re.sub(r"\n\s*", "\n", svg).strip() + "\n"
    svg = _USE_RUN.sub(_group_uses, svg)
    return svg.strip()


def _check_labels(name: object, alt: object, caption: object) -> None:
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ValueError(f"name must be a lowercase slug like 'init-costs', got {name!r}")
    for arg, text in (("alt", alt), ("caption", caption)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{arg} must be a non-empty string, got {text!r}")
        if number := re.search(r"\d(?:\.\d+)?[eE][-+]?\d+", text):
            raise ValueError(
                f"{arg} writes {number.group(0)!r}: write powers of ten as the pages do, "
                "10⁻⁷ (a line may break inside 1e-7)"
            )


def _same_place(a: Axes, b: Axes) -> bool:
    return np.allclose(a.get_position().bounds, b.get_position().bounds, atol=1e-4)


def _panels(fig: Figure) -> list[list[Axes]]:
    """The axes of ``fig`` in the groups that are drawn together: an axes, its twins (axes
    at the same place) and its colour bars."""
    groups: list[list[Axes]] = []
    bars = [ax for ax in fig.axes if hasattr(ax, "_colorbar")]
    for ax in fig.axes:
        if ax in bars:
            continue
        place = np.round(ax.get_position().bounds, 4)
        twin = next(
            (g for g in groups if np.array_equal(np.round(g[0].get_position().bounds, 4), place)),
            None,
        )
        if twin is None:
            groups.append([ax])
        else:
            twin.append(ax)
    for bar in bars:
        parent = getattr(bar._colorbar.mappable, "axes", None)
        group = next((g for g in groups if parent in g), None)
        if group is None:
            raise ValueError("fig has a colour bar of no axes: pass ax= to fig.colorbar")
        group.append(bar)
    return groups


def _check_figure(fig: Figure, name: str) -> None:
    """One type scale, and nothing drawn outside the panels."""
    loose = [
        kind
        for kind, artists in (
            ("a figure legend", fig.legends),
            ("figure text", [t for t in fig.texts if t is not fig._suptitle]),
            ("a suptitle", [fig._suptitle] if fig._suptitle else []),
            ("figure lines or patches", [*fig.lines, *fig.patches, *fig.images]),
            ("subfigures", fig.subfigs),
        )
        if artists
    ]
    if loose:
        raise ValueError(
            f"figure {name!r} has {', '.join(loose)}: put legends, titles and text on a "
            "panel, which stands alone on a phone"
        )
    if not fig.axes:
        raise ValueError(f"figure {name!r} has no axes")
    small = sorted(
        {
            round(text.get_fontsize(), 1)
            for text in fig.findobj(Text)
            if text.get_visible()
            and text.get_text().strip()
            and text.get_fontsize() < SMALLEST_TEXT_PT - 1e-9
        }
    )
    if small:
        raise ValueError(
            f"figure {name!r} has text of {small} pt; the type scale's smallest size is "
            f"{SMALLEST_TEXT_PT:g} pt (leave fontsize to the site's style)"
        )


def _plain(label: str) -> str:
    """A tick label without matplotlib's mathtext: ``$\\mathdefault{10^{-1}}$`` -> ``10^{-1}``."""
    return re.sub(r"\$\\mathdefault\{(.*)\}\$", r"\1", label).replace("\\times", "×")


def _check_ticks(fig: Figure, name: str, renderer: object) -> None:
    """Tick labels that touch or overlap (a log axis labelling its minor ticks, say)."""
    for k, ax in enumerate(fig.axes):
        for letter, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            low, high = (ax.bbox.x0, ax.bbox.x1) if letter == "x" else (ax.bbox.y0, ax.bbox.y1)
            drawn = []  # (start, end, text) of each label at a tick inside the axes
            for text in axis.get_ticklabels(which="both"):
                box = text.get_window_extent(renderer)
                start, end = (box.x0, box.x1) if letter == "x" else (box.y0, box.y1)
                if (
                    text.get_visible()
                    and text.get_text()
                    and low - 1 <= (start + end) / 2 <= high + 1
                ):
                    drawn.append((start, end, _plain(text.get_text())))
            drawn.sort()
            boxes = [(a, b) for a, b, _ in drawn]
            labels = [t for _, _, t in drawn]
            crowded = [(a, b) for a, b in itertools.pairwise(boxes) if b[0] < a[1] + 2]
            if crowded:
                raise ValueError(
                    f"figure {name!r}: the {letter} tick labels of axes {k + 1} "
                    f"({', '.join(labels)}) touch; set fewer ticks"
                )


def panel_crops(fig: Figure) -> list[tuple[list[Axes], Bbox]]:
    """Each panel of ``fig`` (a group of axes) and the box, in inches, that cuts it out.

    The first call lays the figure out (its constrained layout places every panel once,
    all of them present) and fixes that layout, so later calls give the same boxes.
    """
    fig.canvas.draw()
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()
    inches = fig.dpi_scale_trans.inverted()
    return [
        (
            group,
            Bbox.union(
                [ax.get_tightbbox(renderer) for ax in group if ax.get_visible()]
            ).transformed(inches),
        )
        for group in _panels(fig)
    ]


def svg_of(fig: Figure, crop: Bbox) -> str:
    """The SVG document of the part of ``fig`` inside ``crop`` (inches), as the site cuts it."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches=crop.padded(0.04))
    return buffer.getvalue()


def _panel_svgs(fig: Figure, name: str) -> list[str]:
    """Each panel of ``fig`` cut out as an SVG document."""
    crops = panel_crops(fig)
    _check_ticks(fig, name, fig.canvas.get_renderer())
    svgs = []
    for group, crop in crops:
        hidden = [ax for ax in fig.axes if ax not in group and ax.get_visible()]
        for ax in hidden:
            ax.set_visible(False)
        svgs.append(svg_of(fig, crop))
        for ax in hidden:
            ax.set_visible(True)
    return svgs


def _view_width(svg: str) -> float:
    """The width of an SVG's viewBox, in points as matplotlib writes it."""
    view = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"', svg)
    if view is None:
        raise ValueError("svg must have a viewBox, got an SVG without one")
    return float(view.group(1))


def to_html(fig: Figure, *, name: str, alt: str, caption: str) -> str:
    """Render ``fig`` as a ``<figure>`` of inline SVG panels, then close it.

    Each panel (an axes with its legend, its colour bar and its twins) becomes an
    SVG of its own, as wide on the page as it is in the figure (a point of the
    figure is a CSS point), so that labels render at one size in every figure
    and the panels wrap onto several rows where the column is narrow.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        Short slug, unique on its page; the figure gets ``id="fig-{name}"`` and
        every SVG id is prefixed with it.
    alt : str
        Text alternative: what the figure shows, for a reader who cannot see it.
    caption : str
        Visible caption (plain text; HTML is escaped).

    Returns
    -------
    str
        The HTML of the figure.

    Raises
    ------
    ValueError
        When the figure breaks the site's style: text below [`SMALLEST_TEXT_PT`][],
        a legend, title or text on the figure rather than on a panel, or a panel
        wider than a phone's column ([`PHONE_COLUMN_PX`][]).
    """
    _check_labels(name, alt, caption)
    try:
        _check_figure(fig, name)
        svgs = _panel_svgs(fig, name)
    finally:
        plt.close(fig)
    prefix = f"f{zlib.crc32(name.encode()):08x}-"
    panels = []
    for k, raw in enumerate(svgs):
        svg = _clean_svg(raw, f"{prefix}{k}-" if len(svgs) > 1 else prefix)
        width = _view_width(svg)
        if width * 4 / 3 > PHONE_COLUMN_PX + 1e-9:
            raise ValueError(
                f"figure {name!r}: panel {k + 1} is {width * 4 / 3:.0f} px wide, wider than "
                f"a phone's {PHONE_COLUMN_PX}-px column; make panel_width smaller"
            )
        panels.append(f'<svg aria-hidden="true" style="width: {width:.1f}pt" {svg[5:]}')
    alt_attr = _html.escape(alt, quote=True)
    return (
        f'<figure class="dn-figure" id="fig-{name}">\n'
        f'<div class="dn-figure__panels" role="img" aria-label="{alt_attr}">\n'
        + "\n".join(panels)
        + f"\n</div>\n<figcaption>{_html.escape(caption, quote=False)}</figcaption>\n</figure>"
    )


def show(fig: Figure, *, name: str, alt: str, caption: str) -> Path | None:
    """Show ``fig`` where the code runs, then close it.

    - When the environment variable ``DEEPNOTES_FIGURES`` is ``"html"``, as in
      the site's build, print [`to_html`][]'s figure with the ``print`` of the
      calling code (the build captures a block's output through it).
    - With an interactive backend (a notebook's inline backend, a desktop
      window), call ``plt.show()``.
    - Otherwise (a script without a display), save ``{name}.png`` in the
      working directory, say so, and return its path.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        Short slug, unique on its page: the figure's id on the site, and the
        file name of the saved PNG.
    alt : str
        Text alternative: what the figure shows, for a reader who cannot see it.
    caption : str
        Caption of the figure on the site.

    Returns
    -------
    pathlib.Path or None
        The saved file, when the figure went to one.
    """
    if os.environ.get(FIGURES_VARIABLE) == "html":
        # Through the caller's own print: the build collects a block's output by giving the
        # block's globals a print of its own.
        caller_print = sys._getframe(1).f_globals.get("print", print)
        caller_print(to_html(fig, name=name, alt=alt, caption=caption))
        return None
    _check_labels(name, alt, caption)
    fig.set_facecolor("white")  # the site draws on the page's background; a window has none
    if matplotlib.get_backend().lower() not in _NON_INTERACTIVE:
        plt.show()
        plt.close(fig)
        return None
    path = Path(f"{name}.png").resolve()
    fig.savefig(path, dpi=150, transparent=False)
    plt.close(fig)
    print(f"Figure saved to {path}")
    return path


def decision_boundary(
    ax: Axes,
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    *,
    resolution: int = 100,
    pad: float = 0.4,
    markersize: float = 14.0,
) -> np.ndarray:
    """Shade the regions ``predict`` assigns to each class, and scatter the data.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    predict : callable
        Maps inputs of shape ``(2, k)`` to labels: ``(1, k)`` of 0/1 or ``(k,)``
        class indices, as [`predict`][deepnotes.network.predict] returns.
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m) or (C, m)
        0/1 labels or one-hot labels.
    resolution : int
        Grid points per axis.
    pad : float
        Margin around the data, in data units.
    markersize : float
        Area of the scatter markers.

    Returns
    -------
    ndarray of shape (resolution, resolution)
        The class drawn at each grid point, rows along $x_2$: what
        [`shapes.islands`][deepnotes.shapes.islands] measures.
    """
    labels = Y.ravel().astype(int) if Y.shape[0] == 1 else Y.argmax(axis=0)
    n_classes = max(2, Y.shape[0])
    x0 = np.linspace(X[0].min() - pad, X[0].max() + pad, resolution)
    x1 = np.linspace(X[1].min() - pad, X[1].max() + pad, resolution)
    G0, G1 = np.meshgrid(x0, x1)
    grid = np.vstack([G0.ravel(), G1.ravel()])
    regions = np.asarray(predict(grid)).ravel().reshape(G0.shape)
    colours = ListedColormap(PALETTE[:n_classes])
    ax.contourf(G0, G1, regions, levels=np.arange(n_classes + 1) - 0.5, cmap=colours, alpha=0.28)
    for k in range(n_classes):  # one line of markers per class keeps the SVG small
        ax.plot(
            X[0, labels == k],
            X[1, labels == k],
            "o",
            color=PALETTE[k],
            markersize=np.sqrt(markersize),
            markeredgecolor=INK,
            markeredgewidth=0.4,
        )
    ax.set_xlim(x0[0], x0[-1])
    ax.set_ylim(x1[0], x1[-1])
    ax.grid(False)
    return regions.astype(int)


class ClaimError(RuntimeError):
    """A page's text states something its experiment no longer shows."""


def claim(condition: object, statement: str) -> None:
    """Fail the build when the experiment stops supporting the text around it.

    The pages read their figures in words; each such sentence is guarded by a
    ``claim`` in the code that draws the figure, so that a change which breaks
    the story fails ``mkdocs build --strict`` instead of leaving prose that no
    longer matches the numbers.

    Examples
    --------
    >>> from deepnotes.plotting import claim
    >>> claim(1 + 1 == 2, "arithmetic works")
    >>> claim(2 < 1, "2 < 1")
    Traceback (most recent call last):
    ...
    deepnotes.plotting.ClaimError: the text says that 2 < 1, but the experiment disagrees
    """
    if not bool(condition):
        raise ClaimError(f"the text says that {statement}, but the experiment disagrees")


def contrast_ratio(first: object, second: object) -> float:
    r"""WCAG 2.1's contrast ratio of two colours, from 1 (same) to 21 (black on white).

    $$
    \frac{L_1 + 0.05}{L_2 + 0.05}, \qquad L_1 \ge L_2 \text{ the relative luminances}
    $$

    Text needs 4.5:1 against its background, graphical objects 3:1. The colours
    are anything matplotlib reads: ``"#1f2d3d"``, ``"white"``, an RGBA tuple.

    Examples
    --------
    >>> from deepnotes.plotting import contrast_ratio
    >>> round(contrast_ratio("black", "white"), 1), round(contrast_ratio("#767676", "white"), 2)
    (21.0, 4.54)
    """

    def luminance(colour: object) -> float:
        channels = np.asarray(matplotlib.colors.to_rgb(colour))
        linear = np.where(
            channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4
        )
        return float(linear @ np.array([0.2126, 0.7152, 0.0722]))

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def sci(x: float, digits: int = 1) -> str:
    r"""LaTeX for ``x`` in scientific notation, to use inside ``$...$`` in a page.

    Examples
    --------
    >>> from deepnotes.plotting import sci
    >>> sci(9210.0), sci(1.55e-5, 2), sci(0.5)
    ('9.2 \\times 10^{3}', '1.55 \\times 10^{-5}', '5.0 \\times 10^{-1}')
    """
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"
