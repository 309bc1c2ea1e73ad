r"""What depth does to a signal: vanishing and exploding activations.

In a deep network every layer multiplies the signal by a weight matrix. Unless
those matrices keep its scale, the scale changes geometrically with depth: it
explodes when they are slightly too large and vanishes when they are slightly
too small, and the gradients, which flow back through the same matrices, do
the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from deepnotes._checks import as_matrix

__all__ = ["ACTIVATIONS", "deep_linear_output", "layer_scales"]

ACTIVATIONS = {
    "linear": lambda Z: Z,
    "relu": lambda Z: np.maximum(Z, 0.0),
    "tanh": np.tanh,
}
"""Activations that [`layer_scales`][] accepts."""


def _check_chain(
    weights: Sequence[np.ndarray], X: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    if not weights:
        raise ValueError("weights must hold at least one matrix, got none")
    Ws = [as_matrix(W, f"weights[{i}]") for i, W in enumerate(weights)]
    A = as_matrix(X, "X")
    rows = A.shape[0]
    for i, W in enumerate(Ws):
        if W.shape[1] != rows:
            raise ValueError(f"weights[{i}] must have {rows} columns, got shape {W.shape}")
        rows = W.shape[0]
    return Ws, A


def deep_linear_output(weights: Sequence[np.ndarray], X: np.ndarray) -> np.ndarray:
    r"""Output of a deep network with linear activations and zero biases.

    $$
    \hat y = W^{[L]} W^{[L-1]} \cdots W^{[2]} W^{[1]} x
    $$

    This is formula [`deep-linear-output`][formula-deep-linear-output]. With
    every $W^{[l]} = a I$ the output is $a^{L} x$: for $L = 50$, $a = 1.5$ gives
    $6 \times 10^{8}$ and $a = 0.5$ gives $9 \times 10^{-16}$.

    Parameters
    ----------
    weights : sequence of ndarray
        ``[W1, W2, ..., WL]``, each of shape ``(n[l], n[l-1])``.
    X : ndarray of shape (n[0], m)

    Returns
    -------
    ndarray of shape (n[L], m)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.depth import deep_linear_output
    >>> x = np.ones((2, 1))
    >>> f"{deep_linear_output([1.5 * np.eye(2)] * 50, x)[0, 0]:.2e}"
    '6.38e+08'
    >>> f"{deep_linear_output([0.5 * np.eye(2)] * 50, x)[0, 0]:.2e}"
    '8.88e-16'
    """
    Ws, A = _check_chain(weights, X)
    for W in Ws:
        A = W @ A
    return A


def layer_scales(
    weights: Sequence[np.ndarray], X: np.ndarray, *, activation: str = "linear"
) -> np.ndarray:
    r"""Root-mean-square of the activations after each layer.

    $$
    \begin{aligned}
    s^{[l]} &= \sqrt{\frac{1}{n^{[l]} m} \sum_{i,j} \bigl(A^{[l]}_{ij}\bigr)^2}, \\
    A^{[l]} &= g\bigl(W^{[l]} A^{[l-1]}\bigr), \qquad A^{[0]} = X
    \end{aligned}
    $$

    Parameters
    ----------
    weights : sequence of ndarray
        ``[W1, ..., WL]``.
    X : ndarray of shape (n[0], m)
    activation : {"linear", "relu", "tanh"}

    Returns
    -------
    ndarray of shape (L + 1,)
        $s^{[0]}, \dots, s^{[L]}$.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.depth import layer_scales
    >>> layer_scales([2.0 * np.eye(3)] * 4, np.ones((3, 5))).tolist()
    [1.0, 2.0, 4.0, 8.0, 16.0]
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    g = ACTIVATIONS[activation]
    Ws, A = _check_chain(weights, X)
    scales = [np.sqrt(np.mean(A**2))]
    for W in Ws:
        A = g(W @ A)
        scales.append(np.sqrt(np.mean(A**2)))
    return np.array(scales)
