"""The validation library: typed options for front matter, in the manner of mkdocs' config options.

Each option checks one value and either returns it (typed) or raises `Invalid`
with what is wrong and what was expected. `Record` checks a mapping of options
and collects every problem instead of stopping at the first.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from drawarchive.model.values import format_utc


def shown(value: Any) -> str:
    """A value as quoted in a message: short, so that a 100 KB value is not printed in full."""
    if isinstance(value, date):  # datetime.date(2023, 7, 5) would not say what the file holds
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:56] + "...'"


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """Text as one printable line: control and format characters, line breaks included, are escaped.

    Paths come from file names and fields from YAML keys, which may hold a newline or an escape
    sequence; a problem must stay one line on a terminal and in a CI log.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


class Invalid(Exception):
    def __init__(self, problem: str, expected: str) -> None:
        super().__init__(f"{problem} ({expected})")
        self.problem = problem
        self.expected = expected


@dataclass(frozen=True, slots=True)
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
        return printable(f"{where}: {self.field}: {self.problem}{expected}")


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
            self.expected = f"an integer from {_big(minimum)} to {_big(maximum)}"
        elif minimum is not None:
            self.expected = f"an integer of at least {_big(minimum)}"
        else:
            self.expected = "an integer"

    def check(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"{shown(value)} is not an integer", self.expected)
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"{shown(value)} is too small", self.expected)
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"{shown(value)} is too large", self.expected)
        return value

    def json_schema(self) -> dict[str, Any]:
        bounds = {k: v for k, v in (("minimum", self.minimum), ("maximum", self.maximum)) if v is not None}
        return {**super().json_schema(), **bounds}


def _big(number: int) -> str:
    """10,000 and up with separators; scores such as 1200 read better without."""
    return f"{number:,}" if abs(number) >= 10_000 else str(number)


class Text(Option):
    json_type = {"type": "string"}

    def __init__(self, help: str = "", pattern: str | None = None, expected: str = "text", **kw: Any) -> None:
        super().__init__(help, **kw)
        self.pattern = re.compile(pattern) if pattern else None
        self.expected = expected

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"{shown(value)} is not text", self.expected)
        if self.pattern and not self.pattern.match(value):
            raise Invalid(f"{shown(value)} is malformed", self.expected)
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
            raise Invalid(f"{shown(value)} is not true or false", self.expected)
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
            raise Invalid(f"{shown(value)} is unknown", self.expected)
        return str(value)

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
            raise Invalid(f"{shown(value)} is not a date", self.expected)
        if self.earliest and value < self.earliest:
            raise Invalid(f"{value} is before {self.earliest}", self.expected)
        if self.latest and value > self.latest():
            raise Invalid(f"{value} is in the future", self.expected)
        return value


class UtcTime(Option):
    """A UTC date-time; `latest` is a callable so that 'now' is read at check time."""

    json_type = {"type": "string", "format": "date-time"}
    expected = "a UTC date-time such as 2023-06-28T13:38:22Z"

    def __init__(self, help: str = "", earliest: date | None = None,
                 latest: Callable[[], datetime] | None = None, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.earliest, self.latest = earliest, latest

    def check(self, value: Any) -> datetime:
        if not isinstance(value, datetime):
            raise Invalid(f"{shown(value)} is not a date-time", self.expected)
        if value.tzinfo is None or value.utcoffset() != UTC.utcoffset(None):
            raise Invalid(f"{value.isoformat()} is not in UTC", self.expected)
        if self.earliest and value.date() < self.earliest:
            raise Invalid(f"{format_utc(value)} is before {self.earliest}", self.expected)
        if self.latest and value > self.latest():
            raise Invalid(f"{format_utc(value)} is in the future", self.expected)
        return value.astimezone(UTC)


class ListOf(Option):
    def __init__(self, item: Option, help: str = "", unique: bool = False, min_items: int = 0, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.item, self.unique, self.min_items = item, unique, min_items
        self.expected = f"a list, each {item.expected}" + (f"; at least {min_items}" if min_items else "")

    def json_schema(self) -> dict[str, Any]:
        extra: dict[str, Any] = {"uniqueItems": True} if self.unique else {}
        if self.min_items:
            extra["minItems"] = self.min_items
        return {**super().json_schema(), "type": "array", "items": self.item.json_schema(), **extra}


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

    def __init__(self, keys: tuple[str, ...], value: Option, help: str = "", optional: tuple[str, ...] = (),
                 **kw: Any) -> None:
        super().__init__(help, **kw)
        self.keys, self.value, self.optional = keys, value, optional
        self.expected = "a mapping of " + ", ".join(keys) + (f" ({', '.join(optional)} optional)" if optional else "")

    def json_schema(self) -> dict[str, Any]:
        return {
            **super().json_schema(),
            "type": "object",
            "properties": {k: self.value.json_schema() for k in self.keys},
            "required": [k for k in self.keys if k not in self.optional],
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
                self.report((*where, str(key)), "unknown field", "one of: " + ", ".join(option.fields))
        for key, field in option.fields.items():
            if value.get(key) is None:
                if field.required:
                    self.problems.append(Problem(self.path, self.line((*where, key)),
                                                ".".join((*where, key)), "missing", field.expected))
                result[key] = None
                continue
            result[key] = self.check(field, value[key], (*where, key))
        return result

    def _mapping(self, option: Mapping, value: Any, where: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.report(where, f"{type(value).__name__} is not a mapping", option.expected)
            return None
        for key in value:
            if str(key) not in option.keys:
                self.report((*where, str(key)), "unknown key", "one of: " + ", ".join(option.keys))
        for key in option.keys:
            if key not in value and key not in option.optional:
                self.report(where, f"{key} is missing", option.expected)
        return {k: self.check(option.value, value[k], (*where, k)) for k in option.keys if k in value}

    def _list(self, option: ListOf, value: Any, where: tuple[str, ...]) -> list[Any] | None:
        if not isinstance(value, list):
            self.report(where, f"{shown(value)} is not a list", option.expected)
            return None
        if len(value) < option.min_items:
            self.report(where, "an empty list" if not value else f"{len(value)} items", option.expected)
            return None
        items = [self.check(option.item, v, (*where, str(i))) for i, v in enumerate(value)]
        if option.unique:
            seen: set[Any] = set()
            for i, item in enumerate(items):
                if item in seen:
                    self.report((*where, str(i)), f"{shown(item)} is listed twice", "each value once")
                seen.add(item)
        return items
