r"""Mini-batches: shuffle the examples, then cut them into consecutive batches."""

from __future__ import annotations

import numpy as np

from deepnotes._checks import as_examples, check_generator, check_int

__all__ = ["random_mini_batches"]


def random_mini_batches(
    X: np.ndarray, Y: np.ndarray, *, batch_size: int = 64, rng: np.random.Generator
) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""Shuffle the columns of ``X`` and ``Y`` together, then partition them.

    With $m$ examples and batch size $b$ there are $\lfloor m / b \rfloor$ full
    batches and, when $b$ does not divide $m$, one last batch of
    $m - b \lfloor m / b \rfloor$ examples:

    $$
    \begin{aligned}
    X^{\{t\}} &= \Bigl[\; x^{(\pi_{(t-1)b+1})}\ \ x^{(\pi_{(t-1)b+2})}
    \ \cdots\ x^{(\pi_{\min(tb,\,m)})} \;\Bigr], \\
    t &= 1, \dots, \left\lceil m / b \right\rceil
    \end{aligned}
    $$

    where $\pi_1, \dots, \pi_m$ is a random permutation of the example
    indices. This is formula
    [`minibatch-partition`][formula-minibatch-partition].

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_y, m)
    batch_size : int
        $b \ge 1$. ``batch_size=1`` is stochastic gradient descent and
        ``batch_size=m`` is batch gradient descent (shuffled).
    rng : numpy.random.Generator
        Source of the permutation.

    Returns
    -------
    list of (ndarray, ndarray)
        The ``(X_t, Y_t)`` pairs, columns aligned.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes.minibatches import random_mini_batches
    >>> X, Y = np.arange(20.0).reshape(2, 10), np.arange(10.0).reshape(1, 10)
    >>> batches = random_mini_batches(X, Y, batch_size=4, rng=np.random.default_rng(0))
    >>> [Xt.shape[1] for Xt, _ in batches]
    [4, 4, 2]
    >>> all(np.array_equal(Xt[0], Yt[0]) for Xt, Yt in batches)
    True
    """
    X, Y = as_examples(X, Y)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    m = X.shape[1]
    order = check_generator(rng).permutation(m)
    X, Y = X[:, order], Y[:, order]
    return [(X[:, k : k + batch_size], Y[:, k : k + batch_size]) for k in range(0, m, batch_size)]
