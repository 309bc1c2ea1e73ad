"""Improving Deep Neural Networks: executable notes.

Small NumPy implementations of the course's formulas, one module per idea:
:mod:`~deepnotes.activations`, :mod:`~deepnotes.losses`,
:mod:`~deepnotes.initializers`, :mod:`~deepnotes.network`,
:mod:`~deepnotes.gradcheck`, :mod:`~deepnotes.optimizers`,
:mod:`~deepnotes.minibatches`, :mod:`~deepnotes.training`,
:mod:`~deepnotes.preprocessing`, :mod:`~deepnotes.datasets`,
:mod:`~deepnotes.depth` and :mod:`~deepnotes.plotting`.

Conventions: examples are columns (``X`` has shape ``(n_x, m)``), everything is
float64, and randomness always comes from an explicit ``numpy.random.Generator``.
"""

__version__ = "0.1.0"
