r"""Forward and backward passes of an L-layer network.

Hidden layers are ``linear -> relu``. The output layer is ``linear -> sigmoid``
when it has one unit and ``linear -> softmax`` otherwise. Both outputs pair with
their cross-entropy so that $dZ^{[L]} = \frac{1}{m}(A^{[L]} - Y)$.

The hidden layer is one small pipeline, [`hidden_forward`][] and
[`hidden_backward`][], so that each option of later chapters adds one step to
it and leaves the rest of the network alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deepnotes._checks import as_matrix, check_params
from deepnotes.activations import relu, relu_backward, sigmoid, softmax
from deepnotes.losses import (
    binary_cross_entropy_with_logits,
    cross_entropy_with_logits,
    softmax_cross_entropy_backward,
)

__all__ = [
    "ForwardPass",
    "LayerCache",
    "backward",
    "cost",
    "forward",
    "hidden_backward",
    "hidden_forward",
    "linear_backward",
    "linear_forward",
    "predict",
]

Params = dict[str, np.ndarray]


@dataclass(frozen=True)
class LayerCache:
    """What one layer's backward pass needs from its forward pass."""

    A_prev: np.ndarray
    """Input of the layer, shape ``(n[l-1], m)``."""
    Z: np.ndarray
    """Pre-activation, shape ``(n[l], m)``."""


@dataclass(frozen=True)
class ForwardPass:
    """Result of [`forward`][]."""

    AL: np.ndarray
    """Output probabilities, shape ``(n[L], m)``."""
    ZL: np.ndarray
    """Output logits, shape ``(n[L], m)``."""
    caches: list[LayerCache]
    """One cache per layer, ``caches[l - 1]`` for layer ``l``."""


def linear_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    r"""Linear part of a layer.

    $$
    Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}
    $$

    Parameters
    ----------
    A_prev : ndarray of shape (n[l-1], m)
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)
        Broadcast over the $m$ columns.

    Returns
    -------
    Z : ndarray of shape (n[l], m)

    Examples
    --------
    >>> import numpy as np
    >>> linear_forward(np.ones((2, 3)), np.array([[1.0, 2.0]]), np.array([[0.5]]))
    array([[3.5, 3.5, 3.5]])
    """
    return W @ A_prev + b


