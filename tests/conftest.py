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


def _start_build(site: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="session")
def all_builds(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Three clean strict builds, run side by side: the site, its twin, and the offline copy.

    Each entry is the site folder and the build's log.
    """
    folders = {name: tmp_path_factory.mktemp(name) for name in ("site", "twin", "offline")}
    procs = {
        name: _start_build(folder, **({"OFFLINE": "true"} if name == "offline" else {}))
        for name, folder in folders.items()
    }
    logs = {name: proc.communicate(timeout=900)[0] for name, proc in procs.items()}
    for name, proc in procs.items():
        assert proc.returncode == 0, logs[name]
    return {name: (folders[name], logs[name]) for name in folders}


@pytest.fixture(scope="session")
def builds(all_builds) -> tuple[Path, str, Path]:
    """The site, its log, and the twin, built side by side from the same sources."""
    return all_builds["site"][0], all_builds["site"][1], all_builds["twin"][0]


@pytest.fixture(scope="session")
def site(builds) -> Path:
    return builds[0]


@pytest.fixture(scope="session")
def offline_site(all_builds) -> Path:
    """The copy of the site built with ``OFFLINE=true``, to open from a folder."""
    assert "WARNING" not in all_builds["offline"][1], all_builds["offline"][1]
    return all_builds["offline"][0]
