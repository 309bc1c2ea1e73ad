"""Chapter 7: the batch-norm forward and backward passes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deepnotes import batchnorm

from ._core import Mistake, as_array, call, compare, describe, exercise, gradient_check

EPSILON = 0.1  # large, so that where ε goes shows in the result


def _batch(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    Z = rng.normal(loc=2.0, scale=3.0, size=(4, 6))
    return Z, rng.normal(size=(4, 1)), rng.normal(size=(4, 1))


def _normalized(Z: np.ndarray, mu: np.ndarray, scale: np.ndarray, gamma, beta) -> np.ndarray:
    return gamma * (Z - mu) / scale + beta


@exercise(
    "batchnorm_forward",
    chapter="batch-normalization",
    task="Normalize each unit over the batch (mean, biased variance, ε), then scale and shift.",
    solution=batchnorm.batchnorm_forward,
)
def _batchnorm_forward(fn: Callable, rng: np.random.Generator) -> str:
    Z, gamma, beta = _batch(rng)
    out = call(fn, Z, gamma, beta, epsilon=EPSILON)
    got = as_array(out[0] if isinstance(out, tuple) else out, "Z_tilde", Z.shape)
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    mu_rows, var_rows = Z.mean(axis=0, keepdims=True), Z.var(axis=0, keepdims=True)
    compare(
        got,
        batchnorm.batchnorm_forward(Z, gamma, beta, epsilon=EPSILON)[0],
        "Z_tilde",
        {
            "it uses the unbiased variance (ddof=1, dividing by m − 1); batch norm divides "
            "by m": _normalized(
                Z, mu, np.sqrt(Z.var(axis=1, ddof=1, keepdims=True) + EPSILON), gamma, beta
            ),
            "it divides by σ² + ε instead of by its square root √(σ² + ε)": _normalized(
                Z, mu, var + EPSILON, gamma, beta
            ),
            "it puts ε outside the square root: √σ² + ε instead of √(σ² + ε)": _normalized(
                Z, mu, np.sqrt(var) + EPSILON, gamma, beta
            ),
            "it normalizes across the units of each example (axis 0); batch norm normalizes "
            "each unit across the examples of the batch (axis 1)": _normalized(
                Z, mu_rows, np.sqrt(var_rows + EPSILON), gamma, beta
            ),
            "it forgets to scale by γ and shift by β": (Z - mu) / np.sqrt(var + EPSILON),
        },
    )
    return "each unit normalized over the batch with √(σ² + ε), σ² biased, then γ and β"


@exercise(
    "batchnorm_backward",
    chapter="batch-normalization",
    task="Batch norm backward: dZ, dγ, dβ from dZ̃ and the cache's Z_norm, gamma and inv_std.",
    solution=batchnorm.batchnorm_backward,
)
def _batchnorm_backward(fn: Callable, rng: np.random.Generator) -> str:
    Z, gamma, beta = _batch(rng)
    _, cache = batchnorm.batchnorm_forward(Z, gamma, beta, epsilon=EPSILON)
    dZ_tilde = rng.normal(size=Z.shape)
    out = call(fn, dZ_tilde, cache)
    if not (isinstance(out, tuple) and len(out) == 3):
        raise Mistake(f"it must return (dZ, dgamma, dbeta), got {describe(out)}")
    dZ = as_array(out[0], "dZ", Z.shape)
    dgamma = as_array(out[1], "dgamma", gamma.shape)
    dbeta = as_array(out[2], "dbeta", beta.shape)
    want_dZ, want_dgamma, want_dbeta = batchnorm.batchnorm_backward(dZ_tilde, cache)
    compare(dbeta, want_dbeta, "dbeta", {"it averages over the batch; dβ sums": want_dbeta / 6})
    compare(
        dgamma,
        want_dgamma,
        "dgamma",
        {"it multiplies dZ̃ by Z, not by Z_norm": (dZ_tilde * Z).sum(axis=1, keepdims=True)},
    )
    compare(
        dZ,
        want_dZ,
        "dZ",
        {
            "it treats μ and σ² as constants (dZ = γ dZ̃ / √(σ² + ε)); both depend on every "
            "z of the batch, which adds the two sums of the formula": gamma
            * cache.inv_std
            * dZ_tilde,
            "it keeps the mean's term but drops the variance's (the −Z_norm Σ dZ̃ Z_norm / m)": gamma
            * cache.inv_std
            * (dZ_tilde - dZ_tilde.mean(axis=1, keepdims=True)),
            "it keeps the variance's term but drops the mean's (the −Σ dZ̃ / m)": gamma
            * cache.inv_std
            * (dZ_tilde - cache.Z_norm * (dZ_tilde * cache.Z_norm).mean(axis=1, keepdims=True)),
            "it rebuilds the standard deviation without ε: 1/√σ², not 1/√(σ² + ε)": want_dZ
            * np.sqrt(cache.var + EPSILON)
            / np.sqrt(cache.var),
            f"it takes m from axis 0 (the {Z.shape[0]} units); m is the batch size, the "
            f"{Z.shape[1]} examples of axis 1": gamma
            * cache.inv_std
            / Z.shape[0]
            * (Z.shape[0] * dZ_tilde - want_dbeta - cache.Z_norm * want_dgamma),
            "its sign is flipped": -want_dZ,
        },
    )

    def cost(V: np.ndarray) -> float:
        return float(
            np.sum(dZ_tilde * batchnorm.batchnorm_forward(V, gamma, beta, epsilon=EPSILON)[0])
        )

    error = gradient_check(cost, Z, dZ, "dZ")
    return f"dZ, dγ and dβ match, and a gradient check of dZ agrees ({error:.1e})"
