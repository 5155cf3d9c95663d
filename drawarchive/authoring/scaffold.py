"""`build.py new`: scaffold the next draw, in the right place, checked before it is written (like `hugo new`)."""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from drawarchive.authoring.drawfile import format_draw
from drawarchive.content.files import draw_file
from drawarchive.content.read import read_content, read_draw
from drawarchive.content.source import parse_file
from drawarchive.content.writes import Change, apply
from drawarchive.model import REPORTED, Archive, Category
from drawarchive.model.fields import DRAW_FIELDS, Field
from drawarchive.model.validation import Problem


class ScaffoldError(Exception):
    """Refused: one line saying why and what to do."""


# What the contributor gave, as text, by field name (the flags of `new`); a field's sources as a tuple.
Answers = dict[str, Any]
Ask = Callable[[str, str | None], str | None]


def ask_terminal(question: str, default: str | None) -> str | None:
    """Prompt on a terminal; elsewhere (CI, pipes) take the default without asking."""
    if not sys.stdin.isatty():
        return default
    answer = input(f"{question}{f' [{default}]' if default else ''}: ").strip()
    return answer or default


@dataclass
class Filling:
    """A new draw's facts as they are asked for, field after field, in their declared order."""

    archive: Archive
    given: Answers
    ask: Ask
    today: date
    facts: dict[str, Any] = default(default_factory=dict)

    def value(self, field: Field, default: str | None = None) -> str | None:
        assert field.ask is not None
        return _value(self.given.get(field.name), self.ask, field.ask.question, default, flag(field),
                      field.ask.required)

    def category(self) -> tuple[Category, int | None]:
        return _category(self.archive, str(self.facts["name"]))


def flag(field: Field) -> str:
    """The flag of `new` that gives a field: --tie-break, --source."""
    assert field.ask is not None
    return field.ask.flag or "--" + field.name.replace("_", "-")


# Each reader named in model/fields.py's declarations (Field.ask.read): how `new` asks for a field.
READERS: dict[str, Callable[[Filling, Field], Any]] = {
    "reported": lambda f, field: REPORTED,
    "round number": lambda f, field: _round_value(str(f.value(field, _next_round(f.archive)))),
    "ISO date": lambda f, field: _parse(str(f.value(field, f.today.isoformat())), date.fromisoformat, flag(field),
                                    "a date such as 2026-11-21"),
    "time of the day": lambda f, field: _moment(f.value(field), f.facts["date"], flag(field)),
    "time": lambda f, field: _moment(f.value(field), None, flag(field)),
    "text": lambda f, field: str(f.value(field)),
    "category of the name": lambda f, field: f.category()[0].slug,
    "list version of the name": lambda f, field: f.category()[1],
    "count": lambda f, field: _count(f.value(field), flag(field)),
    "program codes": lambda f, field: _programs(f.value(field, _implied_programs(f.category()[0]))),
    "sources": lambda f, field: _sources(tuple(f.given.get(field.name) or ()), f.ask, field),
}


def scaffold(root: Path, given: Answers, ask: Ask = ask_terminal, today: date | None = None) -> Path:
    """Writes the new draw file, status "reported", and returns its path; raises ScaffoldError, writing nothing.
    The caller holds content/'s lock (content/lock.py).

    The round is reported, not official: the facts come from the sources the contributor read,
    and `import` confirms them when IRCC's data has the round. What they don't know stays out.
    """
    archive, problems = read_content(root)
    if problems:
        raise ScaffoldError(f"the content has {len(problems)} problems; run `python build.py check` first")
    filling = Filling(archive, given, ask, today or date.today())
    for field in DRAW_FIELDS:
        if field.ask is not None:
            filling.facts[field.name] = READERS[field.ask.read](filling, field)
    return _write(root, archive, {k: v for k, v in filling.facts.items() if v is not None})


def _round_value(label: str) -> int | str:
    return int(label) if label.isdigit() else label


