r"""The layers of the network: the linear step, and the hidden-layer pipeline.

A hidden layer is ``linear -> [batch norm] -> relu -> [dropout]`` on the way
forward and the reverse on the way back. Each option of the course is one step
of [`hidden_forward`][] and [`hidden_backward`][], so that adding one leaves the
rest of the network alone. With batch norm the layer has no bias $b^{[l]}$: the
shift $\beta^{[l]}$ takes its place.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from deepnotes._cases import Case, case_of
from deepnotes.activations import _relu, _relu_backward
from deepnotes.batchnorm import (
    EPSILON,
    BatchNormCache,
    _batchnorm_backward,
    _batchnorm_forward,
    _batchnorm_inference,
    batchnorm_backward,
    batchnorm_forward,
    batchnorm_inference,
)
from deepnotes.regularization import (
    _dropout_backward,
    _dropout_forward,
    dropout_backward,
    dropout_forward,
)

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
    dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray, *, input_gradient: bool = True
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
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
    input_gradient : bool
        Compute ``dA_prev``. The first layer's would be the gradient of the inputs,
        which training never uses: ``False`` skips that product and gives ``None``.

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m), or None
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
    dA_prev = W.T @ dZ if input_gradient else None
    # np.add.reduce is what ndarray.sum calls, without its Python wrapper: the same sum
    return dA_prev, dZ @ A_prev.T, np.add.reduce(dZ, axis=1, keepdims=True)


def hidden_forward(
    A_prev: np.ndarray,
    params: Params,
    l: int,
    *,
    keep_prob: float = 1.0,
    rng: np.random.Generator | None = None,
    training: bool = False,
    validate: bool = True,
) -> tuple[np.ndarray, LayerCache]:
    r"""One hidden layer: linear, batch norm if the layer has $\gamma^{[l]}$, ReLU, dropout.

    $$
    A^{[l]} = \frac{\operatorname{relu}\bigl(W^{[l]} A^{[l-1]} + b^{[l]}\bigr) \odot D^{[l]}}{p}
    $$

    With batch norm, $W^{[l]} A^{[l-1]}$ is normalized with the batch's
    statistics when ``training`` and with the running averages
    ``running_mean{l}``, ``running_var{l}`` of ``params`` otherwise. Dropout
    applies when ``keep_prob < 1``.

    Batch norm and dropout check their arguments unless ``validate=False``, which the
    network's passes give once [`network.forward`][deepnotes.network.forward] (or
    [`fit`][deepnotes.training.fit]) has checked them.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.layers import hidden_forward
    >>> params = {"W1": np.array([[1.0, -1.0]]), "b1": np.zeros((1, 1))}
    >>> A, cache = hidden_forward(np.array([[2.0, 0.0], [1.0, 3.0]]), params, 1)
    >>> A.tolist(), cache.Z.tolist(), cache.mask
    ([[1.0, 0.0]], [[1.0, -3.0]], None)
    """
    keys = _keys(l)
    W = params[keys.W]
    bn = None
    if keys.gamma in params:
        gamma, beta = params[keys.gamma], params[keys.beta]
        if training:
            normalize = batchnorm_forward if validate else _batchnorm_forward
            Z, bn = normalize(W @ A_prev, gamma, beta, epsilon=EPSILON)
        else:
            normalize = batchnorm_inference if validate else _batchnorm_inference
            Z = normalize(
                W @ A_prev,
                gamma,
                beta,
                params[keys.running_mean],
                params[keys.running_var],
                epsilon=EPSILON,
            )
    else:
        Z = linear_forward(A_prev, W, params[keys.b])
    A = _relu(Z)  # Z = W A_prev (+ b): float arrays of the network's own
    mask = None
    if keep_prob < 1.0:
        drop = dropout_forward if validate else _dropout_forward
        A, mask = drop(A, keep_prob=keep_prob, rng=rng)
    return A, LayerCache(A_prev, Z, mask, bn)


def hidden_backward(
    dA: np.ndarray,
    cache: LayerCache,
    params: Params,
    l: int,
    grads: Params,
    *,
    keep_prob: float = 1.0,
    input_gradient: bool = True,
    validate: bool = True,
) -> np.ndarray | None:
    """Backward pass of [`hidden_forward`][]; fills ``grads`` and returns ``dA_prev``.

    The first layer's ``dA_prev`` would be the gradient of the inputs, which nothing
    uses: with ``input_gradient=False`` it is not computed, and ``None`` comes back.
    ``validate=False`` skips the checks of batch norm and dropout, as in
    [`hidden_forward`][].

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
        undrop = dropout_backward if validate else _dropout_backward
        dA = undrop(dA, cache.mask, keep_prob=keep_prob)
    dZ = _relu_backward(dA, cache.Z)
    keys = _keys(l)
    normalized = keys.gamma in params
    if normalized:
        if cache.bn is None:
            raise ValueError(
                f"layer {l} has batch norm: backprop needs a forward pass with training=True"
            )
        unnormalize = batchnorm_backward if validate else _batchnorm_backward
        dZ, grads[keys.dgamma], grads[keys.dbeta] = unnormalize(dZ, cache.bn)
    dA_prev, grads[keys.dW], db = linear_backward(
        dZ, cache.A_prev, params[keys.W], input_gradient=input_gradient
    )
    if not normalized:  # batch norm's beta takes the place of the bias
        grads[keys.db] = db
    return dA_prev


class _Keys(NamedTuple):
    W: str
    b: str
    gamma: str
    beta: str
    running_mean: str
    running_var: str
    dW: str  # noqa: N815 (the course's names)
    db: str
    dgamma: str
    dbeta: str


@functools.lru_cache(maxsize=128)
def _keys(l: int) -> _Keys:
    """The names of layer ``l``'s parameters and gradients (made once: a training loop
    asks for them at every step)."""
    return _Keys(*(f"{name}{l}" for name in _Keys._fields))


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
