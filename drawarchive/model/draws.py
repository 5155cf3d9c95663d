"""The domain model: every draw, category and occupation list, read before anything renders."""
from __future__ import annotations

import re
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

Day = date  # inside Draw, `date` names the field


def format_utc(moment: datetime) -> str:
    """2023-07-05T13:38:22Z: the one machine format of a time, in files, attributes and exports."""
    return f"{moment:%Y-%m-%dT%H:%M:%SZ}"


ROUND_PATTERN = re.compile(r"^(\d+)([a-z]?)$")

# IRCC's pool table, top to bottom. Sub-bands sit under 451-500 and 401-450.
POOL_BANDS: tuple[str, ...] = (
    "601-1200", "501-600",
    "451-500", "491-500", "481-490", "471-480", "461-470", "451-460",
    "401-450", "441-450", "431-440", "421-430", "411-420", "401-410",
    "351-400", "301-350", "0-300",
)
POOL_SUBBANDS: dict[str, tuple[str, ...]] = {
    "451-500": POOL_BANDS[3:8],
    "401-450": POOL_BANDS[9:14],
}
POOL_TOP_BANDS: tuple[str, ...] = tuple(
    b for b in POOL_BANDS if not any(b in subs for subs in POOL_SUBBANDS.values())
)


@dataclass(frozen=True, order=True, slots=True)
class RoundNumber:
    """IRCC's round number; 2018-05-30 had two rounds, 91a and 91b."""

    number: int
    suffix: str = ""
    # Made once: pages, links and keys hold a round's label by the hundred thousand.
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", f"{self.number}{self.suffix}")

    @classmethod
    def parse(cls, value: int | str) -> RoundNumber:
        match = ROUND_PATTERN.match(str(value).strip())
        if not match:
            raise ValueError(f"not a round number: {value!r}")
        return cls(int(match.group(1)), match.group(2))

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class PoolDistribution:
    """The CRS score distribution of the pool, as published with a round."""

    as_of: date
    counts: bytes  # each band's count in POOL_BANDS order, packed: as 17 int pairs they took 1.7 KB a draw
    total: int

    @classmethod
    def of(cls, as_of: date, bands: Mapping[str, int], total: int) -> PoolDistribution:
        return cls(as_of, array("q", [bands[band] for band in POOL_BANDS]).tobytes(), total)

    @property
    def bands(self) -> tuple[tuple[str, int], ...]:
        """(band, candidates), top to bottom."""
        return tuple(zip(POOL_BANDS, array("q", self.counts), strict=True))

    def band(self, name: str) -> int:
        return array("q", self.counts)[POOL_BANDS.index(name)]


@dataclass(frozen=True, slots=True)
class Source:
    label: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Correction:
    """A person's correction of one official value; the official value stays on record beside it."""

    field: str
    value: Any
    official: Any
    reason: str
    source: str


OFFICIAL = "official"
REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class Draw:
    """One round of invitations.

    The facts are IRCC's (status "official") or, until IRCC's data has the round, as public sources
    reported them (status "reported"; time, tie-break, programs, source and pool may then be unknown).
    A fact a person corrected holds the corrected value; `corrections` keeps the official one.
    """

    round: RoundNumber
    date: date
    time: datetime | None
    name: str
    category: str
    list_version: int | None
    invitations: int
    crs: int
    tie_break: datetime | None
    programs: tuple[str, ...]
    source: str | None
    pool: PoolDistribution | None = None
    data_notes: tuple[str, ...] = ()
    status: str = OFFICIAL
    reported_by: tuple[Source, ...] = ()
    reported_differences: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    notes: tuple[str, ...] = ()
    body: str = ""
    path: str = ""
    # On a page in another language: the language each text is in (the English one where there is no other).
    name_lang: str = "en"
    notes_lang: str = "en"
    body_lang: str = "en"

    @property
    def label(self) -> str:
        return str(self.round)

    @property
    def sort_key(self) -> tuple[Day, RoundNumber]:
        return (self.date, self.round)

    @property
    def moment(self) -> datetime:
        """The round time, or midnight UTC on its date while the time is not known: feeds need one."""
        return self.time or datetime(self.date.year, self.date.month, self.date.day, tzinfo=UTC)

    @property
    def reported(self) -> bool:
        return self.status == REPORTED

    def correction(self, field: str) -> Correction | None:
        return next((c for c in self.corrections if c.field == field), None)


