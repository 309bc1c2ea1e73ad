"""Chapter 2: He and Xavier initialization."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deepnotes import initializers

from ._core import Mistake, as_array, call, check_generator_use, describe, exercise

DIMS = [600, 500, 400]  # big enough to measure a standard deviation to within 1%
TOLERANCE = 0.03


def _scales(gain: float, n_prev: int, n: int) -> dict[str, float]:
    """The standard deviation each classic mistake gives one layer."""
    other = "Xavier's 1/n[l-1]" if gain == 2 else "He's 2/n[l-1]"
    return {
        f"it uses {other} in place of the chapter's {gain:g}/n[l-1]": np.sqrt((3 - gain) / n_prev),
        "it divides by the layer's own width n[l] (fan-out) instead of n[l-1] (fan-in)": np.sqrt(
            gain / n
        ),
        f"it uses {gain:g}/n[l-1] as the standard deviation; it is the variance, take its "
        "square root": gain / n_prev,
        "it draws standard normal weights, without the scale factor": 1.0,
        "it keeps the 0.01 of random initialization instead of the chapter's scale": 0.01,
        "it uses Glorot's 2/(n[l-1] + n[l]) (PyTorch's xavier_normal_), not the course's "
        f"{gain:g}/n[l-1]": np.sqrt(2 / (n_prev + n)),
    }


def _test(fn: Callable, rng: np.random.Generator, gain: float) -> str:
    params = call(fn, DIMS, rng=np.random.default_rng(rng.integers(2**32)))
    if not isinstance(params, dict):
        raise Mistake(f"it must return a dict of arrays, got {describe(params)}")
    expected = {f"W{l}" for l in range(1, len(DIMS))} | {f"b{l}" for l in range(1, len(DIMS))}
    if set(params) != expected:
        raise Mistake(f"it must return the keys {sorted(expected)}, got {sorted(params)}")
    for l in range(1, len(DIMS)):
        n_prev, n = DIMS[l - 1], DIMS[l]
        W = as_array(params[f"W{l}"], f"W{l}", (n, n_prev))
        b = as_array(params[f"b{l}"], f"b{l}", (n, 1))
        if np.any(b != 0):
            raise Mistake(f"b{l} must start at zero; only the weights break the symmetry")
        want = np.sqrt(gain / n_prev)
        std = float(W.std())
        if abs(float(W.mean())) > 5 * std / np.sqrt(W.size):  # 5 standard errors of the mean
            raise Mistake(f"W{l} must have mean 0, got {float(W.mean()):.3g}")
        if abs(std / want - 1) > TOLERANCE:
            for explanation, scale in _scales(gain, n_prev, n).items():
                if abs(std / scale - 1) <= TOLERANCE:
                    raise Mistake(f"the standard deviation of W{l} is {std:.4f}: {explanation}")
            raise Mistake(
                f"the standard deviation of W{l} is {std:.4f}; it should be "
                f"sqrt({gain:g}/{n_prev}) = {want:.4f}"
            )
    check_generator_use(lambda generator: call(fn, DIMS, rng=generator))
    return (
        f"shapes, zero biases, and every W with standard deviation sqrt({gain:g}/n[l-1]) "
        f"(layers {DIMS}), drawn from the given generator"
    )


@exercise(
    "he",
    chapter="initialization",
    task="He initialization: W[l] ~ N(0, 2/n[l-1]), b[l] = 0, for every layer.",
    solution=initializers.he,
)
def _he(fn: Callable, rng: np.random.Generator) -> str:
    return _test(fn, rng, gain=2.0)


@exercise(
    "xavier",
    chapter="initialization",
    task="Xavier initialization: W[l] ~ N(0, 1/n[l-1]), b[l] = 0, for every layer.",
    solution=initializers.xavier,
)
def _xavier(fn: Callable, rng: np.random.Generator) -> str:
    return _test(fn, rng, gain=1.0)
