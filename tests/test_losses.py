import numpy as np
import pytest

from deepnotes.activations import sigmoid, softmax
from deepnotes.datasets import one_hot
from deepnotes.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_with_logits,
    softmax_cross_entropy_backward,
)


def test_binary_cross_entropy_by_hand():
    # -(log 0.9 + log 0.8) / 2
    expected = -(np.log(0.9) + np.log(0.8)) / 2
    got = binary_cross_entropy(np.array([[0.9, 0.2]]), np.array([[1.0, 0.0]]))
    assert got == pytest.approx(expected, rel=1e-15)


def test_binary_cross_entropy_is_inf_not_nan_at_a_certain_mistake():
    assert binary_cross_entropy(np.array([[0.0]]), np.array([[1.0]])) == np.inf
    assert binary_cross_entropy(np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])) == 0.0


def test_logit_forms_equal_probability_forms(rng):
    Z = rng.normal(0, 3, (1, 50))
    Y = (rng.random((1, 50)) < 0.5).astype(float)
    assert binary_cross_entropy_with_logits(Z, Y) == pytest.approx(
        binary_cross_entropy(sigmoid(Z), Y), rel=1e-12
    )
    Z = rng.normal(0, 3, (4, 50))
    Y = one_hot(rng.integers(0, 4, 50), 4)
    assert cross_entropy_with_logits(Z, Y) == pytest.approx(cross_entropy(softmax(Z), Y), rel=1e-12)


def test_logit_forms_are_finite_for_huge_logits():
    Y = np.array([[1.0, 0.0]])
    assert binary_cross_entropy_with_logits(np.array([[-800.0, 800.0]]), Y) == pytest.approx(800.0)
    Y = one_hot(np.array([0]), 2)
    assert cross_entropy_with_logits(np.array([[-1000.0], [1000.0]]), Y) == pytest.approx(2000.0)


def test_output_gradient_is_mean_of_difference():
    AL = np.array([[0.7, 0.1], [0.3, 0.9]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(softmax_cross_entropy_backward(AL, Y), (AL - Y) / 2)


def test_cross_entropy_requires_one_hot():
    with pytest.raises(ValueError, match="Y must be one-hot"):
        cross_entropy(np.full((2, 2), 0.5), np.full((2, 2), 0.5))


def test_probabilities_out_of_range_are_refused():
    with pytest.raises(ValueError, match=r"AL must hold probabilities in \[0, 1\]"):
        binary_cross_entropy(np.array([[1.2]]), np.array([[1.0]]))


def test_shape_mismatch_names_both_arguments():
    with pytest.raises(ValueError, match="AL and Y must have the same shape"):
        binary_cross_entropy(np.full((1, 3), 0.5), np.ones((1, 2)))
