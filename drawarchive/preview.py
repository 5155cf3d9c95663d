"""serve's quick path: the pages of edited draws, ready before the full rebuild.

A rebuild reads and plans the whole archive, which takes seconds at thousands of draws. When
the only change is to existing draw files, and each draw keeps its place (round, date and
category, hence its neighbours), its pages are planned from the last build's archive with those
draws replaced, by the planning a full build does, and rendered: the bytes the rebuild writes
after. serve shows them at once and reloads the browser; the rebuild follows.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import jinja2

from .config import SiteConfig
from .content import read_draw
from .i18n import ALL, Texts
from .localize import draw_localizer, localize
from .model import Archive, Draw
from .options import Problem
from .outputs import generator_digest
from .pages import Planner, plan_draw
from .render import make_environment
from .site import render_html
from .source import display_path, read_path

MAX_EDITED = 20  # draws; more at once is an import or a bulk edit, which the full rebuild is for
Stamp = tuple[int, int, int]  # an entry's mode, mtime in ns and size: it changed when this did


@dataclass(frozen=True)
class Language:
    """The archive as one language shows it, and what shows one more draw that way."""

    texts: Texts
    environment: jinja2.Environment
    archive: Archive
    localize: Callable[[Draw], Draw]


@dataclass(frozen=True)
class Snapshot:
    """What a sound build read: its archive, a stamp of every entry under content/, and the generator."""

    archive: Archive
    stamps: Mapping[str, Stamp]
    generator: str
    languages: tuple[Language, ...]


def stamp_content(root: Path) -> dict[str, Stamp]:
    """Every entry under content/ (files, folders, links, anything), by path: one stat call each."""
    stamps, folders = {}, [os.path.join(root, "content")]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                for entry in listing:
                    info = entry.stat(follow_symlinks=False)
                    if entry.is_dir(follow_symlinks=False):  # its own entries are stamped; its mtime moves with them
                        stamps[entry.path] = (info.st_mode, 0, 0)
                        folders.append(entry.path)
                    else:
                        stamps[entry.path] = (info.st_mode, info.st_mtime_ns, info.st_size)
        except OSError:  # gone or unreadable: no stamp, so the change is never taken for a quick one
            stamps[""] = (0, 0, 0)
    return stamps


def take_snapshot(root: Path, config: SiteConfig, archive: Archive, stamps: Mapping[str, Stamp],
                  previous: Snapshot | None = None) -> Snapshot:
    """stamps must be taken before the build read the archive: an edit made meanwhile then shows as one.
    The previous snapshot's template environments are kept while the generator is unchanged."""
    generator = _generator(root, config)
    kept = previous.languages if previous is not None and previous.generator == generator else None
    languages = []
    for i, t in enumerate(ALL):
        env = kept[i].environment if kept else _environment(root, config, t)
        languages.append(Language(t, env, localize(archive, t.lang), draw_localizer(archive, t.lang)))
    return Snapshot(archive, stamps, generator, tuple(languages))


def preview(root: Path, config: SiteConfig, snapshot: Snapshot,
            today: Callable[[], date] = date.today) -> dict[str, bytes]:
    """The pages of the draws edited since the snapshot, by output path; none when the change is any other."""
    edited = _edited_draws(root, snapshot, today)
    if not edited or _generator(root, config) != snapshot.generator:
        return {}
    pages: dict[str, bytes] = {}
    for language in snapshot.languages:
        draws = list(language.archive.draws)
        for index, draw in edited.items():
            draws[index] = language.localize(draw)
        planner = Planner(replace(language.archive, draws=tuple(draws)), config, language.texts)
        for index in edited:
            plan_draw(planner, draws[index])
        pages |= {page.output: render_html(page, language.environment, config) for page in planner.pages}
    return pages


def _edited_draws(root: Path, snapshot: Snapshot, today: Callable[[], date]) -> dict[int, Draw]:
    """Each edited draw by its index in the archive; none unless every change is a sound draw that kept its place."""
    stamps = stamp_content(root)
    if stamps.keys() != snapshot.stamps.keys():
        return {}  # an entry added or removed
    changed = [path for path, stamp in stamps.items() if stamp != snapshot.stamps[path]]
    index = {draw.path: i for i, draw in enumerate(snapshot.archive.draws)}
    names = {path: display_path(Path(path).relative_to(root).as_posix()) for path in changed}
    if len(changed) > MAX_EDITED or any(name not in index for name in names.values()):
        return {}  # a category, a translation, a folder, or many draws
    edited = {}
    for path, name in names.items():
        draw, old = _read_draw(path, name, snapshot.archive, today), snapshot.archive.draws[index[name]]
        if draw is None or (draw.sort_key, draw.category) != (old.sort_key, old.category):
            return {}  # not sound, or moved: the rebuild reports it, or replans its neighbours
        edited[index[name]] = draw
    return edited


def _read_draw(path: str, name: str, archive: Archive, today: Callable[[], date]) -> Draw | None:
    source = read_path(Path(path), name)
    if isinstance(source, Problem):
        return None
    draw, problems = read_draw(source, archive.categories, today)
    return None if problems else draw


def _environment(root: Path, config: SiteConfig, t: Texts) -> jinja2.Environment:
    env = make_environment(root / "templates", config, t)
    for name in env.list_templates():  # compiled now, not on the first edit
        env.get_template(name)
    return env


def _generator(root: Path, config: SiteConfig) -> str:
    return generator_digest(root / "templates", root / "static", config=config)
