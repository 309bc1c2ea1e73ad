"""The pages' code runs the way a reader runs it.

Every shown Python block runs as a script in a fresh interpreter, from an empty
temporary folder, with no display: alone, or after the code it says it
continues. Each ``plotting.show`` in it must leave a PNG file there, and no
HTML may reach the terminal. Blocks that start processes run with the "spawn"
start method (the default on macOS and Windows). Every page's sessions pass the
standard ``python -m doctest``.

The scripts run two at a time in a session fixture, so that the suite stays
fast on two cores; each block is still its own test.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from deepnotes_docs.page_code import Block, blocks, continued, script

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.glob("*.md"))
BLOCKS = {page: blocks(page) for page in PAGES}
SHOWN = [(b, page_blocks) for page_blocks in BLOCKS.values() for b in page_blocks if b.shown]
PYTHON = [(b, page_blocks) for b, page_blocks in SHOWN if b.lang == "python"]
OPTIONAL = ("torch", "tensorflow", "distributed")
SPAWN = 'import multiprocessing\nmultiprocessing.set_start_method("spawn", force=True)\n\n'


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    files: list[str]


def _missing(code: str) -> list[str]:
    return [
        name
        for name in OPTIONAL
        if (f"import {name}" in code or f"from {name} " in code)
        and importlib.util.find_spec(name) is None
    ]


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEEPNOTES_FIGURES", "DISPLAY")}
    env["MPLBACKEND"] = "Agg"  # as on a machine without a display: figures go to files
    for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(threads, "1")  # two scripts at a time on small matrices
    return env


def _run(code: str) -> Run:
    if "ProcessPoolExecutor" in code:
        code = SPAWN + code
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "snippet.py")
        path.write_text(code, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, path.name],
            cwd=folder,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        files = sorted(p.name for p in Path(folder).iterdir() if p.name != path.name)
    return Run(done.returncode, done.stdout, done.stderr, files)


def _units() -> dict[str, str]:
    """The scripts to run, keyed by the name of each block they cover.

    A block that others continue runs once, as the start of the longest script
    that continues it: if that script runs, so does each of its beginnings.
    """
    units: dict[str, str] = {}
    for b, page_blocks in reversed(PYTHON):
        if b.name in units:
            continue
        code = script(b, page_blocks)
        units.update({c.name: code for c in [b, *continued(b, page_blocks)]})
    return units


@pytest.fixture(scope="session")
def runs() -> dict[str, Run]:
    scripts = {code for code in _units().values() if not _missing(code)}
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = dict(zip(scripts, pool.map(_run, scripts), strict=True))
    return {name: done[code] for name, code in _units().items() if code in done}


def test_pages_show_code():
    assert len(PYTHON) > 30 and len(SHOWN) > len(PYTHON)


@pytest.mark.parametrize("block", [b for b, _ in PYTHON], ids=lambda b: b.name)
def test_shown_block_runs_as_copied(block: Block, runs: dict[str, Run]) -> None:
    code = _units()[block.name]
    if missing := _missing(code):
        pytest.skip(f"needs {', '.join(missing)}, which is not installed")
    run = runs[block.name]
    assert run.returncode == 0, run.stderr[-3000:]
    assert "<svg" not in run.stdout and "<figure" not in run.stdout, "HTML printed to a reader"
    figures = [f for f in run.files if f.endswith(".png")]
    shows = code.count("plotting.show(") + code.count("explorable.show(")
    assert len(figures) == shows, (figures, run.stdout[-500:])
    assert set(run.files) == set(figures), f"left files behind: {run.files}"


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
def test_shown_code_names_nothing_it_does_not_define_or_use(tmp_path: Path) -> None:
    """Pyflakes' checks on each script: no undefined name (a dependency on hidden code), no
    unused import (a leftover for hidden code)."""
    for n, code in enumerate(dict.fromkeys(_units().values())):
        (tmp_path / f"unit_{n}.py").write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F", "--quiet", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout


def test_a_block_that_needs_hidden_code_fails():
    """The check can fail: code that uses a name defined nowhere it can see does not run."""
    run = _run("import numpy as np\nprint(best)\n")
    assert run.returncode != 0 and "NameError" in run.stderr


def test_a_pool_without_a_main_guard_fails_under_spawn():
    unguarded = (
        "from concurrent.futures import ProcessPoolExecutor\n"
        "with ProcessPoolExecutor(max_workers=1) as pool:\n"
        "    print(list(pool.map(abs, [-1])))\n"
    )
    assert _run(unguarded).returncode != 0
    guarded = "if __name__ == '__main__':\n" + "".join(
        "    " + line + "\n" for line in unguarded.splitlines()
    )
    assert _run(guarded).returncode == 0


@pytest.mark.parametrize(
    "page", [p for p in PAGES if ">>>" in p.read_text(encoding="utf-8")], ids=lambda p: p.name
)
def test_page_passes_standard_doctest(page: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "doctest", "-o", "NORMALIZE_WHITESPACE", str(page)],
        cwd=tmp_path,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("block", [b for b, _ in SHOWN if b.lang == "pycon"], ids=lambda b: b.name)
def test_session_runs_alone(block: Block) -> None:
    """Each session has its own imports and data, so it can be pasted on its own."""
    test = doctest.DocTestParser().get_doctest(block.code, {}, block.name, str(block.page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=True)
    assert runner.failures == 0, "".join(report)


FIRST_PROGRAM = [  # the tabs of "The course's first program: minimize a quadratic"
    b for b, _ in PYTHON if b.page.name == "frameworks.md" and 'print(f"w = ' in b.code
]


def test_the_first_program_has_a_tab_per_framework():
    assert len(FIRST_PROGRAM) == 3, [b.name for b in FIRST_PROGRAM]


@pytest.mark.parametrize("block", FIRST_PROGRAM, ids=lambda b: b.name)
def test_the_first_program_prints_the_minimum_the_page_gives(block: Block, runs) -> None:
    """frameworks.md says that each tab prints ``w = 5.0000``, the minimum of (w - 5)^2."""
    if missing := _missing(block.code):
        pytest.skip(f"needs {', '.join(missing)}, which is not installed")
    assert runs[block.name].stdout.strip() == "w = 5.0000"
