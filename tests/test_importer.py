"""`build.py import` on the real snapshot: every round, idempotent, bodies untouched, errors contained."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SNAPSHOT, run_build

from drawarchive.authoring.importer import import_rounds
from drawarchive.content.read import read_content


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("imported")
    import shutil
    shutil.copytree(REPO / "content" / "categories", root / "content" / "categories")
    report = import_rounds(SNAPSHOT, root, max_new=None)
    assert (len(report.added), report.updated, report.errors) == (438, [], [])
    return root


def test_every_round_becomes_one_file(imported):
    files = sorted((imported / "content" / "draws").rglob("*.md"))
    assert len(files) == 438
    assert (imported / "content/draws/2023/254.md").exists()
    assert (imported / "content/draws/2018/091a.md").exists()


def test_facts_equal_the_official_values(imported, snapshot):
    archive, problems = read_content(imported)
    assert problems == []
    by_label = {d.label: d for d in archive.draws}
    for raw in snapshot:
        draw = by_label[raw["drawNumber"]]
        assert draw.date.isoformat() == raw["drawDate"]
        assert draw.invitations == int(raw["drawSize"].replace(",", ""))
        assert draw.crs == int(raw["drawCRS"])
        assert draw.name == raw["drawName"]
        assert draw.source.startswith("https://www.canada.ca/en/")
        assert (draw.tie_break is None) == (raw["drawCutOff"].strip() == "")
        if draw.pool:
            assert draw.pool.total == int(raw["dd18"].replace(",", ""))
            assert [v for _, v in draw.pool.bands] == [int(raw[f"dd{i}"].replace(",", "")) for i in range(1, 18)]
        else:
            assert {raw[f"dd{i}"] for i in range(1, 19)} == {"0"}


def test_the_committed_content_is_what_the_importer_writes(imported):
    """content/ in the repository is the importer's output plus people's notes, and the reported rounds."""
    for path in sorted((imported / "content" / "draws").rglob("*.md")):
        committed = (REPO / path.relative_to(imported)).read_text(encoding="utf-8")
        assert committed.startswith(path.read_text(encoding="utf-8")), path


def test_a_second_import_changes_nothing(imported, tmp_path):
    before = tree_bytes(imported)
    report = import_rounds(SNAPSHOT, imported)
    assert (report.added, report.updated, len(report.unchanged)) == ([], [], 438)
    assert report.summary() == "added 0; confirmed 0; updated 0; unchanged 438"
    assert tree_bytes(imported) == before


def test_update_changes_facts_and_keeps_the_body(project, snapshot, tmp_path):
    first = tmp_path / "first.json"
    first.write_text(json.dumps({"rounds": snapshot[-300:]}))
    import_rounds(first, project, max_new=None)
    note = project / "content/draws/2023/254.md"
    body = "\nA person's note.\n\n---\n\nWith a rule, *emphasis* and trailing space.  \n"
    note.write_text(note.read_text() + body)

    changed = [dict(r) for r in snapshot]
    target = next(r for r in changed if r["drawNumber"] == "254")
    target.update(drawCRS="487", drawSize="1,500")
    second = tmp_path / "second.json"
    second.write_text(json.dumps({"rounds": changed}))
    report = import_rounds(second, project, max_new=None)

    assert report.summary() == "added 138; confirmed 0; updated 1: 254 (invitations, crs); unchanged 299"
    text = note.read_text()
    assert text.endswith("---\n" + body)
    front = yaml.safe_load(text.split("---\n")[1])
    assert (front["crs"], front["invitations"]) == (487, 1500)


def test_bad_rounds_are_reported_and_the_others_import(project, snapshot, tmp_path):
    rounds = [dict(r) for r in snapshot[:5]]
    rounds[1]["drawDateTime"] = "the day after tomorrow"
    rounds[3]["drawName"] = "Researchers, 2026-Version 1"
    source = tmp_path / "rounds.json"
    source.write_text(json.dumps({"rounds": rounds}))

    result = run_build("import", str(source), root=project)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "import: round 436: drawDateTime: cannot read 'the day after tomorrow' "
        "(expected a date and time such as 'August 19, 2026 at 12:35:37 UTC')",
        "import: round 434: drawName: cannot read 'Researchers, 2026-Version 1' "
        "(expected a draw name listed in content/categories/*.md)",
    ]
    assert result.stdout == "import: added 3; confirmed 0; updated 0; unchanged 0; errors 2\n"
    written = sorted(p.name for p in (project / "content/draws/2026").iterdir())
    assert written == ["433.md", "435.md", "437.md"]


def test_unreadable_json_is_one_clear_error(project, tmp_path):
    source = tmp_path / "rounds.json"
    source.write_text("{not json")
    result = run_build("import", str(source), root=project)
    assert result.returncode == 1
    assert result.stderr == (f"import: {source}: not JSON: Expecting property name enclosed in double quotes at "
                             "line 1 column 2 (expected IRCC's rounds JSON); nothing changed\n")
    assert "Traceback" not in result.stderr
    assert list((project / "content/draws").iterdir()) == []


def test_a_file_with_broken_yaml_is_never_overwritten(project, snapshot, tmp_path):
    broken = project / "content/draws/2026/437.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("---\nround: 437\ncrs: [\n---\nMy notes.\n")
    source = tmp_path / "rounds.json"
    source.write_text(json.dumps({"rounds": snapshot[:1]}))
    result = run_build("import", str(source), root=project)
    assert result.returncode == 1
    assert "import: round 437: not updated, content/draws/2026/437.md:4:1: front matter: YAML syntax error" \
        in result.stderr
    assert broken.read_text() == "---\nround: 437\ncrs: [\n---\nMy notes.\n"
