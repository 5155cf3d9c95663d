"""Finding and reading the content's files: every Markdown file under a folder, read safely.

Only regular files are read, never through a link and never more than MAX_FILE bytes, and
anything else in the folders (a link, a FIFO, a folder named like a file, nesting too deep) is a
Problem. Each file read is parsed by source.parse_file.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from drawarchive.content.source import MAX_BODY, MAX_FRONT_MATTER, SourceFile, decode, display_path, parse_file
from drawarchive.languages.registry import others
from drawarchive.model.validation import Problem

MAX_FILE = MAX_FRONT_MATTER + MAX_BODY + 1_000  # bytes; a larger file is refused before it is read
ParseCache = dict[str, tuple[tuple[int, int], "SourceFile | Problem"]]
MAX_FOLDERS = 3  # below content/draws or content/categories: a draw sits one down, in its year
# Opened without following a link, and without waiting: a FIFO that slipped past lstat() must not block.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def content_files(folder: Path, root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every .md file under folder, sorted, without following links.

    A symbolic link or anything but a regular file is refused: it could publish a file from
    outside the repository, or never end (/dev/zero, a FIFO, which is never opened). Hidden
    folders and editors' lock files (.#254.md) are skipped; every other name ending in .md is
    read, so that `..md` or `.254.md` gets an error rather than silence.
    """
    walk = _Walk(root)
    for outer in (folder.parent, folder):
        if outer.is_symlink():
            walk.refuse(outer, "a symbolic link", "a folder in the repository")
            return walk.found, walk.problems

    # Walked with a stack, not os.walk, which recurses in Python 3.11: 1,200 nested folders made
    # check end in RecursionError. Folders deeper than MAX_FOLDERS are refused, not entered.
    stack = [(folder, 0)] if folder.is_dir() else []
    if os.path.lexists(folder) and not stack:
        walk.refuse(folder, "not a folder", "a folder of Markdown files")
    while stack:
        directory, depth = stack.pop()
        stack.extend(reversed(walk.folder(directory, depth)))
    return sorted(walk.found), walk.problems


