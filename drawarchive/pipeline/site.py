"""`build.py build`: read and model everything, then plan and write the site a batch of files
at a time, atomically.

Only a few pages' values are held at once: the draws' pages are planned by the workers that
write them, a run of draws at a time, so the build's memory grows little beyond the model itself. The new site is
written into a staging folder beside site/ and exchanged with site/ in one step once every file
is written, so site/ exists and is whole at every moment. Files whose fingerprint is unchanged
since the last build are hard-linked, not re-rendered. A lock keeps two builds of one site
apart, and each build first clears what a killed one left behind.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from drawarchive.config import SiteConfig
from drawarchive.content.files import ParseCache
from drawarchive.content.lock import STATE, content_lock
from drawarchive.content.read import read_content
from drawarchive.languages.localize import localize
from drawarchive.languages.registry import activate
from drawarchive.languages.texts import every
from drawarchive.model import Archive, Checked
from drawarchive.model.validation import Problem
from drawarchive.model.views import silence
from drawarchive.pages.all import KINDS
from drawarchive.pages.kind import Kind, Page, Planned, Record, Site
from drawarchive.pages.templates import compile_templates, make_environment, render_page
from drawarchive.pages.urls import SEARCH_DIR, bundle, page
from drawarchive.pipeline.changes import Inputs, Seen, load_seen, seen, split_digests, to_plan
from drawarchive.pipeline.outputs import content_digest, generator_digest
from drawarchive.pipeline.search import keep_search_index, plan_shards, update_search
from drawarchive.pipeline.workspace import Workspace
from drawarchive.pipeline.writer import Writer, Written

__all__ = ["BuildResult", "InvalidContent", "build_site", "render_html", "write_site"]

Render = Callable[[Page], bytes]
INDEXING = "index search"  # the stage the summary names: what Pagefind costs is worth knowing


class InvalidContent(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    feeds: int
    files: int
    rendered: int
    seconds: float
    archive: Archive | None = field(default=None, repr=False, compare=False)  # None: nothing was read
    stages: tuple[tuple[str, float], ...] = field(default=(), compare=False)  # seconds per stage, in order

    def summary(self) -> str:
        search = dict(self.stages).get(INDEXING)
        return (f"build: {self.pages} pages, {self.feeds} feeds, {self.files} files in {self.seconds:.2f} s "
                f"({self.rendered} rendered, {self.files - self.rendered} unchanged"
                + (f"; {search:.2f} s indexing search)" if search is not None else ")"))


def build_site(root: Path, config: SiteConfig, target: Path | None = None, *, search: bool = True,
               cache: ParseCache | None = None, today: Callable[[], date] = date.today,
               live: Checked | None = None) -> BuildResult:
    """The whole build, stage by stage: read content/ into the model, plan what an edit can reach, write
    only the files whose fingerprints changed, index search, and replace site/ in one step.

    When nothing it reads has changed since the last build (content, generator, date, `live`: the
    deploy's check of IRCC's data) and site/ is whole, it stops after reading. search=False keeps the
    previous index as it is (serve's rebuilds); a cache keeps parsed files between builds (serve again)."""
    laps = Laps()
    activate(config.languages)
    generator = generator_digest(root, config)
    with Workspace(target or root / "site") as workspace:
        read = _read(root, workspace, laps, (today, cache), (str(search), generator, today().isoformat(), repr(live)))
        if isinstance(read, BuildResult):
            return read
        plan = _plan(read, workspace, config, root, generator, live)
        written = _write(plan.sites, Writer(workspace, read.previous, generator), laps, plan.only)
        indexed = _index(workspace, written, _records(plan.sites) if search else [], read.previous, search,
                         generator, laps)
        counts = _replace(workspace, read, plan, written, indexed)
    stages = laps.mark("replace site")
    return BuildResult(*counts, sum(w.rendered for w in written), laps.total(), read.archive, stages)


@dataclass(frozen=True, slots=True)
class Read:
    """What the read stage found: content/'s digests, the last build's state, and the model."""

    inputs: Inputs
    state: dict[str, Any]
    archive: Archive

    @property
    def previous(self) -> dict[str, str]:
        files: dict[str, str] = self.state.get("files", {})
        return files


@dataclass(frozen=True, slots=True)
class Plan:
    """The archive as each language shows it, which draws' pages to plan again, and what the state keeps."""

    sites: list[Site]
    only: frozenset[str] | None  # None: every draw's pages
    draws: dict[str, Seen]
    quiet: list[object] | None  # the silence after the latest draw, as the pages that warn of it state it


def _read(root: Path, workspace: Workspace, laps: Laps, reading: tuple[Callable[[], date], ParseCache | None],
          context: tuple[str, ...]) -> Read | BuildResult:
    """content/ under a reader's lock (never a writer's half-made change), or the last build's result when
    nothing it reads has changed and site/ is whole."""
    with content_lock(root, write=False, who="build"):
        inputs = _inputs(root / "content", *context)
        state = workspace.load_state()
        if state.get("inputs") == inputs.whole and _whole(workspace.target, state["files"]):
            pages, feeds, count = state["counts"]
            stages = laps.mark("unchanged")  # before the total, so that the stage never exceeds it
            return BuildResult(pages, feeds, count, 0, laps.total(), stages=stages)
        laps.mark("compare inputs")
        archive, problems = read_content(root, reading[0], cache=reading[1])
    laps.mark("read content")
    if problems:
        raise InvalidContent(problems)
    return Read(inputs, state, archive)


def _plan(read: Read, workspace: Workspace, config: SiteConfig, root: Path, generator: str,
          live: Checked | None) -> Plan:
    workspace.stage()
    draws = seen(read.archive, read.inputs, load_seen(read.state.get("draws")))
    quiet = _silence(read.archive)
    sites = _sites(replace(read.archive, live=live), config, root, generator)
    return Plan(sites, _only(read.state, draws, read.inputs.shared, quiet), draws, quiet)


def _replace(workspace: Workspace, read: Read, plan: Plan, written: list[Written],
             indexed: dict[str, str]) -> tuple[int, int, int]:
    """site/ exchanged for the staging folder in one step, then the state the next build compares with."""
    workspace.swap()
    counts = (sum(w.path.endswith(".html") for w in written),
              sum(w.path.endswith((".atom.xml", ".rss.xml")) for w in written), len(written))
    workspace.save_state({"files": {w.path: w.inputs for w in written} | indexed, "inputs": read.inputs.whole,
                          "counts": counts, "shared": read.inputs.shared, "silence": plan.quiet,
                          "draws": {path: d.saved() for path, d in plan.draws.items()}})
    return counts


def _only(state: dict[str, Any], draws: dict[str, Seen], shared: str,
          quiet: list[object] | None) -> frozenset[str] | None:
    """The draws whose pages can show what changed; None (every page) when anything else changed, the
    silence after the latest draw included: the pages that state a latest draw warn by it."""
    if (state.get("shared"), state.get("silence")) != (shared, quiet):
        return None
    return to_plan(load_seen(state.get("draws")), draws)


def _silence(archive: Archive) -> list[object] | None:
    found = silence(archive.rows)
    return [found.since.isoformat(), found.longest_gap] if found else None


def _inputs(content: Path, search: str, generator: str, *shown: str) -> Inputs:
    """What the build reads: the whole content (with whether search is on, the generator and what else
    pages show: the day and the deploy's check of IRCC's data), and apart, each draw's files and all else."""
    parts: dict[str, bytes] = {}
    whole = content_digest(content, search, generator, *shown, parts=parts)
    return split_digests(parts, whole, content, (generator, *shown))


def _write(sites: list[Site], writer: Writer, laps: Laps, only: frozenset[str] | None) -> list[Written]:
    gc.freeze()  # the model lives to the end: collections would walk it again after every batch
    try:
        return write_site(sites, writer, only)
    finally:
        gc.unfreeze()
        laps.mark("write files")


def _records(sites: list[Site]) -> list[Record]:
    """People's words, as search records, from every kind that has them, in every language."""
    return [record for kind in KINDS if kind.records
            for site in _sites_of(kind, sites) for record in kind.records(site)]


def _index(workspace: Workspace, written: list[Written], records: list[Record], previous: dict[str, str],
           search: bool, generator: str, laps: Laps) -> dict[str, str]:
    """The search index's files and their fingerprints: re-indexed where a shard's pages changed, or, with
    search off, carried over as they are, with what the state said of them."""
    assert workspace.staging is not None
    if search:
        shards = plan_shards({w.path: (w.shard, w.inputs) for w in written if w.shard is not None}, records,
                             generator)
        update_search(workspace.staging, shards, previous, workspace.target, {w.path for w in written if w.rendered})
        indexed = {bundle(s.name): s.fingerprint for s in shards}
    else:
        keep_search_index(workspace.target, workspace.staging)
        indexed = {path: made for path, made in previous.items() if path.startswith(f"{SEARCH_DIR}/")}
    laps.mark(INDEXING if search else "carry search over")
    return indexed


class Laps:
    """How long each stage of a build took (benchmarks/build_benchmark.py prints them)."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.stages: list[tuple[str, float]] = []

    def mark(self, stage: str) -> tuple[tuple[str, float], ...]:
        """Ends a stage; gives every stage so far."""
        now = time.perf_counter()
        self.stages.append((stage, now - self.last))
        self.last = now
        return tuple(self.stages)

    def total(self) -> float:
        return time.perf_counter() - self.started


def _whole(site: Path, files: dict[str, str]) -> bool:
    return all((site / path).exists() for path in files)


DRAWS_PER_RUN = 250  # the draws a worker plans and writes before it lets their pages' values go


def _sites(archive: Archive, config: SiteConfig, root: Path, generator: str) -> list[Site]:
    """The archive as each language shows it, with how its pages are rendered."""
    return [Site(localize(archive, t.lang), config, t, partial(render_html, env=compile_templates(
        make_environment(root / "templates", config, t, root / STATE / "templates" / f"{generator[:16]}-{t.lang}")),
        config=config), root) for t in every()]


def write_site(sites: list[Site], writer: Writer, only: frozenset[str] | None = None) -> list[Written]:
    """Every file of the site, planned kind by kind (pages/all.py) and written a batch at a time, so that
    the values of only a few pages are held at once: each language's pages but the draws', its feeds, the
    data files and the static files; then the draws' pages, planned by the workers that write them, a
    run of draws at a time (`only` these draws', when the others' pages are carried over as they are); then
    the sitemap of every page."""
    now = [kind for kind in KINDS if not kind.by_run and "pages" not in kind.reads]
    written = writer.write([planned for kind in now for site in _sites_of(kind, sites) for planned in kind.plan(site)])
    for kind in (kind for kind in KINDS if kind.by_run):
        written += _write_draws(kind, _sites_of(kind, sites), writer, only)
    pages = tuple(sorted(w.path[: -len("index.html")] for w in written if w.path.endswith("index.html")))
    last = [kind for kind in KINDS if "pages" in kind.reads]
    return written + writer.write([planned for kind in last for site in _sites_of(kind, sites)
                                   for planned in kind.plan(site.but(pages=pages))])


def _write_draws(kind: Kind, sites: list[Site], writer: Writer, only: frozenset[str] | None) -> list[Written]:
    """A kind planned a run of draws at a time: every run, or only those with a draw to plan, the other
    draws' files carried over (a file the last build did not leave is planned, whatever `only` says)."""
    draws = sites[0].archive.draws
    if only is not None:
        paths = {(d.label, s.t.lang): page(kind.name, d.label, s.t.lang) + "index.html" for d in draws for s in sites}
        only = only | {label for (label, _), path in paths.items() if not writer.has(path)}
        carried = [path for (label, _), path in paths.items() if label not in only]
    runs = range(0, len(draws), DRAWS_PER_RUN) if only is None else sorted(
        {i - i % DRAWS_PER_RUN for i, d in enumerate(draws) if d.label in only})
    written = writer.write_runs(runs, partial(_plan_run, kind, [s.but(only=only) for s in sites]),
                                files=len(draws) * len(sites) if only is None else len(only) * len(sites))
    return written + (writer.carry(carried) if only is not None else [])


def _sites_of(kind: Kind, sites: list[Site]) -> list[Site]:
    """A kind plans in every language, or once, in the source language."""
    return sites if kind.per_language else sites[:1]


def _plan_run(kind: Kind, sites: list[Site], start: int) -> list[Planned]:
    """A run of draws' files, in each language: a worker's share."""
    run = slice(start, start + DRAWS_PER_RUN)
    return [planned for site in _sites_of(kind, sites) for planned in kind.plan(site.but(draws=run))]


def render_html(page: Page, env: jinja2.Environment, config: SiteConfig) -> bytes:
    return render_page(env, page.template, page.context(config))
