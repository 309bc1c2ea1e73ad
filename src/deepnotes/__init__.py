"""Improving Deep Neural Networks: executable notes.

Small NumPy implementations of the course's formulas, one module per idea:
[`activations`][deepnotes.activations], [`losses`][deepnotes.losses],
[`initializers`][deepnotes.initializers], [`network`][deepnotes.network],
[`gradcheck`][deepnotes.gradcheck], [`optimizers`][deepnotes.optimizers],
[`minibatches`][deepnotes.minibatches], [`training`][deepnotes.training],
[`preprocessing`][deepnotes.preprocessing], [`datasets`][deepnotes.datasets],
[`depth`][deepnotes.depth] and [`plotting`][deepnotes.plotting].

Conventions: examples are columns (``X`` has shape ``(n_x, m)``), everything is
float64, and randomness always comes from an explicit ``numpy.random.Generator``.
"""

__version__ = "0.1.0"
