r"""Exponentially weighted averages, the building block of momentum, RMSprop and Adam.

$v_t$ averages roughly the last $\frac{1}{1 - \beta}$ values of a sequence: the
weight of a value $k$ steps back is $(1 - \beta)\beta^k$, and
$\beta^{1/(1-\beta)} \approx \frac{1}{e}$. Starting from $v_0 = 0$ biases the
first values towards zero; dividing by $1 - \beta^t$ removes that bias.
"""

from __future__ import annotations

import numpy as np

from deepnotes._checks import as_matrix, check_interval

__all__ = ["ewa"]


def ewa(theta: np.ndarray, *, beta: float, bias_correction: bool = False) -> np.ndarray:
    r"""Exponentially weighted average of a 1-D sequence, with optional bias correction.

    $$
    v_0 = 0, \qquad v_t = \beta\, v_{t-1} + (1 - \beta)\, \theta_t
    $$

    This is formula [`ewa`][formula-ewa]. With ``bias_correction=True`` each
    $v_t$ is divided by $1 - \beta^t$, formula
    [`ewa-bias-correction`][formula-ewa-bias-correction]:

    $$
    \hat v_t = \frac{v_t}{1 - \beta^t}
    $$

    so that $\hat v_1 = \theta_1$ and the early averages are not dragged towards
    zero. For large $t$, $\beta^t \to 0$ and the correction fades away.

    Parameters
    ----------
    theta : ndarray of shape (T,)
        The sequence $\theta_1, \dots, \theta_T$.
    beta : float
        $\beta \in [0, 1)$; ``beta=0`` returns the sequence itself.
    bias_correction : bool
        Divide by $1 - \beta^t$.

    Returns
    -------
    ndarray of shape (T,)
        $v_1, \dots, v_T$ (or $\hat v_1, \dots, \hat v_T$).

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.averages import ewa
    >>> ewa(np.array([10.0, 10.0, 10.0]), beta=0.9).round(2)
    array([1.  , 1.9 , 2.71])
    >>> ewa(np.array([10.0, 10.0, 10.0]), beta=0.9, bias_correction=True).round(2)
    array([10., 10., 10.])
    """
    theta = as_matrix(theta, "theta", ndim=1)
    beta = check_interval(beta, "beta", low=0.0, high=1.0, closed="left")
    out = np.empty_like(theta)
    v = 0.0
    for t, value in enumerate(theta):
        v = beta * v + (1.0 - beta) * value
        out[t] = v
    if bias_correction:
        out /= 1.0 - beta ** np.arange(1, theta.size + 1)
    return out
