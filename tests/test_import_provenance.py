"""`import` keeps people's words: corrections, notes, sources and bodies survive; conflicts leave files alone;
reported rounds are confirmed with every difference recorded."""
from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, SNAPSHOT, run_build
from sitecheck import text

from drawarchive.authoring.importer import import_rounds
from drawarchive.content.read import read_content

LATER = FIXTURES / "ircc-later-rounds.json"
CORRECTION = """corrections:
  - field: invitations
    value: 501
    reason: "IRCC's news release for the round says 501."
    source: "https://www.canada.ca/en/news/254.html"
notes:
  - "A contributor's note on the data."
"""


def today() -> date:
    return date(2026, 11, 22)


@pytest.fixture
def official(project, snapshot, tmp_path) -> Path:
    """A project holding the official rounds from #250 on, imported from IRCC's snapshot."""
    source = tmp_path / "recent.json"
    source.write_text(json.dumps({"rounds": [r for r in snapshot if r["drawNumber"] in {"253", "254", "255"}]}))
    assert import_rounds(source, project, today=today).errors == []
    return project


def changed_snapshot(snapshot, tmp_path, **changes: dict[str, str]) -> Path:
    """IRCC's rounds #253-#255, with some official values changed: changes={'254': {'drawCRS': '490'}}."""
    rounds = [dict(r) for r in snapshot if r["drawNumber"] in {"253", "254", "255"}]
    for raw in rounds:
        raw.update(changes.get(raw["drawNumber"], {}))
    path = tmp_path / "changed.json"
    path.write_text(json.dumps({"rounds": rounds}))
    return path


def add_to_front_matter(path: Path, lines: str) -> None:
    text = path.read_bytes().decode()
    head, body = text.split("\n---\n", 1)
    path.write_bytes(f"{head}\n{lines.rstrip()}\n---\n{body}".encode())


def test_a_persons_correction_notes_and_crlf_body_survive_an_update(official, snapshot, tmp_path):
    draw = official / "content/draws/2023/254.md"
    add_to_front_matter(draw, CORRECTION)
    body = "First line of a note.\r\n\r\n- a list item  \r\n\r\n*Written on Windows.*\r\n"
    draw.write_bytes(draw.read_bytes() + body.encode())
    before = draw.read_bytes().decode()
    assert read_content(official, today)[1] == []

    report = import_rounds(changed_snapshot(snapshot, tmp_path, **{"254": {"drawCRS": "490"}}), official, today=today)

    assert report.summary() == "added 0; confirmed 0; updated 1: 254 (crs); unchanged 2"
    after = draw.read_bytes().decode()
    assert after == before.replace("crs: 486\n", "crs: 490\n")
    assert after.endswith("---\n" + body)  # byte for byte, CRLF included
    archive, problems = read_content(official, today)
    assert problems == []
    corrected = next(d for d in archive.draws if d.label == "254")
    assert (corrected.crs, corrected.invitations, corrected.notes) == (490, 501, ("A contributor's note on the data.",))
    assert corrected.correction("invitations").official == 500


def test_an_official_change_to_a_corrected_value_is_a_conflict(official, snapshot, tmp_path):
    draw = official / "content/draws/2023/254.md"
    add_to_front_matter(draw, CORRECTION)
    before = draw.read_bytes()
    source = changed_snapshot(snapshot, tmp_path, **{"254": {"drawSize": "502", "drawCRS": "488"}})

    result = run_build("import", str(source), root=official)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert draw.read_bytes() == before  # the whole file is left alone, the uncorrected crs too
    assert result.stderr.splitlines() == [
        "import: content/draws/2023/254.md: invitations: IRCC's data changed it from 500 to 502, and a person "
        "corrected it to 501; nothing was written. If IRCC's new value settles it, delete the correction; if not, "
        "set invitations: to IRCC's new value yourself and keep the correction. Then import again."]
    assert result.stdout == "import: added 0; confirmed 0; updated 0; unchanged 2; conflicts 1\n"


