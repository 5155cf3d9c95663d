"""Pagefind over Hugo's and Pelican's sites, the figures each build gives, and the tables compare.py prints.

Hugo and Pelican users add search by running Pagefind over the finished site: `pagefind --site public`.
compare.py does the same, with drawarchive's own Pagefind (the pagefind_bin wheel's binary, in the
interpreter that runs drawarchive) and the selectors drawarchive leaves out of its index
(drawarchive.pipeline.search.IGNORED, read from the benchmarked checkout, not copied here).
Only the standard library: compare.py's --generator mode imports this in drawarchive's interpreter.
"""
from __future__ import annotations

import json
import re
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = ("drawarchive", "hugo", "hugo+pagefind", "pelican", "pelican+pagefind")
NAMES = {"drawarchive": "drawarchive", "hugo": "Hugo", "hugo+pagefind": "Hugo + Pagefind",
         "pelican": "Pelican", "pelican+pagefind": "Pelican + Pagefind"}

# In the interpreter that runs drawarchive, with the checkout first on sys.path (argv[1]).
FIND_PAGEFIND = """\
import json, sys
sys.path.insert(0, sys.argv[1])
from pagefind_bin import get_executable
from drawarchive.pipeline import search
print(json.dumps({"executable": str(get_executable()), "ignored": list(search.IGNORED), "module": search.__file__}))
"""


@dataclass(frozen=True)
class Pagefind:
    executable: str
    ignored: tuple[str, ...]  # drawarchive's --exclude-selectors

    def command(self, site: Path) -> tuple[str, ...]:
        """As a Hugo or Pelican user runs it: over the whole output, into its pagefind/ folder."""
        exclusions = (arg for selector in self.ignored for arg in ("--exclude-selectors", selector))
        return (self.executable, "--site", str(site), "--silent", *exclusions)


