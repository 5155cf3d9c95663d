"""Kill imports with SIGKILL at random moments and count what they leave. Prints figures; asserts nothing.

Each run starts from the same copy of the real project, changed so that one import does every
kind of write: it adds rounds (#436 and #437 are taken out), confirms reported ones (#438 to #441),
moves one to another year with its French notes (#438, filed under 2025), and updates a hundred
(their cut-offs changed). `build.py import` is killed at a random moment of its run, then run again
to the end. Counted:

- torn files: a file in content/ that holds neither its bytes before the import nor after it;
- leftovers: after the second run, anything in content/ or .drawarchive/ that a whole import leaves
  no trace of (temporary files, a journal, staged files);
- runs that don't converge: content/ after the second run differs from one uninterrupted import's.

    python benchmarks/kill_imports.py            # 50 runs
    python benchmarks/kill_imports.py --runs 10
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*"))
            if p.is_file()}


def make_start(folder: Path) -> Path:
    """The project before the import, and the rounds JSON it imports."""
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copy(REPO / "site.yml", folder / "site.yml")
    draws = folder / "content" / "draws"
    for number in (436, 437):
        (draws / "2026" / f"{number}.md").unlink()
    moved = (draws / "2026" / "438.md").read_text().replace("2026-08-31", "2025-12-31")
    (draws / "2026" / "438.md").unlink()
    (draws / "2025" / "438.md").write_text(moved + "A person's note.\n")
    (draws / "2025" / "438.fr.md").write_text("---\nnotes:\n  - \"Une note.\"\n---\n")
    rounds = json.loads((FIXTURES / "ircc-rounds.json").read_text())["rounds"]
    changed = [r | {"drawCRS": str(int(r["drawCRS"]) + 1)} if 300 <= int(r["drawNumber"].rstrip("ab")) < 400 else r
               for r in rounds if r["drawNumber"] not in ("436", "437")]
    later = json.loads((FIXTURES / "ircc-later-rounds.json").read_text())["rounds"]
    (folder / "rounds.json").write_text(json.dumps({"rounds": changed + later}))
    return folder


def command(project: Path) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--root", str(project), "import", str(project / "rounds.json")]


def run(project: Path) -> float:
    started = time.monotonic()
    subprocess.run(command(project), capture_output=True)
    return time.monotonic() - started


def wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    while not path.exists() and process.poll() is None:
        time.sleep(0.0005)


def traces(project: Path, expected: set[str]) -> list[str]:
    """What a whole import leaves no trace of: any file in content/ that neither the start nor a whole
    import has (temporary files), and .drawarchive/'s journal and staged files."""
    found = [name for name in files(project) if name not in expected]
    state = project / ".drawarchive"
    found += [p.relative_to(project).as_posix() for p in state.rglob("*") if p.name != "content.lock"] \
        if state.exists() else []
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        start = make_start(Path(scratch) / "start")
        reference = Path(scratch) / "reference"
        shutil.copytree(start, reference)
        duration = run(reference)
        before, after = files(start), files(reference)
        print(f"an uninterrupted import takes {duration:.2f} s and changes "
              f"{sum(before.get(k) != v for k, v in after.items()) + len(set(before) - set(after))} files")
        torn = leftovers = diverged = killed_mid_write = killed_staging = 0
        for number in range(args.runs):
            project = Path(scratch) / f"run{number}"
            shutil.copytree(start, project)
            process = subprocess.Popen(command(project), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if number % 3 == 0:  # anywhere in the run
                time.sleep(random.uniform(0, duration))
            else:  # while the files are staged, journaled and made: from the moment the staging folder appears
                wait_for(project / ".drawarchive" / "tmp", process)
                time.sleep(random.uniform(0, 0.04))
            process.send_signal(signal.SIGKILL)
            process.wait()
            now = files(project)
            torn += sum(1 for k, v in now.items() if v not in (before.get(k), after.get(k)))
            killed_mid_write += (project / ".drawarchive" / "journal.json").exists()
            killed_staging += not (project / ".drawarchive" / "journal.json").exists() and any(
                (project / ".drawarchive" / "tmp").glob("*"))
            run(project)
            leftovers += len(traces(project, set(before) | set(after)))
            diverged += files(project) != after
            shutil.rmtree(project)
        print(f"runs: {args.runs}; killed while writing (a journal left): {killed_mid_write}; "
              f"while staging (staged files, no journal): {killed_staging}")
        print(f"torn files: {torn}; leftovers after the next import: {leftovers}; runs that don't converge: {diverged}")


if __name__ == "__main__":
    main()
