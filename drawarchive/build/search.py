"""The search index: Pagefind (from PyPI, runs offline) indexes the finished pages, in shards.

Pagefind holds every page's words in memory while it indexes (about 125 KB a draw page), so one
index of a large archive would take gigabytes. Beyond a thousand draws, the pages are split into
shards that each stay far below 200 MB: per language, one for the site's other pages and one per
thousand rounds. (Shards rank apart: a word missing from one makes Pagefind match its longest
indexed prefix there, so "21231" can find round 212 beside NOC 21231. One index is kept while it fits.)
A shard is re-indexed only when one of its pages changed; the others are carried over. The
search page merges its language's shards (Pagefind's mergeIndex). Shards run side by side, one
per core.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from drawarchive.build.workers import worker_count
from drawarchive.build.workspace import link_or_copy

SEARCH_DIR = "pagefind"
SHARD_ROUNDS = 1000  # draw pages per shard: about 125 MB of Pagefind's memory at most
# What readers don't search for: tables and charts (their words run together in excerpts, and a
# round's number in every neighbour's table would outrank the round's own page), navigation, forms.
IGNORED = (".table-wrap", ".chart", "nav", ".crumbs", ".change", ".facts", ".score-check", ".draw-filters",
           ".pager", "details")
# The search page loads the default UI once, from pagefind/; each shard keeps only its index.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
UNUSED = ("pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-highlight.js")


def shard_of(kind: str, key: object, lang: str, draws: int) -> str:
    """The shard of a searchable page in an archive of `draws` draws: its language's only one while
    the archive fits in one (one index ranks best: each shard ranks by its own word statistics);
    beyond that, a draw's by its round number and any other page its language's first."""
    number = re.match(r"\d+", str(key)) if kind == "draw" and draws > SHARD_ROUNDS else None
    return f"{lang}-{int(number.group()) // SHARD_ROUNDS}" if number else lang


def shard_names(lang: str, rounds: Collection[str]) -> tuple[str, ...]:
    """Every shard of one language, its other pages' first: what the search page merges."""
    draws = {shard_of("draw", label, lang, len(rounds)) for label in rounds} - {lang}
    return (lang, *sorted(draws, key=lambda name: int(name.rsplit("-", 1)[1])))


def bundle(shard: str) -> str:
    return f"{SEARCH_DIR}/{shard}/"


@dataclass(frozen=True, slots=True)
class Shard:
    name: str
    pages: tuple[str, ...]  # output paths, sorted
    fingerprint: str  # of its pages' fingerprints: the shard's index is rebuilt only when this changes


def plan_shards(pages: Mapping[str, tuple[str, str]]) -> list[Shard]:
    """Shards from {output path: (shard, page fingerprint)}."""
    grouped: dict[str, list[str]] = {}
    for path, (shard, _) in sorted(pages.items()):
        grouped.setdefault(shard, []).append(path)
    shards = []
    for name, paths in sorted(grouped.items()):
        hasher = hashlib.sha256(name.encode())
        for path in paths:
            hasher.update(f"\0{path}\0{pages[path][1]}".encode())
        shards.append(Shard(name, tuple(paths), hasher.hexdigest()))
    return shards


def update_search(staging: Path, shards: list[Shard], previous: Mapping[str, str], old_site: Path) -> None:
    """Indexes the shards whose pages changed into staging/pagefind/<shard>/; carries the others over."""
    stale = [s for s in shards if previous.get(bundle(s.name)) != s.fingerprint
             or not (old_site / bundle(s.name)).is_dir()]
    (staging / SEARCH_DIR).mkdir()
    for shard in shards:
        if shard not in stale:
            _link_tree(old_site / bundle(shard.name), staging / bundle(shard.name))
    # The scratch folder's name starts like a staging folder's, so a killed build's is cleared the same way.
    with tempfile.TemporaryDirectory(dir=staging.parent, prefix=f".{old_site.name}-new-search-") as scratch:
        with ThreadPoolExecutor(worker_count()) as pool:
            list(pool.map(lambda s: _index_shard(staging, s, Path(scratch) / s.name), stale))
    _place_ui(staging, stale, old_site)


def _index_shard(staging: Path, shard: Shard, scratch: Path) -> None:
    """Runs Pagefind on the shard's pages alone, hard-linked into a scratch folder in their site layout."""
    for path in shard.pages:
        (scratch / path).parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(staging / path, scratch / path)
    output = staging / bundle(shard.name)
    command = [*pagefind_command(), "--site", str(scratch), "--output-path", str(output), "--silent"]
    command += [arg for selector in IGNORED for arg in ("--exclude-selectors", selector)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
    for unused in UNUSED:
        (output / unused).unlink(missing_ok=True)
    sort_entry(output / "pagefind-entry.json")


@cache
def pagefind_command() -> tuple[str, ...]:
    """Pagefind's binary itself: `python -m pagefind` would start an interpreter for each shard only to exec it."""
    try:
        from pagefind_bin import get_executable  # the binary's own wheel, which pagefind[bin] installs

        return (str(get_executable()),)
    except (ImportError, FileNotFoundError):
        return (sys.executable, "-m", "pagefind")


def _place_ui(staging: Path, stale: list[Shard], old_site: Path) -> None:
    """The UI script and style, once, in pagefind/: from a shard just indexed (each has the same copy),
    else from the last build."""
    for name in UI_FILES:
        copies = [staging / bundle(s.name) / name for s in stale]
        if copies:
            copies[0].rename(staging / SEARCH_DIR / name)
            for extra in copies[1:]:
                extra.unlink()
        elif (old_site / SEARCH_DIR / name).is_file():
            link_or_copy(old_site / SEARCH_DIR / name, staging / SEARCH_DIR / name)


def _link_tree(source: Path, destination: Path) -> None:
    shutil.copytree(source, destination, copy_function=lambda a, b: link_or_copy(Path(a), Path(b)))


def sort_entry(entry: Path) -> None:
    """Pagefind lists its languages in hash order, which changes from run to run; builds must not."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def keep_search_index(target: Path, staging: Path) -> None:
    """Carries the last search index over, hard-linked: serve's rebuilds don't re-index."""
    if (target / SEARCH_DIR).is_dir():
        _link_tree(target / SEARCH_DIR, staging / SEARCH_DIR)
