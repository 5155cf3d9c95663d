"""The import summary as a pull request's description, safe for GitHub to render.

Everything in it that came from outside (IRCC's values, a server's words, a person's file) is a
code span: GitHub makes no mention (@name), no reference or closing keyword (Fixes #1), no image
and no HTML of what is inside one. Control characters are escaped first, so a value stays on its
line. GitHub refuses a description over 65,536 characters, so a long summary is cut at a line,
and the whole of it goes to a second file, which the sync workflow keeps as an artifact.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from drawarchive.model.validation import printable

MAX_CHARACTERS = 60_000  # GitHub's limit is 65,536: room for the closing lines
BACKTICKS = re.compile(r"`+")


def code(text: str) -> str:
    """Text as one inline code span, whatever backticks it holds (CommonMark: a longer fence)."""
    text = printable(text)
    fence = "`" * (max((len(run) for run in BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_summary(title: str, summary: str, sections: list[tuple[str, list[str]]], closing: str) -> str:
    """Title, a bold summary line, then a list per section that has lines."""
    body = "".join(f"\n## {heading}\n\n" + "".join(f"- {line}\n" for line in lines)
                   for heading, lines in sections if lines)
    return f"{title}\n\n**Summary:** {summary}.\n{body}\n{closing}\n"


def capped(text: str, full_name: str, limit: int = MAX_CHARACTERS) -> tuple[str, bool]:
    """The text cut at a line to fit the limit, saying where the rest is; and whether it was cut."""
    if len(text) <= limit:
        return text, False
    lines = text.splitlines(keepends=True)
    kept, size = [], 0
    for line in lines:
        if size + len(line) > limit:
            break
        kept.append(line)
        size += len(line)
    left = len(lines) - len(kept)
    return "".join(kept) + (f"\n**Cut short:** {left:,} more lines are in the workflow run's artifact "
                            f"`import-summary` ({code(full_name)}).\n"), True


def write_summary(path: Path, text: str) -> None:
    """Writes the description, and beside it the whole text as NAME.full.md when it had to be cut."""
    full = path.with_name(path.name.removesuffix(".md") + ".full.md")
    shown, cut = capped(text, full.name)
    _write(path, shown)
    if cut:
        _write(full, text)
    else:
        full.unlink(missing_ok=True)  # a stale copy must not be taken for this import's


def summary_problem(path: Path) -> str | None:
    """Why the summary (and its full copy beside) can't be written there; None if it can. Only a regular file
    is written, never a folder, a device or a link, and only where the person may write."""
    for target in (path, path.with_name(path.name.removesuffix(".md") + ".full.md")):
        if not target.parent.is_dir():
            return f"{target.parent} is not a folder (expected a file in an existing folder)"
        if os.path.lexists(target) and (target.is_symlink() or not target.is_file()):
            return f"{target} is not a regular file (expected a new file, or one to replace)"
        if not os.access(target.parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
            return f"{target} cannot be written (permission denied)"
    return None


def _write(path: Path, text: str) -> None:
    """Written beside, then renamed over: a reader never sees half of it; a failed write leaves nothing."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    # A new file, never one found there (a link would lead elsewhere); 0o666 less the umask, as an editor's.
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
