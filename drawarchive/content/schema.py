"""The schemas of the content: a draw file, a category file, and site.yml's fields.

Each field's help text is written once, here; the JSON Schema, the data page and the
exports' column descriptions are derived from it.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from drawarchive.content.options import (
    Boolean,
    Choice,
    Day,
    Integer,
    Invalid,
    ListOf,
    Mapping,
    Option,
    Record,
    Text,
    Url,
    UtcTime,
    shown,
)
from drawarchive.languages.texts import N_
from drawarchive.model.draws import POOL_BANDS, RoundNumber

LETTERED_ROUND = r"^91[ab]\Z"  # IRCC split round 91 into 91a and 91b, and no other round
MAX_ROUND = 99_999  # room for the archive to grow (the speed benchmarks build 20,000 rounds)


class Round(Option):
    expected = f"a round number from 1 to {MAX_ROUND}, or 91a/91b"
    json_type = {"oneOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ROUND},
                           {"type": "string", "pattern": LETTERED_ROUND}]}

    def check(self, value: Any) -> Any:
        whole = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ROUND
        if not whole and not (isinstance(value, str) and re.match(LETTERED_ROUND, value)):
            raise Invalid(f"{shown(value)} is not a round number", self.expected)
        return RoundNumber.parse(value)


FIRST_DAY = date(2015, 1, 1)
STATUSES = ("official", "reported")
# The facts a person may correct, each checked as its own field is.
CORRECTABLE = ("date", "time", "invitations", "crs", "tie_break", "programs")
# The fields `import` writes; the others are people's, and import never touches them.
OFFICIAL_FIELDS = ("round", "status", "date", "time", "name", "category", "list_version", "invitations", "crs",
                   "tie_break", "programs", "source", "pool", "data_notes")


def now() -> datetime:
    return datetime.now(UTC)


def pool_schema(today: Callable[[], date] = date.today) -> Record:
    count = Integer(minimum=0, maximum=10_000_000)
    return Record({
        "as_of": Day(N_("The date of the pool snapshot IRCC published with the round."), earliest=FIRST_DAY,
                     latest=today),
        "total": Integer("Candidates in the pool.", minimum=0, maximum=10_000_000),
        "bands": Mapping(POOL_BANDS, count,
                         help="Candidates per CRS score band, including the sub-bands of 451-500 and 401-450."),
    }, help=N_("The CRS score distribution of the pool at the round. Absent where IRCC published only zeros, "
               "and unknown for a reported round."), required=False)


def source_schema(help: str = "") -> Record:
    return Record({"label": Text("What the source is: a publication, a page, a snapshot."),
                   "url": Url("Its address.", required=False)}, help=help)


@functools.lru_cache(maxsize=16)
def draw_fields(categories: tuple[str, ...] = (), programs: tuple[str, ...] = (),
                today: Callable[[], date] = date.today) -> dict[str, Option]:
    """Every field of a draw file, its type and its meaning: the one place they are written.

    Kept once made (reading 4,000 draws made it 8,000 times): the options only check, and today is
    asked at each check, so one set serves every file. Callers must not change the mapping.
    """
    return {
        "round": Round(N_("IRCC's round number: an integer, or 91a/91b for the two rounds of 2018-05-30.")),
        "status": Choice(STATUSES, help=N_("official: the facts are IRCC's, written by import. reported: the round "
                         "is not yet in IRCC's data; the facts are as the sources in reported_by gave them.")),
        "date": Day(N_("The draw date."), earliest=FIRST_DAY, latest=today),
        "time": UtcTime(N_("The exact round time, in UTC, as IRCC published it; unknown for a reported round."),
                        earliest=FIRST_DAY, latest=now, required=False),
        "name": Text(N_("The official round name, exactly as IRCC wrote it.")),
        "category": Choice(categories, help=N_("Our category: the slug of a file in content/categories/.")),
        "list_version": Integer(N_("The occupation-list version the round name implies (category rounds only)."),
                                minimum=1, maximum=99, required=False),
        "invitations": Integer(N_("The number of invitations issued."), minimum=1, maximum=100_000),
        "crs": Integer(N_("The CRS score of the lowest-ranked candidate invited."), minimum=0, maximum=1200),
        "tie_break": UtcTime(N_("The tie-breaking rule, in UTC: none before round 77; unknown for a reported round."),
                             earliest=FIRST_DAY, latest=now, required=False),
        "programs": ListOf(Choice(programs), help=N_("The eligible programs; may be unknown for a reported round."),
                           unique=True, min_items=1, required=False),
        "source": Url(N_("The round's official page; unknown for a reported round."), required=False),
        "pool": pool_schema(today),
        "data_notes": ListOf(Text(), required=False, help=N_("Written by import: where IRCC's record contradicts "
                             "itself, one sentence per inconsistency.")),
        "reported_by": ListOf(source_schema(), min_items=1, required=False,
                              help=N_("Where a reported round was reported: the sources a contributor read it in.")),
        "reported_differences": ListOf(Text(), required=False, help=N_("Written by import when it confirmed a "
                                       "reported round: each value IRCC's data gave differently.")),
        "corrections": ListOf(Record({
            "field": Choice(CORRECTABLE, help=N_("The corrected field.")),
            "value": Option(N_("The correct value, of the field's own type.")),
            "reason": Text(N_("Why the official value is wrong.")),
            "source": Url(N_("Where the correct value comes from.")),
        }), required=False, help=N_("People's corrections of official values; the official value stays on record.")),
        "notes": ListOf(Text(), required=False, help=N_("People's notes on the data, one sentence each.")),
    }


@functools.lru_cache(maxsize=16)
def draw_schema(categories: tuple[str, ...] = (), programs: tuple[str, ...] = (),
                today: Callable[[], date] = date.today) -> Record:
    """The front matter of a draw file, content/draws/YYYY/NNN.md. The body holds people's notes."""
    return Record(draw_fields(categories, programs, today))


