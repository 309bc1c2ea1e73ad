r"""Batch normalization of a layer's pre-activations $Z^{[l]}$.

During training each unit's $z$ is normalized with the mean and variance of the
current mini-batch (over axis 1, the examples), then scaled and shifted by the
learned $\gamma$ and $\beta$. At test time there is no batch to average over,
so the network uses exponentially weighted averages of the batch statistics
gathered during training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deepnotes._cases import Case, case_of
from deepnotes._checks import as_matrix, check_interval

__all__ = [
    "EPSILON",
    "MOMENTUM",
    "BatchNormCache",
    "batchnorm_backward",
    "batchnorm_forward",
    "batchnorm_inference",
    "running_average",
]

EPSILON = 1e-5
r"""The $\varepsilon$ that [`deepnotes.training.fit`][] uses (PyTorch's default too)."""
MOMENTUM = 0.9
r"""The $\beta$ of the running averages in [`deepnotes.training.fit`][].

PyTorch's ``momentum=0.1`` is the same average: it weighs the new batch by
$1 - \beta$."""


@dataclass(slots=True)
class BatchNormCache:
    """What [`batchnorm_backward`][] needs, and the batch statistics for the running averages."""

    Z_norm: np.ndarray
    """Normalized pre-activations, shape ``(n, m)``."""
    gamma: np.ndarray
    """Scale, shape ``(n, 1)``."""
    inv_std: np.ndarray
    r"""$1 / \sqrt{\sigma^2 + \varepsilon}$, shape ``(n, 1)``."""
    mu: np.ndarray
    """Batch mean, shape ``(n, 1)``."""
    var: np.ndarray
    """Batch variance (biased), shape ``(n, 1)``."""


def _check(Z: object, gamma: object, beta: object, epsilon: object):
    Z = as_matrix(Z, "Z")
    gamma = as_matrix(gamma, "gamma")
    beta = as_matrix(beta, "beta")
    n = Z.shape[0]
    for name, arr in (("gamma", gamma), ("beta", beta)):
        if arr.shape != (n, 1):
            raise ValueError(
                f"{name} must have shape ({n}, 1), one value per unit of Z, got {arr.shape}"
            )
    epsilon = check_interval(epsilon, "epsilon", low=0.0, high=np.inf, closed="neither")
    return Z, gamma, beta, epsilon


def batchnorm_forward(
    Z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, *, epsilon: float
) -> tuple[np.ndarray, BatchNormCache]:
    r"""Normalize each unit over the mini-batch, then scale and shift it.

    $$
    \mu = \frac{1}{m} \sum_{i} z^{(i)}, \qquad
    \sigma^2 = \frac{1}{m} \sum_{i} \bigl(z^{(i)} - \mu\bigr)^2
    $$

    $$
    z^{(i)}_{\text{norm}} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \qquad
    \tilde z^{(i)} = \gamma\, z^{(i)}_{\text{norm}} + \beta
    $$

    These are formulas [`bn-mean`][formula-bn-mean],
    [`bn-variance`][formula-bn-variance], [`bn-normalize`][formula-bn-normalize]
    and [`bn-scale-shift`][formula-bn-scale-shift]. The variance is the biased
    one ($\frac{1}{m}$), and the normalization divides by the standard
    deviation, not the variance.

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        Pre-activations of one layer for a mini-batch of $m$ examples.
    gamma : ndarray of shape (n, 1)
        Learned scale $\gamma$.
    beta : ndarray of shape (n, 1)
        Learned shift $\beta$ (not the momentum's $\beta$).
    epsilon : float
        $\varepsilon > 0$, which keeps the division finite.

    Returns
    -------
    Z_tilde : ndarray of shape (n, m)
    cache : BatchNormCache

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.batchnorm import batchnorm_forward
    >>> Z = np.array([[1.0, 2.0, 3.0, 6.0], [10.0, 10.0, 10.0, 10.0]])
    >>> Z_tilde, cache = batchnorm_forward(Z, np.ones((2, 1)), np.zeros((2, 1)), epsilon=1e-8)
    >>> Z_tilde.round(3)  # a constant unit becomes all zeros, not NaN
    array([[-1.069, -0.535,  0.   ,  1.604],
           [ 0.   ,  0.   ,  0.   ,  0.   ]])
    >>> cache.mu.ravel().tolist(), cache.var.ravel().tolist()
    ([3.0, 10.0], [3.5, 0.0])
    """
    Z, gamma, beta, epsilon = _check(Z, gamma, beta, epsilon)
    return _batchnorm_forward(Z, gamma, beta, epsilon=epsilon)


def _batchnorm_forward(
    Z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, *, epsilon: float
) -> tuple[np.ndarray, BatchNormCache]:
    """The arithmetic of [`batchnorm_forward`][], for checked arguments."""
    m = Z.shape[1]
    mu = Z.sum(axis=1, keepdims=True) / m
    Z_norm = Z - mu  # centred; normalized in place below (a new array: Z is untouched)
    var = np.einsum("ij,ij->i", Z_norm, Z_norm)[:, None] / m  # sum of squares, no temporary
    inv_std = 1.0 / np.sqrt(var + epsilon)
    Z_norm *= inv_std
    Z_tilde = Z_norm * gamma
    Z_tilde += beta
    return Z_tilde, BatchNormCache(Z_norm, gamma, inv_std, mu, var)


def batchnorm_backward(
    dZ_tilde: np.ndarray, cache: BatchNormCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Backward pass of [`batchnorm_forward`][], vectorized over the batch.

    $$
    d\beta = \sum_{i} d\tilde z^{(i)}, \qquad
    d\gamma = \sum_{i} d\tilde z^{(i)}\, z^{(i)}_{\text{norm}}
    $$

    $$
    \begin{aligned}
    dz^{(i)} = \frac{\gamma}{m\sqrt{\sigma^2 + \varepsilon}}
    \Bigl( m\, d\tilde z^{(i)} &- \sum_{j} d\tilde z^{(j)} \\
    &- z^{(i)}_{\text{norm}} \sum_{j} d\tilde z^{(j)} z^{(j)}_{\text{norm}} \Bigr)
    \end{aligned}
    $$

    This is formula [`bn-backward`][formula-bn-backward]. The two sums are
    there because every $z^{(i)}$ also moves $\mu$ and $\sigma^2$, and through
    them every normalized value of the batch.

    Parameters
    ----------
    dZ_tilde : ndarray of shape (n, m)
        Gradient with respect to the output $\tilde Z$.
    cache : BatchNormCache
        From [`batchnorm_forward`][].

    Returns
    -------
    dZ : ndarray of shape (n, m)
    dgamma : ndarray of shape (n, 1)
    dbeta : ndarray of shape (n, 1)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.batchnorm import batchnorm_backward, batchnorm_forward
    >>> Z = np.random.default_rng(0).normal(size=(3, 8))
    >>> _, cache = batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)), epsilon=1e-5)
    >>> dZ, dgamma, dbeta = batchnorm_backward(np.ones((3, 8)), cache)
    >>> bool(np.abs(dZ).max() < 1e-12)  # shifting every output equally changes nothing upstream
    True
    >>> dbeta.ravel().tolist()
    [8.0, 8.0, 8.0]
    """
    dZ_tilde = as_matrix(dZ_tilde, "dZ_tilde")
    if dZ_tilde.shape != cache.Z_norm.shape:
        raise ValueError(
            f"dZ_tilde must have the shape of the forward pass, {cache.Z_norm.shape}, "
            f"got {dZ_tilde.shape}"
        )
    return _batchnorm_backward(dZ_tilde, cache)


def _batchnorm_backward(
    dZ_tilde: np.ndarray, cache: BatchNormCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The arithmetic of [`batchnorm_backward`][], for a ``dZ_tilde`` of the cache's shape."""
    m = dZ_tilde.shape[1]
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = np.einsum("ij,ij->i", dZ_tilde, cache.Z_norm)[:, None]
    # dZ = gamma inv_std / m (m dZ~ - dbeta - Z_norm dgamma), in one array:
    dZ = cache.Z_norm * (-dgamma / m)
    dZ += dZ_tilde
    dZ -= dbeta / m
    dZ *= cache.gamma * cache.inv_std
    return dZ, dgamma, dbeta