def test_a_resolved_conflict_imports(official, snapshot, tmp_path):
    """Following the summary's advice (keep the correction, take IRCC's value) lets the next import through."""
    draw = official / "content/draws/2023/254.md"
    add_to_front_matter(draw, CORRECTION)
    source = changed_snapshot(snapshot, tmp_path, **{"254": {"drawSize": "502", "drawCRS": "488"}})
    draw.write_text(draw.read_text().replace("invitations: 500\n", "invitations: 502\n"))

    report = import_rounds(source, official, today=today)

    assert (report.conflicts, report.updated) == ([], [("254", ["crs"])])
    assert "value: 501" in draw.read_text() and "invitations: 502\n" in draw.read_text()


def test_a_sentence_a_person_added_to_data_notes_is_never_dropped(official, snapshot, tmp_path):
    """The case from the issue: a note added to data_notes by hand, then an import."""
    draw = official / "content/draws/2023/255.md"
    draw.write_text(draw.read_text().replace("---\n", "---\n", 1).replace(
        "\n---\n", "\ndata_notes:\n  - \"IRCC's page and its dataset disagree on the time.\"\n---\n", 1)
        if "data_notes" not in draw.read_text() else draw.read_text())
    assert "IRCC's page and its dataset disagree" in draw.read_text()
    before = draw.read_bytes()

    report = import_rounds(SNAPSHOT, official, today=today, max_new=None)

    assert draw.read_bytes() == before
    assert report.conflicts == [
        "content/draws/2023/255.md: data_notes: \"IRCC's page and its dataset disagree on the time.\" is not a note "
        "import writes for this round; nothing was written. If a person wrote it, move it to notes:; if it was "
        "import's and IRCC has fixed its record, delete it. Then import again."]


def test_a_comment_in_an_official_field_import_must_change_is_kept(official, snapshot, tmp_path):
    draw = official / "content/draws/2023/254.md"
    draw.write_text(draw.read_text().replace("crs: 486\n", "crs: 486  # the page says 487, see the forum\n"))
    before = draw.read_bytes()
    report = import_rounds(changed_snapshot(snapshot, tmp_path, **{"254": {"drawCRS": "490"}}), official, today=today)
    assert draw.read_bytes() == before
    assert report.conflicts == [
        "content/draws/2023/254.md: crs: IRCC's data changes text a person wrote there (a comment or a layout "
        "of their own); nothing was written. Move those words to notes: or the body, then import again."]
    # An unchanged field keeps its comment, and the file its other updates.
    report = import_rounds(changed_snapshot(snapshot, tmp_path, **{"254": {"drawSize": "600"}}), official,
                           today=today)
    assert report.updated == [("254", ["invitations"])]
    assert "crs: 486  # the page says 487, see the forum\n" in draw.read_text()


def as_first_reported(text: str) -> str:
    """A reported round as the news gave it: without the round time, tie-break, programs and pool contributors
    later added from copies of IRCC's JSON, nor those copies as sources (tests/fixtures/ircc-later-rounds.json
    invents other facts for these rounds)."""
    if "status: reported" not in text:
        return text
    text = re.sub(r"^(time|tie_break): .*\n|^programs: \[FSW, CEC, FST\]\n|^pool:\n(  .*\n)+", "", text, flags=re.M)
    copies = "brianrahadi|Xebec237|mjy-mjy-mjy|BalwinderCa"
    return re.sub(rf'  - label: .*\n    url: "https://github.com/({copies})/.*\n', "", text)


@pytest.fixture
def reported(project) -> Path:
    """A project with the real #436 and #437 and the real reported rounds #438 to #447, bodies added."""
    for name in ("2026/436.md", "2026/437.md", *(f"2026/{n}.md" for n in range(438, 448))):
        (project / "content/draws" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "content/draws" / name).write_text(as_first_reported((REPO / "content/draws" / name).read_text()))
    with (project / "content/draws/2026/441.md").open("a", encoding="utf-8", newline="") as body:
        body.write("\r\nCIC News called it the largest healthcare round of 2026.\r\n")
    return project