def category_schema() -> Record:
    """The front matter of a category file, content/categories/<slug>.md."""
    occupation = Record({
        "noc": Text(pattern=r"^\d{5}$", expected="a 5-digit NOC 2021 code in quotes, such as \"21231\""),
        "title": Text(),
        "inferred": Boolean("True where our source does not show the entry verbatim.", required=False),
    })
    version = Record({
        "version": Integer(minimum=1, maximum=99),
        "year": Integer(minimum=2015, maximum=2100, required=False),
        "from": Day("The date the list took effect.", required=False),
        "to": Day("The last date the list applied.", required=False),
        "note": Text(required=False),
        "sources": ListOf(Record({"label": Text(), "url": Url(required=False)}), required=False),
        "occupations": ListOf(occupation, required=False,
                              help="The NOC 2021 occupations; absent where the list is not known."),
    })
    return Record({
        "name": Text(),
        "short_name": Text(),
        "kind": Choice(("general", "program", "category")),
        "order": Integer(minimum=0, maximum=9999),
        "description": Text(help="A short description, written by us."),
        "program": Record({"code": Text(pattern=r"^[A-Z]{2,5}$", expected="a program code such as CEC"),
                           "text": Text()}, required=False),
        "draw_names": ListOf(Record({"name": Text(), "version": Integer(minimum=1, maximum=99, required=False)})),
        "versions": ListOf(version, required=False),
    })


def fields_table() -> str:
    """The draw fields as the Markdown table in README.md (a test keeps the two equal)."""
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for name, option in draw_fields(("a slug of content/categories/",), ("FSW", "CEC", "FST", "PNP")).items():
        kind = re.sub(r"to \d{4}-\d{2}-\d{2}$", "to today", option.expected).replace("|", "\\|")
        rows.append(f"| `{name}` | {kind} | {'yes' if option.required else 'no'} | {option.help} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(fields_table(), end="")
