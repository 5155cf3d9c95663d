"""The data exports: draws.json and draws.csv round-trip to the content; the schema accepts every draw file."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

import pytest
from conftest import REPO

from drawarchive.config import SiteConfig
from drawarchive.content.source import parse_file
from drawarchive.languages.texts import ENGLISH
from drawarchive.languages.words import import_notes
from drawarchive.model import POOL_BANDS, PoolDistribution, RoundNumber
from drawarchive.pages import exports
from drawarchive.pages.exports import COLUMNS, JSON_FIELDS, draw_record, neutralize, render_json
from drawarchive.pages.kind import Site, as_bytes


def plan_exports(archive, config):
    return exports.plan(Site(archive, config, ENGLISH))

CONFIG = SiteConfig(title="Express Entry Draw Archive", base_url="https://example.org", path="/drawarchive/")


@pytest.fixture(scope="module")
def archive(real_archive):
    return real_archive


@pytest.fixture(scope="module")
def files(archive) -> dict[str, bytes]:
    return {o.path: as_bytes(o.make(o.value)) for o in plan_exports(archive, CONFIG)}


@pytest.fixture(scope="module")
def records(files) -> list[dict[str, Any]]:
    return json.loads(files["data/draws.json"])["draws"]


@pytest.fixture(scope="module")
def rows(files) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files["data/draws.csv"].decode("utf-8"))))


@pytest.fixture(scope="module")
def schema(files) -> dict[str, Any]:
    return json.loads(files["data/draw.schema.json"])


def utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def test_the_planned_files(files):
    assert sorted(files) == ["data/draw.schema.json", "data/draws.csv", "data/draws.json", "data/index.json"]


def test_the_scripts_index_holds_every_draw_compactly(archive, files):
    """Compact rows, read by field name (static/index.js): a row's items are named by "fields"."""
    index = json.loads(files["data/index.json"])
    assert set(index["fields"]) == {"round", "reported", "date", "category", "invitations", "crs", "tie_break",
                                    "programs", "corrected"}
    assert len(index["rows"]) == 448 and len(files["data/index.json"]) < 100 * 448
    draws = [dict(zip(index["fields"], row, strict=True)) for row in index["rows"]]
    draw = next(d for d in draws if d["round"] == "254")
    assert [draw[k] for k in ("date", "invitations", "crs", "tie_break")] == ["2023-07-05", 500, 486,
                                                                               "2022-11-23T00:01:29Z"]
    assert index["categories"][draw["category"]]["slug"] == "stem"
    assert index["categories"][draw["category"]]["short_name"] == {"en": "STEM", "fr": "STIM"}
    assert [p for i, p in enumerate(index["programs"]) if draw["programs"] & (1 << i)] == ["CEC", "FSW", "FST"]
    assert next(d for d in draws if d["round"] == "447")["reported"] == 1
    assert next(d for d in draws if d["round"] == "254")["reported"] == 0


def test_the_json_header(archive, files):
    data = json.loads(files["data/draws.json"])
    assert (data["generated_from"], data["count"], len(data["draws"])) == ("content/", 448, 448)
    assert files["data/draws.json"].endswith(b"}\n")


def test_every_json_record_round_trips_to_the_content(archive, records):
    for draw, record in zip(archive.draws, records, strict=True):
        assert list(record) == [name for name, _ in JSON_FIELDS]
        assert RoundNumber.parse(record["round"]) == draw.round and record["round"] == draw.label
        assert record["round_number"] == draw.round.number
        assert date.fromisoformat(record["date"]) == draw.date
        assert record["time"] is None if draw.time is None else record["time"].endswith("Z")
        assert utc(record["time"]) == draw.time and utc(record["tie_break"]) == draw.tie_break
        for name in ("status", "name", "category", "list_version", "invitations", "crs", "source"):
            assert record[name] == getattr(draw, name), (draw.label, name)
        assert tuple(record["programs"]) == draw.programs
        assert record["data_notes"] == import_notes(draw, ENGLISH)["data_notes"]  # sentences, from the data
        assert [(s["label"], s["url"]) for s in record["reported_by"]] == [(s.label, s.url) for s in draw.reported_by]
        assert record["url"] == f"https://example.org/drawarchive/draws/{draw.label}/"
        assert record["notes_markdown"] == draw.body.strip()
        pool = record["pool"] and PoolDistribution.of(
            date.fromisoformat(record["pool"]["as_of"]), record["pool"]["bands"], record["pool"]["total"])
        assert pool == draw.pool, draw.label


