"""serve's quick path (preview.py): the pages of an edited draw, made before the rebuild, are the pages
the rebuild then writes, byte for byte; any other change makes none and waits for the rebuild."""
from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import EDITS, Project, new_project

from drawarchive.config import load_config
from drawarchive.i18n import ALL
from drawarchive.paths import page
from drawarchive.preview import preview
from drawarchive.serve import rebuild
from drawarchive.source import ParseCache


def draw_pages(label: str) -> set[str]:
    return {page("draw", label, t.lang) + "index.html" for t in ALL}


class Served:
    """A project as serve keeps it: the parse cache and the snapshot of its last build."""

    def __init__(self, project: Project) -> None:
        self.project, self.cache = project, ParseCache()
        self.snapshot = self.rebuild().snapshot

    def rebuild(self):  # type: ignore[no-untyped-def]
        config, _ = load_config(self.project.root)
        outcome = rebuild(self.project.root, config, self.project.root / "site", self.cache,
                          previous=getattr(self, "snapshot", None))
        self.snapshot = outcome.snapshot or self.snapshot
        return outcome

    def preview(self) -> dict[str, bytes]:
        config, _ = load_config(self.project.root)
        assert self.snapshot is not None
        return preview(self.project.root, config, self.snapshot)

    def built(self, path: str) -> bytes:
        return (self.project.root / "site" / path).read_bytes()


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=5))
def test_the_quick_pages_are_the_rebuilds_pages_and_only_an_edited_draw_has_them(tmp_path_factory, edits):
    served = Served(new_project(tmp_path_factory.mktemp("work") / "project"))
    for kind, choice, text in edits:
        labels = served.project.labels()
        served.project.edit(kind, choice, text)
        pages = served.preview()
        assert served.rebuild().problems == []
        if kind in ("facts", "body"):  # an existing draw, edited in place
            assert set(pages) == draw_pages(labels[choice % len(labels)]), (kind, choice)
        else:
            assert pages == {}, (kind, choice, text)
        for path, body in pages.items():
            assert body == served.built(path), path
    shutil.rmtree(served.project.root)


def test_a_draw_that_moves_or_turns_unsound_waits_for_the_rebuild(tmp_path):
    served = Served(new_project(tmp_path / "project"))
    draw = served.project.draw("260")
    original = draw.read_text()
    draw.write_text(original.replace("crs: ", "crs: 9", 1))  # too high: the rebuild reports it
    assert served.preview() == {}
    draw.write_text(original.replace("2023-08-02", "2023-06-01"))  # now before #250 and #254
    assert served.preview() == {}  # other neighbours: the rebuild replans their pages too
    draw.write_text(original.replace("\n---\n", "\nnotes: [A note.]\n---\n", 1))
    assert set(served.preview()) == draw_pages("260")


def test_a_new_file_anywhere_under_content_waits_for_the_rebuild(tmp_path):
    served = Served(new_project(tmp_path / "project"))
    draw = served.project.draw("260")
    draw.write_text(draw.read_text() + "\nEdited.\n")
    assert set(served.preview()) == draw_pages("260")
    (draw.parent / "notes.txt").write_text("not content")
    assert served.preview() == {}
