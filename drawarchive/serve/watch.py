"""serve's watcher: the saves under content/, templates/ and static/, and to site.yml, passed on to the
rebuilds (rebuilds.py) on the server's thread as they happen."""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import watchfiles
from livereload.watcher import Watcher as PollingWatcher
from tornado.ioloop import IOLoop

from drawarchive.serve.rebuilds import Rebuilds


class Watcher(PollingWatcher):  # type: ignore[misc]  # livereload has no type hints
    """Sees a save the moment it happens, through watchfiles (inotify on Linux); livereload's own watcher
    polls every 800 ms, stat'ing every file under content/ on the server's thread each time."""

    QUIET_MS = 20  # changes are passed on once none has come for this long: one save is one batch

    def __init__(self, root: Path, rebuilds: Rebuilds) -> None:
        super().__init__()
        self.root, self.rebuilds = root, rebuilds

    def start(self, callback: object) -> bool:
        """Called by livereload once the server runs; True tells it not to poll."""
        loop, folders = IOLoop.current(), [self.root / name for name in ("content", "templates", "static")]
        watches = (([p for p in folders if p.is_dir()], True, None),  # site.yml is watched through its folder,
                   ([self.root], False, lambda _, path: Path(path).name == "site.yml"))  # as a save replaces it
        for paths, recursive, only in watches:
            threading.Thread(target=self.follow, args=(loop, paths, recursive, only), daemon=True).start()
        return True

    def follow(self, loop: IOLoop, paths: list[Path], recursive: bool, only: Callable[..., bool] | None) -> None:
        """Passes each batch of changes under `paths` to the loop, on the calling thread, until the server
        stops; by polling when the system refuses another inotify watch. (Not `watch`: livereload's
        PollingWatcher calls watch(path) to register a path.)"""
        changes = partial(watchfiles.watch, *paths, watch_filter=only or watchfiles.DefaultFilter(),
                          recursive=recursive, step=self.QUIET_MS, raise_interrupt=False)
        try:
            self._pass_on(loop, changes())
        except OSError as error:  # no inotify watch left, say: polling sees the saves too, later
            print(f"serve: watching by polling ({error})", file=sys.stderr, flush=True)
            self._pass_on(loop, changes(force_polling=True))

    def _pass_on(self, loop: IOLoop, batches: Iterable[set[tuple[watchfiles.Change, str]]]) -> None:
        for changes in batches:
            loop.add_callback(self._changed, [Path(path) for _, path in changes])

    def _changed(self, paths: list[Path]) -> None:
        content = self.root / "content"
        self.rebuilds.changed([path if path.is_relative_to(content) else None for path in paths])
