"""Machine-readable exports of the archive: every draw as JSON and CSV, and the draw files' JSON Schema.

Both data files list every draw oldest first, with the same values, field by field as
model/fields.py declares them: the fields, their descriptions and how each file writes them come
from there, so the data page, the exports and `check` never disagree. Only what exists in the
exports alone (DERIVED) is described here.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from drawarchive.config import SiteConfig
from drawarchive.content.schema import draw_fields, draw_schema
from drawarchive.languages.localize import localize
from drawarchive.languages.registry import codes
from drawarchive.languages.texts import ENGLISH, N_, Texts
from drawarchive.languages.words import data_note, difference
from drawarchive.model import (
    POOL_BANDS,
    POOL_SUBBANDS,
    REPORTED,
    Archive,
    Correction,
    DataNote,
    Difference,
    Draw,
    DrawRow,
    PoolDistribution,
    RoundNumber,
    Source,
    format_utc,
)
from drawarchive.model.fields import DRAW_FIELDS, Field
from drawarchive.model.validation import ListOf
from drawarchive.pages.kind import Kind, Planned, Site
from drawarchive.pages.urls import draw_page

JSON_PATH = "data/draws.json"
CSV_PATH = "data/draws.csv"
SCHEMA_PATH = "data/draw.schema.json"
INDEX_PATH = "data/index.json"  # compact rows for the site's own scripts: sorting, filtering, the score check
SEPARATOR = " | "  # joins the items of a list in one CSV cell
# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

def _band_help(band: str, t: Texts) -> str:
    parent = next((p for p, subs in POOL_SUBBANDS.items() if band in subs), None)
    if parent:
        return t.gettext("Candidates in the pool with a CRS score of {band}, part of {parent}; empty where no pool "
                         "was published.").format(band=band, parent=parent)
    return t.gettext("Candidates in the pool with a CRS score of {band}; empty where no pool was published.").format(
        band=band)


@dataclass(frozen=True, slots=True)
class Derived:
    """A value the data files add to a draw's fields, placed after one of them ("" : at the end)."""

    name: str
    help: str
    after: str
    value: Callable[[Draw, SiteConfig], Any]
    in_csv: bool = True


DERIVED = (
    Derived("round_number", N_("The round's number as an integer: 91 for both 91a and 91b."), "round",
            lambda d, config: d.round.number, in_csv=False),
    Derived("url", N_("The round's page on this site."), "source",
            lambda d, config: config.absolute(draw_page(d.label))),
    # The blank lines around the body are stripped, so that a draw without notes reads "".
    Derived("notes_markdown", N_("The notes people wrote about the round, in Markdown; \"\" if none."), "",
            lambda d, config: d.body.strip(), in_csv=False),
)


def _described(field: Field, t: Texts, notes: tuple[str, ...]) -> str:
    """A field's help from its declaration (one place for it), then how the data file writes it."""
    return " ".join((t.gettext(field.export.help or field.help), *(t.gettext(note) for note in notes)))


def _in_order(entries: list[tuple[str, Any]], derived: tuple[tuple[str, Derived], ...]) -> list[tuple[str, Any]]:
    """The fields' entries with each derived one after the field it follows."""
    placed: list[tuple[str, Any]] = []
    for name, entry in entries:
        placed.append((name, entry))
        placed += [(d.name, d) for after, d in derived if after == name]
    return placed + [(d.name, d) for after, d in derived if not after]


def record_fields(t: Texts) -> list[tuple[str, str]]:
    """The fields of a draw in draws.json, each described in the language of t."""
    entries = [(f.name, _described(f, t, f.export.json)) for f in DRAW_FIELDS]
    placed = _in_order(entries, tuple((d.after, d) for d in DERIVED))
    return [(name, t.gettext(entry.help) if isinstance(entry, Derived) else entry) for name, entry in placed]


