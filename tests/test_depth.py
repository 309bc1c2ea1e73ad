import numpy as np
import pytest

from deepnotes.depth import deep_linear_output, layer_scales


def test_deep_linear_output_is_the_matrix_product(rng):
    Ws = [rng.normal(size=(4, 3)), rng.normal(size=(5, 4)), rng.normal(size=(2, 5))]
    X = rng.normal(size=(3, 6))
    np.testing.assert_allclose(deep_linear_output(Ws, X), Ws[2] @ Ws[1] @ Ws[0] @ X)


def test_identity_scaling_is_geometric():
    out = deep_linear_output([1.5 * np.eye(2)] * 50, np.ones((2, 1)))
    assert out[0, 0] == pytest.approx(1.5**50, rel=1e-12)


def test_variance_preserving_scale_keeps_the_signal(rng):
    n = 200
    Ws = [rng.normal(size=(n, n)) / np.sqrt(n) for _ in range(20)]
    scales = layer_scales(Ws, rng.normal(size=(n, 300)))
    assert 0.2 < scales[-1] / scales[0] < 5


def test_relu_needs_gain_two(rng):
    n = 200
    X = rng.normal(size=(n, 300))
    he_ws = [rng.normal(size=(n, n)) * np.sqrt(2 / n) for _ in range(20)]
    unit_ws = [rng.normal(size=(n, n)) * np.sqrt(1 / n) for _ in range(20)]
    he_end = layer_scales(he_ws, X, activation="relu")[-1]
    unit_end = layer_scales(unit_ws, X, activation="relu")[-1]
    assert 0.3 < he_end < 3
    assert unit_end < 0.01  # the second moment halves at every layer: 2^-10 in RMS


def test_bad_chain():
    with pytest.raises(ValueError, match=r"weights\[1\] must have 3 columns"):
        deep_linear_output([np.ones((3, 2)), np.ones((3, 4))], np.ones((2, 1)))
    with pytest.raises(ValueError, match="activation must be one of"):
        layer_scales([np.ones((2, 2))], np.ones((2, 1)), activation="gelu")