@dataclass
class _Walk:
    """One walk of content_files: the files found and the problems met, in the order met."""

    root: Path
    found: list[tuple[str, Path]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def shown_path(self, path: Path | str) -> str:
        try:
            return display_path(Path(path).relative_to(self.root).as_posix())
        except ValueError:
            return display_path(str(path))

    def refuse(self, path: Path | str, problem: str, expected: str) -> None:
        self.problems.append(Problem(self.shown_path(path), 1, "file", problem, expected))

    def folder(self, directory: Path, depth: int) -> list[tuple[Path, int]]:
        """Looks at a folder's entries in name order; returns the folders in it still to walk, so
        that the caller's stack, not Python's, holds the nesting."""
        try:
            with os.scandir(directory) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as error:
            self.refuse(directory, f"cannot be read ({error.strerror})", "a readable folder")
            return []
        inner: list[tuple[Path, int]] = []
        for name in names:
            path = directory / name
            try:
                mode = os.lstat(path).st_mode  # lstat: a link is seen as a link, never followed
            except OSError as error:
                self.refuse(path, f"cannot be read ({error.strerror})", "a readable file")
                continue
            if stat.S_ISDIR(mode) and name.startswith("."):
                continue
            if stat.S_ISLNK(mode):
                self.refuse(path, "a symbolic link", "a regular file or folder in the repository")
            elif stat.S_ISDIR(mode):
                inner += self.subfolder(path, name, depth)
            else:
                self.file(path, name, mode)
        return inner

    def subfolder(self, path: Path, name: str, depth: int) -> list[tuple[Path, int]]:
        """A folder in one at depth: still entered when named like a Markdown file (it is refused
        too, as a draw that would otherwise go missing), but not when nested too deep."""
        if name.lower().endswith(".md"):
            self.refuse(path, "a folder", "a Markdown text file, not a folder named like one")
        if depth < MAX_FOLDERS:
            return [(path, depth + 1)]
        self.refuse(path, f"a folder nested {depth + 1} deep", f"at most {MAX_FOLDERS} levels of folders here")
        return []

    def file(self, path: Path, name: str, mode: int) -> None:
        """Anything else: kept if a regular .md file; refused if only named like one (a FIFO, 254.MD),
        so that a draw is never silently left out."""
        if name.endswith(".md") and not name.startswith(".#"):
            if stat.S_ISREG(mode):
                self.found.append((self.shown_path(path), path))
            else:
                self.refuse(path, "not a regular file", "a Markdown text file")
        elif name.lower().endswith(".md") and not name.startswith(".#"):
            self.refuse(path, f"named {name[-3:]!r}, which is not read", "a file name ending in .md, in lower case")


def english(name: str) -> bool:
    """Content in the source language: not a companion in another of the site's languages (stem.fr.md,
    254.fr.md; see translations.py)."""
    return not any(name.endswith(other.suffix) for other in others())


def read_files(folder: Path, root: Path, cache: ParseCache | None = None,
               include: Callable[[str], bool] = english, walk_problems: bool = True
               ) -> tuple[list[SourceFile], list[Problem]]:
    """Parses every Markdown file under folder that `include` takes (by default the English ones).

    With a cache (serve keeps one), unchanged files are not re-parsed. A second reading of a
    folder (for another language's files) leaves out what the walk found wrong: the first said it.
    """
    files: list[SourceFile] = []
    problems: list[Problem] = []
    for parsed in parse_files(folder, root, cache, include, walk_problems):
        if isinstance(parsed, Problem):
            problems.append(parsed)
        else:
            files.append(parsed)
    return files, problems


def parse_files(folder: Path, root: Path, cache: ParseCache | None = None,
                include: Callable[[str], bool] = english, walk_problems: bool = True
                ) -> Iterator[SourceFile | Problem]:
    """read_files, one file at a time: a caller that keeps only what it makes of each file never
    holds every parsed file at once (20,000 of them peaked at 270 MB)."""
    paths, problems = content_files(folder, root)
    if walk_problems:
        yield from problems
    for name, path in paths:
        if include(name):
            yield parse_path(name, path, cache)


def parse_path(name: str, path: Path, cache: ParseCache | None = None) -> SourceFile | Problem:
    """One file found by content_files, parsed, or taken from the cache if unchanged since."""
    try:
        info = os.lstat(path)
    except OSError as error:  # removed since the folder was listed
        return Problem(name, 1, "file", f"cannot be read ({error.strerror})", "a readable file")
    key = (info.st_mtime_ns, info.st_size)
    if cache is not None and name in cache and cache[name][0] == key:
        return cache[name][1]
    parsed = read_path(path, name)
    if cache is not None:
        cache[name] = (key, parsed)
    return parsed


def read_path(path: Path, name: str) -> SourceFile | Problem:
    """Reads one content file, parsed: see read_bounded."""
    data = read_bounded(path, name, MAX_FILE, "a draw or category file", "a Markdown text file")
    text = data if isinstance(data, Problem) else decode(data, name)
    return text if isinstance(text, Problem) else parse_file(text, name)


def read_bounded(path: Path, name: str, limit: int, what: str, regular: str) -> bytes | Problem:
    """A regular file's bytes, at most `limit` of them, never following a link; `what` and `regular` say
    what was expected of its size and of its kind."""
    try:
        descriptor = os.open(path, OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Problem(name, 1, "file", "a symbolic link", "a regular file in the repository")
        return Problem(name, 1, "file", f"cannot be read ({error.strerror})", "a readable file")
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return Problem(name, 1, "file", "not a regular file", regular)
        data = handle.read(limit + 1) if info.st_size <= limit else b""
    if info.st_size > limit or len(data) > limit:  # the second: it grew while being read
        size = f"{info.st_size:,}" if info.st_size > limit else f"more than {limit:,}"
        return Problem(name, 1, "file", f"{size} bytes long", f"{what} of at most {limit:,}")
    return data


def draw_file(root: Path, round_label: str, day: date) -> Path:
    """content/draws/2023/254.md; zero-padded so that a year's rounds list in order (91a -> 091a.md)."""
    match = re.match(r"(\d+)(.*)", round_label)
    assert match, round_label
    return root / "content" / "draws" / str(day.year) / f"{int(match.group(1)):03d}{match.group(2)}.md"
