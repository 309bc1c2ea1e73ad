import numpy as np
import pytest

from deepnotes.minibatches import random_mini_batches


@pytest.mark.parametrize(("m", "b"), [(10, 4), (64, 64), (65, 64), (7, 1), (5, 10)])
def test_partition_properties(m, b, rng):
    X = np.vstack([np.arange(m), -np.arange(m)]).astype(float)
    Y = np.arange(m, dtype=float).reshape(1, m)
    batches = random_mini_batches(X, Y, batch_size=b, rng=rng)
    sizes = [Yt.shape[1] for _, Yt in batches]
    assert sizes == [b] * (m // b) + ([m % b] if m % b else [])
    seen = np.concatenate([Yt.ravel() for _, Yt in batches])
    assert sorted(seen.tolist()) == list(range(m))  # a permutation of all columns
    for Xt, Yt in batches:
        np.testing.assert_array_equal(Xt[0], Yt[0])  # X and Y stay aligned


def test_shuffles_and_is_seeded():
    X, Y = np.arange(100.0).reshape(1, 100), np.arange(100.0).reshape(1, 100)
    a = random_mini_batches(X, Y, batch_size=100, rng=np.random.default_rng(0))[0][1]
    b = random_mini_batches(X, Y, batch_size=100, rng=np.random.default_rng(0))[0][1]
    assert np.array_equal(a, b) and not np.array_equal(a.ravel(), np.arange(100.0))


def test_bad_inputs(rng):
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        random_mini_batches(np.ones((2, 3)), np.ones((1, 3)), batch_size=0, rng=rng)
    with pytest.raises(ValueError, match="same number of columns"):
        random_mini_batches(np.ones((2, 3)), np.ones((1, 4)), rng=rng)
