"""Fixtures shared by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261122)


def _start_build(site: Path) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> tuple[Path, str, Path]:
    """Two clean builds, run side by side: the site, its log, and the twin."""
    first, second = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("twin")
    procs = [_start_build(first), _start_build(second)]
    logs = [p.communicate(timeout=600)[0] for p in procs]
    for proc, log in zip(procs, logs, strict=True):
        assert proc.returncode == 0, log
    return first, logs[0], second


@pytest.fixture(scope="session")
def site(builds) -> Path:
    return builds[0]
