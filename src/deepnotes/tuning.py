r"""Hyperparameter search: sampling on the right scale, random and grid search, coarse to fine.

A search space maps each hyperparameter's name to a *sampler*, a function
``rng -> value``. The samplers here ([`LogUniform`][], [`Uniform`][],
[`BetaLogUniform`][]) also know their bounds, so that [`coarse_to_fine`][] can
zoom them. A search evaluates ``objective(**params)``, which returns a number
to minimize (a dev cost or a dev error). All trials are drawn from ``rng``
before any is evaluated, so a seed gives the same trials whether they run one
after another or through any ``concurrent.futures.Executor``: a process pool
on one machine, or a cluster's executor such as Dask's ``Client.get_executor()``.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np

from deepnotes import network
from deepnotes._checks import check_generator, check_int, check_interval
from deepnotes.optimizers import Adam
from deepnotes.training import fit

__all__ = [
    "BetaLogUniform",
    "LogUniform",
    "Round",
    "Trial",
    "Uniform",
    "coarse_to_fine",
    "fit_and_score",
    "grid_search",
    "log_uniform",
    "random_search",
    "sample_beta",
]


def _bounds(low: object, high: object, *, positive: bool = False, below_one: bool = False):
    low = check_interval(
        low, "low", low=-np.inf if not positive else 0.0, high=np.inf, closed="neither"
    )
    high = check_interval(
        high, "high", low=-np.inf, high=1.0 if below_one else np.inf, closed="neither"
    )
    if low >= high:
        raise ValueError(f"low must be smaller than high, got low={low!r} and high={high!r}")
    return low, high


def log_uniform(
    low: float, high: float, *, size: int | None = None, rng: np.random.Generator
) -> np.ndarray | float:
    r"""Samples spread evenly over the orders of magnitude between ``low`` and ``high``.

    $$
    r \sim \mathcal{U}\bigl(\log_{10} \text{low},\ \log_{10} \text{high}\bigr),
    \qquad \alpha = 10^{r}
    $$

    This is formula [`log-scale-alpha`][formula-log-scale-alpha]: for
    $\alpha \in [10^{-4}, 1]$, $r = -4 \cdot \text{rand}$. A uniform draw would
    put 90% of the samples between 0.1 and 1.

    Parameters
    ----------
    low : float
        Lower bound, $> 0$.
    high : float
        Upper bound, $> \text{low}$.
    size : int, optional
        Number of samples; ``None`` for a single float.
    rng : numpy.random.Generator

    Returns
    -------
    float or ndarray of shape (size,)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.tuning import log_uniform
    >>> a = log_uniform(1e-4, 1.0, size=10_000, rng=np.random.default_rng(0))
    >>> [round(float(np.mean(a < x)), 2) for x in (1e-3, 1e-2, 1e-1)]  # a quarter per decade
    [0.25, 0.5, 0.75]
    """
    low, high = _bounds(low, high, positive=True)
    r = check_generator(rng).uniform(np.log10(low), np.log10(high), size=size)
    return 10.0**r


def sample_beta(
    low: float, high: float, *, size: int | None = None, rng: np.random.Generator
) -> np.ndarray | float:
    r"""Samples of a momentum-like $\beta$, log-uniform in $1 - \beta$.

    $$
    \begin{aligned}
    r &\sim \mathcal{U}\bigl(\log_{10}(1 - \text{high}),\ \log_{10}(1 - \text{low})\bigr), \\
    \beta &= 1 - 10^{r}
    \end{aligned}
    $$

    This is formula [`log-scale-beta`][formula-log-scale-beta]. What matters
    is the averaging window $\frac{1}{1 - \beta}$: from 0.9 to 0.9005 it hardly
    moves (10 to 10.05), from 0.999 to 0.9995 it doubles (1000 to 2000). So
    $[0.9, 0.999]$ gets as many samples in $[0.99, 0.999]$ as in $[0.9, 0.99]$.

    Parameters
    ----------
    low : float
        Lower bound of $\beta$, $> 0$.
    high : float
        Upper bound of $\beta$, between ``low`` and 1 (excluded).
    size : int, optional
        Number of samples; ``None`` for a single float.
    rng : numpy.random.Generator

    Returns
    -------
    float or ndarray of shape (size,)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.tuning import sample_beta
    >>> b = sample_beta(0.9, 0.999, size=10_000, rng=np.random.default_rng(0))
    >>> round(float(np.mean(b > 0.99)), 2), bool(b.min() >= 0.9 and b.max() <= 0.999)
    (0.5, True)
    """
    low, high = _bounds(low, high, positive=True, below_one=True)
    r = check_generator(rng).uniform(np.log10(1.0 - high), np.log10(1.0 - low), size=size)
    return 1.0 - 10.0**r


# ------------------------------------------------------------- samplers with bounds


@dataclass(frozen=True)
class Uniform:
    """A sampler ``rng -> value``, uniform on ``[low, high]`` (for the number of units, say)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        _bounds(self.low, self.high)

    def __call__(self, rng: np.random.Generator) -> float:
        return float(check_generator(rng).uniform(self.low, self.high))

    def _to_unit(self, x: float) -> float:
        return x

    def _from_unit(self, u: float) -> float:
        return u

    def zoom(self, values: Iterable[float], *, margin: float = 0.1) -> Uniform:
        """The smallest range holding ``values``, widened by ``margin`` of its width each side."""
        lo, hi = _zoomed(self, values, margin)
        return type(self)(lo, hi)


