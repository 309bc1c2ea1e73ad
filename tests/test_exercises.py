"""The exercise checker: it passes the package's solutions, and names each planted bug.

Every buggy function below is written here by hand, as a reader would write it,
not taken from the checker's own models of the mistakes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from deepnotes.exercises import EXERCISES, Report, check, solution


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_package_solution_passes(name):
    report = check(name, EXERCISES[name].solution)
    assert report.passed, report.message
    assert report.message.startswith(f"✓ {name}: ")


def test_every_chapter_from_2_to_8_has_two_to_four_exercises():
    chapters = [exercise.chapter for exercise in EXERCISES.values()]
    counts = {chapter: chapters.count(chapter) for chapter in chapters}
    assert len(counts) == 7 and all(2 <= n <= 4 for n in counts.values()), counts


# ------------------------------------------------------------------ planted bugs


def he_as_xavier(layer_dims, *, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(
            1 / layer_dims[l - 1]
        )
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def he_with_variance_as_std(layer_dims, *, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * (
            2 / layer_dims[l - 1]
        )
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def he_weights(layer_dims, *, rng):
    return {
        key: value
        for l in range(1, len(layer_dims))
        for key, value in (
            (
                f"W{l}",
                rng.normal(0, np.sqrt(2 / layer_dims[l - 1]), (layer_dims[l], layer_dims[l - 1])),
            ),
            (f"b{l}", np.zeros((layer_dims[l], 1))),
        )
    }


def he_with_own_seed(layer_dims, *, rng):
    return he_weights(layer_dims, rng=np.random.default_rng(0))


def l2_penalty_over_m(params, *, lambd, m):
    return lambd / m * sum(np.sum(W * W) for k, W in params.items() if k[0] == "W")


def l2_penalty_with_biases(params, *, lambd, m):
    return lambd / (2 * m) * sum(np.sum(p**2) for p in params.values())


def l2_gradient_over_2m(W, *, lambd, m):
    return lambd * W / (2 * m)


def dropout_without_rescaling(A, *, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    return A * D, D


def dropout_dropping_keep_prob(A, *, keep_prob, rng):
    D = rng.random(A.shape) > keep_prob
    return A * D / keep_prob, D


_MASK = {}


def dropout_reusing_its_mask(A, *, keep_prob, rng):
    if A.shape not in _MASK:
        _MASK[A.shape] = rng.random(A.shape) < keep_prob
    D = _MASK[A.shape]
    return A * D / keep_prob, D


def dropout_in_place(A, *, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    A *= D
    A /= keep_prob
    return A, D


def dropout_backward_without_rescaling(dA, D, *, keep_prob):
    return dA * D


def one_sided_difference(f, theta, *, epsilon):
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = epsilon
        grad[i] = (f(theta + step) - f(theta)) / epsilon
    return grad


def two_sided_over_epsilon(f, theta, *, epsilon):
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = epsilon
        grad[i] = (f(theta + step) - f(theta - step)) / epsilon
    return grad


def relative_difference_unnormalized(grad, approx):
    return float(np.linalg.norm(grad - approx))


def relative_difference_zero_over_zero(grad, approx):
    return float(np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)))


def mini_batches_unshuffled(X, Y, *, batch_size, rng):
    m = X.shape[1]
    return [(X[:, k : k + batch_size], Y[:, k : k + batch_size]) for k in range(0, m, batch_size)]


def mini_batches_dropping_the_rest(X, Y, *, batch_size, rng):
    order = rng.permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    return [
        (X[:, k * batch_size : (k + 1) * batch_size], Y[:, k * batch_size : (k + 1) * batch_size])
        for k in range(X.shape[1] // batch_size)
    ]


def mini_batches_with_two_permutations(X, Y, *, batch_size, rng):
    X = X[:, rng.permutation(X.shape[1])]
    Y = Y[:, rng.permutation(Y.shape[1])]
    return [
        (X[:, k : k + batch_size], Y[:, k : k + batch_size])
        for k in range(0, X.shape[1], batch_size)
    ]


def adam_correcting_s_with_beta1(w, dw, v, s, t, *, learning_rate, beta1, beta2, epsilon):
    v = beta1 * v + (1 - beta1) * dw
    s = beta2 * s + (1 - beta2) * dw**2
    v_hat, s_hat = v / (1 - beta1**t), s / (1 - beta1**t)
    return w - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon), v, s


def adam_without_bias_correction(w, dw, v, s, t, *, learning_rate, beta1, beta2, epsilon):
    v = beta1 * v + (1 - beta1) * dw
    s = beta2 * s + (1 - beta2) * np.square(dw)
    return w - learning_rate * v / (np.sqrt(s) + epsilon), v, s


def log_uniform_in_alpha(low, high, *, size, rng):
    return rng.uniform(low, high, size=size)


def beta_uniform(low, high, *, size, rng):
    return rng.uniform(low, high, size=size)


def batchnorm_unbiased(Z, gamma, beta, *, epsilon):
    mu = Z.mean(axis=1, keepdims=True)
    var = ((Z - mu) ** 2).sum(axis=1, keepdims=True) / (Z.shape[1] - 1)
    return gamma * (Z - mu) / np.sqrt(var + epsilon) + beta, None


def batchnorm_over_variance(Z, gamma, beta, *, epsilon):
    mu, var = np.mean(Z, axis=1, keepdims=True), np.var(Z, axis=1, keepdims=True)
    return gamma * (Z - mu) / (var + epsilon) + beta, None


def batchnorm_backward_with_constant_statistics(dZ_tilde, cache):
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = (dZ_tilde * cache.Z_norm).sum(axis=1, keepdims=True)
    return cache.gamma * cache.inv_std * dZ_tilde, dgamma, dbeta


def softmax_over_rows(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def softmax_without_max(Z):
    return np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)


def softmax_gradient_without_m(AL, Y):
    return AL - Y


PLANTED = [
    ("he", he_as_xavier, "Xavier's 1/n[l-1] in place of the chapter's 2/n[l-1]"),
    ("he", he_with_variance_as_std, "it is the variance, take its square root"),
    ("he", he_with_own_seed, "it ignores its `rng`"),
    ("xavier", he_weights, "He's 2/n[l-1] in place of the chapter's 1/n[l-1]"),
    ("l2_penalty", l2_penalty_over_m, "it uses λ/m; the cost's term is λ/(2m)"),
    ("l2_penalty", l2_penalty_with_biases, "it adds the biases"),
    ("l2_gradient", l2_gradient_over_2m, "it uses λ/(2m)"),
    ("dropout_forward", dropout_without_rescaling, "it does not divide by keep_prob"),
    ("dropout_forward", dropout_dropping_keep_prob, "it drops with that probability instead"),
    ("dropout_forward", dropout_reusing_its_mask, "it reuses one mask"),
    ("dropout_forward", dropout_in_place, "changed its argument `A` in place"),
    ("dropout_backward", dropout_backward_without_rescaling, "it does not divide by keep_prob"),
    ("numerical_gradient", one_sided_difference, "one-sided difference"),
    ("numerical_gradient", two_sided_over_epsilon, "divides the two-sided difference by ε"),
    ("relative_difference", relative_difference_unnormalized, "without dividing by ‖g‖ + ‖g̃‖"),
    ("relative_difference", relative_difference_zero_over_zero, "two zero gradients must give 0"),
    ("random_mini_batches", mini_batches_unshuffled, "it does not shuffle"),
    ("random_mini_batches", mini_batches_dropping_the_rest, "it drops the last 22 examples"),
    ("random_mini_batches", mini_batches_with_two_permutations, "different permutations"),
    ("adam_step", adam_correcting_s_with_beta1, "it corrects s with β1"),
    ("adam_step", adam_without_bias_correction, "it skips the bias correction"),
    ("log_uniform", log_uniform_in_alpha, "it samples α uniformly"),
    ("sample_beta", beta_uniform, "it samples β uniformly"),
    ("batchnorm_forward", batchnorm_unbiased, "unbiased variance"),
    ("batchnorm_forward", batchnorm_over_variance, "divides by σ² + ε instead of"),
    ("batchnorm_backward", batchnorm_backward_with_constant_statistics, "treats μ and σ² as"),
    ("softmax", softmax_over_rows, "it normalizes each row"),
    ("softmax", softmax_without_max, "it overflows on logits in the hundreds"),
    ("softmax_cross_entropy_backward", softmax_gradient_without_m, "it forgets the 1/m"),
]


@pytest.mark.parametrize(
    ("name", "buggy", "named"), PLANTED, ids=[bug.__name__ for _, bug, _ in PLANTED]
)
def test_the_checker_names_a_planted_bug(name, buggy, named):
    report = check(name, buggy)
    assert not report.passed
    assert named in report.message, report.message
    assert str(report) == report.message


def test_every_exercise_has_a_planted_bug():
    assert {name for name, _, _ in PLANTED} == set(EXERCISES)


# ------------------------------------------------------------------ the reader's slips


def test_a_function_that_raises_gets_a_report_not_a_traceback():
    def broken(W, *, lambd, m):
        return W @ W  # (4, 3) @ (4, 3)

    report = check("l2_gradient", broken)
    assert not report.passed and "your function raised ValueError" in report.message


def test_a_wrong_shape_is_named():
    report = check("l2_gradient", lambda W, *, lambd, m: (lambd / m * W).ravel())
    assert not report.passed and "must have shape (4, 3), got (12,)" in report.message


def test_an_unknown_bug_is_reported_with_its_size():
    report = check("l2_gradient", lambda W, *, lambd, m: lambd / m * W + 0.5)
    assert not report.passed and "matches no mistake the checker knows" in report.message


def test_bad_input_to_the_checker():
    with pytest.raises(ValueError, match=r"name must be one of the exercises \(adam_step, "):
        check("adam", lambda: None)
    with pytest.raises(TypeError, match="name must be the name of an exercise"):
        check(3, lambda: None)
    with pytest.raises(TypeError, match="fn must be a function, got ndarray"):
        check("adam_step", np.zeros(3))


def test_report_prints_its_message():
    report = Report("he", True, "✓ he: fine")
    assert str(report) == "✓ he: fine"


# ------------------------------------------- never a traceback, never shared state


def l2_penalty_without_return(params, *, lambd, m):
    total = sum(np.sum(W**2) for key, W in params.items() if key.startswith("W"))
    lambd / (2 * m) * total


def softmax_without_return(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    E / E.sum(axis=0, keepdims=True)


@pytest.mark.parametrize(
    ("name", "fn"),
    [("l2_penalty", l2_penalty_without_return), ("softmax", softmax_without_return)],
    ids=["a number", "an array"],
)
def test_a_forgotten_return_is_named(name, fn):
    report = check(name, fn)
    assert not report.passed
    assert "your function returned None: is its `return` missing?" in report.message


@pytest.mark.parametrize(
    ("name", "fn", "came_back"),
    [
        (
            "adam_step",
            lambda w, dw, v, s, t, **hyper: [(None, None)],
            "a list of 1: (a tuple of 2: (None, None))",
        ),
        ("relative_difference", lambda grad, grad_approx: "small", "'small'"),
        ("batchnorm_backward", lambda dZ_tilde, cache: (), "a tuple of 0: ()"),
        ("batchnorm_forward", lambda Z, gamma, beta, *, epsilon: ("Z", None), "'Z'"),
    ],
    ids=["adam: a list of pairs", "a string", "an empty tuple", "a string in a pair"],
)
def test_a_result_the_checker_cannot_read_is_a_failed_report(name, fn, came_back):
    report = check(name, fn)  # no exception escapes
    assert not report.passed and report.message.startswith(f"✗ {name}: ")
    assert came_back in report.message


def he_that_pops_the_input_layer(layer_dims, *, rng):
    params, n_prev = {}, layer_dims.pop(0)
    for l, n in enumerate(layer_dims, start=1):
        params[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)
        params[f"b{l}"] = np.zeros((n, 1))
        n_prev = n
    return params


def test_a_list_changed_in_place_is_named_and_does_not_corrupt_the_next_check():
    report = check("he", he_that_pops_the_input_layer)
    assert not report.passed
    assert "changed its argument `layer_dims` in place" in report.message
    assert check("he", EXERCISES["he"].solution).passed  # the checker's own list is intact


def test_a_function_that_never_returns_is_stopped(monkeypatch):
    from deepnotes.exercises import _core

    monkeypatch.setattr(_core, "TIME_LIMIT", 0.3)

    def spins(Z):
        while True:
            try:
                pass
            except Exception:  # a reader's broad except must not swallow the time limit
                pass

    report = check("softmax", spins)
    assert not report.passed and "the check took more than 0.3 s" in report.message


@pytest.mark.parametrize(
    ("name", "fn"),
    [
        (
            "softmax",
            lambda Z: (np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(axis=0)).astype(
                np.float32
            ),
        ),
        ("l2_gradient", lambda W, *, lambd, m: (lambd / m * W).astype(np.float32)),
    ],
    ids=["softmax", "l2_gradient"],
)
def test_a_float32_result_is_named(name, fn):
    report = check(name, fn)
    assert not report.passed and "is float32: the course computes in float64" in report.message


# --------------------------------------------------- solutions that run as pasted


def _stub_blocks() -> dict[str, str]:
    """Each exercise's stub block, as the page shows it."""
    from deepnotes_docs.page_code import blocks

    docs = Path(__file__).resolve().parents[1] / "docs"
    stubs = {}
    for page in docs.glob("*.md"):
        for block in blocks(page):
            if (
                block.lang == "python"
                and 'raise NotImplementedError("your code here")' in block.code
            ):
                stubs[re.search(r'check\("(\w+)"', block.code)[1]] = block.code
    return stubs


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_shown_solution_pasted_over_its_stub_passes_in_a_fresh_interpreter(name, tmp_path):
    stub = _stub_blocks()[name]
    shown = solution(name).removeprefix("```python\n").removesuffix("\n```")
    # the reader selects the stub's function, from its `def` to its `raise`, and pastes
    pasted = re.sub(
        r"def \w+\(.*?raise NotImplementedError\(\"your code here\"\)",
        lambda _: shown,
        stub,
        count=1,
        flags=re.DOTALL,
    )
    assert pasted != stub and "NotImplementedError" not in pasted
    done = subprocess.run(
        [sys.executable, "-c", pasted], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"✓ {name}: "), done.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_solutions_use_nothing_but_numpy():
    for name in EXERCISES:
        imports = re.findall(r"^(?:from|import) (\S+)", solution(name), re.MULTILINE)
        assert set(imports) <= {"numpy", "types"}, (name, imports)


