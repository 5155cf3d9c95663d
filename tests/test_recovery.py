"""A stopped writer heals by running it again; a person's save is never lost; a round is in one place; and
nothing found in the workspace steers a command. Reader commands (check, build, serve) never write content/.

Kills are made exact by stopping an import at its n-th flush to disk (every step of a write ends with one),
for every n; races run real commands against a person's saves.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, SNAPSHOT, run_build

from drawarchive.authoring.importer import import_rounds

LATER = FIXTURES / "ircc-later-rounds.json"
STATE = ".drawarchive"  # the workspace, as README and .gitignore name it


def today() -> date:
    return date(2026, 11, 22)


def content(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*"))
            if p.is_file()}


def places(root: Path) -> Counter[str]:
    """How many year folders hold each draw file's name (254.md, 254.fr.md): 1 each, always."""
    return Counter(p.name for p in (root / "content/draws").glob("*/*.md"))


class Killed(BaseException):
    """Stands for kill -9: nothing after it runs, no cleanup but what the next command does."""


def flushes(root: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many times an uninterrupted import of source flushes a file or folder to disk."""
    count = [0]
    real = os.fsync

    def counted(handle: int) -> None:
        count[0] += 1
        real(handle)

    monkeypatch.setattr(os, "fsync", counted)
    import_rounds(source, root, today=today)
    monkeypatch.undo()
    return count[0]


def at_flush(step: int, monkeypatch: pytest.MonkeyPatch, then: object = None) -> None:
    """At the step-th flush, `then()` runs (a person's save) if given, or the import dies there."""
    count = [0]
    real = os.fsync

    def flush(handle: int) -> None:
        count[0] += 1
        if count[0] == step + 1:
            if then is None:
                raise Killed
            then()  # type: ignore[operator]
        real(handle)

    monkeypatch.setattr(os, "fsync", flush)


# ------------------------------------------------------------------ kills


@pytest.fixture
def copies(tmp_path_factory) -> Path:
    """A folder for copies of the project, beside it (the project fixture is tmp_path itself)."""
    return tmp_path_factory.mktemp("copies")

def test_an_import_stopped_at_any_step_heals_on_the_next_run_keeping_an_edit_made_meanwhile(misdated, copies,
                                                                                           monkeypatch):
    """5 adds and a move of a draw with its French notes, killed at each of its steps in turn. Then a person
    edits the French notes wherever they are, `check` runs, and `import` runs again."""
    reference = copies / "reference"
    shutil.copytree(misdated, reference)
    steps = flushes(reference, LATER, monkeypatch)
    before, after = content(misdated), content(reference)
    assert steps >= 10
    for step in range(steps):
        project = copies / f"step{step}"
        shutil.copytree(misdated, project)
        at_flush(step, monkeypatch)
        with pytest.raises(Killed):
            import_rounds(LATER, project, today=today)
        monkeypatch.undo()
        now = content(project)
        assert set(now.values()) <= set(before.values()) | set(after.values()), f"a torn file at step {step}"
        assert max(places(project).values()) == 1, f"a file in two places at step {step}"

        french = next((project / "content/draws").glob("*/438.fr.md"))
        french.write_text(french.read_text().replace("Une note.", "Une note revue."))
        edited = content(project)
        checked = run_build("check", root=project)
        assert "Traceback" not in checked.stderr
        assert content(project) == edited, "check wrote content/"
        if (project / STATE / "tmp").exists():
            assert "run it again to finish, or `git checkout -- content/` to drop what it did" in checked.stderr

        again = run_build("import", str(LATER), root=project)
        assert again.returncode == 0, again.stderr
        expected = dict(after)
        expected["content/draws/2026/438.fr.md"] = after["content/draws/2026/438.fr.md"].replace(
            b"Une note.", b"Une note revue.")
        assert content(project) == expected, f"step {step} did not converge"
        assert not (project / STATE / "tmp").exists()
        assert run_build("check", root=project).returncode == 0


def test_a_save_at_any_step_of_a_move_is_kept_and_the_round_stays_in_one_file(misdated, copies, monkeypatch):
    """Round #438 moves from 2025/ to 2026/ while a person, whose editor opened 2025/438.md before the import,
    saves it there at each step of the import in turn (creating it again if it moved)."""
    source = copies / "438.json"
    source.write_text(json.dumps({"rounds": [r for r in json.loads(LATER.read_text())["rounds"]
                                             if r["drawNumber"] == "438"]}))
    reference = copies / "reference"
    shutil.copytree(misdated, reference)
    steps = flushes(reference, source, monkeypatch)
    for step in range(steps):
        project = copies / f"step{step}"
        shutil.copytree(misdated, project)
        opened = project / "content/draws/2025/438.md"
        saved = opened.read_text() + f"A person's save at step {step}.\n"
        at_flush(step, monkeypatch, then=lambda path=opened, text=saved: path.write_text(text))
        report = import_rounds(source, project, today=today)
        monkeypatch.undo()
        assert places(project)["438.md"] == 1, f"round 438 in two files at step {step}"
        draw = next((project / "content/draws").glob("*/438.md"))
        assert f"A person's save at step {step}." in draw.read_text()
        if report.conflicts:
            assert report.conflicts == ["round 438: content/draws/2025/438.md changed while import ran (a person's "
                                        "edit, or another command); it was left as it is. Import again to update it."]
        again = run_build("import", str(source), root=project)
        assert again.returncode == 0, again.stderr
        assert places(project)["438.md"] == places(project)["438.fr.md"] == 1
        assert f"A person's save at step {step}." in (project / "content/draws/2026/438.md").read_text()
        assert run_build("check", root=project).returncode == 0


@pytest.fixture(scope="module")
def slow_move(tmp_path_factory) -> tuple[Path, Path]:
    """The real archive with #437 filed under 2025, and every official round with a new cut-off: an import
    rewrites 437 files and moves #437 back to 2026."""
    root = tmp_path_factory.mktemp("archive") / "root"
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    (root / "content/draws/2025").mkdir(exist_ok=True)
    text = (root / "content/draws/2026/437.md").read_text()
    (root / "content/draws/2026/437.md").unlink()
    (root / "content/draws/2025/437.md").write_text(text.replace("date: 2026-08-19", "date: 2025-12-30"))
    rounds = [r | {"drawCRS": str(int(r["drawCRS"]) + 1)} for r in json.loads(SNAPSHOT.read_text())["rounds"]]
    source = root.parent / "rounds.json"
    source.write_text(json.dumps({"rounds": rounds}))
    return root, source


def test_a_save_racing_a_real_import_that_moves_the_round_leaves_it_in_one_file(slow_move, tmp_path):
    """10 runs: a person saves 2025/437.md, the file their editor opened, at a moment of an import that moves
    it to 2026/; an editor that finds the file gone says so rather than write a second copy."""
    archive, source = slow_move
    for run in range(10):
        root = tmp_path / str(run)
        shutil.copytree(archive, root)
        opened = root / "content/draws/2025/437.md"
        loaded = opened.read_text()
        importing = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "import",
                                      "--max-new", "500", str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        time.sleep(0.15 * run)
        try:
            handle = os.open(opened, os.O_WRONLY | os.O_TRUNC)  # the editor's save: into the file it opened
        except FileNotFoundError:
            handle = None
        if handle is not None:
            with os.fdopen(handle, "w") as editor:
                editor.write(loaded + f"A person's note, run {run}.\n")
        _, err = importing.communicate(timeout=300)
        assert "Traceback" not in err
        assert places(root)["437.md"] == 1, f"run {run}: round 437 in two files"
        if handle is not None:
            assert f"A person's note, run {run}." in next((root / "content/draws").glob("*/437.md")).read_text()
        if importing.returncode:
            assert "content/draws/2025/437.md changed while import ran" in err or \
                "content/draws/2026/437.md changed while import ran" in err, err


# ------------------------------------------------------------------ the workspace steers nothing

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def everything(root: Path) -> dict[str, bytes | str]:
    """Every path under root and beside it, with its bytes (or where a link points)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.parent.rglob("*")):
        name = path.relative_to(root.parent).as_posix()
        if path.is_symlink():
            found[name] = os.readlink(path)
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "folder"
    return found


COMMANDS = [
    ("check",),
    ("build",),
    ("serve", "--port", "0"),
    ("new", "--round", "448", "--date", "2026-10-02", "--name", "Canadian Experience Class", "--invitations",
     "1000", "--crs", "520", "--source", "https://example.org/x A news site"),
    ("import", str(LATER)),
]


@pytest.fixture
def hostile_clone(project, copies) -> Path:
    """A branch that commits a journal, a staged executable and a compiled template into .drawarchive/, as
    a pull request could with `git add -f`, checked out in a clone with no hooks."""
    origin = copies / "origin"
    shutil.copytree(project, origin)
    state = origin / STATE
    (state / "tmp").mkdir(parents=True)
    hook = state / "tmp" / "note.md"
    hook.write_text("#!/bin/sh\necho owned > /tmp/owned\n")
    hook.chmod(0o755)
    (state / "journal.json").write_text(json.dumps([{"path": ".git/hooks/pre-commit", "before": None,
                                                      "after": "0" * 64, "staged": "note.md"},
                                                     {"path": "../outside.txt", "before": None, "after": "0" * 64,
                                                      "staged": "../../../outside/secret.txt"}]))
    (state / "templates" / "x-en").mkdir(parents=True)
    (state / "templates" / "x-en" / "base.html.cache").write_bytes(b"j2\x00not code we made")
    status = os.stat(state)
    (state / "owner").write_text(f"{status.st_dev} {status.st_ino}\n")  # the author's own folder, copied
    templates = copies / "empty-templates"
    templates.mkdir()
    git(origin, "init", "-q", f"--template={templates}")
    git(origin, "add", "-A")
    git(origin, "add", "-f", STATE)
    git(origin, "commit", "-qm", "a round")
    clone = copies / "scratch" / "clone"
    clone.parent.mkdir()
    subprocess.run(["git", "clone", "-q", f"--template={templates}", str(origin), str(clone)], check=True)
    (clone / ".git/hooks").mkdir()
    return clone


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_committed_workspace_is_refused_by_every_command_and_writes_nothing(hostile_clone, command):
    before = everything(hostile_clone)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(hostile_clone), *command],
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and f"{hostile_clone / STATE}" in result.stderr
    assert "(git rm -r --cached .drawarchive)" in result.stderr or "was not made by this checkout" in result.stderr
    assert everything(hostile_clone) == before
    assert list((hostile_clone / ".git/hooks").iterdir()) == []


def test_files_git_tracks_in_the_own_workspace_are_refused(project, copies):
    """A checkout that adds files to a workspace this checkout made (git creates them beside ours)."""
    state = made_workspace(project)
    git(project, "init", "-q")
    (state / "templates").mkdir(exist_ok=True)
    (state / "templates" / "planted.cache").write_bytes(b"code")
    git(project, "add", "-f", f"{STATE}/templates/planted.cache")
    result = run_build("check", root=project)
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert result.stderr == (f"check: {state} holds files git tracks (a commit added them): remove them from git "
                             f"(git rm -r --cached {STATE}), then remove it (rm -r {STATE}) and run the command "
                             "again\n")


def made_workspace(project: Path) -> Path:
    """The project's own workspace, as its first command makes it."""
    assert run_build("check", root=project).returncode == 0
    return project / STATE


DAMAGED = {
    "a truncated owner mark": lambda state: (state / "owner").write_bytes(b"12"),
    "a workspace that is a file": lambda state: (shutil.rmtree(state), state.write_text("{")),
    "a workspace that is a link": lambda state: (shutil.rmtree(state), state.symlink_to(state.parent.parent)),
    "a lock that is a FIFO": lambda state: ((state / "content.lock").unlink(), os.mkfifo(state / "content.lock")),
    "a lock that is a folder": lambda state: ((state / "content.lock").unlink(), (state / "content.lock").mkdir()),
}


@pytest.mark.parametrize("damage", [*DAMAGED, "a copied workspace"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_damaged_workspace_gets_one_line_saying_what_to_remove(project, copies, damage, command):
    if damage == "a copied workspace":  # made by another copy of the project, then copied here
        other = copies / "other"
        shutil.copytree(project, other)
        shutil.copytree(made_workspace(other), project / STATE)
    else:
        DAMAGED[damage](made_workspace(project))
    before = content(project)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project), *command],
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert result.stderr.count("\n") == 1 and ("rm -r .drawarchive" in result.stderr)
    assert content(project) == before


def test_commands_started_together_on_a_fresh_project_all_find_its_workspace(project):
    """Five readers and a writer started at once race to make .drawarchive/; none may refuse it."""
    for run in range(3):
        shutil.rmtree(project / STATE, ignore_errors=True)
        started = [subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project), "check"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for _ in range(6)]
        for command in started:
            _, err = command.communicate(timeout=120)
            assert (command.returncode, err) == (0, ""), f"run {run}: {err}"
        assert sorted(path.name for path in (project / STATE).iterdir()) == ["content.lock", "owner"]


@pytest.mark.parametrize("left", [[], ["owner.4242.new"]], ids=["an empty folder", "a draft of the mark"])
def test_a_workspace_whose_making_was_stopped_is_taken_as_new(project, left):
    """A kill between making the folder and linking its mark in leaves nothing that could steer a command."""
    (project / STATE).mkdir()
    for name in left:
        (project / STATE / name).write_text("12")
    result = run_build("check", root=project)
    assert (result.returncode, result.stderr) == (0, "")
    status = os.stat(project / STATE)
    assert (project / STATE / "owner").read_text() == f"{status.st_dev} {status.st_ino}\n"


@pytest.mark.parametrize("leftover", ["a link", "a FIFO", "a file"])
def test_a_strange_staging_folder_is_removed_never_followed(project, copies, leftover):
    outside = copies / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("kept")
    staging = made_workspace(project) / "tmp"
    {"a link": lambda: staging.symlink_to(outside), "a FIFO": lambda: os.mkfifo(staging),
     "a file": lambda: staging.write_text("x")}[leftover]()
    result = run_build(*COMMANDS[3], root=project)
    assert result.returncode == 0, result.stderr
    assert (outside / "keep.md").read_text() == "kept" and list(outside.iterdir()) == [outside / "keep.md"]
    assert not os.path.lexists(staging)


def test_a_year_folder_that_links_out_of_the_project_is_never_written_through(project, copies):
    outside = copies / "outside"
    outside.mkdir()
    (project / "content/draws/2026").symlink_to(outside)
    result = run_build("import", str(LATER), root=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert list(outside.iterdir()) == []


def test_a_full_disk_while_staging_writes_nothing_and_says_so(project):
    """RLIMIT_FSIZE stands for a full disk: a write past it fails as ENOSPC would."""
    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    made_workspace(project)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project), "import", str(LATER)],
                            capture_output=True, text=True, timeout=120, preexec_fn=small_files)
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert result.stderr == ("import: .drawarchive/tmp cannot hold the new files (File too large); nothing in "
                             "content/ was written\n")
    assert list((project / "content/draws").iterdir()) == []
    assert not (project / STATE / "tmp").exists()


