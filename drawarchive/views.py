"""What the pages show, worked out in Python so that templates only present.

Pelican's lesson: the whole archive is read and modelled first, so neighbours, totals
and per-category history are simple lookups here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from .model import POOL_BANDS, POOL_SUBBANDS, Archive, Category, Draw, Occupation, OccupationList
from .text import format_date


@dataclass(frozen=True)
class Change:
    """How a draw compares with the previous draw of its category."""

    previous: Draw
    crs: int
    invitations: int
    days: int


@dataclass(frozen=True)
class Stats:
    draws: int
    invitations: int
    lowest: Draw | None
    highest: Draw | None
    latest: Draw | None


@dataclass(frozen=True)
class ListChange:
    """What changed between two versions of an occupation list."""

    version: OccupationList
    previous: OccupationList | None
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class Freshness:
    """How current the archive is: its newest draw, the newest round in IRCC's data, and reported ones after it."""

    latest: Draw | None
    last_official: Draw | None
    reported_after: tuple[Draw, ...]


def freshness(draws: tuple[Draw, ...]) -> Freshness:
    official = [d for d in draws if not d.reported]
    last = official[-1] if official else None
    after = tuple(d for d in draws if d.reported and (last is None or d.sort_key > last.sort_key))
    return Freshness(draws[-1] if draws else None, last, after)


@dataclass(frozen=True)
class PoolRow:
    band: str
    count: int
    sub: bool


def stats(draws: tuple[Draw, ...]) -> Stats:
    if not draws:
        return Stats(0, 0, None, None, None)
    return Stats(len(draws), sum(d.invitations for d in draws),
                 min(draws, key=lambda d: (d.crs, d.sort_key)), max(draws, key=lambda d: (d.crs, d.sort_key)),
                 draws[-1])


def band_label(band: str) -> str:
    low, high = band.split("-")
    return f"{low}–{high}"


def pool_rows(draw: Draw) -> tuple[PoolRow, ...]:
    if draw.pool is None:
        return ()
    subs = {b for bands in POOL_SUBBANDS.values() for b in bands}
    return tuple(PoolRow(band_label(b), draw.pool.band(b), b in subs) for b in POOL_BANDS)


class ArchiveView:
    """Lookups over an Archive: neighbours, per-category and per-year history."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    @cached_property
    def _position(self) -> dict[Draw, int]:
        return {d: i for i, d in enumerate(self.archive.draws)}

    @cached_property
    def _category_position(self) -> dict[Draw, int]:
        return {d: i for c in self.archive.categories for i, d in enumerate(self.archive.draws_in(c.slug))}

    def neighbours(self, draw: Draw) -> tuple[Draw | None, Draw | None]:
        return _around(self.archive.draws, self._position[draw])

    def category_neighbours(self, draw: Draw) -> tuple[Draw | None, Draw | None]:
        return _around(self.archive.draws_in(draw.category), self._category_position[draw])

    def change(self, draw: Draw) -> Change | None:
        previous, _ = self.category_neighbours(draw)
        if previous is None:
            return None
        return Change(previous, draw.crs - previous.crs, draw.invitations - previous.invitations,
                      (draw.date - previous.date).days)

    @cached_property
    def newest_first(self) -> tuple[Draw, ...]:
        return tuple(reversed(self.archive.draws))

    @cached_property
    def years(self) -> dict[int, tuple[Draw, ...]]:
        grouped: dict[int, list[Draw]] = {}
        for draw in self.archive.draws:
            grouped.setdefault(draw.date.year, []).append(draw)
        return {year: tuple(draws) for year, draws in sorted(grouped.items())}

    def latest_by_category(self) -> list[tuple[Category, Draw]]:
        pairs = [(c, self.archive.draws_in(c.slug)[-1]) for c in self.archive.categories
                 if self.archive.draws_in(c.slug)]
        return sorted(pairs, key=lambda pair: pair[1].sort_key, reverse=True)

    def category_totals(self, draws: tuple[Draw, ...]) -> list[tuple[Category, Stats]]:
        return [(c, stats(tuple(d for d in draws if d.category == c.slug))) for c in self.archive.categories
                if any(d.category == c.slug for d in draws)]

    def main_categories(self, count: int = 5) -> list[Category]:
        """The categories with the most draws: the ones most readers follow."""
        ranked = sorted(self.archive.categories, key=lambda c: -len(self.archive.draws_in(c.slug)))
        return [c for c in ranked[:count] if self.archive.draws_in(c.slug)]

    def occupation_categories(self) -> tuple[Category, ...]:
        return tuple(c for c in self.archive.categories if c.has_occupations)


def list_changes(category: Category) -> tuple[ListChange, ...]:
    changes, previous = [], None
    for version in category.versions:
        if version.occupations is None:
            changes.append(ListChange(version, previous, (), ()))
            continue
        if previous is None:
            changes.append(ListChange(version, None, (), ()))
        else:
            changes.append(ListChange(version, previous, tuple(sorted(version.codes - previous.codes)),
                                      tuple(sorted(previous.codes - version.codes))))
        previous = version
    return tuple(changes)


def titles(category: Category) -> dict[str, str]:
    """NOC code -> title, the newest list's wording winning."""
    return {o.noc: o.title for v in category.versions for o in v.occupations or ()}


def _around(draws: tuple[Draw, ...], index: int) -> tuple[Draw | None, Draw | None]:
    return (draws[index - 1] if index > 0 else None, draws[index + 1] if index + 1 < len(draws) else None)


@dataclass(frozen=True)
class Listing:
    """One list version that includes an occupation, and the draws held under that version."""

    category: Category
    version: OccupationList
    occupation: Occupation
    draws: tuple[Draw, ...]


def occupation_index(archive: Archive) -> dict[str, tuple[Listing, ...]]:
    """NOC code -> every list version that names it, in category and version order."""
    index: dict[str, list[Listing]] = {}
    for category in archive.categories:
        for version in category.versions:
            draws = tuple(d for d in archive.draws_in(category.slug) if d.list_version == version.version)
            for occupation in version.occupations or ():
                index.setdefault(occupation.noc, []).append(Listing(category, version, occupation, draws))
    return {code: tuple(listings) for code, listings in sorted(index.items())}


@dataclass(frozen=True)
class ScoreData:
    """What the score check needs: each category's draws, newest first, as JSON safe inside <script>."""

    categories: tuple[tuple[str, str], ...]
    json: str


def score_data(groups: list[tuple[Category, tuple[Draw, ...]]]) -> ScoreData:
    payload = [{"slug": c.slug, "name": c.short_name,
                "draws": [[d.label, format_date(d.date), d.crs] for d in reversed(draws)]}
               for c, draws in groups if draws]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, only '<' can end the element early; escape it (and '&' for good measure).
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ScoreData(tuple((c.slug, c.short_name) for c, draws in groups if draws), text)
