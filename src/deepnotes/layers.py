r"""The layers of the network: the linear step, and the hidden-layer pipeline.

A hidden layer is ``linear -> [batch norm] -> relu -> [dropout]`` on the way
forward and the reverse on the way back. Each option of the course is one step
of [`hidden_forward`][] and [`hidden_backward`][], so that adding one leaves the
rest of the network alone. With batch norm the layer has no bias $b^{[l]}$: the
shift $\beta^{[l]}$ takes its place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deepnotes._cases import Case, case_of
from deepnotes.activations import relu, relu_backward
from deepnotes.batchnorm import (
    EPSILON,
    BatchNormCache,
    batchnorm_backward,
    batchnorm_forward,
    batchnorm_inference,
)
from deepnotes.regularization import dropout_backward, dropout_forward

__all__ = ["LayerCache", "hidden_backward", "hidden_forward", "linear_backward", "linear_forward"]

Params = dict[str, np.ndarray]


@dataclass(slots=True)
class LayerCache:
    """What one layer's backward pass needs from its forward pass."""

    A_prev: np.ndarray
    """Input of the layer, shape ``(n[l-1], m)``."""
    Z: np.ndarray
    """Pre-activation, shape ``(n[l], m)`` (after batch norm, when the layer has it)."""
    mask: np.ndarray | None = None
    """Dropout mask of the layer's output, or ``None`` without dropout."""
    bn: BatchNormCache | None = None
    """Batch-norm cache, or ``None`` without batch norm (or at test time)."""


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
    >>> from deepnotes.layers import linear_forward
    >>> linear_forward(np.ones((2, 3)), np.array([[1.0, 2.0]]), np.array([[0.5]]))
    array([[3.5, 3.5, 3.5]])
    """
    return W @ A_prev + b


def linear_backward(
    dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Backward pass of [`linear_forward`][].

    $$
    \begin{aligned}
    dW^{[l]} &= dZ^{[l]} A^{[l-1]\top}, \qquad db^{[l]} = \sum_{i=1}^{m} dZ^{[l](i)}, \\
    dA^{[l-1]} &= W^{[l]\top} dZ^{[l]}
    \end{aligned}
    $$

    $dZ$ already carries the $\frac{1}{m}$ of the averaged cost (see
    [`deepnotes.losses.softmax_cross_entropy_backward`][]).

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
    >>> from deepnotes.layers import linear_backward
    >>> dA_prev, dW, db = linear_backward(np.ones((1, 3)), np.ones((2, 3)), np.ones((1, 2)))
    >>> dA_prev.shape, dW.tolist(), db.tolist()
    ((2, 3), [[3.0, 3.0]], [[3.0]])
    """
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


def hidden_forward(
    A_prev: np.ndarray,
    params: Params,
    l: int,
    *,
    keep_prob: float = 1.0,
    rng: np.random.Generator | None = None,
    training: bool = False,
) -> tuple[np.ndarray, LayerCache]:
    r"""One hidden layer: linear, batch norm if the layer has $\gamma^{[l]}$, ReLU, dropout.

    $$
    A^{[l]} = \frac{\operatorname{relu}\bigl(W^{[l]} A^{[l-1]} + b^{[l]}\bigr) \odot D^{[l]}}{p}
    $$

    With batch norm, $W^{[l]} A^{[l-1]}$ is normalized with the batch's
    statistics when ``training`` and with the running averages
    ``running_mean{l}``, ``running_var{l}`` of ``params`` otherwise. Dropout
    applies when ``keep_prob < 1``.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.layers import hidden_forward
    >>> params = {"W1": np.array([[1.0, -1.0]]), "b1": np.zeros((1, 1))}
    >>> A, cache = hidden_forward(np.array([[2.0, 0.0], [1.0, 3.0]]), params, 1)
    >>> A.tolist(), cache.Z.tolist(), cache.mask
    ([[1.0, 0.0]], [[1.0, -3.0]], None)
    """
    W = params[f"W{l}"]
    bn = None
    if f"gamma{l}" in params:
        gamma, beta = params[f"gamma{l}"], params[f"beta{l}"]
        if training:
            Z, bn = batchnorm_forward(W @ A_prev, gamma, beta, epsilon=EPSILON)
        else:
            Z = batchnorm_inference(
                W @ A_prev,
                gamma,
                beta,
                params[f"running_mean{l}"],
                params[f"running_var{l}"],
                epsilon=EPSILON,
            )
    else:
        Z = linear_forward(A_prev, W, params[f"b{l}"])
    A = relu(Z)
    mask = None
    if keep_prob < 1.0:
        A, mask = dropout_forward(A, keep_prob=keep_prob, rng=rng)
    return A, LayerCache(A_prev=A_prev, Z=Z, mask=mask, bn=bn)


