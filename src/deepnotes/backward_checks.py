r"""Every backward function of the package, checked against finite differences.

Each backward function registers a [`Case`][] with [`case_of`][], next to its
own definition: the inputs to differentiate, the scalar function of them that
the backward pass differentiates, and what the backward pass returns for them.
The registry lives in a module of its own that imports nothing from the
package, so a kernel that registers a case does not import this checking
machinery. [`report`][] imports every module of the package, so that each has
registered its cases, and checks them all; a new backward function joins the
report by registering its case, with no list to update here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

import numpy as np

from deepnotes._cases import CASES, Case, case_of
from deepnotes._checks import check_generator
from deepnotes.gradcheck import (
    PASS_THRESHOLD,
    numerical_gradient,
    params_to_vector,
    relative_difference,
    vector_to_params,
)

__all__ = ["CASES", "Case", "ReportRow", "case_of", "check_case", "registered", "report"]


def check_case(case: Case, *, epsilon: float = 1e-7) -> float:
    """Relative difference between a case's analytic gradient and the two-sided one."""
    theta = params_to_vector(case.inputs)
    numeric = numerical_gradient(
        lambda t: case.scalar(vector_to_params(t, case.inputs)), theta, epsilon=epsilon
    )
    return relative_difference(
        params_to_vector({k: case.analytic[k] for k in case.inputs}), numeric
    )


@dataclass(frozen=True)
class ReportRow:
    """One line of [`report`][]."""

    name: str
    relative_difference: float
    passed: bool


def registered() -> list[str]:
    """Dotted names of every backward function with a case, after importing the whole package.

    Examples
    --------
    >>> from deepnotes.backward_checks import registered
    >>> "deepnotes.batchnorm.batchnorm_backward" in registered()
    True
    """
    import deepnotes

    for info in pkgutil.iter_modules(deepnotes.__path__):
        importlib.import_module(f"deepnotes.{info.name}")
    return sorted(CASES)


def report(*, rng: np.random.Generator) -> list[ReportRow]:
    """Check every backward function of the package, found through the registry.

    Every module of the package is imported first, so that each one has
    registered its cases.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.backward_checks import report
    >>> rows = report(rng=np.random.default_rng(0))
    >>> all(row.passed for row in rows)
    True
    >>> "deepnotes.activations.relu_backward" in [row.name for row in rows]
    True
    """
    check_generator(rng)
    rows = []
    for name in registered():
        difference = check_case(CASES[name](rng))
        rows.append(ReportRow(name, difference, difference < PASS_THRESHOLD))
    return rows
