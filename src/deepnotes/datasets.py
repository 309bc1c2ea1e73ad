r"""Small seeded datasets, in the course's layout (examples as columns).

Thin wrappers over scikit-learn's generators and its bundled 8x8 digits; nothing
is downloaded. Every generator takes an explicit ``rng`` and derives
scikit-learn's integer seed from it.
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets as _sk

from deepnotes._checks import check_generator, check_int, check_interval

__all__ = ["blobs", "circles", "digits", "moons", "one_hot"]

Data = tuple[np.ndarray, np.ndarray]


def _seed(rng: np.random.Generator) -> int:
    return int(check_generator(rng).integers(2**31 - 1))


def _binary(X: np.ndarray, y: np.ndarray) -> Data:
    return np.ascontiguousarray(X.T, dtype=np.float64), y.reshape(1, -1).astype(np.float64)


def one_hot(labels: np.ndarray, num_classes: int) -> np.ndarray:
    r"""One-hot encode integer labels into a ``(C, m)`` matrix.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.datasets import one_hot
    >>> one_hot(np.array([2, 0]), 3)
    array([[0., 1.],
           [0., 0.],
           [1., 0.]])
    """
    num_classes = check_int(num_classes, "num_classes", minimum=2)
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of ints, got {labels.dtype} {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"labels must lie in [0, {num_classes}), got {labels.min()}..{labels.max()}"
        )
    Y = np.zeros((num_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def moons(m: int, *, noise: float = 0.2, rng: np.random.Generator) -> Data:
    """Two interleaving half circles: ``X`` of shape ``(2, m)``, ``Y`` of shape ``(1, m)``.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.datasets import moons
    >>> X, Y = moons(100, rng=np.random.default_rng(0))
    >>> X.shape, Y.shape, int(Y.sum())
    ((2, 100), (1, 100), 50)
    """
    m = check_int(m, "m", minimum=2)
    noise = check_interval(noise, "noise", low=0.0, high=np.inf, closed="left")
    return _binary(*_sk.make_moons(m, noise=noise, random_state=_seed(rng)))


def circles(m: int, *, noise: float = 0.05, factor: float = 0.5, rng: np.random.Generator) -> Data:
    """A small circle inside a large one: ``X`` of shape ``(2, m)``, ``Y`` of shape ``(1, m)``.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.datasets import circles
    >>> X, Y = circles(300, rng=np.random.default_rng(0))
    >>> X.shape, Y.shape, int(Y.sum())
    ((2, 300), (1, 300), 150)
    """
    m = check_int(m, "m", minimum=2)
    noise = check_interval(noise, "noise", low=0.0, high=np.inf, closed="left")
    factor = check_interval(factor, "factor", low=0.0, high=1.0, closed="neither")
    return _binary(*_sk.make_circles(m, noise=noise, factor=factor, random_state=_seed(rng)))


def blobs(m: int, *, centers: int = 4, std: float = 1.0, rng: np.random.Generator) -> Data:
    """Gaussian blobs in 2-D: ``X`` of shape ``(2, m)``, one-hot ``Y`` of shape ``(centers, m)``.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.datasets import blobs
    >>> X, Y = blobs(200, centers=4, rng=np.random.default_rng(0))
    >>> X.shape, Y.shape, Y.sum(axis=1).tolist()
    ((2, 200), (4, 200), [50.0, 50.0, 50.0, 50.0])
    """
    m = check_int(m, "m", minimum=2)
    centers = check_int(centers, "centers", minimum=2)
    std = check_interval(std, "std", low=0.0, high=np.inf, closed="neither")
    X, y = _sk.make_blobs(m, centers=centers, cluster_std=std, random_state=_seed(rng))
    return np.ascontiguousarray(X.T, dtype=np.float64), one_hot(y, centers)


def digits() -> Data:
    """scikit-learn's bundled 8x8 digits, 1797 images.

    Returns ``X`` of shape ``(64, 1797)`` scaled to $[0, 1]$ (the raw pixels run
    from 0 to 16) and one-hot ``Y`` of shape ``(10, 1797)``. The data ship with
    scikit-learn, so nothing is downloaded.

    Examples
    --------
    >>> from deepnotes.datasets import digits
    >>> X, Y = digits()
    >>> X.shape, Y.shape, float(X.max())
    ((64, 1797), (10, 1797), 1.0)
    """
    bunch = _sk.load_digits()
    X = np.ascontiguousarray(bunch.data.T / 16.0, dtype=np.float64)
    return X, one_hot(bunch.target.astype(np.int64), 10)