def columns(t: Texts) -> list[tuple[str, str]]:
    """The columns of draws.csv, in order, each described in the language of t."""
    joined = t.gettext("Joined by \"{separator}\".").format(separator=SEPARATOR)
    entries: list[tuple[str, Any]] = []
    for f in DRAW_FIELDS:
        if f.model is PoolDistribution:
            entries += _pool_columns(t)
            continue
        lists = isinstance(draw_fields()[f.name], ListOf) and not f.export.csv_joiner
        entries.append((f.export.column or f.name, _described(f, t, f.export.csv) + (f" {joined}" if lists else "")))
    anchors = {f.export.column or f.name: f.name for f in DRAW_FIELDS}
    derived = tuple((next((c for c, name in anchors.items() if name == d.after), d.after), d)
                    for d in DERIVED if d.in_csv)
    return [(name, t.gettext(entry.help) if isinstance(entry, Derived) else entry)
            for name, entry in _in_order(entries, derived)]


def _pool_columns(t: Texts) -> list[tuple[str, Any]]:
    _ = t.gettext
    return [("pool_as_of", _("The date of the pool snapshot IRCC published with the round; empty where none was.")),
            ("pool_total", _("Candidates in the pool; empty where no pool was published.")),
            *((f"pool_{band}", _band_help(band, t)) for band in POOL_BANDS)]


JSON_FIELDS = record_fields(ENGLISH)
COLUMNS = columns(ENGLISH)


def plan(site: Site) -> list[Planned]:
    """The data files, made from the source language's archive."""
    archive, config = site.archive, site.config
    slugs = tuple(c.slug for c in archive.categories)
    codes = tuple(p.code for p in archive.programs)
    return [
        Planned(JSON_PATH, archive.draws, partial(render_json, config=config)),
        Planned(CSV_PATH, archive.draws, partial(render_csv, config=config)),
        Planned(SCHEMA_PATH, (slugs, codes), partial(render_schema, config=config)),
        Planned(INDEX_PATH, (archive.rows, _category_names(archive), codes), render_index),
    ]


def _category_names(archive: Archive) -> tuple[dict[str, Any], ...]:
    """Each category's slug, and its name and short name in every language: the scripts name categories in
    the page's language."""
    localized = {lang: localize(archive, lang).categories for lang in codes()}
    return tuple({"slug": c.slug, "name": {lang: cs[i].name for lang, cs in localized.items()},
                  "short_name": {lang: cs[i].short_name for lang, cs in localized.items()}}
                 for i, c in enumerate(archive.categories))


KIND = Kind("data files", plan, frozenset({"draws", "rows", "categories", "texts"}), per_language=False)


# How data/index.json writes a field (Export.index_as), for the site's scripts.
INDEX_WRITERS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "value": lambda value, ctx: _json_value(value),
    "category": lambda slug, ctx: ctx["slot"][slug],
    "programs": lambda codes, ctx: sum(ctx["bit"].get(p, 0) for p in codes),
    "is reported": lambda status, ctx: int(status == REPORTED),
    "corrected fields": lambda corrections, ctx: [c.field for c in corrections],
}
INDEXED = tuple(f for f in DRAW_FIELDS if f.export.index)


def render_index(value: tuple[tuple[DrawRow, ...], tuple[dict[str, Any], ...], tuple[str, ...]]) -> bytes:
    """Every draw as one short array, oldest first, its items named by "fields" (each field declared with an
    `index` column). A draw's category is its place in "categories", and its programs a bit mask over
    "programs"; static/index.js turns each array into an object."""
    rows, categories, programs = value
    ctx = {"slot": {category["slug"]: i for i, category in enumerate(categories)},
           "bit": {code: 1 << i for i, code in enumerate(programs)}}
    writers = [(f.name, INDEX_WRITERS[f.export.index_as]) for f in INDEXED]
    data = {"categories": list(categories), "programs": list(programs),
            "fields": [f.export.index for f in INDEXED],
            "rows": [[write(row.value(name), ctx) for name, write in writers] for row in rows]}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def format_time(moment: datetime | None) -> str | None:
    return format_utc(moment) if moment else None


def _json_value(value: Any, draw: Draw | None = None) -> Any:
    """A model value as JSON types: times in UTC, dates as YYYY-MM-DD, a pool, sources and corrections as objects,
    and what import noted (about `draw`) as English sentences."""
    if isinstance(value, DataNote) and draw is not None:
        return data_note(value, draw.date, ENGLISH)
    if isinstance(value, Difference):
        return difference(value, ENGLISH)
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, PoolDistribution):
        # A subtotal the source left out stays out (never a sum worked out here).
        return {"as_of": value.as_of.isoformat(), "total": value.total,
                "bands": {band: n for band, n in value.bands if n is not None}}
    if isinstance(value, Source):
        return {"label": value.label, "url": value.url or None}
    if isinstance(value, Correction):
        return {"field": value.field, "value": _json_value(value.value), "official": _json_value(value.official),
                "reason": value.reason, "source": value.source}
    if isinstance(value, (tuple, list)):
        return [_json_value(v, draw) for v in value]
    if isinstance(value, RoundNumber):
        return str(value)
    return value.isoformat() if isinstance(value, date) else value


