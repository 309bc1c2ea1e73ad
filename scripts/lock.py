"""Write ``constraints.txt``: the exact version of every package that the test command installs.

Usage: python scripts/lock.py

It installs the project with its ``test`` and ``reference`` extras into a fresh virtual
environment, newest versions within the ranges of ``pyproject.toml``, and writes what
``pip freeze`` reports there, one ``name==version`` a line. The README's commands and CI
install through it (``pip install -c constraints.txt ...``), so a clone installs what the
tests last passed with, and ``tests/test_lock.py`` fails when ``pyproject.toml`` asks for
something the lock does not give. A scheduled job of the deploy workflow installs the newest
versions instead and runs the tests, so that the ranges stay honest.

Local version labels are dropped (``torch==2.13.0+cpu`` becomes ``torch==2.13.0``, which a
CPU or a CUDA build of that release satisfies). The lock carries no hashes: the reference
extra's PyTorch may come from a CPU-only wheel that a reader points pip at, whose hash is not
the registry's.
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "constraints.txt"
EXTRAS = "test,reference"
HEADER = """\
# The exact versions the test command was last run with, for Python {python}.
# Written by `python scripts/lock.py` (do not edit); installed with
#   pip install -c constraints.txt -e ".[{extras}]"
# tests/test_lock.py checks it against the ranges of pyproject.toml.
"""


def pins(freeze: str) -> list[str]:
    """``pip freeze``'s lines as ``name==version``, sorted, without the project itself and
    without local version labels.

    Examples
    --------
    >>> pins("Torch==2.13.0+cpu\\n-e git+x#egg=deepnotes\\nnumpy==2.4.6\\n")
    ['numpy==2.4.6', 'torch==2.13.0']
    """
    found = []
    for line in freeze.splitlines():
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^+\s]+)(?:\+\S+)?", line.strip())
        if m and m[1].lower() != "deepnotes":
            found.append(f"{m[1].lower()}=={m[2]}")
    return sorted(found)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip"]
        subprocess.run([*pip, "install", "-q", "-e", f"{ROOT}[{EXTRAS}]"], check=True)
        freeze = subprocess.run(
            [*pip, "freeze", "--exclude-editable"], check=True, capture_output=True, text=True
        ).stdout
    python = ".".join(platform.python_version_tuple()[:2])
    LOCK.write_text(HEADER.format(python=python, extras=EXTRAS) + "\n".join(pins(freeze)) + "\n")
    print(f"{LOCK.name}: {len(pins(freeze))} packages")


if __name__ == "__main__":
    main()
