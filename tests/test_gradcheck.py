import numpy as np
import pytest

from deepnotes.gradcheck import (
    numerical_gradient,
    params_to_vector,
    relative_difference,
    vector_to_params,
)


def test_round_trip_and_no_aliasing(rng):
    params = {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=(3, 1))}
    theta = params_to_vector(params)
    back = vector_to_params(theta, params)
    assert list(back) == ["W1", "b1"]
    for key in params:
        np.testing.assert_array_equal(back[key], params[key])
    back["W1"][0, 0] = 99.0
    assert theta[0] != 99.0


def test_numerical_gradient_of_quadratic_is_exact_to_rounding(rng):
    A = rng.normal(size=(4, 4))
    A = A @ A.T
    x = rng.normal(size=4)
    grad = numerical_gradient(lambda t: float(0.5 * t @ A @ t), x)
    assert relative_difference(A @ x, grad) < 1e-8


def test_numerical_gradient_does_not_modify_theta(rng):
    x = rng.normal(size=3)
    before = x.copy()
    numerical_gradient(lambda t: float(np.sin(t).sum()), x)
    np.testing.assert_array_equal(x, before)


def test_two_sided_error_is_second_order():
    # f = exp, f' = exp: the two-sided error shrinks 100x when epsilon shrinks 10x
    x = np.array([0.3])
    errors = [
        abs(numerical_gradient(lambda t: float(np.exp(t[0])), x, epsilon=e)[0] - np.exp(0.3))
        for e in (1e-2, 1e-3)
    ]
    assert errors[0] / errors[1] == pytest.approx(100.0, rel=0.01)


def test_relative_difference_values():
    assert relative_difference(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_difference(np.ones(2), -np.ones(2)) == pytest.approx(1.0)


def test_bad_inputs():
    with pytest.raises(ValueError, match="theta must have 3 entries"):
        vector_to_params(np.ones(4), {"W1": np.ones((1, 3))})
    with pytest.raises(ValueError, match="grad and grad_approx must have the same shape"):
        relative_difference(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="epsilon must be in"):
        numerical_gradient(lambda t: 0.0, np.ones(2), epsilon=0.0)
    with pytest.raises(ValueError, match="theta must be finite"):
        numerical_gradient(lambda t: 0.0, np.array([np.nan]))
