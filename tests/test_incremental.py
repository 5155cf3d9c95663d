"""An incremental build equals a clean build after any sequence of edits (a Hypothesis property),
and two builds are byte-identical.

The edits are what contributors and maintainers do: add, remove or edit a draw's facts and notes
(notes that mention other rounds, which then become links), its French notes, edit a category, a
template, a static file or site.yml. After every edit the site built incrementally (reusing the
previous build's files, planning only the draw pages that can see the edit, and, as serve does,
keeping parsed files in a cache) must equal, byte for byte, a site built from nothing; with the search
index too, re-indexed only where its prose pages or people's words changed.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, session_day
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from drawarchive.config import load_config
from drawarchive.content.files import ParseCache
from drawarchive.pipeline import outputs
from drawarchive.pipeline.site import build_site

SAMPLE = REPO / "tests" / "golden" / "project"
DRAWS = {"250": "2023/250.md", "254": "2023/254.md", "260": "2023/260.md", "290": "2024/290.md",
         "291": "2024/291.md"}
NEW_DRAW = """---
round: {round}
status: official
date: 2024-0{month}-10
time: 2024-0{month}-10T12:00:00Z
name: Canadian Experience Class
category: cec
invitations: {round}
crs: 500
tie_break: 2024-01-01T00:00:00Z
programs: [CEC]
source: "https://www.canada.ca/en/x.html?q={round}"
---
"""
EXTRA = {"292": 4, "293": 5, "294": 6}  # round -> month of 2024


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass
class Project:
    root: Path

    def draw(self, label: str) -> Path:
        path = DRAWS.get(label) or f"2024/{label}.md"
        return self.root / "content" / "draws" / path

    def labels(self) -> list[str]:
        return sorted(p.stem.lstrip("0") for p in (self.root / "content" / "draws").rglob("*.md")
                      if not p.name.endswith(".fr.md"))

    def edit(self, kind: str, choice: int, text: str) -> None:
        labels = self.labels()
        label = labels[choice % len(labels)] if labels else None
        if kind == "add":
            missing = [r for r in EXTRA if r not in labels]
            if missing:
                new = missing[choice % len(missing)]
                self.draw(new).write_text(NEW_DRAW.format(round=new, month=EXTRA[new]))
        elif kind == "remove" and label and len(labels) > 1 and label not in ("254", "290"):
            self.draw(label).unlink()
            self.draw(label).with_suffix(".fr.md").unlink(missing_ok=True)  # its translation goes with it
        elif kind == "facts" and label:
            path = self.draw(label)
            path.write_text(re.sub(r"^crs: (\d+)$", lambda m: f"crs: {int(m.group(1)) + 1 + choice % 7}",
                                   path.read_text(), flags=re.MULTILINE))
        elif kind == "body" and label:
            with self.draw(label).open("a") as body:
                body.write(f"\n{text} See #{sorted(EXTRA)[choice % 3]} and #250.\n")
        elif kind == "french" and label:
            french = self.draw(label).with_suffix(".fr.md")
            french.write_text(f"---\nnotes:\n  - \"Note {text or 'vide'} sur #{sorted(EXTRA)[choice % 3]}.\"\n---\n")
        elif kind == "unfrench" and label:
            self.draw(label).with_suffix(".fr.md").unlink(missing_ok=True)
        elif kind == "category":
            path = self.root / "content/categories/stem.md"
            path.write_text(re.sub(r"^description: .*$", f"description: {text or 'STEM rounds'}.",
                                   path.read_text(), flags=re.MULTILINE))
        elif kind == "template":
            base = self.root / "templates/base.html"
            base.write_text(base.read_text().replace("</footer>", f"<p>{text}</p>\n</footer>", 1))
        elif kind == "static":
            with (self.root / "static/style.css").open("a") as css:
                css.write(f"/* {text} */\n")
        elif kind == "site":
            path = self.root / "site.yml"
            path.write_text(re.sub(r"^title: .*$", f"title: {text or 'Sample'} Archive", path.read_text(),
                                   flags=re.MULTILINE))

    def build(self, target: Path, search: bool = False, cache: ParseCache | None = None) -> None:
        config, problems = load_config(self.root)
        assert problems == []
        build_site(self.root, config, target, search=search, cache=cache, today=session_day)


def new_project(folder: Path) -> Project:
    shutil.copytree(SAMPLE, folder)
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, folder / name)
    return Project(folder)


EDITS = st.tuples(st.sampled_from(["add", "remove", "facts", "body", "french", "unfrench", "category", "template",
                                   "static", "site"]),
                  st.integers(0, 20), st.text(alphabet="abcdefgh XYZ", min_size=0, max_size=12).map(str.strip))


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=6), st.booleans(), st.booleans())
def test_an_incremental_build_equals_a_clean_build_after_any_edits(tmp_path_factory, edits, search, cached):
    work = tmp_path_factory.mktemp("work")
    project = new_project(work / "project")
    cache: ParseCache | None = {} if cached else None  # serve's: parsed files kept between builds
    project.build(work / "site", search, cache)
    for number, (kind, choice, text) in enumerate(edits):
        project.edit(kind, choice, text)
        project.build(work / "site", search, cache)
        clean = work / f"clean-{number}" / "site"
        project.build(clean, search)
        assert tree(work / "site") == tree(clean), (kind, choice, text)
        shutil.rmtree(clean.parent)


def test_a_round_mentioned_in_a_note_is_linked_once_it_exists(tmp_path):
    """The case from the issue: build without the round, add it back, rebuild."""
    project = new_project(tmp_path / "project")
    with project.draw("254").open("a") as body:
        body.write("\nRound #292 came later.\n")
    project.build(tmp_path / "site")
    assert 'href="/draws/292/"' not in (tmp_path / "site/draws/254/index.html").read_text()
    project.edit("add", 0, "")
    project.build(tmp_path / "site")
    assert '<a href="/draws/292/">#292</a>' in (tmp_path / "site/draws/254/index.html").read_text()


def test_a_change_to_the_generators_code_re_renders_everything(tmp_path, monkeypatch):
    project = new_project(tmp_path / "project")
    project.build(tmp_path / "site")
    package = tmp_path / "package"
    shutil.copytree(outputs.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(outputs, "PACKAGE", package)
    config, _ = load_config(project.root)
    assert build_site(project.root, config, tmp_path / "site", search=False, today=session_day).rendered == 0
    with (package / "text.py").open("a") as code:
        code.write("\n# a changed line of the generator\n")
    result = build_site(project.root, config, tmp_path / "site", search=False, today=session_day)
    assert result.rendered == result.files


def test_two_builds_are_byte_identical_search_included(tmp_path):
    project = new_project(tmp_path / "project")
    config, _ = load_config(project.root)
    build_site(project.root, config, tmp_path / "one", today=session_day)
    build_site(project.root, config, tmp_path / "two", today=session_day)
    first = tree(tmp_path / "one")
    assert any(name.startswith("pagefind/") for name in first)
    assert first == tree(tmp_path / "two")


def test_a_re_indexed_search_equals_a_clean_one(tmp_path):
    project = new_project(tmp_path / "project")
    config, _ = load_config(project.root)
    build_site(project.root, config, tmp_path / "site", today=session_day)
    project.edit("body", 1, "A new sentence to find")
    build_site(project.root, config, tmp_path / "site", today=session_day)
    build_site(project.root, config, tmp_path / "clean", today=session_day)
    assert tree(tmp_path / "site") == tree(tmp_path / "clean")


@pytest.mark.parametrize("kind", ["facts", "body", "template", "site"])
def test_an_edit_renders_only_what_shows_it(tmp_path, kind):
    """Not a time test: a count of files rendered, which must stay small for small edits."""
    project = new_project(tmp_path / "project")
    config, _ = load_config(project.root)
    first = build_site(project.root, config, tmp_path / "site", search=False, today=session_day)
    project.edit(kind, 1, "x")
    config, _ = load_config(project.root)
    rendered = build_site(project.root, config, tmp_path / "site", search=False, today=session_day).rendered
    if kind in ("template", "site"):
        assert rendered == first.files  # the generator changed: everything
    elif kind == "facts":
        assert 0 < rendered < first.files  # the draw, its lists, its neighbours, the feeds and exports
    else:
        assert 0 < rendered <= 12  # in each language the draw's page and feeds (site and category); the exports


# Few leaves, so that two draws often hold the same ones reordered, regrouped or retyped (Markup: a str subclass).
LEAVES = st.sampled_from(["", "a", "b", "ab", "1", 1, 1.0, True, 0, False, None, b"a", b"", Markup("a")])
VALUES = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=3).map(tuple), max_leaves=5)


def typed(value: object) -> object:
    """Equality as the fingerprint must see it: 1, 1.0, True and "1" differ, and so do ("ab", "c") and ("a", "bc")."""
    return tuple(map(typed, value)) if isinstance(value, tuple) else (type(value).__name__, repr(value))


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(VALUES, VALUES)
def test_two_values_share_a_fingerprint_only_when_they_are_the_same(first, second):
    digests = outputs.Digests()
    assert (digests.of(first) == digests.of(second)) == (typed(first) == typed(second))


def test_digests_forget_what_only_they_hold_and_keep_what_outlives_a_page():
    """A worker keeps one memo across runs of pages: the pages' own values must go, shared ones stay."""
    digests = outputs.Digests()
    shared = (("a category", 1), ("its list", 2), 3)
    page = (shared, ("a page's own", 4), 5)
    before = digests.of(page)
    held = {id(value) for value in digests.held()}
    assert {id(shared), id(page)} <= held
    del page
    digests.forget_unheld()
    assert digests.held() == [shared]
    assert digests.of((shared, ("a page's own", 4), 5)) == before
