import numpy as np
import pytest

from deepnotes import network
from deepnotes.batchnorm import (
    batchnorm_backward,
    batchnorm_forward,
    batchnorm_inference,
    running_average,
)
from deepnotes.datasets import moons
from deepnotes.gradcheck import (
    numerical_gradient,
    params_to_vector,
    relative_difference,
    vector_to_params,
)
from deepnotes.initializers import he
from deepnotes.optimizers import GradientDescent
from deepnotes.training import fit


def test_normalized_z_has_mean_zero_and_variance_one_per_unit(rng):
    Z = rng.normal([[5.0], [-3.0], [100.0]], [[2.0], [0.1], [40.0]], size=(3, 50))
    Z_tilde, cache = batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)), epsilon=1e-12)
    np.testing.assert_allclose(Z_tilde.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z_tilde.var(axis=1), 1.0, rtol=1e-9)
    np.testing.assert_allclose(cache.var.ravel(), Z.var(axis=1))  # biased variance


def test_gamma_and_beta_set_the_scale_and_shift(rng):
    Z = rng.normal(size=(2, 40))
    gamma, beta = np.array([[3.0], [0.5]]), np.array([[-1.0], [2.0]])
    Z_tilde, _ = batchnorm_forward(Z, gamma, beta, epsilon=1e-12)
    np.testing.assert_allclose(Z_tilde.mean(axis=1), beta.ravel(), atol=1e-12)
    np.testing.assert_allclose(Z_tilde.std(axis=1), np.abs(gamma.ravel()), rtol=1e-9)


def test_forward_is_pure(rng):
    Z, gamma, beta = rng.normal(size=(3, 5)), rng.normal(size=(3, 1)), rng.normal(size=(3, 1))
    copies = Z.copy(), gamma.copy(), beta.copy()
    batchnorm_backward(np.ones((3, 5)), batchnorm_forward(Z, gamma, beta, epsilon=1e-5)[1])
    for a, b in zip((Z, gamma, beta), copies, strict=True):
        np.testing.assert_array_equal(a, b)


def test_running_average_converges_to_a_constant_statistic():
    running = np.zeros((2, 1))
    for _ in range(200):
        running = running_average(running, np.array([[3.0], [-1.0]]), beta=0.9)
    np.testing.assert_allclose(running.ravel(), [3.0, -1.0], rtol=1e-8)


def _bn_params(rng):
    params = network.with_batchnorm(he([3, 5, 4, 1], rng=rng))
    for key in params:
        if key.startswith(("gamma", "beta", "b")):
            params[key] = params[key] + 0.3 * rng.normal(size=params[key].shape)
    return params


def test_network_with_batchnorm_passes_the_gradient_check(rng):
    params = _bn_params(rng)
    X, Y = rng.normal(size=(3, 9)), (rng.random((1, 9)) < 0.5).astype(float)
    grads = network.backward(network.forward(params, X, training=True), Y, params, lambd=0.2)
    weights = network.trainable(params)

    def cost(theta):
        p = {**params, **vector_to_params(theta, weights)}
        return network.cost(network.forward(p, X, training=True), Y, params=p, lambd=0.2)

    analytic = params_to_vector({k: grads[f"d{k}"] for k in weights})
    numeric = numerical_gradient(cost, params_to_vector(weights))
    assert relative_difference(analytic, numeric) < 1e-7
    assert "db1" not in grads and "dgamma1" in grads and "drunning_mean1" not in grads


def test_predict_uses_the_running_statistics(rng):
    params = _bn_params(rng)
    X = rng.normal(size=(3, 6))
    Z1 = params["W1"] @ X
    manual = batchnorm_inference(
        Z1,
        params["gamma1"],
        params["beta1"],
        params["running_mean1"],
        params["running_var1"],
        epsilon=1e-5,
    )
    out = network.forward(params, X)
    np.testing.assert_allclose(out.caches[0].Z, manual)
    # a single example gives the same prediction alone as in a batch
    alone = [network.forward(params, X[:, [i]]).AL[0, 0] for i in range(6)]
    np.testing.assert_allclose(alone, out.AL[0])
    shifted = dict(params, running_mean1=params["running_mean1"] + 5.0)
    assert not np.allclose(network.forward(shifted, X).AL, out.AL)


def test_fit_with_batchnorm_learns_and_fills_the_running_averages():
    X, Y = moons(300, noise=0.2, rng=np.random.default_rng(0))
    result = fit(
        X,
        Y,
        layer_dims=[2, 16, 16, 1],
        num_epochs=30,
        batch_size=64,
        batchnorm=True,
        optimizer=GradientDescent(learning_rate=0.3),
        rng=np.random.default_rng(1),
    )
    assert "b1" not in result.params and "running_var2" in result.params
    assert (network.predict(result.params, X) == Y).mean() > 0.9
    full = network.forward(result.params, X, training=True).caches[0].bn
    np.testing.assert_allclose(
        result.params["running_mean1"], full.mu, atol=0.2 * np.sqrt(full.var).max()
    )


def test_bad_inputs(rng):
    Z = rng.normal(size=(3, 4))
    with pytest.raises(ValueError, match=r"gamma must have shape \(3, 1\)"):
        batchnorm_forward(Z, np.ones((2, 1)), np.zeros((3, 1)), epsilon=1e-5)
    with pytest.raises(ValueError, match=r"beta must have shape \(3, 1\)"):
        batchnorm_forward(Z, np.ones((3, 1)), np.zeros((1, 3)), epsilon=1e-5)
    with pytest.raises(ValueError, match=r"epsilon must be in \(0.0, inf\)"):
        batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)), epsilon=0.0)
    _, cache = batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)), epsilon=1e-5)
    with pytest.raises(ValueError, match="dZ_tilde must have the shape of the forward pass"):
        batchnorm_backward(np.ones((3, 5)), cache)
    params = network.with_batchnorm(he([3, 4, 1], rng=rng))
    del params["running_mean1"]
    with pytest.raises(ValueError, match="no running averages"):
        network.forward(params, np.ones((3, 2)))
    params = network.with_batchnorm(he([3, 4, 1], rng=rng))
    out = network.forward(params, np.ones((3, 2)))  # inference: no batch statistics cached
    with pytest.raises(ValueError, match="needs a forward pass with training=True"):
        network.backward(out, np.ones((1, 2)), params)
