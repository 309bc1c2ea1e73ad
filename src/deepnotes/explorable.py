r"""Explorable figures: controls over a sweep that the code computed, one frame per setting.

A page's experiment sweeps a grid of settings (a learning rate, a $\beta$, an optimizer)
and computes, for every point of the grid, a [`Frame`][]: the lines that change and a
sentence, written from that frame's numbers, that says what it shows. The figure is drawn
once, at the default setting, with ``gid="dn-..."`` on each line that changes; [`show`][]
then does what the place it runs in needs:

- in the site's build, it prints [`to_html`][]'s figure: the default frame as an ordinary
  figure (what a page shows without JavaScript, and on paper), with a native control for
  each setting and, for every frame, the SVG paths of its lines (cut by matplotlib itself,
  on a copy of the axes) and its sentence; a small shared script,
  ``docs/javascripts/explorables.js``, only chooses the frame that the controls name and
  swaps its paths and sentence in;
- in a notebook with ipywidgets, it shows sliders that redraw the figure;
- in a notebook without ipywidgets, it draws the figure at each value of the first
  setting (the others at their defaults), each under its sentence;
- in a script, it prints those sentences and saves the default frame as
  [`plotting.show`][deepnotes.plotting.show] does.

Examples
--------
>>> import numpy as np
>>> from deepnotes import plotting
>>> from deepnotes.explorable import Frame, Slider, to_html
>>> rates = Slider("rate", "rate", (0.5, 1.0, 2.0), default=1.0, symbol="r")
>>> t = np.linspace(0, 1, 5)
>>> frames = {(r,): Frame({"dn-curve": (t, r * t)}, f"slope {r:g}") for r in rates.values}
>>> fig, ax = plotting.figure()
>>> _ = ax.plot(t, t, gid="dn-curve")
>>> _ = ax.set_ylim(0, 2)
>>> html = to_html(fig, frames, [rates], name="demo", alt="A line.", caption="Slopes.")
>>> 'type="range"' in html and 'aria-live="polite"' in html and "slope 2" in html
True
"""

from __future__ import annotations

import html as _html
import importlib.util
import itertools
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from deepnotes import plotting

__all__ = ["Choice", "Frame", "Slider", "number", "show", "to_html"]


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(x: float, digits: int = 2) -> str:
    """``x`` for a sentence: plain between 0.01 and 10,000, else with a power of ten.

    Examples
    --------
    >>> from deepnotes.explorable import number
    >>> number(0.038), number(15.4), number(723.4), number(6.2e-10), number(2.5e6, 1)
    ('0.038', '15', '720', '6.2 × 10⁻¹⁰', '2 × 10⁶')
    """
    if x == 0 or 0.01 <= abs(x) < 10_000:
        rounded = float(f"{x:.{digits}g}")  # the significant digits, never an exponent
        return f"{rounded:,.0f}" if abs(rounded) >= 10 ** (digits - 1) else f"{rounded:g}"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


@dataclass(frozen=True)
class Slider:
    """A setting with ordered values: a range input that steps through ``values``.

    ``symbol`` names the value in words that a screen reader says and the page shows:
    ``Slider("alpha", "learning rate", (0.01, 0.1), default=0.1, symbol="α")`` reads
    ``α = 0.1``.
    """

    name: str
    label: str
    values: tuple[float, ...]
    default: float
    symbol: str

    def text(self, value: float) -> str:
        return f"{self.symbol} = {value:g}"


@dataclass(frozen=True)
class Choice:
    """A setting with a few named values: one radio button each."""

    name: str
    label: str
    values: tuple[str, ...]
    default: str

    def text(self, value: str) -> str:
        return str(value)


@dataclass(frozen=True)
class Frame:
    """What one setting of the controls shows: each changing line's ``(x, y)``, keyed by its
    ``gid``, and a sentence computed from this frame's numbers."""

    lines: Mapping[str, tuple[np.ndarray, np.ndarray]]
    sentence: str


Control = Slider | Choice
_PATH = re.compile(r'<g (?:id|data-dn)="(dn-[\w-]+?)(?:--(\d+))?">\s*<path d="([^"]*)"')