@dataclass(frozen=True, slots=True)
class DrawRow:
    """A draw as lists, tables and charts show it.

    It leaves out notes, sources and the pool, so that editing those re-renders only the draw's
    own page (and the feeds and exports), not every list the draw appears in.
    """

    round: RoundNumber
    date: date
    category: str
    invitations: int
    crs: int
    tie_break: datetime | None = None
    programs: tuple[str, ...] = ()
    status: str = OFFICIAL
    corrected: tuple[str, ...] = ()

    @classmethod
    def of(cls, draw: Draw) -> DrawRow:
        return cls(draw.round, draw.date, draw.category, draw.invitations, draw.crs, draw.tie_break, draw.programs,
                   draw.status, tuple(c.field for c in draw.corrections))

    @property
    def sort_key(self) -> tuple[Day, RoundNumber]:
        return (self.date, self.round)

    @property
    def label(self) -> str:
        return str(self.round)

    @property
    def reported(self) -> bool:
        return self.status == REPORTED

    def correction(self, field: str) -> bool:
        return field in self.corrected


@dataclass(frozen=True, slots=True)
class Occupation:
    noc: str
    title: str
    inferred: bool = False
    title_lang: str = "en"


@dataclass(frozen=True, slots=True)
class OccupationList:
    """One version of a category's eligibility list. `occupations` is None when the list is unknown."""

    category: str
    version: int
    year: int | None = None
    start: date | None = None
    end: date | None = None
    note: str = ""
    sources: tuple[Source, ...] = ()
    occupations: tuple[Occupation, ...] | None = None

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(o.noc for o in self.occupations or ())


@dataclass(frozen=True, slots=True)
class DrawName:
    """An official IRCC draw name, and the list version it implies."""

    name: str
    version: int | None = None


@dataclass(frozen=True, slots=True)
class Program:
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    name: str
    short_name: str
    kind: str  # general | program | category
    order: int
    description: str
    draw_names: tuple[DrawName, ...] = ()
    versions: tuple[OccupationList, ...] = ()
    program: Program | None = None
    body: str = ""
    path: str = ""
    text_lang: str = "en"  # of name, short_name and description
    body_lang: str = "en"

    def version(self, number: int) -> OccupationList | None:
        return next((v for v in self.versions if v.version == number), None)

    @property
    def has_occupations(self) -> bool:
        return any(v.occupations for v in self.versions)


@dataclass(frozen=True, slots=True)
class CategoryText:
    """A category's texts in another language (content/categories/<slug>.<lang>.md), and the official
    round names IRCC gives in that language."""

    slug: str
    name: str
    short_name: str
    description: str
    draw_names: tuple[tuple[str, str], ...] = ()  # official name in English -> in this language
    round_names: tuple[tuple[str, str], ...] = ()  # round -> its name, where IRCC named one round otherwise
    body: str = ""


@dataclass(frozen=True, slots=True)
class DrawText:
    """A draw's notes in another language (content/draws/<year>/<round>.<lang>.md)."""

    label: str
    notes: tuple[str, ...] = ()
    body: str = ""


@dataclass(frozen=True, slots=True)
class Translation:
    """Everything in one more language: the texts content/ has in it; the rest stays English, marked so."""

    lang: str
    categories: tuple[CategoryText, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()  # NOC code -> official title (CNP 2021 for French)
    draws: tuple[DrawText, ...] = ()


@dataclass(frozen=True)  # not slotted: its cached views live in __dict__
class Archive:
    """Everything the site shows. Draws are sorted oldest first."""

    draws: tuple[Draw, ...]
    categories: tuple[Category, ...]
    translations: tuple[Translation, ...] = ()
    lang: str = "en"  # the language this archive's texts are shown in

    @cached_property
    def _by_slug(self) -> dict[str, Category]:
        return {c.slug: c for c in self.categories}

    def category(self, slug: str) -> Category:
        return self._by_slug[slug]

    def draws_in(self, slug: str) -> tuple[Draw, ...]:
        return self._draws_by_category.get(slug, ())

    @cached_property
    def _draws_by_category(self) -> dict[str, tuple[Draw, ...]]:
        grouped: dict[str, list[Draw]] = {}
        for draw in self.draws:
            grouped.setdefault(draw.category, []).append(draw)
        return {slug: tuple(ds) for slug, ds in grouped.items()}

    @cached_property
    def rows(self) -> tuple[DrawRow, ...]:
        """Every draw as tables show it, oldest first."""
        return tuple(DrawRow.of(d) for d in self.draws)

    def rows_in(self, slug: str) -> tuple[DrawRow, ...]:
        return self._rows_by_category.get(slug, ())

    @cached_property
    def _rows_by_category(self) -> dict[str, tuple[DrawRow, ...]]:
        grouped: dict[str, list[DrawRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.category, []).append(row)
        return {slug: tuple(rows) for slug, rows in grouped.items()}

    @cached_property
    def draw_names(self) -> dict[str, tuple[Category, DrawName]]:
        """Official draw name -> (category, name entry); the importer's and `new`'s mapping."""
        return {dn.name: (c, dn) for c in self.categories for dn in c.draw_names}

    @cached_property
    def programs(self) -> tuple[Program, ...]:
        return tuple(c.program for c in self.categories if c.program)