# ------------------------------------ every part observable, and directions when unnamed


def log_uniform_from_the_global_state(low, high, *, size=None, rng):
    r = np.random.uniform(np.log10(low), np.log10(high), size=size)  # noqa: NPY002
    return 10**r


def log_uniform_at_powers_of_ten(low, high, *, size=None, rng):
    exponents = rng.integers(np.ceil(np.log10(low)), np.floor(np.log10(high)), size=size)
    return 10.0**exponents


def log_uniform_with_fixed_bounds(low, high, *, size=None, rng):
    return 10 ** rng.uniform(-4, 0, size=size)


def he_with_its_own_seed(layer_dims, *, rng):
    return he_weights(layer_dims, rng=np.random.default_rng(0))


def dropout_from_the_global_state(A, *, keep_prob, rng):
    mask = np.random.rand(*A.shape) < keep_prob  # noqa: NPY002
    return A * mask / keep_prob, mask


@pytest.mark.parametrize(
    ("name", "fn", "named"),
    [
        ("log_uniform", log_uniform_from_the_global_state, "NumPy's global random state"),
        ("dropout_forward", dropout_from_the_global_state, "NumPy's global random state"),
        ("he", he_with_its_own_seed, "it ignores its `rng`"),
        ("log_uniform", log_uniform_at_powers_of_ten, "not spread evenly on a log scale inside"),
        ("log_uniform", log_uniform_with_fixed_bounds, "the samples must lie in [0.003, 0.5]"),
        (
            "sample_beta",
            lambda low, high, *, size=None, rng: 1 - 10 ** rng.uniform(-3, -1, size=size),
            "the samples must lie in [0.8, 0.995]",
        ),
        (
            "l2_gradient",
            lambda W, *, lambd, m: 3 * lambd / m * W,
            "it is 3× the expected values everywhere: a constant factor",
        ),
        (
            "dropout_backward",
            lambda dA, mask, *, keep_prob: -dA * mask / keep_prob,
            "it has the wrong sign everywhere",
        ),
        ("l2_gradient", lambda W, *, lambd, m: (lambd / m * W).T, "it is transposed"),
    ],
    ids=[
        "sampler on the global state",
        "dropout on the global state",
        "a seed of its own",
        "samples only at powers of ten",
        "bounds written in",
        "beta with bounds written in",
        "a factor of 2",
        "a flipped sign",
        "a transpose",
    ],
)
def test_the_new_checks_name_what_is_wrong(name, fn, named):
    report = check(name, fn)
    assert not report.passed
    assert named in report.message, report.message


