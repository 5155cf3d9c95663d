"""Writing the site's files into the staging folder, on every core.

Each file is fingerprinted where it is written: it is rendered, or hard-linked from the last
build when its fingerprint is unchanged. The build process keeps only what it needs of a file
once it is written (`Written`), so the values of only a few pages are held at once.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from drawarchive.content.workers import by_groups, in_workers
from drawarchive.pages.kind import Planned
from drawarchive.pipeline.outputs import Digests
from drawarchive.pipeline.workspace import Workspace, check_paths, link_or_copy


@dataclass(frozen=True, slots=True)
class Written:
    """What a build keeps of a file once it is written."""

    path: str
    inputs: str  # its fingerprint
    shard: str | None
    rendered: bool  # or hard-linked from the last build, unchanged


class Writer:
    def __init__(self, workspace: Workspace, previous: dict[str, str], generator: str) -> None:
        assert workspace.staging is not None
        self.workspace, self.previous, self.generator = workspace, previous, generator
        self.staging, self.old = workspace.staging, workspace.target

    def write(self, planned: list[Planned]) -> list[Written]:
        """Files planned by this process, shared out between the workers."""
        self.workspace.make_folders(p.path for p in planned)
        return by_groups(planned, operator.attrgetter("group"), self._write_all)

    def write_runs(self, runs: Sequence[int], plan: Callable[[int], list[Planned]], files: int) -> list[Written]:
        """The files of `plan(run)` for each run (`files` in all), planned by the workers that write
        them: each takes every so many runs, and lets a run's values go once it is written."""
        def write_share(share: int, shares: int) -> list[Written]:
            written: list[Written] = []
            digests = Digests()
            for run in runs[share::shares]:
                planned = plan(run)
                # A run's paths are checked before anything is written, and against all others after.
                for folder in sorted(check_paths(p.path for p in planned)):
                    (self.staging / folder).mkdir(exist_ok=True)
                written += self._write_all(planned, digests)
                del planned
                digests.forget_unheld()
            return written

        written = [w for share in in_workers(write_share, files) for w in share]
        self.workspace.register(w.path for w in written)
        return written

    def has(self, path: str) -> bool:
        """Whether the last build left this file, with its fingerprint."""
        return path in self.previous and (self.old / path).is_file()

    def carry(self, paths: list[str]) -> list[Written]:
        """Files not planned this time, as the last build left them (each `has`)."""
        self.workspace.make_folders(paths)
        for path in paths:
            link_or_copy(self.old / path, self.staging / path)
        return [Written(path, self.previous[path], None, rendered=False) for path in paths]

    def _write_all(self, planned: list[Planned], digests: Digests | None = None) -> list[Written]:
        digests = digests or Digests()  # what the files have in common (a category, the feeds) is digested once
        return [self._write(p, digests.fingerprint(self.generator, p.path, p.value)) for p in planned]

    def _write(self, planned: Planned, inputs: str) -> Written:
        old, new = self.old / planned.path, self.staging / planned.path
        if self.previous.get(planned.path) == inputs and old.is_file():
            link_or_copy(old, new)
            return Written(planned.path, inputs, planned.shard, rendered=False)
        made = planned.make(planned.value)
        with open(new, "wb") as handle:
            handle.write(made) if isinstance(made, bytes) else handle.writelines(made)
        return Written(planned.path, inputs, planned.shard, rendered=True)
