r"""Activation functions and their backward passes.

Every function works elementwise on a matrix whose columns are examples, except
[`softmax`][], which normalizes each column.
"""

from __future__ import annotations

import numpy as np

from deepnotes._cases import Case, case_of
from deepnotes._checks import as_matrix, check_same_shape

__all__ = ["relu", "relu_backward", "sigmoid", "sigmoid_backward", "softmax"]


def sigmoid(Z: np.ndarray) -> np.ndarray:
    r"""Logistic sigmoid, computed without overflow.

    $$
    \sigma(z) = \frac{1}{1 + e^{-z}}
    $$

    It is evaluated as $\exp(-\log(1 + e^{-z}))$ with ``np.logaddexp``, so a
    logit of $-1000$ gives $0$ rather than an overflow warning.

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        Pre-activations, one column per example.

    Returns
    -------
    A : ndarray of shape (n, m)
        Values in $[0, 1]$.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.activations import sigmoid
    >>> sigmoid(np.array([[-1000.0, 0.0, 2.0]])).round(4)
    array([[0.    , 0.5   , 0.8808]])
    """
    return _sigmoid(as_matrix(Z, "Z"))


def _sigmoid(Z: np.ndarray) -> np.ndarray:
    """The arithmetic of [`sigmoid`][], for callers that checked ``Z`` already."""
    return np.exp(-np.logaddexp(0.0, -Z))


def relu(Z: np.ndarray) -> np.ndarray:
    r"""Rectified linear unit.

    $$
    \operatorname{relu}(z) = \max(0, z)
    $$

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        Pre-activations.

    Returns
    -------
    A : ndarray of shape (n, m)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.activations import relu
    >>> relu(np.array([[-2.0, 0.0, 3.0]]))
    array([[0., 0., 3.]])
    """
    return _relu(as_matrix(Z, "Z"))


def _relu(Z: np.ndarray) -> np.ndarray:
    """The arithmetic of [`relu`][], for callers that checked ``Z`` already."""
    return np.maximum(Z, 0.0)


def softmax(Z: np.ndarray) -> np.ndarray:
    r"""Softmax over each column (axis 0), numerically stable.

    $$
    \operatorname{softmax}(z)_i = \frac{e^{z_i - \max_j z_j}}{\sum_k e^{z_k - \max_j z_j}}
    $$

    Subtracting the column maximum changes nothing mathematically (it cancels
    between numerator and denominator) but keeps every exponent at most $0$, so
    logits of $\pm 1000$ do not overflow. This is formula
    [`softmax`][formula-softmax].

    Parameters
    ----------
    Z : ndarray of shape (C, m)
        Logits, one column per example.

    Returns
    -------
    A : ndarray of shape (C, m)
        Each column is a probability distribution over the $C$ classes.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.activations import softmax
    >>> A = softmax(np.array([[1000.0, 1.0], [1000.0, 2.0], [0.0, 3.0]]))
    >>> A.round(4)
    array([[0.5   , 0.09  ],
           [0.5   , 0.2447],
           [0.    , 0.6652]])
    >>> A.sum(axis=0).round(12)
    array([1., 1.])
    """
    return _softmax(as_matrix(Z, "Z"))


def _softmax(Z: np.ndarray) -> np.ndarray:
    """The arithmetic of [`softmax`][], for callers that checked ``Z`` already."""
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def sigmoid_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    r"""Backward pass of [`sigmoid`][].

    $$
    dZ = dA \odot \sigma(Z)\,\bigl(1 - \sigma(Z)\bigr)
    $$

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient of the cost with respect to the activations.
    Z : ndarray of shape (n, m)
        The pre-activations the forward pass received.

    Returns
    -------
    dZ : ndarray of shape (n, m)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.activations import sigmoid_backward
    >>> sigmoid_backward(np.ones((1, 2)), np.zeros((1, 2)))
    array([[0.25, 0.25]])
    """
    dA = as_matrix(dA, "dA")
    Z = as_matrix(Z, "Z")
    check_same_shape(dA, Z, ("dA", "Z"))
    s = sigmoid(Z)
    return dA * s * (1.0 - s)


def relu_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    r"""Backward pass of [`relu`][].

    $$
    dZ = dA \odot \mathbb{1}[Z > 0]
    $$

    The derivative at exactly $0$ is taken as $0$, as in PyTorch.

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient of the cost with respect to the activations.
    Z : ndarray of shape (n, m)
        The pre-activations the forward pass received.

    Returns
    -------
    dZ : ndarray of shape (n, m)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.activations import relu_backward
    >>> relu_backward(np.array([[5.0, 5.0, 5.0]]), np.array([[-1.0, 0.0, 2.0]]))
    array([[0., 0., 5.]])
    """
    dA = as_matrix(dA, "dA")
    Z = as_matrix(Z, "Z")
    check_same_shape(dA, Z, ("dA", "Z"))
    return _relu_backward(dA, Z)


def _relu_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """The arithmetic of [`relu_backward`][], for callers that checked their arrays."""
    return dA * (Z > 0.0)


# ------------------------------------------------------------- gradient checks


def _elementwise_case(forward, backward, rng: np.random.Generator) -> Case:
    Z = rng.normal(size=(4, 5))
    Z[np.abs(Z) < 1e-3] = 0.5  # finite differences straddling ReLU's kink would be wrong
    dA = rng.normal(size=Z.shape)
    return Case(
        inputs={"Z": Z},
        scalar=lambda v: float((forward(v["Z"]) * dA).sum()),
        analytic={"Z": backward(dA, Z)},
    )


@case_of(sigmoid_backward)
def _sigmoid_case(rng: np.random.Generator) -> Case:
    return _elementwise_case(sigmoid, sigmoid_backward, rng)


@case_of(relu_backward)
def _relu_case(rng: np.random.Generator) -> Case:
    return _elementwise_case(relu, relu_backward, rng)
