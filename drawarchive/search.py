"""The search index: Pagefind (from PyPI, runs offline) indexes the finished pages."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .workspace import link_or_copy

SEARCH_DIR = "pagefind"
# What readers don't search for: tables and charts (their words run together in excerpts, and a
# round's number in every neighbour's table would outrank the round's own page), navigation, forms.
IGNORED = (".table-wrap", ".chart", "nav", ".crumbs", ".change", ".facts", ".score-check", ".draw-filters",
           ".pager", "details")


def index_search(site: Path) -> None:
    """Indexes the pages under site into site/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    command += [arg for selector in IGNORED for arg in ("--exclude-selectors", selector)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
    # The search page uses the default UI; the other UI bundles would only be dead weight.
    for unused in ("pagefind-component-ui", "pagefind-modular-ui"):
        for suffix in (".css", ".js"):
            (site / SEARCH_DIR / f"{unused}{suffix}").unlink(missing_ok=True)
    sort_entry(site / SEARCH_DIR / "pagefind-entry.json")


def sort_entry(entry: Path) -> None:
    """Pagefind lists its languages in hash order, which changes from run to run; builds must not."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def keep_search_index(target: Path, staging: Path) -> None:
    """Carries the last search index over, hard-linked: re-indexing every page takes seconds."""
    old = target / SEARCH_DIR
    if old.is_dir():
        shutil.copytree(old, staging / SEARCH_DIR, copy_function=lambda a, b: link_or_copy(Path(a), Path(b)))
