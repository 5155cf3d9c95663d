"""`import` on a leash: a hostile server, odd paths and odd JSON shapes each end in one printable line,
exit 1 and nothing changed, within the deadline and in memory bounded by the size cap."""
from __future__ import annotations

import json
import math
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from drawarchive.authoring import ircc_data
from drawarchive.authoring.ircc_data import DEEP, ImportFailed, cut_deep_values, parse_rounds

LATER = FIXTURES / "ircc-later-rounds.json"
# An import from an address also records the check of IRCC's data (content/checked.yml), dated today.
ADDED = ("import: added 6; confirmed 0; updated 0; unchanged 0; checked: IRCC's data as of "
         f"{date.today().isoformat()} holds rounds up to 441\n")
HANG = 60  # seconds before a run counts as hung: a failure, not a blocked test run


def run_import(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    """run_build's command, with a short subprocess timeout: the old code hung on several of these."""
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "import", *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=HANG)
    except subprocess.TimeoutExpired:
        pytest.fail(f"import {' '.join(args)!r} hung for {HANG} s")


def refused(result: subprocess.CompletedProcess[str], project: Path) -> str:
    """The one line of a refused import, checked for everything a refusal must be; without `import: `."""
    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("; nothing changed\n"), result.stderr
    line = result.stderr[:-1]
    assert line.isprintable() and "\x1b" not in line and "\r" not in line
    assert len(line) < 600
    assert line.startswith("import: ")
    assert list((project / "content/draws").iterdir()) == []
    return line.removeprefix("import: ").removesuffix("; nothing changed")


# ------------------------------------------------------------------ a hostile server, on loopback only

Handler = Callable[[socket.socket, "Hostile"], None]


class Hostile:
    """A raw socket server: each path is a way to misbehave. A thread per connection; port 0."""

    def __init__(self, host: str, routes: dict[str, Handler], fallback: Handler) -> None:
        self.routes, self.fallback = routes, fallback
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self.other_port = 0  # the second server's, for redirects to another host
        self.listener = socket.create_server((host, 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(10)
            request = b""
            try:
                while b"\r\n\r\n" not in request and (chunk := connection.recv(4096)):
                    request += chunk
                path = request.split(b" ")[1].decode() if request.count(b" ") >= 2 else ""
                self.requests.append(path)
                self.routes.get(path, self.fallback)(connection, self)
            except OSError:
                pass  # the client gave up, as it should

    def drip(self, connection: socket.socket, data: bytes, every: float = 0.5) -> None:
        """Sends `data` one byte at a time, then keeps dripping spaces until the client hangs up."""
        for index in range(10_000):
            if self.stopping.wait(every):
                return
            connection.sendall(data[index:index + 1] or b" ")

    def stop(self) -> None:
        self.stopping.set()
        self.listener.close()
        self.thread.join(5)


def answer(status: str, body: bytes = b"", headers: str = "") -> Handler:
    def send(connection: socket.socket, server: Hostile) -> None:
        connection.sendall(f"HTTP/1.1 {status}\r\n{headers}Content-Length: {len(body)}\r\n"
                           "Connection: close\r\n\r\n".encode("latin-1") + body)
    return send


def redirect(location: str, status: str = "302 Found") -> Handler:
    def send(connection: socket.socket, server: Hostile) -> None:
        where = location.format(port=server.port, other=server.other_port)
        answer(status, headers=f"Location: {where}\r\n")(connection, server)
    return send


def raw(data: bytes) -> Handler:
    return lambda connection, server: connection.sendall(data)


def continue_flood(connection: socket.socket, server: Hostile) -> None:
    while not server.stopping.wait(0.005):
        connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n" * 50)


ROUNDS = answer("200 OK", LATER.read_bytes(), "Content-Type: application/json\r\n")
REASON = "\x1b[31m" + "red\r" * 15_000  # 60 KB, with ESC and CR: reaches the terminal if not escaped
ROUTES: dict[str, Handler] = {
    "/ee_rounds.json": ROUNDS,
    "/header-drip": lambda c, s: (c.sendall(b"HTTP/1.1 200 OK\r\n"), s.drip(c, b"X-Drip: "))[-1],
    "/status-drip": lambda c, s: s.drip(c, b"HTTP/1.1 200 "),
    "/continue-flood": continue_flood,
    "/to-other-host": redirect("http://127.0.0.2:{other}/ee_rounds.json"),
    "/to-other-port": redirect("http://127.0.0.1:{other}/ee_rounds.json"),
    "/to-ftp": redirect("ftp://127.0.0.1/ee_rounds.json"),
    "/to-file": redirect(f"file://{LATER}"),
    "/to-escape": redirect("/ee_rounds.json\x1b[2J"),
    "/loop": redirect("/loop", "301 Moved Permanently"),
    "/moved": redirect("/ee_rounds.json", "301 Moved Permanently"),
    "/moved-absolute": redirect("http://127.0.0.1:{port}/ee_rounds.json", "307 Temporary Redirect"),
    **{f"/hop/{n}": redirect(f"/hop/{n - 1}" if n > 1 else "/ee_rounds.json") for n in range(1, 7)},
    "/long-reason": raw(f"HTTP/1.1 500 {REASON}\r\nContent-Length: 0\r\n\r\n".encode("latin-1")),
    "/not-http": raw(b"\x1b]0;owned\x07SSH-2.0-OpenSSH_9.6\r\n"),
    "/long-status": raw(b"HTTP/1.1 200 " + b"\x1b" * 70_000 + b"\r\n\r\n"),
    "/closes": lambda c, s: None,
}


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Hostile, Hostile]]:
    """The hostile server on 127.0.0.1, and one on 127.0.0.2 (loopback too) serving valid rounds."""
    other = Hostile("127.0.0.2", {}, ROUNDS)
    hostile = Hostile("127.0.0.1", ROUTES, answer("404 Not Found"))
    hostile.other_port = other.port
    try:
        yield hostile, other
    finally:
        hostile.stop()
        other.stop()


