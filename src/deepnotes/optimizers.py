r"""Parameter updates.

Each update rule exists twice: as a pure *step kernel* on one array
(``gd_step``), and as a class whose ``step(params, grads)`` applies the kernel
to every parameter of a network and keeps whatever state the rule needs.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from deepnotes._checks import as_matrix, check_int, check_interval, check_same_shape

__all__ = [
    "Adam",
    "GradientDescent",
    "Momentum",
    "Optimizer",
    "RMSprop",
    "adam_step",
    "gd_step",
    "momentum_step",
    "rmsprop_step",
]

Params = dict[str, np.ndarray]


def _check_learning_rate(learning_rate: object) -> float:
    return check_interval(learning_rate, "learning_rate", low=0.0, high=np.inf, closed="left")


def _check_beta(beta: object, name: str = "beta") -> float:
    return check_interval(beta, name, low=0.0, high=1.0, closed="left")


def _check_epsilon(epsilon: object) -> float:
    return check_interval(epsilon, "epsilon", low=0.0, high=np.inf, closed="neither")


def _check_arrays(**arrays: object) -> list[np.ndarray]:
    """The arrays as float64, all of the shape of the first (``w``)."""
    out = []
    for name, value in arrays.items():
        arr = as_matrix(value, name, ndim=np.ndim(value))
        if out:
            check_same_shape(out[0], arr, ("w", name))
        out.append(arr)
    return out


def _check_pair(w: object, dw: object) -> tuple[np.ndarray, np.ndarray]:
    w, dw = _check_arrays(w=w, dw=dw)
    return w, dw


def gd_step(w: np.ndarray, dw: np.ndarray, *, learning_rate: float) -> np.ndarray:
    r"""One step of gradient descent.

    $$
    W := W - \alpha\, dW
    $$

    This is formula [`gd-update`][formula-gd-update].

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
    >>> from deepnotes.optimizers import gd_step
    >>> gd_step(np.array([1.0, 2.0]), np.array([10.0, -10.0]), learning_rate=0.1)
    array([0., 3.])
    """
    w, dw = _check_pair(w, dw)
    return _gd(w, dw, _check_learning_rate(learning_rate))


def _gd(w: np.ndarray, dw: np.ndarray, learning_rate: float) -> np.ndarray:
    return w - learning_rate * dw


def momentum_step(
    w: np.ndarray, dw: np.ndarray, v: np.ndarray, *, learning_rate: float, beta: float
) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of gradient descent with momentum.

    $$
    v := \beta\, v + (1 - \beta)\, dW, \qquad W := W - \alpha\, v
    $$

    This is formula [`momentum-update`][formula-momentum-update]: the step is an
    exponentially weighted average of the recent gradients, so oscillating
    components cancel and consistent ones keep their size (the average of equal
    gradients is that gradient). $v$ starts at zero, and
    ``beta=0`` is plain gradient descent.

    Parameters
    ----------
    w : ndarray
        Parameter.
    dw : ndarray
        Its gradient, same shape.
    v : ndarray
        Velocity from the previous step, same shape (zeros at the start).
    learning_rate : float
        $\alpha \ge 0$.
    beta : float
        $\beta \in [0, 1)$; 0.9 is the usual choice.

    Returns
    -------
    w : ndarray
        The new parameter.
    v : ndarray
        The new velocity.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.optimizers import momentum_step
    >>> w, v = momentum_step(
    ...     np.array([1.0]), np.array([2.0]), np.zeros(1), learning_rate=0.1, beta=0.9
    ... )
    >>> w.round(6), v.round(6)
    (array([0.98]), array([0.2]))
    """
    w, dw, v = _check_arrays(w=w, dw=dw, v=v)
    return _momentum(w, dw, v, _check_learning_rate(learning_rate), _check_beta(beta))


def _momentum(w, dw, v, learning_rate, beta):
    v = beta * v + (1.0 - beta) * dw
    return w - learning_rate * v, v


