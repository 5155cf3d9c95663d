"""A draw's fields are declared once (drawarchive/model/fields.py): adding one is one edit, in one file.

The package is copied, one declaration is added to the copy's model/fields.py and nothing else, and the
copy checks, builds and documents a sample project whose draw gives the new field.
"""
from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from drawarchive.model.fields import CATEGORY_FIELDS, DRAW_FIELDS

NEW_FIELD = '''    Field("second_tie_break", lambda v: UtcTime(earliest=FIRST_DAY, latest=now, required=False),
          N_("A second tie-breaking rule, in UTC, where IRCC gave one."), IRCC,
          export=Export(json=(UTC_TIME,), csv=(N_("Written in UTC; empty when none."),))),
'''
SAMPLE = REPO / "tests" / "golden" / "project"
CHECK_AND_BUILD = """
import json, sys
from pathlib import Path
from drawarchive.pipeline.site import build_site
from drawarchive.config import load_config
from drawarchive.content.read import read_content
from drawarchive.content.schema import fields_table
root = Path(sys.argv[1])
archive, problems = read_content(root)
config, _ = load_config(root)
if not problems:
    build_site(root, config, root / "site", search=False)
print(json.dumps({"problems": [str(p) for p in problems], "table": fields_table()}))
"""


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> Path:
    """A copy of the package whose model/fields.py declares one more field, a second tie-break."""
    copy = tmp_path_factory.mktemp("package")
    shutil.copytree(REPO / "drawarchive", copy / "drawarchive", ignore=shutil.ignore_patterns("__pycache__"))
    fields = copy / "drawarchive" / "model" / "fields.py"
    text = fields.read_text()
    end = text.index("\n)\n", text.index("DRAW_FIELDS: tuple[Field, ...] = ("))
    fields.write_text(text[:end + 1] + NEW_FIELD + text[end + 1:])
    return copy


def run(package: Path, project: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHECK_AND_BUILD, str(project)], cwd=package, capture_output=True,
                            text=True, timeout=300, env={"PYTHONPATH": str(package), "DRAWARCHIVE_JOBS": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def sample(tmp_path: Path, value: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project)
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, project / name)
    draw = project / "content/draws/2023/254.md"
    draw.write_text(draw.read_text().replace("\n---\n", f"\nsecond_tie_break: {value}\n---\n", 1))
    return project


def test_a_field_added_to_the_declaration_is_checked_exported_and_documented(extended, tmp_path):
    project = sample(tmp_path, "2022-11-23T00:05:00Z")
    outcome = run(extended, project)
    assert outcome["problems"] == []
    assert "| `second_tie_break` | a UTC date-time such as 2023-06-28T13:38:22Z | no | IRCC's | A second " \
           "tie-breaking rule, in UTC, where IRCC gave one. |" in outcome["table"]
    records = {r["round"]: r for r in json.loads((project / "site/data/draws.json").read_text())["draws"]}
    assert records["254"]["second_tie_break"] == "2022-11-23T00:05:00Z"
    assert records["250"]["second_tie_break"] is None
    header, *rows = (project / "site/data/draws.csv").read_text().splitlines()
    assert "second_tie_break" in header.split(",")
    assert "2022-11-23T00:05:00Z" in next(r for r in rows if r.startswith("254,"))
    schema = json.loads((project / "site/data/draw.schema.json").read_text())
    assert schema["properties"]["second_tie_break"]["format"] == "date-time"
    data_page = (project / "site/data/index.html").read_text()
    assert "second_tie_break" in data_page and "A second tie-breaking rule, in UTC, where IRCC gave one." in data_page


def line_of_new_field(project: Path) -> int:
    """The line sample() wrote the new field on: the last of the front matter."""
    lines = (project / "content/draws/2023/254.md").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("second_tie_break:"))


def test_an_added_field_is_checked_like_any_other(extended, tmp_path):
    project = sample(tmp_path, "next Tuesday")
    outcome = run(extended, project)
    assert outcome["problems"] == [f"content/draws/2023/254.md:{line_of_new_field(project)}: second_tie_break: "
                                   "'next Tuesday' is not a date-time (expected a UTC date-time such as "
                                   "2023-06-28T13:38:22Z)"]


def test_without_the_declaration_the_field_is_refused(tmp_path):
    project = sample(tmp_path, "2022-11-23T00:05:00Z")
    outcome = run(REPO, project)
    assert outcome["problems"][0].startswith(f"content/draws/2023/254.md:{line_of_new_field(project)}: "
                                             "second_tie_break: unknown field")


FIELD_NAMES = {f.name for f in DRAW_FIELDS}


def naming_units(names: set[str], threshold: int = 6) -> list[str]:
    """The functions, classes and module-level statements of the package that name six or more of these
    fields together (as attributes, keywords, annotated names or strings)."""
    found = []
    for path in sorted((REPO / "drawarchive").rglob("*.py")):
        per_unit: dict[str, set[str]] = {}
        for node in ast.parse(path.read_text()).body:
            unit = node.name if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else "<module>"
            per_unit.setdefault(unit, set()).update(
                n.attr if isinstance(n, ast.Attribute) else n.arg if isinstance(n, ast.keyword)
                else n.value if isinstance(n, ast.Constant) else n.target.id  # type: ignore[union-attr]
                for n in ast.walk(node)
                if (isinstance(n, ast.Attribute) and n.attr in names) or (isinstance(n, ast.keyword) and n.arg in names)
                or (isinstance(n, ast.Constant) and n.value in names)
                or (isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id in names))
        found += [f"{path.relative_to(REPO).as_posix()}:{unit}" for unit, seen in per_unit.items()
                  if len(seen) >= threshold]
    return found


def test_the_fields_are_written_out_in_two_places_only():
    """The declaration, and the model's typed attributes: nowhere else are six or more fields named together."""
    assert naming_units(FIELD_NAMES) == ["drawarchive/model/draws.py:Draw", "drawarchive/model/fields.py:<module>"]
    assert naming_units({f.name for f in CATEGORY_FIELDS}) == ["drawarchive/model/categories.py:Category",
                                                                "drawarchive/model/fields.py:<module>"]


def test_the_scan_finds_a_place_that_names_the_fields_again(tmp_path, monkeypatch):
    """The scan above can fail: it finds a function that lists the fields, as the exports once did."""
    names = sorted(FIELD_NAMES)[:6]
    module = tmp_path / "drawarchive" / "listing.py"
    module.parent.mkdir()
    module.write_text("def record(d):\n    return {" + ", ".join(f"'{n}': d.{n}" for n in names) + "}\n")
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    assert naming_units(FIELD_NAMES) == ["drawarchive/listing.py:record"]
