"""The values a draw is made of: round numbers, times, pools, sources and corrections."""
from __future__ import annotations

import re
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


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

# The language content/ is written in, and the catalogs' msgids: languages.yml's first entry must be it
# (languages/registry.py checks). What people write, the categories' texts and IRCC's names are in it.
SOURCE_LANG = "en"


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


UNPUBLISHED = -1  # a packed count for a subtotal the source left out (counts are never negative)


@dataclass(frozen=True, slots=True)
class PoolDistribution:
    """The CRS score distribution of the pool, as published with a round."""

    as_of: date
    counts: bytes  # each band's count in POOL_BANDS order, packed: as 17 int pairs they took 1.7 KB a draw
    total: int

    @classmethod
    def of(cls, as_of: date, bands: Mapping[str, int], total: int) -> PoolDistribution:
        return cls(as_of, array("q", [bands.get(band, UNPUBLISHED) for band in POOL_BANDS]).tobytes(), total)

    @property
    def bands(self) -> tuple[tuple[str, int | None], ...]:
        """(band, candidates), top to bottom; None where the source left a subtotal out."""
        return tuple((band, None if n == UNPUBLISHED else n)
                     for band, n in zip(POOL_BANDS, array("q", self.counts), strict=True))

    def band(self, name: str) -> int | None:
        n = array("q", self.counts)[POOL_BANDS.index(name)]
        return None if n == UNPUBLISHED else n


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


@dataclass(frozen=True, slots=True)
class Checked:
    """The last time import read IRCC's rounds data (content/checked.yml): what every footer dates."""

    on: date
    source: str
    latest_round: str  # the newest round that data held
    latest_date: date | None = None  # that round's day, where the check read it (the deploy's check does)


OFFICIAL = "official"
REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class DataNote:
    """What import noted where IRCC's record of a round contradicts itself: the kind of contradiction and
    its figures, as data (`check` reads them; each language words them, languages/words.py)."""

    kind: str  # one of NOTE_KINDS
    field: str = ""  # "no year": the time that gave none (time or tie_break)
    official: str = ""  # the official text the note is about
    year: int | None = None  # "no year": the year assumed
    days: int = 0  # "time and date": the round time's date less the draw date (negative: before it)
    band: str = ""  # "subtotal": the band whose subtotal is off
    published: int = 0  # "subtotal", "total": IRCC's figure
    sum: int = 0  # ... and the sum of what it should add up to


# A data note's kinds, and the figures each gives.
NOTE_KINDS: dict[str, tuple[str, ...]] = {
    "no year": ("field", "official", "year"),
    "time and date": ("official", "days"),
    "subtotal": ("band", "published", "sum"),
    "total": ("published", "sum"),
}


@dataclass(frozen=True, slots=True)
class Difference:
    """A value a reported round gave that IRCC's data, confirming it, gives otherwise."""

    field: str
    reported: Any
    official: Any