def rmsprop_step(
    w: np.ndarray,
    dw: np.ndarray,
    s: np.ndarray,
    *,
    learning_rate: float,
    beta: float,
    epsilon: float,
) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of RMSprop.

    $$
    \begin{aligned}
    s &:= \beta\, s + (1 - \beta)\, dW^2, \\
    W &:= W - \alpha\, \frac{dW}{\sqrt{s} + \varepsilon}
    \end{aligned}
    $$

    This is formula [`rmsprop-update`][formula-rmsprop-update]. The square is
    elementwise: each parameter gets its own step size, small where its
    gradients have been large and large where they have been small.
    $\varepsilon$ only guards against a division by zero.

    Parameters
    ----------
    w : ndarray
        Parameter.
    dw : ndarray
        Its gradient, same shape.
    s : ndarray
        Average of the squared gradients, same shape (zeros at the start).
    learning_rate : float
        $\alpha \ge 0$.
    beta : float
        $\beta \in [0, 1)$; PyTorch calls it ``alpha`` and defaults to 0.99.
    epsilon : float
        $\varepsilon > 0$.

    Returns
    -------
    w : ndarray
        The new parameter.
    s : ndarray
        The new average of squared gradients.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.optimizers import rmsprop_step
    >>> w, s = rmsprop_step(np.array([1.0, 1.0]), np.array([100.0, 0.01]), np.zeros(2),
    ...                     learning_rate=0.01, beta=0.9, epsilon=1e-8)
    >>> (1 - w).round(4)  # the same step size for gradients 10,000 times apart
    array([0.0316, 0.0316])
    """
    w, dw, s = _check_arrays(w=w, dw=dw, s=s)
    return _rmsprop(
        w, dw, s, _check_learning_rate(learning_rate), _check_beta(beta), _check_epsilon(epsilon)
    )


def _rmsprop(w, dw, s, learning_rate, beta, epsilon):
    s = beta * s + (1.0 - beta) * dw * dw
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), s


def adam_step(
    w: np.ndarray,
    dw: np.ndarray,
    v: np.ndarray,
    s: np.ndarray,
    t: int,
    *,
    learning_rate: float,
    beta1: float,
    beta2: float,
    epsilon: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""One step of Adam: momentum and RMSprop together, both bias-corrected.

    $$
    \begin{aligned}
    v &:= \beta_1 v + (1 - \beta_1)\, dW, \\
    s &:= \beta_2 s + (1 - \beta_2)\, dW^2, \\
    \hat v &= \frac{v}{1 - \beta_1^t}, \qquad \hat s = \frac{s}{1 - \beta_2^t}, \\
    W &:= W - \alpha\, \frac{\hat v}{\sqrt{\hat s} + \varepsilon}
    \end{aligned}
    $$

    This is formula [`adam-update`][formula-adam-update]. The correction of
    $v$ uses $\beta_1$ and that of $s$ uses $\beta_2$; $t$ counts the steps
    taken, starting at 1.

    Parameters
    ----------
    w : ndarray
        Parameter.
    dw : ndarray
        Its gradient, same shape.
    v : ndarray
        First moment (average gradient), same shape (zeros at the start).
    s : ndarray
        Second moment (average squared gradient), same shape (zeros at the start).
    t : int
        Number of this step, $t \ge 1$.
    learning_rate : float
        $\alpha \ge 0$.
    beta1 : float
        $\beta_1 \in [0, 1)$, usually 0.9.
    beta2 : float
        $\beta_2 \in [0, 1)$, usually 0.999.
    epsilon : float
        $\varepsilon > 0$, usually $10^{-8}$.

    Returns
    -------
    w : ndarray
        The new parameter.
    v : ndarray
        The new first moment (not bias-corrected).
    s : ndarray
        The new second moment (not bias-corrected).

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.optimizers import adam_step
    >>> w, v, s = adam_step(np.array([1.0]), np.array([0.5]), np.zeros(1), np.zeros(1), 1,
    ...                     learning_rate=0.1, beta1=0.9, beta2=0.999, epsilon=1e-8)
    >>> w.round(6), v.round(6), s.round(6)  # the first step has length alpha
    (array([0.9]), array([0.05]), array([0.00025]))
    """
    w, dw, v, s = _check_arrays(w=w, dw=dw, v=v, s=s)
    t = check_int(t, "t", minimum=1)
    return _adam(
        w,
        dw,
        v,
        s,
        t,
        _check_learning_rate(learning_rate),
        _check_beta(beta1, "beta1"),
        _check_beta(beta2, "beta2"),
        _check_epsilon(epsilon),
    )


