"""The lock (constraints.txt) gives what pyproject.toml asks for, and every install uses it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCKED = "-c constraints.txt"


def locked() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    pins = [line for line in lines if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*==[^\s=]+", pin) for pin in pins), pins
    return {canonicalize_name(name): version for name, version in (p.split("==") for p in pins)}


def requirements(extras: set[str]) -> list[Requirement]:
    """What installing the project with ``extras`` asks for, its own extras expanded."""
    found = [Requirement(r) for r in PROJECT["dependencies"]]
    seen, todo = set(), list(extras)
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for line in PROJECT["optional-dependencies"][extra]:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == "deepnotes":
                todo.extend(requirement.extras)
            else:
                found.append(requirement)
    return found


def test_the_lock_pins_every_requirement_within_its_range():
    pins = locked()
    asked = requirements({"test", "reference"})
    assert len(asked) > 20
    for requirement in asked:
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in constraints.txt: run scripts/lock.py"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside {requirement}: run scripts/lock.py"
        )


def test_a_range_the_lock_falls_outside_of_is_caught():
    pins = locked()
    assert not Requirement(f"numpy>{pins['numpy']}").specifier.contains(pins["numpy"])


def test_every_install_goes_through_the_lock():
    readme = (ROOT / "README.md").read_text()
    for marker in ("docs-command", "test-command"):
        command = re.search(rf"<!-- {marker} -->\n```bash\n(.*)\n```", readme)[1]
        assert LOCKED in command and "pip install" in command, command
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    installs = re.findall(r"pip install[^\n]*", deploy)
    newest = [line for line in installs if LOCKED not in line]
    assert len(installs) >= 2 and len(newest) == 1, installs  # the scheduled job alone
