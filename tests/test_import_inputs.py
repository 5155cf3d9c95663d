"""`import` on bad input: one line naming the round and the field, exit 1, no traceback, the other rounds
imported; and `import URL` against a local server, with every way a download can fail."""
from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, run_build

from drawarchive.model.validation import shown

LATER = FIXTURES / "ircc-later-rounds.json"
RAW = "@@raw@@"  # stands for a JSON value written out as raw text


def rounds_file(tmp_path: Path, field: str, value: object, raw: str | None = None) -> Path:
    """IRCC's later-rounds fixture with one field of round #440 changed; `raw` is written as JSON text as is."""
    document = json.loads(LATER.read_text())
    target = next(r for r in document["rounds"] if r["drawNumber"] == "440")
    target[field] = RAW if raw is not None else value
    text = json.dumps(document)
    path = tmp_path / "rounds.json"
    path.write_text(text.replace(f'"{RAW}"', raw) if raw is not None else text)
    return path


DEEP = "[" * 100_000 + "]" * 100_000
ROUND = "expected a round number as IRCC writes it: ASCII digits without a leading zero, such as 254, or 91a"
CASES = [
    ("drawCRS", None, "486", "round 440: drawCRS: a number of 3 characters (expected a string, as IRCC writes every "
                             "value)"),
    ("drawSize", ["229"], None, "round 440: drawSize: a list (expected a string, as IRCC writes every value)"),
    ("drawName", None, "null", "round 440: drawName: null (expected a string, as IRCC writes every value)"),
    ("drawDate", {"y": 2026}, None, "round 440: drawDate: a dict (expected a string, as IRCC writes every value)"),
    ("drawCRS", None, "9" * 5000, "round 440: drawCRS: a number of 5,000 characters (expected a string, as IRCC "
                                  "writes every value)"),
    ("drawSize", "9" * 5000, None, f"round 440: drawSize: cannot read {shown('9' * 5000)} (expected a whole "
                                   "number of at most 9 digits)"),
    ("drawText2", None, DEEP, "round 440: drawText2: a list or object nested 100,000 levels deep (expected a "
                              "string, as IRCC writes every value)"),
    ("drawCRS", "5000", None, "round 440: crs: 5000 is too large (expected an integer from 0 to 1200)"),
    ("drawSize", "0", None, "round 440: invitations: 0 is too small (expected an integer from 1 to 100,000)"),
    ("drawCutOff", "September 4, 2026 at 10:00:00 UTC", None,
     "round 440: tie_break: 2026-09-04T10:00:00Z is after the round (2026-09-03T14:20:05Z) (expected a tie-break "
     "at or before the round time)"),
    ("drawNumber", "0", None, f"round 0: drawNumber: cannot read '0' ({ROUND})"),
    ("drawNumber", "4" * 300, None, f"round 44444444… (300 characters): drawNumber: cannot read {shown('4' * 300)} "
     f"({ROUND})"),
    ("drawNumberURL", "<a href='https://www.canada.ca.example.net/en/x?q=440'>440</a>", None,
     "round 440: drawNumberURL: cannot read "
     f"{shown(chr(60) + 'a href=' + chr(39) + 'https://www.canada.ca.example.net/en/x?q=440' + chr(39) + '>440</a>')} "
     "(expected a link to a page on www.canada.ca)"),
    ("drawNumberURL", "<a href='http://www.canada.ca/en/x?q=440'>440</a>", None,
     "round 440: drawNumberURL: cannot read \"<a href='http://www.canada.ca/en/x?q=440'>440</a>\" (expected a "
     "link to a page on www.canada.ca)"),
]


