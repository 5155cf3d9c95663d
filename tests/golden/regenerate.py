"""Rebuild the golden sample's expected site: python tests/golden/regenerate.py

Run it after a deliberate change to the output (a template, a text, a format), then read the
diff of tests/golden/expected/ before committing it: that diff is the change readers will see.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from drawarchive.config import load_config  # noqa: E402
from drawarchive.pipeline.site import build_site  # noqa: E402

EXPECTED = HERE / "expected"
BUILT_ON = date(2026, 12, 1)  # the build's day shows on the home page: fixed, so the tree is the same every day
SEARCH = "pagefind"  # Pagefind's own output is left out: its bytes belong to its version, not to us


def build_sample(target: Path) -> None:
    """The sample project, with this checkout's templates and static files, built without search."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(HERE / "project", project, dirs_exist_ok=True)
        for name in ("templates", "static"):
            shutil.copytree(REPO / name, project / name)
        config, problems = load_config(project)
        assert not problems, problems
        build_site(project, config, target, search=False, today=lambda: BUILT_ON)


def copies(site: Path) -> list[Path]:
    """The site's files that are static/'s own, byte for byte: the generator copies them and writes nothing in
    them, so the golden tree leaves them out (test_golden.py checks each against static/ instead)."""
    return [site / "static" / p.name for p in sorted((REPO / "static").iterdir())
            if (site / "static" / p.name).is_file() and (site / "static" / p.name).read_bytes() == p.read_bytes()]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "site"
        build_sample(built)
        for copy in copies(built):
            copy.unlink()
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(built, EXPECTED)
    files = sum(1 for p in EXPECTED.rglob("*") if p.is_file())
    print(f"regenerated {EXPECTED.relative_to(REPO)}: {files} files; review `git diff --stat` before committing")


if __name__ == "__main__":
    main()
