r"""Measures of a curve's shape, for the claims that guard what a page says about a figure.

A sentence that reads a figure in words ("the path heads almost straight for the
minimum", "the curve is smooth", "the cost keeps falling") is a statement about
a computed sequence. Each function here turns one such word into a number, so
that [`plotting.claim`][deepnotes.plotting.claim] can check it and the build
fails when a change to the experiment changes the shape:

| word on the page | measure |
| --- | --- |
| zigzags, oscillates | [`sign_changes`][] of the coordinate across the valley |
| a damped swing, swings wide | the [`swings`][], each smaller than the last, and their size |
| straight, direct | [`straightness`][] of the path |
| smooth, noisy, keeps falling | [`largest_rise`][] and [`rises`][] of the curve |
| wraps around points, ragged | [`islands`][] and [`boundary_length`][] of a grid of classes |
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from deepnotes._checks import as_matrix, check_interval

__all__ = [
    "boundary_length",
    "islands",
    "largest_rise",
    "rises",
    "sign_changes",
    "straightness",
    "swings",
]


def _sequence(x: object, name: str) -> np.ndarray:
    """``x`` as a finite 1-D float64 array of at least two values, or raise."""
    arr = as_matrix(x, name, ndim=1, finite=True)
    if arr.size < 2:
        raise ValueError(f"{name} must hold at least 2 values, got {arr.size}")
    return arr


def _class_grid(labels: object) -> np.ndarray:
    """``labels`` as a 2-D grid of integer class labels, or raise."""
    grid = as_matrix(labels, "labels", finite=True)
    if not np.array_equal(grid, np.round(grid)):
        raise ValueError("labels must hold integer class labels")
    return grid


def sign_changes(x: np.ndarray, *, tol: float = 0.0) -> int:
    r"""How many times a sequence crosses zero.

    Values with $|x_t| \le$ ``tol`` are skipped, so that jitter around zero does
    not count as a swing: a path that sits on the valley floor has no sign
    changes above a small ``tol``, one that swings across it has many.

    Parameters
    ----------
    x : ndarray of shape (T,)
        The sequence, for example the coordinate across a valley along a path.
    tol : float
        Values at most this far from zero are left out; ``0`` skips only exact zeros.

    Returns
    -------
    int
        The number of consecutive kept values of opposite sign.

    Examples
    --------
    >>> from deepnotes.shapes import sign_changes
    >>> sign_changes([0.5, -0.4, 0.3, -0.2, 0.1])
    4
    >>> sign_changes([0.5, 0.001, -0.002, 0.001, -0.3], tol=0.01)
    1
    """
    x = _sequence(x, "x")
    tol = check_interval(tol, "tol", low=0.0, high=np.inf, closed="left")
    signs = np.sign(x[np.abs(x) > tol])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def swings(x: np.ndarray) -> np.ndarray:
    r"""The size of each swing around zero: the largest $|x_t|$ in each run of one sign.

    A damped oscillation has swings that shrink one after the other; a path that
    drops to zero and stays there has one swing, then swings of size about 0.

    Parameters
    ----------
    x : ndarray of shape (T,)
        The sequence. Exact zeros join the run before them.

    Returns
    -------
    ndarray of shape (sign changes + 1,)
        The swings, in order.

    Examples
    --------
    >>> from deepnotes.shapes import swings
    >>> swings([0.5, 0.2, -0.3, -0.25, 0.1, -0.05]).tolist()
    [0.5, 0.3, 0.1, 0.05]
    """
    x = _sequence(x, "x")
    signs = np.sign(x)
    for t in range(1, signs.size):  # a zero keeps the sign of the run it sits in
        if signs[t] == 0:
            signs[t] = signs[t - 1]
    starts = np.flatnonzero(signs[1:] != signs[:-1]) + 1
    return np.array([np.abs(run).max() for run in np.split(x, starts)])


def straightness(path: np.ndarray) -> float:
    r"""How directly a path travels: the distance from its start to its end, over its length.

    $$
    \frac{\lVert p_T - p_0 \rVert}{\sum_{t=1}^{T} \lVert p_t - p_{t-1} \rVert} \in [0, 1]
    $$

    1 for a straight line, near 0 for a path that zigzags in place.

    Parameters
    ----------
    path : ndarray of shape (T, d)
        The points $p_0, \dots, p_T$, one per row.

    Returns
    -------
    float

    Examples
    --------
    >>> from deepnotes.shapes import straightness
    >>> straightness([[0, 0], [1, 1], [2, 2]])
    1.0
    >>> round(straightness([[0, 0], [1, 1], [2, 0]]), 3)  # up and down: 2 / (2 √2)
    0.707
    """
    path = as_matrix(path, "path", finite=True)
    if path.shape[0] < 2:
        raise ValueError(f"path must hold at least 2 points (rows), got shape {path.shape}")
    length = float(np.linalg.norm(np.diff(path, axis=0), axis=1).sum())
    if length == 0.0:
        raise ValueError("path must move: all its points are the same")
    return float(np.linalg.norm(path[-1] - path[0])) / length


def largest_rise(y: np.ndarray) -> float:
    r"""The largest increase from one value of a sequence to the next, or 0 if it never rises.

    $$
    \max\bigl(0, \max_t\, (y_{t} - y_{t-1})\bigr)
    $$

    A cost curve that only falls has a largest rise of 0; the larger it is, the
    larger the worst jump back up.

    Examples
    --------
    >>> from deepnotes.shapes import largest_rise
    >>> largest_rise([3.0, 2.0, 2.5, 1.0, 1.2])
    0.5
    >>> largest_rise([3.0, 2.0, 1.0])
    0.0
    """
    return max(0.0, float(np.diff(_sequence(y, "y")).max()))


def rises(y: np.ndarray) -> int:
    r"""How many steps of a sequence go up: 0 for a curve that never rises.

    Examples
    --------
    >>> from deepnotes.shapes import rises
    >>> rises([3.0, 2.0, 2.5, 1.0, 1.2])
    2
    """
    return int(np.count_nonzero(np.diff(_sequence(y, "y")) > 0))


def islands(labels: np.ndarray) -> int:
    r"""How many islands a grid of predicted classes holds: regions that do not reach its edge.

    Two cells of one class are connected when they share a side. A decision
    boundary that runs across the plane leaves every region touching the edge
    of the grid and has no islands; one that wraps around single training
    points encloses small regions of the other class, each an island.

    Parameters
    ----------
    labels : ndarray of shape (rows, columns)
        Integer class labels on a grid, as
        [`plotting.decision_boundary`][deepnotes.plotting.decision_boundary] returns.

    Returns
    -------
    int

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.shapes import islands
    >>> grid = np.array([[0, 0, 0, 1], [0, 1, 0, 1], [0, 0, 0, 1]])
    >>> islands(grid)  # the 1 in the middle; the right column reaches the edge
    1
    """
    grid = _class_grid(labels)
    count = 0
    for k in np.unique(grid):
        parts, n = ndimage.label(grid == k)
        edge = np.concatenate([parts[0], parts[-1], parts[:, 0], parts[:, -1]])
        count += n - np.count_nonzero(np.unique(edge))
    return int(count)


def boundary_length(labels: np.ndarray) -> float:
    r"""The length of the boundaries between classes on a grid, in widths of the grid.

    It counts the cell sides with a different class on each side and divides by
    the number of columns, so that a straight cut from top to bottom has length
    about 1 (a diagonal one counts its steps: about 2 from corner to corner). A
    boundary that reaches out around single training points is longer than a
    smooth one between the same classes.

    Parameters
    ----------
    labels : ndarray of shape (rows, columns)
        Integer class labels on a grid, as
        [`plotting.decision_boundary`][deepnotes.plotting.decision_boundary] returns.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.shapes import boundary_length
    >>> grid = np.zeros((4, 4), dtype=int)
    >>> grid[:, 2:] = 1
    >>> boundary_length(grid)  # four sides between columns 1 and 2
    1.0
    """
    grid = _class_grid(labels)
    sides = np.count_nonzero(grid[1:] != grid[:-1]) + np.count_nonzero(grid[:, 1:] != grid[:, :-1])
    return float(sides / grid.shape[1])