def draw_record(draw: Draw, config: SiteConfig) -> dict[str, Any]:
    """One draw as JSON types, in the order of JSON_FIELDS."""
    record = {f.name: _json_value(draw.value(f.name), draw) for f in DRAW_FIELDS}
    derived = {d.name: d.value(draw, config) for d in DERIVED}
    return {name: record[name] if name in record else derived[name] for name, _ in JSON_FIELDS}


def render_json(draws: tuple[Draw, ...], config: SiteConfig) -> Iterator[bytes]:
    """json.dumps(data, indent=1) of {"generated_from", "count", "draws"}, written a draw at a time:
    the whole document at once peaked at 150 MB for 20,000 draws."""
    head = {"generated_from": "content/", "count": len(draws)}
    if not draws:
        yield (json.dumps({**head, "draws": []}, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        return
    yield (json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n "draws": [\n').encode("utf-8")
    for i, draw in enumerate(draws):
        record = json.dumps(draw_record(draw, config), indent=1, ensure_ascii=False)
        yield ("  " + record.replace("\n", "\n  ") + (",\n" if i < len(draws) - 1 else "\n")).encode("utf-8")
    yield b" ]\n}\n"


def neutralize(cell: str) -> str:
    """OWASP's advice against CSV injection: a leading ' keeps a spreadsheet from running a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_row(draw: Draw, config: SiteConfig) -> dict[str, str]:
    """One draw's cells by column name (COLUMNS); "" for a missing value."""
    cells: dict[str, Any] = {d.name: d.value(draw, config) for d in DERIVED if d.in_csv}
    for f in DRAW_FIELDS:
        value = draw.value(f.name)
        if f.model is PoolDistribution:
            cells |= _pool_cells(value)
        elif isinstance(value, tuple):
            cells[f.export.column or f.name] = (f.export.csv_joiner or SEPARATOR).join(_cell(v, draw) for v in value)
        else:
            cells[f.export.column or f.name] = _cell(value, draw)
    return {name: neutralize("" if cells[name] is None else str(cells[name])) for name, _ in COLUMNS}


def _cell(value: Any, draw: Draw) -> str:
    """One value as a CSV cell: a source as "label <url>", a correction in a sentence."""
    if isinstance(value, Source):
        return f"{value.label} <{value.url}>" if value.url else value.label
    if isinstance(value, Correction):
        return (f"{value.field}: {_json_value(value.value)} (IRCC: {_json_value(value.official)}) {value.reason} "
                f"<{value.source}>")
    if isinstance(value, list):
        return " ".join(map(str, value))
    json_value = _json_value(value, draw)
    return "" if json_value is None else str(json_value)


def _pool_cells(pool: PoolDistribution | None) -> dict[str, Any]:
    bands = dict(pool.bands) if pool else {}
    return {"pool_as_of": pool.as_of.isoformat() if pool else None, "pool_total": pool.total if pool else None,
            **{f"pool_{band}": bands.get(band) for band in POOL_BANDS}}


def render_csv(draws: tuple[Draw, ...], config: SiteConfig) -> Iterator[bytes]:
    """The CSV a draw at a time, as render_json is."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, [name for name, _ in COLUMNS], lineterminator="\n")
    writer.writeheader()
    for draw in draws:
        writer.writerow(csv_row(draw, config))
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def schema_document(config: SiteConfig, slugs: tuple[str, ...], codes: tuple[str, ...]) -> dict[str, Any]:
    # The date maximum ("today") stays in the checker: json_schema() leaves it out, so the file is stable.
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": config.absolute(SCHEMA_PATH),
        "title": "A draw's front matter",
        **draw_schema(slugs, codes).json_schema(),
    }


def render_schema(value: tuple[tuple[str, ...], tuple[str, ...]], config: SiteConfig) -> bytes:
    document = schema_document(config, *value)
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
