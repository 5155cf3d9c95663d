"""`import` can't lose a word: one identity per round, one writer at a time, changes that heal after a kill,
and text from outside escaped for the terminal and the pull request.

The races run real commands against each other (`build.py import` beside `new`, a person's save, a
build and a check); the counts of runs are in each test.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, SNAPSHOT, run_build

from drawarchive.authoring.importer import import_rounds
from drawarchive.authoring.summary import MAX_CHARACTERS, capped, code, write_summary
from drawarchive.content.lock import STATE, content_lock

LATER = FIXTURES / "ircc-later-rounds.json"


def today() -> date:
    return date(2026, 11, 22)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under content/, and whatever import keeps beside it."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).as_posix() not in (".drawarchive/content.lock", ".drawarchive/owner")
            and p.relative_to(root).parts[0] in ("content", STATE)}


def rounds_json(path: Path, rounds: list[dict[str, str]]) -> Path:
    path.write_text(json.dumps({"rounds": rounds}))
    return path


@pytest.fixture
def recent(project) -> Path:
    """The real rounds #430 to #447, official and reported, with a person's words on #437."""
    (project / "content/draws/2026").mkdir()
    for number in range(430, 448):
        shutil.copy(REPO / f"content/draws/2026/{number}.md", project / f"content/draws/2026/{number}.md")
    with (project / "content/draws/2026/437.md").open("a") as body:
        body.write("A person's words about round 437.\n")
    return project


def raw(number: str) -> dict[str, str]:
    rounds = json.loads(SNAPSHOT.read_text())["rounds"] + json.loads(LATER.read_text())["rounds"]
    return dict(next(r for r in rounds if r["drawNumber"] == number))


# ------------------------------------------------------------------ one identity per round