def _check(frames: object, controls: object, fig: Figure) -> dict[str, Line2D]:
    if not isinstance(controls, Sequence) or not controls:
        raise ValueError(f"controls must be a non-empty list of Slider or Choice, got {controls!r}")
    names = [c.name for c in controls if isinstance(c, Slider | Choice)]
    if len(names) != len(controls) or len(set(names)) != len(names):
        raise ValueError(f"controls must be Slider or Choice with distinct names, got {controls!r}")
    for control in controls:
        if control.default not in control.values or len(control.values) < 2:
            raise ValueError(
                f"control {control.name!r} needs two values or more and its default among "
                f"them, got values {control.values!r} and default {control.default!r}"
            )
    grid = set(itertools.product(*(c.values for c in controls)))
    if not isinstance(frames, Mapping) or set(frames) != grid:
        missing = sorted(map(str, grid - set(frames))) if isinstance(frames, Mapping) else []
        raise ValueError(
            "frames must map every setting of the controls (a tuple of values, in the "
            f"controls' order) to a Frame; missing: {missing[:3]}"
        )
    lines = {
        line.get_gid(): line
        for line in fig.findobj(Line2D)
        if str(line.get_gid()).startswith(plotting.KEPT_GID)
    }
    for key, frame in frames.items():
        if not isinstance(frame, Frame) or set(frame.lines) != set(lines) or not lines:
            raise ValueError(
                f"frame {key!r} must be a Frame with the lines the figure marks with "
                f"gid='dn-...' ({sorted(lines)}), got {frame!r}"
            )
    return lines


def _points(d: str) -> list[tuple[str, float, float]]:
    """The moves and lines of a line's SVG path, as (``"M"`` or ``"L"``, x, y)."""
    tokens = re.findall(r"[A-Za-z]|-?\d+(?:\.\d*)?(?:e-?\d+)?", d)
    points, command, k = [], "M", 0
    while k < len(tokens):
        if tokens[k].isalpha():
            command = tokens[k].upper()
            if command not in "ML":
                raise ValueError(f"a changing line's path may only move and draw lines, got {d!r}")
            k += 1
            continue
        points.append((command, float(tokens[k]), float(tokens[k + 1])))
        command = "L" if command == "M" else command
        k += 2
    return points


def _compact(d: str) -> str:
    """A line's path in few bytes: whole points (a point is 4/3 of a CSS pixel), each move
    absolute and the lines after it relative."""
    parts, x0, y0 = [], 0, 0
    for command, x, y in _points(d):
        x, y = round(x), round(y)
        if command == "M":
            parts.append(f"M{x} {y}")
        else:
            parts.append(f"{'l' if parts[-1][0] == 'M' else ' '}{x - x0} {y - y0}")
        x0, y0 = x, y
    return "".join(parts)


def _same_path(a: str, b: str) -> bool:
    """Whether two paths of a line have the same points, to the rounding of a point."""
    first, second = _points(a), _points(b)
    return len(first) == len(second) and all(
        p[0] == q[0] and abs(p[1] - q[1]) <= 0.6 and abs(p[2] - q[2]) <= 0.6
        for p, q in zip(first, second, strict=True)
    )


def _frame_paths(fig: Figure, lines: dict[str, Line2D], frames: list[Frame]) -> list[dict]:
    """The SVG path of every changing line in every frame, cut by matplotlib on a copy of the
    axes (same place, limits and scales, nothing else drawn) with each panel's own box."""
    crops = plotting.panel_crops(fig)
    twin = Figure(figsize=fig.get_size_inches(), dpi=fig.dpi)
    copies = {}
    for gid, line in lines.items():
        ax = line.axes
        if ax not in copies:
            copy = copies[ax] = twin.add_axes(ax.get_position())
            copy.set_xscale(ax.get_xscale())
            copy.set_yscale(ax.get_yscale())
            copy.set_xlim(ax.get_xlim())
            copy.set_ylim(ax.get_ylim())
            copy.set_axis_off()
        for k, frame in enumerate(frames):
            copies[ax].plot(*frame.lines[gid], gid=f"{gid}--{k}", drawstyle=line.get_drawstyle())
    paths: list[dict] = [dict.fromkeys(lines, "") for _ in frames]  # an empty line: no path
    for group, crop in crops:
        if any(line.axes in group for line in lines.values()):
            for gid, k, d in _PATH.findall(plotting.svg_of(twin, crop)):
                if k and lines[gid].axes in group:
                    paths[int(k)][gid] = d
    return paths


def _control_html(control: Control, prefix: str) -> str:
    index = control.values.index(control.default)
    ident = f"{prefix}-{control.name}"
    if isinstance(control, Slider):
        text = _html.escape(control.text(control.default))
        return (
            f'<div class="dn-explorable__control"><label for="{ident}">'
            f"{_html.escape(control.label)}</label>"
            f'<input type="range" id="{ident}" name="{control.name}" min="0" '
            f'max="{len(control.values) - 1}" step="1" value="{index}" aria-valuetext="{text}">'
            f'<output for="{ident}">{text}</output></div>'
        )
    buttons = "".join(
        f'<label><input type="radio" name="{control.name}" value="{k}"'
        f"{' checked' if k == index else ''}> {_html.escape(control.text(value))}</label>"
        for k, value in enumerate(control.values)
    )
    return (
        f'<fieldset class="dn-explorable__control"><legend>{_html.escape(control.label)}'
        f"</legend>{buttons}</fieldset>"
    )


def _grid_sentence(controls: Sequence[Control], count: int) -> str:
    settings = ", ".join(
        f"{c.symbol if isinstance(c, Slider) else c.label} ∈ "
        f"{{{', '.join(f'{v:g}' if isinstance(c, Slider) else str(v) for v in c.values)}}}"
        for c in controls
    )
    return f"The build computed all {count} frames: {settings}."


