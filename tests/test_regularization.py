import numpy as np
import pytest

from deepnotes import network
from deepnotes.datasets import moons
from deepnotes.gradcheck import (
    gradient_check,
    gradient_check_by_parameter,
    numerical_gradient,
    params_to_vector,
    relative_difference,
    vector_to_params,
)
from deepnotes.initializers import he
from deepnotes.optimizers import GradientDescent
from deepnotes.regularization import dropout_backward, dropout_forward, l2_gradient, l2_penalty
from deepnotes.training import fit


def _net(rng, dims=(3, 5, 4, 1), m=8):
    weights = he(list(dims), rng=rng)
    params = {k: v if k[0] == "W" else 0.1 * rng.normal(size=v.shape) for k, v in weights.items()}
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return params, X, Y


def test_l2_penalty_by_hand_ignores_biases():
    params = {"W1": np.array([[3.0, 4.0]]), "b1": np.array([[100.0]]), "W2": np.array([[1.0]])}
    assert l2_penalty(params, lambd=0.4, m=8) == pytest.approx(0.4 / 16 * 26)


def test_l2_gradient_matches_finite_differences(rng):
    params = {"W1": rng.normal(size=(3, 2)), "W2": rng.normal(size=(1, 3))}

    def penalty(theta):
        return l2_penalty(vector_to_params(theta, params), lambd=0.7, m=5)

    numeric = numerical_gradient(penalty, params_to_vector(params))
    analytic = params_to_vector({k: l2_gradient(W, lambd=0.7, m=5) for k, W in params.items()})
    assert relative_difference(analytic, numeric) < 1e-7


def test_dropout_keeps_the_expected_activation(rng):
    # Each output entry is A/p with probability p and 0 otherwise: mean A, variance
    # A^2 (1-p)/p. The mean over N = 10^6 entries of A = 1 has a standard error of
    # sqrt((1-p)/(p N)); we allow five of them.
    N = 1_000_000
    for p in (0.2, 0.5, 0.8):
        A_out, mask = dropout_forward(np.ones((1000, 1000)), keep_prob=p, rng=rng)
        tolerance = 5 * np.sqrt((1 - p) / (p * N))
        assert abs(A_out.mean() - 1.0) < tolerance
        assert abs(mask.mean() - p) < 5 * np.sqrt(p * (1 - p) / N)


def test_dropout_keep_prob_one_is_the_identity(rng):
    A = rng.normal(size=(4, 5))
    A_out, mask = dropout_forward(A, keep_prob=1.0, rng=rng)
    np.testing.assert_array_equal(A_out, A)
    assert mask.all()


def test_dropout_backward_uses_the_same_mask(rng):
    A = rng.normal(size=(4, 5))
    _, mask = dropout_forward(A, keep_prob=0.5, rng=rng)
    dA = dropout_backward(np.ones_like(A), mask, keep_prob=0.5)
    np.testing.assert_array_equal(dA, mask / 0.5)


def test_dropout_is_pure_and_seeded():
    A = np.ones((3, 3))
    a = dropout_forward(A, keep_prob=0.5, rng=np.random.default_rng(1))[1]
    b = dropout_forward(A, keep_prob=0.5, rng=np.random.default_rng(1))[1]
    assert np.array_equal(a, b) and np.array_equal(A, np.ones((3, 3)))


@pytest.mark.parametrize("keep_prob", [0.0, -0.1, 1.01])
def test_keep_prob_outside_the_interval(keep_prob, rng):
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0.0, 1.0\]"):
        dropout_forward(np.ones((2, 2)), keep_prob=keep_prob, rng=rng)


def test_bad_regularization_arguments(rng):
    with pytest.raises(ValueError, match=r"lambd must be in \[0.0, inf\)"):
        l2_penalty({"W1": np.ones((1, 1))}, lambd=-1.0, m=3)
    with pytest.raises(ValueError, match="m must be >= 1"):
        l2_gradient(np.ones((1, 1)), lambd=1.0, m=0)
    with pytest.raises(ValueError, match="mask must have the shape of dA"):
        dropout_backward(np.ones((2, 2)), np.ones((2, 3), dtype=bool), keep_prob=0.5)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        network.forward(he([2, 3, 1], rng=rng), np.ones((2, 4)), keep_prob=0.5)