@pytest.mark.parametrize("field, value, raw, message", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_a_bad_value_is_one_line_and_the_other_rounds_import(project, tmp_path, field, value, raw, message):
    result = run_build("import", str(rounds_file(tmp_path, field, value, raw)), root=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"import: {message}"]
    written = sorted(p.name for p in (project / "content/draws/2026").iterdir())
    assert written == ["436.md", "437.md", "438.md", "439.md", "441.md"]


def test_a_round_dated_in_the_future_is_refused(project, tmp_path):
    document = json.loads(LATER.read_text())
    target = next(r for r in document["rounds"] if r["drawNumber"] == "440")
    target.update(drawDate="2099-09-03", drawDateTime="September 3, 2099 at 14:20:05 UTC")
    (tmp_path / "rounds.json").write_text(json.dumps(document))
    result = run_build("import", str(tmp_path / "rounds.json"), root=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("import: round 440: date: 2099-09-03 is in the future")
    assert not (project / "content/draws/2099").exists()


@pytest.mark.parametrize("document, message", [
    ('{"rounds": []}', "{path}: the rounds list is empty; nothing changed"),
    ('{"classes": "wb-tables"}', "{path}: no 'rounds' list (expected IRCC's rounds JSON: an object with a 'rounds' "
                                 "list); nothing changed"),
    ("[" * 100_000 + "]" * 100_000, "{path}: no 'rounds' list (expected IRCC's rounds JSON: an object with a "
                                    "'rounds' list); nothing changed"),
    ('{"rounds": [' + "[" * 100_000, "{path}: not JSON (it ends early: a truncated download?): Expecting value at "
                                     "line 1 column 14 (expected IRCC's rounds JSON); nothing changed"),
    ("<!DOCTYPE html><title>Maintenance</title>", "{path}: an HTML page, not JSON (expected IRCC's rounds JSON); "
                                                  "nothing changed"),
])
def test_a_file_that_is_not_irccs_rounds_changes_nothing(project, tmp_path, document, message):
    path = tmp_path / "rounds.json"
    path.write_text(document)
    result = run_build("import", str(path), root=project)
    assert result.returncode == 1 and result.stdout in ("", "import: added 0; confirmed 0; updated 0; unchanged 0\n")
    assert result.stderr == f"import: {message.format(path=path)}\n"
    assert list((project / "content/draws").iterdir()) == []


# ------------------------------------------------------------------ import URL, against a local server

class Fixtures(http.server.BaseHTTPRequestHandler):
    """Serves IRCC's rounds, and each way a download can go wrong, on 127.0.0.1."""

    def do_GET(self) -> None:
        body = LATER.read_bytes()
        if self.path == "/ee_rounds_123_en.json":
            self.answer(200, body, "application/json")
        elif self.path == "/missing.json":
            self.answer(404, b"<h1>Not found</h1>", "text/html")
        elif self.path == "/maintenance.json":
            self.answer(200, b"<!DOCTYPE html>\n<title>Canada.ca is down for maintenance</title>", "text/html")
        elif self.path == "/truncated.json":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
        elif self.path == "/stalls.json":
            time.sleep(4)
        elif self.path == "/drips.json":
            self.send_response(200)
            self.end_headers()
            for byte in body[:40]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/huge.json":
            self.send_response(200)
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()

    def answer(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fixtures)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


CHECKED = f"; checked: IRCC's data as of {date.today().isoformat()} holds rounds up to 441"


def test_import_from_a_url(project, server):
    result = run_build("import", f"{server}/ee_rounds_123_en.json", root=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"import: added 6; confirmed 0; updated 0; unchanged 0{CHECKED}\n"
    assert (project / "content/checked.yml").read_text().splitlines()[1] == f"checked: {date.today().isoformat()}"


def test_import_reads_its_address_from_site_yml(project, server):
    (project / "site.yml").write_text(f"title: T\ndescription: D\nbase_url: https://example.org\n"
                                      f"ircc_rounds_url: {server}/ee_rounds_123_en.json\n")
    result = run_build("import", root=project)
    assert (result.returncode, result.stdout) == (0, f"import: added 6; confirmed 0; updated 0; unchanged 0{CHECKED}\n")


@pytest.mark.parametrize("path, message", [
    ("/missing.json", "HTTP 404 Not Found (expected 200 and IRCC's rounds JSON)"),
    ("/maintenance.json", "an HTML page, not JSON (expected IRCC's rounds JSON)"),
    ("/truncated.json", "the answer was cut short after {half:,} of {whole:,} bytes"),
    ("/stalls.json", "no complete answer within 1 s"),
    ("/drips.json", "no complete answer within 1 s"),
    ("/huge.json", "50,000,000 bytes (expected at most 20,000,000)"),
])
def test_a_failed_download_changes_nothing_and_says_why(project, server, path, message):
    result = run_build("import", "--timeout", "1", server + path, root=project)  # a hang ends in its timeout
    assert (result.returncode, result.stdout) == (1, "")
    whole = len(LATER.read_bytes())
    expected = message.format(half=whole // 2, whole=whole)
    assert result.stderr == f"import: {server}{path}: {expected}; nothing changed\n"
    assert list((project / "content/draws").iterdir()) == []


def test_a_server_that_is_not_there(project):
    with http.server.HTTPServer(("127.0.0.1", 0), Fixtures) as closed:
        port = closed.server_port  # bound, then closed: nothing listens there
    result = run_build("import", f"http://127.0.0.1:{port}/ee_rounds_123_en.json", root=project)
    assert result.returncode == 1
    assert result.stderr == (f"import: http://127.0.0.1:{port}/ee_rounds_123_en.json: cannot connect ([Errno 111] "
                             "Connection refused); nothing changed\n")