@pytest.mark.parametrize("written", ["0437", "٤٣٧", "４３７", "437\n", " 437\t", "4 37"])
def test_a_round_number_written_another_way_never_touches_the_round(recent, tmp_path, written):
    before = tree(recent)
    changed = raw("437") | {"drawNumber": written, "drawCRS": "999"}
    result = run_build("import", str(rounds_json(tmp_path / "r.json", [changed])), root=recent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("import: round ")
    assert "drawNumber: cannot read" in lines[0] and "ASCII digits without a leading zero" in lines[0]
    assert "\n" not in lines[0] and "\t" not in lines[0]
    assert result.stdout == "import: added 0; confirmed 0; updated 0; unchanged 0; errors 1\n"
    assert tree(recent) == before


def test_an_unconfirmed_round_written_with_a_leading_zero_keeps_its_sources(recent, tmp_path):
    before = (recent / "content/draws/2026/440.md").read_bytes()
    result = run_build("import", str(rounds_json(tmp_path / "r.json", [raw("440") | {"drawNumber": "0440"}])),
                       root=recent)
    assert result.returncode == 1
    assert (recent / "content/draws/2026/440.md").read_bytes() == before
    assert b"reported_by:" in before and b"status: reported" in before


def test_an_add_whose_file_exists_is_a_conflict_never_a_write(project, tmp_path):
    squatter = project / "content/draws/2026/441.md"
    squatter.parent.mkdir(parents=True)
    squatter.write_text("---\nround: 440\n---\nWords in the wrong file.\n")
    before = squatter.read_bytes()
    report = import_rounds(rounds_json(tmp_path / "r.json", [raw("441")]), project, today=today)
    assert report.added == []
    assert report.conflicts == ["content/draws/2026/441.md: round 441 would be added there, but the file exists and "
                                "holds another round; nothing was written"]
    assert squatter.read_bytes() == before


def test_too_many_new_rounds_are_refused_unless_a_flag_says_so(project, tmp_path):
    many = [raw("437") | {"drawNumber": str(n)} for n in range(1000, 1031)]
    source = rounds_json(tmp_path / "r.json", many)
    refused = run_build("import", str(source), root=project)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr == ("import: IRCC's data would add 31 rounds (#1000 to #1030); at most 30 are added in one "
                              "import (expected a few new rounds since the last one; if this many is right, pass "
                              "--max-new 31); nothing changed\n")
    assert list((project / "content/draws").iterdir()) == []
    allowed = run_build("import", "--max-new", "31", str(source), root=project)
    assert (allowed.returncode, allowed.stdout) == (0, "import: added 31; confirmed 0; updated 0; unchanged 0\n")


def test_a_new_round_far_beyond_the_latest_is_refused(recent, tmp_path):
    far = raw("441") | {"drawNumber": "99999"}
    report = import_rounds(rounds_json(tmp_path / "r.json", [far]), recent, today=today)
    assert report.added == []
    assert report.errors == ["round 99999: drawNumber: 99,552 rounds after the latest in content/ (#447) (expected at "
                             "most 30 after it; pass --max-new to import more)"]


# ------------------------------------------------------------------ moves (kills and races: test_recovery.py)

def test_a_moved_draw_takes_its_french_notes_with_it(misdated):
    french = (misdated / "content/draws/2025/438.fr.md").read_bytes()
    report = import_rounds(LATER, misdated, today=today)
    assert report.confirmed[0][0] == "438" and report.conflicts == [] and report.errors == []
    assert not (misdated / "content/draws/2025/438.md").exists()
    assert not (misdated / "content/draws/2025/438.fr.md").exists()
    assert (misdated / "content/draws/2026/438.fr.md").read_bytes() == french
    assert run_build("check", root=misdated).returncode == 0


# ------------------------------------------------------------------ one writer at a time

def start_import(root: Path, source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "import", "--max-new",
                             "500", str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def slow_source(tmp_path_factory) -> Path:
    """Every official round with a new cut-off, so that an import reads, checks and rewrites 438 files."""
    rounds = [r | {"drawCRS": str(int(r["drawCRS"]) + 1)} for r in json.loads(SNAPSHOT.read_text())["rounds"]]
    return rounds_json(tmp_path_factory.mktemp("slow") / "rounds.json", rounds)


@pytest.fixture(scope="module")
def archive_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    return root


def fresh(archive_copy: Path, tmp_path: Path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(archive_copy, root)
    return root


def test_new_racing_an_import_never_loses_either(archive_copy, slow_source, tmp_path):
    """10 runs: `new` at a random moment of an import of 438 updates; each file is whole and each command honest."""
    outcomes = set()
    for run in range(10):
        root = fresh(archive_copy, tmp_path / str(run))
        importing = start_import(root, slow_source)
        time.sleep(random.uniform(0, 1.5))
        made = run_build("new", "--round", "448", "--date", "2026-10-02", "--name", "Canadian Experience Class",
                         "--invitations", "1000", "--crs", "520", "--source", "https://example.org/x A news site",
                         root=root)
        out, err = importing.communicate(timeout=300)
        assert "Traceback" not in err + made.stderr
        assert made.returncode == 0, made.stderr
        assert importing.returncode == 0, err
        written = (root / "content/draws/2026/448.md").read_text()
        assert "label: A news site" in written and "status: reported" in written
        assert "updated 438" in out
        outcomes.add("waited" if "waiting for another command" in made.stderr + err else "apart")
    assert outcomes  # which of them waited varies; neither may lose the other's file


def test_a_persons_save_during_an_import_is_never_lost(archive_copy, slow_source, tmp_path):
    """10 runs: a person saves round 254 at a random moment of an import that rewrites it."""
    for run in range(10):
        root = fresh(archive_copy, tmp_path / str(run))
        draw = root / "content/draws/2023/254.md"
        loaded = draw.read_text()  # what the person's editor holds
        importing = start_import(root, slow_source)
        time.sleep(random.uniform(0, 1.5))
        draw.write_text(loaded + f"A person's note, run {run}.\n")
        _, err = importing.communicate(timeout=300)
        assert "Traceback" not in err
        assert f"A person's note, run {run}." in draw.read_text()
        if importing.returncode:  # the save came between the import's reading and its writing: said, not lost
            changed = ("import: round 254: content/draws/2023/254.md changed while import ran (a person's edit, "
                       "or another command); it was left as it is. Import again to update it.\n")
            # write_text empties the file, then writes it: an import that read it meanwhile says what it read
            midway = re.fullmatch(r"import: round 254: not updated, content/draws/2023/254\.md:\d+: .*\n", err)
            assert err == changed or midway, err


def test_a_build_and_a_check_during_an_import_see_whole_content(archive_copy, slow_source, tmp_path):
    """10 runs each: no traceback, no false problem, and the site is built from before or after the import."""
    for run in range(10):
        root = fresh(archive_copy, tmp_path / str(run))
        importing = start_import(root, slow_source)
        time.sleep(random.uniform(0, 1.0))
        reader = run_build("check" if run % 2 else "build", root=root)
        _, err = importing.communicate(timeout=300)
        assert "Traceback" not in reader.stderr + err
        assert reader.returncode == 0, reader.stderr
        assert importing.returncode == 0, err
        assert not list(root.glob("content/**/*.tmp"))


def test_a_writer_waits_for_the_lock_and_says_so(project):
    with content_lock(project, write=False, who="test"):
        done = threading.Event()
        result: list[subprocess.CompletedProcess[str]] = []
        thread = threading.Thread(target=lambda: (result.append(run_build(
            "new", "--round", "5", "--date", "2015-05-22", "--name", "No Program Specified", "--invitations", "1361",
            "--crs", "755", "--programs", "FSW CEC FST PNP", "--source", "https://example.org A paper", root=project)),
            done.set()))
        thread.start()
        assert not done.wait(2)  # new waits while a reader holds the lock
    thread.join(60)
    assert result[0].returncode == 0, result[0].stderr
    assert result[0].stderr.startswith("new: waiting for another command to finish with content/")


# ------------------------------------------------------------------ escaped for where it goes

HOSTILE = ["Fixes #1", "@octocat", "![x](https://example.org/i.png)", "`code` and ``more``", "<img src=x onerror=1>",
           "line\nbreak", "\x1b[31mred", "::error::X", "a\rb"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_in_the_summary_is_one_code_span(value):
    span = code(value)
    fence = span[: len(span) - len(span.lstrip("`"))]
    inner = span[len(fence):-len(fence)]
    assert span.endswith(fence) and fence not in inner  # CommonMark: the span ends at the first equal fence
    assert "\n" not in span and "\r" not in span and "\x1b" not in span


def test_the_summary_names_rounds_plainly_and_quotes_everything_else(project, tmp_path):
    hostile = [raw("441") | {"drawName": name, "drawNumber": "441"} for name in ("Fixes #1 @octocat ![x](y)",)]
    summary = tmp_path / "import.md"
    result = run_build("import", str(rounds_json(tmp_path / "r.json", hostile)), "--summary", str(summary),
                       root=project)
    assert result.returncode == 1
    text = summary.read_text()
    errors = text.split("## Errors: not imported\n\n")[1].split("\n\n")[0]
    assert errors.startswith("- `round 441: drawName: cannot read ") and errors.endswith("`")
    assert errors.count("`") == 2  # one span holds the whole line: nothing in it is a mention, link or image


def test_a_long_summary_is_cut_below_githubs_limit_and_kept_whole_beside(tmp_path):
    text = "Title\n\n" + "".join(f"- `round {n}: drawCRS: cannot read 'x'`\n" for n in range(10**5))
    shown, cut = capped(text, "import.full.md")
    assert cut and len(shown) < 65_536 and len(shown) <= MAX_CHARACTERS + 200
    assert shown.endswith("(`import.full.md`).\n") and "more lines are in the workflow run's artifact" in shown
    write_summary(tmp_path / "import.md", text)
    assert (tmp_path / "import.full.md").read_text() == text
    write_summary(tmp_path / "import.md", "short\n")
    assert not (tmp_path / "import.full.md").exists()


@pytest.mark.parametrize("args, message", [
    (["--timeout", "nan"], "argument --timeout: 'nan' is not a number of seconds from more than 0 to 3600"),
    (["--timeout", "-1"], "argument --timeout: '-1' is not a number of seconds from more than 0 to 3600"),
    (["--timeout", "inf"], "argument --timeout: 'inf' is not a number of seconds from more than 0 to 3600"),
    (["--timeout", "1e308"], "argument --timeout: '1e308' is not a number of seconds from more than 0 to 3600"),
    (["--timeout", "0"], "argument --timeout: '0' is not a number of seconds from more than 0 to 3600"),
    (["--max-new", "-3"], "argument --max-new: '-3' is not a whole number such as 30"),
])
def test_no_argument_gives_a_traceback(project, args, message):
    result = run_build("import", *args, str(LATER), root=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].endswith(message)
    assert list((project / "content/draws").iterdir()) == []


@pytest.mark.parametrize("made", ["a folder", "a device", "a link", "a folder for the full copy"])
def test_a_summary_is_written_only_to_a_regular_file_and_checked_first(project, tmp_path, made):
    summary = tmp_path / "out" / "import.md"
    summary.parent.mkdir()
    target = {"a folder": summary, "a device": Path("/dev/full"), "a link": summary,
              "a folder for the full copy": summary.with_name("import.full.md")}[made]
    if made == "a link":
        (tmp_path / "elsewhere.md").write_text("kept")
        summary.symlink_to(tmp_path / "elsewhere.md")
    elif made != "a device":
        target.mkdir()
    device = os.stat("/dev/full").st_rdev
    result = run_build("import", str(LATER), "--summary", str(target), root=project)
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (2, "", False)
    assert result.stderr.startswith("import: --summary: ") and result.stderr.endswith(
        " is not a regular file (expected a new file, or one to replace); nothing changed\n")
    assert list((project / "content/draws").iterdir()) == []
    assert os.stat("/dev/full").st_rdev == device and Path("/dev/full").is_char_device()
    assert sorted(p.name for p in summary.parent.iterdir()) == sorted(
        {"a folder": ["import.md"], "a device": [], "a link": ["import.md"],
         "a folder for the full copy": ["import.full.md"]}[made])
    if made == "a link":
        assert (tmp_path / "elsewhere.md").read_text() == "kept"


def test_a_summary_to_a_missing_folder_is_refused_before_anything_is_written(project, tmp_path):
    result = run_build("import", str(LATER), "--summary", str(tmp_path / "no/such/folder/import.md"), root=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"import: --summary: {tmp_path / 'no/such/folder'} is not a folder (expected a file in an "
                             "existing folder); nothing changed\n")
    assert list((project / "content/draws").iterdir()) == []


def test_round_labels_reach_the_terminal_escaped(project, tmp_path):
    bad = raw("441") | {"drawNumber": "1\n::error::X\x1b[2J"}
    result = run_build("import", str(rounds_json(tmp_path / "r.json", [bad])), root=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.rstrip("\n")]
    assert "\x1b" not in result.stderr and "\n::error::" not in result.stderr
    assert result.stderr.startswith("import: round 1\\n::err… (20 characters): drawNumber: cannot read "
                                    "'1\\n::error::X\\x1b[2J'")
