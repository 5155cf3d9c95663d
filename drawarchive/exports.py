"""Machine-readable exports of the archive: every draw as JSON and CSV, and the draw files' JSON Schema.

Both data files list every draw oldest first, with the same values; `COLUMNS` documents the CSV
columns and `JSON_FIELDS` the JSON record's fields, for the site's data page.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from functools import partial
from typing import Any

from .config import SiteConfig
from .model import POOL_BANDS, Archive, Draw
from .outputs import Output, fingerprint
from .schema import draw_schema

JSON_PATH = "data/draws.json"
CSV_PATH = "data/draws.csv"
SCHEMA_PATH = "data/draw.schema.json"
NOTES_SEPARATOR = " | "

_TIME = "in UTC, as YYYY-MM-DDTHH:MM:SSZ"


def _band_help(band: str) -> str:
    parent = next((p for p in ("451-500", "401-450") if band != p and _within(band, p)), None)
    part = f", part of {parent}" if parent else ""
    return f"Candidates in the pool with a CRS score of {band}{part}; empty where no pool was published."


def _within(band: str, parent: str) -> bool:
    low, high = (int(x) for x in band.split("-"))
    p_low, p_high = (int(x) for x in parent.split("-"))
    return p_low <= low and high <= p_high


COLUMNS: list[tuple[str, str]] = [
    ("round", "IRCC's round number: an integer, or 91a/91b for the two rounds of 2018-05-30."),
    ("date", "The draw date, YYYY-MM-DD."),
    ("time_utc", f"The exact round time, {_TIME}."),
    ("name", "The official round name, exactly as IRCC wrote it."),
    ("category", "Our category's slug, such as stem or cec."),
    ("list_version", "The occupation-list version the round name implies; empty for other rounds."),
    ("invitations", "The number of invitations issued."),
    ("crs", "The CRS score of the lowest-ranked candidate invited."),
    ("tie_break_utc", f"The tie-breaking rule, {_TIME}; empty before round 77."),
    ("programs", "The eligible programs, space-separated codes: FSW, CEC, FST, PNP."),
    ("source", "The round's official page."),
    ("url", "The round's page on this site."),
    ("pool_as_of", "The date of the pool snapshot IRCC published with the round; empty where none was."),
    ("pool_total", "Candidates in the pool; empty where no pool was published."),
    *((f"pool_{band}", _band_help(band)) for band in POOL_BANDS),
    ("data_notes", f"Where the official record contradicts itself, one sentence each, joined by "
                   f"\"{NOTES_SEPARATOR}\"."),
]

JSON_FIELDS: list[tuple[str, str]] = [
    ("round", "IRCC's round number as text: \"254\", or \"91a\"/\"91b\"."),
    ("round_number", "The round's number as an integer: 91 for both 91a and 91b."),
    ("date", "The draw date, YYYY-MM-DD."),
    ("time", f"The exact round time, {_TIME}."),
    ("name", "The official round name, exactly as IRCC wrote it."),
    ("category", "Our category's slug, such as stem or cec."),
    ("list_version", "The occupation-list version the round name implies, or null."),
    ("invitations", "The number of invitations issued."),
    ("crs", "The CRS score of the lowest-ranked candidate invited."),
    ("tie_break", f"The tie-breaking rule, {_TIME}; null before round 77."),
    ("programs", "The eligible programs, a list of codes: FSW, CEC, FST, PNP."),
    ("source", "The round's official page."),
    ("url", "The round's page on this site."),
    ("pool", "The pool's CRS distribution: {as_of, total, bands: {band: candidates}}, bands in "
             "IRCC's order; null where IRCC published only zeros."),
    ("data_notes", "Where the official record contradicts itself: a list of sentences."),
    ("notes_markdown", "The notes people wrote about the round, in Markdown; \"\" if none."),
]


def plan_exports(archive: Archive, config: SiteConfig) -> list[Output]:
    slugs = tuple(c.slug for c in archive.categories)
    codes = tuple(p.code for p in archive.programs)
    return [
        Output(JSON_PATH, fingerprint(config, archive.draws), partial(render_json, archive, config)),
        Output(CSV_PATH, fingerprint(config, archive.draws), partial(render_csv, archive, config)),
        Output(SCHEMA_PATH, fingerprint(config, slugs, codes), partial(render_schema, config, slugs, codes)),
    ]


def format_time(moment: datetime | None) -> str | None:
    """2023-07-05T13:38:22Z; draw times are already in UTC."""
    return f"{moment:%Y-%m-%dT%H:%M:%SZ}" if moment else None


def draw_record(draw: Draw, config: SiteConfig) -> dict[str, Any]:
    """One draw as JSON types, in the order of JSON_FIELDS."""
    pool = draw.pool and {"as_of": draw.pool.as_of.isoformat(), "total": draw.pool.total,
                          "bands": dict(draw.pool.bands)}
    return {
        "round": draw.label, "round_number": draw.round.number,
        "date": draw.date.isoformat(), "time": format_time(draw.time),
        "name": draw.name, "category": draw.category, "list_version": draw.list_version,
        "invitations": draw.invitations, "crs": draw.crs, "tie_break": format_time(draw.tie_break),
        "programs": list(draw.programs), "source": draw.source,
        "url": config.absolute(f"draws/{draw.label}/"), "pool": pool or None,
        "data_notes": list(draw.data_notes),
        # Strip the blank lines around the body so that a draw without notes reads "".
        "notes_markdown": draw.body.strip(),
    }


def render_json(archive: Archive, config: SiteConfig) -> bytes:
    data = {"generated_from": "content/", "count": len(archive.draws),
            "draws": [draw_record(d, config) for d in archive.draws]}
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def csv_row(draw: Draw, config: SiteConfig) -> list[str]:
    """One draw's cells, in the order of COLUMNS; "" for a missing value."""
    record = draw_record(draw, config)
    pool = record["pool"] or {"as_of": None, "total": None, "bands": {}}
    values = [
        *(record[k] for k in ("round", "date", "time", "name", "category", "list_version",
                              "invitations", "crs", "tie_break")),
        " ".join(record["programs"]), record["source"], record["url"], pool["as_of"], pool["total"],
        *(pool["bands"].get(band) for band in POOL_BANDS),
        NOTES_SEPARATOR.join(record["data_notes"]),
    ]
    return ["" if v is None else str(v) for v in values]


def render_csv(archive: Archive, config: SiteConfig) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _ in COLUMNS])
    writer.writerows(csv_row(d, config) for d in archive.draws)
    return buffer.getvalue().encode("utf-8")


def schema_document(config: SiteConfig, slugs: tuple[str, ...], codes: tuple[str, ...]) -> dict[str, Any]:
    # The date maximum ("today") stays in the checker: json_schema() leaves it out, so the file is stable.
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": config.absolute(SCHEMA_PATH),
        "title": "A draw's front matter",
        **draw_schema(slugs, codes).json_schema(),
    }


def render_schema(config: SiteConfig, slugs: tuple[str, ...], codes: tuple[str, ...]) -> bytes:
    document = schema_document(config, slugs, codes)
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