@pytest.fixture
def server(servers: tuple[Hostile, Hostile]) -> str:
    return f"http://127.0.0.1:{servers[0].port}"


@pytest.mark.parametrize("path", ["/header-drip", "/status-drip", "/continue-flood"])
def test_one_deadline_bounds_the_whole_exchange_headers_included(project, server, path):
    result = run_import("--timeout", "1", server + path, root=project)  # a hang fails after HANG s
    assert refused(result, project) == f"{server}{path}: no complete answer within 1 s"


def test_a_redirect_to_another_host_is_not_followed(project, servers, server):
    hostile, other = servers
    result = run_import("--timeout", "1", server + "/to-other-host", root=project)
    target = f"http://127.0.0.2:{other.port}/ee_rounds.json"
    assert refused(result, project) == (
        f"{server}/to-other-host: redirected to {target} (expected IRCC's rounds JSON at 127.0.0.1:{hostile.port}; "
        "redirects to another host or scheme are not followed)")
    assert other.requests == []


@pytest.mark.parametrize("path, target", [
    ("/to-other-port", "http://127.0.0.1:{other}/ee_rounds.json"),
    ("/to-ftp", "ftp://127.0.0.1/ee_rounds.json"),
    ("/to-file", f"file://{LATER}"),
])
def test_a_redirect_to_another_port_or_scheme_is_not_followed(project, servers, server, path, target):
    hostile, other = servers
    result = run_import("--timeout", "1", server + path, root=project)
    target = target.format(other=other.port)
    shown = target if len(target) <= 80 else target[:79] + "…"
    assert refused(result, project) == (
        f"{server}{path}: redirected to {shown} (expected IRCC's rounds JSON at 127.0.0.1:{hostile.port}; "
        "redirects to another host or scheme are not followed)")


