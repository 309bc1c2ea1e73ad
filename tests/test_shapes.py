"""The shape measures, and the claims built on them failing when the experiment changes."""

import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

from deepnotes import plotting, shapes
from deepnotes_docs.page_code import blocks

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_sign_changes_counts_crossings_and_skips_jitter():
    zigzag = 0.5 * (-0.9) ** np.arange(20)
    assert shapes.sign_changes(zigzag) == 19
    assert shapes.sign_changes(np.abs(zigzag)) == 0
    floor = np.array([0.5, 0.2, 1e-4, -1e-4, 2e-4, -3e-4, 0.3])
    assert shapes.sign_changes(floor) == 4
    assert shapes.sign_changes(floor, tol=1e-3) == 0


def test_swings_of_a_damped_wave_shrink():
    t = np.arange(200)
    wave = 0.5 * np.exp(-t / 40) * np.cos(t / 5)
    swings = shapes.swings(wave)
    assert swings[0] == pytest.approx(0.5)
    assert len(swings) == shapes.sign_changes(wave) + 1
    assert np.all(np.diff(swings) < 0)
    assert not np.all(np.diff(shapes.swings(np.cos(t / 5))) < 0)  # undamped: equal swings


def test_swings_let_zeros_join_their_run():
    assert shapes.swings([0.5, 0.0, 0.2, -0.1]).tolist() == [0.5, 0.1]


def test_straightness_of_a_line_a_zigzag_and_a_loop():
    line = np.linspace([0.0, 0.0], [3.0, 4.0], 10)
    assert shapes.straightness(line) == pytest.approx(1.0)
    zigzag = np.array([[k, (-1) ** k] for k in range(11)], dtype=float)
    assert shapes.straightness(zigzag) == pytest.approx(10 / (10 * np.sqrt(5)))
    loop = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    assert shapes.straightness(loop) == 0.0


def test_largest_rise_and_rises():
    falling = np.geomspace(1.0, 1e-3, 30)
    assert shapes.largest_rise(falling) == 0.0 and shapes.rises(falling) == 0
    bumpy = falling.copy()
    bumpy[10] += 0.25
    assert shapes.rises(bumpy) == 1
    assert shapes.largest_rise(bumpy) == pytest.approx(bumpy[10] - bumpy[9])


def test_islands_are_regions_that_do_not_reach_the_edge():
    grid = np.zeros((20, 20), dtype=int)
    grid[:, 12:] = 1  # a boundary across the plane: no island
    assert shapes.islands(grid) == 0
    grid[4:6, 4:6] = 1  # a 1 wrapped around one point
    grid[15, 15] = 0  # and a 0 inside the 1 side
    assert shapes.islands(grid) == 2


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: shapes.sign_changes([1.0]), "x must hold at least 2 values, got 1"),
        (lambda: shapes.sign_changes([[1.0, 2.0]]), "x must be 1-D, got shape"),
        (lambda: shapes.sign_changes([1.0, -1.0], tol=-1.0), "tol"),
        (lambda: shapes.largest_rise([1.0, np.nan]), "y must be finite"),
        (lambda: shapes.rises("falling"), "y must be an array of numbers, got str"),
        (lambda: shapes.straightness([[1.0, 1.0], [1.0, 1.0]]), "path must move"),
        (lambda: shapes.straightness([[1.0, 1.0]]), "path must hold at least 2 points"),
        (lambda: shapes.islands([[0.5, 1.0]]), "labels must hold integer class labels"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def _session_code(page: str, session: str) -> str:
    """Every executed block of a page's session, in order: the figure and its reading."""
    return "\n\n".join(
        b.code
        for b in blocks(DOCS / page)
        if b.executed and b.lang == "python" and b.session == session
    )


def _claim_failure(page: str, session: str, old: str, new: str) -> str | None:
    """Run a session with ``old`` changed to ``new``; the message of the claim that fails."""
    code = _session_code(page, session)
    assert code.count(old) == 1, f"{old!r} is not in the {session} session of {page} once"
    with contextlib.redirect_stdout(io.StringIO()):  # the figure's HTML
        try:
            exec(compile(code.replace(old, new), f"{page}:{session}", "exec"), {})
        except plotting.ClaimError as error:
            return str(error)
    return None


@pytest.fixture
def html_figures(monkeypatch):
    monkeypatch.setenv(plotting.FIGURES_VARIABLE, "html")


@pytest.mark.parametrize(
    ("page", "session", "old", "new", "statement"),
    [
        (  # too much momentum: Adam no longer settles in a damped wave
            "optimization.md",
            "paths",
            "beta1=0.9, beta2=0.999",
            "beta1=0.99, beta2=0.999",
            "Adam swings across the valley in a damped wave",
        ),
        (  # a larger rate makes the per-epoch curve of b = 1 jump too
            "optimization.md",
            "batch",
            '"stochastic (b = 1)": (1, 0.05)',
            '"stochastic (b = 1)": (1, 0.2)',
            "per epoch, the stochastic curve is the smoother of the two stochastic ones",
        ),
        (  # stopped at 3,000 steps, full Adam's burst would not show
            "optimization.md",
            "ablation",
            "steps=8000) for name, update in variants.items()",
            "steps=3000) for name, update in variants.items()",
            "then full Adam bursts back too",
        ),
    ],
)
def test_a_changed_experiment_fails_its_shape_claim(
    html_figures, page, session, old, new, statement
):
    assert _claim_failure(page, session, old, old) is None  # as written, every claim holds
    assert _claim_failure(page, session, old, new) == (
        f"the text says that {statement}, but the experiment disagrees"
    )
