"""Kill imports with SIGKILL at random moments and count what they leave. Prints figures; asserts nothing.

Each run starts from the same copy of the real project, changed so that one import does every
kind of write: it adds rounds (#436 and #437 are taken out), confirms reported ones (#438 to #441),
moves one to another year with its French notes (#438, filed under 2025), and updates a hundred
(their cut-offs changed). `build.py import` is killed at a random moment of its run, `check` runs,
then import runs again to the end. Counted:

- torn files: a file in content/ that holds neither its bytes before the import nor after it;
- files in two places: a draw file's name in two year folders, after a kill;
- files check changed: `check` run after the kill must change nothing;
- leftovers: after the last run, anything in content/ or .drawarchive/tmp/ that a whole import
  leaves no trace of;
- runs that don't converge: content/ after the last run differs from one uninterrupted import's
  (with the person's edit, where one was made);
- person's edits lost: every other run, a person edits #438's French notes between the kill and the
  next command; a third of the runs kill the import that finishes the work too.

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
from collections import Counter
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
    import has (temporary files), and anything staged in .drawarchive/tmp/."""
    found = [name for name in files(project) if name not in expected]
    staging = project / ".drawarchive" / "tmp"
    found += [p.relative_to(project).as_posix() for p in staging.rglob("*")] if staging.exists() else []
    return found


def kill_at_random(project: Path, duration: float, number: int) -> None:
    """Starts an import and kills it: anywhere in its run, or once it has begun to stage files."""
    process = subprocess.Popen(command(project), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if number % 3 == 0:
        time.sleep(random.uniform(0, duration))
    else:
        wait_for(project / ".drawarchive" / "tmp", process)
        time.sleep(random.uniform(0, 0.04))
    process.send_signal(signal.SIGKILL)
    process.wait()


def in_two_places(project: Path) -> int:
    """Draw files whose name is in more than one year's folder: a round must be in one place."""
    names = Counter(p.name for p in (project / "content" / "draws").glob("*/*.md"))
    return sum(1 for count in names.values() if count > 1)


def edit_french(project: Path) -> bool:
    """A person edits #438's French notes wherever they are now; False if they are in no single place."""
    found = list((project / "content" / "draws").glob("*/438.fr.md"))
    if len(found) != 1:
        return False
    found[0].write_text(found[0].read_text().replace(EDITED[0], EDITED[1]))
    return True


EDITED = ("Une note.", "Une note revue.")


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
        edited = {k: v.replace(EDITED[0].encode(), EDITED[1].encode()) if k.endswith("438.fr.md") else v
                  for k, v in after.items()}
        print(f"an uninterrupted import takes {duration:.2f} s and changes "
              f"{sum(before.get(k) != v for k, v in after.items()) + len(set(before) - set(after))} files")
        counts = Counter[str]()
        for number in range(args.runs):
            project = Path(scratch) / f"run{number}"
            shutil.copytree(start, project)
            kill_at_random(project, duration, number)
            counts["staged files left by the kill"] += bool(traces(project, set(before) | set(after)))
            counts["torn files"] += sum(1 for v in files(project).values()
                                        if v not in set(before.values()) | set(after.values()))
            counts["files in two places"] += in_two_places(project)
            person = number % 2 == 0 and edit_french(project)  # an edit between the kill and the next command
            now = files(project)
            subprocess.run([*command(project)[:4], "check"], capture_output=True)
            counts["files check changed"] += sum(1 for k, v in files(project).items() if now.get(k) != v)
            if number % 3 == 1:  # the run that finishes the work is killed too
                kill_at_random(project, duration, number + 1)
                counts["files in two places"] += in_two_places(project)
            run(project)
            counts["leftovers after the next import"] += len(traces(project, set(before) | set(after)))
            counts["runs that don't converge"] += files(project) != (edited if person else after)
            counts["person's edits lost"] += person and EDITED[1] not in \
                (project / "content/draws/2026/438.fr.md").read_text()
            shutil.rmtree(project)
        print(f"runs: {args.runs}; of them killed twice: {len(range(1, args.runs, 3))}; "
              f"with a person's edit between the kill and the next command: {len(range(0, args.runs, 2))}")
        print("; ".join(f"{name}: {counts[name]}" for name in (
            "staged files left by the kill", "torn files", "files in two places", "files check changed",
            "leftovers after the next import", "runs that don't converge", "person's edits lost")))


if __name__ == "__main__":
    main()
