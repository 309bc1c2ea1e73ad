"""Fixtures shared by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from project_copy import copy_project

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


def _start_zensical_build(tree: Path, **env: str) -> subprocess.Popen:
    """Zensical builds into the ``site`` folder of its configuration's tree: it gets a copy.

    It reads the same ``mkdocs.yml``, and ignores its ``hooks``.
    """
    copy_project(tree)
    return subprocess.Popen(
        [sys.executable, "-m", "zensical", "build", "--strict", "--clean"],
        cwd=tree,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="session")
def all_builds(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Five clean strict builds, run side by side: the site, its twin, the offline copy,
    and the site and its offline copy built by Zensical.

    Each entry is the site folder and the build's log.
    """
    folders = {name: tmp_path_factory.mktemp(name) for name in ("site", "twin", "offline")}
    procs = {
        name: _start_build(folder, **({"OFFLINE": "true"} if name == "offline" else {}))
        for name, folder in folders.items()
    }
    for name, env in (("zensical", {}), ("zensical-offline", {"OFFLINE": "true"})):
        tree = tmp_path_factory.mktemp(f"{name}-tree")
        procs[name] = _start_zensical_build(tree, **env)
        folders[name] = tree / "site"
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


@pytest.fixture(scope="session")
def zensical_site(all_builds) -> tuple[Path, str]:
    """The site as Zensical builds it from the same sources, and its log."""
    return all_builds["zensical"]


@pytest.fixture(scope="session")
def zensical_offline_site(all_builds) -> tuple[Path, str]:
    """The offline copy as Zensical builds it (its offline plugin is built in), and its log."""
    return all_builds["zensical-offline"]


@pytest.fixture(scope="module")
def chromium():
    """The system Chromium, one per test module (Playwright's sync API allows one instance
    at a time)."""
    import browser

    path = browser.executable()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=browser.FLAGS)
        yield launched
        launched.close()