def test_the_checker_leaves_the_global_random_state_as_it_was():
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    check("log_uniform", log_uniform_from_the_global_state)
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def _adam_with(*, average=None, correction=None, root=None, state="plain"):
    """An Adam step written by hand, with one part replaced by a reader's variant."""

    def adam_step(w, dw, v, s, t, *, learning_rate, beta1, beta2, epsilon):
        if average == "swapped weights":
            v, s = (1 - beta1) * v + beta1 * dw, (1 - beta2) * s + beta2 * dw**2
        else:
            v, s = beta1 * v + (1 - beta1) * dw, beta2 * s + (1 - beta2) * dw**2
        if correction == "t + 1":
            v_hat, s_hat = v / (1 - beta1 ** (t + 1)), s / (1 - beta2 ** (t + 1))
        elif correction == "(1 - beta)^t":
            v_hat, s_hat = v / (1 - beta1) ** t, s / (1 - beta2) ** t
        else:
            v_hat, s_hat = v / (1 - beta1**t), s / (1 - beta2**t)
        if root == "epsilon inside":
            denominator = np.sqrt(s_hat + epsilon)
        elif root == "epsilon written in":
            denominator = np.sqrt(s_hat) + 1e-8
        else:
            denominator = np.sqrt(s_hat) + epsilon
        w = w - learning_rate * v_hat / denominator
        return (w, v_hat, s_hat) if state == "corrected" else (w, v, s)

    return adam_step


