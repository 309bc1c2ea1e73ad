"""Improving Deep Neural Networks: executable notes.

Small NumPy implementations of the course's formulas, one module per idea; the
API reference lists them all, from ``activations`` to ``autodiff``.

Conventions: examples are columns (``X`` has shape ``(n_x, m)``), everything is
float64, and randomness always comes from an explicit ``numpy.random.Generator``.
"""

__version__ = "0.1.0"
