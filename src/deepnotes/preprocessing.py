r"""Input normalization and train/dev/test splits.

The statistics of the normalization are computed on the training set only and
then applied, unchanged, to the dev and test sets: all three must go through the
same transformation, or the network sees a different input distribution at test
time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from deepnotes._checks import as_examples, as_matrix, check_generator

__all__ = ["Normalizer", "Split", "fit_normalizer", "train_dev_test_split"]


@dataclass(frozen=True)
class Normalizer:
    r"""Per-feature shift and scale learned from a training set.

    Calling it on ``X`` returns $(X - \mu) / \sigma$; a feature with
    $\sigma = 0$ (constant on the training set) is only shifted.
    """

    mu: np.ndarray
    """Mean of each feature, shape ``(n_x, 1)``."""
    sigma2: np.ndarray
    """Variance of each feature, shape ``(n_x, 1)``."""

    def __call__(self, X: np.ndarray) -> np.ndarray:
        X = as_matrix(X, "X")
        if X.shape[0] != self.mu.shape[0]:
            raise ValueError(
                f"X must have {self.mu.shape[0]} rows (features), as when fitted, got {X.shape}"
            )
        sigma = np.sqrt(self.sigma2)
        return (X - self.mu) / np.where(sigma > 0.0, sigma, 1.0)


def fit_normalizer(X_train: np.ndarray) -> Normalizer:
    r"""Learn the mean and variance of each input feature on the training set.

    First centre each feature ([`normalize-mean`][formula-normalize-mean]):

    $$
    \mu = \frac{1}{m} \sum_{i=1}^{m} x^{(i)}, \qquad x := x - \mu
    $$

    then scale it to unit variance
    ([`normalize-variance`][formula-normalize-variance]):

    $$
    \sigma^2 = \frac{1}{m} \sum_{i=1}^{m} \bigl(x^{(i)}\bigr)^2, \qquad x := \frac{x}{\sigma}
    $$

    where the square is elementwise and is taken after the centring.

    Parameters
    ----------
    X_train : ndarray of shape (n_x, m)
        The training inputs, one column per example.

    Returns
    -------
    Normalizer
        Apply it to the train, dev and test inputs alike.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.preprocessing import fit_normalizer
    >>> X = np.array([[1.0, 2.0, 3.0], [100.0, 300.0, 200.0]])
    >>> norm = fit_normalizer(X)
    >>> norm.mu.ravel().tolist(), norm.sigma2.ravel().round(3).tolist()
    ([2.0, 200.0], [0.667, 6666.667])
    >>> Xn = norm(X)
    >>> Xn.mean(axis=1).round(12).tolist(), Xn.var(axis=1).round(12).tolist()
    ([0.0, 0.0], [1.0, 1.0])
    """
    X_train = as_matrix(X_train, "X_train", finite=True)
    if X_train.shape[1] < 2:
        raise ValueError(f"X_train must have at least 2 examples (columns), got {X_train.shape}")
    mu = X_train.mean(axis=1, keepdims=True)
    sigma2 = ((X_train - mu) ** 2).mean(axis=1, keepdims=True)
    return Normalizer(mu=mu, sigma2=sigma2)


class Split(NamedTuple):
    """Three ``(X, Y)`` pairs: train, dev and test."""

    train: tuple[np.ndarray, np.ndarray]
    dev: tuple[np.ndarray, np.ndarray]
    test: tuple[np.ndarray, np.ndarray]


def train_dev_test_split(
    X: np.ndarray,
    Y: np.ndarray,
    *,
    fractions: Sequence[float] = (0.6, 0.2, 0.2),
    rng: np.random.Generator,
) -> Split:
    r"""Shuffle the examples, then cut them into train, dev and test sets.

    The classic 60/20/20 suits a few thousand examples. With a million, 98/1/1
    already leaves 10,000 examples in dev and in test, which is enough to
    compare models. Shuffling before the cut keeps the dev and test sets from the
    same distribution.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_y, m)
    fractions : sequence of 3 floats
        Shares of train, dev and test; each $> 0$, summing to 1.
    rng : numpy.random.Generator
        Source of the shuffle.

    Returns
    -------
    Split
        ``(train, dev, test)``, each an ``(X, Y)`` pair with the columns aligned.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.preprocessing import train_dev_test_split
    >>> X, Y = np.arange(20.0).reshape(2, 10), np.arange(10.0).reshape(1, 10)
    >>> split = train_dev_test_split(X, Y, rng=np.random.default_rng(0))
    >>> [part[0].shape[1] for part in split]
    [6, 2, 2]
    >>> bool(np.all(split.dev[0][0] == split.dev[1][0] * 1.0))
    True
    """
    X, Y = as_examples(X, Y)
    shares = np.asarray(fractions, dtype=np.float64)
    if shares.shape != (3,) or np.any(shares <= 0.0) or not np.isclose(shares.sum(), 1.0):
        raise ValueError(f"fractions must be 3 positive numbers summing to 1, got {fractions!r}")
    m = X.shape[1]
    n_train = round(shares[0] * m)
    n_dev = round(shares[1] * m)
    if min(n_train, n_dev, m - n_train - n_dev) < 1:
        raise ValueError(f"fractions {fractions!r} leave an empty set out of {m} examples")
    order = check_generator(rng).permutation(m)
    cuts = np.split(order, [n_train, n_train + n_dev])
    train, dev, test = ((X[:, idx], Y[:, idx]) for idx in cuts)
    return Split(train, dev, test)
