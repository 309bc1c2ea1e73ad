import numpy as np
import pytest

from deepnotes import initializers
from deepnotes.initializers import he, random_normal, weight_std, xavier, zeros

DIMS = [300, 400, 200, 1]


@pytest.mark.parametrize(
    ("init", "variance"),
    [
        (he, lambda n: 2.0 / n),
        (xavier, lambda n: 1.0 / n),
        (lambda dims, rng: random_normal(dims, rng=rng), lambda n: 100.0),
    ],
)
def test_weight_variance_matches_formula(init, variance, rng):
    params = init(DIMS, rng=rng)
    for l in (1, 2):
        W = params[f"W{l}"]
        n_in = DIMS[l - 1]
        # sample variance of N draws has relative sd sqrt(2/N); allow 5 of them
        tolerance = 5 * np.sqrt(2 / W.size)
        assert W.var() / variance(n_in) == pytest.approx(1.0, abs=tolerance)
        assert abs(W.mean()) < 5 * np.sqrt(variance(n_in) / W.size)


def test_shapes_and_zero_biases(rng):
    params = he([3, 5, 2], rng=rng)
    assert {k: v.shape for k, v in params.items()} == {
        "W1": (5, 3),
        "b1": (5, 1),
        "W2": (2, 5),
        "b2": (2, 1),
    }
    assert not params["b1"].any() and not params["b2"].any()
    assert params["W1"].dtype == np.float64


def test_zeros_are_zero():
    assert all(not v.any() for v in zeros([2, 3, 1]).values())


def test_same_seed_same_weights_different_seed_different():
    a = he([4, 3, 1], rng=np.random.default_rng(0))
    b = he([4, 3, 1], rng=np.random.default_rng(0))
    c = he([4, 3, 1], rng=np.random.default_rng(1))
    assert np.array_equal(a["W1"], b["W1"]) and not np.array_equal(a["W1"], c["W1"])


def test_weight_std_gains():
    assert weight_std(50, activation="relu") == pytest.approx(np.sqrt(2 / 50))
    assert weight_std(50, activation="tanh") == pytest.approx(np.sqrt(1 / 50))
    assert initializers.GAINS["relu"] == 2.0


@pytest.mark.parametrize(
    ("dims", "error", "match"),
    [
        ([3], ValueError, "at least 2 entries"),
        ([3, 0, 1], ValueError, r"layer_dims\[1\] must be >= 1"),
        ([3, 2.5, 1], TypeError, r"layer_dims\[1\] must be an integer"),
        ("32", TypeError, "layer_dims must be a sequence"),
    ],
)
def test_bad_layer_dims(dims, error, match, rng):
    with pytest.raises(error, match=match):
        he(dims, rng=rng)


def test_rng_must_be_a_generator():
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        he([2, 1], rng=0)


def test_bad_scale_and_activation(rng):
    with pytest.raises(ValueError, match="scale must be in"):
        random_normal([2, 1], scale=-1.0, rng=rng)
    with pytest.raises(ValueError, match="activation must be one of"):
        weight_std(3, activation="gelu")
