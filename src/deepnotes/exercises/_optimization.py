"""Chapter 5: mini-batches and Adam."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deepnotes import minibatches, optimizers

from ._core import Mistake, as_array, call, check_generator_use, compare, describe, exercise


@exercise(
    "random_mini_batches",
    chapter="optimization",
    task="Shuffle the columns of X and Y together, then cut them into batches of batch_size.",
    solution=minibatches.random_mini_batches,
)
def _random_mini_batches(fn: Callable, rng: np.random.Generator) -> str:
    m, b = 150, 32
    X = np.vstack([np.arange(m, dtype=float), rng.normal(size=(2, m))])  # row 0: the index
    Y = np.arange(m, dtype=float).reshape(1, m) + 0.5
    batches = call(fn, X, Y, batch_size=b, rng=np.random.default_rng(rng.integers(2**32)))
    if not isinstance(batches, list | tuple) or not all(
        isinstance(pair, tuple | list) and len(pair) == 2 for pair in batches
    ):
        raise Mistake(f"it must return a list of (X_t, Y_t) pairs, got {describe(batches)}")
    sizes = [np.shape(X_t)[-1] for X_t, _ in batches]
    if sizes == [b] * (m // b):
        raise Mistake(
            f"it drops the last {m % b} examples: when batch_size does not divide m, the "
            "last batch holds what is left"
        )
    expected = [b] * (m // b) + [m % b]
    if sizes != expected:
        raise Mistake(f"the batch sizes must be {expected} for m = {m}, got {sizes}")
    X_all = np.hstack([np.asarray(X_t, dtype=float) for X_t, _ in batches])
    Y_all = np.hstack([np.asarray(Y_t, dtype=float) for _, Y_t in batches])
    if X_all.shape != X.shape or Y_all.shape != Y.shape:
        raise Mistake(
            f"each X_t must keep X's {X.shape[0]} rows and each Y_t Y's {Y.shape[0]}: examples "
            f"are columns; got {X_all.shape} and {Y_all.shape} once joined"
        )
    order = X_all[0].astype(int)
    if sorted(order) != list(range(m)):
        raise Mistake("the batches must hold every example exactly once")
    if not np.array_equal(Y_all[0], order + 0.5):
        raise Mistake(
            "X and Y are shuffled with different permutations, so each x lost its label: "
            "draw one permutation and index both with it"
        )
    if not np.array_equal(X_all, X[:, order]):
        raise Mistake("the columns of a batch must be whole columns of X")
    if np.array_equal(order, np.arange(m)):
        raise Mistake("it does not shuffle: draw a permutation with rng.permutation(m) first")
    check_generator_use(lambda generator: call(fn, X, Y, batch_size=b, rng=generator))
    divides = [np.shape(X_t)[-1] for X_t, _ in call(fn, X, Y, batch_size=50, rng=rng)]
    if divides != [50, 50, 50]:
        raise Mistake(
            f"for batch_size = 50, which divides m = {m}, the sizes must be [50, 50, 50], got "
            f"{divides}" + (": an empty last batch" if divides and divides[-1] == 0 else "")
        )
    return f"{len(batches)} batches of sizes {sizes}, every example once, labels kept"


@exercise(
    "adam_step",
    chapter="optimization",
    task="One step of Adam: both moving averages, both bias corrections, then the update.",
    solution=optimizers.adam_step,
)
def _adam_step(fn: Callable, rng: np.random.Generator) -> str:
    # the course's defaults, then other values with a large ε, so that no constant written
    # into the function passes and the place of ε shows
    for b1, b2, eps, lr in ((0.9, 0.999, 1e-8, 0.01), (0.8, 0.99, 0.1, 0.05)):
        shape = _adam_steps(fn, rng, b1, b2, eps, lr)
    return (
        f"5 steps from w of shape {shape}, twice (β1, β2, ε, α = 0.9, 0.999, 1e-8, 0.01 and "
        "0.8, 0.99, 0.1, 0.05): v, s and w match, bias corrections and ε in place"
    )


def _adam_steps(fn: Callable, rng: np.random.Generator, b1, b2, eps, lr) -> tuple[int, ...]:
    w, v, s = rng.normal(size=(3, 4)), np.zeros((3, 4)), np.zeros((3, 4))
    for t in range(1, 6):
        dw = rng.normal(size=w.shape)
        out = call(fn, w, dw, v, s, t, learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps)
        if not (isinstance(out, tuple) and len(out) == 3):
            raise Mistake(f"it must return (w, v, s), got {describe(out)}")
        got_w, got_v, got_s = (as_array(x, n, w.shape) for x, n in zip(out, "wvs", strict=True))
        want_w, want_v, want_s = optimizers.adam_step(
            w, dw, v, s, t, learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps
        )
        v_hat, s_hat = want_v / (1 - b1**t), want_s / (1 - b2**t)
        compare(
            got_v,
            want_v,
            f"v at step {t}",
            {
                "it swaps β1 and β2": b2 * v + (1 - b2) * dw,
                "it swaps the two weights of the average: v = β1 v + (1 − β1) dW, not "
                "(1 − β1) v + β1 dW": (1 - b1) * v + b1 * dw,
                "it returns v̂, the corrected average, as the new v: the state to keep is the "
                "uncorrected v; the correction is only for the step": v_hat,
                "it returns (w, s, v): the order is (w, v, s)": want_s,
            },
        )
        compare(
            got_s,
            want_s,
            f"s at step {t}",
            {
                "it averages dW, not its square": b2 * s + (1 - b2) * dw,
                "it swaps β1 and β2": b1 * s + (1 - b1) * dw**2,
                "it swaps the two weights of the average: s = β2 s + (1 − β2) dW², not "
                "(1 − β2) s + β2 dW²": (1 - b2) * s + b2 * dw**2,
                "it returns ŝ, the corrected average, as the new s: the state to keep is the "
                "uncorrected s; the correction is only for the step": s_hat,
            },
        )

        def step(v_corrected, root, w=w):
            return w - lr * v_corrected / root

        compare(
            got_w,
            want_w,
            f"w at step {t}",
            {
                "it corrects s with β1: ŝ = s / (1 − β2^t)": step(
                    v_hat, np.sqrt(want_s / (1 - b1**t)) + eps
                ),
                "it corrects v with β2: v̂ = v / (1 − β1^t)": step(
                    want_v / (1 - b2**t), np.sqrt(s_hat) + eps
                ),
                "it skips the bias correction: divide v by 1 − β1^t and s by 1 − β2^t": step(
                    want_v, np.sqrt(want_s) + eps
                ),
                "it corrects with β^1 instead of β^t": step(
                    want_v / (1 - b1), np.sqrt(want_s / (1 - b2)) + eps
                ),
                "it corrects with β^(t+1): t counts from 1, and the correction uses β^t": step(
                    want_v / (1 - b1 ** (t + 1)), np.sqrt(want_s / (1 - b2 ** (t + 1))) + eps
                ),
                "it corrects with (1 − β)^t instead of 1 − β^t": step(
                    want_v / (1 - b1) ** t, np.sqrt(want_s / (1 - b2) ** t) + eps
                ),
                "it forgets the square root of ŝ": step(v_hat, s_hat + eps),
                "it puts ε inside the square root: √(ŝ + ε), not √ŝ + ε": step(
                    v_hat, np.sqrt(s_hat + eps)
                ),
                "it adds ε before the correction, to √s (TensorFlow's form): the course adds it "
                "to √ŝ": step(v_hat, (np.sqrt(want_s) + eps) / np.sqrt(1 - b2**t)),
                "it steps with the gradient, not with v̂": step(dw, np.sqrt(s_hat) + eps),
                "it adds the step instead of subtracting it": 2 * w
                - step(v_hat, np.sqrt(s_hat) + eps),
            },
        )
        w, v, s = want_w, want_v, want_s
    return w.shape
