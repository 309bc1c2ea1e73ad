"""What each explorable figure costs: its build time and the bytes it adds to its page.

Usage: python scripts/bench_explorables.py

For every block of the chapters that shows an explorable (``explorable.show``), it runs
the block's session up to that block as the build does, times the block itself (the
sweep of every frame, and drawing and cutting their paths), and measures the HTML it adds
to the page, raw and gzipped, and how much of that is the frames' data. It writes
``benchmarks/explorables.json``, which the Performance page renders. The build never
runs it, so builds stay reproducible.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

os.environ["DEEPNOTES_FIGURES"] = "html"
os.environ.setdefault("MPLBACKEND", "Agg")

from deepnotes_docs import page_code

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "explorables.json"
DATA = re.compile(r'<script type="application/json" class="dn-explorable__frames">(.*?)</script>')


def gzipped(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6, mtime=0))


def measure(page: Path) -> list[dict]:
    """Each explorable of ``page``, run after the blocks of its session that precede it."""
    found = []
    blocks = [b for b in page_code.blocks(page) if b.executed]
    sessions: dict[str | None, dict] = {}
    for block in blocks:
        namespace = sessions.setdefault(block.session, {}) if block.session else {}
        output = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(output):
            exec(compile(block.code, block.name, "exec"), namespace)
        seconds = time.perf_counter() - start
        html = output.getvalue()
        name = re.search(r'class="dn-figure dn-explorable" id="fig-([\w-]+)"', html)
        if name is None:
            continue
        frames = json.loads(DATA.search(html)[1])
        found.append(
            {
                "name": name[1],
                "page": page.name,
                "frames": len(frames["frames"]),
                "seconds": round(seconds, 3),
                "bytes": len(html.encode()),
                "gzipped_bytes": gzipped(html),
                "data_gzipped_bytes": gzipped(DATA.search(html)[1]),
            }
        )
    return found


def main() -> None:
    chapters = [ROOT / "docs" / name for name in sorted(os.listdir(ROOT / "docs"))]
    results = [row for page in chapters if page.suffix == ".md" for row in measure(page)]
    OUT.write_text(
        json.dumps(
            {
                "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
                "explorables": results,
            },
            indent=1,
        )
        + "\n"
    )
    for row in results:
        print(row)


if __name__ == "__main__":
    sys.exit(main())
