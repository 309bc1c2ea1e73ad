"""What every exercise shares: the registry, the report, and the comparisons that name a bug.

An exercise's test calls the reader's function through [`call`][] (which
catches exceptions and changes to the arguments), compares the result with the
package's own implementation, and, when they differ, with the results of the
classic mistakes: a result that matches a mistake names it.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import importlib
import inspect
import signal
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

SEED = 20261130
RTOL, ATOL = 1e-7, 1e-10
TIME_LIMIT = 5.0
"""Seconds an exercise's whole test may take, where the platform can interrupt it."""
_returned: contextvars.ContextVar[object] = contextvars.ContextVar("returned", default=None)
"""What the reader's function returned last, to describe it when the result cannot be read."""


class Mistake(Exception):  # noqa: N818  (the reader's mistake, not an error here)
    """The reader's function is wrong; the message says how, and how to fix it."""


@dataclass(frozen=True)
class Report:
    """The verdict of [`check`][deepnotes.exercises.check] on one function.

    Printing a report prints its message.
    """

    exercise: str
    """The exercise's name."""
    passed: bool
    """Whether the function passed every test."""
    message: str
    """What was tested and, on a failure, what is wrong, by name where the checker can tell."""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Exercise:
    """One exercise: what to write, the package's solution, and its test."""

    name: str
    chapter: str
    """The chapter page (its file name without ``.md``)."""
    task: str
    """What to implement, in one sentence."""
    solution: Callable
    """The package's implementation, with the same signature as the reader's: the
    reference the checker compares with."""
    test: Callable[[Callable, np.random.Generator], str]
    """Runs the reader's function; returns what passed, or raises a ``Mistake``."""


EXERCISES: dict[str, Exercise] = {}


def exercise(name: str, *, chapter: str, task: str, solution: Callable):
    """Register the decorated function as the test of exercise ``name``."""

    def register(test: Callable[[Callable, np.random.Generator], str]):
        EXERCISES[name] = Exercise(name, chapter, task, solution, test)
        return test

    return register


def call(fn: Callable, *args: object, **kwargs: object) -> object:
    """``fn`` on fresh deep copies of the arguments; an exception, a change to an argument or
    a missing result is a Mistake.

    The copies keep the caller's arrays, lists and dicts safe from the reader's function,
    so that one check cannot corrupt the next. Generators and functions are passed as they
    are: the reader's function is meant to draw from the one it is given.
    """
    shared = {id(v): v for v in (*args, *kwargs.values()) if _passed_as_is(v)}
    before = copy.deepcopy((args, kwargs), dict(shared))
    given = copy.deepcopy((args, kwargs), dict(shared))
    try:
        with np.errstate(all="ignore"):  # a NaN or an overflow is reported from the result
            out = fn(*given[0], **given[1])
    except Exception as exc:  # the reader's code: every failure is a finding to report
        raise Mistake(f"your function raised {type(exc).__name__}: {exc}") from exc
    for name, old, new in _arguments(fn, before, given):
        if not _unchanged(old, new):
            raise Mistake(
                f"your function changed its argument `{name}` in place; the caller still "
                "needs it (work on a copy, or build a new value: `x = x - ...`, not "
                "`x -= ...`, and `layer_dims[1:]`, not `layer_dims.pop(0)`)"
            )
    _returned.set(out)
    if out is None:
        raise Mistake("your function returned None: is its `return` missing?")
    return out


def _passed_as_is(value: object) -> bool:
    return isinstance(value, np.random.Generator) or callable(value)


def _arguments(fn, before, after):
    """Each argument's name (from ``fn``'s signature where it has one), old and new value."""
    (args0, kwargs0), (args1, kwargs1) = before, after
    try:
        names = list(inspect.signature(fn).bind(*args0, **kwargs0).arguments)
    except (TypeError, ValueError):
        names = [f"number {i + 1}" for i in range(len(args0))]
    yield from zip(names, args0, args1, strict=False)
    for key in kwargs0:
        yield key, kwargs0[key], kwargs1[key]


def _unchanged(old: object, new: object) -> bool:
    if isinstance(old, np.ndarray):
        return old.shape == new.shape and np.array_equal(old, new, equal_nan=True)
    if isinstance(old, Mapping):
        return old.keys() == new.keys() and all(_unchanged(old[k], new[k]) for k in old)
    if isinstance(old, list | tuple):
        return len(old) == len(new) and all(map(_unchanged, old, new))
    return True  # numbers, and the generator, which a function draws from


