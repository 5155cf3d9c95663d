"""Dependencies: bounded in pyproject.toml, pinned in constraints.txt, and both ends tested every week.

A release upstream (PyYAML 6.0.4's libyaml, with a nesting limit of its own) once failed every landing.
Landings now install the lock; deps.yml runs the suite at the bounds' two ends.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from importlib import metadata

import yaml
from conftest import REPO
from packaging.utils import canonicalize_name
from packaging.version import Version

_SPEC = importlib.util.spec_from_file_location("deps", REPO / ".ci" / "deps.py")
assert _SPEC and _SPEC.loader
deps = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(deps)

LOCK = {canonicalize_name(name): Version(version) for name, version in (
    line.split("==") for line in (REPO / "constraints.txt").read_text().splitlines() if "==" in line)}


def test_every_runtime_dependency_has_a_floor_and_a_ceiling():
    for requirement in deps.requirements(extras=()):
        operators = {spec.operator for spec in requirement.specifier}
        assert {">=", "<"} <= operators, f"{requirement} needs a floor (>=) and a ceiling (<)"


def test_the_lock_pins_every_dependency_within_its_bounds():
    for requirement in deps.requirements():
        name = canonicalize_name(requirement.name)
        assert name in LOCK, f"{requirement.name} is not in constraints.txt: run python3 .ci/deps.py lock"
        assert requirement.specifier.contains(LOCK[name], prereleases=False), f"{name}=={LOCK[name]} vs {requirement}"


def test_the_installed_versions_are_the_locked_ones():
    """Under CI the suite runs on the lock; deps.yml says which other end it installed instead."""
    end = os.environ.get("DRAWARCHIVE_DEPS", "locked")
    lowest = dict(line.split("==") for line in deps.lowest().splitlines())
    for requirement in deps.requirements():
        name = canonicalize_name(requirement.name)
        installed = Version(metadata.version(requirement.name))
        assert requirement.specifier.contains(installed, prereleases=True), f"{name} {installed} vs {requirement}"
        if end == "locked" and os.environ.get("CI"):
            assert installed == LOCK[name], f"{name} {installed} is installed, constraints.txt says {LOCK[name]}"
        elif end == "lowest" and requirement.name in lowest:
            assert installed == Version(lowest[requirement.name])


def test_lowest_pins_each_runtime_floor():
    pins = deps.lowest().splitlines()
    assert "PyYAML==6.0" in pins and "pagefind==1.5.2" in pins
    assert len(pins) == len(deps.requirements(extras=()))
    assert not any(pin.startswith("pytest") for pin in pins)  # test tools float to their newest


def test_workflows_install_the_lock():
    """The README's commands and .ci/run install it too (test_workflows.test_ci_runs_the_readmes_test_command)."""
    for name in ("pages.yml", "pull-request.yml", "sync.yml"):
        text = (REPO / ".github" / "workflows" / name).read_text()
        installs = [line for line in text.splitlines() if "pip install" in line]
        assert installs and all("-c constraints.txt" in line for line in installs), name


def test_the_bounds_workflow_runs_the_suite_at_both_ends_every_week():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "deps.yml").read_text())
    job = workflow["jobs"]["bounds"]
    assert job["strategy"]["matrix"]["end"] == ["lowest", "newest"]
    assert workflow[True]["schedule"]  # PyYAML reads the key `on` as True
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert ".ci/deps.py lowest" in runs and "-m pytest" in runs
    assert all(step.get("env", {}).get("DRAWARCHIVE_DEPS") == "${{ matrix.end }}"
               for step in job["steps"] if "-m pytest" in step.get("run", ""))


def test_the_deps_script_refuses_an_unknown_command():
    result = subprocess.run([sys.executable, str(REPO / ".ci" / "deps.py"), "nonsense"], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 1 and "deps.py lock" in result.stderr
