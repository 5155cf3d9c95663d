"""site/ is always whole: a lock keeps builds apart, a killed build leaves nothing behind for long,
and no output can leave the site folder."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from test_incremental import new_project, tree

from drawarchive.pipeline.workspace import UnsafeOutput, Workspace, check_paths


def build_command(project: Path) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--root", str(project)]


@pytest.mark.parametrize("paths", [["../escape.html"], ["/etc/passwd"], ["a/../../b"], ["a//b"], ["./a"],
                                   ["a\\b"], ["a\0b"], ["x.html", "x.html"], ["draws", "draws/index.html"], [""]])
def test_an_output_outside_the_site_or_shared_is_refused(paths):
    with pytest.raises(UnsafeOutput):
        check_paths(paths)


def test_safe_paths_give_their_folders():
    assert check_paths(["index.html", "draws/254/index.html", "feeds/all.atom.xml"]) == {
        "draws", "draws/254", "feeds"}


def test_a_second_build_waits_for_the_first(tmp_path):
    project = new_project(tmp_path / "project")
    with Workspace(project.root / "site"):
        waiting = subprocess.Popen(build_command(project.root), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        time.sleep(2)
        assert waiting.poll() is None  # blocked on the lock
    _, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert err.startswith("build: waiting for another build of site/ to finish")
    assert (project.root / "site/index.html").is_file()


def test_a_build_killed_between_the_two_renames_is_put_back(tmp_path):
    """Where the one-step exchange is not available, a swap takes two renames; site/ is restored."""
    site = tmp_path / "site"
    (tmp_path / ".site-old-abc123/site").mkdir(parents=True)
    (tmp_path / ".site-old-abc123/site/index.html").write_text("the previous site")
    (tmp_path / ".site-new-def456/draws").mkdir(parents=True)
    with Workspace(site):
        assert (site / "index.html").read_text() == "the previous site"
        assert sorted(p.name for p in tmp_path.iterdir()) == [".site-lock", "site"]


def test_kill_9_never_leaves_a_partial_site_and_the_next_build_cleans_up(tmp_path):
    """Each build changes the title, so that each re-renders every file. A kill lands at a random moment;
    when the build beat it, the next waits less, so that the kills happen however fast the machine is."""
    project = new_project(tmp_path / "project")
    site, trees = project.root / "site", []
    for number in range(2):
        project.edit("site", 0, f"Title {number}")
        clean = tmp_path / f"clean-{number}"
        shutil.copytree(project.root, clean, ignore=shutil.ignore_patterns("site", ".site-*"))
        started = time.monotonic()
        assert subprocess.run(build_command(clean), capture_output=True).returncode == 0
        longest = time.monotonic() - started
        trees.append(tree(clean / "site"))
    assert subprocess.run(build_command(project.root), capture_output=True).returncode == 0
    chance, kills = random.Random(20261122), 0
    for number in range(40):
        project.edit("site", 0, f"Title {number % 2}")
        running = subprocess.Popen(build_command(project.root), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.05, max(longest, 0.1)))
        if running.poll() is None:
            os.kill(running.pid, signal.SIGKILL)
            kills += 1
        else:
            longest *= 0.7
        running.wait()
        assert tree(site) in trees, "a partial site"
        if kills == 6:
            break
    assert kills == 6
    assert subprocess.run(build_command(project.root), capture_output=True).returncode == 0
    assert tree(site) == trees[number % 2]  # the title the last edit gave, whole
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site-")) == [".site-lock",
                                                                                            ".site-state.json"]


def test_outputs_are_checked_against_those_of_earlier_batches(tmp_path):
    """A build gives its outputs a batch at a time (and the draws' pages after their workers wrote them)."""
    with Workspace(tmp_path / "site") as workspace:
        staging = workspace.stage()
        workspace.make_folders(["index.html", "draws/index.html"])
        assert (staging / "draws").is_dir()
        for clash in (["draws/index.html"], ["draws"], ["index.html/x.html"]):
            with pytest.raises(UnsafeOutput):
                workspace.register(clash)
        assert workspace.register(["draws/254/index.html"]) == {"draws/254"}