def test_network_with_l2_passes_the_gradient_check(rng):
    params, X, Y = _net(rng)
    assert gradient_check(params, X, Y, lambd=0.8) < 1e-7


def test_network_with_dropout_and_a_fixed_mask_passes_the_gradient_check(rng):
    # the same seed before every forward pass draws the same masks
    params, X, Y = _net(rng)
    seed = 7

    def cost(theta):
        p = vector_to_params(theta, params)
        out = network.forward(p, X, keep_prob=0.7, rng=np.random.default_rng(seed))
        return network.cost(out, Y)

    out = network.forward(params, X, keep_prob=0.7, rng=np.random.default_rng(seed))
    grads = network.backward(out, Y, params)
    analytic = params_to_vector({k: grads[f"d{k}"] for k in params})
    assert relative_difference(analytic, numerical_gradient(cost, params_to_vector(params))) < 1e-7


def test_gradient_check_catches_a_forgotten_l2_term(rng):
    params, X, Y = _net(rng)

    def forgets(out, Y, params, *, lambd):
        return network.backward(out, Y, params)

    assert gradient_check(params, X, Y, lambd=0.8, backward=forgets) > 1e-3
    by_key = gradient_check_by_parameter(params, X, Y, lambd=0.8, backward=forgets)
    assert all(by_key[k] > 1e-3 for k in params if k[0] == "W")
    assert all(by_key[k] < 1e-7 for k in params if k[0] == "b")


def test_fit_with_l2_shrinks_the_weights():
    X, Y = moons(100, noise=0.2, rng=np.random.default_rng(0))
    kw = dict(
        layer_dims=[2, 16, 16, 1], num_epochs=300, optimizer=GradientDescent(learning_rate=0.5)
    )

    def norm(params):
        return sum(float((W**2).sum()) for k, W in params.items() if k[0] == "W")

    plain = fit(X, Y, rng=np.random.default_rng(1), **kw).params
    decayed = fit(X, Y, rng=np.random.default_rng(1), lambd=2.0, **kw).params
    assert norm(decayed) < 0.5 * norm(plain)


def test_fit_with_dropout_runs_and_predict_has_no_dropout():
    X, Y = moons(100, noise=0.2, rng=np.random.default_rng(0))
    result = fit(
        X,
        Y,
        layer_dims=[2, 16, 1],
        num_epochs=100,
        keep_prob=0.5,
        optimizer=GradientDescent(learning_rate=0.5),
        rng=np.random.default_rng(1),
    )
    a, b = network.predict(result.params, X), network.predict(result.params, X)
    assert np.array_equal(a, b)


def test_early_stopping_returns_the_parameters_of_the_best_dev_epoch():
    rng = np.random.default_rng(0)
    X, Y = moons(600, noise=0.15, rng=rng)
    Y = np.where(rng.random(Y.shape) < 0.15, 1.0 - Y, Y)
    kw = dict(
        layer_dims=[2, 32, 32, 1],
        num_epochs=1500,
        optimizer=GradientDescent(learning_rate=0.5),
        X_dev=X[:, 100:],
        Y_dev=Y[:, 100:],
    )
    full = fit(X[:, :100], Y[:, :100], rng=np.random.default_rng(1), **kw)
    stopped = fit(X[:, :100], Y[:, :100], rng=np.random.default_rng(1), patience=50, **kw)
    assert len(stopped.costs) < 1500  # it did stop early
    assert stopped.best_epoch == int(np.argmin(stopped.dev_costs))
    assert len(stopped.costs) - 1 - stopped.best_epoch == 50
    returned = network.cost(network.forward(stopped.params, X[:, 100:]), Y[:, 100:])
    assert returned == pytest.approx(stopped.dev_costs.min(), rel=1e-12)
    assert returned < full.dev_costs[-1]
