import numpy as np
import pytest

from deepnotes import network
from deepnotes.datasets import one_hot
from deepnotes.gradcheck import (
    numerical_gradient,
    params_to_vector,
    relative_difference,
    vector_to_params,
)
from deepnotes.initializers import he


def _check_gradients(params, X, Y):
    out = network.forward(params, X)
    grads = network.backward(out, Y, params)
    analytic = params_to_vector({k: grads[f"d{k}"] for k in params})

    def cost(theta):
        return network.cost(network.forward(vector_to_params(theta, params), X), Y)

    return relative_difference(analytic, numerical_gradient(cost, params_to_vector(params)))


@pytest.mark.parametrize("dims", [[3, 1], [3, 5, 1], [4, 6, 5, 1], [4, 6, 5, 3]])
def test_backward_matches_finite_differences(dims, rng):
    params = he(dims, rng=rng)
    # non-zero biases, so that their gradients are checked away from the start
    params = {
        k: v + (0.1 * rng.normal(size=v.shape) if k[0] == "b" else 0) for k, v in params.items()
    }
    X = rng.normal(size=(dims[0], 7))
    if dims[-1] == 1:
        Y = (rng.random((1, 7)) < 0.5).astype(float)
    else:
        Y = one_hot(rng.integers(0, dims[-1], 7), dims[-1])
    assert _check_gradients(params, X, Y) < 1e-7


def test_forward_and_backward_do_not_mutate(rng):
    params = he([3, 4, 1], rng=rng)
    X, Y = rng.normal(size=(3, 5)), np.ones((1, 5))
    copies = {k: v.copy() for k, v in params.items()}
    X0 = X.copy()
    network.backward(network.forward(params, X), Y, params)
    assert all(np.array_equal(copies[k], params[k]) for k in params)
    np.testing.assert_array_equal(X, X0)


def test_output_layer_kind_follows_the_last_width(rng):
    X = rng.normal(size=(2, 6))
    sig = network.forward(he([2, 3, 1], rng=rng), X).AL
    soft = network.forward(he([2, 3, 4], rng=rng), X).AL
    assert np.all((sig > 0) & (sig < 1))
    np.testing.assert_allclose(soft.sum(axis=0), 1.0)


def test_predict_labels_and_indices(rng):
    X = rng.normal(size=(2, 6))
    binary = network.predict(he([2, 3, 1], rng=rng), X)
    assert binary.shape == (1, 6) and set(np.unique(binary)) <= {0.0, 1.0}
    p = he([2, 3, 4], rng=rng)
    classes = network.predict(p, X)
    assert classes.shape == (6,)
    np.testing.assert_array_equal(classes, network.forward(p, X).AL.argmax(axis=0))


def test_cost_of_zero_network_is_log2():
    out = network.forward({"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))}, np.ones((2, 3)))
    assert network.cost(out, np.array([[0.0, 1.0, 1.0]])) == pytest.approx(np.log(2))


def test_bad_inputs_name_the_argument(rng):
    params = he([3, 4, 1], rng=rng)
    with pytest.raises(ValueError, match="X must have 3 rows"):
        network.forward(params, np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"Y must have shape \(1, 5\)"):
        network.backward(network.forward(params, np.ones((3, 5))), np.ones((1, 4)), params)
    broken = dict(params, b1=np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"params\['b1'\] must have shape \(4, 1\)"):
        network.forward(broken, np.ones((3, 5)))
    with pytest.raises(ValueError, match="params is missing W2"):
        network.forward(
            {"W1": params["W1"], "b1": params["b1"], "W3": params["W2"]}, np.ones((3, 2))
        )
    with pytest.raises(TypeError, match="params must be a dict"):
        network.forward([1, 2], np.ones((3, 2)))
    unused = dict(params, scale=np.ones((4, 1)))
    with pytest.raises(
        ValueError, match=r"params holds \['scale'\], which the network does not use"
    ):
        network.backward(network.forward(unused, np.ones((3, 5))), np.ones((1, 5)), unused)


def test_bad_running_averages_and_l2_size_name_the_argument(rng):
    params = network.with_batchnorm(he([3, 4, 1], rng=rng))
    X = np.ones((3, 5))
    with pytest.raises(ValueError, match=r"params\['running_var1'\] must have shape \(4, 1\)"):
        network.forward(dict(params, running_var1=np.ones((1, 1))), X)
    out = network.forward(params, X, training=True)
    with pytest.raises(ValueError, match="m must be >= 1"):
        network.backward(out, np.ones((1, 5)), params, lambd=0.1, m=-2)
