"""Benchmarks, side by side in one run; results go to benchmarks/results.json.

Usage: python scripts/benchmark.py [--repeats N] [--processes N] [--builds N] [--skip-build]
                                  [--course-only]

1. Site build: clean ``mkdocs build --strict`` runs, with the time each page
   takes to render (``DEEPNOTES_PAGE_TIMINGS``).
2. Course scale: ``training.fit`` on the moons (300 points, layers [2, 20, 7, 1],
   2000 full-batch epochs of gradient descent) against the same model written
   out as a NumPy loop, and in PyTorch eager on the CPU, in several fresh
   processes.
3. Large scale: ``adam_step``, batch norm forward + backward, and dropout
   forward + backward on 4,194,304 float64 elements, against PyTorch, and
   against the memory-bandwidth floor: the bytes each kernel must move divided
   by the measured bandwidth of a large copy.

Everything runs on one thread (NumPy's elementwise operations are
single-threaded; BLAS and PyTorch are limited to one thread to match). The
medians of several repeats are reported, always with ratios, because absolute
times on a shared machine are noisy. The site build never runs this script;
the Performance page renders the file it writes.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results.json"
SHAPE = (2048, 2048)  # 4,194,304 float64 elements, 32 MiB per array


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    run()  # warm-up: allocations, caches, lazy initialization
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import torch

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch.__version__,
        "threads": 1,
    }


def site_build(builds: int) -> dict:
    totals, pages = [], {}
    for _ in range(builds):
        with tempfile.TemporaryDirectory() as tmp:
            timings = Path(tmp) / "timings.json"
            env = dict(os.environ, DEEPNOTES_PAGE_TIMINGS=str(timings), NO_MKDOCS_2_WARNING="1")
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "--strict",
                    "--clean",
                    "-d",
                    str(Path(tmp) / "site"),
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            totals.append(time.perf_counter() - start)
            for page, seconds in json.loads(timings.read_text()).items():
                pages.setdefault(page, []).append(seconds)
    per_page = {page: statistics.median(s) for page, s in pages.items()}
    return {
        "builds": builds,
        "median_seconds": statistics.median(totals),
        "min_seconds": min(totals),
        "max_seconds": max(totals),
        "budget_seconds": 30.0,
        "pages": dict(sorted(per_page.items(), key=lambda kv: -kv[1])),
    }


def course_run(repeats: int) -> dict:
    """One process's measurement of the course-scale loop (run by ``course_scale``)."""
    from deepnotes.datasets import moons
    from deepnotes.optimizers import GradientDescent
    from deepnotes.training import fit, init_params

    X, Y = moons(300, noise=0.2, rng=np.random.default_rng(0))
    epochs, dims, lr = 2000, [2, 20, 7, 1], 0.5

    def ours() -> object:
        return fit(
            X,
            Y,
            layer_dims=dims,
            num_epochs=epochs,
            rng=np.random.default_rng(1),
            optimizer=GradientDescent(learning_rate=lr),
        )

    def by_hand() -> tuple[np.ndarray, dict]:
        """The same model as a hand-written NumPy loop: the floor that fit can reach."""
        p = init_params("he", dims, np.random.default_rng(1))
        W1, b1, W2, b2, W3, b3 = (p[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        m, costs = X.shape[1], np.empty(epochs)
        for epoch in range(epochs):
            Z1 = W1 @ X + b1
            A1 = np.maximum(Z1, 0.0)
            Z2 = W2 @ A1 + b2
            A2 = np.maximum(Z2, 0.0)
            Z3 = W3 @ A2 + b3
            A3 = np.exp(-np.logaddexp(0.0, -Z3))
            costs[epoch] = (np.logaddexp(0.0, Z3) - Y * Z3).sum() / m
            dZ3 = (A3 - Y) / m
            dZ2 = (W3.T @ dZ3) * (Z2 > 0.0)
            dZ1 = (W2.T @ dZ2) * (Z1 > 0.0)
            W3, b3 = W3 - lr * (dZ3 @ A2.T), b3 - lr * dZ3.sum(axis=1, keepdims=True)
            W2, b2 = W2 - lr * (dZ2 @ A1.T), b2 - lr * dZ2.sum(axis=1, keepdims=True)
            W1, b1 = W1 - lr * (dZ1 @ X.T), b1 - lr * dZ1.sum(axis=1, keepdims=True)
        return costs, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}

    costs, params = by_hand()
    result = ours()
    if not np.allclose(costs, result.costs, rtol=1e-12, atol=0.0) or not all(
        np.allclose(params[k], result.params[k], rtol=1e-10, atol=1e-12) for k in params
    ):
        raise RuntimeError("the hand-written loop and fit do not train the same model")

    # Interleaved: each run of fit is paired with the hand-written run right after it,
    # so that a machine slowing down or speeding up changes both sides of a ratio.
    # deepnotes is timed before PyTorch is imported: loading PyTorch's libraries into
    # the process slows NumPy's small operations by several percent, which says
    # nothing about either implementation.
    ours_times, hand_times = [], []
    for _ in range(repeats):
        for run, times in ((ours, ours_times), (by_hand, hand_times)):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
    ratios = [a / b for a, b in zip(ours_times, hand_times, strict=True)]

    import torch

    torch.set_num_threads(1)
    x, y = torch.tensor(X.T), torch.tensor(Y.T)

    def theirs() -> None:
        torch.manual_seed(1)
        model = torch.nn.Sequential(
            torch.nn.Linear(2, 20),
            torch.nn.ReLU(),
            torch.nn.Linear(20, 7),
            torch.nn.ReLU(),
            torch.nn.Linear(7, 1),
        ).double()
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        for _ in range(epochs):
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()

    return {
        "epochs": epochs,
        "deepnotes_seconds": statistics.median(ours_times),
        "hand_written_seconds": statistics.median(hand_times),
        "ratio_to_hand_written": statistics.median(ratios),
        "torch_seconds": median_seconds(theirs, repeats),
    }


def course_scale(repeats: int, processes: int) -> dict:
    """``course_run`` in fresh processes: the ratio to the hand-written loop moves by a
    few percent from one process to the next, more than it moves within one, so one
    process is not enough to state it."""
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, __file__, "--course-run", str(repeats)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(processes)
    ]

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    ratios = [run["ratio_to_hand_written"] for run in runs]
    return {
        "task": "fit on moons: 300 points, [2, 20, 7, 1], 2000 full-batch GD epochs",
        "processes": processes,
        "repeats": repeats,
        "epochs": runs[0]["epochs"],
        "deepnotes_seconds": median("deepnotes_seconds"),
        "hand_written_seconds": median("hand_written_seconds"),
        "ratio_to_hand_written": statistics.median(ratios),
        "ratio_to_hand_written_range": [min(ratios), max(ratios)],
        "target_ratio_to_hand_written": 1.15,
        "torch_seconds": median("torch_seconds"),
        "speedup": median("torch_seconds") / median("deepnotes_seconds"),
        "target_speedup": 3.0,
    }


