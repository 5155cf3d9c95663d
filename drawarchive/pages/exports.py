"""Machine-readable exports of the archive: every draw as JSON and CSV, and the draw files' JSON Schema.

Both data files list every draw oldest first, with the same values. Their fields' descriptions
come from the draw schema (schema.py), so the data page, the exports and `check` never disagree;
only what exists in the exports alone is described here.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from functools import partial
from typing import Any

from drawarchive.build.outputs import Planned
from drawarchive.config import SiteConfig
from drawarchive.content.schema import draw_fields, draw_schema
from drawarchive.languages.localize import localize
from drawarchive.languages.texts import ENGLISH, Texts
from drawarchive.model.draws import POOL_BANDS, POOL_SUBBANDS, Archive, Correction, Draw, DrawRow, format_utc
from drawarchive.pages.urls import LANGUAGES, draw_page

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


def _help(name: str, t: Texts, *shape: str) -> str:
    """A field's description from the schema (one place for it), then how the export writes it."""
    return " ".join((t.gettext(draw_fields()[name].help), *shape))


def record_fields(t: Texts) -> list[tuple[str, str]]:
    """The fields of a draw in draws.json, each described in the language of t."""
    _ = t.gettext
    return [
        ("round", _("IRCC's round number as text: \"254\", or \"91a\"/\"91b\".")),
        ("round_number", _("The round's number as an integer: 91 for both 91a and 91b.")),
        ("status", _help("status", t)), ("date", _help("date", t, _("Written YYYY-MM-DD."))),
        ("time", _help("time", t, _("Written in UTC, as YYYY-MM-DDTHH:MM:SSZ; null when unknown."))),
        ("name", _help("name", t)), ("category", _help("category", t)),
        ("list_version", _help("list_version", t, _("null for other rounds."))),
        ("invitations", _help("invitations", t)), ("crs", _help("crs", t)),
        ("tie_break", _help("tie_break", t, _("Written in UTC, as YYYY-MM-DDTHH:MM:SSZ; null when none or unknown."))),
        ("programs", _help("programs", t, _("A list of codes; empty when unknown."))),
        ("source", _help("source", t, _("null when unknown."))),
        ("url", _("The round's page on this site.")),
        ("pool", _help("pool", t, _("{as_of, total, bands: {band: candidates}}, bands in IRCC's order; null where "
                                     "there is none."))),
        ("data_notes", _help("data_notes", t)),
        ("reported_by", _help("reported_by", t, _("A list of {label, url}."))),
        ("reported_differences", _help("reported_differences", t)),
        ("corrections", _help("corrections", t, _("A list of {field, value, official, reason, source}; the record's "
                                                  "own fields hold the corrected values."))),
        ("notes", _help("notes", t)),
        ("notes_markdown", _("The notes people wrote about the round, in Markdown; \"\" if none.")),
    ]


def columns(t: Texts) -> list[tuple[str, str]]:
    """The columns of draws.csv, in order, each described in the language of t."""
    _ = t.gettext
    joined = _("Joined by \"{separator}\".").format(separator=SEPARATOR)
    return [
        ("round", _("IRCC's round number as text: \"254\", or \"91a\"/\"91b\".")),
        ("status", _help("status", t)), ("date", _help("date", t, _("Written YYYY-MM-DD."))),
        ("time_utc", _help("time", t, _("Written in UTC, as YYYY-MM-DDTHH:MM:SSZ; empty when unknown."))),
        ("name", _help("name", t)), ("category", _help("category", t)),
        ("list_version", _help("list_version", t, _("Empty for other rounds."))),
        ("invitations", _help("invitations", t)), ("crs", _help("crs", t)),
        ("tie_break_utc", _help("tie_break", t, _("Written in UTC, as YYYY-MM-DDTHH:MM:SSZ; empty when none or "
                                                  "unknown."))),
        ("programs", _help("programs", t, _("Space-separated codes; empty when unknown."))),
        ("source", _help("source", t, _("Empty when unknown."))),
        ("url", _("The round's page on this site.")),
        ("pool_as_of", _("The date of the pool snapshot IRCC published with the round; empty where none was.")),
        ("pool_total", _("Candidates in the pool; empty where no pool was published.")),
        *((f"pool_{band}", _band_help(band, t)) for band in POOL_BANDS),
        ("data_notes", _help("data_notes", t, joined)),
        ("reported_by", _help("reported_by", t, _("Each as \"label <url>\".") , joined)),
        ("reported_differences", _help("reported_differences", t, joined)),
        ("corrections", _help("corrections", t, _("Each as \"field: value (IRCC: official) reason <source>\"."),
                              joined)),
        ("notes", _help("notes", t, joined)),
    ]


JSON_FIELDS = record_fields(ENGLISH)
COLUMNS = columns(ENGLISH)


