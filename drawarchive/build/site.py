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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2

from drawarchive.build.outputs import Planned, content_digest, generator_digest
from drawarchive.build.search import SEARCH_DIR, bundle, keep_search_index, plan_shards, shard_of, update_search
from drawarchive.build.workspace import Workspace
from drawarchive.build.writer import Writer, Written
from drawarchive.config import SiteConfig
from drawarchive.content.files import ParseCache
from drawarchive.content.lock import content_lock
from drawarchive.content.read import read_content
from drawarchive.languages.localize import localize
from drawarchive.languages.registry import activate
from drawarchive.languages.texts import every
from drawarchive.model import Archive
from drawarchive.model.options import Problem
from drawarchive.pages.exports import plan_exports
from drawarchive.pages.feeds import plan_feeds
from drawarchive.pages.plan import SITE_PLANS, Page, Planner, plan_draws
from drawarchive.render.templates import compile_templates, make_environment, render_page

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
               cache: ParseCache | None = None, today: Callable[[], date] = date.today) -> BuildResult:
    """The whole build: read and model everything first, then render only what changed.

    When nothing it reads has changed since the last build (content, generator, date) and site/
    is whole, it stops there. Search shards are re-indexed only when one of their pages changed;
    search=False keeps the previous index as it is (serve's rebuilds, where re-indexing would cost
    seconds); a cache keeps parsed files between builds in one process (serve again).
    """
    laps = Laps()
    activate(config.languages)
    generator = generator_digest(root, config)
    with Workspace(target or root / "site") as workspace:
        with content_lock(root, write=False, who="build"):  # never a writer's half-made change
            inputs = content_digest(root / "content", today().isoformat(), str(search), generator)
            state = workspace.load_state()
            if state.get("inputs") == inputs and _whole(workspace.target, state["files"]):
                pages, feeds, count = state["counts"]
                stages = laps.mark("unchanged")
                return BuildResult(pages, feeds, count, 0, laps.total(), stages=stages)
            laps.mark("compare inputs")
            archive, problems = read_content(root, today, cache=cache)
        laps.mark("read content")
        if problems:
            raise InvalidContent(problems)
        previous, staging = state.get("files", {}), workspace.stage()
        gc.freeze()  # the model lives to the end: collections would walk it again after every batch
        try:
            written = write_site(archive, config, root, Writer(workspace, previous, generator))
        finally:
            gc.unfreeze()
        laps.mark("write files")
        shards = plan_shards({w.path: (w.shard, w.inputs) for w in written if w.shard is not None})
        if search:
            update_search(staging, shards, previous, workspace.target)
            indexed = {bundle(s.name): s.fingerprint for s in shards}
        else:  # the index is carried over as it is, and so is what the state said of it
            keep_search_index(workspace.target, staging)
            indexed = {path: made for path, made in previous.items() if path.startswith(f"{SEARCH_DIR}/")}
        laps.mark(INDEXING if search else "carry search over")
        workspace.swap()
        counts = (sum(w.path.endswith(".html") for w in written),
                  sum(w.path.endswith((".atom.xml", ".rss.xml")) for w in written), len(written))
        files = {w.path: w.inputs for w in written} | indexed
        workspace.save_state({"files": files, "inputs": inputs, "counts": counts})
    stages = laps.mark("replace site")
    return BuildResult(*counts, sum(w.rendered for w in written), laps.total(), archive, stages)


class Laps:
    """How long each stage of a build took (benchmarks/build_stages.py prints them)."""

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


def write_site(archive: Archive, config: SiteConfig, root: Path, writer: Writer) -> list[Written]:
    """Every file of the site, planned and written a batch at a time, so that the values of only a
    few pages are held at once: each language's pages but the draws', its feeds, and the data files;
    the draws' pages, planned by the workers that write them; the static files; then the sitemap."""
    templates, static = root / "templates", root / "static"
    languages = [(Planner(localize(archive, t.lang), config, t),
                  partial(render_html, env=compile_templates(make_environment(templates, config, t)), config=config))
                 for t in every()]
    written = writer.write(plan_site_pages(archive, config, languages) + plan_exports(archive, config))
    written += writer.write_runs(range(0, len(archive.draws), DRAWS_PER_RUN),
                                 partial(plan_draw_pages, archive=archive, languages=languages),
                                 files=len(archive.draws) * len(languages))
    written += writer.write([*plan_static(static), plan_robots(config)])
    pages = sorted(w.path[: -len("index.html")] for w in written if w.path.endswith("index.html"))
    return written + writer.write([plan_sitemap(tuple(pages), config)])


def plan_site_pages(archive: Archive, config: SiteConfig, languages: Sequence[tuple[Planner, Render]]) -> list[Planned]:
    """Each language's pages but the draws', and its feeds."""
    planned: list[Planned] = []
    for planner, render in languages:
        for plan in SITE_PLANS:
            plan(planner)
        planned += _planned(planner, render, archive) + plan_feeds(planner.archive, config, planner.t)
    return planned


def plan_draw_pages(start: int, archive: Archive, languages: Sequence[tuple[Planner, Render]]) -> list[Planned]:
    """The pages of a run of draws, in each language."""
    planned: list[Planned] = []
    for planner, render in languages:
        plan_draws(planner, slice(start, start + DRAWS_PER_RUN))
        planned += _planned(planner, render, archive)
    return planned


def _planned(planner: Planner, render: Render, archive: Archive) -> list[Planned]:
    return [Planned(page.output, page, render, _shard(page, archive), f"{page.meta.kind}/{page.meta.key}")
            for page in planner.take()]


def _shard(page: Page, archive: Archive) -> str | None:
    meta = page.meta
    return shard_of(meta.kind, meta.key, meta.lang, len(archive.draws)) if meta.searchable else None


def render_html(page: Page, env: jinja2.Environment, config: SiteConfig) -> bytes:
    return render_page(env, page.template, page.context(config))


def plan_static(folder: Path) -> list[Planned]:
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return [Planned("static/" + p.relative_to(folder).as_posix(), p.read_bytes(), bytes) for p in files]


def plan_sitemap(pages: tuple[str, ...], config: SiteConfig) -> Planned:
    """The sitemap of every page, given by its folder."""
    def render(pages: tuple[str, ...]) -> bytes:
        urls = "".join(f"<url><loc>{escape(config.absolute(p))}</loc></url>\n" for p in pages)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">\n{urls}</urlset>\n').encode()

    return Planned("sitemap.xml", pages, render)


def plan_robots(config: SiteConfig) -> Planned:
    text = f"User-agent: *\nAllow: /\nSitemap: {config.absolute('sitemap.xml')}\n"
    return Planned("robots.txt", text, str.encode)
