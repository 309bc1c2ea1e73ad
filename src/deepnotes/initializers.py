r"""Weight initialization for an L-layer network.

Each initializer takes ``layer_dims = [n0, n1, ..., nL]`` and returns the
parameters dict ``{"W1": (n1, n0), "b1": (n1, 1), ...}``. Biases start at zero;
only the weights need to break the symmetry between units.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from deepnotes._checks import check_generator, check_int, check_interval, check_layer_dims

__all__ = ["GAINS", "he", "random_normal", "weight_std", "xavier", "zeros"]

GAINS: dict[str, float] = {"relu": 2.0, "tanh": 1.0, "linear": 1.0}
"""Variance gain $g$ of [`weight_std`][] for each activation."""


def weight_std(fan_in: int, *, activation: str) -> float:
    r"""Standard deviation that keeps the variance of $z$ constant across layers.

    For $z = \sum_{j=1}^{n} w_j x_j$ with weights of mean zero, independent of
    each other and of the inputs,
    $\operatorname{Var}(z) = n \operatorname{Var}(w)\, \mathbb{E}\bigl[x^2\bigr]$:
    the second moment of the inputs, not their variance, since a ReLU's outputs
    do not have mean zero. Choosing

    $$
    \operatorname{Var}\bigl(W^{[l]}_{ij}\bigr) = \frac{g}{n^{[l-1]}}
    $$

    keeps the scale of the signal from layer to layer: $g = 1$ for tanh and
    linear units (whose outputs have mean about zero, so that
    $\mathbb{E}[x^2] \approx \operatorname{Var}(x)$), $g = 2$ for ReLU, which
    zeroes half of a symmetric input, so that $\mathbb{E}[x^2]$ is half the
    variance of the $z$ before it. This is
    formula [`init-variance`][formula-init-variance].

    Parameters
    ----------
    fan_in : int
        $n^{[l-1]}$, the number of inputs of each unit.
    activation : str
        The activation that follows the layer: ``"relu"``, ``"tanh"`` or
        ``"linear"``.

    Returns
    -------
    float
        $\sqrt{g / n^{[l-1]}}$.

    Examples
    --------
    >>> from deepnotes.initializers import weight_std
    >>> round(weight_std(100, activation="relu"), 4)
    0.1414
    >>> round(weight_std(100, activation="tanh"), 4)
    0.1
    """
    fan_in = check_int(fan_in, "fan_in", minimum=1)
    if activation not in GAINS:
        raise ValueError(f"activation must be one of {sorted(GAINS)}, got {activation!r}")
    return float(np.sqrt(GAINS[activation] / fan_in))


def _gaussian(
    layer_dims: Sequence[int], rng: np.random.Generator, std_of_fan_in
) -> dict[str, np.ndarray]:
    dims = check_layer_dims(layer_dims)
    check_generator(rng)
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * std_of_fan_in(dims[l - 1])
        params[f"b{l}"] = np.zeros((dims[l], 1))
    return params


def zeros(layer_dims: Sequence[int]) -> dict[str, np.ndarray]:
    r"""All weights and biases zero: the symmetry is never broken.

    Every unit of a layer computes the same function and receives the same
    gradient, so after any number of steps the units of a layer stay identical
    and the network is no more expressive than one unit per layer.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n0, n1, ..., nL]``.

    Returns
    -------
    dict of str to ndarray

    Examples
    --------
    >>> from deepnotes.initializers import zeros
    >>> p = zeros([2, 3, 1])
    >>> {k: v.shape for k, v in p.items()}
    {'W1': (3, 2), 'b1': (3, 1), 'W2': (1, 3), 'b2': (1, 1)}
    >>> float(abs(p["W1"]).sum())
    0.0
    """
    dims = check_layer_dims(layer_dims)
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = np.zeros((dims[l], dims[l - 1]))
        params[f"b{l}"] = np.zeros((dims[l], 1))
    return params


def random_normal(
    layer_dims: Sequence[int], *, scale: float = 10.0, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    r"""Standard normal weights times a fixed ``scale``, whatever the layer width.

    $$
    W^{[l]} = \text{scale} \cdot \mathcal{N}(0, 1)
    $$

    The course's "large random" initialization uses ``scale=10``: the first
    pre-activations are huge, the sigmoid output saturates at 0 or 1, and the
    first cost is very large.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n0, n1, ..., nL]``.
    scale : float
        Standard deviation of every weight, $> 0$.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    dict of str to ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import random_normal
    >>> p = random_normal([1000, 500, 1], rng=np.random.default_rng(0))
    >>> round(float(p["W1"].std()), 1)
    10.0
    """
    scale = check_interval(scale, "scale", low=0.0, high=np.inf, closed="neither")
    return _gaussian(layer_dims, rng, lambda fan_in: scale)


def he(layer_dims: Sequence[int], *, rng: np.random.Generator) -> dict[str, np.ndarray]:
    r"""He initialization, for ReLU layers.

    $$
    W^{[l]} \sim \mathcal{N}\!\left(0,\ \frac{2}{n^{[l-1]}}\right)
    $$

    This is formula [`init-he`][formula-init-he]: the variance
    of [`init-variance`][formula-init-variance] with gain $g = 2$.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n0, n1, ..., nL]``.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    dict of str to ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import he
    >>> p = he([400, 2000, 1], rng=np.random.default_rng(0))
    >>> round(float(p["W1"].var() * 400), 2)
    2.0
    """
    return _gaussian(layer_dims, rng, lambda fan_in: weight_std(fan_in, activation="relu"))


def xavier(layer_dims: Sequence[int], *, rng: np.random.Generator) -> dict[str, np.ndarray]:
    r"""Xavier initialization as the course states it, for tanh layers.

    $$
    W^{[l]} \sim \mathcal{N}\!\left(0,\ \frac{1}{n^{[l-1]}}\right)
    $$

    This is formula [`init-xavier`][formula-init-xavier]: gain $g = 1$. Glorot
    and Bengio's original uses $\frac{2}{n^{[l-1]} + n^{[l]}}$, which PyTorch's
    ``xavier_normal_`` implements.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n0, n1, ..., nL]``.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    dict of str to ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.initializers import xavier
    >>> p = xavier([400, 2000, 1], rng=np.random.default_rng(0))
    >>> round(float(p["W1"].var() * 400), 2)
    1.0
    """
    return _gaussian(layer_dims, rng, lambda fan_in: weight_std(fan_in, activation="tanh"))
