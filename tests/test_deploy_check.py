"""The daily deploy's read-only check of IRCC's data (`build.py --check-ircc`), end to end, against a server on
127.0.0.1: nothing new, a new round, and IRCC unreachable. Every footer says what the check found; a failed
check never claims one; content/ is never written."""
from __future__ import annotations

import hashlib
import shutil
import socket
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_build
from test_trust import read, serving, text

PAGES = ("index.html", "draws/437/index.html", "categories/cec/index.html", "fr/index.html",
         "fr/tirages/437/index.html")
TODAY = date.today().isoformat()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """IRCC's recorded rounds imported as of August 20, 2026 (the record content/checked.yml keeps)."""
    project = tmp_path_factory.mktemp("deploy")
    shutil.copytree(REPO / "content" / "categories", project / "content" / "categories")
    shutil.copytree(REPO / "templates", project / "templates")
    (project / "content" / "draws").mkdir()
    done = run_build("import", str(FIXTURES / "ircc-rounds.json"), "--max-new", "1000", "--fetched-on", "2026-08-20",
                     root=project)
    assert done.returncode == 0, done.stderr
    return project


def content_digest(project: Path) -> str:
    files = sorted(p for p in (project / "content").rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(str(p).encode() + p.read_bytes() for p in files)).hexdigest()


def footers(project: Path) -> dict[str, str]:
    site = project / "site"
    return {path: read(site, path).split('<footer class="site">')[1] for path in PAGES}


def build_checking(project: Path, address: str) -> tuple[str, str, dict[str, str]]:
    before = content_digest(project)
    done = run_build("--check-ircc", address, "--timeout", "2", root=project)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert content_digest(project) == before, "the check wrote content/"
    return done.stdout, done.stderr, footers(project)


def test_nothing_new_says_checked_today_and_the_archive_has_every_round(archive, tmp_path):
    (tmp_path / "ircc-rounds.json").write_bytes((FIXTURES / "ircc-rounds.json").read_bytes())
    with serving(tmp_path) as address:
        out, err, said = build_checking(archive, address)
    assert out.startswith("build: checked IRCC's data: it holds rounds up to #437 (2026-08-19)\n") and err == ""
    for path, footer in said.items():
        assert f'<time datetime="{TODAY}">' in footer, path
        words = text(footer)
        assert ("it holds rounds up to #437, and this archive has them all." in words
                or "elles vont jusqu’à la ronde nº\u00a0437, et cette archive les contient toutes." in words), path


def test_a_new_round_at_irccs_is_named_with_its_day_as_not_yet_in_the_archive(archive, tmp_path):
    (tmp_path / "ircc-rounds.json").write_bytes((FIXTURES / "ircc-later-rounds.json").read_bytes())
    with serving(tmp_path) as address:
        out, err, said = build_checking(archive, address)
    assert out.startswith("build: checked IRCC's data: it holds rounds up to #441 (2026-09-04)\n") and err == ""
    assert not (archive / "site/draws/441").exists()  # read-only: the round is not added
    for path, footer in said.items():
        assert f'<time datetime="{TODAY}">' in footer and '<time datetime="2026-09-04">' in footer, path
        assert ("IRCC has published #441 (September 4, 2026), not yet in this archive." in text(footer)
                or "IRCC a publié la ronde nº\u00a0441 (4 septembre 2026), qui n’est pas encore dans cette archive."
                in text(footer)), (path, text(footer))


def test_an_unreachable_ircc_never_claims_a_check_the_pages_keep_the_last_one(archive):
    with socket.socket() as closed:  # a port on 127.0.0.1 that nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    out, err, said = build_checking(archive, f"http://127.0.0.1:{port}/ircc-rounds.json")
    assert err.startswith(f"build: --check-ircc: http://127.0.0.1:{port}/ircc-rounds.json: ")
    assert err.endswith("; the pages give the last successful check instead\n") and err.count("\n") == 1
    assert "checked IRCC's data" not in out
    for path, footer in said.items():
        assert f'<time datetime="{TODAY}">' not in footer, path
        assert '<time datetime="2026-08-20">' in footer, path  # import's record, of August 20


@pytest.mark.parametrize("source, problem", [
    ("tests/fixtures/ircc-rounds.json", "not an http(s) URL"),
    ("ftp://127.0.0.1/x.json", "not an http(s) URL"),
])
def test_a_check_must_read_irccs_data_as_it_is_today(archive, source, problem):
    done = run_build("--check-ircc", source, root=archive)
    assert done.returncode == 0 and problem in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert all(f'<time datetime="{TODAY}">' not in footer for footer in footers(archive).values())


def test_a_round_whose_number_cannot_be_read_fails_the_check_rather_than_miss_it(archive, tmp_path):
    rounds = (FIXTURES / "ircc-later-rounds.json").read_text(encoding="utf-8").replace('"441"', '"44l"', 1)
    (tmp_path / "ircc-rounds.json").write_text(rounds, encoding="utf-8")
    with serving(tmp_path) as address:
        out, err, _ = build_checking(archive, address)
    assert "round 44l: drawNumber: cannot read" in err and "checked IRCC's data" not in out
