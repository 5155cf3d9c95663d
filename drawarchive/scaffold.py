"""`build.py new`: scaffold the next draw, in the right place, checked before it is written (like `hugo new`)."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

from .content import parse_file, read_content
from .drawfile import draw_path, format_draw
from .model import Archive, Draw

NOTES_HINT = "<!-- Optional: notes on this round, in Markdown. Say what was notable and cite sources. -->\n"


class ScaffoldError(Exception):
    """Refused: one line saying why and what to do."""


@dataclass(frozen=True)
class Answers:
    """What the contributor gave, as text; None where they gave nothing."""

    round: str | None = None
    date: str | None = None
    time: str | None = None
    name: str | None = None
    invitations: str | None = None
    crs: str | None = None
    tie_break: str | None = None
    source: str | None = None


Ask = Callable[[str, str | None], str | None]


def ask_terminal(question: str, default: str | None) -> str | None:
    """Prompt on a terminal; elsewhere (CI, pipes) take the default without asking."""
    if not sys.stdin.isatty():
        return default
    answer = input(f"{question}{f' [{default}]' if default else ''}: ").strip()
    return answer or default


def scaffold(root: Path, given: Answers, ask: Ask = ask_terminal, today: date | None = None) -> Path:
    """Writes the new draw file and returns its path; raises ScaffoldError, writing nothing, if refused."""
    archive, problems = read_content(root)
    if problems:
        raise ScaffoldError(f"the content has {len(problems)} problems; run `python build.py check` first")
    latest = archive.draws[-1] if archive.draws else None
    today = today or date.today()
    label = str(_value(given.round, ask, "Round number", _next_round(archive), "--round"))
    name = str(_value(given.name, ask, "Official round name, exactly as IRCC wrote it", None, "--name"))
    category, version = _category(archive, name)
    day = _parse(str(_value(given.date, ask, "Draw date (YYYY-MM-DD)", today.isoformat(), "--date")), date.fromisoformat, "date",
                 "a date such as 2026-11-21")
    facts: dict[str, Any] = {
        "round": int(label) if label.isdigit() else label,
        "date": day,
        "time": _moment(_value(given.time, ask, "Round time in UTC (HH:MM:SS)", None, "--time"), day, "--time"),
        "name": name,
        "category": category.slug,
        "list_version": version,
        "invitations": _count(_value(given.invitations, ask, "Invitations issued", None, "--invitations"),
                              "--invitations"),
        "crs": _count(_value(given.crs, ask, "CRS score of the lowest-ranked candidate", None, "--crs"), "--crs"),
        "tie_break": _moment(_value(given.tie_break, ask, "Tie-breaking rule in UTC (YYYY-MM-DD HH:MM:SS)", None, "--tie-break",
                                    required=False),
                             None, "--tie-break"),
        "programs": list(_programs(archive, category.slug)),
        "source": _value(given.source, ask, "Official source URL", _source(latest, label), "--source"),
    }
    return _write(root, archive, {k: v for k, v in facts.items() if v is not None})


def _write(root: Path, archive: Archive, facts: dict[str, Any]) -> Path:
    label = str(facts["round"])
    if any(d.label == label for d in archive.draws):
        owner = next(d.path for d in archive.draws if d.label == label)
        raise ScaffoldError(f"round {label} already exists in {owner}; edit that file instead")
    path = draw_path(root, label, facts["date"])
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists; it was not overwritten")
    text = format_draw(facts, "\n" + NOTES_HINT)
    problems = _check(text, path.relative_to(root).as_posix(), archive)
    if problems:
        raise ScaffoldError("; ".join(problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path


def _check(text: str, relative: str, archive: Archive) -> list[str]:
    from .content import read_draw

    source = parse_file(text, relative)
    if not hasattr(source, "data"):
        return [str(source)]
    _, problems = read_draw(source, archive.categories)  # type: ignore[arg-type]
    return [str(p) for p in problems]


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


def _category(archive: Archive, name: str) -> tuple[Any, int | None]:
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
    moment = _parse(cleaned, datetime.fromisoformat, what, "a UTC time such as 2026-11-21 14:05:00")
    return moment.replace(tzinfo=timezone.utc)


def _count(text: str | None, what: str) -> int:
    return _parse(str(text).replace(",", ""), int, what, "a whole number")


def _programs(archive: Archive, slug: str) -> tuple[str, ...]:
    """The programs of the category's last draw: they rarely change between rounds."""
    previous = archive.draws_in(slug)
    if previous:
        return previous[-1].programs
    return tuple(p.code for p in archive.programs)


def _source(latest: Draw | None, label: str | None) -> str | None:
    """IRCC's pages differ only by the round in ?q=, so the last one is a good guess."""
    if latest is None or label is None or f"q={latest.label}" not in latest.source:
        return None
    return latest.source.replace(f"q={latest.label}", f"q={label}")
