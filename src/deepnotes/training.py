r"""Training loop: initialize, then repeat forward, cost, backward and update.

[`fit`][] runs full-batch or mini-batch gradient descent with any optimizer
of [`optimizers`][deepnotes.optimizers], records the training cost of every epoch (and
the dev cost when a dev set is given), and can show a progress bar.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from deepnotes import initializers, network
from deepnotes._checks import (
    as_matrix,
    check_generator,
    check_int,
    check_interval,
    check_layer_dims,
)
from deepnotes.batchnorm import MOMENTUM, _running_average
from deepnotes.minibatches import random_mini_batches
from deepnotes.optimizers import Optimizer

__all__ = ["INITIALIZERS", "FitResult", "fit", "init_params"]

Params = dict[str, np.ndarray]

INITIALIZERS: dict[str, Callable[..., Params]] = {
    "zeros": lambda dims, rng: initializers.zeros(dims),
    "random": lambda dims, rng: initializers.random_normal(dims, rng=rng),
    "he": lambda dims, rng: initializers.he(dims, rng=rng),
    "xavier": lambda dims, rng: initializers.xavier(dims, rng=rng),
}
"""The names ``fit`` accepts for ``init``."""


@dataclass(frozen=True)
class FitResult:
    """What [`fit`][] returns."""

    params: Params
    """The trained parameters (with early stopping, those of ``best_epoch``)."""
    costs: np.ndarray
    """Training cost of each epoch: the mean over that epoch's mini-batches of
    the cost of each batch before its update, with the L2 term and with dropout
    active (so with dropout it is noisier, and higher, than the cost of the
    final network)."""
    dev_costs: np.ndarray
    """Dev cross-entropy after each epoch (no L2 term, no dropout); empty
    without a dev set."""
    best_epoch: int | None = None
    """Epoch (from 0) with the lowest dev cost; ``None`` without a dev set."""
    batch_costs: np.ndarray = field(default_factory=lambda: np.empty(0))
    """Training cost of every mini-batch, one per update and in their order: the
    cost each update starts from (with the L2 term and with dropout active).
    Full batch, it is ``costs``; with mini-batches it shows the noise that the
    epoch means of ``costs`` average away."""


def _progress_bar(num_epochs: int, progress: bool):
    """The epochs, with a bar when ``progress``: a widget in a notebook that has ipywidgets,
    else text on standard error (tqdm's notebook bar warns where ipywidgets is missing)."""
    if importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.auto import tqdm
    else:
        from tqdm.std import tqdm
    return tqdm(range(num_epochs), disable=not progress, unit="epoch", leave=False)


def init_params(init: str, layer_dims: Sequence[int], rng: np.random.Generator) -> Params:
    """Initialize parameters by name: one of [`INITIALIZERS`][].

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.training import init_params
    >>> sorted(init_params("he", [2, 3, 1], np.random.default_rng(0)))
    ['W1', 'W2', 'b1', 'b2']
    """
    if init not in INITIALIZERS:
        raise ValueError(f"init must be one of {sorted(INITIALIZERS)}, got {init!r}")
    return INITIALIZERS[init](check_layer_dims(layer_dims), rng)


def _update_running_averages(params: Params, out: network.ForwardPass) -> Params:
    """Fold this batch's mean and variance into each layer's running averages."""
    params = dict(params)
    for l, cache in enumerate(out.caches[:-1], start=1):
        if cache.bn is not None:
            for name, batch in (("mean", cache.bn.mu), ("var", cache.bn.var)):
                key = f"running_{name}{l}"
                params[key] = _running_average(params[key], batch, beta=MOMENTUM)
    return params


def _check_data(X: object, Y: object, dims: list[int], names: tuple[str, str]) -> tuple:
    X = as_matrix(X, names[0], finite=True)
    Y = as_matrix(Y, names[1], finite=True)
    if X.shape[0] != dims[0]:
        raise ValueError(f"{names[0]} must have layer_dims[0]={dims[0]} rows, got {X.shape}")
    if Y.shape != (dims[-1], X.shape[1]):
        raise ValueError(
            f"{names[1]} must have shape ({dims[-1]}, {X.shape[1]}) "
            f"(layer_dims[-1] rows, one column per example of {names[0]}), got {Y.shape}"
        )
    return X, Y


def fit(
    X: np.ndarray,
    Y: np.ndarray,
    *,
    layer_dims: Sequence[int],
    optimizer: Optimizer,
    num_epochs: int,
    rng: np.random.Generator,
    batch_size: int | None = None,
    init: str = "he",
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    batchnorm: bool = False,
    schedule: Callable[[int], float] | None = None,
    X_dev: np.ndarray | None = None,
    Y_dev: np.ndarray | None = None,
    patience: int | None = None,
    progress: bool = False,
) -> FitResult:
    r"""Train an L-layer network.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Training inputs, one column per example.
    Y : ndarray of shape (n[L], m)
        ``(1, m)`` of 0/1 for a sigmoid output, ``(C, m)`` one-hot for softmax.
    layer_dims : sequence of int
        ``[n_x, n1, ..., n[L]]``.
    optimizer : Optimizer
        For example ``GradientDescent(learning_rate=0.1)``. It keeps its state
        across epochs.
    num_epochs : int
        Passes over the training set.
    rng : numpy.random.Generator
        Drives the initialization and the shuffling of mini-batches.
    batch_size : int or None
        ``None`` for full-batch gradient descent.
    init : {"he", "xavier", "random", "zeros"}
        Initializer, see [`INITIALIZERS`][].
    lambd : float
        L2 regularization strength $\lambda \ge 0$.
    keep_prob : float
        Dropout keep probability in $(0, 1]$; ``1.0`` means no dropout.
    batchnorm : bool
        Batch-normalize every hidden layer (which then has no bias). Training
        uses each mini-batch's statistics and folds them into running averages
        (with $\beta$ = [`MOMENTUM`][deepnotes.batchnorm.MOMENTUM]), which the
        returned ``params`` carry for [`predict`][deepnotes.network.predict].
    schedule : callable or None
        ``schedule(epoch) -> learning_rate``, applied at the start of each epoch.
    X_dev : ndarray of shape (n_x, m_dev), optional
        A dev set; its cost is recorded after every epoch.
    Y_dev : ndarray of shape (n[L], m_dev), optional
        Its labels, given together with ``X_dev``.
    patience : int or None
        Early stopping: stop after ``patience`` epochs without a new lowest dev
        cost, and return the parameters of the best epoch. Needs a dev set.
    progress : bool
        Show a progress bar on standard error.

    Returns
    -------
    FitResult

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.datasets import moons
    >>> from deepnotes.optimizers import GradientDescent
    >>> from deepnotes.training import fit
    >>> X, Y = moons(200, noise=0.1, rng=np.random.default_rng(0))
    >>> result = fit(X, Y, layer_dims=[2, 16, 1], optimizer=GradientDescent(learning_rate=1.0),
    ...              num_epochs=500, rng=np.random.default_rng(1))
    >>> result.costs.shape, bool(result.costs[-1] < 0.3 * result.costs[0])
    ((500,), True)
    """
    dims = check_layer_dims(layer_dims)
    X, Y = _check_data(X, Y, dims, ("X", "Y"))
    num_epochs = check_int(num_epochs, "num_epochs", minimum=1)
    check_generator(rng)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be a deepnotes.optimizers.Optimizer, got {type(optimizer).__name__}"
        )
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", minimum=1)
    lambd = check_interval(lambd, "lambd", low=0.0, high=np.inf, closed="left")
    keep_prob = check_interval(keep_prob, "keep_prob", low=0.0, high=1.0, closed="right")
    if (X_dev is None) != (Y_dev is None):
        raise ValueError("X_dev and Y_dev must be given together")
    has_dev = X_dev is not None
    if has_dev:
        X_dev, Y_dev = _check_data(X_dev, Y_dev, dims, ("X_dev", "Y_dev"))
    if patience is not None:
        patience = check_int(patience, "patience", minimum=1)
        if not has_dev:
            raise ValueError("patience (early stopping) needs X_dev and Y_dev")

    params = init_params(init, dims, rng)
    if batchnorm:
        params = network.with_batchnorm(params)
    L, m = len(dims) - 1, X.shape[1]
    costs: list[float] = []
    batch_costs: list[float] = []
    dev_costs: list[float] = []
    best = (np.inf, -1, params)
    bar = _progress_bar(num_epochs, progress)
    for epoch in bar:
        if schedule is not None or epoch == 0:  # the optimizer's own check, once per change
            rate = optimizer.learning_rate if schedule is None else schedule(epoch)
            optimizer.learning_rate = check_interval(
                rate, "learning_rate", low=0.0, high=np.inf, closed="left"
            )
        batches = (
            [(X, Y)]
            if batch_size is None
            else random_mini_batches(X, Y, batch_size=batch_size, rng=rng)
        )
        total = 0.0
        for X_t, Y_t in batches:  # the arguments are checked above: the passes run unchecked
            out = network._forward(params, X_t, L, keep_prob=keep_prob, rng=rng, training=True)
            J = network._cost(out, Y_t, params, lambd=lambd, m=m)
            total += J * X_t.shape[1]
            batch_costs.append(J)
            grads = network._backward(out, Y_t, params, lambd=lambd, m=m)
            # grads has the shape of every parameter: the optimizer's checks are skipped
            if batchnorm:  # the running averages are not trained, but carried along
                params = {**params, **optimizer._step(network.trainable(params), grads)}
                params = _update_running_averages(params, out)
            else:
                params = optimizer._step(params, grads)
        costs.append(total / m)
        if not math.isfinite(costs[-1]):
            raise FloatingPointError(
                f"the training cost became {costs[-1]} at epoch {epoch}; lower the learning rate"
            )
        if has_dev:
            out = network._forward(params, X_dev, L, keep_prob=1.0, rng=None, training=False)
            dev_costs.append(network._cost(out, Y_dev, params, lambd=0.0, m=m))  # no L2 term
            if dev_costs[-1] < best[0]:
                best = (dev_costs[-1], epoch, params)
            if progress:
                bar.set_postfix(cost=f"{costs[-1]:.4f}", dev=f"{dev_costs[-1]:.4f}")
            if patience is not None and epoch - best[1] >= patience:
                break
        elif progress:
            bar.set_postfix(cost=f"{costs[-1]:.4f}")
    bar.close()
    return FitResult(
        params=best[2] if patience is not None else params,
        costs=np.array(costs),
        dev_costs=np.array(dev_costs),
        best_epoch=best[1] if has_dev else None,
        batch_costs=np.array(batch_costs),
    )