def running_average(running: np.ndarray, batch: np.ndarray, *, beta: float) -> np.ndarray:
    r"""One step of the exponentially weighted average of a batch statistic.

    $$
    \begin{aligned}
    \mu_{\text{run}} &:= \beta\, \mu_{\text{run}} + (1 - \beta)\, \mu^{\{t\}}, \\
    \sigma^2_{\text{run}} &:= \beta\, \sigma^2_{\text{run}} + (1 - \beta)\, \sigma^{2\{t\}}
    \end{aligned}
    $$

    This is formula [`bn-running-average`][formula-bn-running-average]: the
    statistics of mini-batch $t$ enter an average that
    [`batchnorm_inference`][] uses at test time.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.batchnorm import running_average
    >>> running_average(np.zeros((2, 1)), np.array([[1.0], [2.0]]), beta=0.9).ravel().round(2)
    array([0.1, 0.2])
    """
    running = as_matrix(running, "running")
    batch = as_matrix(batch, "batch")
    if running.shape != batch.shape:
        raise ValueError(
            f"running and batch must have the same shape, got {running.shape} and {batch.shape}"
        )
    beta = check_interval(beta, "beta", low=0.0, high=1.0, closed="left")
    return _running_average(running, batch, beta=beta)


def _running_average(running: np.ndarray, batch: np.ndarray, *, beta: float) -> np.ndarray:
    """The arithmetic of [`running_average`][], for checked arguments."""
    return beta * running + (1.0 - beta) * batch


