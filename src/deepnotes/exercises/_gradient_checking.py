"""Chapter 4: the two-sided difference and the relative difference."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deepnotes import gradcheck

from ._core import Mistake, as_array, call, compare, exercise


def _cost(theta: np.ndarray) -> float:
    """A smooth cost whose one-sided and two-sided differences differ clearly."""
    return float(np.sum(np.sin(3 * theta) * theta**2) + 0.5 * np.sum(theta) ** 3)


@exercise(
    "numerical_gradient",
    chapter="gradient-checking",
    task="The two-sided difference (J(θ + ε e_i) − J(θ − ε e_i)) / (2ε), for every i.",
    solution=gradcheck.numerical_gradient,
)
def _numerical_gradient(fn: Callable, rng: np.random.Generator) -> str:
    theta, eps = rng.normal(size=6), 1e-2  # far from the default, so that ignoring it shows
    got = as_array(call(fn, _cost, theta, epsilon=eps), "the gradient", theta.shape)
    eye = np.eye(theta.size)
    plus = np.array([_cost(theta + eps * e) for e in eye])
    minus = np.array([_cost(theta - eps * e) for e in eye])
    base = _cost(theta)
    compare(
        got,
        gradcheck.numerical_gradient(_cost, theta, epsilon=eps),
        "the gradient",
        {
            "it takes the one-sided difference (J(θ + ε) − J(θ)) / ε, whose error is O(ε); "
            "the two-sided one's is O(ε²)": (plus - base) / eps,
            "it divides the two-sided difference by ε instead of 2ε": (plus - minus) / eps,
            "it ignores its `epsilon` argument and uses a fixed ε": gradcheck.numerical_gradient(
                _cost, theta
            ),
        },
    )
    return "the two-sided difference, one coordinate at a time, with the ε it is given"


@exercise(
    "relative_difference",
    chapter="gradient-checking",
    task="‖g − g̃‖ / (‖g‖ + ‖g̃‖), the number a gradient check reports; two zero vectors give 0.",
    solution=gradcheck.relative_difference,
)
def _relative_difference(fn: Callable, rng: np.random.Generator) -> str:
    grad = rng.normal(size=8) * 100
    approx = grad + rng.normal(size=8)
    got = as_array(call(fn, grad, approx), "the difference", ())
    norm = np.linalg.norm
    compare(
        got,
        np.array(gradcheck.relative_difference(grad, approx)),
        "the difference",
        {
            "it returns ‖g − g̃‖ without dividing by ‖g‖ + ‖g̃‖, so it grows with the size of "
            "the gradient": norm(grad - approx),
            "it divides by ‖g‖ alone; the formula divides by ‖g‖ + ‖g̃‖": norm(grad - approx)
            / norm(grad),
            "it divides by ‖g + g̃‖; the formula divides by ‖g‖ + ‖g̃‖": norm(grad - approx)
            / norm(grad + approx),
            "it squares the norms": norm(grad - approx) ** 2
            / (norm(grad) ** 2 + norm(approx) ** 2),
        },
    )
    zero = call(fn, np.zeros(3), np.zeros(3))
    if not np.isfinite(float(zero)) or float(zero) != 0:
        raise Mistake(f"two zero gradients must give 0, got {float(zero)} (0/0: test for it)")
    return "‖g − g̃‖ / (‖g‖ + ‖g̃‖), and 0 for two zero gradients"
