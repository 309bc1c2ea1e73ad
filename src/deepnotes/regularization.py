r"""Regularization: the L2 penalty and inverted dropout.

Both fight high variance. L2 adds $\frac{\lambda}{2m}\sum_l \lVert W^{[l]} \rVert_F^2$
to the cost, which shrinks every weight a little at each step ("weight decay").
Dropout switches off each hidden unit with probability $1 - p$, where $p$ is
``keep_prob``, during training, so that no unit can rely on any single input.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from deepnotes._cases import Case, case_of
from deepnotes._checks import as_matrix, check_generator, check_int, check_interval

__all__ = ["dropout_backward", "dropout_forward", "l2_gradient", "l2_penalty"]


def _check_lambd_m(lambd: object, m: object) -> tuple[float, int]:
    lambd = check_interval(lambd, "lambd", low=0.0, high=np.inf, closed="left")
    return lambd, check_int(m, "m", minimum=1)


def _check_keep_prob(keep_prob: object) -> float:
    return check_interval(keep_prob, "keep_prob", low=0.0, high=1.0, closed="right")


def l2_penalty(params: Mapping[str, np.ndarray], *, lambd: float, m: int) -> float:
    r"""The L2 term added to the cost: only the weights, not the biases.

    $$
    \frac{\lambda}{2m} \sum_{l=1}^{L} \bigl\lVert W^{[l]} \bigr\rVert_F^2,
    \qquad \bigl\lVert W \bigr\rVert_F^2 = \sum_{i,j} W_{ij}^2
    $$

    It is the second term of formula [`l2-cost`][formula-l2-cost].

    Parameters
    ----------
    params : dict of str to ndarray
        The weights ``W1, ..., WL`` (other keys, such as biases, are ignored).
    lambd : float
        $\lambda \ge 0$ (``lambda`` is a Python keyword).
    m : int
        Number of training examples.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.regularization import l2_penalty
    >>> params = {"W1": np.ones((2, 3)), "b1": np.ones((2, 1)), "W2": 2 * np.ones((1, 2))}
    >>> round(l2_penalty(params, lambd=0.5, m=10), 6)  # 0.5 / 20 * (6 + 8)
    0.35
    """
    lambd, m = _check_lambd_m(lambd, m)
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    return _l2_penalty(params, lambd=lambd, m=m)


def _l2_penalty(params: Mapping[str, np.ndarray], *, lambd: float, m: int) -> float:
    """The arithmetic of [`l2_penalty`][], for checked arguments."""
    total = sum(float(np.sum(np.square(W))) for key, W in params.items() if key.startswith("W"))
    return lambd / (2 * m) * total


def l2_gradient(W: np.ndarray, *, lambd: float, m: int) -> np.ndarray:
    r"""Gradient of the L2 term with respect to one weight matrix.

    $$
    \frac{\partial}{\partial W^{[l]}} \frac{\lambda}{2m} \sum_{k} \bigl\lVert W^{[k]}
    \bigr\rVert_F^2 = \frac{\lambda}{m} W^{[l]}
    $$

    This is formula [`l2-gradient`][formula-l2-gradient]; backprop adds it to
    every $dW^{[l]}$.

    Parameters
    ----------
    W : ndarray of shape (n[l], n[l-1])
    lambd : float
        $\lambda \ge 0$.
    m : int
        Number of training examples.

    Returns
    -------
    ndarray of shape (n[l], n[l-1])

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.regularization import l2_gradient
    >>> l2_gradient(np.array([[1.0, -2.0]]), lambd=0.5, m=10)
    array([[ 0.05, -0.1 ]])
    """
    lambd, m = _check_lambd_m(lambd, m)
    return _l2_gradient(as_matrix(W, "W"), lambd=lambd, m=m)


def _l2_gradient(W: np.ndarray, *, lambd: float, m: int) -> np.ndarray:
    """The arithmetic of [`l2_gradient`][], for checked arguments."""
    return (lambd / m) * W


def dropout_forward(
    A: np.ndarray, *, keep_prob: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    r"""Inverted dropout: keep each unit with probability ``keep_prob``, then rescale.

    $$
    D^{[l]}_{ij} \sim \operatorname{Bernoulli}(p), \qquad
    A^{[l]} := \frac{A^{[l]} \odot D^{[l]}}{p}
    $$

    with $p$ = ``keep_prob``. This is formula
    [`dropout-forward`][formula-dropout-forward]. Dividing by $p$ keeps the
    expected value of every activation, $\mathbb{E}[A_{ij} D_{ij} / p] = A_{ij}$,
    so the next layer sees the same scale with and without dropout and nothing
    needs rescaling at test time.

    Parameters
    ----------
    A : ndarray of shape (n[l], m)
        Activations of a hidden layer.
    keep_prob : float
        $p \in (0, 1]$. ``keep_prob=1`` keeps everything.
    rng : numpy.random.Generator
        Draws the mask.

    Returns
    -------
    A_out : ndarray of shape (n[l], m)
    mask : ndarray of bool, shape (n[l], m)
        $D^{[l]}$, for [`dropout_backward`][].

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.regularization import dropout_forward
    >>> rng = np.random.default_rng(0)
    >>> A_out, mask = dropout_forward(np.ones((2, 4)), keep_prob=0.5, rng=rng)
    >>> A_out  # the kept units are scaled by 1 / 0.5
    array([[0., 2., 2., 2.],
           [0., 0., 0., 0.]])
    >>> mask.dtype
    dtype('bool')
    >>> big, _ = dropout_forward(np.ones((1000, 1000)), keep_prob=0.8, rng=rng)
    >>> round(float(big.mean()), 2)  # the mean activation is kept
    1.0
    """
    A = as_matrix(A, "A")
    return _dropout_forward(A, keep_prob=_check_keep_prob(keep_prob), rng=check_generator(rng))


def _dropout_forward(
    A: np.ndarray, *, keep_prob: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The arithmetic of [`dropout_forward`][], for checked arguments."""
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask


