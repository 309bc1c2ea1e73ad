"""Chapter 3: the L2 term and its gradient, and inverted dropout."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deepnotes import regularization

from ._core import (
    Mistake,
    as_array,
    call,
    check_generator_use,
    compare,
    describe,
    exercise,
    gradient_check,
)


def _params(rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {
        "W1": rng.normal(size=(5, 4)),
        "b1": rng.normal(size=(5, 1)),
        "W2": rng.normal(size=(3, 5)),
        "b2": rng.normal(size=(3, 1)),
    }


@exercise(
    "l2_penalty",
    chapter="regularization",
    task="The L2 term of the cost: λ/(2m) times the sum of the squared weights.",
    solution=regularization.l2_penalty,
)
def _l2_penalty(fn: Callable, rng: np.random.Generator) -> str:
    params, lambd, m = _params(rng), 0.7, 20
    got = as_array(call(fn, params, lambd=lambd, m=m), "the penalty", ())
    squares = sum(float(np.sum(W**2)) for k, W in params.items() if k.startswith("W"))
    with_biases = sum(float(np.sum(v**2)) for v in params.values())
    norms = sum(float(np.linalg.norm(W)) for k, W in params.items() if k.startswith("W"))
    compare(
        got,
        np.array(regularization.l2_penalty(params, lambd=lambd, m=m)),
        "the penalty",
        {
            "it uses λ/m; the cost's term is λ/(2m), whose 2 cancels in the gradient": lambd
            / m
            * squares,
            "it adds the biases; the L2 term holds the weights W only": lambd
            / (2 * m)
            * with_biases,
            "it sums the Frobenius norms; the term sums their squares": lambd / (2 * m) * norms,
            "it squares the sum of the weights; the term sums the squares": lambd
            / (2 * m)
            * sum(float(np.sum(W)) ** 2 for k, W in params.items() if k.startswith("W")),
            "it leaves out the last layer's weights: the sum runs over l = 1, ..., L": lambd
            / (2 * m)
            * float(np.sum(params["W1"] ** 2)),
            "it leaves out the first layer's weights: the sum runs over l = 1, ..., L": lambd
            / (2 * m)
            * float(np.sum(params["W2"] ** 2)),
            "it forgets to divide by m": lambd / 2 * squares,
        },
    )
    return "λ/(2m) Σ‖W‖², the weights only"


@exercise(
    "l2_gradient",
    chapter="regularization",
    task="The gradient of the L2 term with respect to one W: (λ/m) W.",
    solution=regularization.l2_gradient,
)
def _l2_gradient(fn: Callable, rng: np.random.Generator) -> str:
    W, lambd, m = rng.normal(size=(4, 3)), 0.7, 20
    got = as_array(call(fn, W, lambd=lambd, m=m), "the gradient", W.shape)
    compare(
        got,
        regularization.l2_gradient(W, lambd=lambd, m=m),
        "the gradient",
        {
            "it uses λ/(2m): the derivative of W² is 2W, which cancels the 2 of λ/(2m), so "
            "the gradient is (λ/m) W": lambd / (2 * m) * W,
            "it uses 2λ/m: with the cost's λ/(2m), the gradient is (λ/m) W": 2 * lambd / m * W,
            "it forgets to divide by m": lambd * W,
            "its sign is flipped: the term adds +(λ/m) W to dW, and the step subtracts it": -lambd
            / m
            * W,
        },
    )
    penalty = lambda V: regularization.l2_penalty({"W1": V}, lambd=lambd, m=m)  # noqa: E731
    error = gradient_check(penalty, W, got, "the gradient")
    return f"(λ/m) W, and a gradient check against the penalty agrees ({error:.1e})"


@exercise(
    "dropout_forward",
    chapter="regularization",
    task="Inverted dropout: keep each unit with probability keep_prob, then divide by it.",
    solution=regularization.dropout_forward,
)
def _dropout_forward(fn: Callable, rng: np.random.Generator) -> str:
    A, keep_prob = rng.normal(size=(400, 500)), 0.8
    seed = int(rng.integers(2**32))
    out = call(fn, A, keep_prob=keep_prob, rng=np.random.default_rng(seed))
    if not (isinstance(out, tuple) and len(out) == 2):
        raise Mistake(
            "it must return two things, the activations and the mask, (A, mask); "
            f"got {describe(out)}"
        )
    if np.asarray(out[0]).dtype == bool:
        raise Mistake("it returns (mask, A_out): the order is (A_out, mask)")
    A_out = as_array(out[0], "A_out", A.shape)
    mask = np.asarray(out[1])
    if mask.shape != A.shape or not np.isin(mask, (0, 1)).all():
        raise Mistake(f"the mask must be {A.shape} of 0s and 1s (or booleans)")
    kept = float(mask.mean())
    if abs(kept - (1 - keep_prob)) < 0.01:
        raise Mistake(
            f"it keeps {kept:.1%} of the units: `rng.random(shape) < keep_prob` keeps a unit "
            f"with probability keep_prob = {keep_prob}; it drops with that probability instead"
        )
    if abs(kept - keep_prob) > 0.01:
        raise Mistake(f"it keeps {kept:.1%} of the units; keep_prob asks for {keep_prob:.0%}")
    compare(
        A_out,
        A * mask / keep_prob,
        "A_out",
        {
            "it does not divide by keep_prob, so the expected activation shrinks to "
            f"{keep_prob} of its value and test time would see another scale": A * mask,
            "it multiplies by keep_prob instead of dividing": A * mask * keep_prob,
            "it divides by 1 − keep_prob, the probability of dropping; inverted dropout "
            "divides by the probability of keeping": A * mask / (1 - keep_prob),
        },
    )
    shared = np.random.default_rng(seed)
    first = np.asarray(call(fn, A, keep_prob=keep_prob, rng=shared)[1])
    second = np.asarray(call(fn, A, keep_prob=keep_prob, rng=shared)[1])
    if np.array_equal(first, second):
        raise Mistake(
            "two calls with the same generator drop the same units: it reuses one mask, so "
            "every layer (and every step) loses the same units; draw a new mask from `rng` "
            "on every call"
        )
    check_generator_use(lambda generator: call(fn, A, keep_prob=keep_prob, rng=generator))
    return (
        f"keeps {kept:.1%} of the units for keep_prob = {keep_prob}, divides by keep_prob, "
        "and draws a new mask on every call"
    )


@exercise(
    "dropout_backward",
    chapter="regularization",
    task="The backward pass of inverted dropout, with the mask of the forward pass.",
    solution=regularization.dropout_backward,
)
def _dropout_backward(fn: Callable, rng: np.random.Generator) -> str:
    dA, keep_prob = rng.normal(size=(6, 8)), 0.75
    mask = rng.random(dA.shape) < keep_prob
    got = as_array(call(fn, dA, mask, keep_prob=keep_prob), "dA", dA.shape)
    compare(
        got,
        dA * mask / keep_prob,
        "dA",
        {
            "it does not divide by keep_prob; the forward pass did, so the backward pass "
            "must too": dA * mask,
            "it divides by keep_prob but forgets the mask: dropped units pass no gradient": dA
            / keep_prob,
            "it divides by 1 − keep_prob, the probability of dropping; the forward pass divided "
            "by keep_prob": dA * mask / (1 - keep_prob),
        },
    )
    A = rng.normal(size=dA.shape)
    error = gradient_check(lambda X: float(np.sum(dA * X * mask / keep_prob)), A, got, "dA")
    return f"dA ⊙ D / keep_prob; a gradient check agrees ({error:.1e})"
