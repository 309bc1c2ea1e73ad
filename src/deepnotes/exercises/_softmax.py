"""Chapter 8: softmax and the gradient of softmax with cross-entropy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deepnotes import activations, losses

from ._core import Mistake, as_array, call, compare, exercise, gradient_check


@exercise(
    "softmax",
    chapter="softmax",
    task="Softmax over each column, stable for large logits (subtract the column's max).",
    solution=activations.softmax,
)
def _softmax(fn: Callable, rng: np.random.Generator) -> str:
    Z = rng.normal(size=(4, 5))
    got = as_array(call(fn, Z), "A", Z.shape)
    rows = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    compare(
        got,
        activations.softmax(Z),
        "A",
        {
            "it normalizes each row; examples are columns, so each column must sum to 1": rows,
            "it normalizes over the whole matrix; each column must sum to 1": np.exp(Z)
            / np.exp(Z).sum(),
        },
    )
    big = Z * 400  # logits in the hundreds: exp overflows without the max subtracted
    big[:, 0] -= 2000  # and a column far below the others: a global max underflows it
    out = np.asarray(call(fn, big), dtype=float)
    with np.errstate(all="ignore"):
        global_max = np.exp(big - big.max())
        global_max = global_max / global_max.sum(axis=0, keepdims=True)
    if out.shape == big.shape and np.allclose(out, global_max, equal_nan=True):
        if not np.isfinite(out).all():
            raise Mistake(
                "it subtracts the max of the whole matrix: a column whose logits lie far below "
                "that max underflows to exp(−2000) = 0 everywhere, and 0/0 is NaN; subtract "
                "each column's own max (axis=0, keepdims=True)"
            )
    if out.shape != big.shape or not np.isfinite(out).all():
        raise Mistake(
            "it overflows on logits in the hundreds (exp(800) is inf, and inf/inf is NaN): "
            "subtract each column's max first; softmax(z − c) = softmax(z)"
        )
    compare(out, activations.softmax(big), "A for logits in the hundreds")
    return "columns sum to 1, and logits in the hundreds stay finite"


@exercise(
    "softmax_cross_entropy_backward",
    chapter="softmax",
    task="dZ[L] of softmax with cross-entropy, averaged over the m examples: (A − Y) / m.",
    solution=losses.softmax_cross_entropy_backward,
)
def _softmax_cross_entropy_backward(fn: Callable, rng: np.random.Generator) -> str:
    C, m = 4, 7
    Z = rng.normal(size=(C, m))
    A = activations.softmax(Z)
    Y = np.eye(C)[:, rng.integers(C, size=m)]
    got = as_array(call(fn, A, Y), "dZ", A.shape)
    compare(
        got,
        losses.softmax_cross_entropy_backward(A, Y),
        "dZ",
        {
            "it forgets the 1/m: the cost averages over the m examples, so dZ = (A − Y) / m": A - Y,
            "its sign is flipped: dZ = (A − Y) / m, not (Y − A) / m": (Y - A) / m,
            "it returns −Y / A, the gradient with respect to A; through softmax it collapses "
            "to (A − Y) / m": -Y / A / m,
            "it divides by the number of classes C; the cost averages over the m examples": (A - Y)
            / C,
            "it divides by C·m; the cost averages over the m examples only": (A - Y) / (C * m),
        },
    )
    error = gradient_check(lambda V: losses.cross_entropy(activations.softmax(V), Y), Z, got, "dZ")
    return f"(A − Y) / m, and a gradient check through softmax agrees ({error:.1e})"