@dataclass(frozen=True)
class LogUniform(Uniform):
    """A sampler ``rng -> value`` drawing with [`log_uniform`][] (for $\\alpha$ or $\\lambda$)."""

    def __post_init__(self) -> None:
        _bounds(self.low, self.high, positive=True)

    def __call__(self, rng: np.random.Generator) -> float:
        return float(log_uniform(self.low, self.high, rng=rng))

    def _to_unit(self, x: float) -> float:
        return math.log10(x)

    def _from_unit(self, u: float) -> float:
        return 10.0**u


@dataclass(frozen=True)
class BetaLogUniform(Uniform):
    """A sampler ``rng -> value`` drawing with [`sample_beta`][] (for $\\beta$)."""

    def __post_init__(self) -> None:
        _bounds(self.low, self.high, positive=True, below_one=True)

    def __call__(self, rng: np.random.Generator) -> float:
        return float(sample_beta(self.low, self.high, rng=rng))

    def _to_unit(self, x: float) -> float:
        return -math.log10(1.0 - x)

    def _from_unit(self, u: float) -> float:
        return 1.0 - 10.0 ** (-u)


def _zoomed(sampler: Uniform, values: Iterable[float], margin: float) -> tuple[float, float]:
    """Zoom in the sampler's own scale (log for LogUniform), clipped to its bounds."""
    margin = check_interval(margin, "margin", low=0.0, high=np.inf, closed="left")
    units = [sampler._to_unit(float(v)) for v in values]
    if not units:
        raise ValueError("values must hold at least one value to zoom around")
    lo_u, hi_u = sampler._to_unit(sampler.low), sampler._to_unit(sampler.high)
    width = max(max(units) - min(units), 0.05 * (hi_u - lo_u))
    new_lo = max(lo_u, min(units) - margin * width)
    new_hi = min(hi_u, max(units) + margin * width)
    return sampler._from_unit(new_lo), sampler._from_unit(new_hi)


# ------------------------------------------------------------------- searches


@dataclass(frozen=True)
class Trial:
    """One evaluated point of a search."""

    params: dict[str, Any]
    score: float


def _check_space(space: object) -> Mapping[str, Callable[[np.random.Generator], Any]]:
    if not isinstance(space, Mapping):
        raise TypeError(f"space must be a dict of name -> sampler, got {type(space).__name__}")
    if not space:
        raise ValueError("space must hold at least one hyperparameter, got an empty dict")
    for name, sampler in space.items():
        if not callable(sampler):
            raise TypeError(f"space[{name!r}] must be a sampler rng -> value, got {sampler!r}")
    return space


def _score(objective: Callable[..., float], params: dict[str, Any]) -> float:
    return float(objective(**params))


