import numpy as np
import pytest

from deepnotes.optimizers import (
    Adam,
    GradientDescent,
    Momentum,
    RMSprop,
    adam_step,
    gd_step,
    momentum_step,
    rmsprop_step,
)

KW = {"learning_rate": 0.1}


def test_gd_step_by_hand():
    w = np.array([[1.0, -2.0]])
    got = gd_step(w, np.array([[0.5, 0.5]]), learning_rate=0.2)
    np.testing.assert_allclose(got, [[0.9, -2.1]])


def test_momentum_by_hand_two_steps():
    # v1 = 0.1 * 2 = 0.2, w1 = 1 - 0.1 * 0.2 = 0.98
    # v2 = 0.9 * 0.2 + 0.1 * 4 = 0.58, w2 = 0.98 - 0.1 * 0.58 = 0.922
    w, v = momentum_step(np.array([1.0]), np.array([2.0]), np.zeros(1), learning_rate=0.1, beta=0.9)
    np.testing.assert_allclose([w[0], v[0]], [0.98, 0.2])
    w, v = momentum_step(w, np.array([4.0]), v, learning_rate=0.1, beta=0.9)
    np.testing.assert_allclose([w[0], v[0]], [0.922, 0.58])


def test_rmsprop_by_hand():
    # s = 0.1 * 9 = 0.9, step = 0.01 * 3 / (sqrt(0.9) + 1e-8)
    w, s = rmsprop_step(
        np.array([1.0]), np.array([3.0]), np.zeros(1), learning_rate=0.01, beta=0.9, epsilon=1e-8
    )
    np.testing.assert_allclose(s, [0.9])
    np.testing.assert_allclose(w, [1.0 - 0.01 * 3.0 / (np.sqrt(0.9) + 1e-8)], rtol=1e-14)


def test_adam_by_hand_two_steps():
    b1, b2, lr, eps = 0.9, 0.999, 0.1, 1e-8
    w, v, s = np.array([1.0]), np.zeros(1), np.zeros(1)
    for t, g in ((1, 0.5), (2, -1.0)):
        v_expected = b1 * v + (1 - b1) * g
        s_expected = b2 * s + (1 - b2) * g * g
        w_expected = w - lr * (v_expected / (1 - b1**t)) / (np.sqrt(s_expected / (1 - b2**t)) + eps)
        w, v, s = adam_step(
            w, np.array([g]), v, s, t, learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps
        )
        np.testing.assert_allclose(
            [w[0], v[0], s[0]], [w_expected[0], v_expected[0], s_expected[0]], rtol=1e-14
        )


def test_adam_bias_correction_uses_beta1_for_v_and_beta2_for_s():
    # first step: v_hat = g and s_hat = g^2 exactly, so the step is alpha * sign(g)
    w, _, _ = adam_step(
        np.array([0.0]),
        np.array([1e-3]),
        np.zeros(1),
        np.zeros(1),
        1,
        learning_rate=0.5,
        beta1=0.5,
        beta2=0.99,
        epsilon=1e-12,
    )
    np.testing.assert_allclose(w, [-0.5], rtol=1e-8)


def test_momentum_with_beta_zero_is_gradient_descent(rng):
    w, dw = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    got, _ = momentum_step(w, dw, rng.normal(size=(3, 2)), learning_rate=0.3, beta=0.0)
    np.testing.assert_allclose(got, gd_step(w, dw, learning_rate=0.3))


def test_kernels_are_pure(rng):
    arrays = [rng.normal(size=(2, 3)) for _ in range(4)]
    copies = [a.copy() for a in arrays]
    w, dw, v, s = arrays
    gd_step(w, dw, learning_rate=0.1)
    momentum_step(w, dw, v, learning_rate=0.1, beta=0.9)
    rmsprop_step(w, dw, s**2, learning_rate=0.1, beta=0.9, epsilon=1e-8)
    adam_step(w, dw, v, s**2, 3, learning_rate=0.1, beta1=0.9, beta2=0.999, epsilon=1e-8)
    for a, c in zip(arrays, copies, strict=True):
        np.testing.assert_array_equal(a, c)


