"""Typed schemas for front matter, in the manner of mkdocs' config options.

Each option checks one value and either returns it (typed) or raises `Invalid`
with what is wrong and what was expected. `Record` checks a mapping of options
and collects every problem instead of stopping at the first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Callable

NOC_PATTERN = re.compile(r"^\d{5}$")


class Invalid(Exception):
    def __init__(self, problem: str, expected: str) -> None:
        super().__init__(f"{problem} ({expected})")
        self.problem = problem
        self.expected = expected


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, reported as `path:line: field: problem (expected)`."""

    path: str
    line: int
    field: str
    problem: str
    expected: str = ""
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")
        expected = f" (expected {self.expected})" if self.expected else ""
        return f"{where}: {self.field}: {self.problem}{expected}"


class Option:
    """A value in front matter. `help` documents it; `example` shows it."""

    expected = "a value"
    json_type: dict[str, Any] = {}

    def __init__(self, help: str = "", required: bool = True) -> None:
        self.help = help
        self.required = required

    def check(self, value: Any) -> Any:
        return value

    def json_schema(self) -> dict[str, Any]:
        return {**self.json_type, "description": self.help} if self.help else dict(self.json_type)


class Integer(Option):
    json_type = {"type": "integer"}

    def __init__(self, help: str = "", minimum: int | None = None, maximum: int | None = None, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.minimum, self.maximum = minimum, maximum
        if minimum is not None and maximum is not None:
            self.expected = f"an integer from {minimum} to {maximum}"
        elif minimum is not None:
            self.expected = f"an integer of at least {minimum}"
        else:
            self.expected = "an integer"

    def check(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"{value!r} is not an integer", self.expected)
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"{value} is too small", self.expected)
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"{value} is too large", self.expected)
        return value

    def json_schema(self) -> dict[str, Any]:
        bounds = {k: v for k, v in (("minimum", self.minimum), ("maximum", self.maximum)) if v is not None}
        return {**super().json_schema(), **bounds}


class Text(Option):
    json_type = {"type": "string"}

    def __init__(self, help: str = "", pattern: str | None = None, expected: str = "text", **kw: Any) -> None:
        super().__init__(help, **kw)
        self.pattern = re.compile(pattern) if pattern else None
        self.expected = expected

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"{value!r} is not text", self.expected)
        if self.pattern and not self.pattern.match(value):
            raise Invalid(f"{value!r} is malformed", self.expected)
        return value.strip()

    def json_schema(self) -> dict[str, Any]:
        extra = {"pattern": self.pattern.pattern} if self.pattern else {}
        return {**super().json_schema(), **extra}


class Url(Text):
    def __init__(self, help: str = "", **kw: Any) -> None:
        super().__init__(help, pattern=r"^https?://[^\s/]+\.[^\s]+$", expected="an absolute http(s) URL", **kw)

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "format": "uri"}


class Boolean(Option):
    json_type = {"type": "boolean"}
    expected = "true or false"

    def check(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"{value!r} is not true or false", self.expected)
        return value


class Choice(Option):
    json_type = {"type": "string"}

    def __init__(self, choices: Callable[[], tuple[str, ...]] | tuple[str, ...], help: str = "", **kw: Any) -> None:
        super().__init__(help, **kw)
        self._choices = choices

    @property
    def choices(self) -> tuple[str, ...]:
        return self._choices() if callable(self._choices) else self._choices

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "one of: " + ", ".join(self.choices)

    def check(self, value: Any) -> str:
        if value not in self.choices:
            raise Invalid(f"{value!r} is unknown", self.expected)
        return value

    def json_schema(self) -> dict[str, Any]:
        choices = {} if callable(self._choices) else {"enum": list(self._choices)}
        return {**super().json_schema(), **choices}