def plan_exports(archive: Archive, config: SiteConfig) -> list[Planned]:
    slugs = tuple(c.slug for c in archive.categories)
    codes = tuple(p.code for p in archive.programs)
    return [
        Planned(JSON_PATH, archive.draws, partial(render_json, config=config)),
        Planned(CSV_PATH, archive.draws, partial(render_csv, config=config)),
        Planned(SCHEMA_PATH, (slugs, codes), partial(render_schema, config=config)),
        Planned(INDEX_PATH, (archive.rows, _category_names(archive), codes), render_index),
    ]


def _category_names(archive: Archive) -> tuple[tuple[str, ...], ...]:
    """[slug, then name and short name in each language]: the scripts name categories in the page's language."""
    localized = [localize(archive, lang).categories for lang in LANGUAGES]
    return tuple((c.slug, *(name for other in localized for name in (other[i].name, other[i].short_name)))
                 for i, c in enumerate(archive.categories))


def render_index(value: tuple[tuple[DrawRow, ...], tuple[tuple[str, ...], ...], tuple[str, ...]]) -> bytes:
    """Every draw as one short array, oldest first: [round, date, category index, invitations, CRS,
    tie-break or null, programs as a bit mask over "programs", 1 if reported, corrected fields as a list].
    Categories are [slug, English name, English short name, French name, French short name]."""
    rows, categories, programs = value
    slot = {category[0]: i for i, category in enumerate(categories)}
    bit = {code: 1 << i for i, code in enumerate(programs)}
    data = {"categories": [list(c) for c in categories], "programs": list(programs),
            "fields": ["round", "date", "category", "invitations", "crs", "tie_break", "programs", "reported",
                       "corrected"],
            "rows": [[r.label, r.date.isoformat(), slot[r.category], r.invitations, r.crs, format_time(r.tie_break),
                      sum(bit.get(p, 0) for p in r.programs), int(r.reported), list(r.corrected)] for r in rows]}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def format_time(moment: datetime | None) -> str | None:
    return format_utc(moment) if moment else None


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, tuple):
        return list(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _correction(c: Correction) -> dict[str, Any]:
    return {"field": c.field, "value": _json_value(c.value), "official": _json_value(c.official),
            "reason": c.reason, "source": c.source}


def draw_record(draw: Draw, config: SiteConfig) -> dict[str, Any]:
    """One draw as JSON types, in the order of JSON_FIELDS."""
    pool = draw.pool and {"as_of": draw.pool.as_of.isoformat(), "total": draw.pool.total,
                          "bands": dict(draw.pool.bands)}
    return {
        "round": draw.label, "round_number": draw.round.number, "status": draw.status,
        "date": draw.date.isoformat(), "time": format_time(draw.time),
        "name": draw.name, "category": draw.category, "list_version": draw.list_version,
        "invitations": draw.invitations, "crs": draw.crs, "tie_break": format_time(draw.tie_break),
        "programs": list(draw.programs), "source": draw.source,
        "url": config.absolute(draw_page(draw.label)), "pool": pool or None,
        "data_notes": list(draw.data_notes),
        "reported_by": [{"label": s.label, "url": s.url or None} for s in draw.reported_by],
        "reported_differences": list(draw.reported_differences),
        "corrections": [_correction(c) for c in draw.corrections],
        "notes": list(draw.notes),
        # Strip the blank lines around the body so that a draw without notes reads "".
        "notes_markdown": draw.body.strip(),
    }


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


def csv_row(draw: Draw, config: SiteConfig) -> list[str]:
    """One draw's cells, in the order of COLUMNS; "" for a missing value."""
    record = draw_record(draw, config)
    pool = record["pool"] or {"as_of": None, "total": None, "bands": {}}
    values = [
        *(record[k] for k in ("round", "status", "date", "time", "name", "category", "list_version",
                              "invitations", "crs", "tie_break")),
        " ".join(record["programs"]), record["source"], record["url"], pool["as_of"], pool["total"],
        *(pool["bands"].get(band) for band in POOL_BANDS),
        SEPARATOR.join(record["data_notes"]),
        SEPARATOR.join(f"{s['label']} <{s['url']}>" if s["url"] else s["label"] for s in record["reported_by"]),
        SEPARATOR.join(record["reported_differences"]),
        SEPARATOR.join(f"{c['field']}: {c['value']} (IRCC: {c['official']}) {c['reason']} <{c['source']}>"
                       for c in record["corrections"]),
        SEPARATOR.join(record["notes"]),
    ]
    return [neutralize("" if v is None else " ".join(v) if isinstance(v, list) else str(v)) for v in values]


def render_csv(draws: tuple[Draw, ...], config: SiteConfig) -> Iterator[bytes]:
    """The CSV a draw at a time, as render_json is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _ in COLUMNS])
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
