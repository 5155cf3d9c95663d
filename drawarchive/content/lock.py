"""One writer at a time in content/, in a workspace that is this checkout's own.

`import` and `new` hold content/'s lock alone; `build`, `check` and `serve` share it while they read,
so they never see a writer's work half done, and they never write content/ (writes.py is how a
writer changes it, each file in one atomic step, keeping no record of its work).

The workspace, .drawarchive/, is this checkout's own: made by a command, never checked out or copied
(its compiled templates are code), never tracked by git, and never entered through a link. Anything
else is refused in one line saying what to remove; nothing found there is taken as an instruction.
"""
from __future__ import annotations

import errno
import fcntl
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import cache
from pathlib import Path

from drawarchive.model.validation import printable

STATE = ".drawarchive"  # beside content/, so that a rename never crosses file systems; git-ignored
LOCK, TMP, OWNER = "content.lock", "tmp", "owner"
FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a FIFO must not block
MAX_OWNER = 64  # bytes: the owner file holds two numbers
DROP = f"remove it (rm -r {STATE}) and run the command again"


class WorkspaceError(Exception):
    """content/ or the workspace can't be used as it is: one line saying what to do."""


def ready(root: Path, write: bool) -> None:
    """Refuses, before a command does anything, a root that is not a project or a workspace it can't use."""
    if not (root / "content").is_dir():
        raise WorkspaceError(f"{printable(str(root))} is not a project (expected a folder holding content/; "
                             "--root names it)")
    state = open_workspace(root, write)
    if state is not None:
        handle = _lock_file(state, write)
        os.close(state)
        if handle is not None:
            os.close(handle)


@contextmanager
def content_lock(root: Path, *, write: bool, who: str) -> Iterator[None]:
    """Holds content/'s lock: alone to write, shared to read. A reader that finds a writer's staged
    files says that one was stopped, and how to finish or drop its work; it changes nothing."""
    ready(root, write)
    with ExitStack() as stack:
        state = open_workspace(root, write)
        if state is None:  # a read-only project: no writer can be at work in it
            yield
            return
        stack.callback(os.close, state)
        handle = _lock_file(state, write)
        if handle is not None:
            stack.callback(os.close, handle)  # closing releases the lock
            _take(handle, fcntl.LOCK_EX if write else fcntl.LOCK_SH, who)
        if not write and _leftovers(state):
            print(f"{who}: note: an `import` or `new` was stopped before it finished ({STATE}/{TMP}/ holds what it "
                  "staged): run it again to finish, or `git checkout -- content/` to drop what it did", file=sys.stderr)
        yield


def open_workspace(root: Path, write: bool) -> int | None:
    """The workspace folder, opened; made (with its owner mark) if missing; refused if it isn't ours.
    Two commands may start at once: one makes the folder, and either may write its mark."""
    where = printable(str(root / STATE))
    for _ in range(3):  # a folder made and removed by others meanwhile is tried again, not looped on
        try:
            return _own(os.open(root / STATE, FOLDER), root, where)
        except FileNotFoundError:
            pass
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.ENOTDIR):
                raise WorkspaceError(f"{where} is a link or a file, not a folder this project made: {DROP}") from None
            raise WorkspaceError(f"{where} cannot be opened ({error.strerror}): {DROP}") from None
        try:
            os.mkdir(root / STATE)
        except FileExistsError:
            continue  # another command made it: open it as found
        except OSError as error:
            if not write and error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return None
            raise WorkspaceError(f"{where} cannot be made ({error.strerror}); nothing was written") from None
    raise WorkspaceError(f"{where} keeps changing while this command opens it: {DROP}")


def _mark(state: int) -> bytes:
    status = os.fstat(state)
    return f"{status.st_dev} {status.st_ino}\n".encode()


def _read_mark(state: int) -> bytes | None:
    """The owner file's bytes; None if there is none."""
    try:
        handle = os.open(OWNER, FILE, dir_fd=state)
    except FileNotFoundError:
        return None
    except OSError:
        return b""
    with os.fdopen(handle, "rb") as owner:
        return owner.read(MAX_OWNER) if stat.S_ISREG(os.fstat(owner.fileno()).st_mode) else b""