def dropout_backward(dA: np.ndarray, mask: np.ndarray, *, keep_prob: float) -> np.ndarray:
    r"""Backward pass of [`dropout_forward`][], with the same mask.

    $$
    dA^{[l]} := \frac{dA^{[l]} \odot D^{[l]}}{p}
    $$

    This is formula [`dropout-backward`][formula-dropout-backward]: a unit that
    was switched off in the forward pass passes no gradient back.

    Parameters
    ----------
    dA : ndarray of shape (n[l], m)
    mask : ndarray of bool, shape (n[l], m)
        The mask that [`dropout_forward`][] returned.
    keep_prob : float
        The same $p$ as in the forward pass.

    Returns
    -------
    ndarray of shape (n[l], m)

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.regularization import dropout_backward
    >>> dropout_backward(np.ones((1, 3)), np.array([[True, False, True]]), keep_prob=0.5)
    array([[2., 0., 2.]])
    """
    dA = as_matrix(dA, "dA")
    mask = np.asarray(mask)
    if mask.shape != dA.shape:
        raise ValueError(f"mask must have the shape of dA, {dA.shape}, got {mask.shape}")
    return _dropout_backward(dA, mask, keep_prob=_check_keep_prob(keep_prob))


def _dropout_backward(dA: np.ndarray, mask: np.ndarray, *, keep_prob: float) -> np.ndarray:
    """The arithmetic of [`dropout_backward`][], for checked arguments."""
    return dA * mask / keep_prob


# ------------------------------------------------------------- gradient checks


@case_of(l2_gradient)
def _l2_case(rng: np.random.Generator) -> Case:
    params = {"W1": rng.normal(size=(4, 3)), "W2": rng.normal(size=(2, 4))}
    return Case(
        inputs=params,
        scalar=lambda p: l2_penalty(p, lambd=0.7, m=5),
        analytic={k: l2_gradient(W, lambd=0.7, m=5) for k, W in params.items()},
    )


@case_of(dropout_backward)
def _dropout_case(rng: np.random.Generator) -> Case:
    A = rng.normal(size=(4, 6))
    _, mask = dropout_forward(A, keep_prob=0.6, rng=rng)  # the mask is then fixed
    dOut = rng.normal(size=A.shape)
    return Case(
        inputs={"A": A},
        scalar=lambda v: float((v["A"] * mask / 0.6 * dOut).sum()),
        analytic={"A": dropout_backward(dOut, mask, keep_prob=0.6)},
    )
