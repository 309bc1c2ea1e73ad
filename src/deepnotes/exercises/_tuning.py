"""Chapter 6: sampling on the right scale."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deepnotes import tuning

from ._core import Mistake, as_array, call, exercise

N = 20_000
TOLERANCE = 0.02  # on a share of samples; its standard error at N = 20,000 is under 0.004


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
    return f"each of the 4 decades from {low:g} to {high:g} gets {np.round(shares, 3).tolist()}"


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
    return f"{above:.1%} of the samples in [0.99, 0.999], as in [0.9, 0.99]"
