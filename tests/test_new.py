"""`build.py new`: scaffold, check, build, and the refusals."""
from __future__ import annotations

import shutil
from datetime import date

import pytest
from conftest import REPO, make_tree, run_build
from sitecheck import text

from drawarchive.scaffold import Answers, ScaffoldError, scaffold

FLAGS = ["--name", "STEM occupations (Version 1)", "--date", "2026-08-20", "--time", "14:05:00",
         "--invitations", "1,200", "--crs", "481", "--tie-break", "2026-08-01 09:30:00"]


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
    assert result.stdout == ("new: wrote content/draws/2026/438.md; it passes check. "
                             "Add notes below the front matter if you like.\n")
    written = (with_draws / "content/draws/2026/438.md").read_text()
    assert written.startswith("---\nround: 438\ndate: 2026-08-20\ntime: 2026-08-20T14:05:00Z\n"
                              "name: STEM occupations (Version 1)\ncategory: stem\nlist_version: 1\n"
                              "invitations: 1200\ncrs: 481\ntie_break: 2026-08-01T09:30:00Z\n"
                              "programs: [FSW, CEC, FST]\n")
    assert "invitations.html?q=438" in written  # the source, guessed from #437's

    assert run_build("check", root=with_draws).returncode == 0
    assert run_build(root=with_draws).returncode == 0
    page = text(with_draws / "site/draws/438/index.html")
    assert "Invitations issued 1,200" in page and "CRS score of the lowest-ranked candidate invited 481" in page
    assert "Previous STEM draw #274, December 8, 2023" in page
    assert "Notes" not in page.split("Other draws")[0]  # the hint comment is not shown as notes


def test_it_proposes_the_next_number_and_today(with_draws):
    asked = {}

    def ask(question, default):
        asked[question] = default
        return {"Round time in UTC (HH:MM:SS)": "10:00:00", "Invitations issued": "500",
                "CRS score of the lowest-ranked candidate": "470",
                "Official round name, exactly as IRCC wrote it": "Canadian Experience Class"}.get(question, default)

    path = scaffold(with_draws, Answers(), ask, today=date(2026, 8, 21))
    assert asked["Round number"] == "438"
    assert asked["Draw date (YYYY-MM-DD)"] == "2026-08-21"
    assert path == with_draws / "content/draws/2026/438.md"
    assert "category: cec\n" in path.read_text() and "programs: [CEC]\n" in path.read_text()


def test_new_refuses_a_duplicate_round(with_draws):
    result = run_build("new", *FLAGS, "--round", "437", root=with_draws)
    assert result.returncode == 1
    assert result.stderr == "new: round 437 already exists in content/draws/2026/437.md; edit that file instead\n"


def test_new_never_overwrites_a_file(with_draws):
    draft = (REPO / "content/draws/2026/437.md").read_text().replace("round: 437", "round: 439") + "My draft.\n"
    make_tree(with_draws, {"content/draws/2026/438.md": draft})
    with pytest.raises(ScaffoldError, match="content/draws/2026/438.md already exists; it was not overwritten"):
        scaffold(with_draws, Answers(round="438", date="2026-08-20", time="14:05:00",
                                     name="STEM occupations (Version 1)", invitations="1", crs="1",
                                     source="https://www.canada.ca/en/q=438"),
                 lambda q, d: d)
    assert (with_draws / "content/draws/2026/438.md").read_text() == draft


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
    assert not (with_draws / "content/draws/2026/438.md").exists()


def test_a_missing_value_names_its_flag(with_draws):
    result = run_build("new", "--name", "General", root=with_draws)
    assert (result.returncode, result.stderr) == (1, "new: --time: missing (expected round time in UTC (HH:MM:SS))\n")
