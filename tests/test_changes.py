"""Which draws' pages a build plans again after an edit (pipeline/changes.py): those that can see it.

tests/test_incremental.py holds the property that matters (incremental equals clean after any edits);
these pin down the reasoning, case by case, on small archives of Seen records.
"""
from __future__ import annotations

import re
import shutil

import pytest
from conftest import REPO, session_day

from drawarchive.config import load_config
from drawarchive.pipeline import changes, site
from drawarchive.pipeline.changes import Seen, draw_source, load_seen, to_plan
from drawarchive.pipeline.site import build_site

SAMPLE = REPO / "tests" / "golden" / "project"


def archive(*draws: tuple[str, str, tuple[str, ...]]) -> dict[str, Seen]:
    """(label, digest, sees) -> the state's record, keyed by a file path."""
    return {f"content/draws/{label}.md": Seen(digest, label, sees) for label, digest, sees in draws}


BEFORE = archive(("1", "a", ("2",)), ("2", "b", ("1", "3")), ("3", "c", ("2", "4")), ("4", "d", ("3", "#9")),
                 ("5", "e", ("4",)))


def test_nothing_edited_plans_nothing():
    assert to_plan(BEFORE, BEFORE) == frozenset()


def test_an_edited_draw_plans_itself_and_its_neighbours():
    after = {**BEFORE, "content/draws/3.md": Seen("c2", "3", ("2", "4"))}
    assert to_plan(BEFORE, after) == {"2", "3", "4"}


def test_a_draw_put_between_two_plans_both_and_the_old_pair_sees_it():
    after = archive(("1", "a", ("2",)), ("2", "b", ("1", "6")), ("6", "x", ("2", "3")), ("3", "c", ("6", "4")),
                    ("4", "d", ("3", "#9")), ("5", "e", ("4",)))
    assert to_plan(BEFORE, after) == {"2", "3", "6"}


def test_a_removed_draw_plans_its_old_neighbours():
    after = archive(("1", "a", ("2",)), ("2", "b", ("1", "4")), ("4", "d", ("2", "#9")), ("5", "e", ("4",)))
    assert to_plan(BEFORE, after) >= {"2", "4"}


def test_a_round_mentioned_in_a_note_plans_the_note_when_it_comes_to_exist():
    after = {**BEFORE, "content/draws/9.md": Seen("z", "9", ("5",))}
    assert to_plan(BEFORE, after) >= {"9", "4", "5"}


def test_a_translation_belongs_to_its_draw():
    assert draw_source("draws/2023/254.fr.md") == "draws/2023/254.md"
    assert draw_source("draws/2023/254.md") == "draws/2023/254.md"


@pytest.mark.parametrize("saved", [None, [], {"x": 1}, {"x": ["a", "b"]}, {"x": ["a", "1", 2]}, "text"])
def test_a_state_in_another_form_is_no_state(saved):
    assert load_seen(saved) == {}


@pytest.mark.parametrize("edit, planned", [
    ("facts", {"250", "254", "260", "290"}),  # 254, its neighbours overall (250, 260) and in STEM (290)
    ("notes", {"250", "254", "260", "290"}),  # the same: a file changed (its neighbours re-render nothing)
    ("category", None),  # a category shows on every draw page
])
def test_a_build_plans_the_draw_pages_that_can_see_the_edit(tmp_path, monkeypatch, edit, planned):
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project)
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, project / name)
    config, _ = load_config(project)
    build_site(project, config, tmp_path / "site", search=False, today=session_day)
    seen: list[frozenset[str] | None] = []
    monkeypatch.setattr(site, "to_plan", lambda before, now: seen.append(changes.to_plan(before, now)) or seen[-1])
    draw = project / "content/draws/2023/254.md"
    if edit == "facts":
        draw.write_text(re.sub(r"^crs: (\d+)", lambda m: f"crs: {int(m.group(1)) + 1}", draw.read_text(), flags=re.M))
    elif edit == "notes":
        draw.write_text(draw.read_text() + "\nA sentence more.\n")
    else:
        stem = project / "content/categories/stem.md"
        stem.write_text(stem.read_text().replace("description: ", "description: Still ", 1))
    build_site(project, config, tmp_path / "site", search=False, today=session_day)
    assert seen == ([] if planned is None else [planned])