def _evaluate(
    objective: Callable[..., float], points: list[dict[str, Any]], executor: Executor | None
) -> list[Trial]:
    if executor is None:
        scores = [_score(objective, p) for p in points]
    else:
        if not isinstance(executor, Executor):
            raise TypeError(
                f"executor must be a concurrent.futures.Executor, got {type(executor).__name__}"
            )
        scores = list(executor.map(functools.partial(_score, objective), points))
    trials = [Trial(p, s) for p, s in zip(points, scores, strict=True)]
    # best first; NaN scores (a diverged run) last; ties keep the order of drawing
    return sorted(trials, key=lambda t: (math.isnan(t.score), t.score))


def random_search(
    objective: Callable[..., float],
    space: Mapping[str, Callable[[np.random.Generator], Any]],
    *,
    n_trials: int,
    rng: np.random.Generator,
    executor: Executor | None = None,
) -> list[Trial]:
    r"""Evaluate ``n_trials`` random points of ``space``; return the trials best first.

    Every trial is drawn from ``rng`` first (hyperparameters in the order of
    ``space``), then all are evaluated, serially or through ``executor``. The
    same seed therefore gives the same trials, with the same scores, however
    they run.

    Parameters
    ----------
    objective : callable
        ``objective(**params) -> float``, minimized. With a process pool or a
        cluster it must be picklable: a module-level function, or a
        ``functools.partial`` of one.
    space : dict of str to callable
        Name to sampler ``rng -> value``.
    n_trials : int
        Number of points, $\ge 1$.
    rng : numpy.random.Generator
    executor : concurrent.futures.Executor, optional
        Where to run the trials; ``None`` runs them here, one by one.

    Returns
    -------
    list of Trial
        Sorted by score, lowest (best) first.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.tuning import LogUniform, Uniform, random_search
    >>> space = {"x": Uniform(-2.0, 2.0), "alpha": LogUniform(1e-3, 1.0)}
    >>> trials = random_search(lambda x, alpha: (x - 1) ** 2, space, n_trials=50,
    ...                        rng=np.random.default_rng(0))
    >>> len(trials), round(trials[0].params["x"], 1), trials[0].score <= trials[-1].score
    (50, 1.0, True)
    """
    space = _check_space(space)
    n_trials = check_int(n_trials, "n_trials", minimum=1)
    check_generator(rng)
    points = [{name: sampler(rng) for name, sampler in space.items()} for _ in range(n_trials)]
    return _evaluate(objective, points, executor)


def grid_search(
    objective: Callable[..., float],
    grid: Mapping[str, Sequence[Any]],
    *,
    executor: Executor | None = None,
) -> list[Trial]:
    r"""Evaluate every combination of the values in ``grid``; return the trials best first.

    With $k$ values per hyperparameter and $d$ hyperparameters this costs $k^d$
    trials but tries only $k$ values of each one: if only one of them matters,
    $k^d$ trials buy $k$ distinct tries of it, where random search gets $k^d$.

    Examples
    --------
    >>> from deepnotes.tuning import grid_search
    >>> trials = grid_search(lambda x, y: (x - 1) ** 2 + 0 * y, {"x": [0, 1, 2], "y": [5, 6]})
    >>> len(trials), trials[0].params["x"], trials[0].score
    (6, 1, 0.0)
    """
    if not isinstance(grid, Mapping) or not grid:
        raise ValueError(f"grid must be a non-empty dict of name -> values, got {grid!r}")
    for name, values in grid.items():
        if isinstance(values, str) or not isinstance(values, Iterable) or not list(values):
            raise ValueError(f"grid[{name!r}] must be a non-empty sequence of values")
    names = list(grid)
    points = [dict(zip(names, combo, strict=True)) for combo in itertools.product(*grid.values())]
    return _evaluate(objective, points, executor)


@dataclass(frozen=True)
class Round:
    """One round of [`coarse_to_fine`][]: the space it sampled and its trials, best first."""

    space: dict[str, Uniform]
    trials: list[Trial]


