"""Pytest set-up shared by the package's doctests, the pages' doctests and the tests.

The pages' ``pycon`` sessions are collected by pytest's own doctest support
(``--doctest-glob``, in ``pyproject.toml``), exactly as ``python -m doctest``
reads them. Figures are drawn off-screen.
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
