"""site/ and what sits beside it: the build lock, the staging folder, and the state of the last build.

A build holds the lock from start to end, so two builds of one site never interleave. It first
clears what a killed build left behind (and puts site/ back if one was killed mid-swap), writes
into a staging folder, and exchanges it with site/ in one rename where the system allows
(Linux's renameat2), so that site/ exists and is whole at every moment.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from drawarchive.content.writes import exchange


class UnsafeOutput(ValueError):
    """An output path that would leave the site folder, or that two outputs share."""


def link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def check_paths(paths: Iterable[str], seen: set[str] | None = None, folders: set[str] | None = None) -> set[str]:
    """The folders the outputs need, besides `folders` (those of `seen`, the paths checked before);
    refuses a path outside the site, one given twice, or one that is also a folder of others.
    `seen` and `folders` are updated, so a build can check its outputs a batch at a time."""
    seen, folders = set() if seen is None else seen, set() if folders is None else folders
    new: set[str] = set()
    for path in paths:
        parts = PurePosixPath(path).parts
        if (not parts or path.startswith("/") or "\\" in path or "\0" in path
                or any(part in ("", ".", "..") for part in path.split("/"))):
            raise UnsafeOutput(f"{path!r}: an output path must stay inside the site folder")
        if path in seen:
            raise UnsafeOutput(f"{path!r}: two outputs share this path")
        above = {"/".join(parts[:i]) for i in range(1, len(parts))}
        clash = ({path} & folders) or (above & seen)
        if clash:
            raise UnsafeOutput(f"{min(clash)!r}: an output is also a folder of other outputs")
        seen.add(path)
        new |= above - folders
        folders |= above
    return new


class Workspace:
    def __init__(self, target: Path) -> None:
        self.target = target.absolute()
        self.parent, name = self.target.parent, self.target.name
        self.lock_path = self.parent / f".{name}-lock"
        self.state_path = self.parent / f".{name}-state.json"  # beside the site: the site must not depend on it
        self.new_prefix, self.old_prefix = f".{name}-new-", f".{name}-old-"
        self.staging: Path | None = None
        self._paths: set[str] = set()  # the outputs given to make_folders, and their folders
        self._folders: set[str] = set()
        self._lock: int | None = None

    def __enter__(self) -> Workspace:
        self.parent.mkdir(parents=True, exist_ok=True)
        self._lock = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"build: waiting for another build of {self.target.name}/ to finish", file=sys.stderr, flush=True)
            fcntl.flock(self._lock, fcntl.LOCK_EX)
        self.recover()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)  # releases the lock

    def recover(self) -> None:
        """Puts site/ back if a build was killed between the two renames of a swap; clears leftovers."""
        retired = sorted(self.parent.glob(f"{self.old_prefix}*/site"), key=lambda p: p.stat().st_mtime)
        if not self.target.exists() and retired:
            os.replace(retired[-1], self.target)
        for leftover in [*self.parent.glob(f"{self.new_prefix}*"), *self.parent.glob(f"{self.old_prefix}*"),
                         *self.parent.glob(f".{self.state_path.name}.*.tmp")]:
            shutil.rmtree(leftover) if leftover.is_dir() and not leftover.is_symlink() else leftover.unlink()

    def stage(self) -> Path:
        """A fresh staging folder, empty: see make_folders."""
        self.staging = Path(tempfile.mkdtemp(dir=self.parent, prefix=self.new_prefix))
        self._paths, self._folders = set(), set()
        return self.staging

    def make_folders(self, paths: Iterable[str]) -> None:
        """The folders these outputs need, made in the staging folder once the paths are checked."""
        assert self.staging is not None
        for folder in sorted(self.register(paths)):  # a parent sorts first
            (self.staging / folder).mkdir()

    def register(self, paths: Iterable[str]) -> set[str]:
        """Checks these outputs against each other and those given before; returns the folders they add."""
        return check_paths(paths, self._paths, self._folders)

    def swap(self) -> None:
        """The staging folder becomes site/; the state is dropped first, so it never describes another site."""
        assert self.staging is not None
        self.state_path.unlink(missing_ok=True)
        if not self.target.exists():
            os.replace(self.staging, self.target)
        elif exchange(self.staging, self.target):
            shutil.rmtree(self.staging)
        else:
            retired = Path(tempfile.mkdtemp(dir=self.parent, prefix=self.old_prefix))
            os.replace(self.target, retired / "site")
            os.replace(self.staging, self.target)
            shutil.rmtree(retired)
        self.staging = None

    def load_state(self) -> dict[str, Any]:
        """What the last completed build left: "files" (each file's fingerprint) and "inputs" (the
        digest of everything it read); empty if it did not complete."""
        try:
            state = json.loads(self.state_path.read_text())
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) and isinstance(state.get("files"), dict) else {}

    def save_state(self, state: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.parent, prefix=f".{self.state_path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            json.dump(state, handle)
        os.replace(tmp, self.state_path)
