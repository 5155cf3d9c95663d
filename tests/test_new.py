"""`build.py new`: scaffold, check, build, and the refusals."""
from __future__ import annotations

import shutil
from datetime import date

import pytest
from conftest import REPO, make_tree, run_build
from sitecheck import text

from drawarchive.authoring.scaffold import Answers, ScaffoldError, scaffold

SOURCE = "https://www.cicnews.com/2026/08/stem-draw.html CIC News, 2026-08-20"
FLAGS = ["--name", "STEM occupations (Version 1)", "--date", "2026-08-20", "--invitations", "1,200", "--crs", "481",
         "--source", SOURCE]


@pytest.fixture
def with_draws(project):
    """The real categories, templates and static files, and three real draws."""
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, project / name, dirs_exist_ok=True)
    shutil.copy(REPO / "site.yml", project / "site.yml")
    for draw in ("2023/274.md", "2026/436.md", "2026/437.md"):
        make_tree(project, {f"content/draws/{draw}": (REPO / "content/draws" / draw).read_text()})
    return project


def test_new_then_check_then_build_shows_the_page(with_draws):
    result = run_build("new", *FLAGS, root=with_draws)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("new: wrote content/draws/2026/438.md (status: reported); it passes check. Add notes "
                             "below the front matter if you like; `import` confirms the round when IRCC's data has "
                             "it.\n")
    written = (with_draws / "content/draws/2026/438.md").read_text()
    # What the contributor did not give stays out: no time, tie-break, programs, official source or pool.
    assert written == ("---\nround: 438\nstatus: reported\ndate: 2026-08-20\nname: STEM occupations (Version 1)\n"
                       "category: stem\nlist_version: 1\ninvitations: 1200\ncrs: 481\nreported_by:\n"
                       "  - label: CIC News, 2026-08-20\n"
                       "    url: \"https://www.cicnews.com/2026/08/stem-draw.html\"\n---\n")

    assert run_build("check", root=with_draws).returncode == 0
    assert run_build(root=with_draws).returncode == 0
    page = text(with_draws / "site/draws/438/index.html")
    assert "Express Entry draw #438 unconfirmed" in page
    assert "Unconfirmed: reported, not yet in IRCC's data" in page and "Reported by: CIC News, 2026-08-20" in page
    assert "Invitations issued 1,200" in page and "CRS score of the lowest-ranked candidate invited 481" in page
    assert "Round time not yet known Tie-breaking rule not yet known" in page
    assert "Eligible programs not yet known Official source not yet in IRCC's data" in page
    assert "Previous STEM draw #274, December 8, 2023" in page


def test_it_proposes_the_next_number_and_today(with_draws):
    asked = {}

    def ask(question, default):
        asked[question] = default
        return {"Invitations issued": "500", "CRS score of the lowest-ranked candidate": "470",
                "Official round name, exactly as IRCC wrote it": "Canadian Experience Class",
                "Where was the round reported? A URL, then what it is": "https://example.org/news"
                }.get(question, default)

    path = scaffold(with_draws, Answers(), ask, today=date(2026, 8, 21))
    assert asked["Round number"] == "438"
    assert asked["Draw date (YYYY-MM-DD)"] == "2026-08-21"
    assert asked["Eligible programs (FSW CEC FST PNP), if known"] == "CEC"  # a program round's own program
    assert path == with_draws / "content/draws/2026/438.md"
    written = path.read_text()
    assert "category: cec\n" in written and "programs: [CEC]\n" in written
    assert '  - label: example.org\n    url: "https://example.org/news"\n' in written


def test_new_refuses_a_duplicate_round(with_draws):
    result = run_build("new", *FLAGS, "--round", "437", root=with_draws)
    assert result.returncode == 1
    assert result.stderr == "new: round 437 already exists in content/draws/2026/437.md; edit that file instead\n"


def test_new_needs_a_source_that_starts_with_a_url(with_draws):
    flags = [*FLAGS[:-1], "CIC News https://www.cicnews.com/"]
    result = run_build("new", *flags, root=with_draws)
    assert result.returncode == 1
    assert result.stderr.startswith("new: --source: 'CIC News https://www.cicnews.com/' does not start with a URL")
    assert not (with_draws / "content/draws/2026/438.md").exists()


def test_new_never_overwrites_a_file(with_draws):
    """A file that appears while `new` asks its questions (another contributor, an editor) is kept."""
    draft = with_draws / "content/draws/2026/438.md"

    def ask(question, default):
        if not draft.exists():
            make_tree(with_draws, {"content/draws/2026/438.md": "My draft.\n"})
        return default

    with pytest.raises(ScaffoldError, match=r"content/draws/2026/438\.md already exists; it was not overwritten"):
        scaffold(with_draws, Answers(round="438", date="2026-08-20", name="STEM occupations (Version 1)",
                                     invitations="1", crs="1", reported_by=("https://www.canada.ca/en/q=438",)), ask)
    assert draft.read_text() == "My draft.\n"


def test_new_refuses_an_unknown_name_and_lists_the_known_ones(with_draws):
    flags = list(FLAGS)
    flags[1] = "Researchers, 2026-Version 1"
    result = run_build("new", *flags, root=with_draws)
    assert result.returncode == 1
    assert result.stderr.startswith("new: unknown round name 'Researchers, 2026-Version 1'. Known names: "
                                    "Agriculture and agri-food occupations (Version 1); Canadian Experience Class;")
    assert result.stderr.endswith("For a new name, add it to the draw_names of a file in content/categories/ "
                                  "(see CONTRIBUTING.md, 'Adding a category')\n")
    assert len(result.stderr.splitlines()) == 1
    assert not (with_draws / "content/draws/2026/438.md").exists()


def test_new_refuses_invalid_values_and_writes_nothing(with_draws):
    flags = [f if f != "481" else "1481" for f in FLAGS]
    result = run_build("new", *flags, root=with_draws)
    assert result.returncode == 1
    assert result.stderr == ("new: content/draws/2026/438.md:9: crs: 1481 is too large "
                             "(expected an integer from 0 to 1200)\n")


def test_new_refuses_a_tie_break_after_the_round_time(with_draws):
    result = run_build("new", *FLAGS, "--time", "14:05:00", "--tie-break", "2026-08-21 09:30:00", root=with_draws)
    assert result.returncode == 1
    assert result.stderr == ("new: content/draws/2026/438.md:11: tie_break: 2026-08-21T09:30:00Z is after the round "
                             "(2026-08-20T14:05:00Z) (expected a tie-break at or before the round time)\n")
    assert not (with_draws / "content/draws/2026/438.md").exists()


def test_a_missing_value_names_its_flag(with_draws):
    result = run_build("new", "--name", "General", root=with_draws)
    assert (result.returncode, result.stderr) == (1, "new: --invitations: missing (expected invitations issued)\n")
