r"""Forward and backward passes of an L-layer network.

Hidden layers are the pipeline of [`deepnotes.layers`][]: linear, optional
batch norm, ReLU, optional dropout. The output layer is ``linear -> sigmoid``
when it has one unit and ``linear -> softmax`` otherwise; both outputs pair
with their cross-entropy so that $dZ^{[L]} = \frac{1}{m}(A^{[L]} - Y)$. L2
regularization lives in the cost and in the weight gradients.

A parameters dict may also hold the running averages of batch-normalized
layers (``running_mean{l}``, ``running_var{l}``): they are used at test time
and are not trained, so [`trainable`][] leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deepnotes._cases import Case, case_of
from deepnotes._checks import (
    as_matrix,
    check_generator,
    check_int,
    check_interval,
    check_params,
)
from deepnotes.activations import _sigmoid, _softmax
from deepnotes.layers import (
    LayerCache,
    _keys,
    hidden_backward,
    hidden_forward,
    linear_backward,
    linear_forward,
)
from deepnotes.losses import (
    _binary_cross_entropy_with_logits,
    _cross_entropy_with_logits,
    _probabilities,
    binary_cross_entropy_with_logits,
    cross_entropy_with_logits,
    output_gradient,
)
from deepnotes.regularization import _l2_gradient, _l2_penalty, l2_penalty

__all__ = [
    "ForwardPass",
    "backward",
    "cost",
    "forward",
    "predict",
    "trainable",
    "with_batchnorm",
]

Params = dict[str, np.ndarray]


RUNNING = "running_"
"""What the keys of batch norm's running averages start with: carried, not trained."""


@dataclass(slots=True)
class ForwardPass:
    """Result of [`forward`][]."""

    AL: np.ndarray
    """Output probabilities, shape ``(n[L], m)``."""
    ZL: np.ndarray
    """Output logits, shape ``(n[L], m)``."""
    caches: list[LayerCache]
    """One cache per layer, ``caches[l - 1]`` for layer ``l``."""
    keep_prob: float = 1.0
    """Dropout keep probability used on the hidden layers."""


def trainable(params: Params) -> Params:
    """The parameters that gradient descent updates: all but the running averages.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.network import trainable
    >>> sorted(trainable({"W1": 1, "gamma1": 1, "beta1": 1, "running_mean1": 0, "running_var1": 1}))
    ['W1', 'beta1', 'gamma1']
    """
    return {k: v for k, v in params.items() if not k.startswith(RUNNING)}


def with_batchnorm(params: Params) -> Params:
    r"""Give every hidden layer batch norm: drop $b^{[l]}$, add $\gamma^{[l]}$ and $\beta^{[l]}$.

    $\gamma$ starts at 1 and $\beta$ at 0; the running averages start at mean 0
    and variance 1. The output layer keeps its bias.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import he
    >>> from deepnotes.network import with_batchnorm
    >>> p = with_batchnorm(he([2, 3, 1], rng=np.random.default_rng(0)))
    >>> list(p)
    ['W1', 'gamma1', 'beta1', 'running_mean1', 'running_var1', 'W2', 'b2']
    """
    L = check_params(params)
    out: Params = {}
    for l in range(1, L + 1):
        W = params[f"W{l}"]
        out[f"W{l}"] = W
        if l < L:
            n = W.shape[0]
            out |= {
                f"gamma{l}": np.ones((n, 1)),
                f"beta{l}": np.zeros((n, 1)),
                f"running_mean{l}": np.zeros((n, 1)),
                f"running_var{l}": np.ones((n, 1)),
            }
        else:
            out[f"b{l}"] = params[f"b{l}"]
    return out


def _check_input(params: Params, X: object) -> tuple[int, np.ndarray]:
    L = check_params(params)
    X = as_matrix(X, "X")
    n_x = np.shape(params["W1"])[1]
    if X.shape[0] != n_x:
        raise ValueError(f"X must have {n_x} rows (the input size of W1), got shape {X.shape}")
    return L, X


def forward(
    params: Params,
    X: np.ndarray,
    *,
    keep_prob: float = 1.0,
    rng: np.random.Generator | None = None,
    training: bool = False,
) -> ForwardPass:
    r"""Forward pass through all $L$ layers.

    Parameters
    ----------
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL``.
    X : ndarray of shape (n_x, m)
        One column per example.
    keep_prob : float
        Dropout keep probability of the hidden layers, in $(0, 1]$. Use it
        for training only; predictions use the whole network.
    rng : numpy.random.Generator, optional
        Draws the dropout masks; needed when ``keep_prob < 1``.
    training : bool
        Batch-normalized layers use the statistics of this batch when
        ``True``, and the running averages in ``params`` when ``False``.

    Returns
    -------
    ForwardPass
        The output probabilities and logits, and the caches for [`backward`][].

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import he
    >>> from deepnotes.network import forward
    >>> p = he([2, 4, 3], rng=np.random.default_rng(0))
    >>> out = forward(p, np.ones((2, 5)))
    >>> out.AL.shape, out.AL.sum(axis=0).round(6).tolist()
    ((3, 5), [1.0, 1.0, 1.0, 1.0, 1.0])
    """
    L, X = _check_input(params, X)
    keep_prob = check_interval(keep_prob, "keep_prob", low=0.0, high=1.0, closed="right")
    if keep_prob < 1.0:
        check_generator(rng)
    if not training:
        _check_running_averages(params, L)
    return _forward(params, X, L, keep_prob=keep_prob, rng=rng, training=training)