def test_reported_rounds_are_confirmed_with_every_difference_recorded(reported):
    draw = reported / "content/draws/2026/441.md"
    before = draw.read_bytes().decode()

    result = run_build("import", str(LATER), root=reported)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "import: added 0; confirmed 4: 441 (1 difference); 440; 439; 438; updated 0; unchanged 2\n"
    after = draw.read_bytes().decode()
    reported_by = before[before.index("reported_by:\n"):before.index("---\n\r\n")]
    assert after == (
        "---\nround: 441\nstatus: official\ndate: 2026-09-04\ntime: 2026-09-04T13:02:11Z\n"
        "name: Healthcare and Social Services Occupations, 2026-Version 3\ncategory: healthcare\nlist_version: 3\n"
        "invitations: 3550\ncrs: 475\ntie_break: 2026-07-02T08:14:37Z\nprograms: [FSW, CEC, FST]\n"
        "source: \"https://www.canada.ca/en/immigration-refugees-citizenship/corporate/mandate/policies-operational-"
        "instructions-agreements/ministerial-instructions/express-entry-rounds/invitations.html?q=441\"\n"
        + after[after.index("pool:\n"):after.index("reported_differences:")]
        + "reported_differences:\n  - field: invitations\n    reported: 3500\n    official: 3550\n"
        + reported_by + "---\n\r\nCIC News called it the largest healthcare round of 2026.\r\n")
    archive, problems = read_content(reported, today)
    assert problems == []
    confirmed = {d.label: d for d in archive.draws}
    assert [confirmed[n].status for n in ("438", "441", "442")] == ["official", "official", "reported"]
    assert confirmed["440"].reported_differences == ()  # every reported value held
    # A second import finds nothing to do.
    again = run_build("import", str(LATER), root=reported)
    assert again.stdout == "import: added 0; confirmed 0; updated 0; unchanged 6\n"


def test_the_site_shows_a_confirmed_round_and_a_correction(reported):
    draw = reported / "content/draws/2026/437.md"
    add_to_front_matter(draw, CORRECTION.replace("value: 501", "value: 4999").replace("254", "437"))
    assert run_build("import", str(LATER), root=reported).returncode == 0
    shutil.copytree(REPO / "static", reported / "static")
    assert run_build(root=reported).returncode == 0
    page = text(reported / "site/draws/441/index.html")
    assert "Reported before IRCC's data had it Reported by: a copy of IRCC's rounds feeds (English and French)" \
        in page
    assert "Reported as 3,500 invitations; IRCC's data says 3,550." in page
    assert "#441 reported" not in page
    corrected = text(reported / "site/draws/437/index.html")
    assert "Invitations issued 4,999 Corrected: IRCC's data says 5,000. IRCC's news release for the round says " \
           "501. Source" in corrected
    assert "Corrected by contributors Invitations issued: 4,999 instead of IRCC's 5,000." in corrected
    assert "From contributors A contributor's note on the data." in corrected
    home = text(reported / "site/index.html")
    assert "Official data: IRCC's rounds up to #441 (September 4, 2026); after it, 6 rounds reported by public " \
           "sources and not yet in IRCC's data (#442 to #447)." in home


def test_a_confirmed_date_in_another_year_moves_the_file(project):
    misdated = as_first_reported((REPO / "content/draws/2026/438.md").read_text()).replace("2026-08-31", "2025-12-31")
    (project / "content/draws/2025").mkdir(parents=True)
    (project / "content/draws/2025/438.md").write_text(misdated + "A note.\n")
    report = import_rounds(LATER, project, today=today)
    assert report.confirmed[0] == ("438", ["Reported as held on 2025-12-31; IRCC's data says 2026-08-31."])
    assert not (project / "content/draws/2025/438.md").exists()
    assert (project / "content/draws/2026/438.md").read_text().endswith("---\nA note.\n")
