"""Machine-readable exports of the archive: every draw as JSON and CSV, and the draw files' JSON Schema.

Both data files list every draw oldest first, with the same values. Their fields' descriptions
come from the draw schema (schema.py), so the data page, the exports and `check` never disagree;
only what exists in the exports alone is described here.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from functools import partial
from typing import Any

from .config import SiteConfig
from .model import POOL_BANDS, POOL_SUBBANDS, Archive, Correction, Draw, DrawRow, format_utc
from .outputs import Planned
from .paths import draw_page
from .schema import draw_fields, draw_schema

JSON_PATH = "data/draws.json"
CSV_PATH = "data/draws.csv"
SCHEMA_PATH = "data/draw.schema.json"
INDEX_PATH = "data/index.json"  # compact rows for the site's own scripts: sorting, filtering, the score check
SEPARATOR = " | "  # joins the items of a list in one CSV cell
# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_TIME = "in UTC, as YYYY-MM-DDTHH:MM:SSZ"
_ONLY_HERE = {
    "round": "IRCC's round number as text: \"254\", or \"91a\"/\"91b\".",
    "round_number": "The round's number as an integer: 91 for both 91a and 91b.",
    "url": "The round's page on this site.",
    "notes_markdown": "The notes people wrote about the round, in Markdown; \"\" if none.",
}


def _help(name: str, shape: str = "") -> str:
    """A field's description from the schema, with how the export writes it."""
    text = draw_fields()[name].help
    return f"{text} {shape}".strip()


def _band_help(band: str) -> str:
    parent = next((p for p, subs in POOL_SUBBANDS.items() if band in subs), None)
    part = f", part of {parent}" if parent else ""
    return f"Candidates in the pool with a CRS score of {band}{part}; empty where no pool was published."


def _described(missing: str) -> dict[str, str]:
    """Every exported field's description; `missing` is how the format writes an absent value."""
    return {
        **_ONLY_HERE,
        "status": _help("status"), "date": _help("date", "YYYY-MM-DD."),
        "time": _help("time", f"Written {_TIME}; {missing} when unknown."),
        "name": _help("name"), "category": _help("category"),
        "list_version": _help("list_version", f"{missing} for other rounds."),
        "invitations": _help("invitations"), "crs": _help("crs"),
        "tie_break": _help("tie_break", f"Written {_TIME}; {missing} when none or unknown."),
        "source": _help("source", f"{missing} when unknown."),
        "data_notes": _help("data_notes"), "reported_differences": _help("reported_differences"),
        "notes": _help("notes"),
    }


_JSON = _described("null")
JSON_FIELDS: list[tuple[str, str]] = [
    *((name, _JSON[name]) for name in ("round", "round_number", "status", "date", "time", "name", "category",
                                       "list_version", "invitations", "crs", "tie_break")),
    ("programs", _help("programs", "A list of codes; empty when unknown.")),
    ("source", _JSON["source"]), ("url", _JSON["url"]),
    ("pool", _help("pool", "{as_of, total, bands: {band: candidates}}, bands in IRCC's order; null where there "
                           "is none.")),
    ("data_notes", _JSON["data_notes"]),
    ("reported_by", _help("reported_by", "A list of {label, url}.")),
    ("reported_differences", _JSON["reported_differences"]),
    ("corrections", _help("corrections", "A list of {field, value, official, reason, source}; the record's own "
                                         "fields hold the corrected values.")),
    ("notes", _JSON["notes"]), ("notes_markdown", _JSON["notes_markdown"]),
]

_CSV = _described("empty")
_JOINED = f"joined by \"{SEPARATOR}\""
COLUMNS: list[tuple[str, str]] = [
    *((name, _CSV[name]) for name in ("round", "status", "date")), ("time_utc", _CSV["time"]),
    *((name, _CSV[name]) for name in ("name", "category", "list_version", "invitations", "crs")),
    ("tie_break_utc", _CSV["tie_break"]),
    ("programs", _help("programs", "Space-separated codes; empty when unknown.")),
    ("source", _CSV["source"]), ("url", _CSV["url"]),
    ("pool_as_of", "The date of the pool snapshot IRCC published with the round; empty where none was."),
    ("pool_total", "Candidates in the pool; empty where no pool was published."),
    *((f"pool_{band}", _band_help(band)) for band in POOL_BANDS),
    ("data_notes", f"{_CSV['data_notes']} Joined by \"{SEPARATOR}\"."),
    ("reported_by", _help("reported_by", f"Each as \"label <url>\", {_JOINED}.")),
    ("reported_differences", f"{_CSV['reported_differences']} Joined by \"{SEPARATOR}\"."),
    ("corrections", _help("corrections", f"Each as \"field: value (IRCC: official) reason <source>\", {_JOINED}.")),
    ("notes", f"{_CSV['notes']} Joined by \"{SEPARATOR}\"."),
]


def plan_exports(archive: Archive, config: SiteConfig) -> list[Planned]:
    slugs = tuple(c.slug for c in archive.categories)
    codes = tuple(p.code for p in archive.programs)
    return [
        Planned(JSON_PATH, archive.draws, partial(render_json, config=config)),
        Planned(CSV_PATH, archive.draws, partial(render_csv, config=config)),
        Planned(SCHEMA_PATH, (slugs, codes), partial(render_schema, config=config)),
        Planned(INDEX_PATH, (archive.rows, tuple((c.slug, c.name, c.short_name) for c in archive.categories), codes),
                render_index),
    ]


def render_index(value: tuple[tuple[DrawRow, ...], tuple[tuple[str, str, str], ...], tuple[str, ...]]) -> bytes:
    """Every draw as one short array, oldest first: [round, date, category index, invitations, CRS,
    tie-break or null, programs as a bit mask over "programs", 1 if reported, corrected fields as a list]."""
    rows, categories, programs = value
    slot = {slug: i for i, (slug, _, _) in enumerate(categories)}
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


def render_json(draws: tuple[Draw, ...], config: SiteConfig) -> bytes:
    data = {"generated_from": "content/", "count": len(draws), "draws": [draw_record(d, config) for d in draws]}
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


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


def render_csv(draws: tuple[Draw, ...], config: SiteConfig) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _ in COLUMNS])
    writer.writerows(csv_row(d, config) for d in draws)
    return buffer.getvalue().encode("utf-8")


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