def coarse_to_fine(
    objective: Callable[..., float],
    space: Mapping[str, Uniform],
    *,
    n_trials: int,
    rng: np.random.Generator,
    rounds: int = 2,
    keep: int = 5,
    margin: float = 0.1,
    executor: Executor | None = None,
) -> list[Round]:
    r"""Random search in rounds, each zoomed around the best trials of the one before.

    How the zoom works: after a round, take its ``keep`` best trials. For each
    hyperparameter, the new range is the smallest one that holds their values,
    measured in the sampler's own scale (orders of magnitude for a
    [`LogUniform`][], orders of magnitude of $1 - \beta$ for a
    [`BetaLogUniform`][]), widened by ``margin`` times its width on each side,
    and clipped to the previous range. The next round samples ``n_trials``
    points from it.

    Parameters
    ----------
    objective : callable
        ``objective(**params) -> float``, minimized.
    space : dict of str to Uniform
        Samplers that can zoom: [`Uniform`][], [`LogUniform`][] or [`BetaLogUniform`][].
    n_trials : int
        Trials per round.
    rng : numpy.random.Generator
    rounds : int
        Number of rounds, $\ge 1$.
    keep : int
        How many of the best trials define the zoom, $\ge 1$.
    margin : float
        Widening of the zoomed range, as a fraction of its width.
    executor : concurrent.futures.Executor, optional

    Returns
    -------
    list of Round
        One per round; the best trial overall is ``min(...)`` over their first trials.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.tuning import LogUniform, coarse_to_fine
    >>> space = {"alpha": LogUniform(1e-4, 1.0)}
    >>> result = coarse_to_fine(lambda alpha: (np.log10(alpha) + 2) ** 2, space,
    ...                         n_trials=20, rng=np.random.default_rng(0))
    >>> first, second = (r.space["alpha"] for r in result)
    >>> second.low > first.low and second.high < first.high  # zoomed in
    True
    >>> bool(second.low < 1e-2 < second.high)  # around the best value
    True
    """
    space = dict(_check_space(space))
    for name, sampler in space.items():
        if not isinstance(sampler, Uniform):
            raise TypeError(
                f"space[{name!r}] must be a Uniform, LogUniform or BetaLogUniform to be "
                f"zoomed, got {type(sampler).__name__}"
            )
    rounds = check_int(rounds, "rounds", minimum=1)
    keep = check_int(keep, "keep", minimum=1)
    history: list[Round] = []
    for _ in range(rounds):
        trials = random_search(objective, space, n_trials=n_trials, rng=rng, executor=executor)
        history.append(Round(dict(space), trials))
        best = trials[:keep]
        space = {
            name: sampler.zoom([t.params[name] for t in best], margin=margin)
            for name, sampler in space.items()
        }
    return history


# --------------------------------------------------------- an objective to tune


def fit_and_score(
    *,
    X: np.ndarray,
    Y: np.ndarray,
    X_dev: np.ndarray,
    Y_dev: np.ndarray,
    layer_dims: Sequence[int],
    num_epochs: int,
    seed: int,
    learning_rate: float,
    **options: Any,
) -> float:
    """Train with [`fit`][deepnotes.training.fit] and return the dev cost: an objective to search.

    ``learning_rate`` goes to an [`Adam`][deepnotes.optimizers.Adam]
    optimizer and the other ``options`` (``lambd``, ``keep_prob``,
    ``batch_size``, ...) to ``fit``. Bind the data with ``functools.partial``
    to get a picklable ``objective(**params)``.

    Examples
    --------
    >>> import functools
    >>> import numpy as np
    >>> from deepnotes.datasets import moons
    >>> from deepnotes.tuning import fit_and_score
    >>> X, Y = moons(200, rng=np.random.default_rng(0))
    >>> objective = functools.partial(fit_and_score, X=X[:, :150], Y=Y[:, :150],
    ...     X_dev=X[:, 150:], Y_dev=Y[:, 150:], layer_dims=[2, 8, 1], num_epochs=50, seed=0)
    >>> round(objective(learning_rate=0.01), 3) < round(objective(learning_rate=1e-5), 3)
    True
    """
    result = fit(
        X,
        Y,
        layer_dims=layer_dims,
        num_epochs=num_epochs,
        optimizer=Adam(learning_rate=learning_rate),
        rng=np.random.default_rng(seed),
        **options,
    )
    return network.cost(network.forward(result.params, X_dev), Y_dev)
