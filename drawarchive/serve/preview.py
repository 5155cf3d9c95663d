"""serve's quick path: the pages of edited draws, ready before the full rebuild.

A rebuild reads and plans the whole archive, which takes seconds at thousands of draws. When
the only change is to existing draw files, and each draw keeps its place (round, date and
category, hence its neighbours), its pages are planned from the last build's archive with those
draws replaced, by the planning a full build does, and rendered: the bytes the rebuild writes
after. serve shows them at once and reloads the browser; the rebuild follows.

What changed comes from serve's watcher, not from a walk of content/: the quick path runs while
a rebuild may hold the interpreter on another thread, and every system call (a stat, a read)
lets that thread run for up to 5 ms before this one resumes. A walk of 4,000 files took seconds.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

import jinja2

from drawarchive.config import SiteConfig
from drawarchive.content.files import content_files, read_path
from drawarchive.content.read import read_draw
from drawarchive.content.source import display_path
from drawarchive.languages.localize import draw_localizer, localize
from drawarchive.languages.texts import Texts, every
from drawarchive.model import Archive, Draw
from drawarchive.model.validation import Problem
from drawarchive.pages import draw as draw_kind
from drawarchive.pages.kind import Site, as_bytes
from drawarchive.pages.templates import compile_templates, make_environment
from drawarchive.pipeline.outputs import generator_digest
from drawarchive.pipeline.site import render_html

MAX_EDITED = 20  # draws; more at once is an import or a bulk edit, which the full rebuild is for
Change = Path | None  # a path under content/ that changed, or None: a template, a static file or site.yml did


@dataclass(frozen=True, slots=True)
class Language:
    """The archive as one language shows it, and what shows one more draw that way."""

    texts: Texts
    environment: jinja2.Environment
    archive: Archive
    localize: Callable[[Draw], Draw]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a sound build read: its archive and the names of the content files it read, and its generator."""

    archive: Archive
    files: frozenset[str]
    generator: str
    languages: tuple[Language, ...]


def content_names(root: Path) -> frozenset[str]:
    """The names of the files the reader reads, as it names them; to be taken before the build reads them."""
    found, _ = content_files(root / "content", root)
    return frozenset(name for name, _ in found)


def take_snapshot(root: Path, config: SiteConfig, archive: Archive, files: frozenset[str],
                  previous: Snapshot | None = None) -> Snapshot:
    """The previous snapshot's template environments are kept while the generator is unchanged."""
    generator = generator_digest(root, config)
    kept = previous.languages if previous is not None and previous.generator == generator else None
    languages = []
    for i, t in enumerate(every()):
        env = kept[i].environment if kept else _environment(root, config, t)
        languages.append(Language(t, env, localize(archive, t.lang), draw_localizer(archive, t.lang)))
    return Snapshot(archive, files, generator, tuple(languages))


def preview(root: Path, config: SiteConfig, snapshot: Snapshot, changes: Iterable[Change],
            today: Callable[[], date] = date.today) -> dict[str, bytes]:
    """The pages of the draws edited since the snapshot's build began (`changes`: what changed since, as a
    watcher reports it), by output path; none when anything else changed."""
    edited = _edited_draws(root, snapshot, set(changes), today)
    pages: dict[str, bytes] = {}
    for language in snapshot.languages if edited else ():
        draws = list(language.archive.draws)
        for index, draw in edited.items():
            draws[index] = language.localize(draw)
        render = partial(render_html, env=language.environment, config=config)
        archive = replace(language.archive, draws=tuple(draws))
        rows = list(language.archive.rows)  # the snapshot's, but the edited draws': making all again took 0.25 s
        for index in edited:
            rows[index] = draws[index].row()
        archive.__dict__["rows"] = tuple(rows)  # Archive.rows is a cached_property: this is its cache
        site = Site(archive, config, language.texts, render, root)
        pages |= {planned.path: as_bytes(planned.make(planned.value)) for planned in
                  (draw_kind.plan_one(site, draws[index]) for index in edited)}
    return pages


def _edited_draws(root: Path, snapshot: Snapshot, changes: set[Change], today: Callable[[], date]) -> dict[int, Draw]:
    """Each edited draw by its index in the archive; none unless every change is a sound draw that kept its
    place, or a file the reader does not read (an editor's temporary file)."""
    paths = [path for path in changes if path is not None]
    if len(paths) < len(changes) or len(paths) > MAX_EDITED:
        return {}
    index = {draw.path: i for i, draw in enumerate(snapshot.archive.draws)}
    edited = {}
    for path in paths:
        name = display_path(path.relative_to(root).as_posix()) if path.is_relative_to(root) else ""
        if name in index:
            draw, old = _read_draw(path, name, snapshot.archive, today), snapshot.archive.draws[index[name]]
            if draw is None or (draw.sort_key, draw.category) != (old.sort_key, old.category):
                return {}  # not sound, or moved: the rebuild reports it, or replans its neighbours
            edited[index[name]] = draw
        elif name in snapshot.files or _read_by_the_reader(path):
            return {}  # a category, a translation, a new or removed file
    return edited


def _read_by_the_reader(path: Path) -> bool:
    """Whether content_files would read or refuse what is at path now; it passes over anything else."""
    if not os.path.lexists(path):
        return False
    return path.is_symlink() or path.is_dir() or path.name.lower().endswith(".md")


def _read_draw(path: Path, name: str, archive: Archive, today: Callable[[], date]) -> Draw | None:
    source = read_path(path, name)
    if isinstance(source, Problem):
        return None
    draw, problems = read_draw(source, archive.categories, today)
    return None if problems else draw


def _environment(root: Path, config: SiteConfig, t: Texts) -> jinja2.Environment:
    return compile_templates(make_environment(root / "templates", config, t))
