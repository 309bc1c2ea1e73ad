import numpy as np
import pytest

from deepnotes.augmentation import add_noise, augment, flip_horizontal, shift


def test_flip_twice_is_identity(rng):
    X = rng.random((64, 5))
    np.testing.assert_array_equal(flip_horizontal(flip_horizontal(X)), X)


def test_shift_moves_pixels_and_fills_zeros():
    image = np.zeros((8, 8))
    image[3, 3] = 1.0
    moved = shift(image.reshape(64, 1), dx=2, dy=-1).reshape(8, 8)
    assert moved[2, 5] == 1.0 and moved.sum() == 1.0
    edge = np.zeros((8, 8))
    edge[0, 7] = 1.0
    assert shift(edge.reshape(64, 1), dx=1, dy=0).sum() == 0.0  # pushed out of the frame


def test_noise_is_clipped_and_seeded():
    X = np.full((64, 10), 0.99)
    a = add_noise(X, std=0.3, rng=np.random.default_rng(0))
    b = add_noise(X, std=0.3, rng=np.random.default_rng(0))
    assert np.array_equal(a, b) and a.max() <= 1.0 and a.min() >= 0.0


def test_augment_keeps_labels_aligned(rng):
    X = rng.random((64, 6))
    Y = np.eye(3)[:, [0, 1, 2, 0, 1, 2]]
    X_aug, Y_aug = augment(X, Y, copies=2, rng=rng, noise_std=0.0, max_shift=0)
    assert X_aug.shape == (64, 18) and Y_aug.shape == (3, 18)
    for k in range(3):  # with no shift and no noise every copy equals the original
        np.testing.assert_array_equal(X_aug[:, 6 * k : 6 * (k + 1)], X)
        np.testing.assert_array_equal(Y_aug[:, 6 * k : 6 * (k + 1)], Y)


def test_bad_inputs(rng):
    with pytest.raises(ValueError, match="X must hold square images"):
        flip_horizontal(np.ones((10, 2)))
    with pytest.raises(ValueError, match="dx must be smaller than the image side 8"):
        shift(np.ones((64, 1)), dx=8, dy=0)
    with pytest.raises(ValueError, match="copies must be >= 0"):
        augment(np.ones((64, 2)), np.ones((1, 2)), copies=-1, rng=rng)
