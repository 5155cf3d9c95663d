"""Shared fixtures: small content trees built from dicts, in the manner of mkdocs' @tempdir(files=...)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SNAPSHOT = FIXTURES / "ircc-rounds.json"
pytest_plugins = ["browser_support"]
# The date is one of a build's inputs, and a run can cross midnight: builds that a test compares with
# each other read this day, so that one made at 23:59 and one at 00:00 are still the same build.
SESSION_DAY = date.today()


def session_day() -> date:
    return SESSION_DAY


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_build(*args: str, root: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Runs build.py as a contributor would, capturing its output."""
    command = [sys.executable, str(REPO / "build.py"), *args]
    if root is not None:
        command[2:2] = ["--root", str(root)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def real_archive():
    """The committed content, read once; it must be valid."""
    from drawarchive.content.read import read_content

    archive, problems = read_content(REPO)
    assert problems == []
    return archive


@pytest.fixture(scope="session")
def snapshot() -> list[dict[str, str]]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))["rounds"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the real categories and templates but no draws."""
    shutil.copytree(REPO / "content" / "categories", tmp_path / "content" / "categories")
    if (REPO / "templates").exists():
        shutil.copytree(REPO / "templates", tmp_path / "templates")
    (tmp_path / "content" / "draws").mkdir()
    return tmp_path


def raw_round(rounds: list[dict[str, str]], number: str) -> dict[str, str]:
    return next(r for r in rounds if r["drawNumber"] == number)


@pytest.fixture
def misdated(project) -> Path:
    """Reported round #438 filed under 2025 with French notes beside it; IRCC's data dates it 2026-08-31."""
    text = (REPO / "content/draws/2026/438.md").read_text().replace("2026-08-31", "2025-12-31")
    folder = project / "content/draws/2025"
    folder.mkdir(parents=True)
    (folder / "438.md").write_text(text + "A note.\n")
    (folder / "438.fr.md").write_text("---\nnotes:\n  - \"Une note.\"\n---\n")
    return project
