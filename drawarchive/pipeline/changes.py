"""What changed since the last build, and so which draws' pages must be planned again.

A draw's page shows the draw itself, the rows of its neighbours (overall and in its category, which is
also what "change since the category's last" reads) and whether the rounds its notes mention exist.
So after an edit to some draws' files, and to nothing else a build reads, the draw pages that can see
the edit are the edited draws', their neighbours' before and after it, and those whose notes mention an
edited round. Every other draw page is carried over as it is. Anything else changed (a category, a
translation of the site's texts, the generator, the day): every page is planned.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from drawarchive.languages.registry import others
from drawarchive.model import Archive
from drawarchive.model.views import ArchiveView
from drawarchive.render.markup import mentioned_rounds

DRAWS = "draws"  # content/draws/: each draw's files; everything else under content/ is shared by all pages


@dataclass(frozen=True, slots=True)
class Inputs:
    """content/'s digests: of everything (with the context), of all but the draws' files, and of each draw."""

    whole: str
    shared: str
    draws: dict[str, str]  # a draw's file, as Draw.path names it, -> digest of it and its translations


def draw_source(relative: str) -> str:
    """The draw file a file under content/draws/ belongs to: 254.fr.md belongs to 254.md."""
    for other in others():
        if relative.endswith(other.suffix):
            return relative[: -len(other.suffix)] + ".md"
    return relative


def split_digests(parts: Mapping[str, bytes], whole: str, folder: Path, context: Iterable[str]) -> Inputs:
    """Inputs from each file's digest, named relative to content/."""
    shared = hashlib.sha256("\0".join(context).encode())
    by_draw: dict[str, hashlib._Hash] = {}
    for name, digest in sorted(parts.items()):
        if name.startswith(DRAWS + os.sep) and name.endswith(".md"):
            source = os.path.join(folder.name, draw_source(name))
            by_draw.setdefault(source, hashlib.sha256()).update(f"{name}\0".encode() + digest)
        else:
            shared.update(f"{name}\0".encode() + digest)
    return Inputs(whole, shared.hexdigest(), {path: h.hexdigest() for path, h in by_draw.items()})


@dataclass(frozen=True, slots=True)
class Seen:
    """What the state keeps of a draw: its files' digest, its label, and the rounds its page shows."""

    digest: str
    label: str
    sees: tuple[str, ...]  # its neighbours and the rounds its notes mention

    def saved(self) -> list[object]:
        return [self.digest, self.label, list(self.sees)]


def seen(archive: Archive, inputs: Inputs, before: Mapping[str, Seen]) -> dict[str, Seen]:
    """Every draw's Seen; the rounds its notes mention are worked out again only for an edited draw."""
    view = ArchiveView(archive)
    found = {}
    for draw in archive.draws:
        digest = inputs.draws.get(draw.path, "")
        old = before.get(draw.path)
        mentions = [m for m in old.sees if m.startswith("#")] if old and old.digest == digest else [
            f"#{label}" for label in sorted(mentioned_rounds(draw.body))]
        near = {row.label for pair in (view.neighbours(draw.label), view.category_neighbours(draw.label, draw.category))
                for row in pair if row is not None}
        found[draw.path] = Seen(digest, draw.label, (*sorted(near), *mentions))
    return found


def to_plan(before: Mapping[str, Seen], now: Mapping[str, Seen]) -> frozenset[str]:
    """The labels of the draws whose pages can show an edit between the two."""
    edited = {s.label for path, s in now.items() if path not in before or before[path].digest != s.digest}
    edited |= {s.label for path, s in before.items() if path not in now or now[path].label != s.label}
    planned = set(edited)
    for states in (before, now):
        for s in states.values():
            near = {m.lstrip("#") for m in s.sees}
            if s.label in edited:
                planned |= {m for m in s.sees if not m.startswith("#")}
            elif near & edited:
                planned.add(s.label)
    return frozenset(planned)


def load_seen(saved: object) -> dict[str, Seen]:
    """The state's record of the draws, or nothing where it has none or not in this form."""
    if not isinstance(saved, dict):
        return {}
    try:
        return {path: Seen(str(d), str(label), tuple(str(s) for s in sees)) for path, (d, label, sees) in saved.items()}
    except (TypeError, ValueError):
        return {}
