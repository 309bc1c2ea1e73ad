"""datasets and preprocessing."""

import numpy as np
import pytest

from deepnotes import datasets
from deepnotes.preprocessing import fit_normalizer, train_dev_test_split


def test_generators_are_seeded_by_rng():
    a = datasets.moons(50, rng=np.random.default_rng(5))
    b = datasets.moons(50, rng=np.random.default_rng(5))
    c = datasets.moons(50, rng=np.random.default_rng(6))
    assert np.array_equal(a[0], b[0]) and not np.array_equal(a[0], c[0])


def test_layouts_are_examples_as_columns():
    X, Y = datasets.circles(40, rng=np.random.default_rng(0))
    assert X.shape == (2, 40) and Y.shape == (1, 40) and X.dtype == np.float64
    X, Y = datasets.blobs(40, centers=3, rng=np.random.default_rng(0))
    assert Y.shape == (3, 40) and np.all(Y.sum(axis=0) == 1)
    X, Y = datasets.digits()
    assert X.shape == (64, 1797) and 0.0 <= X.min() and X.max() == 1.0
    assert np.array_equal(Y.sum(axis=0), np.ones(1797))


def test_one_hot_rejects_bad_labels():
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\)"):
        datasets.one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="labels must be a 1-D array of ints"):
        datasets.one_hot(np.array([0.5]), 3)


def test_normalizer_uses_training_statistics_only(rng):
    X_train = rng.normal([[3.0], [-50.0]], [[2.0], [10.0]], size=(2, 500))
    norm = fit_normalizer(X_train)
    Z = norm(X_train)
    np.testing.assert_allclose(Z.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.var(axis=1), 1.0, rtol=1e-12)  # divides by sigma, not sigma^2
    X_dev = rng.normal(size=(2, 3))
    np.testing.assert_allclose(norm(X_dev), (X_dev - norm.mu) / np.sqrt(norm.sigma2))


def test_normalizer_leaves_constant_features_unscaled():
    X = np.array([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]])
    out = fit_normalizer(X)(X)
    assert np.all(np.isfinite(out)) and out[1].tolist() == [0.0, 0.0, 0.0]


def test_split_is_a_permutation_with_aligned_columns(rng):
    X = np.arange(100.0).reshape(1, 100)
    split = train_dev_test_split(X, X.copy(), fractions=(0.7, 0.2, 0.1), rng=rng)
    assert [p[0].shape[1] for p in split] == [70, 20, 10]
    assert sorted(np.concatenate([p[0].ravel() for p in split]).tolist()) == list(range(100))
    assert all(np.array_equal(Xp, Yp) for Xp, Yp in split)


@pytest.mark.parametrize("fractions", [(0.5, 0.5), (0.6, 0.3, 0.3), (1.0, 0.0, 0.0)])
def test_split_rejects_bad_fractions(fractions, rng):
    with pytest.raises(ValueError, match="fractions must be 3 positive numbers"):
        train_dev_test_split(np.ones((1, 10)), np.ones((1, 10)), fractions=fractions, rng=rng)


def test_normalizer_checks_feature_count():
    norm = fit_normalizer(np.ones((2, 4)) * np.arange(4))
    with pytest.raises(ValueError, match="X must have 2 rows"):
        norm(np.ones((3, 4)))
