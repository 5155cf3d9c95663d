"""Read content/ into an Archive, checking every file and reporting every problem at once."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from drawarchive.content.categories import read_categories
from drawarchive.content.checked import read_checked
from drawarchive.content.files import ParseCache, content_files, draw_file, english, parse_path
from drawarchive.content.schema import draw_fields, draw_schema
from drawarchive.content.source import SourceFile
from drawarchive.content.translations import read_translations
from drawarchive.content.workers import in_workers, run_of
from drawarchive.model import (
    NOTE_KINDS,
    OFFICIAL,
    POOL_BANDS,
    POOL_SUBBANDS,
    POOL_TOP_BANDS,
    REPORTED,
    Archive,
    Category,
    Correction,
    Draw,
    RoundNumber,
    format_utc,
)
from drawarchive.model.fields import CORRECTABLE, DRAW_FIELDS
from drawarchive.model.validation import Checker, Problem


def read_draw(source: SourceFile, categories: tuple[Category, ...],
              today: Callable[[], date] = date.today) -> tuple[Draw | None, list[Problem]]:
    """Checks one draw file against the schema and the categories; returns the Draw if it is sound."""
    slugs = tuple(c.slug for c in categories)
    programs = tuple(c.program.code for c in categories if c.program)
    checker = Checker(source.path, source.lines)
    values = checker.check(draw_schema(slugs, programs, today), source.data, ())
    if values is None:
        return None, checker.problems
    corrections = _check_consistency(values, categories, checker, source, slugs, programs)
    if checker.problems:
        return None, checker.problems
    return Draw.of(values, corrections, source.body, source.path), []


def _check_consistency(values: dict[str, Any], categories: tuple[Category, ...], checker: Checker,
                       source: SourceFile, slugs: tuple[str, ...], programs: tuple[str, ...]) -> tuple[Correction, ...]:
    _check_status(values, checker, source.data)
    _check_times(values, checker)
    _check_notes(values, checker)
    _check_pool(values, checker)
    _check_place(values, checker, source.path)
    category = next((c for c in categories if c.slug == values["category"]), None)
    if category is not None:
        _check_name(values, category, checker)
    _check_differences(values, checker, slugs, programs)
    return _check_corrections(values, checker, slugs, programs)


def _check_status(values: dict[str, Any], checker: Checker, given: dict[str, Any]) -> None:
    """Official rounds carry all of IRCC's facts; reported ones name their sources and nothing of import's."""
    if values["status"] == OFFICIAL:
        number = values["round"].number if values["round"] else 0
        for field in DRAW_FIELDS:
            if field.official and number >= field.official_from and given.get(field.name) is None:
                checker.report((field.name,), "missing", field.official)
        if values["reported_by"] is None and values["reported_differences"]:
            checker.report(("reported_differences",), "present without reported_by",
                           "reported_differences only on a round that was reported first")
    elif values["status"] == REPORTED:
        if values["reported_by"] is None:
            checker.report(("reported_by",), "missing", "the sources the round was reported in, for a reported round")
        for name in (f.name for f in DRAW_FIELDS if not f.on_reported):
            if values[name]:
                checker.report((name,), "on a reported round",
                               f"{name} only on an official round (import writes them; a reported round's "
                               "values are yours to edit)")


# IRCC's own round times stray from its draw dates by up to 10 days (import notes each in data_notes),
# and its pool snapshots precede the draw by up to 20; a month more than either is a typo, such as a year.
MAX_TIME_DRIFT = timedelta(days=31)


def _check_times(values: dict[str, Any], checker: Checker) -> None:
    time, tie_break, pool, day = values["time"], values["tie_break"], values["pool"], values["date"]
    if time and day and abs(time.date() - day) > MAX_TIME_DRIFT:
        checker.report(("time",), f"{format_utc(time)} is {abs(time.date() - day).days:,} days from the draw ({day})",
                       f"a round time within {MAX_TIME_DRIFT.days} days of the draw date")
    if tie_break and time and tie_break > time:
        checker.report(("tie_break",), f"{format_utc(tie_break)} is after the round ({format_utc(time)})",
                       "a tie-break at or before the round time")
    if pool and pool.get("as_of") and day and pool["as_of"] > day:
        checker.report(("pool", "as_of"), f"{pool['as_of']} is after the draw ({day})",
                       "a pool measured on or before the draw date")
    elif pool and pool.get("as_of") and day and day - pool["as_of"] > MAX_TIME_DRIFT:
        checker.report(("pool", "as_of"), f"{pool['as_of']} is {(day - pool['as_of']).days:,} days before the "
                       f"draw ({day})", f"a pool measured within {MAX_TIME_DRIFT.days} days before the draw")


def _check_pool(values: dict[str, Any], checker: Checker) -> None:
    """The pool's total and subtotals add up, unless import noted (as data) that IRCC's own figures do not."""
    pool = values["pool"]
    noted = {(note["kind"], note.get("band")) for note in values["data_notes"] or () if note}
    bands = (pool or {}).get("bands") or {}
    given = len(POOL_BANDS) - sum(parent not in bands for parent in POOL_SUBBANDS)  # subtotals may be left out
    if not pool or len(bands) != given or any(not isinstance(v, int) for v in bands.values()):
        return
    top = dict(bands)
    for parent, subbands in POOL_SUBBANDS.items():
        added = sum(bands[b] for b in subbands)
        top.setdefault(parent, added)  # only to check the total: a left-out subtotal is never shown as a sum
        if added != top[parent] and ("subtotal", parent) not in noted:
            checker.report(("pool", "bands", parent), f"{bands[parent]:,} is not the sum of its sub-bands ({added:,})",
                           f"{' + '.join(subbands)}, or a data note from import where IRCC's figures disagree")
    added = sum(top[b] for b in POOL_TOP_BANDS)
    if isinstance(pool["total"], int) and added != pool["total"] and ("total", None) not in noted:
        checker.report(("pool", "total"), f"{pool['total']:,} is not the sum of the bands ({added:,})",
                       f"{' + '.join(POOL_TOP_BANDS)}, or a data note from import where IRCC's figures disagree")


def _check_notes(values: dict[str, Any], checker: Checker) -> None:
    """A data note gives the figures its kind needs (model/values.py, NOTE_KINDS), and no others."""
    for i, note in enumerate(values["data_notes"] or ()):
        if not note or note["kind"] is None:
            continue
        needed = NOTE_KINDS[note["kind"]]
        for name in needed:
            if note.get(name) is None:
                checker.report(("data_notes", str(i), name), "missing", f"the {name} of a {note['kind']!r} note")
        for name, value in note.items():
            if value is not None and name != "kind" and name not in needed:
                checker.report(("data_notes", str(i), name), f"not a figure of a {note['kind']!r} note",
                               f"only {', '.join(needed)}")


def _check_place(values: dict[str, Any], checker: Checker, path: str) -> None:
    """A draw lives where its round and date say, so that its file can be found and is never duplicated."""
    if values["round"] is None or values["date"] is None:
        return
    expected = draw_file(Path(), str(values["round"]), values["date"]).as_posix()
    if path != expected:
        checker.report(("round",), f"round {values['round']} of {values['date']} is filed as {path}",
                       f"the file {expected}")


def _check_name(values: dict[str, Any], category: Category, checker: Checker) -> None:
    version = values["list_version"]
    if category.kind == "category" and version is None:
        checker.report(("list_version",), "missing", "the list version for a category round")
    elif version is not None and category.version(version) is None:
        known = ", ".join(str(v.version) for v in category.versions) or "none"
        checker.report(("list_version",), f"{category.slug} has no list version {version}", f"one of: {known}")
        return
    implied = next((d for d in category.draw_names if d.name == values["name"]), None)
    if values["name"] and implied is None:
        checker.report(("name",), f"{values['name']!r} is not an official name of {category.slug}",
                       f"one of the draw_names in {category.path}")
    elif implied and version is not None and implied.version != version:
        checker.report(("list_version",), f"{values['name']!r} implies version {implied.version}, not {version}",
                       f"list_version: {implied.version}")


def _check_corrections(values: dict[str, Any], checker: Checker, slugs: tuple[str, ...],
                       programs: tuple[str, ...]) -> tuple[Correction, ...]:
    """Each correction's value is checked as its own field is, and must differ from the official one."""
    fields = draw_fields(slugs, programs)
    corrections, seen = [], set()
    for i, entry in enumerate(values["corrections"] or ()):
        if entry is None or entry["field"] is None:
            continue
        where = ("corrections", str(i))
        field = entry["field"]
        if field in seen:
            checker.report((*where, "field"), f"{field} is corrected twice", "one correction per field")
        seen.add(field)
        value = checker.check(fields[field], entry["value"], (*where, "value"))
        if value is not None and value == values[field]:
            checker.report((*where, "value"), f"equals the official {field}", "a value that differs from it")
        elif value is not None and field in CORRECTABLE:
            corrections.append(Correction(field, tuple(value) if isinstance(value, list) else value,
                                          _frozen(values[field]), entry["reason"], entry["source"]))
    return tuple(corrections)