@pytest.mark.parametrize(
    ("variant", "named"),
    [
        ({"average": "swapped weights"}, "it swaps the two weights of the average"),
        ({"correction": "t + 1"}, "it corrects with β^(t+1)"),
        ({"correction": "(1 - beta)^t"}, "it corrects with (1 − β)^t instead of 1 − β^t"),
        ({"root": "epsilon inside"}, "it puts ε inside the square root"),
        ({"state": "corrected"}, "it returns v̂, the corrected average, as the new v"),
        ({"root": "epsilon written in"}, "w at step 1 is wrong"),
    ],
    ids=lambda x: x if isinstance(x, str) else "-".join(x.values()),
)
def test_adams_mistakes_are_named(variant, named):
    report = check("adam_step", _adam_with(**variant))
    assert not report.passed and named in report.message, report.message
    assert check("adam_step", _adam_with()).passed  # and the same code without the slip passes


def bn_backward_without_the_mean_term(dZ_tilde, cache):
    m = dZ_tilde.shape[1]
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = (dZ_tilde * cache.Z_norm).sum(axis=1, keepdims=True)
    dZ = cache.gamma * cache.inv_std / m * (m * dZ_tilde - cache.Z_norm * dgamma)
    return dZ, dgamma, dbeta


def bn_backward_rebuilding_the_std_without_epsilon(dZ_tilde, cache):
    m = dZ_tilde.shape[1]
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = (dZ_tilde * cache.Z_norm).sum(axis=1, keepdims=True)
    std = np.sqrt(cache.var)
    return cache.gamma / std / m * (m * dZ_tilde - dbeta - cache.Z_norm * dgamma), dgamma, dbeta