def batchnorm_inference(
    Z: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    *,
    epsilon: float,
) -> np.ndarray:
    r"""Batch norm at test time: the running averages replace the batch statistics.

    $$
    \tilde z = \gamma\,
    \frac{z - \mu_{\text{run}}}{\sqrt{\sigma^2_{\text{run}} + \varepsilon}} + \beta
    $$

    Each example is then normalized the same way whatever else is in its batch,
    even alone.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.batchnorm import batchnorm_inference
    >>> z = batchnorm_inference(np.array([[5.0]]), np.ones((1, 1)), np.zeros((1, 1)),
    ...                         np.array([[3.0]]), np.array([[4.0]]), epsilon=0.0001)
    >>> z.round(4)
    array([[1.]])
    """
    Z, gamma, beta, epsilon = _check(Z, gamma, beta, epsilon)
    for name, arr in (("running_mean", running_mean), ("running_var", running_var)):
        if np.shape(arr) != gamma.shape:
            raise ValueError(f"{name} must have shape {gamma.shape}, got {np.shape(arr)}")
    return _batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon=epsilon)


def _batchnorm_inference(
    Z: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    *,
    epsilon: float,
) -> np.ndarray:
    """The arithmetic of [`batchnorm_inference`][], for checked arguments."""
    return gamma * (Z - running_mean) / np.sqrt(running_var + epsilon) + beta


# ------------------------------------------------------------- gradient checks


@case_of(batchnorm_backward)
def _batchnorm_case(rng: np.random.Generator) -> Case:
    Z = rng.normal(size=(4, 6)) * 2.0 + 1.0
    gamma, beta = rng.normal(size=(4, 1)), rng.normal(size=(4, 1))
    dOut = rng.normal(size=Z.shape)
    _, cache = batchnorm_forward(Z, gamma, beta, epsilon=1e-5)
    dZ, dgamma, dbeta = batchnorm_backward(dOut, cache)
    return Case(
        inputs={"Z": Z, "gamma": gamma, "beta": beta},
        scalar=lambda v: float(
            (batchnorm_forward(v["Z"], v["gamma"], v["beta"], epsilon=1e-5)[0] * dOut).sum()
        ),
        analytic={"Z": dZ, "gamma": dgamma, "beta": dbeta},
    )