def test_a_redirect_with_control_characters_is_not_followed(project, servers, server):
    result = run_import("--timeout", "1", server + "/to-escape", root=project)
    assert refused(result, project) == (
        f"{server}/to-escape: redirected to /ee_rounds.json\\x1b[2J, not a valid address (it holds a space or a "
        f"control character) (expected IRCC's rounds JSON at 127.0.0.1:{servers[0].port})")


def test_redirects_stop_after_five(project, server):
    result = run_import("--timeout", "5", server + "/loop", root=project)
    assert refused(result, project) == f"{server}/loop: more than 5 redirects (expected 200 and IRCC's rounds JSON)"
    result = run_import("--timeout", "5", server + "/hop/6", root=project)
    assert refused(result, project) == f"{server}/hop/6: more than 5 redirects (expected 200 and IRCC's rounds JSON)"


@pytest.mark.parametrize("path", ["/moved", "/moved-absolute", "/hop/5"])
def test_a_redirect_on_the_same_host_is_followed(project, server, path):
    result = run_import("--timeout", "5", server + path, root=project)
    assert (result.returncode, result.stdout, result.stderr) == (0, ADDED, "")


def test_the_scheme_is_read_in_any_case(project, servers):
    result = run_import("--timeout", "5", f"HTTP://127.0.0.1:{servers[0].port}/ee_rounds.json", root=project)
    assert (result.returncode, result.stdout, result.stderr) == (0, ADDED, "")


def test_a_long_reason_phrase_with_escapes_is_quoted_and_cut(project, server):
    result = run_import("--timeout", "1", server + "/long-reason", root=project)
    line = refused(result, project)
    quoted = repr(REASON)[:78] + "…'"
    assert line == f"{server}/long-reason: HTTP 500 {quoted} (expected 200 and IRCC's rounds JSON)"
    assert line.startswith(f"{server}/long-reason: HTTP 500 '\\x1b[31mred\\rred\\r")


@pytest.mark.parametrize("path, message", [
    ("/not-http", "not an HTTP answer (its status line is '\\x1b]0;owned\\x07SSH-2.0-OpenSSH_9.6\\r\\n') "
                  "(expected 200 and IRCC's rounds JSON)"),
    ("/long-status", "not an HTTP answer (got more than 65536 bytes when reading status line) (expected 200 and "
                     "IRCC's rounds JSON)"),
    ("/closes", "the server closed the connection without answering (expected 200 and IRCC's rounds JSON)"),
])
def test_an_answer_that_is_not_http_is_one_line(project, server, path, message):
    result = run_import("--timeout", "1", server + path, root=project)
    assert refused(result, project) == f"{server}{path}: {message}"


# ------------------------------------------------------------------ addresses

EXPECTED_URL = "(expected an http(s) URL such as https://www.canada.ca/…)"


@pytest.mark.parametrize("url, message", [
    ("http://[::1", "http://[::1: not a valid address (Invalid IPv6 URL) " + EXPECTED_URL),
    ("http://user:secret@127.0.0.1:{port}/ee_rounds.json",
     "http://user:secret@127.0.0.1:{port}/ee_rounds.json: not a valid address (it holds a user name or password) "
     + EXPECTED_URL),
    ("http://127.0.0.1:{port}/ee rounds.json",
     "http://127.0.0.1:{port}/ee rounds.json: not a valid address (it holds a space or a control character) "
     + EXPECTED_URL),
    ("http://127.0.0.1:{port}/\x1b[2J", "http://127.0.0.1:{port}/\\x1b[2J: not a valid address (it holds a space "
                                        "or a control character) " + EXPECTED_URL),
    ("https://127.0.0.1:99999/x", "https://127.0.0.1:99999/x: not a valid address (Port out of range 0-65535) "
     + EXPECTED_URL),
    ("ftp://127.0.0.1/ee_rounds.json", "ftp://127.0.0.1/ee_rounds.json: not an http(s) URL (expected a path to "
                                       "IRCC's rounds JSON, or an http(s) URL such as https://www.canada.ca/…)"),
])
def test_an_address_that_cannot_be_fetched_is_one_line(project, servers, url, message):
    port = servers[0].port
    result = run_import("--timeout", "1", url.format(port=port), root=project)
    assert refused(result, project) == message.format(port=port)