def bn_backward_with_m_from_axis_0(dZ_tilde, cache):
    m = dZ_tilde.shape[0]
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = (dZ_tilde * cache.Z_norm).sum(axis=1, keepdims=True)
    dZ = cache.gamma * cache.inv_std / m * (m * dZ_tilde - dbeta - cache.Z_norm * dgamma)
    return dZ, dgamma, dbeta


def l2_penalty_of_all_but_the_last_layer(params, *, lambd, m):
    L = len(params) // 2
    return lambd / (2 * m) * sum(np.sum(params[f"W{l}"] ** 2) for l in range(1, L))


def l2_penalty_squaring_the_sum(params, *, lambd, m):
    return lambd / (2 * m) * sum(np.sum(W) ** 2 for k, W in params.items() if k[0] == "W")


def softmax_with_the_global_max(Z):
    E = np.exp(Z - np.max(Z))
    return E / E.sum(axis=0, keepdims=True)


def he_without_the_scale(layer_dims, *, rng):
    return {
        key: value
        for l in range(1, len(layer_dims))
        for key, value in (
            (f"W{l}", rng.standard_normal((layer_dims[l], layer_dims[l - 1]))),
            (f"b{l}", np.zeros((layer_dims[l], 1))),
        )
    }


def dropout_dividing_by_the_drop_probability(A, *, keep_prob, rng):
    mask = rng.random(A.shape) < keep_prob
    return A * mask / (1 - keep_prob), mask