def _adam(w, dw, v, s, t, learning_rate, beta1, beta2, epsilon):
    # The formula, written to reuse the arrays it allocates (no input is modified):
    # v = b1 v + (1 - b1) dw  is  v + (1 - b1)(dw - v), and likewise for s.
    v_new = dw - v
    v_new *= 1.0 - beta1
    v_new += v
    s_new = dw * dw
    s_new -= s
    s_new *= 1.0 - beta2
    s_new += s
    # sqrt(s_hat) + eps = sqrt(s) / sqrt(1 - b2^t) + eps
    denominator = np.sqrt(s_new)
    denominator *= 1.0 / np.sqrt(1.0 - beta2**t)
    denominator += epsilon
    # w - lr v_hat / (sqrt(s_hat) + eps), with v_hat = v / (1 - b1^t)
    w_new = np.divide(v_new, denominator, out=denominator)
    w_new *= -learning_rate / (1.0 - beta1**t)
    w_new += w
    return w_new, v_new, s_new


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
            if getattr(dw, "shape", None) != getattr(w, "shape", None) and np.shape(dw) != np.shape(
                w
            ):
                raise ValueError(
                    f"grads['d{key}'] must have the shape of params['{key}'], "
                    f"{np.shape(w)}, got {np.shape(dw)}"
                )
        self.learning_rate = _check_learning_rate(self.learning_rate)
        return self._step(params, grads)

    def _step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> Params:
        """[`step`][.step] without its checks, for a caller that checked the learning rate
        and passes ``grads`` with the shapes of ``params`` (the training loop, with what
        [`network.backward`][deepnotes.network.backward] returns)."""
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
    >>> from deepnotes.optimizers import GradientDescent
    >>> opt = GradientDescent(learning_rate=0.5)
    >>> opt.step({"W1": np.ones((1, 2))}, {"dW1": np.ones((1, 2))})
    {'W1': array([[0.5, 0.5]])}
    """

    def update(self, key: str, w: np.ndarray, dw: np.ndarray) -> np.ndarray:
        return _gd(w, dw, self.learning_rate)


class Momentum(Optimizer):
    r"""Gradient descent with momentum, [`momentum_step`][] on every parameter.

    The velocities live in ``self.v``, one per parameter, created at zero on
    the first step.

    Parameters
    ----------
    learning_rate : float
        $\alpha \ge 0$.
    beta : float
        $\beta \in [0, 1)$.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.optimizers import Momentum
    >>> opt = Momentum(learning_rate=0.1, beta=0.9)
    >>> params = {"W1": np.ones((1, 1))}
    >>> for _ in range(2):
    ...     params = opt.step(params, {"dW1": np.ones((1, 1))})
    >>> params["W1"].round(4), opt.v["W1"].round(4)
    (array([[0.971]]), array([[0.19]]))
    """

    def __init__(self, *, learning_rate: float, beta: float = 0.9) -> None:
        super().__init__(learning_rate=learning_rate)
        self.beta = _check_beta(beta)
        self.v: dict[str, np.ndarray] = {}

    def update(self, key: str, w: np.ndarray, dw: np.ndarray) -> np.ndarray:
        v = self.v.get(key, np.zeros_like(w))
        w, self.v[key] = _momentum(w, dw, v, self.learning_rate, self.beta)
        return w

    def __repr__(self) -> str:
        return f"Momentum(learning_rate={self.learning_rate:g}, beta={self.beta:g})"


class RMSprop(Optimizer):
    r"""RMSprop, [`rmsprop_step`][] on every parameter.

    The averages of squared gradients live in ``self.s``.

    Parameters
    ----------
    learning_rate : float
        $\alpha \ge 0$.
    beta : float
        $\beta \in [0, 1)$.
    epsilon : float
        $\varepsilon > 0$.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.optimizers import RMSprop
    >>> opt = RMSprop(learning_rate=0.01)
    >>> new = opt.step({"W1": np.ones((1, 2))}, {"dW1": np.array([[100.0, 0.01]])})
    >>> (1 - new["W1"]).round(4)
    array([[0.0316, 0.0316]])
    """

    def __init__(self, *, learning_rate: float, beta: float = 0.9, epsilon: float = 1e-8) -> None:
        super().__init__(learning_rate=learning_rate)
        self.beta = _check_beta(beta)
        self.epsilon = _check_epsilon(epsilon)
        self.s: dict[str, np.ndarray] = {}

    def update(self, key: str, w: np.ndarray, dw: np.ndarray) -> np.ndarray:
        s = self.s.get(key, np.zeros_like(w))
        w, self.s[key] = _rmsprop(w, dw, s, self.learning_rate, self.beta, self.epsilon)
        return w

    def __repr__(self) -> str:
        return f"RMSprop(learning_rate={self.learning_rate:g}, beta={self.beta:g})"


class Adam(Optimizer):
    r"""Adam, [`adam_step`][] on every parameter.

    The moments live in ``self.v`` and ``self.s``, and the step count in
    ``self.t``, which [`step`][deepnotes.optimizers.Optimizer.step] increases once per call,
    before the parameters are updated (so the first step has $t = 1$).

    Parameters
    ----------
    learning_rate : float
        $\alpha \ge 0$.
    beta1 : float
        $\beta_1 \in [0, 1)$.
    beta2 : float
        $\beta_2 \in [0, 1)$.
    epsilon : float
        $\varepsilon > 0$.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.optimizers import Adam
    >>> opt = Adam(learning_rate=0.1)
    >>> params = {"W1": np.zeros((1, 1))}
    >>> for _ in range(3):
    ...     params = opt.step(params, {"dW1": np.ones((1, 1))})
    >>> opt.t, params["W1"].round(4)  # each step moves by about alpha
    (3, array([[-0.3]]))
    """

    def __init__(
        self,
        *,
        learning_rate: float,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate=learning_rate)
        self.beta1 = _check_beta(beta1, "beta1")
        self.beta2 = _check_beta(beta2, "beta2")
        self.epsilon = _check_epsilon(epsilon)
        self.v: dict[str, np.ndarray] = {}
        self.s: dict[str, np.ndarray] = {}
        self.t = 0

    def _begin_step(self) -> None:
        self.t += 1

    def update(self, key: str, w: np.ndarray, dw: np.ndarray) -> np.ndarray:
        v = self.v.get(key, np.zeros_like(w))
        s = self.s.get(key, np.zeros_like(w))
        w, self.v[key], self.s[key] = _adam(
            w, dw, v, s, self.t, self.learning_rate, self.beta1, self.beta2, self.epsilon
        )
        return w

    def __repr__(self) -> str:
        return (
            f"Adam(learning_rate={self.learning_rate:g}, beta1={self.beta1:g}, "
            f"beta2={self.beta2:g})"
        )
