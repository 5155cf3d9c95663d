"""Kill builds with SIGKILL at random moments and count what they leave. Prints figures; asserts nothing.

For each run it starts `build.py` on a copy of the real project, alternating between two titles
in site.yml, kills it at a random moment within a build's duration, and then checks site/: it
must exist and equal a complete build of one of the two titles. It counts the staging folders
left beside site/ at that moment, and after the next build (which must clear them).

    python benchmarks/kill_builds.py            # 50 runs
    python benchmarks/kill_builds.py --runs 10
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TITLES = ("Express Entry Draw Archive", "Express Entry Draw Archive (killed builds)")


def digest_tree(site: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def make_project(folder: Path) -> Path:
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "site.yml", folder / "site.yml")
    return folder


def set_title(project: Path, title: str) -> None:
    path = project / "site.yml"
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", path.read_text(), flags=re.MULTILINE))


def build(project: Path) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project)], check=True,
                   capture_output=True)
    return time.monotonic() - started


def leftovers(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if p.name.startswith((".site-new-", ".site-old-"))]


def references(folder: Path) -> tuple[dict[str, str], float]:
    """A complete, clean build of each title, and how long one takes."""
    digests, seconds = {}, 0.0
    for title in TITLES:
        project = make_project(folder / f"reference-{len(digests)}")
        set_title(project, title)
        seconds = build(project)
        digests[title] = digest_tree(project / "site")
    return digests, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    runs, chance = args.runs, random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        expected, seconds = references(Path(folder))
        project = make_project(Path(folder) / "project")
        build(project)
        killed = partial = missing = left_at_kill = left_after = 0
        for run in range(runs):
            set_title(project, TITLES[run % 2])
            process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project)],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(chance.uniform(0.0, seconds * 1.1))
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                killed += 1
            process.wait()
            site = project / "site"
            missing += not site.is_dir()
            partial += site.is_dir() and digest_tree(site) not in expected.values()
            left_at_kill += len(leftovers(project))
            build(project)
            left_after += len(leftovers(project))
        print(f"runs: {runs}; killed mid-build: {killed}; a build takes {seconds:.2f} s here")
        print(f"site/ missing after a kill: {missing}")
        print(f"site/ not equal to a complete build: {partial}")
        print(f"staging folders left by killed builds (before the next build): {left_at_kill}")
        print(f"staging folders left after the next build: {left_after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
