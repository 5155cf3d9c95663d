"""`build.py build`: read everything, plan every output, then write the site atomically.

The new site is written into a staging folder beside site/ and exchanged with site/ in one
step once every file is written, so site/ exists and is whole at every moment. Files whose
fingerprint is unchanged since the last build are hard-linked, not re-rendered. A lock keeps
two builds of one site apart, and each build first clears what a killed one left behind.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2

from .config import SiteConfig
from .content import read_content
from .exports import plan_exports
from .feeds import plan_feeds
from .i18n import ALL
from .localize import localize
from .model import Archive
from .options import Problem
from .outputs import Digests, Output, Planned, content_digest, generator_digest
from .pages import Page, plan_pages
from .render import make_environment, render_page
from .search import SEARCH_DIR, bundle, keep_search_index, plan_shards, shard_of, update_search
from .source import ParseCache
from .workers import in_workers, render_outputs, run_of
from .workspace import Workspace, link_or_copy

__all__ = ["BuildResult", "InvalidContent", "build_site", "plan_site", "render_html"]


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

    def summary(self) -> str:
        return (f"build: {self.pages} pages, {self.feeds} feeds, {self.files} files in {self.seconds:.2f} s "
                f"({self.rendered} rendered, {self.files - self.rendered} unchanged)")


def build_site(root: Path, config: SiteConfig, target: Path | None = None, *, search: bool = True,
               cache: ParseCache | None = None, today: Callable[[], date] = date.today) -> BuildResult:
    """The whole build: read and model everything first, then render only what changed.

    When nothing it reads has changed since the last build (content, generator, date) and site/
    is whole, it stops there. Search shards are re-indexed only when one of their pages changed;
    search=False keeps the previous index as it is (serve's rebuilds, where re-indexing would cost
    seconds); a cache keeps parsed files between builds in one process (serve again).
    """
    started = time.perf_counter()
    generator = generator_digest(root / "templates", root / "static", config=config)
    inputs = content_digest(root / "content", today().isoformat(), str(search), generator)
    with Workspace(target or root / "site") as workspace:
        state = workspace.load_state()
        if state.get("inputs") == inputs and _whole(workspace.target, state["files"]):
            pages, feeds, count = state["counts"]
            return BuildResult(pages, feeds, count, 0, time.perf_counter() - started)
        archive, problems = read_content(root, today, cache=cache)
        if problems:
            raise InvalidContent(problems)
        outputs, previous = plan_site(archive, config, root, generator), state.get("files", {})
        shards = plan_shards({o.path: (o.shard, o.inputs) for o in outputs if o.shard is not None})
        if search:
            finish = partial(update_search, shards=shards, previous=previous, old_site=workspace.target)
            indexed = {bundle(s.name): s.fingerprint for s in shards}
        else:  # the index is carried over as it is, and so is what the state said of it
            finish = partial(keep_search_index, workspace.target)
            indexed = {path: made for path, made in previous.items() if path.startswith(f"{SEARCH_DIR}/")}
        rendered = write_outputs(outputs, workspace, previous, finish)
        counts = (sum(o.path.endswith(".html") for o in outputs),
                  sum(o.path.endswith((".atom.xml", ".rss.xml")) for o in outputs), len(outputs))
        files = {o.path: o.inputs for o in outputs} | indexed
        workspace.save_state({"files": files, "inputs": inputs, "counts": counts})
    return BuildResult(*counts, rendered, time.perf_counter() - started, archive)


def _whole(site: Path, files: dict[str, str]) -> bool:
    return all((site / path).exists() for path in files)


def plan_site(archive: Archive, config: SiteConfig, root: Path, generator: str | None = None) -> list[Output]:
    """Every file of the site, each with the fingerprint of the one value it is made from (and of
    `generator`, the generator digest of root's templates and static files, computed when not given)."""
    templates, static = root / "templates", root / "static"
    planned: list[Planned] = []
    for t in ALL:  # every page and feed in each language; the data files once
        localized = localize(archive, t.lang)
        render = partial(render_html, env=make_environment(templates, config, t), config=config)
        planned += [Planned(page.output, page, render, _shard(page, archive), f"{page.meta.kind}/{page.meta.key}")
                    for page in plan_pages(localized, config, t)]
        planned += plan_feeds(localized, config, t)
    planned += plan_exports(archive, config) + plan_static(static)
    planned += [plan_sitemap(planned, config), plan_robots(config)]
    inputs = fingerprints(planned, generator or generator_digest(templates, static, config=config))
    # A bound method, not a partial: partial(partial(f, **kw), value) copies kw into a dict per file.
    return [Output(p.path, made, p.made, p.shard, p.group)
            for p, made in zip(planned, inputs, strict=True)]


def fingerprints(planned: list[Planned], generator: str) -> list[str]:
    """Each file's fingerprint, worked out on every core. Most of the work is digesting the values
    pages share (draws, rows), once per worker, so each takes a run of files: one language's pages
    mostly share with each other. Its memory, the digests remembered, is then the workers'."""
    def run(share: int, shares: int) -> list[str]:
        digests = Digests()
        return [digests.fingerprint(generator, p.path, p.value) for p in run_of(planned, share, shares)]

    return [made for run_of in in_workers(run, len(planned)) for made in run_of]


def _shard(page: Page, archive: Archive) -> str | None:
    meta = page.meta
    return shard_of(meta.kind, meta.key, meta.lang, len(archive.draws)) if meta.searchable else None


def render_html(page: Page, env: jinja2.Environment, config: SiteConfig) -> bytes:
    return render_page(env, page.template, page.context(config))


def plan_static(folder: Path) -> list[Planned]:
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return [Planned("static/" + p.relative_to(folder).as_posix(), p.read_bytes(), bytes) for p in files]


def plan_sitemap(planned: list[Planned], config: SiteConfig) -> Planned:
    pages = tuple(sorted(p.path[: -len("index.html")] for p in planned if p.path.endswith("index.html")))

    def render(pages: tuple[str, ...]) -> bytes:
        urls = "".join(f"<url><loc>{escape(config.absolute(p))}</loc></url>\n" for p in pages)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">\n{urls}</urlset>\n').encode()

    return Planned("sitemap.xml", pages, render)


def plan_robots(config: SiteConfig) -> Planned:
    text = f"User-agent: *\nAllow: /\nSitemap: {config.absolute('sitemap.xml')}\n"
    return Planned("robots.txt", text, str.encode)


def write_outputs(outputs: list[Output], workspace: Workspace, previous: dict[str, str],
                  finish: Callable[[Path], None]) -> int:
    """Writes every output into the staging folder, finishes it, and swaps it in; returns how many were rendered."""
    staging = workspace.stage([o.path for o in outputs])
    changed = []
    for output in outputs:
        old = workspace.target / output.path
        if previous.get(output.path) == output.inputs and old.is_file():
            link_or_copy(old, staging / output.path)
        else:
            changed.append(output)
    render_outputs(changed, staging)
    finish(staging)
    workspace.swap()
    return len(changed)

