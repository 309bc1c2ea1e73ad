import numpy as np
import pytest

from deepnotes.activations import relu, relu_backward, sigmoid, sigmoid_backward, softmax
from deepnotes.gradcheck import numerical_gradient, relative_difference


def test_sigmoid_matches_definition_and_stays_finite(rng):
    Z = rng.normal(0, 3, (4, 6))
    np.testing.assert_allclose(sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-15, atol=1e-15)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        extreme = sigmoid(np.array([[-1000.0, 1000.0]]))
    assert extreme.tolist() == [[0.0, 1.0]]


def test_softmax_columns_are_distributions_even_for_huge_logits(rng):
    Z = rng.normal(0, 1, (5, 7)) * 1000
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        A = softmax(Z)
    assert np.all(np.isfinite(A))
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=0, atol=1e-12)
    # shifting a column by a constant does not change it
    np.testing.assert_allclose(softmax(Z + 123.0), A, rtol=1e-12, atol=1e-300)


def test_softmax_matches_definition_for_moderate_logits(rng):
    Z = rng.normal(0, 2, (3, 4))
    E = np.exp(Z)
    np.testing.assert_allclose(softmax(Z), E / E.sum(axis=0), rtol=1e-13)


def test_relu_and_its_derivative_at_zero():
    Z = np.array([[-1.0, 0.0, 2.0]])
    assert relu(Z).tolist() == [[0.0, 0.0, 2.0]]
    assert relu_backward(np.ones_like(Z), Z).tolist() == [[0.0, 0.0, 1.0]]


@pytest.mark.parametrize(
    ("forward", "backward"), [(sigmoid, sigmoid_backward), (relu, relu_backward)]
)
def test_backward_matches_finite_differences(forward, backward, rng):
    Z = rng.normal(0, 1.5, (3, 5))
    Z[np.abs(Z) < 1e-3] = 0.5  # keep away from the ReLU kink
    dA = rng.normal(0, 1, Z.shape)

    def f(z):
        return float((forward(z.reshape(Z.shape)) * dA).sum())

    approx = numerical_gradient(f, Z.ravel())
    assert relative_difference(backward(dA, Z).ravel(), approx) < 1e-7


@pytest.mark.parametrize("fn", [sigmoid, relu, softmax])
def test_forward_does_not_mutate(fn, rng):
    Z = rng.normal(0, 1, (3, 4))
    before = Z.copy()
    fn(Z)
    np.testing.assert_array_equal(Z, before)


@pytest.mark.parametrize("fn", [sigmoid_backward, relu_backward])
def test_backward_rejects_mismatched_shapes(fn):
    with pytest.raises(ValueError, match="dA and Z must have the same shape"):
        fn(np.ones((2, 3)), np.ones((3, 2)))


@pytest.mark.parametrize("bad", ["abc", None, [[1, "x"]]])
def test_non_numeric_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match="Z must be an array of numbers"):
        relu(bad)


def test_wrong_ndim_is_a_value_error():
    with pytest.raises(ValueError, match=r"Z must be 2-D, got shape \(3,\)"):
        sigmoid(np.ones(3))
