r"""Gradient checking: compare backprop with a two-sided finite difference.

The parameters dict is flattened into one vector $\theta$, each component is
nudged by $\pm\varepsilon$, and the resulting slopes are compared with the
gradient that backprop computed.

[`gradient_check`][] does this for a whole network;
[`deepnotes.backward_checks`][] does it for every backward function of the
package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from deepnotes import network
from deepnotes._checks import as_matrix, check_interval, check_same_shape

__all__ = [
    "PASS_THRESHOLD",
    "gradient_check",
    "gradient_check_by_parameter",
    "numerical_gradient",
    "params_to_vector",
    "relative_difference",
    "vector_to_params",
]

PASS_THRESHOLD = 1e-7
r"""A relative difference below this passes (float64, $\varepsilon = 10^{-7}$)."""


def params_to_vector(params: Mapping[str, np.ndarray]) -> np.ndarray:
    r"""Flatten a parameters dict into one vector, in the dict's key order.

    Parameters
    ----------
    params : dict of str to ndarray
        For example ``{"W1": ..., "b1": ..., "W2": ..., "b2": ...}``.

    Returns
    -------
    theta : ndarray of shape (n_params,)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.gradcheck import params_to_vector
    >>> p = {"W1": np.arange(6.0).reshape(3, 2), "b1": np.zeros((3, 1))}
    >>> params_to_vector(p).shape
    (9,)
    """
    if not isinstance(params, Mapping) or not params:
        raise TypeError(f"params must be a non-empty dict of arrays, got {params!r:.60}")
    return np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in params.values()])


def vector_to_params(theta: np.ndarray, like: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    r"""Inverse of [`params_to_vector`][]: cut ``theta`` into arrays shaped as ``like``.

    Parameters
    ----------
    theta : ndarray of shape (n_params,)
        The flat vector.
    like : dict of str to ndarray
        Gives the keys, their order and the shapes.

    Returns
    -------
    dict of str to ndarray
        New arrays; ``theta`` is not aliased.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.gradcheck import params_to_vector, vector_to_params
    >>> p = {"W1": np.arange(6.0).reshape(3, 2), "b1": np.ones((3, 1))}
    >>> q = vector_to_params(params_to_vector(p), p)
    >>> all(np.array_equal(p[k], q[k]) for k in p)
    True
    """
    theta = as_matrix(theta, "theta", ndim=1, finite=True)
    sizes = [int(np.size(v)) for v in like.values()]
    if theta.size != sum(sizes):
        raise ValueError(
            f"theta must have {sum(sizes)} entries to fill {list(like)}, got {theta.size}"
        )
    out: dict[str, np.ndarray] = {}
    start = 0
    for (key, value), size in zip(like.items(), sizes, strict=True):
        out[key] = theta[start : start + size].reshape(np.shape(value)).copy()
        start += size
    return out


def numerical_gradient(
    f: Callable[[np.ndarray], float], theta: np.ndarray, *, epsilon: float = 1e-7
) -> np.ndarray:
    r"""Two-sided finite-difference gradient of a scalar function of a vector.

    $$
    \frac{\partial J}{\partial \theta_i} \approx
    \frac{J(\theta + \varepsilon e_i) - J(\theta - \varepsilon e_i)}{2\varepsilon}
    $$

    This is formula [`grad-two-sided`][formula-grad-two-sided]. Its error is
    $O(\varepsilon^2)$, against $O(\varepsilon)$ for the one-sided difference.

    Parameters
    ----------
    f : callable
        Maps a vector of shape ``(n,)`` to a float.
    theta : ndarray of shape (n,)
        Where to differentiate. It is not modified.
    epsilon : float
        Step size, $> 0$.

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.gradcheck import numerical_gradient
    >>> g = numerical_gradient(lambda t: float((t**3).sum()), np.array([1.0, 2.0]))
    >>> g.round(6)
    array([ 3., 12.])
    """
    theta = as_matrix(theta, "theta", ndim=1, finite=True)
    epsilon = check_interval(epsilon, "epsilon", low=0.0, high=1.0, closed="right")
    grad = np.empty_like(theta)
    probe = theta.copy()
    for i in range(theta.size):
        probe[i] = theta[i] + epsilon
        plus = float(f(probe))
        probe[i] = theta[i] - epsilon
        minus = float(f(probe))
        probe[i] = theta[i]
        grad[i] = (plus - minus) / (2.0 * epsilon)
    return grad


def relative_difference(grad: np.ndarray, grad_approx: np.ndarray) -> float:
    r"""Relative difference between two gradients.

    $$
    \text{difference} =
    \frac{\lVert g - \tilde g \rVert_2}{\lVert g \rVert_2 + \lVert \tilde g \rVert_2}
    $$

    This is formula
    [`grad-relative-difference`][formula-grad-relative-difference]. Below
    about $10^{-7}$ backprop is right; around $10^{-5}$ look closer; near
    $10^{-3}$ or above there is a bug. Two zero vectors give $0$.

    Parameters
    ----------
    grad : ndarray of shape (n,)
        Gradient from backprop.
    grad_approx : ndarray of shape (n,)
        Gradient from [`numerical_gradient`][].

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.gradcheck import relative_difference
    >>> relative_difference(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    >>> round(relative_difference(np.array([1.0, 0.0]), np.array([0.0, 1.0])), 4)
    0.7071
    """
    grad = as_matrix(grad, "grad", ndim=1)
    grad_approx = as_matrix(grad_approx, "grad_approx", ndim=1)
    check_same_shape(grad, grad_approx, ("grad", "grad_approx"))
    denominator = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(grad - grad_approx) / denominator)


# ------------------------------------------------------- checking the network

Params = dict[str, np.ndarray]


def gradient_check(
    params: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    *,
    lambd: float = 0.0,
    epsilon: float = 1e-7,
    backward: Callable[..., Params] | None = None,
) -> float:
    r"""Relative difference between backprop and the two-sided difference, for a network.

    The cost is the full cost, with the L2 term when ``lambd > 0``; dropout is
    off (it makes the cost random, so the two sides would not see the same
    function).

    Parameters
    ----------
    params : dict of str to ndarray
        The network's parameters.
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n[L], m)
    lambd : float
        L2 strength, included in the cost and in backprop.
    epsilon : float
        Step of the two-sided difference.
    backward : callable, optional
        The backward pass to check, with the signature of
        [`deepnotes.network.backward`][]; by default that function itself.

    Returns
    -------
    float
        The relative difference over all parameters together.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import he
    >>> from deepnotes.gradcheck import PASS_THRESHOLD, gradient_check
    >>> rng = np.random.default_rng(0)
    >>> params = he([3, 5, 1], rng=rng)
    >>> X, Y = rng.normal(size=(3, 8)), (rng.random((1, 8)) < 0.5).astype(float)
    >>> gradient_check(params, X, Y, lambd=0.7) < PASS_THRESHOLD
    True
    """
    analytic, numeric = _checked_network_gradients(params, X, Y, lambd, epsilon, backward)
    return relative_difference(params_to_vector(analytic), params_to_vector(numeric))


def gradient_check_by_parameter(
    params: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    *,
    lambd: float = 0.0,
    epsilon: float = 1e-7,
    backward: Callable[..., Params] | None = None,
) -> dict[str, float]:
    """[`gradient_check`][] for each parameter on its own: where a bug lives.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import he
    >>> from deepnotes.gradcheck import gradient_check_by_parameter
    >>> rng = np.random.default_rng(0)
    >>> params = he([3, 5, 1], rng=rng)
    >>> X, Y = rng.normal(size=(3, 8)), (rng.random((1, 8)) < 0.5).astype(float)
    >>> sorted(gradient_check_by_parameter(params, X, Y))
    ['W1', 'W2', 'b1', 'b2']
    """
    analytic, numeric = _checked_network_gradients(params, X, Y, lambd, epsilon, backward)
    return {key: relative_difference(analytic[key].ravel(), numeric[key].ravel()) for key in params}


def _checked_network_gradients(
    params: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    lambd: float,
    epsilon: float,
    backward: Callable[..., Params] | None,
) -> tuple[Params, Params]:
    """Backprop's gradients and the two-sided ones, for each parameter."""
    lambd = check_interval(lambd, "lambd", low=0.0, high=np.inf, closed="left")
    epsilon = check_interval(epsilon, "epsilon", low=0.0, high=1.0, closed="right")
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    params = {k: as_matrix(v, f"params[{k!r}]") for k, v in params.items()}
    grads = (backward or network.backward)(network.forward(params, X), Y, params, lambd=lambd)
    analytic = {key: np.asarray(grads[f"d{key}"], dtype=np.float64) for key in params}

    def cost(theta: np.ndarray) -> float:
        p = vector_to_params(theta, params)
        return network.cost(network.forward(p, X), Y, params=p, lambd=lambd)

    theta = params_to_vector(params)
    numeric = vector_to_params(numerical_gradient(cost, theta, epsilon=epsilon), params)
    return analytic, numeric