def large_scale(repeats: int) -> dict:
    import torch

    from deepnotes.batchnorm import batchnorm_backward, batchnorm_forward
    from deepnotes.optimizers import adam_step
    from deepnotes.regularization import dropout_backward, dropout_forward

    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    n_bytes = 8 * SHAPE[0] * SHAPE[1]
    src, dst = rng.normal(size=SHAPE), np.empty(SHAPE)
    bandwidth = 2 * n_bytes / median_seconds(lambda: np.copyto(dst, src), repeats)

    w, dw, v = (rng.normal(size=SHAPE) for _ in range(3))
    s = np.abs(rng.normal(size=SHAPE))
    tw = torch.tensor(w)
    tw.grad = torch.tensor(dw)
    adam = torch.optim.Adam([tw], lr=1e-3, foreach=False)

    Z, dOut = rng.normal(size=(1024, 4096)), rng.normal(size=(1024, 4096))
    gamma, beta = np.ones((1024, 1)), np.zeros((1024, 1))
    tz = torch.tensor(Z.T.copy(), requires_grad=True)
    tgamma = torch.ones(1024, dtype=torch.float64, requires_grad=True)
    tbeta = torch.zeros(1024, dtype=torch.float64, requires_grad=True)
    tdout = torch.tensor(dOut.T.copy())

    A = rng.normal(size=SHAPE)
    ta, tgrad = torch.tensor(A, requires_grad=True), torch.tensor(A)

    def bn_ours() -> None:
        _, cache = batchnorm_forward(Z, gamma, beta, epsilon=1e-5)
        batchnorm_backward(dOut, cache)

    def bn_torch() -> None:
        out = torch.nn.functional.batch_norm(tz, None, None, tgamma, tbeta, training=True, eps=1e-5)
        out.backward(tdout)

    def dropout_ours() -> None:
        _, mask = dropout_forward(A, keep_prob=0.8, rng=rng)
        dropout_backward(A, mask, keep_prob=0.8)

    def dropout_torch() -> None:
        torch.nn.functional.dropout(ta, p=0.2, training=True).backward(tgrad)

    kernels = {
        # name: (ours, torch, bytes that must move: arrays read + written, 1 byte per mask entry)
        "adam_step": (
            lambda: adam_step(
                w, dw, v, s, 10, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8
            ),
            adam.step,
            7 * n_bytes,  # read w, dw, v, s; write w, v, s
        ),
        "batchnorm_forward + batchnorm_backward": (
            bn_ours,
            bn_torch,
            6 * n_bytes,  # forward: read Z twice, write Z~; backward: read dZ~, Z_norm, write dZ
        ),
        "dropout_forward + dropout_backward": (
            dropout_ours,
            dropout_torch,
            4 * n_bytes
            + 2 * n_bytes // 8,  # read A, write A_out and mask; read dA and mask, write dA
        ),
    }
    results = {}
    for name, (ours, theirs, moved) in kernels.items():
        ours_s, theirs_s = median_seconds(ours, repeats), median_seconds(theirs, repeats)
        floor = moved / bandwidth
        results[name] = {
            "deepnotes_seconds": ours_s,
            "torch_seconds": theirs_s,
            "ratio_to_torch": ours_s / theirs_s,
            "floor_seconds": floor,
            "ratio_to_floor": ours_s / floor,
            "target_ratio_to_torch": 2.0,
        }
    return {
        "repeats": repeats,
        "elements": SHAPE[0] * SHAPE[1],
        "copy_bandwidth_gb_s": bandwidth / 1e9,
        "kernels": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument(
        "--processes", type=int, default=9, help="fresh processes for the course-scale loop"
    )
    parser.add_argument("--course-run", type=int, metavar="REPEATS", help=argparse.SUPPRESS)
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true", help="keep the recorded build results")
    parser.add_argument(
        "--course-only", action="store_true", help="measure the training loop alone; keep the rest"
    )
    args = parser.parse_args()
    if args.course_run:  # one process of course_scale: print its measurement
        print(json.dumps(course_run(args.course_run)))
        return
    previous = json.loads(OUT.read_text()) if OUT.exists() else {}
    course = course_scale(args.repeats, args.processes)
    record = {
        "machine": machine(),
        "course_scale": course,
        "large_scale": previous["large_scale"] if args.course_only else large_scale(args.repeats),
        "site_build": previous.get("site_build"),
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(record, indent=2) + "\n")
    if not (args.skip_build or args.course_only):  # the build renders the results just written
        record["site_build"] = site_build(args.builds)
        OUT.write_text(json.dumps(record, indent=2) + "\n")
    course = record["course_scale"]
    low, high = course["ratio_to_hand_written_range"]
    print(
        f"course scale: deepnotes {course['deepnotes_seconds']:.3f} s, "
        f"by hand {course['hand_written_seconds']:.3f} s "
        f"(x{course['ratio_to_hand_written']:.3f}, x{low:.3f} to x{high:.3f} "
        f"over {course['processes']} processes), "
        f"torch {course['torch_seconds']:.3f} s, speed-up x{course['speedup']:.2f}"
    )
    for name, row in record["large_scale"]["kernels"].items():
        print(
            f"{name}: x{row['ratio_to_torch']:.2f} of torch, "
            f"x{row['ratio_to_floor']:.2f} of the floor"
        )
    if record["site_build"]:
        print(f"site build: {record['site_build']['median_seconds']:.1f} s")


if __name__ == "__main__":
    main()