def adam_returning_s_before_v(w, dw, v, s, t, *, learning_rate, beta1, beta2, epsilon):
    v = beta1 * v + (1 - beta1) * dw
    s = beta2 * s + (1 - beta2) * dw**2
    step = v / (1 - beta1**t) / (np.sqrt(s / (1 - beta2**t)) + epsilon)
    return w - learning_rate * step, s, v


@pytest.mark.parametrize(
    ("name", "fn", "named"),
    [
        ("batchnorm_backward", bn_backward_without_the_mean_term, "drops the mean's"),
        ("batchnorm_backward", bn_backward_rebuilding_the_std_without_epsilon, "without ε"),
        ("batchnorm_backward", bn_backward_with_m_from_axis_0, "it takes m from axis 0"),
        (
            "softmax_cross_entropy_backward",
            lambda AL, Y: (AL - Y) / AL.shape[0],
            "it divides by the number of classes C",
        ),
        (
            "softmax_cross_entropy_backward",
            lambda AL, Y: (AL - Y) / AL.size,
            "it divides by C·m",
        ),
        ("l2_penalty", l2_penalty_of_all_but_the_last_layer, "leaves out the last layer"),
        ("l2_penalty", l2_penalty_squaring_the_sum, "it squares the sum of the weights"),
        ("softmax", softmax_with_the_global_max, "it subtracts the max of the whole matrix"),
        ("he", he_without_the_scale, "without the scale factor"),
        (
            "dropout_forward",
            dropout_dividing_by_the_drop_probability,
            "it divides by 1 − keep_prob",
        ),
        ("adam_step", adam_returning_s_before_v, "it returns (w, s, v): the order is (w, v, s)"),
    ],
    ids=lambda x: x.__name__ if callable(x) and hasattr(x, "__name__") else None,
)
def test_more_classic_mistakes_are_named(name, fn, named):
    report = check(name, fn)
    assert not report.passed and named in report.message, report.message


def numerical_gradient_with_a_fixed_epsilon(f, theta, *, epsilon=1e-7):
    grad = np.zeros(theta.shape)
    for i in range(theta.size):
        step = np.zeros(theta.shape)
        step[i] = 1e-7
        grad[i] = (f(theta + step) - f(theta - step)) / 2e-7
    return grad


def mini_batches_with_one_batch_too_many(X, Y, *, batch_size=64, rng):
    m = X.shape[1]
    order = rng.permutation(m)
    X, Y = X[:, order], Y[:, order]
    return [
        (X[:, t * batch_size : (t + 1) * batch_size], Y[:, t * batch_size : (t + 1) * batch_size])
        for t in range(m // batch_size + 1)
    ]


@pytest.mark.parametrize(
    ("name", "fn", "named"),
    [
        (
            "numerical_gradient",
            numerical_gradient_with_a_fixed_epsilon,
            "it ignores its `epsilon` argument",
        ),
        ("random_mini_batches", mini_batches_with_one_batch_too_many, "an empty last batch"),
    ],
    ids=["a fixed epsilon", "an empty last batch"],
)
def test_arguments_that_a_constant_would_fake_are_varied(name, fn, named):
    report = check(name, fn)
    assert not report.passed and named in report.message, report.message


def dropout_returning_the_mask_first(A, *, keep_prob, rng):
    mask = rng.random(A.shape) < keep_prob
    return mask, A * mask / keep_prob


def test_a_swapped_pair_and_a_float32_number_are_named():
    report = check("dropout_forward", dropout_returning_the_mask_first)
    assert "it returns (mask, A_out): the order is (A_out, mask)" in report.message
    report = check(
        "l2_penalty",
        lambda params, *, lambd, m: np.float32(
            lambd / (2 * m) * sum(np.sum(W**2) for k, W in params.items() if k[0] == "W")
        ),
    )
    assert "the penalty is float32" in report.message
