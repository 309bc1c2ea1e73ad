r"""Data augmentation for small square images stored as columns.

More data is the surest cure for high variance, and the cheapest more data is
the data you have, transformed in ways that keep its label: a digit shifted by
a pixel or with a little noise is still the same digit. Each column of ``X`` is
one image, flattened row by row (the 8x8 digits have $n_x = 64$).
"""

from __future__ import annotations

import numpy as np

from deepnotes._checks import as_examples, as_matrix, check_generator, check_int, check_interval

__all__ = ["add_noise", "augment", "flip_horizontal", "shift"]


def _images(X: object, name: str = "X") -> tuple[np.ndarray, int]:
    X = as_matrix(X, name)
    side = round(np.sqrt(X.shape[0]))
    if side * side != X.shape[0]:
        raise ValueError(f"{name} must hold square images (n_x a perfect square), got {X.shape}")
    return X.reshape(side, side, X.shape[1]), side


def flip_horizontal(X: np.ndarray) -> np.ndarray:
    r"""Mirror every image left to right.

    Safe for images whose class is mirror-symmetric (a 0, a 1, an 8, a cat);
    a mirrored 3 or 7 is no longer a digit, so do not flip them.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.augmentation import flip_horizontal
    >>> X = np.arange(4.0).reshape(4, 1)  # one 2x2 image: [[0, 1], [2, 3]]
    >>> flip_horizontal(X).ravel().tolist()
    [1.0, 0.0, 3.0, 2.0]
    """
    images, _ = _images(X)
    return images[:, ::-1, :].reshape(X.shape)


def shift(X: np.ndarray, *, dx: int, dy: int) -> np.ndarray:
    r"""Move every image ``dx`` pixels right and ``dy`` pixels down, filling with 0.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.augmentation import shift
    >>> X = np.arange(1.0, 10.0).reshape(9, 1)  # [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    >>> shift(X, dx=1, dy=0).reshape(3, 3).tolist()
    [[0.0, 1.0, 2.0], [0.0, 4.0, 5.0], [0.0, 7.0, 8.0]]
    """
    images, side = _images(X)
    for arg, value in (("dx", dx), ("dy", dy)):
        check_int(value, arg, minimum=-side + 1)
        if abs(value) >= side:
            raise ValueError(f"{arg} must be smaller than the image side {side}, got {value}")
    out = np.zeros_like(images)
    rows_to = slice(max(dy, 0), side + min(dy, 0))
    rows_from = slice(max(-dy, 0), side + min(-dy, 0))
    cols_to = slice(max(dx, 0), side + min(dx, 0))
    cols_from = slice(max(-dx, 0), side + min(-dx, 0))
    out[rows_to, cols_to] = images[rows_from, cols_from]
    return out.reshape(X.shape)


def add_noise(
    X: np.ndarray, *, std: float, rng: np.random.Generator, low: float = 0.0, high: float = 1.0
) -> np.ndarray:
    r"""Add Gaussian noise of standard deviation ``std``, clipped to ``[low, high]``.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.augmentation import add_noise
    >>> noisy = add_noise(np.full((64, 1000), 0.5), std=0.1, rng=np.random.default_rng(0))
    >>> round(float(noisy.std()), 2), float(noisy.min()) >= 0.0
    (0.1, True)
    """
    X = as_matrix(X, "X")
    std = check_interval(std, "std", low=0.0, high=np.inf, closed="left")
    noise = check_generator(rng).normal(0.0, std, X.shape)
    return np.clip(X + noise, low, high)


def augment(
    X: np.ndarray,
    Y: np.ndarray,
    *,
    copies: int,
    rng: np.random.Generator,
    max_shift: int = 1,
    noise_std: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    r"""The training set plus ``copies`` randomly shifted, noisy versions of it.

    Each copy of each image is moved by a random $(d_x, d_y)$ with
    $|d_x|, |d_y| \le$ ``max_shift`` and gets noise of standard deviation
    ``noise_std``. Flips are left out on purpose: they change most digits'
    meaning (see [`flip_horizontal`][]).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Square images as columns, with values in $[0, 1]$.
    Y : ndarray of shape (n_y, m)
        Labels; copied along with their images.
    copies : int
        Number of transformed copies, $\ge 0$.
    rng : numpy.random.Generator
        Draws the shifts and the noise.
    max_shift : int
        Largest shift, in pixels.
    noise_std : float
        Standard deviation of the added noise.

    Returns
    -------
    X_aug : ndarray of shape (n_x, m * (copies + 1))
    Y_aug : ndarray of shape (n_y, m * (copies + 1))
        The originals first, then the copies.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.augmentation import augment
    >>> X, Y = np.random.default_rng(0).random((64, 10)), np.ones((1, 10))
    >>> X_aug, Y_aug = augment(X, Y, copies=3, rng=np.random.default_rng(1))
    >>> X_aug.shape, Y_aug.shape, bool(np.array_equal(X_aug[:, :10], X))
    ((64, 40), (1, 40), True)
    """
    _images(X)
    X, Y = as_examples(X, Y)
    copies = check_int(copies, "copies", minimum=0)
    max_shift = check_int(max_shift, "max_shift", minimum=0)
    check_generator(rng)
    xs, ys = [X], [Y]
    for _ in range(copies):
        moves = rng.integers(-max_shift, max_shift + 1, size=(2, X.shape[1]))
        moved = np.empty_like(X)
        for dx, dy in sorted({(int(a), int(b)) for a, b in moves.T}):
            columns = (moves[0] == dx) & (moves[1] == dy)
            moved[:, columns] = shift(X[:, columns], dx=dx, dy=dy)
        xs.append(add_noise(moved, std=noise_std, rng=rng))
        ys.append(Y)
    return np.hstack(xs), np.hstack(ys)