def _write_owner(state: int) -> bytes | None:
    """Writes the owner mark whole, or finds the one another command wrote first: a file is written
    under a name of its own, then linked in, so no command ever reads a half-written mark."""
    draft = f"{OWNER}.{os.getpid()}.new"
    handle = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=state)
    try:
        with os.fdopen(handle, "wb") as owner:
            owner.write(_mark(state))
        os.link(draft, OWNER, src_dir_fd=state, dst_dir_fd=state, follow_symlinks=False)
    except FileExistsError:
        pass
    finally:
        os.unlink(draft, dir_fd=state)
    return _read_mark(state)


def _unmarked(state: int) -> bool:
    """A folder with no owner mark is being made by a command, or its making was stopped, if it holds
    nothing but drafts of the mark; such a folder can hold nothing that steers a command."""
    return all(name.startswith(f"{OWNER}.") and name.endswith(".new") for name in os.listdir(state))


def _own(state: int, root: Path, where: str) -> int:
    """The workspace, if this checkout made it: its owner file names the folder itself (a copied or
    checked-out folder is another), and git tracks nothing in it."""
    try:
        mark = _read_mark(state)
        if mark is None and _unmarked(state):
            mark = _write_owner(state)
        elif mark is None:  # another command linked its mark in between the read and the listing: read again
            mark = _read_mark(state)
    except OSError:
        mark = b""
    if mark != _mark(state):
        os.close(state)
        raise WorkspaceError(f"{where} was not made by this checkout (it was copied or checked out with the "
                             f"project, and could hold anything): {DROP}")
    if _tracked(root):
        os.close(state)
        raise WorkspaceError(f"{where} holds files git tracks (a commit added them): remove them from git "
                             f"(git rm -r --cached {STATE}), then {DROP}")
    return state


@cache  # once a process: serve takes the lock for every rebuild
def _tracked(root: Path) -> bool:
    """Whether git tracks a file in the workspace; False where there is no git or no repository."""
    if not (root / ".git").exists():
        return False
    try:
        listed = subprocess.run(["git", "-c", "core.fsmonitor=false", "-C", str(root), "ls-files", "-z", "--", STATE],
                                capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return listed.returncode == 0 and bool(listed.stdout)


def _lock_file(state: int, write: bool) -> int | None:
    """The lock file, opened; None for a reader in a workspace no one can write to (so no writer is at work)."""
    where = f"{STATE}/{LOCK}"
    try:
        try:
            handle = os.open(LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666,
                             dir_fd=state)
        except OSError as error:
            if write or error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            try:
                handle = os.open(LOCK, FILE, dir_fd=state)  # a shared lock needs no write access
            except FileNotFoundError:
                return None
    except OSError as error:
        raise WorkspaceError(f"{where} cannot be opened ({error.strerror}): {DROP}") from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise WorkspaceError(f"{where} is not a regular file: {DROP}")
    return handle


def _take(handle: int, mode: int, who: str) -> None:
    try:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{who}: waiting for another command to finish with content/{_holders(handle)} (Ctrl-C to stop)",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, mode)
    except OSError as error:
        raise WorkspaceError(f"{STATE}/{LOCK} cannot be locked ({error.strerror}): this file system has no "
                             "locks; keep the project on a local disk") from None


def _holders(handle: int) -> str:
    """Who holds the lock, from Linux's /proc/locks: ' (pid 12: build.py check)'; '' where unknown."""
    status = os.fstat(handle)
    key = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return ""
    pids = [fields[4] for fields in map(str.split, lines) if len(fields) > 5 and fields[1] != "->"
            and fields[5] == key and fields[4].isdigit() and int(fields[4]) != os.getpid()]
    if not pids:
        return ""
    try:
        command = Path(f"/proc/{pids[0]}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        command = "?"
    shown = " ".join(word for word in command.split() if not word.endswith(("python", "python3")))
    return f" (pid {pids[0]}: {printable(shown[:120])})"


def _leftovers(state: int) -> bool:
    try:
        handle = os.open(TMP, FOLDER, dir_fd=state)
    except OSError:
        return False
    try:
        return bool(os.listdir(handle))
    finally:
        os.close(handle)
