import numpy as np
import pytest

from deepnotes import network
from deepnotes.activations import sigmoid, softmax
from deepnotes.datasets import digits, one_hot
from deepnotes.losses import cross_entropy
from deepnotes.optimizers import Adam
from deepnotes.training import fit

DIGITS_TEST_ACCURACY = 0.96  # measured: 98.8% (494 of 500); a margin of 14 digits


def test_two_class_softmax_is_a_sigmoid_of_the_difference(rng):
    Z = rng.normal(size=(2, 30)) * 5
    np.testing.assert_allclose(softmax(Z)[0], sigmoid(Z[:1] - Z[1:])[0], rtol=1e-13, atol=1e-300)


def test_softmax_cross_entropy_is_finite_for_extreme_logits():
    Z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        A = softmax(Z)
    assert np.all(np.isfinite(A))
    out = network.forward({"W1": np.eye(2), "b1": np.zeros((2, 1))}, Z)
    Y = one_hot(np.array([1, 0]), 2)  # both predictions as wrong as can be
    assert network.cost(out, Y) == pytest.approx(2000.0)


def test_y_must_be_one_hot():
    AL = np.full((3, 2), 1 / 3)
    with pytest.raises(ValueError, match="Y must be one-hot"):
        cross_entropy(AL, np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    out = network.forward({"W1": np.ones((3, 2)), "b1": np.zeros((3, 1))}, np.ones((2, 2)))
    with pytest.raises(ValueError, match="Y must be one-hot"):
        network.cost(out, np.full((3, 2), 0.5))


def test_predict_returns_class_indices(rng):
    params = {"W1": rng.normal(size=(4, 2)), "b1": rng.normal(size=(4, 1))}
    X = rng.normal(size=(2, 7))
    np.testing.assert_array_equal(
        network.predict(params, X), (params["W1"] @ X + params["b1"]).argmax(0)
    )


def test_digits_network_reaches_the_stated_test_accuracy():
    # the configuration of the softmax chapter's digits experiment
    X, Y = digits()
    order = np.random.default_rng(0).permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    result = fit(
        X[:, :1297],
        Y[:, :1297],
        layer_dims=[64, 64, 10],
        optimizer=Adam(learning_rate=0.005),
        num_epochs=40,
        batch_size=64,
        rng=np.random.default_rng(1),
    )
    accuracy = float(np.mean(network.predict(result.params, X[:, 1297:]) == Y[:, 1297:].argmax(0)))
    assert accuracy > DIGITS_TEST_ACCURACY
