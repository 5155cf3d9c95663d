"""One writer at a time in content/, and changes that finish even when their writer is killed.

`import` and `new` hold the lock alone; `build`, `check` and `serve` share it while they read, so
they never see a writer's work half done. A writer stages each new file in .drawarchive/tmp/
(never in content/, where a reader or `git add content` would find it), records every change in
a journal, then makes them, each only if the file still holds the bytes the writer read (a
person may save an edit at any moment; their file is then left alone and reported). A writer
killed part way leaves the journal behind, and whoever takes the lock next finishes its work.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from drawarchive.model.options import printable

STATE = ".drawarchive"  # beside content/, so that a rename never crosses file systems; git-ignored
LOCK, JOURNAL, TMP = "content.lock", "journal.json", "tmp"


@dataclass(frozen=True, slots=True)
class Change:
    """One file's change: from the bytes it held when read (None: absent) to its new bytes (None: removed)."""

    path: Path
    before: bytes | None
    after: bytes | None


@contextmanager
def content_lock(root: Path, *, write: bool, who: str) -> Iterator[list[str]]:
    """Holds content/'s lock: alone to write, shared to read. First finishes what a killed writer's
    journal records, saying so on stderr (content/ never changes unsaid), and yields those lines."""
    state = root / STATE
    try:
        state.mkdir(exist_ok=True)
        handle = os.open(state / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError:
        if write:
            raise
        yield []  # a folder no one can write to has no writer to wait for
        return
    try:
        _take(handle, fcntl.LOCK_EX if write else fcntl.LOCK_SH, who)
        healed: list[str] = []
        if (state / JOURNAL).exists() or (write and (state / TMP).exists()):
            if not write:
                _take(handle, fcntl.LOCK_EX, who)  # finishing the journal writes: alone, then share again
            healed = [f"{path}: {outcome}" for path, outcome in finish(root)]
            for line in healed:
                print(f"{who}: finished what an interrupted command left: {printable(line)}", file=sys.stderr)
            if not write:
                _take(handle, fcntl.LOCK_SH, who)
        yield healed
    finally:
        os.close(handle)  # releases the lock


def _take(handle: int, mode: int, who: str) -> None:
    try:
        fcntl.flock(handle, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"{who}: waiting for another command to finish with content/", file=sys.stderr, flush=True)
        fcntl.flock(handle, mode)


def apply(root: Path, groups: list[list[Change]]) -> tuple[list[Change], list[Change]]:
    """Makes each group of changes (one round's files) wholly or not at all; the lock must be held.

    A group whose files no longer hold the bytes that were read is left alone. Returns (made, refused).
    """
    ready = [all(_current(c.path) == c.before for c in group) for group in groups]
    state = root / STATE
    (state / TMP).mkdir(parents=True, exist_ok=True)
    entries = [{"path": c.path.relative_to(root).as_posix(), "before": _digest(c.before), "after": _digest(c.after),
                "staged": _stage(state / TMP, c.after) if c.after is not None else None}
               for group, go in zip(groups, ready, strict=True) if go for c in group]
    _write_whole(state / JOURNAL, json.dumps(entries, indent=1).encode())
    outcomes = dict(finish(root))
    made: list[Change] = []
    refused: list[Change] = []
    for group, go in zip(groups, ready, strict=True):
        for change in group:
            done = go and outcomes.get(change.path.relative_to(root).as_posix()) != LEFT
            (made if done else refused).append(change)
    return made, refused


LEFT = "changed by someone else meanwhile; left as it is"


def finish(root: Path) -> list[tuple[str, str]]:
    """Makes what the journal records and is not made yet, then clears the journal and the staged files.

    Returns (path, what happened) for each file this changed, or left alone because it changed since."""
    state = root / STATE
    try:
        entries = json.loads((state / JOURNAL).read_bytes())
    except FileNotFoundError:
        entries = []
    done = [(entry["path"], _settle(root / entry["path"], entry, state / TMP)) for entry in entries]
    (state / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(state / TMP, ignore_errors=True)
    for torn in state.glob(f".{JOURNAL}.*"):  # a journal being written when its writer was killed
        torn.unlink()
    return [(path, outcome) for path, outcome in done if outcome]


def _settle(path: Path, entry: dict[str, str | None], staging: Path) -> str:
    """One journal entry: made now (what was done), made already (""), or left (LEFT)."""
    now = _digest(_current(path))
    if now == entry["after"]:
        return ""
    if now != entry["before"]:
        return LEFT
    if entry["after"] is None:
        path.unlink()
        return "removed"
    staged = staging / str(entry["staged"])
    path.parent.mkdir(parents=True, exist_ok=True)
    if entry["before"] is not None:
        os.replace(staged, path)
        return "written"
    try:
        os.link(staged, path)  # never replaces a file that appeared since
    except FileExistsError:
        return LEFT
    return "written"


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _stage(folder: Path, data: bytes) -> str:
    handle, name = tempfile.mkstemp(dir=folder, suffix=".md")
    with os.fdopen(handle, "wb") as staged:  # a kill can't tear it: it is named in the journal once written
        staged.write(data)
    return Path(name).name


def _write_whole(path: Path, data: bytes) -> None:
    """Written beside, flushed to disk, then renamed: the journal exists whole or not at all."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as staged:
        staged.write(data)
        staged.flush()
        os.fsync(staged.fileno())
    os.replace(name, path)
