"""The search index: Pagefind (from PyPI, runs offline) indexes the prose pages and people's words.

A draw's page is facts the generator wrote; readers find those through the search page's exact index
(round numbers, dates, names, categories, occupations; pages/search_terms.py), so draw pages stay out of
the full-text index. What people wrote about a draw (its notes, body, corrections' reasons, French notes)
goes in as a record made from the values: a document of those words alone, at the draw page's address,
so that the page is the result. No page is read back, and a record costs its words, not its page's
125 KB. The prose pages (home, categories, occupations, NOC, years, data) go in as HTML.

Each language has a shard of prose pages and a shard of records per thousand rounds, so that an edit to
one draw's words re-indexes a thousand records at most and Pagefind's memory stays far below 200 MB. A shard
is re-indexed only when what it is made of changed; the others are carried over. Stale shards are indexed side
by side, one per core. The search page merges its language's shards (Pagefind's mergeIndex).
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]  # Pagefind's reading of a page, to compare two

from drawarchive.content.workers import worker_count
from drawarchive.pages.kind import Record
from drawarchive.pages.urls import SEARCH_DIR, bundle
from drawarchive.pipeline.workspace import link_or_copy

# What readers don't search for: tables and charts (their words run together in excerpts), navigation, forms.
IGNORED = (".table-wrap", ".chart", "nav", ".crumbs", ".change", ".facts", ".score-check", ".draw-filters",
           ".pager", "details")
_IGNORED_XPATH = " | ".join(
    f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {s[1:]} ')]" if s.startswith(".") else f"//{s}"
    for s in IGNORED)
# The search page uses Pagefind's own search API (pagefind.js); its ready-made interfaces are not shipped.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True, slots=True)
class Shard:
    name: str
    pages: tuple[str, ...]  # output paths of prose pages, sorted
    records: tuple[Record, ...]
    fingerprint: str  # of what it is made of, and (after a space) of which pages: what the state keeps

    @property
    def members(self) -> str:
        return self.fingerprint.split(" ")[1]


def plan_shards(pages: Mapping[str, tuple[str, str]], records: Iterable[Record], generator: str) -> list[Shard]:
    """Shards from {output path: (shard, page fingerprint)} and the records."""
    grouped: dict[str, tuple[list[str], list[Record]]] = {}
    for path, (shard, _) in sorted(pages.items()):
        grouped.setdefault(shard, ([], []))[0].append(path)
    for record in sorted(records, key=lambda r: r.path):
        grouped.setdefault(record.shard, ([], []))[1].append(record)
    shards = []
    for name, (paths, made) in sorted(grouped.items()):
        hasher = hashlib.sha256(f"{name}\0{generator}".encode())
        members = hashlib.sha256("\0".join(paths).encode())
        for path in paths:
            hasher.update(f"\0{path}\0{pages[path][1]}".encode())
        for record in made:
            hasher.update(f"\1{record.path}\0{record.digest}".encode())
        shards.append(Shard(name, tuple(paths), tuple(made), f"{hasher.hexdigest()} {members.hexdigest()}"))
    return shards


def update_search(staging: Path, shards: list[Shard], previous: Mapping[str, str], old_site: Path,
                  rendered: Collection[str] = ()) -> None:
    """Indexes the shards whose pages or records changed into staging/pagefind/<shard>/; carries the others
    over, and so a shard of the same prose pages whose `rendered` ones read as they did (a figure in a
    table changed)."""
    def fresh(shard: Shard) -> bool:
        before = previous.get(bundle(shard.name), "")
        return (old_site / bundle(shard.name)).is_dir() and (
            before == shard.fingerprint or _same_words(shard, before, staging, old_site, rendered))

    stale = [s for s in shards if not fresh(s)]
    (staging / SEARCH_DIR).mkdir()
    for shard in shards:
        if shard not in stale:
            _link_tree(old_site / bundle(shard.name), staging / bundle(shard.name))
    # The scratch folder's name starts like a staging folder's, so a killed build's is cleared the same way.
    with tempfile.TemporaryDirectory(dir=staging.parent, prefix=f".{old_site.name}-new-search-") as scratch:
        with ThreadPoolExecutor(worker_count()) as pool:
            list(pool.map(lambda s: _index_shard(staging, s, Path(scratch) / s.name), stale))


def _same_words(shard: Shard, before: str, staging: Path, old_site: Path, rendered: Collection[str]) -> bool:
    """Whether a shard of prose pages, the same pages as before, would be indexed as it was: each page
    rendered again holds the same indexed words, title and anchors as the last build's."""
    if shard.records or not before.endswith(" " + shard.members):
        return False
    return all((old_site / path).is_file() and indexed_part((staging / path).read_bytes())
               == indexed_part((old_site / path).read_bytes()) for path in shard.pages if path in rendered)


