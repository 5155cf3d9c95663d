"""What the pages show, worked out in Python so that templates only present.

Pelican's lesson: the whole archive is read and modelled first, so neighbours, totals
and per-category history are simple lookups here. Lists work on DrawRows, which leave out
what lists never show (notes, sources, pools).
"""
from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from drawarchive.model import (
    POOL_BANDS,
    POOL_SUBBANDS,
    Archive,
    Category,
    Draw,
    DrawRow,
    Occupation,
    OccupationList,
)

Pair = tuple[DrawRow | None, DrawRow | None]


@dataclass(frozen=True, slots=True)
class Change:
    """How a draw compares with the previous draw of its category."""

    previous: DrawRow
    crs: int
    invitations: int
    days: int


@dataclass(frozen=True, slots=True)
class Stats:
    draws: int
    invitations: int
    lowest: DrawRow | None
    highest: DrawRow | None
    latest: DrawRow | None
    unconfirmed: int = 0  # of the draws, those public sources reported that IRCC's data doesn't have yet
    unconfirmed_invitations: int = 0  # of the invitations, those in unconfirmed draws: a total says so


@dataclass(frozen=True, slots=True)
class ListChange:
    """What changed between two versions of an occupation list."""

    version: OccupationList
    previous: OccupationList | None
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Freshness:
    """How current the archive is: its newest draw, the newest round in IRCC's data, and reported ones after it."""

    latest: DrawRow | None
    last_official: DrawRow | None
    reported_after: tuple[DrawRow, ...]
    longest_gap: int | None = None  # days: the longest wait between draws in the year up to the latest


@dataclass(frozen=True, slots=True)
class Silence:
    """What a page needs to warn that the archive may be behind: the latest draw's day, and the longest
    wait between draws in the year up to it. A reader's browser compares them with its own day."""

    since: date
    longest_gap: int


def silence(rows: Sequence[DrawRow]) -> Silence | None:
    gap = longest_gap(rows)
    return Silence(rows[-1].date, gap) if gap else None


@dataclass(frozen=True, slots=True)
class IrccCheck:
    """What every footer says of the latest successful check of IRCC's data: the deploy's own, or else
    import's record. `missing`: IRCC's newest round is not yet in this archive as an official round."""

    on: date
    latest_round: str
    held: date | None  # the day of that round, when known
    missing: bool
    imported: date | None  # the day import last read IRCC's data: what an unconfirmed round waits for


def ircc_check(archive: Archive) -> IrccCheck | None:
    checked = archive.live or archive.checked
    if checked is None:
        return None
    rows = {row.label: row for row in archive.rows}
    found = rows.get(checked.latest_round)
    held = checked.latest_date or (found.date if found else None)
    imported = archive.checked.on if archive.checked else None
    return IrccCheck(checked.on, checked.latest_round, held, found is None or found.reported, imported)


@dataclass(frozen=True, slots=True)
class PoolRow:
    band: str
    count: int | None  # None: a subtotal the source left out
    sub: bool


def freshness(rows: tuple[DrawRow, ...]) -> Freshness:
    official = [r for r in rows if not r.reported]
    last = official[-1] if official else None
    after = tuple(r for r in rows if r.reported and (last is None or r.sort_key > last.sort_key))
    return Freshness(rows[-1] if rows else None, last, after, longest_gap(rows))


def longest_gap(rows: Sequence[DrawRow], days: int = 365) -> int | None:
    """The longest wait, in days, between one draw and the next over the `days` before the latest draw:
    a silence longer than it says the archive may be behind."""
    if len(rows) < 2:
        return None
    start = rows[-1].date - timedelta(days=days)
    dates = [r.date for r in rows if r.date >= start]
    earlier = [r.date for r in rows if r.date < start]
    dates = earlier[-1:] + dates  # the wait that runs into the window counts too
    return max(((b - a).days for a, b in itertools.pairwise(dates)), default=None)


def stats(rows: Sequence[DrawRow]) -> Stats:
    if not rows:
        return Stats(0, 0, None, None, None)
    return Stats(len(rows), sum(r.invitations for r in rows),
                 min(rows, key=lambda r: (r.crs, r.sort_key)), max(rows, key=lambda r: (r.crs, r.sort_key)),
                 rows[-1], sum(1 for r in rows if r.reported), sum(r.invitations for r in rows if r.reported))


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has fewer days: 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(day.day, (following - date(year, month + 1, 1)).days))


def recent(rows: Sequence[DrawRow], now: date, months: int = 12) -> Stats:
    """The stats of the draws in the `months` up to `now` (the archive's latest draw, never the clock)."""
    since = months_before(now, months)
    return stats([r for r in rows if since < r.date <= now])


def typical_gap(rows: Sequence[DrawRow]) -> float | None:
    """The median number of days between one draw and the next: of an even count of gaps, the mean of
    the middle two (156 and 125 days give 140.5); a whole number stays an int."""
    if len(rows) < 2:
        return None
    middle = statistics.median((b.date - a.date).days for a, b in itertools.pairwise(rows))
    return int(middle) if float(middle).is_integer() else middle


