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
- states the width at which its smallest text is [`LEGIBLE_PX`][] pixels
  high (``--dn-legible-width``): on a phone the site's style keeps the figure
  at least that wide and lets it scroll sideways rather than shrink its
  labels below legibility.

The pages' figure code ends with [`show`][], which does what the place it runs
in needs: the site's build gets the HTML above, a notebook shows the figure
inline, a desktop session opens a window, and a script without a display
saves a PNG file. So a Code tab copied from the site runs as it is.

Importing the module makes the site's style matplotlib's current style, as
``plt.style.use`` would. It leaves the choice of backend to matplotlib: the
site's build selects the non-interactive Agg backend itself.

Examples
--------
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
import math
import os
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

__all__ = [
    "INK",
    "LEGIBLE_PX",
    "PALETTE",
    "ClaimError",
    "claim",
    "contrast_ratio",
    "decision_boundary",
    "figure",
    "legible_width",
    "sci",
    "show",
    "to_html",
    "use_style",
]

LEGIBLE_PX = 9.0
"""Smallest height, in CSS pixels, of a figure's text on a phone."""

FIGURES_VARIABLE = "DEEPNOTES_FIGURES"
"""Environment variable that selects what [`show`][] does; the site's build sets
it to ``"html"``."""
_NON_INTERACTIVE = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}

INK = "#0b0c0d"
"""Colour of text, spines and ticks. It is a placeholder that [`to_html`][]
turns into ``currentColor``, so use it for any line that should follow the
text colour of the page (contour lines, reference lines)."""
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
    "font.size": 10,
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
    nrows: int = 1, ncols: int = 1, *, width: float = 6.4, height: float = 3.6, **kwargs: object
) -> tuple[Figure, Axes | np.ndarray]:
    """Open a figure in the site's style; the arguments are those of ``plt.subplots``."""
    return plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", **kwargs)


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
        return f' id="{short[name]}"' if name in short else ""

    svg = _ID.sub(rename, svg)
    svg = _REF.sub(lambda m: short[m.group(0)], svg)
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


def to_html(fig: Figure, *, name: str, alt: str, caption: str) -> str:
    """Render ``fig`` as a ``<figure>`` with inline SVG, then close it.

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
    """
    _check_labels(name, alt, caption)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = _clean_svg(buffer.getvalue(), f"f{zlib.crc32(name.encode()):08x}-")
    attrs = (
        f'<svg role="img" aria-label="{_html.escape(alt, quote=True)}" '
        f'style="--dn-legible-width: {math.ceil(legible_width(svg))}px" '
    )
    svg = attrs + svg[len("<svg ") :]
    return (
        f'<figure class="dn-figure" id="fig-{name}">\n<div class="dn-figure__scroll">\n{svg}\n'
        f"</div>\n<figcaption>{_html.escape(caption, quote=False)}</figcaption>\n</figure>"
    )


def legible_width(svg: str) -> float:
    r"""The width, in CSS pixels, at which the smallest text of ``svg`` is [`LEGIBLE_PX`][] high.

    An inline SVG scales with its width $w$: text of size $s$ in a viewBox $W$
    wide is drawn $s\,w/W$ pixels high, so the smallest size $s_{\min}$ is
    legible from

    $$w = W \, \frac{9}{s_{\min}}.$$

    Parameters
    ----------
    svg : str
        An SVG document with a ``viewBox`` whose text sizes are in ``px``, as
        matplotlib writes them with ``svg.fonttype = "none"``.

    Returns
    -------
    float

    Examples
    --------
    >>> svg = '<svg viewBox="0 0 640 360"><text style="font-size: 8px">a</text></svg>'
    >>> legible_width(svg)
    720.0
    """
    view = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"', svg)
    sizes = [float(size) for size in re.findall(r"font-size: ?([\d.]+)px", svg)]
    if view is None:
        raise ValueError("svg must have a viewBox, got an SVG without one")
    width = float(view.group(1))
    return width * LEGIBLE_PX / min(sizes) if sizes else width


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
    >>> sci(9210.0), sci(1.55e-5, 2), sci(0.5)
    ('9.2 \\times 10^{3}', '1.55 \\times 10^{-5}', '5.0 \\times 10^{-1}')
    """
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"