def to_html(
    fig: Figure,
    frames: Mapping[tuple, Frame],
    controls: Sequence[Control],
    *,
    name: str,
    alt: str,
    caption: str,
) -> str:
    """Render ``fig``, drawn at the default setting, as an explorable figure, then close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure at the controls' defaults; each line that changes has ``gid="dn-..."``.
    frames : mapping of tuple to Frame
        Every setting of the controls (their values, in the controls' order) to its frame.
    controls : list of Slider or Choice
    name, alt, caption : str
        As for [`plotting.to_html`][deepnotes.plotting.to_html]; ``alt`` and ``caption``
        describe the default frame.

    Returns
    -------
    str
        The figure's HTML, its controls, its live sentence and its frames.

    Raises
    ------
    ValueError
        When a setting has no frame, a frame lacks a marked line, or the default frame is
        not what the figure draws.
    """
    lines = _check(frames, controls, fig)
    keys = list(frames)
    paths = _frame_paths(fig, lines, [frames[k] for k in keys])
    default = tuple(c.default for c in controls)
    static = plotting.to_html(fig, name=name, alt=alt, caption=caption)
    drawn = {gid: d for gid, _, d in _PATH.findall(static)}
    expected = paths[keys.index(default)]
    if set(drawn) != set(expected) or not all(_same_path(drawn[g], expected[g]) for g in drawn):
        raise ValueError(f"figure {name!r} must draw the default frame {default!r}")
    paths = [{gid: _compact(d) for gid, d in frame.items()} for frame in paths]
    table = sorted({d for frame in paths for d in frame.values()})
    index = {d: i for i, d in enumerate(table)}
    gids = sorted(lines)
    data = {
        "targets": gids,
        "controls": [{"name": c.name, "texts": [c.text(v) for v in c.values]} for c in controls],
        "paths": table,
        "frames": {
            ",".join(str(c.values.index(v)) for c, v in zip(controls, key, strict=True)): [
                frames[key].sentence,
                [index[paths[k][gid]] for gid in gids],
            ]
            for k, key in enumerate(keys)
        },
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    widgets = (
        f'<form class="dn-explorable__controls" hidden data-search-exclude>'
        f"{''.join(_control_html(c, f'fig-{name}') for c in controls)}"
        f'<p class="dn-explorable__grid">{_html.escape(_grid_sentence(controls, len(keys)))}'
        f'</p></form><p class="dn-explorable__status" aria-live="polite" hidden '
        "data-search-exclude>"
        f"{_html.escape(frames[default].sentence)}</p>"
        f'<script type="application/json" class="dn-explorable__frames">{payload}</script>\n'
    )
    static = static.replace('<figure class="dn-figure"', '<figure class="dn-figure dn-explorable"')
    return static.replace("<figcaption>", widgets + "<figcaption>", 1)


def _draw(lines: dict[str, Line2D], frame: Frame) -> None:
    for gid, line in lines.items():
        line.set_data(*frame.lines[gid])


def show(
    fig: Figure,
    frames: Mapping[tuple, Frame],
    controls: Sequence[Control],
    *,
    name: str,
    alt: str,
    caption: str,
) -> None:
    """Show the explorable where the code runs (see the module's description), then close it.

    Parameters are those of [`to_html`][deepnotes.explorable.to_html].
    """
    lines = _check(frames, controls, fig)
    if os.environ.get(plotting.FIGURES_VARIABLE) == "html":
        # Through the caller's own print, which the build gives each block (plotting.show).
        caller_print = sys._getframe(1).f_globals.get("print", print)
        caller_print(to_html(fig, frames, controls, name=name, alt=alt, caption=caption))
        return
    first, default = controls[0], {c.name: c.default for c in controls}
    if not _in_notebook():  # a script: the sweep's sentences, and the default frame saved
        for value in first.values:
            print(frames[tuple({**default, first.name: value}[c.name] for c in controls)].sentence)
        plotting.show(fig, name=name, alt=alt, caption=caption)
        return
    from IPython.display import display

    def redraw(**setting: object) -> None:
        frame = frames[tuple(setting[c.name] for c in controls)]
        _draw(lines, frame)
        print(frame.sentence)
        display(fig)

    if importlib.util.find_spec("ipywidgets") is not None:
        import ipywidgets

        ipywidgets.interact(
            redraw,
            **{
                c.name: ipywidgets.SelectionSlider(options=list(c.values), value=c.default)
                if isinstance(c, Slider)
                else ipywidgets.ToggleButtons(options=list(c.values), value=c.default)
                for c in controls
            },
        )
    else:  # the sweep along the first control, the others at their defaults
        for value in first.values:
            redraw(**{**default, first.name: value})
    plt.close(fig)


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})