@pytest.mark.parametrize("timeout", [math.nan, math.inf, -math.inf, 0.0, -0.0, -1.0, 3600.5, 1e308])
def test_download_refuses_a_timeout_it_cannot_keep(timeout):
    with pytest.raises(ImportFailed, match=r"^--timeout \S+: not a usable time \(expected seconds, more than 0 "
                                           r"and at most 3,600\)$"):
        ircc_data.download("http://127.0.0.1:9/ee_rounds.json", timeout)


def test_is_url_reads_the_scheme_in_any_case():
    assert all(map(ircc_data.is_url, ["HTTP://x", "Https://x", "https://x"]))
    assert not any(map(ircc_data.is_url, ["ftp://x", "httpx://x", "rounds.json", "C://x"]))


# ------------------------------------------------------------------ paths

def test_a_fifo_is_refused_not_waited_for(project, tmp_path):
    os.mkfifo(tmp_path / "rounds.json")
    result = run_import(str(tmp_path / "rounds.json"), root=project)
    expected = f"{tmp_path}/rounds.json: not a regular file (a FIFO) (expected a JSON file)"
    assert refused(result, project) == expected


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_not_read_forever(project):
    result = run_import("/dev/zero", root=project)
    assert refused(result, project) == "/dev/zero: not a regular file (a character device) (expected a JSON file)"


def test_a_folder_is_refused(project, tmp_path):
    result = run_import(str(tmp_path), root=project)
    assert refused(result, project) == f"{tmp_path}: not a regular file (a folder) (expected a JSON file)"


def test_a_file_name_with_control_characters_is_printed_escaped(project, tmp_path):
    path = tmp_path / "rounds\x1b[2J.json"
    path.write_text("<html>")
    result = run_import(str(path), root=project)
    assert refused(result, project) == (f"{tmp_path}/rounds\\x1b[2J.json: an HTML page, not JSON (expected IRCC's "
                                        "rounds JSON)")


# ------------------------------------------------------------------ memory bounded by the size cap

