"""The dependency lock and bounds, from pyproject.toml.

    python3 .ci/deps.py lock     rewrite constraints.txt from a fresh venv's newest versions within the bounds
    python3 .ci/deps.py lowest   print constraints that pin each runtime dependency to its lower bound

CI and the README's commands install with `-c constraints.txt`, so a release upstream never changes a
landing. The scheduled workflow deps.yml runs the suite on the lowest and on the newest versions the
bounds admit, so drift shows there first; a deliberate `lock` then moves the pins.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "constraints.txt"
HEADER = ("# The versions CI and the README's commands install (pip's -c).\n"
          "# Regenerate with `python3 .ci/deps.py lock`; pyproject.toml holds the bounds,\n"
          "# and .github/workflows/deps.yml tests both ends of them every week.\n")


def requirements(extras: tuple[str, ...] = ("test",)) -> list[Any]:
    from packaging.requirements import Requirement  # the test extra's pytest brings it; `lock` needs none

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = list(project["dependencies"])
    for extra in extras:
        listed += project["optional-dependencies"][extra]
    return [Requirement(text) for text in listed]


def lowest() -> str:
    pins = []
    for requirement in requirements(extras=()):  # what shapes the site and its messages; test tools float
        floors = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if floors:
            pins.append(f"{requirement.name}=={floors[0]}")
    return "\n".join(pins) + "\n"


def lock() -> None:
    with tempfile.TemporaryDirectory() as folder:
        python = Path(folder) / "bin" / "python"
        subprocess.run([sys.executable, "-m", "venv", folder], check=True)
        # One lock for the tests and the benchmarks: Pelican caps Pygments, which pytest also takes.
        subprocess.run([python, "-m", "pip", "install", "-q", "-e", f"{ROOT}[test,bench]"], check=True)
        frozen = subprocess.run([python, "-m", "pip", "freeze", "--all", "--exclude-editable"], check=True,
                                capture_output=True, text=True).stdout
    pins = sorted((line for line in frozen.splitlines() if "==" in line and not line.startswith("pip==")),
                  key=str.lower)  # --all: setuptools and wheel are test extras; pip itself is the venv's
    temporary = LOCK.with_suffix(".tmp")
    temporary.write_text(HEADER + "\n".join(pins) + "\n", encoding="utf-8")
    temporary.replace(LOCK)
    print(f"wrote {LOCK.name}: {len(pins)} pins")


if __name__ == "__main__":
    command = sys.argv[1:] or ["?"]
    if command == ["lock"]:
        lock()
    elif command == ["lowest"]:
        sys.stdout.write(lowest())
    else:
        sys.exit(__doc__)