def test_json_numbers_are_numbers(records):
    record = next(r for r in records if r["round"] == "254")
    assert record["invitations"] == 500 and record["crs"] == 486 and record["list_version"] == 1
    assert list(record["pool"]["bands"]) == list(POOL_BANDS)
    assert record["notes_markdown"].startswith("The first round for **STEM occupations**")
    split = [r for r in records if r["round_number"] == 91]
    assert [(r["round"], r["round_number"]) for r in split] == [("91a", 91), ("91b", 91)]


def test_the_csv_header_is_the_documented_columns(files, rows):
    header = next(csv.reader(io.StringIO(files["data/draws.csv"].decode("utf-8"))))
    assert header == [name for name, _ in COLUMNS]
    assert "pool_601-1200" in header and "pool_0-300" in header
    assert all(description for _, description in COLUMNS)
    assert len(rows) == 448 and b"\r" not in files["data/draws.csv"]


def test_the_csv_row_for_254(rows):
    row = next(r for r in rows if r["round"] == "254")
    assert (row["invitations"], row["crs"], row["list_version"]) == ("500", "486", "1")
    assert (row["time_utc"], row["tie_break_utc"]) == ("2023-07-05T13:38:22Z", "2022-11-23T00:01:29Z")
    assert row["programs"] == "FSW CEC FST" and row["pool_601-1200"] == "353"
    assert row["url"] == "https://example.org/drawarchive/draws/254/"


def test_a_reported_round_says_so_with_its_sources(records, rows):
    record = next(r for r in records if r["round"] == "445")
    assert (record["status"], record["time"], record["tie_break"], record["source"]) == (
        "reported", "2026-09-28T10:41:06Z", "2026-09-17T01:36:17Z", None)
    assert (record["invitations"], record["crs"], record["programs"]) == (733, 725, ["PNP"])
    assert (record["pool"]["as_of"], record["pool"]["bands"]["451-500"]) == ("2026-09-27", 73131)
    assert [s["url"].split("/")[3] for s in record["reported_by"]] == ["anamanlab", "Xebec237", "mjy-mjy-mjy",
                                                                      "BalwinderCa"]
    row = next(r for r in rows if r["round"] == "445")
    assert (row["status"], row["time_utc"], row["source"]) == ("reported", "2026-09-28T10:41:06Z", "")
    assert row["reported_by"].startswith("a copy of IRCC's rounds feeds (English and French) taken on 2026-10-01")
    assert "<https://github.com/anamanlab/" in row["reported_by"]
    # What contributors added from copies of IRCC's JSON: the tie-break, and the pool with IRCC's own subtotals.
    added = next(r for r in records if r["round"] == "441")
    assert added["tie_break"] == "2026-05-26T00:26:14Z" and added["pool"]["bands"]["451-500"] == 74105
    assert added["reported_by"][-1]["url"].split("/")[3] == "BalwinderCa"
    official = next(r for r in rows if r["round"] == "437")
    assert (official["status"], official["reported_by"]) == ("official", "")


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_is_neutralised(cell):
    assert neutralize(cell) == "'" + cell
    assert neutralize("Software engineers") == "Software engineers" and neutralize("") == ""


def test_a_formula_in_a_note_reaches_the_csv_inert(project):
    from drawarchive.content.read import read_content
    draw = (REPO / "content/draws/2026/437.md").read_text()
    (project / "content/draws/2026").mkdir(parents=True)
    (project / "content/draws/2026/437.md").write_text(draw.replace("---\n", "---\nnotes:\n  - \"=1+1\"\n", 1)
                                                       .replace("---\nnotes", "---\nnotes", 1))
    archive, problems = read_content(project)
    assert problems == []
    files = {o.path: as_bytes(o.make(o.value)) for o in plan_exports(archive, CONFIG)}
    row = next(csv.DictReader(io.StringIO(files["data/draws.csv"].decode())))
    assert row["notes"] == "'=1+1"
    assert json.loads(files["data/draws.json"])["draws"][0]["notes"] == ["=1+1"]