@pytest.mark.parametrize("root", ["/nonexistent", "/"])
def test_root_must_name_a_project(root):
    result = run_build("check", root=Path(root))
    assert result.returncode == 1
    assert result.stderr == (f"check: {root} is not a project (expected a folder holding content/; --root names "
                             "it)\n")
    assert not Path("/.drawarchive").exists()


def test_a_writer_waiting_names_the_command_it_waits_for(project):
    made_workspace(project)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from drawarchive.content.lock import content_lock; "
                               "lock = content_lock(Path(sys.argv[1]), write=False, who='check'); lock.__enter__(); "
                               "print('held', flush=True); time.sleep(60)", str(project)],
                              stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        waiting = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project), *COMMANDS[3]],
                                   stderr=subprocess.PIPE, text=True)
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert line.startswith(f"new: waiting for another command to finish with content/ (pid {holder.pid}: -c ")
        assert line.endswith("(Ctrl-C to stop)\n")
    finally:
        holder.kill()
    assert waiting.wait(60) == 0


def test_files_written_by_import_and_new_have_the_usual_permissions(project):
    old = os.umask(0o022)
    try:
        assert run_build("import", str(LATER), root=project).returncode == 0
        assert run_build(*COMMANDS[3][:2], "449", *COMMANDS[3][3:], root=project).returncode == 0
    finally:
        os.umask(old)
    modes = {oct(p.stat().st_mode & 0o777) for p in (project / "content/draws").rglob("*.md")}
    assert modes == {"0o644"}
