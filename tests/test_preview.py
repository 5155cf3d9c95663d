"""serve's quick path (preview.py): the pages of an edited draw, made before the rebuild, are the pages
the rebuild then writes, byte for byte; any other change makes none and waits for the rebuild."""
from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import EDITS, Project, new_project

from drawarchive.config import load_config
from drawarchive.content.files import ParseCache
from drawarchive.languages.texts import every
from drawarchive.pages.urls import page
from drawarchive.serve.preview import preview
from drawarchive.serve.rebuilds import rebuild


def draw_pages(label: str) -> set[str]:
    return {page("draw", label, t.lang) + "index.html" for t in every()}


def stamps(root: Path) -> dict[Path, tuple[int, int]]:
    """What a watcher watches (content/, templates/, static/, site.yml), each file's mtime and size."""
    files = [p for name in ("content", "templates", "static") for p in (root / name).rglob("*")] + [root / "site.yml"]
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file()}


class Served:
    """A project as serve keeps it: the parse cache, the snapshot of its last build, and the changes a
    watcher has reported since that build began."""

    def __init__(self, project: Project) -> None:
        self.project, self.cache, self.snapshot = project, ParseCache(), None
        self.rebuild()

    def rebuild(self):  # type: ignore[no-untyped-def]
        config, _ = load_config(self.project.root)
        outcome = rebuild(self.project.root, config, self.project.root / "site", self.cache, previous=self.snapshot)
        self.snapshot, self.seen, self.changes = outcome.snapshot or self.snapshot, stamps(self.project.root), []
        return outcome

    def preview(self) -> dict[str, bytes]:
        """The quick pages, after a watcher reports what changed since the last look."""
        now, content = stamps(self.project.root), self.project.root / "content"
        self.changes += [p if p.is_relative_to(content) else None
                         for p in set(now) | set(self.seen) if now.get(p) != self.seen.get(p)]
        self.seen = now
        config, _ = load_config(self.project.root)
        assert self.snapshot is not None
        return preview(self.project.root, config, self.snapshot, self.changes)

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


def test_files_the_reader_reads_wait_for_the_rebuild_and_others_do_not(tmp_path):
    served = Served(new_project(tmp_path / "project"))
    draw = served.project.draw("260")
    draw.write_text(draw.read_text() + "\nEdited.\n")
    (draw.parent / ".260.md.swp").write_text("an editor's")  # not read: no reason to wait
    assert set(served.preview()) == draw_pages("260")
    (draw.parent / "261.MD").write_text("refused by the reader")
    assert served.preview() == {}
    served.rebuild()
    draw.write_text(draw.read_text() + "\nEdited again.\n")
    (served.project.root / "content/categories/stem.fr.md").unlink()  # gone: the French texts change
    assert served.preview() == {}