def _check_differences(values: dict[str, Any], checker: Checker, slugs: tuple[str, ...],
                       programs: tuple[str, ...]) -> None:
    """A difference's values are checked as their field's own are."""
    fields = draw_fields(slugs, programs)
    for i, entry in enumerate(values["reported_differences"] or ()):
        if entry and entry["field"] is not None:
            for side in ("reported", "official"):
                checker.check(fields[entry["field"]], entry[side], ("reported_differences", str(i), side))


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def read_content(root: Path, today: Callable[[], date] = date.today,
                 cache: ParseCache | None = None) -> tuple[Archive, list[Problem]]:
    """Reads and checks everything under root/content. The Archive holds only the sound files."""
    categories, problems = read_categories(root, cache)
    draws, draw_problems = read_draws(root, categories, today, cache)
    checked, checked_problems = read_checked(root, today)
    archive = Archive(tuple(draws), categories, checked=checked)
    translations, translation_problems = read_translations(root, archive)
    return (replace(archive, translations=translations),
            problems + draw_problems + translation_problems + checked_problems)


# What one draw file gives: its Draw if it is sound, its problems, and the line of its round.
Reading = tuple[Draw | None, list[Problem], int]


def read_draws(root: Path, categories: tuple[Category, ...], today: Callable[[], date] = date.today,
               cache: ParseCache | None = None) -> tuple[list[Draw], list[Problem]]:
    """Every draw file, parsed and checked (on every core when there are many and no cache to fill),
    in order of date; a round given twice is reported at its second file."""
    files, problems = content_files(root / "content" / "draws", root)
    files = [(name, path) for name, path in files if english(name)]
    read = partial(_read_share, files, categories, today, cache)
    shares = [read(0, 1)] if cache is not None else in_workers(read, len(files), pieces=8)
    draws: list[Draw] = []
    first_seen: dict[RoundNumber, Draw] = {}
    for draw, draw_problems, line in chain.from_iterable(shares):
        problems.extend(draw_problems)
        if draw is not None and draw.round in first_seen:
            problems.append(Problem(draw.path, line, "round", f"{draw.label} is also in {first_seen[draw.round].path}",
                                    "each round number once"))
        elif draw is not None:
            first_seen[draw.round] = draw
            draws.append(draw)
    draws.sort(key=lambda d: d.sort_key)
    return draws, problems


def _read_share(files: list[tuple[str, Path]], categories: tuple[Category, ...], today: Callable[[], date],
                cache: ParseCache | None, share: int, shares: int) -> list[Reading]:
    """One worker's files: a run of them, so that the shares joined keep the files' order."""
    return [_read_file(name, path, categories, today, cache) for name, path in run_of(files, share, shares)]


def _read_file(name: str, path: Path, categories: tuple[Category, ...], today: Callable[[], date],
               cache: ParseCache | None) -> Reading:
    source = parse_path(name, path, cache)
    if isinstance(source, Problem):
        return None, [source], 1
    draw, problems = read_draw(source, categories, today)
    return draw, problems, source.lines.get(("round",), 1)
