"""How long the authoring loop takes: a rebuild after editing one page, per engine.

Usage: python scripts/rebuild.py [--edits N] [--page softmax.md]

For each way of serving the site, in a copy of the project (the sources here
are never touched):

- ``mkdocs serve``: MkDocs rebuilds the whole site on every change;
- ``mkdocs serve --dirty``: MkDocs renders only the changed page again;
- ``zensical serve``: Zensical renders the changed page again from its cache.

it starts the server, waits for the first build, then edits one page ``N``
times (a new sentence at its end each time) and measures, from each save, the
wall-clock time until the server serves the page with that sentence. The
medians go to ``benchmarks/rebuild.json``, which the Performance page renders.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "rebuild.json"
SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", ".cache", "__pycache__")

ENGINES = {
    "mkdocs serve": ["-m", "mkdocs", "serve"],
    "mkdocs serve --dirty": ["-m", "mkdocs", "serve", "--dirty"],
    "zensical serve": ["-m", "zensical", "serve"],
}
FIRST_BUILD_TIMEOUT = 300.0
REBUILD_TIMEOUT = 120.0
POLL = 0.05


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, ValueError):
        return ""


def _wait_for(url: str, text: str, timeout: float, proc: subprocess.Popen) -> None:
    """Poll ``url`` until its page holds ``text``."""
    deadline = time.monotonic() + timeout
    while text not in _served(url):
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped: {proc.stdout.read()}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")
        time.sleep(POLL)


def measure(engine: str, tree: Path, page: str, edits: int) -> list[float]:
    """Seconds from each save of ``docs/<page>`` until the server serves the new page."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{Path(page).stem}/"
    command = [sys.executable, *ENGINES[engine], "-a", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    source = tree / "docs" / page
    original = source.read_text(encoding="utf-8")
    proc = subprocess.Popen(
        command, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        _wait_for(url, "</html>", FIRST_BUILD_TIMEOUT, proc)
        seconds = []
        for n in range(1, edits + 1):
            time.sleep(2.0)  # let the watcher settle
            marker = f"Edit number {n}."
            start = time.monotonic()
            source.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            _wait_for(url, marker, REBUILD_TIMEOUT, proc)
            seconds.append(time.monotonic() - start)
        return seconds
    finally:
        source.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _version(module: str) -> str:
    from importlib.metadata import version

    return version(module)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--page", default="softmax.md", help="the page to edit, under docs/")
    args = parser.parse_args()
    record: dict = {
        "page": args.page,
        "edits": args.edits,
        "versions": {name: _version(name) for name in ("mkdocs", "zensical")},
        "engines": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "project"
        shutil.copytree(ROOT, tree, ignore=SKIP)
        for engine in ENGINES:
            shutil.rmtree(tree / "site", ignore_errors=True)
            seconds = measure(engine, tree, args.page, args.edits)
            record["engines"][engine] = {
                "median_seconds": round(statistics.median(seconds), 2),
                "seconds": [round(s, 2) for s in seconds],
            }
            print(f"{engine}: median {statistics.median(seconds):.2f} s over {seconds}")
    OUT.write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