def _check_running_averages(params: Params, L: int) -> None:
    """At test time a batch-normalized layer needs its running averages, one per unit."""
    normalized = [l for l in range(1, L) if f"gamma{l}" in params]
    names = [k for l in normalized for k in (f"running_mean{l}", f"running_var{l}")]
    missing = [k for k in names if k not in params]
    if missing:
        raise ValueError(
            f"params has batch norm but no running averages {missing}: "
            "train with fit(batchnorm=True), or pass training=True"
        )
    for l in normalized:
        n = np.shape(params[f"W{l}"])[0]
        for k in (f"running_mean{l}", f"running_var{l}"):
            if np.shape(params[k]) != (n, 1):
                raise ValueError(
                    f"params['{k}'] must have shape ({n}, 1), got {np.shape(params[k])}"
                )


def _forward(
    params: Params,
    X: np.ndarray,
    L: int,
    *,
    keep_prob: float,
    rng: np.random.Generator | None,
    training: bool,
) -> ForwardPass:
    """[`forward`][] without its checks, through the ``L`` layers of ``params``.

    For checked arguments: [`deepnotes.training.fit`][] checks its inputs once, then runs
    this at every step.
    """
    A = X
    caches: list[LayerCache] = []
    for l in range(1, L):
        A, cache = hidden_forward(
            A, params, l, keep_prob=keep_prob, rng=rng, training=training, validate=False
        )
        caches.append(cache)
    last = _keys(L)
    ZL = linear_forward(A, params[last.W], params[last.b])
    caches.append(LayerCache(A, ZL))
    AL = _sigmoid(ZL) if ZL.shape[0] == 1 else _softmax(ZL)  # ZL is the network's own
    return ForwardPass(AL, ZL, caches, keep_prob)


def _check_labels(Y: object, n_out: int, m: int) -> np.ndarray:
    Y = as_matrix(Y, "Y")
    if Y.shape != (n_out, m):
        raise ValueError(f"Y must have shape ({n_out}, {m}) to match the output, got {Y.shape}")
    return Y


def cost(
    out: ForwardPass,
    Y: np.ndarray,
    *,
    params: Params | None = None,
    lambd: float = 0.0,
    m: int | None = None,
) -> float:
    r"""Cross-entropy cost of a forward pass, plus the L2 term when ``lambd > 0``.

    $$
    J = \frac{1}{m} \sum_{i=1}^{m} \mathcal{L}\bigl(\hat y^{(i)}, y^{(i)}\bigr)
      + \frac{\lambda}{2m} \sum_{l=1}^{L} \bigl\lVert W^{[l]} \bigr\rVert_F^2
    $$

    Binary cross-entropy for a sigmoid output, cross-entropy for a softmax
    output; both are computed from $Z^{[L]}$, so the cost stays finite even when
    a probability rounds to $0$ or $1$. This is formula
    [`l2-cost`][formula-l2-cost].

    Parameters
    ----------
    out : ForwardPass
    Y : ndarray of shape (n[L], m)
    params : dict of str to ndarray, optional
        Needed when ``lambd > 0``.
    lambd : float
        L2 strength $\lambda \ge 0$.
    m : int, optional
        The $m$ of the L2 term; by default the number of columns of ``Y``.
        On a mini-batch, pass the size of the whole training set: the batch's
        cross-entropy then estimates the full one, and the penalty is the full
        one, whatever the batch size.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import zeros
    >>> from deepnotes.network import cost, forward
    >>> p = zeros([2, 3, 1])
    >>> out = forward(p, np.ones((2, 4)))
    >>> round(cost(out, np.array([[0.0, 1.0, 0.0, 1.0]])), 4)  # log 2
    0.6931
    >>> p["W1"] += 1.0  # a penalty of 0.5 / (2 * 4) * 6
    >>> round(cost(out, np.array([[0.0, 1.0, 0.0, 1.0]]), params=p, lambd=0.5), 4)
    1.0681
    """
    Y = _check_labels(Y, *out.ZL.shape)
    lambd = check_interval(lambd, "lambd", low=0.0, high=np.inf, closed="left")
    if lambd and params is None:
        raise ValueError("params must be given when lambd > 0 (the L2 term needs the weights)")
    loss = binary_cross_entropy_with_logits if Y.shape[0] == 1 else cross_entropy_with_logits
    J = loss(out.ZL, Y)
    return J + l2_penalty(params, lambd=lambd, m=m or Y.shape[1]) if lambd else J