PEAK = """
import resource, sys
from drawarchive.authoring.ircc_data import ImportFailed, parse_rounds
data = {data}
try:
    print(len(parse_rounds(data, "rounds.json")))
except ImportFailed as error:
    print(error)
# VmHWM: this process's own peak. ru_maxrss would count the test process it was forked from (Linux keeps the
# larger of the two across exec), which was 316 MB late in a CI run.
try:
    with open("/proc/self/status") as status:
        print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024)
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(peak // (1 << 20) if sys.platform == "darwin" else peak // 1024)
"""
SHAPES = {
    "a 19 MB string": ('b\'{"rounds": [{"drawText2": "\' + b"x" * 19_000_000 + b\'"}]}\'', "1"),
    "a 19 MB string of escapes": ('b\'{"rounds": [{"drawText2": "\' + b"\\\\\\"" * 9_500_000 + b\'"}]}\'', "1"),
    "an unclosed 19 MB string of escapes": (
        'b\'{"rounds": [{"drawText2": "\' + b"\\\\\\"" * 9_500_000',
        "rounds.json: not JSON: Unterminated string starting at line 1 column 27 (expected IRCC's rounds JSON)"),
    "6.6 million rounds": ('b\'{"rounds": [\' + b"{}," * 6_600_000 + b"{}]}"',
                           "rounds.json: 5,001 rounds or more (expected at most 5,000: IRCC's file had 438 in 2026)"),
    "6.6 million lists in a round": (
        'b\'{"rounds": [{"drawText2": [\' + b"[]," * 6_600_000 + b"[]]}]}"',
        "rounds.json: 1,000,001 items of lists and objects or more (expected at most 1,000,000: IRCC's file had "
        "about 20,000 in 2026)"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_memory_is_bounded_by_the_size_not_the_shape(shape):
    data, outcome = SHAPES[shape]
    result = subprocess.run([sys.executable, "-c", PEAK.format(data=data)], cwd=REPO, capture_output=True,
                            text=True, timeout=HANG * 2)
    assert result.returncode == 0, result.stderr[-2000:]
    said, peak = result.stdout.splitlines()
    assert said == outcome
    assert int(peak) < 300, f"{shape}: {peak} MB at its peak"


def test_many_rounds_are_refused_by_build_py(project, tmp_path):
    path = tmp_path / "rounds.json"
    path.write_bytes(b'{"rounds": [' + b"{}," * 6_600_000 + b"{}]}")
    result = run_import(str(path), root=project)
    assert refused(result, project) == (f"{path}: 5,001 rounds or more (expected at most 5,000: IRCC's file had "
                                        "438 in 2026)")


def test_five_thousand_rounds_are_read_and_one_more_is_not():
    assert len(parse_rounds(b'{"rounds": [' + b",".join([b"{}"] * 5_000) + b"]}", "r.json")) == 5_000
    with pytest.raises(ImportFailed, match=r"^r\.json: 5,001 rounds or more"):
        parse_rounds(b'{"classes": "x", "rounds": [' + b",".join([b"{}"] * 5_001) + b"]}", "r.json")
    # another list of the document is not counted as rounds
    assert parse_rounds(b'{"other": [' + b"1," * 6_000 + b'1], "rounds": []}', "r.json") == []


# ------------------------------------------------------------------ the scanner cuts exactly as before

OLD_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def old_cut_deep_values(text: str) -> str:
    """The scanner before it was rewritten to use memory of the text's size only: the reference."""
    pieces, depth, cut_from, deepest, last = [], 0, -1, 0, 0
    for match in OLD_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > ircc_data.VALUE_DEPTH and cut_from < 0:
                cut_from, deepest = match.start(), depth
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
            if cut_from >= 0 and depth == ircc_data.VALUE_DEPTH:
                if deepest - ircc_data.VALUE_DEPTH > ircc_data.CUT_LEVELS:
                    pieces += [text[last:cut_from], json.dumps(f"{DEEP} {deepest - ircc_data.VALUE_DEPTH}")]
                    last = match.end()
                cut_from = -1
    if cut_from >= 0:
        pieces.append(text[last:cut_from])
        last = len(text)
    return "".join(pieces) + text[last:] if pieces else text


FRAGMENTS = st.sampled_from(['[', ']', '{', '}', '"', '\\', '\\"', '\\\\', '"a"', '"rounds"', ',', ':', ' ', '\n',
                             'x', '1', '[' * 36, ']' * 36, '{"a": ' * 36, '}' * 36, '"\\\\"', '"[{"', '"\\\\\\""'])
JSONISH = st.one_of(st.lists(FRAGMENTS, max_size=80).map("".join),
                    st.text(alphabet='[]{}",\\:a \n', max_size=200))


@settings(max_examples=600, deadline=None)
@given(JSONISH)
def test_the_scanner_cuts_exactly_as_the_old_one(text):
    assert cut_deep_values(text) == old_cut_deep_values(text)
    assert cut_deep_values(text, "r.json") == old_cut_deep_values(text)


def test_the_scanner_cuts_real_rounds_as_before():
    text = (FIXTURES / "ircc-rounds.json").read_text(encoding="utf-8")
    deep = text.replace('"drawText2": "', '"drawText2": ' + "[" * 40 + "]" * 40 + ', "x": "', 3)
    for sample in (text, deep, deep[: len(deep) // 2]):
        assert cut_deep_values(sample, "r.json") == old_cut_deep_values(sample)
