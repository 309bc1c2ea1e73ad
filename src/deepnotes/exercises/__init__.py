r"""Exercises with a checker that names the bug.

Each exercise asks for one function of the course, with the signature of the
package's own implementation. [`check`][] runs the reader's function on random
inputs against the package's implementation: the shapes, the values, the
caller's arrays left unchanged, a gradient check for a backward pass, and the
behaviour that statistics show (a sampler's spread, an initializer's scale,
a dropout mask). When it fails, the checker compares it with the classic
mistakes of that exercise and names the one it made.

Examples
--------
>>> import numpy as np
>>> from deepnotes.exercises import EXERCISES, check
>>> def l2_gradient(W, *, lambd, m):
...     return lambd / (2 * m) * W  # a classic slip
>>> report = check("l2_gradient", l2_gradient)
>>> report.passed
False
>>> print(report)
✗ l2_gradient: the gradient is wrong: it uses λ/(2m): the derivative of W² is 2W,
which cancels the 2 of λ/(2m), so the gradient is (λ/m) W
>>> check("l2_gradient", lambda W, *, lambd, m: lambd / m * W).passed
True
>>> sorted(EXERCISES)[:3]
['adam_step', 'batchnorm_backward', 'batchnorm_forward']
"""

from . import (  # noqa: F401  (each module registers its exercises)
    _batch_normalization,
    _gradient_checking,
    _initialization,
    _optimization,
    _regularization,
    _softmax,
    _tuning,
)
from ._core import EXERCISES, Exercise, Report, check, solution

__all__ = ["EXERCISES", "Exercise", "Report", "check", "solution"]
