"""Markdown extension: the same sources give the same bytes, and quickly.

- The numerical libraries run on one thread during the build. A fixed thread
  count keeps floating-point sums in a fixed order, and the experiments'
  matrices are small, where BLAS threads cost more than they save (on this
  project's 2-core machine a 100x100 by 100x500 product took 0.95 ms on two
  threads and 0.27 ms on one). The variables must be set before NumPy is first
  imported: this module sets them when it is imported, which is why it comes
  first under ``markdown_extensions``; a variable you set yourself wins.
- Figures are drawn with matplotlib's off-screen Agg backend, and
  ``deepnotes.plotting.show`` prints them as inline SVG (``DEEPNOTES_FIGURES=html``);
  the same code run by a reader shows them in a notebook, a window or a file.
- ``SOURCE_DATE_EPOCH``, which MkDocs uses for the sitemap's dates, is set to
  the time of the last commit when it is not set already, so that two builds of
  one commit are byte-identical, sitemap included.
- Before each page, the objects of the pages already built are frozen out of
  the garbage collector's scans (``gc.freeze``): they live until the end of the
  build anyway, and rescanning them slowed the later pages' experiments by
  about a tenth.
"""

from __future__ import annotations

import gc
import os
import subprocess

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__all__ = ["ReproducibleExtension", "commit_time", "makeExtension"]


def commit_time() -> str | None:
    """Seconds since the epoch of the last commit of the repository here, if any."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


class _FreezeBuiltPages(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        # Everything built so far stays alive until the end of the build; moving it out of
        # the garbage collector's reach keeps each full collection, which the experiments'
        # many small arrays trigger, from rescanning all the pages already rendered.
        gc.freeze()
        return lines


class ReproducibleExtension(Extension):
    """Set up the build's environment once, and freeze built pages before each page."""

    def extendMarkdown(self, md: Markdown) -> None:
        if os.environ.get("DEEPNOTES_FIGURES") != "html":
            import matplotlib  # imports NumPy, so only now that the thread counts are set

            matplotlib.use("Agg")
            os.environ["DEEPNOTES_FIGURES"] = "html"
        if "SOURCE_DATE_EPOCH" not in os.environ:
            os.environ["SOURCE_DATE_EPOCH"] = commit_time() or "0"
        md.preprocessors.register(_FreezeBuiltPages(md), "deepnotes-freeze-built-pages", 40)


def makeExtension(**kwargs: object) -> ReproducibleExtension:
    return ReproducibleExtension(**kwargs)