def hidden_backward(
    dA: np.ndarray,
    cache: LayerCache,
    params: Params,
    l: int,
    grads: Params,
    *,
    keep_prob: float = 1.0,
) -> np.ndarray:
    """Backward pass of [`hidden_forward`][]; fills ``grads`` and returns ``dA_prev``.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.layers import hidden_backward, hidden_forward
    >>> params = {"W1": np.array([[1.0, -1.0]]), "b1": np.zeros((1, 1))}
    >>> A, cache = hidden_forward(np.array([[2.0, 0.0], [1.0, 3.0]]), params, 1)
    >>> grads = {}
    >>> hidden_backward(np.ones((1, 2)), cache, params, 1, grads).tolist()
    [[1.0, 0.0], [-1.0, 0.0]]
    >>> grads["dW1"].tolist(), grads["db1"].tolist()
    ([[2.0, 1.0]], [[1.0]])
    """
    if cache.mask is not None:
        dA = dropout_backward(dA, cache.mask, keep_prob=keep_prob)
    dZ = relu_backward(dA, cache.Z)
    if f"gamma{l}" in params:
        if cache.bn is None:
            raise ValueError(
                f"layer {l} has batch norm: backprop needs a forward pass with training=True"
            )
        dZ, grads[f"dgamma{l}"], grads[f"dbeta{l}"] = batchnorm_backward(dZ, cache.bn)
        dA_prev, grads[f"dW{l}"], _ = linear_backward(dZ, cache.A_prev, params[f"W{l}"])
    else:
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(
            dZ, cache.A_prev, params[f"W{l}"]
        )
    return dA_prev


# ------------------------------------------------------------- gradient checks


@case_of(linear_backward)
def _linear_case(rng: np.random.Generator) -> Case:
    A_prev, W, b = rng.normal(size=(3, 5)), rng.normal(size=(4, 3)), rng.normal(size=(4, 1))
    dZ = rng.normal(size=(4, 5))
    dA_prev, dW, db = linear_backward(dZ, A_prev, W)
    return Case(
        inputs={"A_prev": A_prev, "W": W, "b": b},
        scalar=lambda v: float((linear_forward(v["A_prev"], v["W"], v["b"]) * dZ).sum()),
        analytic={"A_prev": dA_prev, "W": dW, "b": db},
    )


@case_of(hidden_backward)
def _hidden_case(rng: np.random.Generator) -> Case:
    """A batch-normalized hidden layer, the longest path through the pipeline."""
    params = {
        "W1": rng.normal(size=(4, 3)),
        "gamma1": rng.normal(size=(4, 1)),
        "beta1": rng.normal(size=(4, 1)),
    }
    A_prev = rng.normal(size=(3, 6))
    A, cache = hidden_forward(A_prev, params, 1, training=True)
    dA = rng.normal(size=A.shape)
    grads: Params = {}
    dA_prev = hidden_backward(dA, cache, params, 1, grads)
    return Case(
        inputs={"A_prev": A_prev, **params},
        scalar=lambda v: float((hidden_forward(v["A_prev"], v, 1, training=True)[0] * dA).sum()),
        analytic={"A_prev": dA_prev, **{k: grads[f"d{k}"] for k in params}},
    )
