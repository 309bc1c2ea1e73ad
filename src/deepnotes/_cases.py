r"""The registry of gradient-check cases: what a backward function declares about itself.

Each backward function registers, next to its own definition, how it is checked
against finite differences (a [`Case`][deepnotes.backward_checks.Case]).
[`deepnotes.backward_checks`][] runs the checks. This module imports nothing
from the package, so that the kernels that register their cases (activations,
losses, batch norm, layers, the network) do not import the checking machinery,
which itself uses the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["CASES", "Case", "case_of"]


@dataclass(frozen=True)
class Case:
    """How one backward function is checked against finite differences."""

    inputs: dict[str, np.ndarray]
    """The arrays to differentiate with respect to."""
    scalar: Callable[[dict[str, np.ndarray]], float]
    """The scalar function of ``inputs`` whose gradient the backward pass computes."""
    analytic: dict[str, np.ndarray]
    """What the backward pass returned, one array per input."""


CASES: dict[str, Callable[[np.random.Generator], Case]] = {}
"""Registered cases, keyed by the dotted name of the backward function."""


def case_of(backward: Callable[..., Any]) -> Callable[[Callable], Callable]:
    """Decorator: register the decorated ``build(rng) -> Case`` for ``backward``."""

    def register(build: Callable[[np.random.Generator], Case]) -> Callable:
        CASES[f"{backward.__module__}.{backward.__qualname__}"] = build
        return build

    return register
