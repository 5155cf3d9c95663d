"""Normalize one round of IRCC's rounds JSON (ee_rounds_123_en.json) into draw front-matter facts.

Every value in the official file is a string: numbers carry commas, links are HTML, and the
round and tie-break times come in about eleven shapes. tests/test_ircc.py holds a test for each
quirk, read from the recorded file tests/fixtures/ircc-rounds.json.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from drawarchive.authoring.ircc_data import DEEP, JsonNumber
from drawarchive.model import POOL_BANDS, POOL_SUBBANDS, Archive, Category, DrawName
from drawarchive.model.fields import DRAW_FIELDS, IRCC_KEYS, POOL_COUNTS, ROUND_LABEL, Round
from drawarchive.model.validation import Invalid, printable, shown

SITE = "https://www.canada.ca"
HOST = "www.canada.ca"
MAX_DIGITS = 9  # no count IRCC publishes comes near a billion
MONTHS = {name: i for i, name in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
TIME_PATTERN = re.compile(
    r"""^(?:(?P<month>[A-Za-z]+)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*[.,]?\s*(?P<year>\d{4})?\s*,?\s*)?
    (?:at\s*)?(?:(?P<iso>\d{4}-\d{2}-\d{2})\s+)?
    (?P<hour>\d{1,2}):(?P<minute>\d{2}):(?P<second>\d{2})\s*(?P<half>AM|PM)?\s*(?:UTC)?$""",
    re.VERBOSE | re.IGNORECASE)
HREF_PATTERN = re.compile(r"""href\s*=\s*(['"])(?P<url>.*?)\1""", re.IGNORECASE)


class RoundError(ValueError):
    """A value in one round that cannot be read; names the field, the text and what was expected."""

    def __init__(self, field: str, text: str, expected: str, quote: bool = True) -> None:
        said = f"cannot read {shown(text)}" if quote else text
        super().__init__(f"{field}: {said} (expected {expected})")
        self.field, self.text, self.expected = field, text, expected


def parse_count(text: str, field: str) -> int:
    """'5,000' -> 5000."""
    cleaned = text.strip().replace(",", "")
    if not cleaned.isascii() or not cleaned.isdigit():
        raise RoundError(field, text, "a whole number such as 5,000")
    if len(cleaned.lstrip("0")) > MAX_DIGITS:
        raise RoundError(field, text, f"a whole number of at most {MAX_DIGITS} digits")
    return int(cleaned)


def parse_link(text: str, field: str) -> str:
    """The href of an <a> tag, made absolute on www.canada.ca.

    Links under /content/canadasite/ are the CMS's internal paths; the public page drops that prefix.
    """
    match = HREF_PATTERN.search(text)
    if not match:
        raise RoundError(field, text, "an <a href=...> link")
    href = html.unescape(match.group("url")).strip()
    if href.startswith("/content/canadasite/"):
        href = href[len("/content/canadasite"):]
    url = urljoin(SITE + "/", href)
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname != HOST or parts.username or parts.port:
        raise RoundError(field, text, f"a link to a page on {HOST}")
    return url


def parse_long_date(text: str, field: str) -> date:
    """'August 16, 2026' -> date(2026, 8, 16)."""
    match = re.fullmatch(r"\s*([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})\s*", text)
    month = MONTHS.get(match.group(1).lower()) if match else None
    try:
        return date(int(match.group(3)), month, int(match.group(2))) if match and month else _fail()
    except ValueError:
        raise RoundError(field, text, "a date such as August 16, 2026") from None


def _fail() -> Any:
    raise ValueError


def parse_time(text: str, field: str, draw_date: date, label: str) -> tuple[datetime, list[dict[str, Any]]]:
    """A round or tie-break time in UTC, plus a note for anything assumed.

    Handles ordinals ('19th'), 'at12:48:30', 'PM' on 24-hour times, stray spaces and commas,
    'March 02. 2024', ISO dates inside the text, a missing 'UTC', and a missing year (the draw's year).
    """
    expected = "a date and time such as 'August 19, 2026 at 12:35:37 UTC'"
    cleaned = " ".join(text.split())
    match = TIME_PATTERN.match(cleaned)
    if not match or not (match.group("month") or match.group("iso")):
        raise RoundError(field, text, expected)
    notes: list[dict[str, Any]] = []
    try:
        day = _date_part(match, draw_date, field, text, notes, label)
        hour = int(match.group("hour"))
        if (match.group("half") or "").upper() == "PM" and hour < 12:
            hour += 12
        elif (match.group("half") or "").upper() == "AM" and hour == 12:
            hour = 0
        value = datetime(day.year, day.month, day.day, hour, int(match.group("minute")),
                         int(match.group("second")), tzinfo=UTC)
    except ValueError:
        raise RoundError(field, text, expected) from None
    return value, notes


def _date_part(match: re.Match[str], draw_date: date, field: str, text: str, notes: list[dict[str, Any]],
               label: str) -> date:
    iso = date.fromisoformat(match.group("iso")) if match.group("iso") else None
    if not match.group("month"):
        return iso  # type: ignore[return-value]
    month = MONTHS.get(match.group("month").lower())
    if month is None:
        raise ValueError(text)
    year = int(match.group("year")) if match.group("year") else draw_date.year
    if not match.group("year"):
        notes.append({"kind": "no year", "field": label, "official": text.strip(), "year": year})
    day = date(year, month, int(match.group("day")))
    if iso and iso != day:
        raise RoundError(field, text, "the same date in words and in ISO form")
    return day


def parse_programs(text: str, archive: Archive) -> list[str]:
    """'Federal Skilled Worker, Canadian Experience Class and ...' -> ['FSW', 'CEC', ...].

    The program names come from the program categories in content/, not from code.
    """
    found = sorted((text.find(p.text), p.code, p.text) for p in archive.programs if p.text in text)
    leftover = text
    for _, _, name in found:
        leftover = leftover.replace(name, "")
    if not found or re.sub(r"\b(Program|and)\b|[,\s]", "", leftover):
        known = ", ".join(p.text for p in archive.programs)
        raise RoundError("drawText2", text, f"program names from: {known}")
    return [code for _, code, _ in found]


def parse_pool(raw: dict[str, str], day_key: str,
               count_keys: tuple[str, ...]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The pool distribution (its day, then its 17 bands and its total, at the keys the pool field declares),
    or None where IRCC published only zeros; notes on bad subtotals."""
    counts = [parse_count(raw[key], key) for key in count_keys]
    if not any(counts):
        return None, []
    bands = dict(zip(POOL_BANDS, counts[:17], strict=True))
    notes = []
    for band, subbands in POOL_SUBBANDS.items():
        total = sum(bands[b] for b in subbands)
        if total != bands[band]:
            notes.append({"kind": "subtotal", "band": band, "published": bands[band], "sum": total})
    top = sum(bands[b] for b in POOL_BANDS if b not in sum(POOL_SUBBANDS.values(), ()))
    if top != counts[17]:
        notes.append({"kind": "total", "published": counts[17], "sum": top})
    pool = {"as_of": parse_long_date(raw[day_key], day_key),
            "total": counts[17], "bands": bands}
    return pool, notes


def _read(parse: Any, raw: dict[str, str], field: str, expected: str) -> Any:
    try:
        return parse(raw[field])
    except ValueError:
        raise RoundError(field, raw[field], expected) from None


def check_types(raw: Any) -> None:
    """IRCC writes every value as a string; anything else is reported before it is read."""
    if not isinstance(raw, dict):
        raise RoundError("round", f"a {type(raw).__name__}", "an object of IRCC's fields", quote=False)
    for field in IRCC_KEYS:
        value = raw.get(field)
        if isinstance(value, str) and value.startswith(DEEP):
            levels = int(value.split()[1])
            raise RoundError(field, f"a list or object nested {levels:,} level{'s' * (levels > 1)} deep",
                             "a string, as IRCC writes every value", quote=False)
        if not isinstance(value, str):
            kind = ("missing" if field not in raw else "null" if value is None
                    else f"a number of {len(value.text):,} characters" if isinstance(value, JsonNumber)
                    else f"a {type(value).__name__}")
            raise RoundError(field, kind, "a string, as IRCC writes every value", quote=False)


def round_label(raw: Any, index: int) -> str:
    """How a round is named in messages: its number as given, printable and shortened if absurd, or its place."""
    number = raw.get("drawNumber") if isinstance(raw, dict) else None
    if not isinstance(number, str) or not number.strip():
        return f"#{index + 1} in the list"
    number = printable(number.strip())
    return number if len(number) <= 12 else f"{number[:8]}… ({len(number):,} characters)"


CANONICAL_ROUND = re.compile(ROUND_LABEL)  # ASCII digits only: str.isdigit() takes '٢٥٤' and '２５４'


def canonical_round(text: Any) -> str | None:
    """A round's label as IRCC writes it ('254', '91a'), the one key for a round everywhere; None for any
    other way of writing a number ('0254', '٢٥٤', '２５４', ' 254\n1'), which names no round for certain."""
    if not isinstance(text, str):
        return None
    stripped = text.strip(" ")
    return stripped if CANONICAL_ROUND.fullmatch(stripped) else None


def _round_number(text: str) -> Any:
    label = canonical_round(text)
    if label is None:
        raise ValueError(text)
    try:
        return Round().check(int(label) if label.isdigit() else label)
    except Invalid as error:
        raise ValueError(error.problem) from None


@dataclass
class Reading:
    """One round being read: the facts so far, and the notes on what IRCC's record contradicts."""

    raw: dict[str, str]
    archive: Archive
    facts: dict[str, Any] = default(default_factory=dict)
    notes: list[dict[str, Any]] = default(default_factory=list)  # on the times, in the order they are read
    pool_notes: list[dict[str, Any]] = default(default_factory=list)

    def name_entry(self) -> tuple[Category, DrawName]:
        mapping = self.archive.draw_names.get(self.raw["drawName"].strip())
        if mapping is None:
            raise RoundError("drawName", self.raw["drawName"], "a draw name listed in content/categories/*.md")
        return mapping


def _read_round(r: Reading, key: str) -> Any:
    number = _read(_round_number, r.raw, key,
                   "a round number as IRCC writes it: ASCII digits without a leading zero, such as 254, or 91a")
    return number.number if not number.suffix else str(number)


def _read_time(r: Reading, key: str) -> datetime:
    moment, notes = parse_time(r.raw[key], key, r.facts["date"], "time")
    r.notes += notes
    return moment


def _read_tie_break(r: Reading, key: str) -> datetime | None:
    if not r.raw[key].strip():
        return None
    moment, notes = parse_time(r.raw[key], key, r.facts["date"], "tie_break")
    r.notes += notes
    return moment


def _read_pool(r: Reading, key: str) -> dict[str, Any] | None:
    pool, r.pool_notes = parse_pool(r.raw, key, POOL_COUNTS)
    return pool


def _read_notes(r: Reading, key: str) -> list[dict[str, Any]]:
    """The notes on the times, then where the round time and the draw date disagree, then on the pool."""
    time, day = r.facts.get("time"), r.facts["date"]
    if time and time.date() != day:
        r.notes.append({"kind": "time and date", "official": r.raw["drawDateTime"].strip(),
                        "days": (time.date() - day).days})
    return r.notes + r.pool_notes


# Each reader named in model/fields.py's declarations (Field.ircc.read): how a field is read from one
# round of IRCC's JSON, at its key there.
READERS: dict[str, Callable[[Reading, str], Any]] = {
    "round number": _read_round,
    "official": lambda r, key: "official",
    "ISO date": lambda r, key: _read(lambda text: date.fromisoformat(text.strip()), r.raw, key,
                                 "an ISO date such as 2023-06-28"),
    "round time": _read_time,
    "text": lambda r, key: r.raw[key].strip(),
    "category": lambda r, key: r.name_entry()[0].slug,
    "list version": lambda r, key: r.name_entry()[1].version,
    "count": lambda r, key: parse_count(r.raw[key], key),
    "tie-break time": _read_tie_break,
    "program names": lambda r, key: parse_programs(r.raw[key], r.archive),
    "link": lambda r, key: parse_link(r.raw[key], key),
    "pool distribution": _read_pool,
    "notes on the record": _read_notes,
}


def normalize_round(raw: dict[str, str], archive: Archive) -> dict[str, Any]:
    """One official round as draw front matter, in schema order. Raises RoundError on unreadable text."""
    check_types(raw)
    reading = Reading(raw, archive)
    for declared in DRAW_FIELDS:
        if declared.ircc is not None:
            reading.facts[declared.name] = READERS[declared.ircc.read](reading, declared.ircc.key)
    return {k: v for k, v in reading.facts.items() if v is not None and v != []}
