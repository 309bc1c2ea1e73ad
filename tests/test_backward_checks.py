"""Every backward function of the package passes its gradient check."""

import importlib
import inspect
import pkgutil

import numpy as np
import pytest

import deepnotes
from deepnotes import backward_checks
from deepnotes.gradcheck import PASS_THRESHOLD

MODULES = [
    importlib.import_module(f"deepnotes.{m.name}") for m in pkgutil.iter_modules(deepnotes.__path__)
]


def _backward_functions():
    """Public functions named like a backward pass, found by walking the package."""
    found = set()
    for module in MODULES:
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and (name.endswith("backward") or name == "l2_gradient"):
                found.add(f"{obj.__module__}.{obj.__qualname__}")
    return found


def test_every_backward_function_is_registered():
    missing = _backward_functions() - set(backward_checks.CASES)
    assert not missing, f"register a gradient case for: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(backward_checks.CASES))
def test_backward_function_passes_the_gradient_check(name):
    case = backward_checks.CASES[name](np.random.default_rng(0))
    assert backward_checks.check_case(case) < PASS_THRESHOLD


def test_a_wrong_gradient_fails_its_case():
    case = backward_checks.CASES["deepnotes.activations.relu_backward"](np.random.default_rng(0))
    wrong = backward_checks.Case(case.inputs, case.scalar, {"Z": 2 * case.analytic["Z"]})
    assert backward_checks.check_case(wrong) > 0.1


def test_report_rows_match_the_registry():
    rows = backward_checks.report(rng=np.random.default_rng(0))
    assert [r.name for r in rows] == sorted(backward_checks.CASES)
    assert all(r.passed == (r.relative_difference < PASS_THRESHOLD) for r in rows)
