"""Work on every core: forked workers write each file once, and the site is the same as on one core."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO

from drawarchive.content.workers import worker_count


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_cpu_count_needs_no_sched_getaffinity_which_macos_lacks(monkeypatch):
    monkeypatch.delenv("DRAWARCHIVE_JOBS", raising=False)
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    count = worker_count()
    assert isinstance(count, int) and count > 0 and count == os.cpu_count()


def test_the_cpu_count_is_process_cpu_count_where_python_has_it(monkeypatch):
    """Python 3.13+: the CPUs this process may use, as sched_getaffinity gives them, on every system."""
    monkeypatch.delenv("DRAWARCHIVE_JOBS", raising=False)
    monkeypatch.setattr(os, "process_cpu_count", lambda: 3, raising=False)
    assert worker_count() == 3
    monkeypatch.setenv("DRAWARCHIVE_JOBS", "5")
    assert worker_count() == 5


def test_workers_share_the_files_between_them(tmp_path):
    """Run in a fresh, single-threaded interpreter, as a build is: each file is written by one of two workers."""
    script = textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        sys.path.insert(0, {str(REPO)!r})
        from drawarchive.content.workers import by_groups
        def write(names):
            for name in names:
                Path({str(tmp_path)!r}, name).write_text(str(os.getpid()))
            return names
        written = by_groups([f"{{n}}.txt" for n in range(1000)], lambda name: None, write, workers=2)
        assert sorted(written) == sorted(f"{{n}}.txt" for n in range(1000))
        print(os.getpid())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    writers = {(tmp_path / f"{n}.txt").read_text() for n in range(1000)}
    assert len(writers) == 2 and done.stdout.strip() not in writers


def test_the_languages_of_one_page_are_rendered_by_one_worker_one_after_the_other(tmp_path):
    """What a draw's two pages share (its notes as HTML) is kept per process: they must meet in one."""
    script = textwrap.dedent(f"""
        import itertools, os, sys
        from pathlib import Path
        sys.path.insert(0, {str(REPO)!r})
        from drawarchive.content.workers import by_groups
        ticks = itertools.count()
        def write(names):
            for name in names:
                Path({str(tmp_path)!r}, name).write_text(f"{{os.getpid()}} {{next(ticks)}}")
            return names
        # Every English page, then every French one.
        names = [f"{{lang}}-{{n}}.txt" for lang in ("en", "fr") for n in range(500)]
        group = lambda name: None if name == "alone.txt" else name.split("-")[1]
        by_groups(names + ["alone.txt"], group, write, workers=2)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    written = {n: [(tmp_path / f"{lang}-{n}.txt").read_text().split() for lang in ("en", "fr")] for n in range(500)}
    assert len({en[0] for en, _ in written.values()}) == 2
    for en, fr in written.values():
        assert en[0] == fr[0] and int(fr[1]) == int(en[1]) + 1
    assert (tmp_path / "alone.txt").exists()


def test_a_site_rendered_on_two_cores_equals_one_rendered_on_one(tmp_path):
    sites = {}
    for jobs in ("1", "2"):
        root = tmp_path / jobs
        for folder in ("content", "templates", "static"):
            shutil.copytree(REPO / folder, root / folder)
        shutil.copy2(REPO / "site.yml", root / "site.yml")
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "build"],
                              capture_output=True, text=True, timeout=300, env={**os.environ, "DRAWARCHIVE_JOBS": jobs})
        assert done.returncode == 0, done.stderr
        sites[jobs] = tree(root / "site")
    assert len(sites["1"]) > 1000 and sites["1"] == sites["2"]


def test_draw_files_read_on_two_cores_give_the_problems_one_core_gives_in_the_same_order(tmp_path):
    """Each worker reads a run of the files; joined, the runs must report as one reader does,
    a round given twice included when its two files fall to different workers."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    draws = root / "content" / "draws"
    (draws / "2015" / "001.md").write_text("---\nround: [1\n---\n", encoding="utf-8")
    (draws / "2018" / "081.md").write_text((draws / "2018" / "081.md").read_text().replace("crs:", "crs: x\nold_crs:"))
    shutil.copy2(draws / "2016" / "030.md", draws / "2024" / "zz-030.md")  # round 30 again, years later
    reports = {}
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "check"],
                              capture_output=True, text=True, timeout=300, env={**os.environ, "DRAWARCHIVE_JOBS": jobs})
        assert done.returncode != 0
        reports[jobs] = done.stdout + done.stderr
    assert reports["1"] == reports["2"]
    assert all(name in reports["1"] for name in ("2015/001.md", "2018/081.md", "2024/zz-030.md"))