def indexed_part(page: bytes) -> bytes:
    """What Pagefind reads of a page: its language, its title, and its indexed region without what IGNORED
    leaves out."""
    document = lxml.html.fromstring(page)
    for left_out in document.xpath(_IGNORED_XPATH):
        left_out.drop_tree()
    parts = [document.get("lang", ""), *document.xpath("//title/text()")]
    return "\0".join(parts).encode() + b"".join(lxml.html.tostring(part)
                                                for part in document.xpath("//*[@data-pagefind-body]"))


def _index_shard(staging: Path, shard: Shard, scratch: Path) -> None:
    """Runs Pagefind on the shard's prose pages where they are, and on its records as documents in a
    scratch folder, one file each (no folder per record: making and removing those cost seconds)."""
    pattern = _glob(shard.pages)
    if shard.records or pattern is None:
        scratch.mkdir()
        for path in shard.pages:
            (scratch / path).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(staging / path, scratch / path)
        for number, record in enumerate(shard.records):
            (scratch / f"{number}.html").write_text(record_document(record), encoding="utf-8")
        site = ["--site", str(scratch)]
    else:
        site = ["--site", str(staging), "--glob", pattern]
    output = staging / bundle(shard.name)
    command = [*pagefind_command(), *site, "--output-path", str(output), "--silent"]
    command += [arg for selector in IGNORED for arg in ("--exclude-selectors", selector)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
    for unused in UNUSED:
        (output / unused).unlink(missing_ok=True)
    sort_entry(output / "pagefind-entry.json")


def _glob(paths: tuple[str, ...]) -> str | None:
    """The pages as one glob of Pagefind's (Wax's) alternatives, so that they are indexed in place; None
    where a path holds a character that globs give a meaning to."""
    if not paths or any(set(path) & set("*?[]{}(),<>!\\:$") for path in paths):
        return None
    return "{" + ",".join(paths) + "}"


def record_document(record: Record) -> str:
    """A record as the least HTML Pagefind reads: its words, in its language, with the page's title, address
    round and language as metadata rather than as words (a title's round number and date are the exact index's to
    find). The search page makes a record's address and title from its round, in the page's language."""
    title, words = record.make()
    return (f'<!doctype html><html lang="{escape(record.lang)}"><head><meta charset="utf-8"></head><body>'
            f'<span data-pagefind-meta="title:{escape(title)}"></span>'
            f'<span data-pagefind-meta="url:{escape("/" + record.path)}"></span>'
            f'<span data-pagefind-meta="round:{escape(record.label)}"></span>'
            f'<span data-pagefind-meta="lang:{escape(record.lang)}"></span><p>{escape(words)}</p></body></html>')


@cache
def pagefind_command() -> tuple[str, ...]:
    """Pagefind's binary itself: `python -m pagefind` would start an interpreter for each shard only to exec it."""
    try:
        from pagefind_bin import get_executable  # the binary's own wheel, which pagefind[bin] installs

        return (str(get_executable()),)
    except (ImportError, FileNotFoundError):
        return (sys.executable, "-m", "pagefind")


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
