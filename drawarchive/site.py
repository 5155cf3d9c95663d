"""`build.py build`: read everything, plan every output, then write the site atomically.

The new site is written into a temporary folder beside site/ and swapped in only when
every file is written, so a failed or interrupted build leaves the previous site intact.
Files whose inputs are unchanged since the last build are hard-linked, not re-rendered.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .config import SiteConfig
from .content import read_content
from .exports import plan_exports
from .feeds import plan_feeds
from .model import Archive
from .options import Problem
from .outputs import Output, fingerprint
from .pages import plan_pages
from .render import make_environment, templates_digest
from .source import ParseCache

SEARCH_DIR = "pagefind"


class InvalidContent(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class BuildResult:
    pages: int
    feeds: int
    files: int
    rendered: int
    seconds: float

    def summary(self) -> str:
        return (f"build: {self.pages} pages, {self.feeds} feeds, {self.files} files in {self.seconds:.2f} s "
                f"({self.rendered} rendered, {self.files - self.rendered} unchanged)")


def build_site(root: Path, config: SiteConfig, target: Path | None = None, *, search: bool = True,
               cache: ParseCache | None = None) -> BuildResult:
    """The whole build: read and model everything first, then render only what changed.

    The search index is rebuilt only when a page changed; search=False always keeps the previous one
    (serve's rebuilds, where re-indexing every page would cost seconds);
    a cache keeps parsed files between builds in one process (serve again).
    """
    started = time.perf_counter()
    archive, problems = read_content(root, cache=cache)
    if problems:
        raise InvalidContent(problems)
    outputs = plan_site(archive, config, root)
    target = target or root / "site"
    previous = load_state(target)
    planned = {o.path: o.inputs for o in outputs}
    pages_changed = any(path.endswith(".html") and previous.get(path) != inputs for path, inputs in planned.items())
    pages_changed |= any(path.endswith(".html") and path not in planned for path in previous)
    reindex = search and (pages_changed or not (target / SEARCH_DIR).is_dir())
    finish = index_search if reindex else lambda staging: keep_search_index(target, staging)
    rendered = write_site(outputs, target, previous, finish=finish)
    save_state(target, planned)
    pages = sum(o.path.endswith(".html") for o in outputs)
    feeds = sum(o.path.startswith("feeds/") and o.path.endswith(".xml") for o in outputs)
    return BuildResult(pages, feeds, len(outputs), rendered, time.perf_counter() - started)


def plan_site(archive: Archive, config: SiteConfig, root: Path) -> list[Output]:
    templates, static = root / "templates", root / "static"
    env = make_environment(templates, config)
    version = templates_digest(templates, static)
    outputs = plan_pages(archive, config, env, version)
    outputs += plan_feeds(archive, config) + plan_exports(archive, config) + plan_static(static)
    outputs += [plan_sitemap(outputs, archive, config), plan_robots(config)]
    paths = [o.path for o in outputs]
    assert len(paths) == len(set(paths)), "two outputs share a path"
    return outputs


def plan_static(folder: Path) -> list[Output]:
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return [Output("static/" + p.relative_to(folder).as_posix(), fingerprint(p.read_bytes()),
                   lambda p=p: p.read_bytes()) for p in files]


def plan_sitemap(outputs: list[Output], archive: Archive, config: SiteConfig) -> Output:
    pages = sorted(o.path[: -len("index.html")] for o in outputs if o.path.endswith("index.html"))

    def render() -> bytes:
        urls = "".join(f"<url><loc>{escape(config.absolute(p))}</loc></url>\n" for p in pages)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">\n{urls}</urlset>\n').encode()

    return Output("sitemap.xml", fingerprint(config, tuple(pages)), render)


def plan_robots(config: SiteConfig) -> Output:
    text = f"User-agent: *\nAllow: /\nSitemap: {config.absolute('sitemap.xml')}\n"
    return Output("robots.txt", fingerprint(text), lambda: text.encode())


def index_search(site: Path) -> None:
    """Pagefind (from PyPI, runs offline) indexes the finished pages into site/pagefind/."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
    # The search page uses the default UI; the other UI bundles would only be dead weight.
    for unused in ("pagefind-component-ui", "pagefind-modular-ui"):
        for suffix in (".css", ".js"):
            (site / SEARCH_DIR / f"{unused}{suffix}").unlink(missing_ok=True)


def keep_search_index(target: Path, staging: Path) -> None:
    """Carry the last search index over, hard-linked: re-indexing every page takes seconds."""
    old = target / SEARCH_DIR
    if old.is_dir():
        shutil.copytree(old, staging / SEARCH_DIR, copy_function=_link_or_copy)


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def write_site(outputs: list[Output], target: Path, previous: dict[str, str],
               finish: Callable[[Path], None] = lambda site: None) -> int:
    """Writes every output into a fresh folder, finishes it, and swaps it in; returns how many were rendered."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-new-"))
    rendered = 0
    try:
        for output in outputs:
            destination = staging / output.path
            destination.parent.mkdir(parents=True, exist_ok=True)
            if not _reuse(target / output.path, destination, previous.get(output.path) == output.inputs):
                destination.write_bytes(output.render())
                rendered += 1
        finish(staging)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return rendered


def _reuse(old: Path, new: Path, unchanged: bool) -> bool:
    if not unchanged or not old.is_file():
        return False
    _link_or_copy(str(old), str(new))
    return True


def _swap(staging: Path, target: Path) -> None:
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-old-"))
        os.replace(target, retired / "site")
    os.replace(staging, target)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)


def state_path(target: Path) -> Path:
    """Beside the site, not in it: the site must be byte-identical however it was built."""
    return target.with_name(f".{target.name}-state.json")


def load_state(target: Path) -> dict[str, str]:
    """The inputs of each file of the last build into target."""
    try:
        return json.loads(state_path(target).read_text()).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}


def save_state(target: Path, files: dict[str, str]) -> None:
    state_path(target).write_text(json.dumps({"files": files}))