class Day(Option):
    """A calendar date, optionally bounded; `latest` is a callable so that 'today' is read at check time."""

    json_type = {"type": "string", "format": "date"}

    def __init__(self, help: str = "", earliest: date | None = None,
                 latest: Callable[[], date] | None = None, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.earliest, self.latest = earliest, latest

    @property
    def expected(self) -> str:  # type: ignore[override]
        if self.earliest and self.latest:
            return f"a date YYYY-MM-DD from {self.earliest} to {self.latest()}"
        return "a date YYYY-MM-DD"

    def check(self, value: Any) -> date:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise Invalid(f"{value!r} is not a date", self.expected)
        if self.earliest and value < self.earliest:
            raise Invalid(f"{value} is before {self.earliest}", self.expected)
        if self.latest and value > self.latest():
            raise Invalid(f"{value} is in the future", self.expected)
        return value


class UtcTime(Option):
    json_type = {"type": "string", "format": "date-time"}
    expected = "a UTC date-time such as 2023-06-28T13:38:22Z"

    def check(self, value: Any) -> datetime:
        if not isinstance(value, datetime):
            raise Invalid(f"{value!r} is not a date-time", self.expected)
        if value.tzinfo is None or value.utcoffset() != timezone.utc.utcoffset(None):
            raise Invalid(f"{value.isoformat()} is not in UTC", self.expected)
        return value.astimezone(timezone.utc)


class ListOf(Option):
    def __init__(self, item: Option, help: str = "", unique: bool = False, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.item, self.unique = item, unique
        self.expected = f"a list of {item.expected}"

    def json_schema(self) -> dict[str, Any]:
        unique = {"uniqueItems": True} if self.unique else {}
        return {**super().json_schema(), "type": "array", "items": self.item.json_schema(), **unique}


class Record(Option):
    """A mapping with named options; unknown keys are errors, so typos are caught."""

    expected = "a mapping"

    def __init__(self, fields: dict[str, Option], help: str = "", **kw: Any) -> None:
        super().__init__(help, **kw)
        self.fields = fields

    def json_schema(self) -> dict[str, Any]:
        return {
            **super().json_schema(),
            "type": "object",
            "properties": {k: o.json_schema() for k, o in self.fields.items()},
            "required": [k for k, o in self.fields.items() if o.required],
            "additionalProperties": False,
        }


class Mapping(Option):
    """Free keys (such as score bands), each checked by `value`."""

    def __init__(self, keys: tuple[str, ...], value: Option, help: str = "", **kw: Any) -> None:
        super().__init__(help, **kw)
        self.keys, self.value = keys, value
        self.expected = "a mapping of " + ", ".join(keys)

    def json_schema(self) -> dict[str, Any]:
        return {
            **super().json_schema(),
            "type": "object",
            "properties": {k: self.value.json_schema() for k in self.keys},
            "required": list(self.keys),
            "additionalProperties": False,
        }


Lines = dict[tuple[str, ...], int]


class Checker:
    """Walks a value against a schema, collecting Problems with the line of each field."""

    def __init__(self, path: str, lines: Lines, default_line: int = 1) -> None:
        self.path, self.lines, self.default_line = path, lines, default_line
        self.problems: list[Problem] = []

    def line(self, where: tuple[str, ...]) -> int:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, self.default_line)

    def report(self, where: tuple[str, ...], problem: str, expected: str = "") -> None:
        self.problems.append(Problem(self.path, self.line(where), ".".join(where), problem, expected))

    def check(self, option: Option, value: Any, where: tuple[str, ...]) -> Any:
        """Returns the checked value, or None after reporting what is wrong."""
        if isinstance(option, Record):
            return self._record(option, value, where)
        if isinstance(option, Mapping):
            return self._mapping(option, value, where)
        if isinstance(option, ListOf):
            return self._list(option, value, where)
        try:
            return option.check(value)
        except Invalid as error:
            self.report(where, error.problem, error.expected)
            return None

    def _record(self, option: Record, value: Any, where: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.report(where, f"{type(value).__name__} is not a mapping", option.expected)
            return None
        result: dict[str, Any] = {}
        for key in value:
            if key not in option.fields:
                self.report(where + (str(key),), "unknown field", "one of: " + ", ".join(option.fields))
        for key, field in option.fields.items():
            if value.get(key) is None:
                if field.required:
                    self.problems.append(Problem(self.path, self.line(where + (key,)),
                                                ".".join(where + (key,)), "missing", field.expected))
                result[key] = None
                continue
            result[key] = self.check(field, value[key], where + (key,))
        return result

    def _mapping(self, option: Mapping, value: Any, where: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.report(where, f"{type(value).__name__} is not a mapping", option.expected)
            return None
        for key in value:
            if str(key) not in option.keys:
                self.report(where + (str(key),), "unknown key", "one of: " + ", ".join(option.keys))
        for key in option.keys:
            if key not in value:
                self.report(where, f"{key} is missing", option.expected)
        return {k: self.check(option.value, value[k], where + (k,)) for k in option.keys if k in value}

    def _list(self, option: ListOf, value: Any, where: tuple[str, ...]) -> list[Any] | None:
        if not isinstance(value, list):
            self.report(where, f"{value!r} is not a list", option.expected)
            return None
        items = [self.check(option.item, v, where + (str(i),)) for i, v in enumerate(value)]
        if option.unique:
            seen: set[Any] = set()
            for i, item in enumerate(items):
                if item in seen:
                    self.report(where + (str(i),), f"{item!r} is listed twice", "each value once")
                seen.add(item)
        return items


class Round(Option):
    expected = "a round number such as 254, or 91a"
    json_type = {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^\d+[a-z]$"}]}

    def check(self, value: Any) -> Any:
        from .model import RoundNumber

        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise Invalid(f"{value!r} is not a round number", self.expected)
        try:
            number = RoundNumber.parse(value)
        except ValueError:
            raise Invalid(f"{value!r} is not a round number", self.expected) from None
        if number.number < 1:
            raise Invalid(f"{value!r} is not a round number", self.expected)
        return number


FIRST_DAY = date(2015, 1, 1)


def pool_schema() -> Record:
    from .model import POOL_BANDS

    return Record({
        "as_of": Day("The date of the pool snapshot IRCC published with the round."),
        "total": Integer("Candidates in the pool.", minimum=0),
        "bands": Mapping(POOL_BANDS, Integer(minimum=0),
                         help="Candidates per CRS score band, including the sub-bands of 451-500 and 401-450."),
    }, help="The CRS score distribution of the pool at the round. Absent where IRCC published only zeros.",
        required=False)


def draw_schema(categories: tuple[str, ...] = (), programs: tuple[str, ...] = (),
                today: Callable[[], date] = date.today) -> Record:
    """The front matter of a draw file, content/draws/YYYY/NNN.md. The body holds people's notes."""
    return Record({
        "round": Round("IRCC's round number: an integer, or 91a/91b for the two rounds of 2018-05-30."),
        "date": Day("The draw date.", earliest=FIRST_DAY, latest=today),
        "time": UtcTime("The exact round time, in UTC, as IRCC published it."),
        "name": Text("The official round name, exactly as IRCC wrote it."),
        "category": Choice(categories, help="Our category: the slug of a file in content/categories/."),
        "list_version": Integer("The occupation-list version the round name implies (category rounds only).",
                                minimum=1, required=False),
        "invitations": Integer("The number of invitations issued.", minimum=1),
        "crs": Integer("The CRS score of the lowest-ranked candidate invited.", minimum=0, maximum=1200),
        "tie_break": UtcTime("The tie-breaking rule, in UTC. None before round 77.", required=False),
        "programs": ListOf(Choice(programs), help="The eligible programs.", unique=True),
        "source": Url("The round's official page."),
        "pool": pool_schema(),
        "data_notes": ListOf(Text(), required=False,
                             help="Where the official record contradicts itself: one sentence per inconsistency."),
    })


def category_schema() -> Record:
    """The front matter of a category file, content/categories/<slug>.md."""
    occupation = Record({
        "noc": Text(pattern=r"^\d{5}$", expected="a 5-digit NOC 2021 code in quotes, such as \"21231\""),
        "title": Text(),
        "inferred": Boolean("True where our source does not show the entry verbatim.", required=False),
    })
    version = Record({
        "version": Integer(minimum=1),
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
        "order": Integer(),
        "description": Text(help="A short description, written by us."),
        "program": Record({"code": Text(pattern=r"^[A-Z]{2,5}$", expected="a program code such as CEC"),
                           "text": Text()}, required=False),
        "draw_names": ListOf(Record({"name": Text(), "version": Integer(minimum=1, required=False)})),
        "versions": ListOf(version, required=False),
    })
