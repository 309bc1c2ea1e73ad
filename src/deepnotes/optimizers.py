r"""Parameter updates.

Each update rule exists twice: as a pure *step kernel* on one array
(``gd_step``), and as a class whose ``step(params, grads)`` applies the kernel
to every parameter of a network and keeps whatever state the rule needs.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from deepnotes._checks import as_matrix, check_interval, check_same_shape

__all__ = ["GradientDescent", "Optimizer", "gd_step"]

Params = dict[str, np.ndarray]


def _check_learning_rate(learning_rate: object) -> float:
    return check_interval(learning_rate, "learning_rate", low=0.0, high=np.inf, closed="left")


def _check_pair(w: object, dw: object) -> tuple[np.ndarray, np.ndarray]:
    w = as_matrix(w, "w", ndim=np.ndim(w))
    dw = as_matrix(dw, "dw", ndim=np.ndim(dw))
    check_same_shape(w, dw, ("w", "dw"))
    return w, dw


def gd_step(w: np.ndarray, dw: np.ndarray, *, learning_rate: float) -> np.ndarray:
    r"""One step of gradient descent.

    $$
    W := W - \alpha\, dW
    $$

    Parameters
    ----------
    w : ndarray
        Parameter.
    dw : ndarray
        Gradient of the cost with respect to ``w``, same shape.
    learning_rate : float
        $\alpha \ge 0$.

    Returns
    -------
    ndarray
        The new parameter; ``w`` is not modified.

    Examples
    --------
    >>> import numpy as np
    >>> gd_step(np.array([1.0, 2.0]), np.array([10.0, -10.0]), learning_rate=0.1)
    array([0., 3.])
    """
    w, dw = _check_pair(w, dw)
    return _gd(w, dw, _check_learning_rate(learning_rate))


def _gd(w: np.ndarray, dw: np.ndarray, learning_rate: float) -> np.ndarray:
    return w - learning_rate * dw


class Optimizer:
    """Base class: applies a step kernel to every parameter of a network.

    Subclasses implement [`update`][.update] for one parameter; the state they keep
    (velocities, squared averages, the step count) lives on the object.
    [`step`][.step] checks the shapes and the hyperparameters once per call, so
    [`update`][.update] applies the kernel's arithmetic without checking again.
    """

    def __init__(self, *, learning_rate: float) -> None:
        self.learning_rate = _check_learning_rate(learning_rate)

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> Params:
        """Return the updated parameters dict; ``params`` is not modified.

        ``grads`` must hold ``"d" + key`` for every ``key`` of ``params``.
        """
        for key, w in params.items():
            dw = grads.get(f"d{key}")
            if dw is None:
                raise ValueError(f"grads is missing d{key}; got keys {sorted(grads)}")
            if np.shape(dw) != np.shape(w):
                raise ValueError(
                    f"grads['d{key}'] must have the shape of params['{key}'], "
                    f"{np.shape(w)}, got {np.shape(dw)}"
                )
        self.learning_rate = _check_learning_rate(self.learning_rate)
        self._begin_step()
        return {key: self.update(key, w, grads[f"d{key}"]) for key, w in params.items()}

    def _begin_step(self) -> None:
        """Hook called once per [`step`][.step], before the parameters are updated."""

    def update(self, key: str, w: np.ndarray, dw: np.ndarray) -> np.ndarray:
        """Return the new value of the parameter ``key``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


class GradientDescent(Optimizer):
    r"""Plain gradient descent, [`gd_step`][] on every parameter.

    Parameters
    ----------
    learning_rate : float
        $\alpha \ge 0$.

    Examples
    --------
    >>> import numpy as np
    >>> opt = GradientDescent(learning_rate=0.5)
    >>> opt.step({"W1": np.ones((1, 2))}, {"dW1": np.ones((1, 2))})
    {'W1': array([[0.5, 0.5]])}
    """

    def update(self, key: str, w: np.ndarray, dw: np.ndarray) -> np.ndarray:
        return _gd(w, dw, self.learning_rate)
