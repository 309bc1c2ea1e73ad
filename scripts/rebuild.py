"""How long the authoring loop takes: a rebuild after editing one page, per engine.

Usage: python scripts/rebuild.py [--edits N] [--page softmax.md]

For each way of serving the site, in a copy of the project (the sources here
are never touched):

- ``mkdocs serve``: MkDocs rebuilds the whole site on every change;
- ``mkdocs serve --dirty``: MkDocs renders only the pages whose source changed;
- ``zensical serve``: Zensical renders the changed page again from its cache.

it starts the server, waits for the first build, then edits one page ``N``
times (a new sentence at its end each time) and measures, from each save, the
wall-clock time until the server serves the page with that sentence. Then it
edits the package's code once (a word in a module's docstring) and measures
the same way until that module's API page shows it, or records that it did
not within a time limit. The results go to ``benchmarks/rebuild.json``, which
the Performance page renders.
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
from importlib.metadata import version
from pathlib import Path

from project_copy import ROOT, copy_project

OUT = ROOT / "benchmarks" / "rebuild.json"

ENGINES = {
    "mkdocs serve": ["-m", "mkdocs", "serve"],
    "mkdocs serve --dirty": ["-m", "mkdocs", "serve", "--dirty"],
    "zensical serve": ["-m", "zensical", "serve"],
}
FIRST_BUILD_TIMEOUT = 300.0
REBUILD_TIMEOUT = 120.0
PACKAGE_TIMEOUT = 90.0
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


def _start(engine: str, tree: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, *ENGINES[engine], "-a", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        command, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _time_edit(source: Path, text: str, url: str, marker: str, timeout: float, proc) -> float:
    """Write ``text`` to ``source``; seconds until ``url`` shows ``marker``."""
    time.sleep(2.0)  # let the watcher settle
    start = time.monotonic()
    source.write_text(text, encoding="utf-8")
    _wait_for(url, marker, timeout, proc)
    return time.monotonic() - start


def measure(engine: str, tree: Path, page: str, edits: int) -> dict:
    """Seconds from each save until the server serves the change.

    First ``edits`` saves of ``docs/<page>``, each with a new sentence at its end;
    then one save of the package's code, a word added to the docstring of
    ``deepnotes.activations``, watched on its API page (``None`` when that page
    still shows the old docstring after ``PACKAGE_TIMEOUT`` seconds).
    """
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    source, module = tree / "docs" / page, tree / "src" / "deepnotes" / "activations.py"
    originals = {path: path.read_text(encoding="utf-8") for path in (source, module)}
    proc = _start(engine, tree, port)
    try:
        url = f"{base}/{Path(page).stem}/"
        _wait_for(url, "</html>", FIRST_BUILD_TIMEOUT, proc)
        page_seconds = []
        for n in range(1, edits + 1):
            text = f"{originals[source]}\nEdit number {n}.\n"
            page_seconds.append(
                _time_edit(source, text, url, f"Edit number {n}.", REBUILD_TIMEOUT, proc)
            )
        text = originals[module].replace('r"""', 'r"""Edited. ', 1)
        try:
            package = _time_edit(
                module, text, f"{base}/reference/activations/", "Edited. ", PACKAGE_TIMEOUT, proc
            )
        except TimeoutError:
            package = None
        return {"page_seconds": page_seconds, "package_seconds": package}
    finally:
        for path, original in originals.items():
            path.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--page", default="softmax.md", help="the page to edit, under docs/")
    args = parser.parse_args()
    record: dict = {
        "page": args.page,
        "edits": args.edits,
        "package_timeout_seconds": PACKAGE_TIMEOUT,
        "versions": {name: version(name) for name in ("mkdocs", "zensical")},
        "engines": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        tree = copy_project(Path(tmp) / "project")
        for engine in ENGINES:
            shutil.rmtree(tree / "site", ignore_errors=True)
            found = measure(engine, tree, args.page, args.edits)
            seconds, package = found["page_seconds"], found["package_seconds"]
            record["engines"][engine] = {
                "median_seconds": round(statistics.median(seconds), 2),
                "seconds": [round(s, 2) for s in seconds],
                "package_seconds": None if package is None else round(package, 2),
            }
            print(
                f"{engine}: page median {statistics.median(seconds):.2f} s over {seconds}; "
                f"package {package}"
            )
    OUT.write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