def describe(value: object) -> str:
    """A short account of a value the reader's function returned, for a report.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.exercises._core import describe
    >>> describe((np.zeros((2, 3)), None))
    'a tuple of 2: (an array of shape (2, 3), None)'
    """
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}" + (
            "" if value.dtype == np.float64 else f" and dtype {value.dtype}"
        )
    if isinstance(value, list | tuple):
        parts = ", ".join(describe(v) for v in value[:4]) + (", ..." if len(value) > 4 else "")
        return f"a {type(value).__name__} of {len(value)}: ({parts})"
    if isinstance(value, Mapping):
        return f"a dict with keys {sorted(map(str, value))[:8]}"
    text = repr(value)
    return text if len(text) <= 40 else f"a {type(value).__name__}"


def as_array(value: object, what: str, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` as a float array of ``shape``, or a Mistake that says what came instead."""
    if getattr(value, "dtype", None) == np.float32:  # an array or a NumPy number
        raise Mistake(
            f"{what} is float32: the course computes in float64, whose rounding the checks "
            "assume (leave out the float32 conversion)"
        )
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise Mistake(f"{what} must be an array of numbers, got {describe(value)}") from exc
    if arr.shape != shape and shape == ():
        raise Mistake(f"{what} must be one number, got {describe(value)}")
    if arr.shape != shape:
        transposed = len(shape) == 2 and arr.shape == shape[::-1]
        raise Mistake(
            f"{what} must have shape {shape}, got {arr.shape}"
            + (": it is transposed (examples are columns)" if transposed else "")
        )
    if not np.isfinite(arr).all():
        raise Mistake(f"{what} holds NaN or infinity")
    return arr


def close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def compare(
    got: np.ndarray, want: np.ndarray, what: str, mistakes: Mapping[str, object] | None = None
) -> None:
    """Pass when ``got`` equals ``want``; else name the mistake whose result it equals."""
    if close(got, want):
        return
    for explanation, result in (mistakes or {}).items():
        if close(got, np.asarray(result, dtype=float)):
            raise Mistake(f"{what} is wrong: {explanation}")
    raise Mistake(f"{what} is wrong: {_how_it_differs(got, want)}")


def _how_it_differs(got: np.ndarray, want: np.ndarray) -> str:
    """Where and how ``got`` differs from ``want``, when no known mistake explains it."""
    if got.shape != want.shape:
        return f"it has shape {got.shape}, the expected values {want.shape}"
    if got.ndim == 2 and got.shape[0] == got.shape[1] and close(got, want.T):
        return "it is the transpose of the expected matrix (rows and columns swapped)"
    if close(got, -want):
        return "it has the wrong sign everywhere"
    nonzero = np.abs(want) > ATOL
    if nonzero.any() and close(got[~nonzero], want[~nonzero]):
        ratios = got[nonzero] / want[nonzero]
        if np.allclose(ratios, ratios[0], rtol=1e-6) and abs(ratios[0]) > ATOL:
            return f"it is {ratios[0]:.4g}× the expected values everywhere: a constant factor"
    error = np.abs(got - want)
    where = ""
    if got.ndim == 2 and got.shape[0] > 1:
        rows = np.flatnonzero(~np.isclose(got, want, rtol=RTOL, atol=ATOL).all(axis=1))
        if rows.size < got.shape[0]:
            where = f"; only rows {rows.tolist()[:8]} differ, the others match"
    scale = float(np.max(np.abs(want))) or 1.0
    return (
        f"it differs from the expected values by up to {float(error.max()):.3g} (the values "
        f"are of order {scale:.3g}){where}, and it matches no mistake the checker knows"
    )


def check_generator_use(run: Callable[[np.random.Generator], object]) -> None:
    """Raise unless ``run(rng)``, which calls the reader's function with ``rng``, depends on
    the generator it is given and on nothing else: the same seed gives the same result,
    another seed another one, and NumPy's global state plays no part."""
    # The global state is set here on purpose, to see whether the reader's function reads it,
    # and restored afterwards.
    state = np.random.get_state()  # noqa: NPY002
    try:
        np.random.set_state(np.random.RandomState(1).get_state())  # noqa: NPY002
        first = run(np.random.default_rng(7))
        np.random.set_state(np.random.RandomState(2).get_state())  # noqa: NPY002
        again = run(np.random.default_rng(7))
        other = run(np.random.default_rng(8))
    finally:
        np.random.set_state(state)  # noqa: NPY002
    if not _same(first, again):
        raise Mistake(
            "it draws from NumPy's global random state (np.random.rand, np.random.seed, ...), "
            "which the `rng` argument does not control: draw from the `rng` it is given"
        )
    if _same(first, other):
        raise Mistake(
            "it ignores its `rng`: two different generators give the same result; draw from "
            "the `rng` it is given, so that one seed gives one result and another seed another"
        )


def _same(a: object, b: object) -> bool:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(map(_same, a, b))
    try:
        return np.array_equal(np.asarray(a), np.asarray(b))
    except (TypeError, ValueError):
        return a == b


GRADIENT_TOLERANCE = 1e-6


def gradient_check(
    cost: Callable[[np.ndarray], float], x: np.ndarray, grad: np.ndarray, what: str
) -> float:
    """The relative difference between ``grad`` and the two-sided difference of ``cost`` at
    ``x``; a Mistake above ``GRADIENT_TOLERANCE``."""
    from deepnotes.gradcheck import numerical_gradient, relative_difference

    numeric = numerical_gradient(lambda v: cost(v.reshape(x.shape)), x.ravel(), epsilon=1e-6)
    difference = relative_difference(grad.ravel(), numeric)
    if difference > GRADIENT_TOLERANCE:
        raise Mistake(f"{what} fails a gradient check: relative difference {difference:.1e}")
    return difference


def solution(name: str) -> str:
    """A solution of exercise ``name`` as a reader would write it, in plain NumPy, as Markdown.

    It is the module ``deepnotes.exercises.solutions.<name>``: its imports and
    one function, which runs when pasted over the exercise's stub and passes
    [`check`][deepnotes.exercises.check].

    Examples
    --------
    >>> from deepnotes.exercises import solution
    >>> print(solution("l2_gradient").splitlines()[1])
    def l2_gradient(W, *, lambd, m):
    """
    _exercise(name)
    module = importlib.import_module(f"{__package__}.solutions.{name}")
    return "```python\n" + inspect.getsource(module).strip() + "\n```"


def _exercise(name: object) -> Exercise:
    if not isinstance(name, str):
        raise TypeError(f"name must be the name of an exercise (a str), got {type(name).__name__}")
    if name not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise ValueError(f"name must be one of the exercises ({known}), got {name!r}")
    return EXERCISES[name]


def check(name: str, fn: Callable) -> Report:
    """Test ``fn`` as the reader's solution of exercise ``name``.

    Parameters
    ----------
    name : str
        An exercise, such as ``"adam_step"``; ``EXERCISES`` lists them.
    fn : callable
        The reader's function, with the signature of the package's solution.

    Returns
    -------
    Report
        ``passed`` and a ``message`` that names the mistake when it can.

    Raises
    ------
    ValueError
        When no exercise has that name.
    TypeError
        When ``name`` is not a string or ``fn`` is not callable.
    """
    exercise = _exercise(name)
    if not callable(fn):
        raise TypeError(f"fn must be a function, got {type(fn).__name__}")
    _returned.set(None)
    global_state = np.random.get_state()  # noqa: NPY002  (a reader's function may use it)
    try:
        with _time_limit(TIME_LIMIT):
            passed = exercise.test(fn, np.random.default_rng(SEED))
    except Mistake as mistake:
        return Report(name, False, f"✗ {name}: {mistake}")
    except _TimeUp:
        return Report(
            name,
            False,
            f"✗ {name}: the check took more than {TIME_LIMIT:g} s: does "
            "your function loop forever, or loop where an array operation would do?",
        )
    except Exception as exc:  # the checker could not read the reader's result
        return Report(
            name,
            False,
            f"✗ {name}: the checker could not use what your function returned, "
            f"{describe(_returned.get())} ({type(exc).__name__}: {exc}); compare it with "
            "what the exercise asks for",
        )
    finally:
        np.random.set_state(global_state)  # noqa: NPY002
    return Report(name, True, f"✓ {name}: {passed}")


class _TimeUp(BaseException):  # not an Exception: the reader's `except Exception` lets it pass
    """Raised inside the reader's code when an exercise runs out of time."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after ``seconds``, where a timer signal can (the main thread on
    Unix); elsewhere the block runs without a limit."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def interrupt(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
