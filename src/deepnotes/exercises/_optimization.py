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
    return f"{len(batches)} batches of sizes {sizes}, every example once, labels kept"


@exercise(
    "adam_step",
    chapter="optimization",
    task="One step of Adam: both moving averages, both bias corrections, then the update.",
    solution=optimizers.adam_step,
)
def _adam_step(fn: Callable, rng: np.random.Generator) -> str:
    b1, b2, eps, lr = 0.9, 0.999, 1e-8, 0.01
    w, v, s = rng.normal(size=(3, 4)), np.zeros((3, 4)), np.zeros((3, 4))
    w0 = w
    for t in range(1, 6):
        dw = rng.normal(size=w.shape)
        out = call(fn, w, dw, v, s, t, learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps)
        if not (isinstance(out, tuple) and len(out) == 3):
            raise Mistake(f"it must return (w, v, s), got {describe(out)}")
        got_w, got_v, got_s = (as_array(x, n, w.shape) for x, n in zip(out, "wvs", strict=True))
        want_w, want_v, want_s = optimizers.adam_step(
            w, dw, v, s, t, learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps
        )
        compare(got_v, want_v, f"v at step {t}", {"it swaps β1 and β2": b2 * v + (1 - b2) * dw})
        compare(
            got_s,
            want_s,
            f"s at step {t}",
            {
                "it averages dW, not its square": b2 * s + (1 - b2) * dw,
                "it swaps β1 and β2": b1 * s + (1 - b1) * dw**2,
            },
        )
        v_hat, s_hat = want_v / (1 - b1**t), want_s / (1 - b2**t)
        compare(
            got_w,
            want_w,
            f"w at step {t}",
            {
                "it corrects s with β1: ŝ = s / (1 − β2^t)": w
                - lr * v_hat / (np.sqrt(want_s / (1 - b1**t)) + eps),
                "it corrects v with β2: v̂ = v / (1 − β1^t)": w
                - lr * (want_v / (1 - b2**t)) / (np.sqrt(s_hat) + eps),
                "it skips the bias correction: divide v by 1 − β1^t and s by 1 − β2^t": w
                - lr * want_v / (np.sqrt(want_s) + eps),
                "it corrects with β^1 instead of β^t": w
                - lr * (want_v / (1 - b1)) / (np.sqrt(want_s / (1 - b2)) + eps),
                "it forgets the square root of ŝ": w - lr * v_hat / (s_hat + eps),
                "it steps with the gradient, not with v̂": w - lr * dw / (np.sqrt(s_hat) + eps),
                "it adds the step instead of subtracting it": w
                + lr * v_hat / (np.sqrt(s_hat) + eps),
            },
        )
        w, v, s = want_w, want_v, want_s
    return f"5 steps from w of shape {w0.shape}: v, s and w match, bias corrections included"
