"""Every field of a draw file and of a category file, declared once.

A field's declaration says what it is (its type, as the option that checks it), what it means
(its help), whose it is (IRCC's facts, which import writes; import's own notes; or people's
words), what an official or a reported round must give, and how the data files write it. The
model (draws.Draw.of), `check`, the importer's official fields and its reading of IRCC's JSON,
`new`'s questions, the JSON and CSV exports, data/index.json, the JSON Schema and README's table
are all made from these declarations: adding a field is adding a declaration.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from drawarchive.model.categories import DrawName, OccupationList, Program
from drawarchive.model.marks import N_, NP_
from drawarchive.model.validation import (
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
from drawarchive.model.values import (
    NOTE_KINDS,
    POOL_BANDS,
    POOL_SUBBANDS,
    DataNote,
    Difference,
    PoolDistribution,
    RoundNumber,
    Source,
)

LETTERED_ROUND = r"^91[ab]\Z"  # IRCC split round 91 into 91a and 91b, and no other round
ROUND_LABEL = r"[1-9][0-9]{0,4}|91[ab]"  # a round as text, one way only: ASCII digits, no leading zero
MAX_ROUND = 99_999  # room for the archive to grow (the speed benchmarks build 20,000 rounds)
FIRST_DAY = date(2015, 1, 1)
STATUSES = ("official", "reported")
IRCC, IMPORT, PEOPLE = "IRCC's", "import's", "people's"  # whose a field is


class Round(Option):
    expected = f"a round number from 1 to {MAX_ROUND}, or 91a/91b"
    json_type = {"oneOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ROUND},
                           {"type": "string", "pattern": LETTERED_ROUND}]}

    def check(self, value: Any) -> Any:
        import re

        whole = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ROUND
        if not whole and not (isinstance(value, str) and re.match(LETTERED_ROUND, value)):
            raise Invalid(f"{shown(value)} is not a round number", self.expected)
        return RoundNumber.parse(value)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What some fields are checked against: the categories' slugs and program codes, and today."""

    categories: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    today: Callable[[], date] = date.today


def now() -> datetime:
    return datetime.now(UTC)


POOL_COUNTS = tuple(f"dd{i}" for i in range(1, 19))  # IRCC's keys of the pool's 17 bands, then its total


@dataclass(frozen=True, slots=True)
class Ircc:
    """Where import reads a field in IRCC's rounds JSON: its key there, the reader (authoring/ircc.py), and
    any other keys that reader reads. Every key import expects in a round is declared here, once (IRCC_KEYS)."""

    key: str
    read: str
    more: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ask:
    """How `new` asks for a field: its question, how the answer is read (and what it proposes), and its flag."""

    question: str
    read: str = "text"  # the reader in authoring/scaffold.py
    required: bool = True
    flag_help: str = ""  # the flag's help, where `new` gives one (a derived field has none)
    flag: str = ""  # where not --name-with-hyphens


