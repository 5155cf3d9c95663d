"""The golden sample: a small project built and compared byte for byte with a committed tree.

When the output changes on purpose, regenerate the tree with `python tests/golden/regenerate.py`
and review its diff.
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "golden"))
from regenerate import EXPECTED, build_sample, copies


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_sample_builds_to_the_committed_tree(tmp_path):
    """What the generator writes, byte for byte; static/'s files are copied whole, so an edit to a script or
    the stylesheet is no golden diff."""
    site = tmp_path / "site"
    build_sample(site)
    assert all((site / "static" / p.name).is_file() for p in (REPO / "static").iterdir())
    for copy in copies(site):
        copy.unlink()
    built, expected = tree(site), tree(EXPECTED)
    assert sorted(built) == sorted(expected), "files differ: run python tests/golden/regenerate.py and review"
    for name in expected:
        if built[name] != expected[name]:
            diff = difflib.unified_diff(expected[name].decode(errors="replace").splitlines(),
                                        built[name].decode(errors="replace").splitlines(), "expected", "built",
                                        lineterm="", n=2)
            raise AssertionError(f"{name} differs (python tests/golden/regenerate.py regenerates it):\n"
                                 + "\n".join(list(diff)[:40]))


def test_the_sample_covers_what_the_site_shows():
    expected = tree(EXPECTED)
    assert len(expected) > 30
    assert "draws/254/index.html" in expected and "occupations/noc/21231/index.html" in expected
    page = expected["draws/254/index.html"].decode()
    assert '<a href="/draws/250/">#250</a>' in page and "#999" in page and 'href="/draws/999/"' not in page
    assert "reported" in expected["draws/291/index.html"].decode()
    assert "Corrected: IRCC's data says 800." in expected["draws/260/index.html"].decode()
