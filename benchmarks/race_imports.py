"""A person saves a draw while `import` moves it to another year's folder; count what is lost. Prints
figures; asserts nothing.

Each run starts from the real archive with round #437 filed under 2025 (IRCC dates it 2026) and every
official cut-off changed, so that one import rewrites 437 files and moves #437. A person whose editor
opened 2025/437.md saves it at a moment spread over the import's run (an editor that finds the file
gone says so, rather than write a second copy). Counted:

- saves before import read the file, inside its window (reported as a conflict), and after the move;
- rounds in two files, and saves whose words are in no file.

    python benchmarks/race_imports.py            # 30 runs
    python benchmarks/race_imports.py --runs 10
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "fixtures" / "ircc-rounds.json"


def make_start(folder: Path) -> tuple[Path, Path]:
    root = folder / "start"
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    text = (root / "content/draws/2026/437.md").read_text()
    (root / "content/draws/2026/437.md").unlink()
    (root / "content/draws/2025/437.md").write_text(text.replace("date: 2026-08-19", "date: 2025-12-30"))
    rounds = [r | {"drawCRS": str(int(r["drawCRS"]) + 1)} for r in json.loads(SNAPSHOT.read_text())["rounds"]]
    source = folder / "rounds.json"
    source.write_text(json.dumps({"rounds": rounds}))
    return root, source


def command(root: Path, source: Path) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--root", str(root), "import", "--max-new", "500", str(source)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        start, source = make_start(Path(scratch))
        reference = Path(scratch) / "reference"
        shutil.copytree(start, reference)
        began = time.monotonic()
        subprocess.run(command(reference, source), capture_output=True)
        duration = time.monotonic() - began
        counts = Counter[str]()
        for number in range(args.runs):
            root = Path(scratch) / f"run{number}"
            shutil.copytree(start, root)
            opened = root / "content/draws/2025/437.md"
            words = f"A person's note, run {number}.\n"
            loaded = opened.read_text()
            importing = subprocess.Popen(command(root, source), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         text=True)
            time.sleep(duration * number / args.runs)
            try:
                handle = os.open(opened, os.O_WRONLY | os.O_TRUNC)
            except FileNotFoundError:
                handle = None
            if handle is not None:
                with os.fdopen(handle, "w") as editor:
                    editor.write(loaded + words)
            _, err = importing.communicate()
            found = list((root / "content/draws").glob("*/437.md"))
            counts["rounds in two files"] += len(found) > 1
            if handle is None:
                counts["saves after the move (the editor finds the file gone)"] += 1
            elif "changed while import ran" in err:
                counts["saves inside the window (kept, reported as a conflict)"] += 1
            else:
                counts["saves before import read the file (imported with it)"] += 1
            counts["saves lost"] += handle is not None and not any(words in p.read_text() for p in found)
            counts["tracebacks"] += "Traceback" in err
            shutil.rmtree(root)
        print(f"runs: {args.runs}; an uninterrupted import takes {duration:.2f} s")
        for name in ("saves before import read the file (imported with it)",
                     "saves inside the window (kept, reported as a conflict)",
                     "saves after the move (the editor finds the file gone)",
                     "rounds in two files", "saves lost", "tracebacks"):
            print(f"{name}: {counts[name]}")


if __name__ == "__main__":
    main()
