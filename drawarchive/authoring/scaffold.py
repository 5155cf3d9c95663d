"""`build.py new`: scaffold the next draw, in the right place, checked before it is written (like `hugo new`)."""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from drawarchive.authoring.drawfile import format_draw
from drawarchive.content.lock import Change, apply
from drawarchive.content.options import Problem
from drawarchive.content.read import read_content, read_draw
from drawarchive.content.source import parse_file
from drawarchive.model.draws import Archive, Category
from drawarchive.pages.urls import draw_file


class ScaffoldError(Exception):
    """Refused: one line saying why and what to do."""


@dataclass(frozen=True, slots=True)
class Answers:
    """What the contributor gave, as text; None (or no sources) where they gave nothing."""

    round: str | None = None
    date: str | None = None
    time: str | None = None
    name: str | None = None
    invitations: str | None = None
    crs: str | None = None
    tie_break: str | None = None
    programs: str | None = None
    sources: tuple[str, ...] = ()


Ask = Callable[[str, str | None], str | None]


def ask_terminal(question: str, default: str | None) -> str | None:
    """Prompt on a terminal; elsewhere (CI, pipes) take the default without asking."""
    if not sys.stdin.isatty():
        return default
    answer = input(f"{question}{f' [{default}]' if default else ''}: ").strip()
    return answer or default


def scaffold(root: Path, given: Answers, ask: Ask = ask_terminal, today: date | None = None) -> Path:
    """Writes the new draw file, status "reported", and returns its path; raises ScaffoldError, writing nothing.
    The caller holds content/'s lock (contentlock.content_lock).

    The round is reported, not official: the facts come from the sources the contributor read,
    and `import` confirms them when IRCC's data has the round. What they don't know stays out.
    """
    archive, problems = read_content(root)
    if problems:
        raise ScaffoldError(f"the content has {len(problems)} problems; run `python build.py check` first")
    today = today or date.today()
    label = str(_value(given.round, ask, "Round number", _next_round(archive), "--round"))
    name = str(_value(given.name, ask, "Official round name, exactly as IRCC wrote it", None, "--name"))
    category, version = _category(archive, name)
    day = _parse(str(_value(given.date, ask, "Draw date (YYYY-MM-DD)", today.isoformat(), "--date")),
                 date.fromisoformat, "--date", "a date such as 2026-11-21")
    facts: dict[str, Any] = {
        "round": int(label) if label.isdigit() else label,
        "status": "reported",
        "date": day,
        "time": _moment(_value(given.time, ask, "Round time in UTC (HH:MM:SS), if known", None, "--time",
                               required=False), day, "--time"),
        "name": name,
        "category": category.slug,
        "list_version": version,
        "invitations": _count(_value(given.invitations, ask, "Invitations issued", None, "--invitations"),
                              "--invitations"),
        "crs": _count(_value(given.crs, ask, "CRS score of the lowest-ranked candidate", None, "--crs"), "--crs"),
        "tie_break": _moment(_value(given.tie_break, ask, "Tie-breaking rule in UTC (YYYY-MM-DD HH:MM:SS), if known",
                                    None, "--tie-break", required=False), None, "--tie-break"),
        "programs": _programs(_value(given.programs, ask, "Eligible programs (FSW CEC FST PNP), if known",
                                     _implied_programs(category), "--programs", required=False)),
        "reported_by": _sources(given.sources, ask),
    }
    return _write(root, archive, {k: v for k, v in facts.items() if v is not None})


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
    made, _ = apply(root, [[Change(path, None, text.encode())]])  # whole or not at all; never overwrites
    if not made:
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


def _sources(given: tuple[str, ...], ask: Ask) -> list[dict[str, str]]:
    """Each source as "URL, then what it is": `--source "https://… CIC News, 2026-09-04"`."""
    texts = list(given) or [str(_value(None, ask, "Where was the round reported? A URL, then what it is", None,
                                       "--source"))]
    sources = []
    for text in texts:
        url, _, label = text.strip().partition(" ")
        if not url.startswith(("https://", "http://")):
            raise ScaffoldError(f"--source: {text!r} does not start with a URL (expected \"URL what it is\", "
                                "such as \"https://www.cicnews.com/... CIC News, 2026-09-04\")")
        sources.append({"label": label.strip() or urlsplit(url).hostname or url, "url": url})
    return sources
