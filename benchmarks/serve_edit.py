"""How long `serve` takes from a saved edit to the reload: prints figures; asserts nothing.

serve rebuilds with serve.rebuild() when a file changes, then tells the browser to reload. This
times that call on a synthetic archive after an edit of one draw's `crs:`, as serve runs it
(parsed files kept in memory, the search index kept), and checks that the page shows the edit.

    python benchmarks/serve_edit.py                 # 4,000 draws, 5 edits
    python benchmarks/serve_edit.py --draws 400 --edits 9
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_benchmark

from drawarchive.config import load_config
from drawarchive.serve import ServeState, rebuild


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=4_000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    root = build_benchmark.make_project(args.draws)
    try:
        config, _ = load_config(root)
        state, target = ServeState(), root / "site"
        started = time.perf_counter()
        rebuild(root, config, target, state)
        print(f"{args.draws:,} draws: serve's first build {time.perf_counter() - started:.2f} s")
        path = build_benchmark.middle_draw(root, args.draws)
        seconds = []
        for edit in range(args.edits):
            build_benchmark.rewrite_draw(path, 1 if edit % 2 == 0 else -1)
            crs = re.search(r"^crs: (\d+)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)  # type: ignore[union-attr]
            started = time.perf_counter()
            rebuild(root, config, target, state)
            seconds.append(time.perf_counter() - started)
            page = target / "draws" / path.stem.lstrip("0") / "index.html"
            assert f">{crs}<" in page.read_text(encoding="utf-8"), "the edit is not on the page"
        print(f"edit to reload: median {statistics.median(seconds) * 1000:.0f} ms "
              f"(from {min(seconds) * 1000:.0f} to {max(seconds) * 1000:.0f} ms, {args.edits} edits)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