def per_year(rows: Sequence[DrawRow]) -> tuple[tuple[int, int, int], ...]:
    """(year, invitations, of them in unconfirmed draws), oldest year first."""
    years: dict[int, list[DrawRow]] = {}
    for row in rows:
        years.setdefault(row.date.year, []).append(row)
    return tuple((year, sum(r.invitations for r in held), sum(r.invitations for r in held if r.reported))
                 for year, held in sorted(years.items()))


def band_label(band: str) -> str:
    low, high = band.split("-")
    return f"{low}–{high}"


def pool_rows(draw: Draw) -> tuple[PoolRow, ...]:
    if draw.pool is None:
        return ()
    subs = {b for bands in POOL_SUBBANDS.values() for b in bands}
    return tuple(PoolRow(band_label(b), draw.pool.band(b), b in subs) for b in POOL_BANDS)


class ArchiveView:
    """Lookups over an Archive's rows: neighbours, per-category and per-year history."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    @cached_property
    def _position(self) -> dict[str, int]:
        return {r.label: i for i, r in enumerate(self.archive.rows)}

    @cached_property
    def _category_position(self) -> dict[str, int]:
        return {r.label: i for c in self.archive.categories for i, r in enumerate(self.archive.rows_in(c.slug))}

    def row(self, label: str) -> DrawRow:
        return self.archive.rows[self._position[label]]

    def neighbours(self, label: str) -> Pair:
        return _around(self.archive.rows, self._position[label])

    def category_neighbours(self, label: str, slug: str) -> Pair:
        return _around(self.archive.rows_in(slug), self._category_position[label])

    def change(self, row: DrawRow) -> Change | None:
        previous, _ = self.category_neighbours(row.label, row.category)
        if previous is None:
            return None
        return Change(previous, row.crs - previous.crs, row.invitations - previous.invitations,
                      (row.date - previous.date).days)

    @cached_property
    def newest_first(self) -> tuple[DrawRow, ...]:
        return tuple(reversed(self.archive.rows))

    @cached_property
    def years(self) -> dict[int, tuple[DrawRow, ...]]:
        grouped: dict[int, list[DrawRow]] = {}
        for row in self.archive.rows:
            grouped.setdefault(row.date.year, []).append(row)
        return {year: tuple(rows) for year, rows in sorted(grouped.items())}

    @cached_property
    def per_year(self) -> tuple[tuple[int, int, int], ...]:
        return per_year(self.archive.rows)

    @cached_property
    def categories_began(self) -> date | None:
        """The date of the first occupation-category round: category-based selection began then."""
        kinds = {c.slug: c.kind for c in self.archive.categories}
        return next((r.date for r in self.archive.rows if kinds[r.category] == "category"), None)

    def latest_by_category(self) -> tuple[tuple[Category, DrawRow], ...]:
        pairs = [(c, self.archive.rows_in(c.slug)[-1]) for c in self.archive.categories
                 if self.archive.rows_in(c.slug)]
        return tuple(sorted(pairs, key=lambda pair: pair[1].sort_key, reverse=True))

    def category_totals(self, rows: tuple[DrawRow, ...]) -> tuple[tuple[Category, Stats], ...]:
        return tuple((c, stats([r for r in rows if r.category == c.slug])) for c in self.archive.categories
                     if any(r.category == c.slug for r in rows))

    def main_categories(self, count: int = 5) -> list[Category]:
        """The categories with the most draws: the ones most readers follow."""
        ranked = sorted(self.archive.categories, key=lambda c: -len(self.archive.rows_in(c.slug)))
        return [c for c in ranked[:count] if self.archive.rows_in(c.slug)]

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


def _around(rows: tuple[DrawRow, ...], index: int) -> Pair:
    return (rows[index - 1] if index > 0 else None, rows[index + 1] if index + 1 < len(rows) else None)


@dataclass(frozen=True, slots=True)
class Listing:
    """One list version that includes an occupation, and the draws held under that version."""

    category: Category
    version: OccupationList
    occupation: Occupation
    draws: tuple[DrawRow, ...]  # newest first


def occupation_index(archive: Archive) -> dict[str, tuple[Listing, ...]]:
    """NOC code -> every list version that names it, in category and version order."""
    held: dict[tuple[str, int | None], list[DrawRow]] = {}
    for draw, row in zip(archive.draws, archive.rows, strict=True):
        held.setdefault((draw.category, draw.list_version), []).append(row)
    index: dict[str, list[Listing]] = {}
    for category in archive.categories:
        for version in category.versions:
            rows = tuple(reversed(held.get((category.slug, version.version), [])))
            for occupation in version.occupations or ():
                index.setdefault(occupation.noc, []).append(Listing(category, version, occupation, rows))
    return {code: tuple(listings) for code, listings in sorted(index.items())}


@dataclass(frozen=True, slots=True)
class Removal:
    """A category whose current list no longer names an occupation that an earlier version did."""

    category: Category
    versions: tuple[int, ...]  # the versions that named it
    since: date | None  # the day the first version without it took effect; None where the list gives none


def removals(category: Category, code: str) -> Removal | None:
    """Whether `code` was dropped from the category's list, and when; None if the current list names it
    or no version ever did. Versions whose occupations are unknown are left out of the reckoning."""
    known = [v for v in category.versions if v.occupations is not None]
    listed = [v.version for v in known if code in v.codes]
    if not listed or code in known[-1].codes:
        return None
    after = next(v for v in known if v.version > listed[-1])
    return Removal(category, tuple(listed), after.start)