@pytest.mark.parametrize(
    ("optimizer", "state"),
    [(Momentum(**KW), ("v",)), (RMSprop(**KW), ("s",)), (Adam(**KW), ("v", "s"))],
    ids=["momentum", "rmsprop", "adam"],
)
def test_classes_keep_their_state_across_calls(optimizer, state, rng):
    params = {"W1": rng.normal(size=(2, 2)), "b1": np.zeros((2, 1))}
    grads = {"dW1": rng.normal(size=(2, 2)), "db1": rng.normal(size=(2, 1))}
    first = optimizer.step(params, grads)
    snapshot = {name: {k: v.copy() for k, v in getattr(optimizer, name).items()} for name in state}
    second = optimizer.step(first, grads)
    for name in state:
        assert set(getattr(optimizer, name)) == {"W1", "b1"}
        assert not np.allclose(getattr(optimizer, name)["W1"], snapshot[name]["W1"])
    assert not np.allclose(second["W1"], first["W1"])


def test_class_matches_kernel_over_steps(rng):
    w, v, s = rng.normal(size=3), np.zeros(3), np.zeros(3)
    opt = Adam(learning_rate=0.05, beta1=0.8, beta2=0.99, epsilon=1e-7)
    params = {"W1": w.copy()}
    for t in range(1, 6):
        g = rng.normal(size=3)
        w, v, s = adam_step(w, g, v, s, t, learning_rate=0.05, beta1=0.8, beta2=0.99, epsilon=1e-7)
        params = opt.step(params, {"dW1": g})
    np.testing.assert_allclose(params["W1"], w, rtol=1e-14)
    assert opt.t == 5


def test_gradient_descent_class_keeps_the_input():
    params = {"W1": np.ones((2, 2))}
    new = GradientDescent(learning_rate=0.1).step(params, {"dW1": np.ones((2, 2))})
    np.testing.assert_allclose(new["W1"], 0.9)
    np.testing.assert_array_equal(params["W1"], 1.0)


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5])
def test_beta_outside_the_interval(beta):
    with pytest.raises(ValueError, match=r"beta must be in \[0.0, 1.0\)"):
        momentum_step(np.ones(1), np.ones(1), np.zeros(1), learning_rate=0.1, beta=beta)
    with pytest.raises(ValueError, match=r"beta2 must be in \[0.0, 1.0\)"):
        Adam(learning_rate=0.1, beta2=beta)


def test_bad_inputs():
    with pytest.raises(ValueError, match="t must be >= 1"):
        adam_step(
            np.ones(1),
            np.ones(1),
            np.zeros(1),
            np.zeros(1),
            0,
            learning_rate=0.1,
            beta1=0.9,
            beta2=0.999,
            epsilon=1e-8,
        )
    with pytest.raises(ValueError, match="learning_rate must be in"):
        gd_step(np.ones(2), np.ones(2), learning_rate=-0.1)
    with pytest.raises(ValueError, match="w and v must have the same shape"):
        momentum_step(np.ones(2), np.ones(2), np.zeros(3), learning_rate=0.1, beta=0.9)
    with pytest.raises(ValueError, match="epsilon must be in"):
        RMSprop(learning_rate=0.1, epsilon=0.0)
    opt = GradientDescent(learning_rate=0.1)
    with pytest.raises(ValueError, match="grads is missing db1"):
        opt.step({"W1": np.ones(1), "b1": np.ones(1)}, {"dW1": np.ones(1)})
    with pytest.raises(ValueError, match=r"grads\['dW1'\] must have the shape"):
        opt.step({"W1": np.ones((2, 1))}, {"dW1": np.ones((1, 2))})


@pytest.mark.parametrize("cls", [GradientDescent, Momentum, RMSprop, Adam])
def test_step_pairs_each_parameter_with_its_gradient_by_name(cls):
    """grads in another order than params: each parameter still gets its own gradient."""
    params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
    grads = {"db1": np.full((2, 1), 2.0), "dW1": np.full((2, 3), 3.0)}
    ordered = {"dW1": grads["dW1"], "db1": grads["db1"]}
    kwargs = {"learning_rate": 0.1}
    assert all(
        np.array_equal(a, b)
        for a, b in zip(
            cls(**kwargs).step(params, grads).values(),
            cls(**kwargs).step(params, ordered).values(),
            strict=True,
        )
    )
