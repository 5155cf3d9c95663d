"""How a writer (`import`, `new`) changes content/: changes that a kill can neither tear nor steer.

No record of a writer's work is kept, so nothing left on disk can tell a later command what to do.
Each file changes in one atomic step: a new file is linked into place; a changed one is exchanged
with its staged bytes, and what it held is compared with what was read and put back if a person
saved meanwhile; a file that changes folder is renamed, never over another. Whenever a writer dies,
every file in content/ holds its bytes from before or after, in one place, and running the writer
again finishes the work. New bytes are staged in .drawarchive/tmp/, never in content/ (where `git add
content` would find them), and flushed before they are linked in; a writer clears that folder first.
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import sys
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path

from drawarchive.content.lock import DROP, FILE, FOLDER, STATE, TMP, WorkspaceError, open_workspace
from drawarchive.model.validation import printable

RENAME_NOREPLACE, RENAME_EXCHANGE = 1, 2


@dataclass(frozen=True, slots=True)
class Change:
    """One file's change: from the bytes it held when read (None: absent) to its new bytes (None: kept as
    they are); then, with `to`, the file moves there (a draw whose year changed, and its translations)."""

    path: Path
    before: bytes | None
    after: bytes | None
    to: Path | None = None



def apply(root: Path, groups: list[list[Change]]) -> list[Path | None]:
    """Makes each group of changes (one round's files) in order, each only if the files still hold the bytes
    that were read; the lock must be held. Returns, per group, None once made, or the file found changed.

    A group found changed before it starts is left alone whole; one that a person's save meets part way
    stops there, with every file whole and in one place, and the next run finishes it."""
    with ExitStack() as stack:
        folders = _Folders(root, stack)
        staging = folders.staging()
        stack.callback(_clear, folders.state)  # whatever happens, before the folders close
        try:
            count = iter(range(sys.maxsize))
            names = [[_stage(staging, next(count), change.after) for change in group] for group in groups]
            os.fsync(staging)
        except OSError as error:
            raise WorkspaceError(f"{STATE}/{TMP} cannot hold the new files ({error.strerror}); nothing in content/ "
                                 "was written") from None
        if os.fstat(staging).st_dev != os.fstat(folders.open(root / "content")).st_dev:
            raise WorkspaceError(f"{STATE} is on another file system than content/, so its files can't be moved "
                                 f"in whole: {DROP}")
        try:
            return [_make(folders, staging, group, staged) for group, staged in zip(groups, names, strict=True)]
        except OSError as error:
            raise WorkspaceError(f"content/ could not be changed further ({error.strerror}); every file is whole: "
                                 "run the command again once that is mended") from None


def _make(folders: _Folders, staging: int, group: list[Change], staged: list[str | None]) -> Path | None:
    for change in group:
        if change.after is not None and not folders.holds(change.path, change.before):
            return change.path
    for change, name in zip(group, staged, strict=True):
        folder, leaf = folders.open(change.path.parent), change.path.name
        if name is not None and not _put(staging, name, folder, leaf, change.before):
            return change.path
        if change.to is not None:
            target = folders.open(change.to.parent)
            if not _rename(folder, leaf, target, change.to.name, RENAME_NOREPLACE):
                return change.to
            os.fsync(target)
        os.fsync(folder)
    return _saved_behind(folders, group)


def _saved_behind(folders: _Folders, group: list[Change]) -> Path | None:
    """A file saved again at a place the group moved a file from (an editor that still had it open): the
    moved copy is dropped if it holds only what the writer put there, so the person's file stands alone."""
    for change in group:
        if change.to is not None and not folders.holds(change.path, None):
            moved = change.before if change.after is None else change.after
            target = folders.open(change.to.parent)
            if _holds(target, change.to.name, moved):
                os.unlink(change.to.name, dir_fd=target)
                os.fsync(target)
            return change.path
    return None


def _put(staging: int, name: str, folder: int, leaf: str, before: bytes | None) -> bool:
    """The staged file takes leaf's place, if leaf still holds `before`; False (and leaf as it was) if not."""
    if before is None:
        try:
            os.link(name, leaf, src_dir_fd=staging, dst_dir_fd=folder, follow_symlinks=False)
        except FileExistsError:
            return False
        return True
    try:
        swapped = _rename(staging, name, folder, leaf, RENAME_EXCHANGE)
    except FileNotFoundError:
        return False
    if not swapped:  # no exchange on this system: compare, then replace
        if not _holds(folder, leaf, before):
            return False
        os.replace(name, leaf, src_dir_fd=staging, dst_dir_fd=folder)
        return True
    if _holds(staging, name, before):
        return True
    _rename(staging, name, folder, leaf, RENAME_EXCHANGE)  # a person saved meanwhile: their file goes back
    return False


_renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)