def linear_backward(
    dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Backward pass of [`linear_forward`][].

    $$
    dW^{[l]} = dZ^{[l]} A^{[l-1]\top}, \qquad
    db^{[l]} = \sum_{i=1}^{m} dZ^{[l](i)}, \qquad
    dA^{[l-1]} = W^{[l]\top} dZ^{[l]}
    $$

    $dZ$ already carries the $\frac{1}{m}$ of the averaged cost (see
    [`softmax_cross_entropy_backward`][deepnotes.losses.softmax_cross_entropy_backward]).

    Parameters
    ----------
    dZ : ndarray of shape (n[l], m)
    A_prev : ndarray of shape (n[l-1], m)
    W : ndarray of shape (n[l], n[l-1])

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m)
    dW : ndarray of shape (n[l], n[l-1])
    db : ndarray of shape (n[l], 1)

    Examples
    --------
    >>> import numpy as np
    >>> dA_prev, dW, db = linear_backward(np.ones((1, 3)), np.ones((2, 3)), np.ones((1, 2)))
    >>> dA_prev.shape, dW.tolist(), db.tolist()
    ((2, 3), [[3.0, 3.0]], [[3.0]])
    """
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


def hidden_forward(A_prev: np.ndarray, params: Params, l: int) -> tuple[np.ndarray, LayerCache]:
    r"""One hidden layer: $A^{[l]} = \operatorname{relu}(W^{[l]} A^{[l-1]} + b^{[l]})$."""
    Z = linear_forward(A_prev, params[f"W{l}"], params[f"b{l}"])
    return relu(Z), LayerCache(A_prev=A_prev, Z=Z)


def hidden_backward(
    dA: np.ndarray, cache: LayerCache, params: Params, l: int, grads: Params
) -> np.ndarray:
    """Backward pass of [`hidden_forward`][]; fills ``grads`` and returns ``dA_prev``."""
    dZ = relu_backward(dA, cache.Z)
    dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, cache.A_prev, params[f"W{l}"])
    return dA_prev


def _check_input(params: Params, X: object) -> tuple[int, np.ndarray]:
    L = check_params(params)
    X = as_matrix(X, "X")
    n_x = np.shape(params["W1"])[1]
    if X.shape[0] != n_x:
        raise ValueError(f"X must have {n_x} rows (the input size of W1), got shape {X.shape}")
    return L, X


def forward(params: Params, X: np.ndarray, *, validate: bool = True) -> ForwardPass:
    r"""Forward pass through all $L$ layers.

    Parameters
    ----------
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL``.
    X : ndarray of shape (n_x, m)
        One column per example.
    validate : bool
        Check ``params`` and ``X`` first. [`fit`][deepnotes.training.fit] checks
        its inputs once and then skips the checks in its loop.

    Returns
    -------
    ForwardPass
        The output probabilities and logits, and the caches for [`backward`][].

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import he
    >>> p = he([2, 4, 3], rng=np.random.default_rng(0))
    >>> out = forward(p, np.ones((2, 5)))
    >>> out.AL.shape, out.AL.sum(axis=0).round(6).tolist()
    ((3, 5), [1.0, 1.0, 1.0, 1.0, 1.0])
    """
    if validate:
        L, A = _check_input(params, X)
    else:
        L, A = sum(1 for key in params if key[0] == "W"), X
    caches: list[LayerCache] = []
    for l in range(1, L):
        A, cache = hidden_forward(A, params, l)
        caches.append(cache)
    ZL = linear_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append(LayerCache(A_prev=A, Z=ZL))
    AL = sigmoid(ZL) if ZL.shape[0] == 1 else softmax(ZL)
    return ForwardPass(AL=AL, ZL=ZL, caches=caches)


def _check_labels(Y: object, n_out: int, m: int) -> np.ndarray:
    Y = as_matrix(Y, "Y")
    if Y.shape != (n_out, m):
        raise ValueError(f"Y must have shape ({n_out}, {m}) to match the output, got {Y.shape}")
    return Y


def cost(out: ForwardPass, Y: np.ndarray, *, validate: bool = True) -> float:
    r"""Cross-entropy cost of a forward pass, computed from its logits.

    Binary cross-entropy for a sigmoid output, cross-entropy for a softmax
    output; both are computed from $Z^{[L]}$, so the cost stays finite even when
    a probability rounds to $0$ or $1$.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import zeros
    >>> out = forward(zeros([2, 3, 1]), np.ones((2, 4)))
    >>> round(cost(out, np.array([[0.0, 1.0, 0.0, 1.0]])), 4)  # log 2
    0.6931
    """
    if validate:
        Y = _check_labels(Y, *out.ZL.shape)
    if Y.shape[0] == 1:
        return binary_cross_entropy_with_logits(out.ZL, Y)
    return cross_entropy_with_logits(out.ZL, Y)


def backward(out: ForwardPass, Y: np.ndarray, params: Params, *, validate: bool = True) -> Params:
    r"""Backward pass: gradients of the averaged cost for every parameter.

    Parameters
    ----------
    out : ForwardPass
        The result of [`forward`][] on the same ``params``.
    Y : ndarray of shape (n[L], m)
        Labels: ``(1, m)`` of 0/1, or ``(C, m)`` one-hot.
    params : dict of str to ndarray
    validate : bool
        Check ``params`` and ``Y`` first.

    Returns
    -------
    dict of str to ndarray
        ``dW1, db1, ..., dWL, dbL``, each shaped like its parameter.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import he
    >>> p = he([2, 4, 1], rng=np.random.default_rng(0))
    >>> X, Y = np.ones((2, 5)), np.ones((1, 5))
    >>> grads = backward(forward(p, X), Y, p)
    >>> {k: v.shape for k, v in grads.items()}
    {'dW1': (4, 2), 'db1': (4, 1), 'dW2': (1, 4), 'db2': (1, 1)}
    """
    L = len(out.caches)
    if validate:
        if check_params(params) != L:
            raise ValueError(f"params must have {L} layers, as in the forward pass")
        Y = _check_labels(Y, *out.AL.shape)
    grads: Params = {}
    dZ = softmax_cross_entropy_backward(out.AL, Y)
    last = out.caches[L - 1]
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, last.A_prev, params[f"W{L}"])
    for l in range(L - 1, 0, -1):
        dA = hidden_backward(dA, out.caches[l - 1], params, l, grads)
    return {key: grads[key] for key in sorted(grads, key=_layer_order)}


def _layer_order(key: str) -> tuple[int, str]:
    name = key.rstrip("0123456789")
    return int(key[len(name) :]), name


def predict(params: Params, X: np.ndarray) -> np.ndarray:
    r"""Predicted labels.

    For a sigmoid output, $\hat y = \mathbb{1}[a > 0.5]$ as a ``(1, m)`` array of
    0/1. For a softmax output, the index of the largest probability in each
    column, a ``(m,)`` array of ints.

    Examples
    --------
    >>> import numpy as np
    >>> p = {"W1": np.array([[1.0, -1.0]]), "b1": np.zeros((1, 1))}
    >>> predict(p, np.array([[2.0, 0.0], [1.0, 3.0]]))
    array([[1., 0.]])
    """
    out = forward(params, X)
    if out.AL.shape[0] == 1:
        return (out.AL > 0.5).astype(np.float64)
    return out.AL.argmax(axis=0)
