"""serve's rebuilds: one at a time, on a thread of their own, with the quick path's pages (preview.py)
shown before each; and ServeState, what the server shows meanwhile."""
from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tornado.concurrent import Future
from tornado.ioloop import IOLoop

from drawarchive.config import SiteConfig
from drawarchive.content.files import ParseCache
from drawarchive.content.lock import WorkspaceError
from drawarchive.content.read import read_content
from drawarchive.pages.templates import TemplateFailure
from drawarchive.pipeline.site import InvalidContent, build_site
from drawarchive.serve.preview import Change, Snapshot, content_names, preview, take_snapshot


@dataclass
class ServeState:
    """What the server shows: the last build's problems (shown instead of pages), the quick path's pages
    (preview.py) until a rebuild covers their edit, and what the next quick path starts from."""

    problems: list[str] = field(default_factory=list)
    quick: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # output path -> (edit number, page)
    edits: int = 0
    snapshot: Snapshot | None = None

    def take(self, outcome: Outcome, edits: int) -> None:
        """A rebuild's outcome; it started after edit number `edits`, so it covers the quick pages up to it."""
        self.problems = outcome.problems
        self.snapshot = outcome.snapshot or self.snapshot
        self.quick = {path: page for path, page in self.quick.items() if page[0] > edits}
        print(outcome.report, file=sys.stderr if outcome.problems else sys.stdout, flush=True)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one rebuild gives: its problems, the snapshot the quick path starts from, and its report."""

    problems: list[str]
    snapshot: Snapshot | None
    report: str


def rebuild(root: Path, config: SiteConfig, target: Path, cache: ParseCache, *, search: bool = False,
            previous: Snapshot | None = None) -> Outcome:
    """One build, and the snapshot the quick path starts from. Only the first of serve's builds indexes
    the site for search; later ones keep that index, to stay quick."""
    files = content_names(root)  # before reading: a file added while it reads is then known to be new
    try:
        result = build_site(root, config, target, search=search, cache=cache)
        archive = result.archive or (None if previous else read_content(root, cache=cache)[0])
    except InvalidContent as error:
        problems = [str(p) for p in error.problems]
        return Outcome(problems, None, "\n".join([*problems, f"serve: {len(problems)} problems; showing them in the "
                                                                "browser"]))
    except (TemplateFailure, WorkspaceError) as error:  # a template error must not stop the server either
        return Outcome([str(error)], None, str(error))
    snapshot = take_snapshot(root, config, archive, files, previous) if archive else previous
    return Outcome([], snapshot, result.summary())


class Rebuilds:
    """serve's rebuilds, one at a time on a thread of their own so that pages are served meanwhile; before
    one, the quick path shows an edited draw's pages at once and reloads the browser (see preview.py)."""

    def __init__(self, root: Path, config: SiteConfig, target: Path, state: ServeState,
                 reload: Callable[[], None]) -> None:
        self.root, self.config, self.target, self.state, self.reload = root, config, target, state, reload
        self.cache: ParseCache = {}
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rebuild")
        self.running = self.again = False
        self.changes: list[Change] = []  # what the watcher reported since the snapshot's build began

    def first(self) -> None:
        self.state.take(rebuild(self.root, self.config, self.target, self.cache, search=True), 0)

    def changed(self, changes: list[Change]) -> None:
        """What the watcher saw: the quick path's pages if it can make them, and a rebuild in any case."""
        self.changes += changes
        try:
            self._show_quick_pages()
        finally:
            self.request()

    def _show_quick_pages(self) -> None:
        state = self.state
        if state.snapshot is None or state.problems:
            return
        pages = preview(self.root, self.config, state.snapshot, self.changes)
        if pages:
            state.edits += 1
            state.quick |= {path: (state.edits, page) for path, page in pages.items()}
            self.reload()

    def request(self) -> None:
        """Runs a rebuild now, or once the running one ends: edits made while it read may not be in it."""
        if self.running:
            self.again = True
            return
        self.running, edits, seen, loop = True, self.state.edits, len(self.changes), IOLoop.current()
        work = partial(rebuild, self.root, self.config, self.target, self.cache, previous=self.state.snapshot)
        loop.add_future(loop.run_in_executor(self.executor, work), partial(self._done, edits=edits, seen=seen))

    def _done(self, future: Future[Outcome], edits: int, seen: int) -> None:
        """The build began after edit number `edits`, and after the first `seen` of the watcher's changes."""
        self.running = False
        try:
            outcome = future.result()
            self.state.take(outcome, edits)
            if not outcome.problems:  # its snapshot is the quick path's now
                self.changes = self.changes[seen:]
        finally:
            self.reload()
            if self.again:
                self.again = False
                self.request()
