import numpy as np
import pytest

from deepnotes.optimizers import GradientDescent, gd_step


def test_gd_step_by_hand():
    w = np.array([[1.0, -2.0]])
    got = gd_step(w, np.array([[0.5, 0.5]]), learning_rate=0.2)
    np.testing.assert_allclose(got, [[0.9, -2.1]])
    np.testing.assert_array_equal(w, [[1.0, -2.0]])  # pure


def test_gradient_descent_updates_every_parameter_and_keeps_the_input():
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    grads = {"dW1": np.ones((2, 2)), "db1": -np.ones((2, 1))}
    new = GradientDescent(learning_rate=0.1).step(params, grads)
    np.testing.assert_allclose(new["W1"], 0.9)
    np.testing.assert_allclose(new["b1"], 0.1)
    np.testing.assert_array_equal(params["W1"], 1.0)


def test_bad_inputs():
    with pytest.raises(ValueError, match="learning_rate must be in"):
        gd_step(np.ones(2), np.ones(2), learning_rate=-0.1)
    with pytest.raises(ValueError, match="w and dw must have the same shape"):
        gd_step(np.ones(2), np.ones(3), learning_rate=0.1)
    with pytest.raises(ValueError, match="learning_rate must be in"):
        GradientDescent(learning_rate=-1.0)
    opt = GradientDescent(learning_rate=0.1)
    with pytest.raises(ValueError, match="grads is missing db1"):
        opt.step({"W1": np.ones(1), "b1": np.ones(1)}, {"dW1": np.ones(1)})
    with pytest.raises(ValueError, match=r"grads\['dW1'\] must have the shape"):
        opt.step({"W1": np.ones((2, 1))}, {"dW1": np.ones((1, 2))})
