"""The pinned environment is one set of pins, stated twice (pip and conda)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, version = line.partition("==")
        assert version, f"requirements.lock line is not an exact pin: {line!r}"
        pins[name.lower().replace("_", "-")] = version
    return pins


def env_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"^\s+- ([A-Za-z0-9_.\-]+)==([^\s#]+)\s*$", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_environment_yml_has_the_same_pins_as_the_lock():
    assert env_pins() == lock_pins()


def test_every_top_level_requirement_is_pinned_in_the_lock():
    lock = lock_pins()
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        name, _, version = line.partition("==")
        assert lock.get(name.lower().replace("_", "-")) == version, line


def test_package_dependencies_are_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = lock_pins()
    for requirement in project["dependencies"]:
        name = re.split(r"[<>=!~ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        assert name in lock, f"{name} is a dependency but not pinned in requirements.lock"


def test_environment_yml_python_is_311():
    assert "python=3.11" in (ROOT / "environment.yml").read_text()
