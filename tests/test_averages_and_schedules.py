import numpy as np
import pytest

from deepnotes.averages import ewa
from deepnotes.schedules import (
    exponential_decay,
    inverse_sqrt_decay,
    inverse_time_decay,
    staircase_decay,
)


def test_ewa_by_hand():
    np.testing.assert_allclose(ewa(np.array([1.0, 2.0, 3.0]), beta=0.5), [0.5, 1.25, 2.125])


def test_bias_correction_makes_the_first_value_the_first_sample(rng):
    theta = rng.normal(5.0, 2.0, 100)
    for beta in (0.5, 0.9, 0.999):
        assert ewa(theta, beta=beta, bias_correction=True)[0] == pytest.approx(theta[0], rel=1e-14)


def test_bias_corrected_average_of_a_constant_is_the_constant():
    np.testing.assert_allclose(ewa(np.full(50, 7.0), beta=0.98, bias_correction=True), 7.0)


def test_beta_zero_is_the_sequence(rng):
    theta = rng.normal(size=10)
    np.testing.assert_allclose(ewa(theta, beta=0.0), theta)


def test_ewa_rejects_bad_input():
    with pytest.raises(ValueError, match=r"beta must be in \[0.0, 1.0\)"):
        ewa(np.ones(3), beta=1.0)
    with pytest.raises(ValueError, match="theta must be 1-D"):
        ewa(np.ones((2, 2)), beta=0.9)


def test_schedule_values():
    assert inverse_time_decay(0.5, 3, decay_rate=1.0) == pytest.approx(0.125)
    assert inverse_time_decay(0.5, 0, decay_rate=1.0) == 0.5
    assert exponential_decay(0.5, 2, base=0.9) == pytest.approx(0.405)
    assert inverse_sqrt_decay(0.5, 9, k=3.0) == pytest.approx(0.5)
    assert staircase_decay(0.5, 1999, decay_rate=1.0, time_interval=1000) == pytest.approx(0.25)
    assert staircase_decay(0.5, 2000, decay_rate=1.0, time_interval=1000) == pytest.approx(0.5 / 3)


def test_schedules_reject_bad_input():
    with pytest.raises(ValueError, match="epoch must be >= 1"):
        inverse_sqrt_decay(0.1, 0, k=1.0)
    with pytest.raises(ValueError, match="epoch must be >= 0"):
        inverse_time_decay(0.1, -1, decay_rate=1.0)
    with pytest.raises(ValueError, match="learning_rate0 must be in"):
        exponential_decay(-0.1, 1, base=0.9)
    with pytest.raises(ValueError, match=r"base must be in \(0.0, 1.0\]"):
        exponential_decay(0.1, 1, base=1.5)
    with pytest.raises(ValueError, match="time_interval must be >= 1"):
        staircase_decay(0.1, 1, decay_rate=1.0, time_interval=0)
    with pytest.raises(TypeError, match="epoch must be an integer"):
        inverse_time_decay(0.1, 1.5, decay_rate=1.0)