def _cost(out: ForwardPass, Y: np.ndarray, params: Params, *, lambd: float, m: int) -> float:
    """[`cost`][] with the kernels' arithmetic alone, for checked arguments (the training
    loop's)."""
    loss = _binary_cross_entropy_with_logits if Y.shape[0] == 1 else _cross_entropy_with_logits
    J = loss(out.ZL, Y)
    return J + _l2_penalty(params, lambd=lambd, m=m) if lambd else J


def backward(
    out: ForwardPass,
    Y: np.ndarray,
    params: Params,
    *,
    lambd: float = 0.0,
    m: int | None = None,
) -> Params:
    r"""Backward pass: gradients of the cost for every parameter.

    With ``lambd > 0`` each $dW^{[l]}$ gets the L2 term $\frac{\lambda}{m} W^{[l]}$;
    dropout masks recorded by [`forward`][] are reused.

    Parameters
    ----------
    out : ForwardPass
        The result of [`forward`][] on the same ``params``.
    Y : ndarray of shape (n[L], m)
        Labels: ``(1, m)`` of 0/1, or ``(C, m)`` one-hot.
    params : dict of str to ndarray
    lambd : float
        L2 strength, as in [`cost`][].
    m : int, optional
        The $m$ of the L2 term, as in [`cost`][].

    Returns
    -------
    dict of str to ndarray
        ``dW1, db1, ..., dWL, dbL`` (``dgamma{l}``, ``dbeta{l}`` for batch-normalized
        layers), in the order of ``params``, each shaped like its parameter.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import he
    >>> from deepnotes.network import backward, forward
    >>> p = he([2, 4, 1], rng=np.random.default_rng(0))
    >>> X, Y = np.ones((2, 5)), np.ones((1, 5))
    >>> grads = backward(forward(p, X), Y, p)
    >>> {k: v.shape for k, v in grads.items()}
    {'dW1': (4, 2), 'db1': (4, 1), 'dW2': (1, 4), 'db2': (1, 1)}
    """
    L = len(out.caches)
    if check_params(params) != L:
        raise ValueError(f"params must have {L} layers, as in the forward pass")
    Y = _check_labels(Y, *out.AL.shape)
    _probabilities(out.AL, Y)  # the labels that softmax_cross_entropy_backward accepts
    lambd = check_interval(lambd, "lambd", low=0.0, high=np.inf, closed="left")
    if lambd:
        m = check_int(m or Y.shape[1], "m", minimum=1)
    grads = _backward(out, Y, params, lambd=lambd, m=m)
    names = [f"d{key}" for key in trainable(params)]
    unused = [name[1:] for name in names if name not in grads]
    if unused:
        raise ValueError(f"params holds {unused}, which the network does not use")
    return {name: grads[name] for name in names}  # in params' order


def _backward(
    out: ForwardPass, Y: np.ndarray, params: Params, *, lambd: float, m: int | None
) -> Params:
    """[`backward`][] with the kernels' arithmetic alone, for checked arguments (the
    training loop's); the gradients come in the order backprop finds them, last layer first.
    """
    L = len(out.caches)
    grads: Params = {}
    dZ = output_gradient(out.AL, Y)
    last, keys = out.caches[L - 1], _keys(L)
    dA, grads[keys.dW], grads[keys.db] = linear_backward(dZ, last.A_prev, params[keys.W])
    for l in range(L - 1, 0, -1):
        dA = hidden_backward(
            dA,
            out.caches[l - 1],
            params,
            l,
            grads,
            keep_prob=out.keep_prob,
            input_gradient=l > 1,
            validate=False,
        )
    if lambd:  # m is the training set's size, checked
        for l in range(1, L + 1):
            keys = _keys(l)
            grads[keys.dW] = grads[keys.dW] + _l2_gradient(params[keys.W], lambd=lambd, m=m)
    return grads


def predict(params: Params, X: np.ndarray) -> np.ndarray:
    r"""Predicted labels.

    For a sigmoid output, $\hat y = \mathbb{1}[a > 0.5]$ as a ``(1, m)`` array of
    0/1. For a softmax output, the index of the largest probability in each
    column, a ``(m,)`` array of ints.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.network import predict
    >>> p = {"W1": np.array([[1.0, -1.0]]), "b1": np.zeros((1, 1))}
    >>> predict(p, np.array([[2.0, 0.0], [1.0, 3.0]]))
    array([[1., 0.]])
    """
    out = forward(params, X)
    if out.AL.shape[0] == 1:
        return (out.AL > 0.5).astype(np.float64)
    return out.AL.argmax(axis=0)


# ------------------------------------------------------------- gradient checks


@case_of(backward)
def _network_case(rng: np.random.Generator) -> Case:
    from deepnotes.initializers import he

    params = {k: v + 0.1 * rng.normal(size=v.shape) for k, v in he([3, 5, 4, 1], rng=rng).items()}
    X, Y = rng.normal(size=(3, 6)), (rng.random((1, 6)) < 0.5).astype(np.float64)
    grads = backward(forward(params, X), Y, params, lambd=0.3)
    return Case(
        inputs=params,
        scalar=lambda p: cost(forward(p, X), Y, params=p, lambd=0.3),
        analytic={k: grads[f"d{k}"] for k in params},
    )