def find_pagefind(python: str, repo: Path) -> Pagefind:
    done = subprocess.run([python, "-B", "-c", FIND_PAGEFIND, str(repo)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{python} could not give Pagefind's binary and drawarchive's exclusions:\n{done.stderr}")
    found = json.loads(done.stdout)
    if not Path(found["module"]).resolve().is_relative_to(repo):
        raise SystemExit(f"drawarchive.pipeline.search came from {found['module']}, not from {repo}")
    return Pagefind(found["executable"], tuple(found["ignored"]))


def indexed_pages(site: Path) -> dict[str, int]:
    """Pages in the site's Pagefind indexes, per language: every pagefind-entry.json (drawarchive has shards)."""
    counts: dict[str, int] = {}
    for entry in site.rglob("pagefind-entry.json"):
        for lang, index in json.loads(entry.read_text(encoding="utf-8"))["languages"].items():
            counts[lang] = counts.get(lang, 0) + index["page_count"]
    return dict(sorted(counts.items()))


# ---------------------------------------------------------------- figures


@dataclass
class Sample:
    seconds: float
    peak_mib: float
    search: float | None = None  # of the seconds, indexing search: drawarchive's summary line, or Pagefind's run


def combined(samples: list[Sample]) -> Sample:
    """Commands run back to back: their times add up, and the peak is the largest single process's."""
    return Sample(sum(s.seconds for s in samples), max(s.peak_mib for s in samples))


@dataclass(frozen=True)
class Outputs:
    pages: int
    feeds: int
    largest: int  # bytes of the largest HTML page
    indexed: dict[str, int]  # pages in the search index per language, once Pagefind has run


def count_outputs(site: Path) -> Outputs:
    """HTML files, and XML files that are RSS or Atom feeds (not sitemaps)."""
    sizes = [path.stat().st_size for path in site.rglob("*.html")]
    feeds = sum(1 for path in site.rglob("*.xml") if re.search(rb"<(rss|feed)\b", path.read_bytes()[:1000]))
    return Outputs(len(sizes), feeds, max(sizes, default=0), indexed_pages(site))


@dataclass
class Result:
    size: int
    languages: tuple[str, ...]  # Hugo's and Pelican's
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    outputs: dict[str, Outputs] = field(default_factory=dict)
    expected: tuple[int, int] = (0, 0)  # HTML pages and feeds of Hugo's or Pelican's site
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0  # the whole size, generation included


# ---------------------------------------------------------------- tables


def median_seconds(samples: list[Sample]) -> float:
    return statistics.median(s.seconds for s in samples)


def median_mib(samples: list[Sample]) -> float:
    return statistics.median(s.peak_mib for s in samples)


def median_search(samples: list[Sample]) -> float | None:
    searches = [s.search for s in samples if s.search is not None]
    return statistics.median(searches) if searches else None


def spread(samples: list[Sample]) -> str:
    """The median, with the range when there are several runs: a wide range means a busy machine."""
    seconds = [s.seconds for s in samples]
    text = f"{statistics.median(seconds):.2f}"
    return text if len(seconds) == 1 else f"{text} ({min(seconds):.2f} to {max(seconds):.2f})"


def site_cells(r: Result, tool: str) -> list[str]:
    """Pages, largest page and feeds of the tool's site, and whether they match what its content implies."""
    if tool.endswith("+pagefind"):
        return ["", "", "", ""]  # the same site as the row above
    out = r.outputs[tool]
    # drawarchive's site has more kinds of pages (years, occupations, data, search): no fixed count.
    check = "n/a" if tool == "drawarchive" else \
        ("yes" if (out.pages, out.feeds) == r.expected else f"no: expected {r.expected[0]:,} / {r.expected[1]}")
    return [f"{out.pages:,}", f"{out.largest / 1000:,.0f}", str(out.feeds), check]


def index_cells(r: Result, tool: str) -> list[str]:
    """Pages Pagefind indexed per language, and for Hugo's and Pelican's, whether that is every page of each."""
    if tool in ("hugo", "pelican"):
        return ["", ""]
    indexed = r.outputs[tool.removesuffix("+pagefind")].indexed
    text = ", ".join(f"{lang} {count:,}" for lang, count in indexed.items()) or "none"
    if tool == "drawarchive":
        return [text, "n/a"]  # prose pages and draws' records, in shards: no fixed count
    per_language = r.expected[0] // len(r.languages)
    return [text, "yes" if indexed == dict.fromkeys(r.languages, per_language) else "no"]


def tools_table(results: list[Result]) -> str:
    lines = ["| draws | tool | clean build s, median (range) | peak RSS MiB | HTML pages | largest page KB | feeds "
             "| pages as expected | search index pages | one index per language, every page |",
             "|---:|---|---:|---:|---:|---:|---:|---|---|---|"]
    for r in results:
        for tool in TOOLS:
            cells = [f"{r.size:,}", NAMES[tool], spread(r.samples[tool]), f"{median_mib(r.samples[tool]):.0f}",
                     *site_cells(r, tool), *index_cells(r, tool)]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


RATIOS = (("drawarchive", "hugo+pagefind"), ("drawarchive", "hugo"),
          ("pelican+pagefind", "drawarchive"), ("pelican", "drawarchive"))


def ratio_table(results: list[Result]) -> str:
    lines = ["| draws | clean builds, with and without search | time | peak memory |", "|---:|---|---:|---:|"]
    for r in results:
        for top, bottom in RATIOS:
            seconds = median_seconds(r.samples[top]) / median_seconds(r.samples[bottom])
            mib = median_mib(r.samples[top]) / median_mib(r.samples[bottom])
            name = " ÷ ".join(NAMES[tool] if "+" not in tool else f"({NAMES[tool]})" for tool in (top, bottom))
            lines.append(f"| {r.size:,} | {name} | {seconds:.2f} | {mib:.2f} |")
    return "\n".join(lines)


def rebuild_table(results: list[Result]) -> str:
    lines = ["| draws | no-change rebuild s | ÷ Hugo clean | ÷ (Hugo + Pagefind) clean | one-draw edit rebuild s "
             "| ÷ (Hugo + Pagefind) clean | ÷ Hugo clean | drawarchive's clean build: indexing search s "
             "| Pagefind over Hugo's site s | over Pelican's s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        hugo, searched = median_seconds(r.samples["hugo"]), median_seconds(r.samples["hugo+pagefind"])
        unchanged, edited = median_seconds(r.samples["unchanged"]), median_seconds(r.samples["edited"])
        searches = (median_search(r.samples[tool]) for tool in ("drawarchive", "hugo+pagefind", "pelican+pagefind"))
        search = " | ".join("n/a" if s is None else f"{s:.2f}" for s in searches)
        lines.append(f"| {r.size:,} | {unchanged:.2f} | {unchanged / hugo:.2f} | {unchanged / searched:.2f} "
                     f"| {edited:.2f} | {edited / searched:.2f} | {edited / hugo:.2f} | {search} |")
    return "\n".join(lines)


def report(results: list[Result], runs: int) -> None:
    print(f"\n## Clean builds (medians of {runs} runs)\n")
    print(tools_table(results))
    print("\n## Ratios (medians)\n")
    print(ratio_table(results))
    print("\n## drawarchive's rebuilds and search (medians)\n")
    print(rebuild_table(results))
