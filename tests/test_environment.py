"""The dependency groups and their locks stay one consistent set of pins.

Three groups (``pyproject.toml``): runtime (``[project] dependencies``: what ``cchc run``,
``cchc check`` and the published notebooks import), ``notebook`` (JupyterLab) and ``test``.
Each has its direct pins in ``requirements*.in`` and an exact, complete lock written by
``bash scripts/dev.sh lock``: ``requirements.lock`` (runtime, all a cron server installs),
``requirements-notebook.lock`` (runtime + notebook) and ``requirements-test.lock`` (every
group; ``scripts/dev.sh setup`` and CI). ``environment.yml`` states the last one for conda.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
#: group -> (its .in file, its lock); each lock includes the groups listed before it
GROUPS = {
    "runtime": ("requirements.in", "requirements.lock"),
    "notebook": ("requirements-notebook.in", "requirements-notebook.lock"),
    "test": ("requirements-test.in", "requirements-test.lock"),
}
#: imports that are optional on purpose, with where they are guarded
OPTIONAL_IMPORTS = {
    "xlwt": "tests/real_exports/make_corpus.py writes a real BIFF .xls only when xlwt is installed",
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins(filename: str) -> dict[str, str]:
    """``{name: version}`` of a lock; every requirement line must be an exact ``name==version``."""
    pins: dict[str, str] = {}
    for line in (ROOT / filename).read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s;#]*)", line.strip())
        assert match, f"{filename}: not an exact pin: {line!r}"
        name = canonical(match.group(1))
        assert name not in pins, f"{filename}: {name} pinned twice"
        pins[name] = match.group(2)
    return pins


def direct_pins(filename: str) -> dict[str, str]:
    """``{name: version}`` of the requirements an ``.in`` file adds itself (``-r`` lines excluded)."""
    pins = {}
    for line in (ROOT / filename).read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-r "):
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"{filename}: a direct requirement is pinned exactly: {line!r}"
        pins[canonical(name)] = version
    return pins


def group_requirements(group: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    specs = project["dependencies"] if group == "runtime" else project["optional-dependencies"][group]
    return [Requirement(spec) for spec in specs]


def third_party_imports(*paths: Path) -> dict[str, set[str]]:
    """Top-level modules imported by the Python files (and notebook code cells) under ``paths``."""
    found: dict[str, set[str]] = {}
    local = {p.stem for path in paths for p in path.rglob("*.py")} | {"cchc"}
    for path in paths:
        sources = [(str(f), f.read_text()) for f in path.rglob("*.py")]
        for notebook in path.rglob("*.ipynb"):
            cells = json.loads(notebook.read_text())["cells"]
            code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
            sources.append(
                (
                    str(notebook),
                    "\n".join(ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!"))),
                )
            )
        for where, source in sources:
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in local:
                        found.setdefault(top, set()).add(where)
    return found


def providers(module: str) -> set[str]:
    return {canonical(d) for d in importlib.metadata.packages_distributions().get(module, [])}


@pytest.mark.parametrize("group", GROUPS)
def test_each_lock_pins_every_package_exactly_and_was_written_by_the_lock_command(group):
    _, lock = GROUPS[group]
    assert lock_pins(lock)
    assert "bash scripts/dev.sh lock" in (ROOT / lock).read_text().split("\n", 3)[1], (
        f"{lock} is written by `bash scripts/dev.sh lock`, not by hand or pip freeze"
    )


def test_each_lock_contains_the_lower_groups_with_the_same_versions():
    runtime, notebook, test = (lock_pins(lock) for _, lock in GROUPS.values())
    assert runtime.items() <= notebook.items()
    assert notebook.items() <= test.items()


@pytest.mark.parametrize("group", GROUPS)
def test_direct_pins_are_the_groups_declared_in_pyproject_and_locked_at_that_version(group):
    source, lock = GROUPS[group]
    pins, locked = direct_pins(source), lock_pins(lock)
    declared = {canonical(r.name): r for r in group_requirements(group)}
    build_tools = {canonical(Requirement(r).name) for r in PYPROJECT["build-system"]["requires"]}
    extra = build_tools if group == "runtime" else set()  # the editable install needs them
    assert set(pins) == set(declared) | extra, f"{source} and pyproject.toml's {group} group differ"
    for name, version in pins.items():
        assert locked.get(name) == version, f"{source} pins {name}=={version}, {lock} has {locked.get(name)}"
        if name in declared:
            assert Version(version) in declared[name].specifier, (
                f"{name}=={version} is outside pyproject.toml's range {declared[name]}"
            )


def test_the_runtime_lock_has_no_notebook_or_test_package():
    runtime = lock_pins("requirements.lock")
    pulled_by_runtime = {"packaging"}  # imported by the tests, required by ipykernel and matplotlib
    for group in ("notebook", "test"):
        assert not (set(direct_pins(GROUPS[group][0])) - pulled_by_runtime) & set(runtime), group


def test_the_runtime_lock_keeps_out_the_json_schema_format_extras():
    """JupyterLab's jupyter-events pulls rfc3987-syntax, whose Lark grammar jsonschema builds on
    import: ~3 s added to ``import nbformat`` in every run worker. The cron install is free of it."""
    runtime = lock_pins("requirements.lock")
    assert not {"jupyter-events", "rfc3987-syntax", "lark"} & set(runtime)


def test_every_import_of_the_package_and_the_notebooks_is_a_runtime_dependency():
    runtime = {canonical(r.name) for r in group_requirements("runtime")}
    imports = third_party_imports(ROOT / "lib", ROOT / "notebooks")
    assert {"pandas", "docx", "python_calamine"} <= set(imports)  # the walk sees the imports
    for module, where in sorted(imports.items()):
        assert providers(module) & runtime, (
            f"{module} (imported in {sorted(where)[0]}) is not declared "
            "in pyproject.toml's runtime dependencies"
        )


def test_every_import_of_the_tests_and_benchmarks_is_in_a_group():
    declared = {canonical(r.name) for group in GROUPS for r in group_requirements(group)}
    imports = third_party_imports(ROOT / "tests", ROOT / "bench")
    assert {"pytest", "hypothesis"} <= set(imports)
    for module, where in sorted(imports.items()):
        if module in OPTIONAL_IMPORTS:
            continue
        assert providers(module) & declared, f"{module} (imported in {sorted(where)[0]}) is in no group"


def test_environment_yml_has_the_pins_of_the_full_lock():
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"^\s+- ([A-Za-z0-9_.\-]+)==([^\s#]+)\s*$", line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    assert pins == lock_pins("requirements-test.lock")
    assert "python=3.11" in (ROOT / "environment.yml").read_text()


def test_ci_lints_before_it_tests():
    steps = [
        ln.strip()
        for ln in (ROOT / ".ci" / "run").read_text().splitlines()
        if ln.strip().startswith("bash scripts/dev.sh")
    ]
    assert steps[:2] == ["bash scripts/dev.sh lint", "bash scripts/dev.sh test"]