def test_missing_values_are_empty_cells(rows):
    first = rows[0]
    assert first["round"] == "1" and first["tie_break_utc"] == "" and first["list_version"] == ""
    assert all(first[f"pool_{band}"] == "" for band in POOL_BANDS) and first["pool_total"] == ""


def test_csv_and_json_agree(records, rows):
    for record, row in zip(records, rows, strict=True):
        pool = record["pool"] or {}
        assert row["round"] == record["round"] and row["date"] == record["date"]
        assert row["time_utc"] == (record["time"] or "") and row["name"] == record["name"]
        assert row["status"] == record["status"]
        assert row["data_notes"] == " | ".join(record["data_notes"])
        assert row["pool_total"] == str(pool.get("total", ""))
        bands = pool.get("bands", {})
        assert [row[f"pool_{b}"] for b in POOL_BANDS] == [str(bands.get(b, "")) for b in POOL_BANDS]


def test_exports_are_byte_identical_and_oldest_first(archive, files, records):
    assert {o.path: as_bytes(o.make(o.value)) for o in plan_exports(archive, CONFIG)} == files
    keys = [(date.fromisoformat(r["date"]), RoundNumber.parse(r["round"])) for r in records]
    assert keys == sorted(keys)


def test_the_schema_document(schema, files):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://example.org/drawarchive/data/draw.schema.json"
    assert schema["title"] == "A draw's front matter"
    assert "stem" in schema["properties"]["category"]["enum"]
    assert schema["properties"]["programs"]["items"]["enum"] == ["CEC", "FSW", "FST", "PNP"]
    # "today" bounds the draw date when checking, but must not make the schema change daily.
    assert date.today().isoformat() not in files["data/draw.schema.json"].decode("utf-8")


def json_types(value: Any) -> Any:
    """YAML's dates and times as the strings JSON carries them in."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_types(v) for v in value]
    return value


def front_matter(path) -> dict[str, Any]:
    return json_types(parse_file(path.read_text(encoding="utf-8"), path.name).data)


@pytest.fixture(scope="module")
def validator(schema):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_every_draw_file_is_valid_against_the_schema(validator):
    paths = sorted((REPO / "content" / "draws").rglob("*.md"))
    assert len(paths) == 448
    for path in paths:
        errors = [e.message for e in validator.iter_errors(front_matter(path))]
        assert errors == [], (path.name, errors)


@pytest.mark.parametrize("change", [
    {"crs": 1300}, {"category": "nope"}, {"programs": ["FSW", "FSW"]}, {"round": "91"},
    {"typo": 1}, {"time": 20230705}, {"pool": {"as_of": "2023-07-04", "total": 1, "bands": {}}},
])
def test_the_schema_rejects_a_bad_draw(validator, change):
    data = front_matter(REPO / "content" / "draws" / "2023" / "254.md")
    assert validator.is_valid(data)
    assert not validator.is_valid({**data, **change})


def test_the_schema_requires_the_facts(validator):
    data = front_matter(REPO / "content" / "draws" / "2023" / "254.md")
    del data["invitations"]
    assert not validator.is_valid(data)


@pytest.mark.parametrize("count", [0, 1, 5])
def test_draws_json_written_a_draw_at_a_time_is_the_document_json_would_write(archive, count):
    draws = archive.draws[-count:] if count else ()
    whole = {"generated_from": "content/", "count": count, "draws": [draw_record(d, CONFIG) for d in draws]}
    pieces = list(render_json(draws, CONFIG))
    assert b"".join(pieces) == (json.dumps(whole, indent=1, ensure_ascii=False) + "\n").encode()
    assert len(pieces) == count + 2 if count else len(pieces) == 1  # one piece per draw, not one string
