"""Chapter 6: sampling on the right scale."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deepnotes import tuning

from ._core import Mistake, as_array, call, check_generator_use, exercise

N = 20_000
TOLERANCE = 0.02  # on a share of samples; its standard error at N = 20,000 is under 0.004
FINE_TOLERANCE = 0.01  # on a share of 5%, whose standard error at N = 20,000 is 0.0015


def _draw(fn: Callable, low: float, high: float, rng: np.random.Generator) -> np.ndarray:
    samples = as_array(
        call(fn, low, high, size=N, rng=np.random.default_rng(rng.integers(2**32))),
        "the samples",
        (N,),
    )
    if samples.min() < low or samples.max() > high:
        raise Mistake(
            f"the samples must lie in [{low}, {high}], got [{samples.min():.3g}, "
            f"{samples.max():.3g}]"
        )
    return samples


def _evenly_in_log(u: np.ndarray, where: str) -> None:
    """``u``, the samples' position between the bounds on a log scale, must be uniform on
    [0, 1] at a finer grain than the decades: 20 bins, each with its share."""
    shares = np.histogram(u, bins=20, range=(0.0, 1.0))[0] / u.size
    if np.abs(shares - 0.05).max() > FINE_TOLERANCE:
        raise Mistake(
            f"{where}, the samples are not spread evenly on a log scale inside the decades: "
            f"cut into 20 equal steps of the exponent, the shares run from {shares.min():.3f} "
            f"to {shares.max():.3f} where each should be 0.05 (draw the exponent r from a "
            "continuous uniform, not from a few values)"
        )


def _other_bounds(fn: Callable, rng: np.random.Generator, low: float, high: float, to_log):
    """The samples for bounds that are not powers of ten, judged on the fine grid."""
    samples = _draw(fn, low, high, rng)
    u = (to_log(samples) - to_log(low)) / (to_log(high) - to_log(low))
    _evenly_in_log(u, f"between {low:g} and {high:g}")
    check_generator_use(lambda generator: call(fn, low, high, size=1000, rng=generator))


@exercise(
    "log_uniform",
    chapter="tuning",
    task="Samples spread evenly over the decades between low and high: 10^r, r uniform.",
    solution=tuning.log_uniform,
)
def _log_uniform(fn: Callable, rng: np.random.Generator) -> str:
    low, high = 1e-4, 1.0
    samples = _draw(fn, low, high, rng)
    shares = np.histogram(np.log10(samples), bins=4, range=(-4, 0))[0] / N
    if shares[-1] > 0.8:
        raise Mistake(
            f"{shares[-1]:.0%} of the samples fall in [0.1, 1]: it samples α uniformly; "
            "sample its exponent r uniformly in [log10(low), log10(high)], then take 10^r"
        )
    if np.abs(shares - 0.25).max() > TOLERANCE:
        raise Mistake(
            f"each decade must get a quarter of the samples, got {np.round(shares, 3).tolist()}"
        )
    _evenly_in_log((np.log10(samples) + 4) / 4, "between 1e-4 and 1")
    _other_bounds(fn, rng, 3e-3, 0.5, np.log10)
    return (
        f"each of the 4 decades from {low:g} to {high:g} gets {np.round(shares, 3).tolist()}, "
        "evenly inside each decade too, and the same for bounds 0.003 and 0.5"
    )


@exercise(
    "sample_beta",
    chapter="tuning",
    task="Samples of β between low and high, spread evenly over the decades of 1 − β.",
    solution=tuning.sample_beta,
)
def _sample_beta(fn: Callable, rng: np.random.Generator) -> str:
    low, high = 0.9, 0.999
    samples = _draw(fn, low, high, rng)
    above = float(np.mean(samples > 0.99))
    if above < 0.2:
        raise Mistake(
            f"only {above:.0%} of the samples lie above 0.99: it samples β uniformly; sample "
            "r uniformly in [log10(1 − high), log10(1 − low)] and take β = 1 − 10^r"
        )
    if abs(above - 0.5) > TOLERANCE:
        raise Mistake(f"half the samples must lie in [0.99, 0.999], got {above:.1%}")
    _other_bounds(fn, rng, 0.8, 0.995, lambda beta: np.log10(1 - beta))
    return (
        f"{above:.1%} of the samples in [0.99, 0.999], as in [0.9, 0.99], and 1 − β evenly "
        "spread on a log scale for bounds 0.8 and 0.995 too"
    )