@dataclass(frozen=True, slots=True)
class Export:
    """How the data files write a field: the notes each adds to its help, and where it goes."""

    json: tuple[str, ...] = ()  # draws.json's notes on how it writes the value
    csv: tuple[str, ...] = ()  # draws.csv's
    column: str = ""  # the CSV column, where it is not the field's name
    help: str = ""  # a description of its own in the data files, instead of the field's help
    index: str = ""  # its column in data/index.json, if the site's scripts need it
    index_as: str = "value"  # how data/index.json writes it (see pages/exports.py, INDEX_WRITERS)
    csv_joiner: str = ""  # how draws.csv joins a list's items, where not with the separator


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a draw file. `option` makes what checks its value (its help is the field's own)."""

    name: str
    option: Callable[[Vocabulary], Option]
    help: str
    owner: str  # IRCC, IMPORT or PEOPLE
    official: str = ""  # an official round must give it: what is expected, said in a problem
    official_from: int = 1  # ... from this round on
    on_reported: bool = True  # False: a reported round must not have it (import writes it on confirming)
    correctable: bool = False  # a person may correct the official value (a correction's `field`)
    listed: bool = False  # lists, tables and charts show it: a draw's row keeps it
    label: str = ""  # how readers call it (the draw page, summaries, corrections)
    compared: str = ""  # how a reported value IRCC gives otherwise is described: "as {} invitations"
    counted: tuple[str, str] | None = None  # how a count reads, singular and plural: "{count} invitations"
    plain: bool = False  # read as written (a score: 486), not as a number to group (5,900)
    summary: str = ""  # a draw's summary says this when the draw gives the field
    model: type | None = None  # what the model holds, where `check` gives something else
    export: Export = field(default_factory=Export)
    ircc: Ircc | None = None
    ask: Ask | None = None


def _pool(v: Vocabulary) -> Option:
    count = Integer(minimum=0, maximum=10_000_000)
    return Record({
        "as_of": Day(N_("The date of the pool snapshot IRCC published with the round."), earliest=FIRST_DAY,
                     latest=v.today),
        "total": Integer("Candidates in the pool.", minimum=0, maximum=10_000_000),
        "bands": Mapping(POOL_BANDS, count, optional=tuple(POOL_SUBBANDS),
                         help="Candidates per CRS score band, including the sub-bands of 451-500 and 401-450. "
                              "A subtotal (451-500, 401-450) a source left out stays out: never add it up."),
    }, required=False)


def source_option(help: str = "") -> Record:
    return Record({"label": Text("What the source is: a publication, a page, a snapshot."),
                   "url": Url("Its address.", required=False)}, help=help)


def _corrections(v: Vocabulary) -> Option:
    return ListOf(Record({
        "field": Choice(CORRECTABLE, help=N_("The corrected field.")),
        "value": Option(N_("The correct value, of the field's own type.")),
        "reason": Text(N_("Why the official value is wrong.")),
        "source": Url(N_("Where the correct value comes from.")),
    }), required=False)


def _data_notes(v: Vocabulary) -> Option:
    figure = Integer(minimum=0, maximum=10_000_000, required=False)
    return ListOf(Record({
        "kind": Choice(tuple(NOTE_KINDS), help="The kind of contradiction; it says which figures follow."),
        "field": Choice(("time", "tie_break"), required=False, help="The time that gave no year."),
        "official": Text(required=False, help="The official text the note is about."),
        "year": Integer(minimum=2015, maximum=2100, required=False, help="The year assumed."),
        "days": Integer(minimum=-366, maximum=366, required=False,
                        help="How many days the round time's date is after the draw date (negative: before)."),
        "band": Choice(tuple(POOL_SUBBANDS), required=False, help="The band whose subtotal is not its sum."),
        "published": figure, "sum": figure,
    }), required=False)


def _differences(v: Vocabulary) -> Option:
    return ListOf(Record({
        "field": Choice(tuple(f.name for f in DRAW_FIELDS if f.compared)),
        "reported": Option("The value the sources reported, of the field's own type."),
        "official": Option("IRCC's value, of the field's own type."),
    }), required=False)


UTC_TIME = N_("Written in UTC, as YYYY-MM-DDTHH:MM:SSZ; null when unknown.")
ISO_DATE = N_("Written YYYY-MM-DD.")
AS_TEXT = N_("IRCC's round number as text: \"254\", or \"91a\"/\"91b\".")

DRAW_FIELDS: tuple[Field, ...] = (
    Field("round", lambda v: Round(),
          N_("IRCC's round number: an integer, or 91a/91b for the two rounds of 2018-05-30."), IRCC, listed=True,
          model=RoundNumber,
          export=Export(help=AS_TEXT, index="round"), ircc=Ircc("drawNumber", "round number"),
          ask=Ask("Round number", "round number", flag_help="the round number (default: the next one)")),
    Field("status", lambda v: Choice(STATUSES),
          N_("official: the facts are IRCC's, written by import. reported: the round is not yet in IRCC's data; the "
             "facts are as the sources in reported_by gave them."), IMPORT, listed=True,
          export=Export(index="reported", index_as="is reported"), ircc=Ircc("", "official"),
          ask=Ask("", "reported")),
    Field("date", lambda v: Day(earliest=FIRST_DAY, latest=v.today), N_("The draw date."),
          IRCC, correctable=True, listed=True, label=N_("Date"), compared=N_("as held on {}"),
          export=Export(json=(ISO_DATE,), csv=(ISO_DATE,), index="date"), ircc=Ircc("drawDate", "ISO date"),
          ask=Ask("Draw date (YYYY-MM-DD)", "ISO date",
                  flag_help="the draw date, YYYY-MM-DD (default: today)")),
    Field("time", lambda v: UtcTime(earliest=FIRST_DAY, latest=now, required=False),
          N_("The exact round time, in UTC, as IRCC published it; unknown for a reported round."), IRCC,
          official="the round time, for an official round", correctable=True, label=N_("Round time"),
          compared=N_("with a round time of {}"),
          export=Export(json=(UTC_TIME,), csv=(N_("Written in UTC, as YYYY-MM-DDTHH:MM:SSZ; empty when unknown."),),
                        column="time_utc"), ircc=Ircc("drawDateTime", "round time"),
          ask=Ask("Round time in UTC (HH:MM:SS), if known", "time of the day", required=False,
                  flag_help="the round time in UTC, HH:MM:SS or YYYY-MM-DDTHH:MM:SSZ, if known")),
    Field("name", lambda v: Text(),
          N_("The official round name, exactly as IRCC wrote it."), IRCC, compared=N_("as {}"),
          ircc=Ircc("drawName", "text"),
          ask=Ask("Official round name, exactly as IRCC wrote it", flag_help="the official round name, exactly as "
                  "IRCC wrote it")),
    Field("category", lambda v: Choice(v.categories),
          N_("The draw's category in this archive, by the short name its address uses (cec, stem, …); the "
             "categories page lists them."), IRCC, listed=True,
          export=Export(index="category", index_as="category"), ircc=Ircc("drawName", "category"),
          ask=Ask("", "category of the name")),
    Field("list_version", lambda v: Integer(minimum=1, maximum=99, required=False),
          N_("The occupation-list version the round name implies (category rounds only)."), IRCC,
          export=Export(json=(N_("null for other rounds."),), csv=(N_("Empty for other rounds."),)),
          ircc=Ircc("drawName", "list version"), ask=Ask("", "list version of the name", required=False)),
    Field("invitations", lambda v: Integer(minimum=1, maximum=100_000),
          N_("The number of invitations issued."), IRCC, correctable=True, listed=True,
          label=N_("Invitations issued"), compared=N_("as {} invitations"),
          counted=NP_("{count} invitation", "{count} invitations"),
          export=Export(index="invitations"), ircc=Ircc("drawSize", "count"),
          ask=Ask("Invitations issued", "count", flag_help="the number of invitations issued")),
    Field("crs", lambda v: Integer(minimum=0, maximum=1200),
          N_("The CRS score of the lowest-ranked candidate invited."), IRCC, correctable=True, listed=True,
          label=N_("CRS cut-off"), compared=N_("with a CRS cut-off of {}"), plain=True,
          export=Export(index="crs"), ircc=Ircc("drawCRS", "count"),
          ask=Ask("CRS score of the lowest-ranked candidate", "count",
                  flag_help="the CRS score of the lowest-ranked candidate invited")),
    Field("tie_break", lambda v: UtcTime(earliest=FIRST_DAY, latest=now, required=False),
          N_("The tie-breaking rule, in UTC: none before round 77; unknown for a reported round."), IRCC,
          official="the tie-breaking rule: IRCC published one from round 77", official_from=77, correctable=True,
          listed=True, label=N_("Tie-breaking rule"), compared=N_("with a tie-breaking rule of {}"),
          summary=N_("Tie-breaking rule: {tie_break}."),
          export=Export(json=(N_("Written in UTC, as YYYY-MM-DDTHH:MM:SSZ; null when none or unknown."),),
                        csv=(N_("Written in UTC, as YYYY-MM-DDTHH:MM:SSZ; empty when none or unknown."),),
                        column="tie_break_utc", index="tie_break"),
          ircc=Ircc("drawCutOff", "tie-break time"),
          ask=Ask("Tie-breaking rule in UTC (YYYY-MM-DD HH:MM:SS), if known", "time", required=False,
                  flag_help="the tie-breaking rule in UTC, YYYY-MM-DD HH:MM:SS, if known")),
    Field("programs", lambda v: ListOf(Choice(v.programs), unique=True, min_items=1, required=False),
          N_("The eligible programs; may be unknown for a reported round."), IRCC,
          official="the eligible programs, for an official round", correctable=True, listed=True,
          label=N_("Eligible programs"), compared=N_("as open to {}"),
          export=Export(json=(N_("A list of codes; empty when unknown."),),
                        csv=(N_("Space-separated codes; empty when unknown."),), csv_joiner=" ",
                        index="programs", index_as="programs"),
          ircc=Ircc("drawText2", "program names"),
          ask=Ask("Eligible programs (FSW CEC FST PNP), if known", "program codes",
                  required=False, flag_help="the eligible programs, such as \"FSW CEC FST\" (default: a program "
                  "round's own)")),
    Field("source", lambda v: Url(required=False),
          N_("The round's official page; unknown for a reported round."), IRCC,
          official="the round's official page, for an official round",
          export=Export(json=(N_("null when unknown."),), csv=(N_("Empty when unknown."),)),
          ircc=Ircc("drawNumberURL", "link")),
    Field("pool", _pool, N_("The CRS score distribution of the pool at the round. Absent where IRCC published only "
                            "zeros, and unknown for a reported round."), IRCC, model=PoolDistribution,
          export=Export(json=(N_("{as_of, total, bands: {band: candidates}}, bands in IRCC's order; null where there "
                                 "is none."),)),
          ircc=Ircc("drawDistributionAsOn", "pool distribution", POOL_COUNTS)),
    Field("data_notes", _data_notes,
          N_("Written by import: where IRCC's record contradicts itself, one note per inconsistency, as data: its "
             "kind and its figures."), IMPORT, on_reported=False, model=DataNote,
          export=Export(json=(N_("Each as a sentence."),), csv=(N_("Each as a sentence."),)),
          ircc=Ircc("", "notes on the record")),
    Field("reported_by", lambda v: ListOf(source_option(), min_items=1, required=False),
          N_("Where a reported round was reported: the sources a contributor read it in."), PEOPLE,
          model=Source, export=Export(json=(N_("A list of {label, url}."),), csv=(N_("Each as \"label <url>\"."),)),
          ask=Ask("Where was the round reported? A URL, then what it is", "sources", flag="--source",
                  flag_help="where the round was reported: a URL, then what it is, e.g. \"https://… CIC News, "
                  "2026-09-04\" (repeat for each source)")),
    Field("reported_differences", _differences,
          N_("Written by import when it confirmed a reported round: each value IRCC's data gave differently, as "
             "the field, the reported value and IRCC's."), IMPORT, on_reported=False, model=Difference,
          export=Export(json=(N_("Each as a sentence."),), csv=(N_("Each as a sentence."),))),
    Field("corrections", _corrections,
          N_("People's corrections of official values; the official value stays on record."), PEOPLE, listed=True,
          on_reported=False,
          export=Export(json=(N_("A list of {field, value, official, reason, source}; the record's own fields hold "
                                 "the corrected values."),),
                        csv=(N_("Each as \"field: value (IRCC: official) reason <source>\"."),),
                        index="corrected", index_as="corrected fields")),
    Field("notes", lambda v: ListOf(Text(), required=False),
          N_("People's notes on the data, one sentence each."), PEOPLE),
)
FIELDS = {f.name: f for f in DRAW_FIELDS}
# The facts a person may correct, each checked as its own field is.
CORRECTABLE = tuple(f.name for f in DRAW_FIELDS if f.correctable)
# The fields `import` writes; the others are people's, and import never touches them.
OFFICIAL_FIELDS = tuple(f.name for f in DRAW_FIELDS if f.owner != PEOPLE and f.ircc is not None)
# Every key of a round in IRCC's rounds JSON that import reads, each once, in the order of the fields.
IRCC_KEYS = tuple(dict.fromkeys(key for f in DRAW_FIELDS if f.ircc is not None
                                for key in (f.ircc.key, *f.ircc.more) if key))


@dataclass(frozen=True, slots=True)
class CategoryField:
    """One field of a category file, content/categories/<slug>.md."""

    name: str
    option: Callable[[], Option]
    help: str = ""
    model: type | None = None  # what the model holds, where `check` gives something else


def _occupation_list() -> Option:
    occupation = Record({
        "noc": Text(pattern=r"^\d{5}$", expected="a 5-digit NOC 2021 code in quotes, such as \"21231\""),
        "title": Text(),
        "inferred": Boolean("True where our source does not show the entry verbatim.", required=False),
    })
    return Record({
        "version": Integer(minimum=1, maximum=99),
        "year": Integer(minimum=2015, maximum=2100, required=False),
        "from": Day("The date the list took effect.", required=False),
        "to": Day("The last date the list applied.", required=False),
        "note": Text(required=False),
        "sources": ListOf(Record({"label": Text(), "url": Url(required=False)}), required=False),
        "occupations": ListOf(occupation, required=False,
                              help="The NOC 2021 occupations; absent where the list is not known."),
    })


CATEGORY_FIELDS: tuple[CategoryField, ...] = (
    CategoryField("name", Text),
    CategoryField("short_name", Text),
    CategoryField("kind", lambda: Choice(("general", "program", "category"))),
    CategoryField("order", lambda: Integer(minimum=0, maximum=9999)),
    CategoryField("description", Text, "A short description, written by us."),
    CategoryField("program", lambda: Record({
        "code": Text(pattern=r"^[A-Z]{2,5}$", expected="a program code such as CEC"), "text": Text()},
        required=False), model=Program),
    CategoryField("draw_names", lambda: ListOf(Record({"name": Text(), "version": Integer(minimum=1, maximum=99,
                                                                                         required=False)})),
                  model=DrawName),
    CategoryField("versions", lambda: ListOf(_occupation_list(), required=False), model=OccupationList),
)
