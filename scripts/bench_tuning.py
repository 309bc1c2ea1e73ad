"""Time the chapter-6 search serially and on process pools; write benchmarks/tuning.json.

Usage: python scripts/bench_tuning.py [--repeats N]

The search is the one the page runs: its first code block is executed here to
define ``objective`` and ``space``, so the two cannot drift apart. The build
never runs this script (timings would make two builds differ); the page renders
the file it writes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from deepnotes_docs.page_code import blocks

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "tuning.md"
OUT = ROOT / "benchmarks" / "tuning.json"
TRIALS = 10


def page_objective() -> tuple[object, dict]:
    """``objective`` and ``space`` as the page defines them (its first 'search' block)."""
    block = next(b for b in blocks(PAGE) if b.session == "search")
    setup = block.code.split("rounds = coarse_to_fine")[0]  # stop before the search itself
    namespace: dict = {}
    exec(setup, namespace)
    return namespace["objective"], namespace["space"]


def main() -> None:
    from deepnotes.tuning import random_search

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    objective, space = page_objective()

    def search(executor=None):
        return random_search(
            objective, space, n_trials=TRIALS, rng=np.random.default_rng(2), executor=executor
        )

    reference = search()
    timings: dict[str, list[float]] = {
        "serial": [],
        "process pool, 1 worker": [],
        "process pool, 2 workers": [],
    }
    for _ in range(args.repeats):
        for name in timings:
            workers = None if name == "serial" else int(name.split(", ")[1].split()[0])
            start = time.perf_counter()
            if workers is None:
                trials = search()
            else:
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    trials = search(pool)
            timings[name].append(time.perf_counter() - start)
            if trials != reference:
                raise SystemExit(f"{name} returned different trials than the serial run")
    serial = statistics.median(timings["serial"])
    results = [
        {
            "executor": name,
            "median_seconds": statistics.median(times),
            "min_seconds": min(times),
            "max_seconds": max(times),
            "speedup": serial / statistics.median(times),
        }
        for name, times in timings.items()
    ]
    record = {
        "machine": f"{platform.machine()} {platform.processor() or platform.system()}".strip(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "trials": TRIALS,
        "repeats": args.repeats,
        "results": results,
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(record, indent=2) + "\n")
    for row in results:
        print(f"{row['executor']:<26} {row['median_seconds']:.3f} s  x{row['speedup']:.2f}")


if __name__ == "__main__":
    main()
