import functools
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from deepnotes.datasets import moons
from deepnotes.tuning import (
    BetaLogUniform,
    LogUniform,
    Uniform,
    coarse_to_fine,
    fit_and_score,
    grid_search,
    log_uniform,
    random_search,
    sample_beta,
)


def quadratic(x, alpha):
    """A module-level objective, so that process pools can pickle it."""
    return (x - 0.3) ** 2 + 0.01 * np.log10(alpha) ** 2


SPACE = {"x": Uniform(-1.0, 1.0), "alpha": LogUniform(1e-4, 1.0)}


def _search(executor=None):
    return random_search(
        quadratic, SPACE, n_trials=12, rng=np.random.default_rng(7), executor=executor
    )


def test_trials_are_sorted_best_first():
    trials = _search()
    scores = [t.score for t in trials]
    assert scores == sorted(scores)
    assert all(t.score == quadratic(**t.params) for t in trials)


def test_same_seed_same_trials_serial_threads_and_processes():
    serial = _search()
    with ThreadPoolExecutor(2) as pool:
        threads = _search(pool)
    with ProcessPoolExecutor(2) as pool:
        processes = _search(pool)
    assert serial == threads == processes


def test_same_trials_on_a_dask_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.Client(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as client:
        on_dask = _search(client.get_executor())
    assert on_dask == _search()


def test_a_real_network_objective_through_a_process_pool():
    X, Y = moons(200, rng=np.random.default_rng(0))
    objective = functools.partial(
        fit_and_score,
        X=X[:, :150],
        Y=Y[:, :150],
        X_dev=X[:, 150:],
        Y_dev=Y[:, 150:],
        layer_dims=[2, 8, 1],
        num_epochs=30,
        seed=0,
    )
    space = {"learning_rate": LogUniform(1e-3, 1e-1)}
    serial = random_search(objective, space, n_trials=4, rng=np.random.default_rng(1))
    with ProcessPoolExecutor(2) as pool:
        pooled = random_search(
            objective, space, n_trials=4, rng=np.random.default_rng(1), executor=pool
        )
    assert serial == pooled


def test_samples_lie_inside_the_bounds(rng):
    a = log_uniform(1e-5, 1e-1, size=5000, rng=rng)
    b = sample_beta(0.9, 0.9999, size=5000, rng=rng)
    assert a.min() >= 1e-5 and a.max() <= 1e-1
    assert b.min() >= 0.9 and b.max() <= 0.9999
    for sampler in (Uniform(2.0, 3.0), LogUniform(1e-3, 1.0), BetaLogUniform(0.5, 0.99)):
        values = [sampler(rng) for _ in range(500)]
        assert min(values) >= sampler.low and max(values) <= sampler.high


def test_log_uniform_is_uniform_in_log10(rng):
    # log10 of the samples is U(-4, 0): mean -2 and variance 16/12. The sample mean of
    # N = 20,000 draws has a standard error of sqrt(16/12/N) ~ 0.008; allow five of them.
    # The fraction per decade is binomial(N, 1/4): standard error ~ 0.003; allow five.
    N = 20_000
    r = np.log10(log_uniform(1e-4, 1.0, size=N, rng=rng))
    assert abs(r.mean() + 2.0) < 5 * np.sqrt(16 / 12 / N)
    assert abs(r.var() - 16 / 12) < 5 * np.sqrt(2 * (16 / 12) ** 2 * 0.8 / N)
    counts = np.histogram(r, bins=[-4, -3, -2, -1, 0])[0] / N
    assert np.all(np.abs(counts - 0.25) < 5 * np.sqrt(0.25 * 0.75 / N))


def test_sample_beta_is_log_uniform_in_one_minus_beta(rng):
    N = 20_000
    b = sample_beta(0.9, 0.999, size=N, rng=rng)
    share = np.mean(b > 0.99)  # [0.99, 0.999] is one of the two decades of 1 - beta
    assert abs(share - 0.5) < 5 * np.sqrt(0.25 / N)


def test_grid_search_tries_every_combination():
    trials = grid_search(quadratic, {"x": [-1.0, 0.0, 0.3], "alpha": [1.0, 0.1]})
    assert len(trials) == 6 and trials[0].params == {"x": 0.3, "alpha": 1.0}


def test_coarse_to_fine_zooms_around_the_best_trials():
    rounds = coarse_to_fine(
        quadratic, SPACE, n_trials=30, rng=np.random.default_rng(0), keep=5, margin=0.1
    )
    first, second = rounds
    best = first.trials[:5]
    for name in SPACE:
        sampler, zoomed = first.space[name], second.space[name]
        values = [t.params[name] for t in best]
        assert (
            sampler.low <= zoomed.low <= min(values) and max(values) <= zoomed.high <= sampler.high
        )
        assert all(zoomed.low <= t.params[name] <= zoomed.high for t in second.trials)
    assert second.trials[0].score <= first.trials[0].score + 1e-3


def test_log_zoom_works_in_orders_of_magnitude():
    zoomed = LogUniform(1e-4, 1.0).zoom([1e-3, 1e-2], margin=0.5)
    assert zoomed.low == pytest.approx(10**-3.5) and zoomed.high == pytest.approx(10**-1.5)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda r: log_uniform(1.0, 0.1, rng=r), ValueError, "low must be smaller than high"),
        (lambda r: log_uniform(0.0, 1.0, rng=r), ValueError, r"low must be in \(0.0, inf\)"),
        (lambda r: log_uniform(-1.0, 1.0, rng=r), ValueError, r"low must be in \(0.0, inf\)"),
        (lambda r: sample_beta(0.9, 1.0, rng=r), ValueError, r"high must be in \(-inf, 1.0\)"),
        (lambda r: sample_beta(0.0, 0.9, rng=r), ValueError, r"low must be in \(0.0, inf\)"),
        (
            lambda r: random_search(quadratic, SPACE, n_trials=0, rng=r),
            ValueError,
            "n_trials must be >= 1",
        ),
        (
            lambda r: random_search(quadratic, {}, n_trials=3, rng=r),
            ValueError,
            "space must hold at least one",
        ),
        (
            lambda r: random_search(quadratic, SPACE, n_trials=3, rng=r, executor=map),
            TypeError,
            "executor must be a concurrent.futures.Executor",
        ),
        (
            lambda r: coarse_to_fine(quadratic, {"x": lambda g: 0.0}, n_trials=3, rng=r),
            TypeError,
            "must be a Uniform",
        ),
    ],
)
def test_bad_input(call, error, match, rng):
    with pytest.raises(error, match=match):
        call(rng)