def _write(root: Path, archive: Archive, facts: dict[str, Any]) -> Path:
    label = str(facts["round"])
    if any(d.label == label for d in archive.draws):
        owner = next(d.path for d in archive.draws if d.label == label)
        raise ScaffoldError(f"round {label} already exists in {owner}; edit that file instead")
    path = draw_file(root, label, facts["date"])
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists; it was not overwritten")
    text = format_draw(facts)
    problems = _check(text, path.relative_to(root).as_posix(), archive)
    if problems:
        raise ScaffoldError("; ".join(problems))
    if apply(root, [[Change(path, None, text.encode())]])[0] is not None:  # never overwrites
        raise ScaffoldError(f"{path.relative_to(root)} appeared while new ran; it was not overwritten")
    return path


def _check(text: str, relative: str, archive: Archive) -> list[str]:
    source = parse_file(text, relative)
    if isinstance(source, Problem):
        return [str(source)]
    return [str(p) for p in read_draw(source, archive.categories)[1]]


def _value(given: str | None, ask: Ask, question: str, default: str | None, flag: str,
           required: bool = True) -> str | None:
    value = given if given is not None else ask(question, default)
    if value is None or not str(value).strip():
        if not required:
            return None
        raise ScaffoldError(f"{flag}: missing (expected {question[0].lower() + question[1:]})")
    return str(value).strip()


def _next_round(archive: Archive) -> str | None:
    return str(max(d.round.number for d in archive.draws) + 1) if archive.draws else "1"


def _category(archive: Archive, name: str) -> tuple[Category, int | None]:
    mapping = archive.draw_names.get(name)
    if mapping is None:
        known = "; ".join(sorted(archive.draw_names))
        raise ScaffoldError(f"unknown round name {name!r}. Known names: {known}. For a new name, add it to the "
                            "draw_names of a file in content/categories/ (see CONTRIBUTING.md, 'Adding a category')")
    category, entry = mapping
    return category, entry.version


def _parse(text: str, parse: Callable[[str], Any], what: str, expected: str) -> Any:
    try:
        return parse(text)
    except ValueError:
        raise ScaffoldError(f"{what}: cannot read {text!r} (expected {expected})") from None


def _moment(text: str | None, day: date | None, what: str) -> datetime | None:
    if text is None or text.lower() in ("", "none"):
        return None
    cleaned = text.strip().removesuffix("UTC").removesuffix("Z").strip().replace("T", " ")
    if day is not None and re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", cleaned):
        cleaned = f"{day.isoformat()} {cleaned}"
    moment: datetime = _parse(cleaned, datetime.fromisoformat, what, "a UTC time such as 2026-11-21 14:05:00")
    return moment.replace(tzinfo=UTC)


def _count(text: str | None, what: str) -> int:
    return int(_parse(str(text).replace(",", ""), int, what, "a whole number"))


def _implied_programs(category: Category) -> str | None:
    """A program round's program is in its name; for other rounds the contributor must say."""
    return category.program.code if category.program else None


def _programs(text: str | None) -> list[str] | None:
    return text.replace(",", " ").split() if text else None


def _sources(given: tuple[str, ...], ask: Ask, field: Field) -> list[dict[str, str]]:
    """Each source as "URL, then what it is": `--source "https://… CIC News, 2026-09-04"`."""
    assert field.ask is not None
    texts = list(given) or [str(_value(None, ask, field.ask.question, None, flag(field)))]
    sources = []
    for text in texts:
        url, _, label = text.strip().partition(" ")
        if not url.startswith(("https://", "http://")):
            raise ScaffoldError(f"{flag(field)}: {text!r} does not start with a URL (expected \"URL what it is\", "
                                "such as \"https://www.cicnews.com/... CIC News, 2026-09-04\")")
        sources.append({"label": label.strip() or urlsplit(url).hostname or url, "url": url})
    return sources
