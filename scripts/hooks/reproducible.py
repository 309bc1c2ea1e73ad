"""MkDocs hook: the same sources give the same bytes, and quickly.

- The numerical libraries run on one thread during the build. A fixed thread
  count keeps floating-point sums in a fixed order, and the experiments'
  matrices are small, where BLAS threads cost more than they save (on this
  project's 2-core machine a 100x100 by 100x500 product took 0.95 ms on two
  threads and 0.27 ms on one). The variables must be set before NumPy is first
  imported, which is why this hook comes first in ``mkdocs.yml``; a variable
  you set yourself wins.
- Before each page, the objects of the pages already built are frozen out of
  the garbage collector's scans (``gc.freeze``): they live until the end of the
  build anyway, and rescanning them slowed the later pages' experiments by
  about a tenth.
- Figures are drawn with matplotlib's off-screen Agg backend, and
  ``deepnotes.plotting.show`` prints them as inline SVG (``DEEPNOTES_FIGURES=html``);
  the same code run by a reader shows them in a notebook, a window or a file.
- ``SOURCE_DATE_EPOCH``, which MkDocs uses for the sitemap's dates, is set to
  the time of the last commit when it is not set already, so that two builds of
  one commit are byte-identical, sitemap included.
"""

from __future__ import annotations

import gc
import os
import subprocess
from pathlib import Path
from typing import Any

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import matplotlib  # noqa: E402  (it imports NumPy, so only after the thread counts)

# The pages' figures: drawn off-screen, and printed by deepnotes.plotting.show as inline SVG.
os.environ["DEEPNOTES_FIGURES"] = "html"
matplotlib.use("Agg")


def _commit_time(root: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    # Everything built so far stays alive until the end of the build; moving it out of
    # the garbage collector's reach keeps each full collection, which the experiments'
    # many small arrays trigger, from rescanning all the pages already rendered.
    gc.freeze()
    return markdown


def on_config(config: Any) -> Any:
    if "SOURCE_DATE_EPOCH" not in os.environ:
        root = Path(config.config_file_path).parent
        os.environ["SOURCE_DATE_EPOCH"] = _commit_time(root) or "0"
    return config
