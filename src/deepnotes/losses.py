r"""Cost functions of the output layer.

The costs average over the $m$ examples (the columns). The network computes its
cost from the logits with [`binary_cross_entropy_with_logits`][] and
[`cross_entropy_with_logits`][], which stay finite when a probability
rounds to exactly $0$ or $1$; the probability forms are kept for the formulas.
"""

from __future__ import annotations

import numpy as np

from deepnotes._cases import Case, case_of
from deepnotes._checks import as_matrix, check_same_shape
from deepnotes.activations import softmax

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_with_logits",
    "output_gradient",
    "softmax_cross_entropy_backward",
]


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x * log(y)`` with the convention ``0 * log(0) = 0``."""
    safe_y = np.where(x == 0.0, 1.0, y)
    with np.errstate(divide="ignore"):
        return np.where(x == 0.0, 0.0, x * np.log(safe_y))


def _probabilities(AL: object, Y: object) -> tuple[np.ndarray, np.ndarray]:
    AL = as_matrix(AL, "AL")
    Y = as_matrix(Y, "Y")
    check_same_shape(AL, Y, ("AL", "Y"))
    if np.any((AL < 0.0) | (AL > 1.0)):
        raise ValueError("AL must hold probabilities in [0, 1], got values outside")
    if np.any((Y < 0.0) | (Y > 1.0)):
        raise ValueError("Y must hold labels in [0, 1], got values outside")
    return AL, Y


def _one_hot(Y: np.ndarray) -> None:
    if Y.shape[0] < 2 or not np.all((Y == 0.0) | (Y == 1.0)) or np.any(Y.sum(axis=0) != 1.0):
        raise ValueError(
            f"Y must be one-hot with at least 2 rows (one 1 per column), got shape {Y.shape}"
        )


def binary_cross_entropy(AL: np.ndarray, Y: np.ndarray) -> float:
    r"""Binary cross-entropy of sigmoid outputs.

    $$
    J = -\frac{1}{m} \sum_{i=1}^{m}
        \Bigl( y^{(i)} \log a^{(i)} + (1 - y^{(i)}) \log\bigl(1 - a^{(i)}\bigr) \Bigr)
    $$

    A probability of exactly $0$ for a positive example gives ``inf``, never NaN;
    the terms with weight zero are dropped ($0 \log 0 = 0$).

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Predicted probabilities of the positive class.
    Y : ndarray of shape (1, m)
        Labels in $\{0, 1\}$.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.losses import binary_cross_entropy
    >>> round(binary_cross_entropy(np.array([[0.9, 0.2]]), np.array([[1.0, 0.0]])), 4)
    0.1643
    """
    AL, Y = _probabilities(AL, Y)
    m = Y.shape[1]
    return float(-(_xlogy(Y, AL) + _xlogy(1.0 - Y, 1.0 - AL)).sum() / m)


def binary_cross_entropy_with_logits(ZL: np.ndarray, Y: np.ndarray) -> float:
    r"""Binary cross-entropy computed from the logits $z = \sigma^{-1}(a)$.

    $$
    J = \frac{1}{m} \sum_{i=1}^{m} \Bigl( \log\bigl(1 + e^{z^{(i)}}\bigr) - y^{(i)} z^{(i)} \Bigr)
    $$

    It equals [`binary_cross_entropy`][] of ``sigmoid(ZL)`` but stays finite
    for any finite logit.

    Parameters
    ----------
    ZL : ndarray of shape (1, m)
        Logits of the output layer.
    Y : ndarray of shape (1, m)
        Labels in $\{0, 1\}$.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.losses import binary_cross_entropy_with_logits
    >>> Y = np.array([[1.0, 0.0]])
    >>> round(binary_cross_entropy_with_logits(np.array([[50.0, 50.0]]), Y), 4)
    25.0
    """
    ZL = as_matrix(ZL, "ZL")
    Y = as_matrix(Y, "Y")
    check_same_shape(ZL, Y, ("ZL", "Y"))
    return _binary_cross_entropy_with_logits(ZL, Y)


def _binary_cross_entropy_with_logits(ZL: np.ndarray, Y: np.ndarray) -> float:
    """The arithmetic of [`binary_cross_entropy_with_logits`][], for checked arrays."""
    return float(np.add.reduce((np.logaddexp(0.0, ZL) - Y * ZL).ravel()) / Y.shape[1])


def cross_entropy(AL: np.ndarray, Y: np.ndarray) -> float:
    r"""Cross-entropy of softmax outputs against one-hot labels.

    $$
    J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{C} y_k^{(i)} \log a_k^{(i)}
    $$

    This is formula [`cross-entropy`][formula-cross-entropy].

    Parameters
    ----------
    AL : ndarray of shape (C, m)
        Predicted class probabilities, each column summing to 1.
    Y : ndarray of shape (C, m)
        One-hot labels.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.losses import cross_entropy
    >>> AL = np.array([[0.7, 0.1], [0.2, 0.8], [0.1, 0.1]])
    >>> Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> round(cross_entropy(AL, Y), 4)
    0.2899
    """
    AL, Y = _probabilities(AL, Y)
    _one_hot(Y)
    m = Y.shape[1]
    return float(-_xlogy(Y, AL).sum() / m)


def cross_entropy_with_logits(ZL: np.ndarray, Y: np.ndarray) -> float:
    r"""Cross-entropy computed from the logits, with a log-sum-exp.

    $$
    J = \frac{1}{m} \sum_{i=1}^{m}
        \Bigl( \log \sum_{k} e^{z_k^{(i)}} - \sum_k y_k^{(i)} z_k^{(i)} \Bigr)
    $$

    Parameters
    ----------
    ZL : ndarray of shape (C, m)
        Logits of the output layer.
    Y : ndarray of shape (C, m)
        One-hot labels.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.losses import cross_entropy_with_logits
    >>> Y = np.array([[1.0], [0.0]])
    >>> round(cross_entropy_with_logits(np.array([[0.0], [1000.0]]), Y), 4)
    1000.0
    """
    ZL = as_matrix(ZL, "ZL")
    Y = as_matrix(Y, "Y")
    check_same_shape(ZL, Y, ("ZL", "Y"))
    _one_hot(Y)
    return _cross_entropy_with_logits(ZL, Y)


def _cross_entropy_with_logits(ZL: np.ndarray, Y: np.ndarray) -> float:
    """The arithmetic of [`cross_entropy_with_logits`][], for checked arrays."""
    top = ZL.max(axis=0, keepdims=True)
    lse = top + np.log(np.exp(ZL - top).sum(axis=0, keepdims=True))
    return float((lse - (Y * ZL).sum(axis=0, keepdims=True)).sum() / Y.shape[1])


def softmax_cross_entropy_backward(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    r"""Gradient of the averaged cost with respect to the output logits.

    For a softmax output with cross-entropy, and equally for a sigmoid output
    with binary cross-entropy, the chain rule collapses to

    $$
    dZ^{[L]} = \frac{1}{m}\bigl(A^{[L]} - Y\bigr)
    $$

    This is formula [`softmax-gradient`][formula-softmax-gradient]. The factor
    $\frac{1}{m}$ is part of $dZ$ here, so that $dW^{[L]} = dZ^{[L]} A^{[L-1]\top}$
    needs no further scaling.

    Parameters
    ----------
    AL : ndarray of shape (C, m)
        Output probabilities.
    Y : ndarray of shape (C, m)
        Labels, one-hot when $C > 1$.

    Returns
    -------
    dZ : ndarray of shape (C, m)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.losses import softmax_cross_entropy_backward
    >>> AL = np.array([[0.7, 0.1], [0.3, 0.9]])
    >>> Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> softmax_cross_entropy_backward(AL, Y).round(4)
    array([[-0.15,  0.05],
           [ 0.15, -0.05]])
    """
    AL, Y = _probabilities(AL, Y)
    return output_gradient(AL, Y)


def output_gradient(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """The arithmetic of [`softmax_cross_entropy_backward`][], without its checks.

    For callers that have checked their arrays already, such as the training loop.
    """
    return (AL - Y) / Y.shape[1]


# ------------------------------------------------------------- gradient checks


@case_of(softmax_cross_entropy_backward)
def _softmax_cross_entropy_case(rng: np.random.Generator) -> Case:
    Z = rng.normal(size=(4, 6))
    Y = np.eye(4)[:, rng.integers(0, 4, 6)]
    return Case(
        inputs={"Z": Z},
        scalar=lambda v: cross_entropy(softmax(v["Z"]), Y),
        analytic={"Z": softmax_cross_entropy_backward(softmax(Z), Y)},
    )