def _rename(old_folder: int, old: str, new_folder: int, new: str, flags: int) -> bool:
    """Linux's renameat2: True once done; False where new exists (RENAME_NOREPLACE). An exchange the system
    can't make returns False too, and so does a rename without replacing, after falling back to link + unlink."""
    if _renameat2 is not None and _renameat2(old_folder, os.fsencode(old), new_folder, os.fsencode(new), flags) == 0:
        return True
    code = ctypes.get_errno() if _renameat2 is not None else errno.ENOSYS
    if code == errno.EEXIST:
        return False
    if code not in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        raise OSError(code, os.strerror(code), new)
    if flags == RENAME_EXCHANGE:
        return False
    try:
        os.link(old, new, src_dir_fd=old_folder, dst_dir_fd=new_folder, follow_symlinks=False)
    except FileExistsError:
        return False
    os.unlink(old, dir_fd=old_folder)
    return True


def exchange(a: Path, b: Path) -> bool:
    """Swaps two paths in one step; False where the system can't."""
    return _rename(-100, str(a), -100, str(b), RENAME_EXCHANGE)  # -100: AT_FDCWD, paths as given


class _Folders:
    """content/'s folders, each opened once, from the project down, never through a link; made when missing."""

    def __init__(self, root: Path, stack: ExitStack) -> None:
        self.root, self.stack = root, stack
        self.opened: dict[Path, int] = {}
        state = open_workspace(root, write=True)
        assert state is not None  # a writer's workspace is made, or refused
        self.state = self._keep(state)

    def _keep(self, handle: int) -> int:
        self.stack.callback(os.close, handle)
        return handle

    def open(self, folder: Path, make: bool = True) -> int:
        """A folder of content/ (content/ itself included), opened from the project down; FileNotFoundError
        if missing and not to be made."""
        relative = folder.relative_to(self.root / "content")  # a path a writer made: always inside content/
        if relative not in self.opened:
            parent = self.open(folder.parent, make) if relative.parts else None
            name = relative.name if relative.parts else str(self.root / "content")
            if make and parent is not None:
                with suppress(FileExistsError):
                    os.mkdir(name, dir_fd=parent)
            try:
                self.opened[relative] = self._keep(os.open(name, FOLDER, dir_fd=parent))
            except FileNotFoundError:
                raise
            except OSError as error:
                raise WorkspaceError(f"content/{printable(relative.as_posix())} is a link or not a folder "
                                     f"({error.strerror}); nothing more was written") from None
        return self.opened[relative]

    def holds(self, path: Path, expected: bytes | None) -> bool:
        """Whether a file holds these bytes (None: is absent); its folder is not made for the asking."""
        try:
            folder: int | None = self.open(path.parent, make=False)
        except FileNotFoundError:
            folder = None
        return _holds(folder, path.name, expected)

    def staging(self) -> int:
        """The staging folder, emptied of what a stopped writer left."""
        _clear(self.state)
        os.mkdir(TMP, dir_fd=self.state)
        return self._keep(os.open(TMP, FOLDER, dir_fd=self.state))


def _clear(state: int) -> None:
    """Removes the staging folder; a link or a file in its place is removed, never followed or opened."""
    try:
        found = os.stat(TMP, dir_fd=state, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(found.st_mode):
        shutil.rmtree(TMP, dir_fd=state)
    else:
        os.unlink(TMP, dir_fd=state)


def _stage(staging: int, number: int, data: bytes | None) -> str | None:
    """Writes data to a new file in the staging folder, flushed to disk; its name."""
    if data is None:
        return None
    name = f"{number}.md"
    handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666,
                     dir_fd=staging)  # 0o666 less the umask: 0644 as usual
    with os.fdopen(handle, "wb") as staged:
        staged.write(data)
        staged.flush()
        os.fsync(staged.fileno())
    return name


def _holds(folder: int | None, leaf: str, expected: bytes | None) -> bool:
    """Whether leaf holds these bytes (None: is absent). A link, a FIFO or a device holds none: it is never
    followed or read (O_NONBLOCK: a FIFO can't hang this), and a file is read no further than needed."""
    try:
        handle = os.open(leaf, FILE, dir_fd=folder) if folder is not None else None
    except FileNotFoundError:
        handle = None
    except OSError:  # a link (ELOOP), or unreadable
        return False
    if handle is None:
        return expected is None
    with os.fdopen(handle, "rb") as file:
        if expected is None or not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return False
        return file.read(len(expected) + 1) == expected

