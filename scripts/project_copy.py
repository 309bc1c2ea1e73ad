"""A working copy of the project's sources, for a build or a server that must not touch them.

Zensical writes its ``site/`` and ``.cache/`` beside the configuration file, and
the rebuild benchmark edits pages: both run in a copy. Left out: version
control, environments, installed packages, and what a build leaves behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEFT_OUT = (
    ".git",
    ".venv",
    "node_modules",
    "site",
    ".cache",
    "__pycache__",
    ".pytest_cache",
)


def copy_project(target: Path) -> Path:
    """Copy the project into ``target`` (created if needed) and return it."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*LEFT_OUT), dirs_exist_ok=True)
    return target
