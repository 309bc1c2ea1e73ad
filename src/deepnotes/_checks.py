"""Input checks shared by every module.

Each check raises ``ValueError`` or ``TypeError`` with a message that names the
argument, what was expected and what came, so that a reader who passes the wrong
thing learns what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral, Real

import numpy as np

__all__ = [
    "as_examples",
    "as_matrix",
    "check_generator",
    "check_int",
    "check_interval",
    "check_layer_dims",
    "check_params",
    "check_same_shape",
]


def as_matrix(x: object, name: str, *, ndim: int = 2, finite: bool = False) -> np.ndarray:
    """Return ``x`` as a float64 array with ``ndim`` dimensions, or raise.

    With ``finite=True`` NaN and infinity are refused too; data entering the
    package (training sets, vectors to differentiate) are checked that way once,
    and the kernels that follow skip the extra pass.
    """
    if type(x) is np.ndarray and x.dtype == np.float64:
        arr = x
    elif isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    else:
        try:
            arr = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}") from exc
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if finite and not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got NaN or infinity")
    return arr


def as_examples(X: object, Y: object, names: tuple[str, str] = ("X", "Y")):
    """``X`` and ``Y`` as float64 matrices with the same number of columns (examples)."""
    X = as_matrix(X, names[0])
    Y = as_matrix(Y, names[1])
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same number of columns (examples), "
            f"got {X.shape} and {Y.shape}"
        )
    return X, Y


def check_same_shape(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    """Raise unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_interval(
    value: object,
    name: str,
    *,
    low: float,
    high: float,
    closed: str = "both",
) -> float:
    """Return ``value`` as a float if it lies in the interval, or raise.

    ``closed`` is one of ``"both"``, ``"left"``, ``"right"`` or ``"neither"``.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    v = float(value)
    left_ok = v >= low if closed in ("both", "left") else v > low
    right_ok = v <= high if closed in ("both", "right") else v < high
    if not (np.isfinite(v) and left_ok and right_ok):
        lb = "[" if closed in ("both", "left") else "("
        rb = "]" if closed in ("both", "right") else ")"
        raise ValueError(f"{name} must be in {lb}{low}, {high}{rb}, got {value!r}")
    return v


def check_int(value: object, name: str, *, minimum: int) -> int:
    """Return ``value`` as an int if it is an integer ``>= minimum``, or raise."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_generator(rng: object, name: str = "rng") -> np.random.Generator:
    """Return ``rng`` if it is a ``numpy.random.Generator``, or raise ``TypeError``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )
    return rng


def check_layer_dims(layer_dims: object) -> list[int]:
    """Return ``layer_dims`` as a list of at least two positive ints, or raise."""
    if isinstance(layer_dims, (str, bytes)) or not hasattr(layer_dims, "__iter__"):
        raise TypeError(f"layer_dims must be a sequence of ints, got {type(layer_dims).__name__}")
    dims = list(layer_dims)  # type: ignore[call-overload]
    if len(dims) < 2:
        raise ValueError(f"layer_dims must have at least 2 entries (input and output), got {dims}")
    for i, n in enumerate(dims):
        check_int(n, f"layer_dims[{i}]", minimum=1)
    return [int(n) for n in dims]


def check_params(params: object) -> int:
    """Check a parameters dict ``{"W1", "b1", ..., "WL", "bL"}`` and return ``L``.

    A batch-normalized hidden layer carries ``"gamma{l}"`` and ``"beta{l}"``
    instead of ``"b{l}"`` (and, for test time, ``"running_mean{l}"`` and
    ``"running_var{l}"``).
    """
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    L = sum(1 for k in params if isinstance(k, str) and k.startswith("W"))
    if L == 0:
        raise ValueError(f"params must hold W1, b1, ..., got keys {sorted(params)}")
    for l in range(1, L + 1):
        W = params.get(f"W{l}")
        if W is None:
            raise ValueError(f"params is missing W{l}; got keys {sorted(params)}")
        if np.ndim(W) != 2:
            raise ValueError(f"params['W{l}'] must be 2-D, got shape {np.shape(W)}")
        n_l = np.shape(W)[0]
        names = ("gamma", "beta") if f"gamma{l}" in params and l < L else ("b",)
        for name in names:
            vec = params.get(f"{name}{l}")
            if vec is None:
                raise ValueError(f"params is missing {name}{l}; got keys {sorted(params)}")
            if np.shape(vec) != (n_l, 1):
                raise ValueError(
                    f"params['{name}{l}'] must have shape ({n_l}, 1), got {np.shape(vec)}"
                )
        if l > 1 and np.shape(W)[1] != np.shape(params[f"W{l - 1}"])[0]:
            raise ValueError(
                f"params['W{l}'] must have {np.shape(params[f'W{l - 1}'])[0]} columns "
                f"(the units of layer {l - 1}), got shape {np.shape(W)}"
            )
    return L
