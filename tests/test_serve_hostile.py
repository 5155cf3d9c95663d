"""`build.py serve` against hostile and malformed requests.

Most tests call site_app with WSGI environs built as the server builds them (REQUEST_URI as sent, PATH_INFO
decoded to latin-1 text), through wsgiref's validator; one starts the real server and speaks raw HTTP to it,
since urllib would normalize the very request lines and Host headers under test.
"""
from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote_to_bytes
from wsgiref.validate import validator

import pytest
from conftest import REPO

from drawarchive.serve.app import MAX_PATH, site_app
from drawarchive.serve.rebuilds import ServeState

HOME = '<!DOCTYPE html>\n<html><head><title>Home</title></head><body>home page</body></html>\n'
SECRET = "TOP SECRET"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site with a 404 page, a directory without index.html, and symlinks into and out of it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (outside / "index.html").write_text(f"<html><head></head><body>{SECRET}</body></html>")
    target = tmp_path / "site"
    for name, text in {"index.html": HOME, "404.html": "<html><head></head><body>Page not found</body></html>",
                       "style.css": "body{color:red}", "draws/254/index.html": "<html><head></head>draw 254</html>",
                       "café/index.html": "<html><head></head>café</html>"}.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    (target / "empty").mkdir()
    (target / "escape").symlink_to(outside, target_is_directory=True)
    (target / "secret.txt").symlink_to(outside / "secret.txt")
    (target / "draws/leak.html").symlink_to(outside / "index.html")
    (target / "alias.css").symlink_to(target / "style.css")  # inside the site: followed
    return target


def call(target: Path, request_target: str | None = "/", *, method: str = "GET", host: str | None = "127.0.0.1:8000",
         path_info: str | None = None, query: str = "", problems: list[str] | None = None,
         ) -> tuple[int, dict[str, str], bytes]:
    """Answers one request; request_target is as sent on the request line (None: a server that gives PATH_INFO only)."""
    environ = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
               "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(), "wsgi.multithread": False,
               "wsgi.multiprocess": False, "wsgi.run_once": False}
    if request_target is not None:  # as tornado's WSGIContainer decodes it, plus the target as sent
        path, _, environ["QUERY_STRING"] = request_target.partition("?")
        environ["PATH_INFO"] = unquote_to_bytes(path).decode("latin-1")
        environ["REQUEST_URI"] = request_target
    if path_info is not None:
        environ["PATH_INFO"] = path_info
    if host is not None:
        environ["HTTP_HOST"] = host
    app = site_app(target, ServeState(problems=problems or []))
    if str(environ.get("PATH_INFO", "")).startswith("/"):
        app = validator(app)  # checks the answer is well-formed WSGI (it asserts PATH_INFO starts with /)
    reply: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None):
        reply.update(status=status, headers=headers)
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    headers = dict(reply["headers"])  # type: ignore[call-overload]
    assert method == "HEAD" or int(headers.get("Content-Length", len(body))) == len(body)
    return int(str(reply["status"]).split()[0]), headers, body


def test_pages_assets_and_missing_pages(site):
    status, headers, body = call(site, "/")
    assert (status, headers["Content-Type"], body) == (200, "text/html; charset=utf-8", HOME.encode())
    assert call(site, "/style.css")[:2] == (200, {"Content-Type": "text/css; charset=utf-8",
                                                  "Cache-Control": "no-store", "Content-Length": "15"})
    assert call(site, "/draws/254/")[2] == b"<html><head></head>draw 254</html>"
    assert call(site, "/caf%C3%A9/")[2] == "<html><head></head>café</html>".encode()
    assert call(site, "/alias.css")[:1] == (200,)  # a symlink that stays inside the site
    status, headers, body = call(site, "/no/such/page/")
    assert (status, headers["Content-Type"]) == (404, "text/html; charset=utf-8") and b"Page not found" in body
    (site / "404.html").unlink()
    assert call(site, "/no/such/page/")[::2] == (404, b"Not found")


@pytest.mark.parametrize(("request_target", "query", "location"), [
    ("/draws/254", "", "/draws/254/"),
    ("/draws/254?page=2", "", "/draws/254/?page=2"),
    ("/caf%C3%A9", "", "/caf%C3%A9/"),
    ("/empty", "", "/empty/"),
    (None, "page=2", "/draws/254/?page=2"),  # PATH_INFO only
    (None, "a b", "/draws/254/"),  # a query that is not plain ASCII is not echoed into a header
])
def test_directory_redirects_to_its_slash(site, request_target, query, location):
    status, headers, _ = call(site, request_target, path_info=None if request_target else "/draws/254", query=query)
    assert (status, headers["Location"]) == (301, location)


def test_directory_without_index_is_not_listed(site):
    (site / "empty" / "page.html").write_text("<p>listed?</p>")
    status, _, body = call(site, "/empty/")
    assert status == 404 and b"Page not found" in body and b"page.html" not in body


@pytest.mark.parametrize("request_target", ["/%00", "/index.html%00", "/index.html%00.css", "/draws/%00/",
                                            "/%00/../../etc/passwd", "/%0d%0aLocation:%20x", "/%1b[31m"])
def test_nul_and_control_characters_are_bad_requests(site, request_target):
    status, headers, body = call(site, request_target)
    assert (status, headers["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert body.startswith(b"Bad request: ") and len(body) < 100


def test_nul_in_path_info_is_a_bad_request(site):
    assert call(site, None, path_info="/index.html\x00")[0] == 400


@pytest.mark.parametrize("request_target", [
    "/" + "a" * 300, "/" + "a/" * 150, "/" + "a" * 300 + "/", "/" + "%41" * 300, "/" + "%C3%A9" * 130,
    "/" + "a" * 5000, "/draws/" + "x" * 256 + ".html"])
def test_over_long_paths_are_not_found(site, request_target):
    status, _, body = call(site, request_target)
    assert status == 404 and b"Page not found" in body


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "LocalHost:5500", "127.0.0.1", "127.0.0.1:8000",
                                  "[::1]", "[::1]:8000"])
def test_local_hosts_are_served(site, host):
    assert call(site, "/", host=host)[::2] == (200, HOME.encode())


@pytest.mark.parametrize("host", [None, "", "evil.example", "evil.example:8000", "localhost.evil.example",
                                  "127.0.0.1.nip.io", "localhost.", "localhost:", "localhost:abc", "localhost:123456",
                                  "::1", "[::2]", "0.0.0.0", "127.0.0.2", "localhost,evil.example", "localhost evil"])
def test_other_hosts_are_refused(site, host):
    status, headers, body = call(site, "/", host=host)
    assert (status, headers["Content-Type"]) == (421, "text/plain; charset=utf-8")
    assert b"home page" not in body and len(body) < 100


@pytest.mark.parametrize("request_target", [
    "/../outside/secret.txt", "/../../../../etc/passwd", "/%2e%2e/outside/secret.txt", "/%2E%2E/outside/index.html",
    "/.%2e/outside/secret.txt", "/%2e%2e%2foutside%2fsecret.txt", "/..%2foutside%2fsecret.txt", "/draws%2f254/",
    "/%2fetc%2fpasswd", "/..%5coutside%5csecret.txt", "/..\\outside\\secret.txt", "/%252e%252e/outside/secret.txt",
    "//etc/passwd", "//evil.example/", "/./index.html", "/draws/./254/", "/draws//254/",
    "/escape", "/escape/", "/escape/secret.txt", "/secret.txt", "/draws/leak.html", "/escape/%2e%2e/site/index.html"])
def test_nothing_outside_the_site_is_served(site, request_target):
    status, headers, body = call(site, request_target)
    assert status == 404 and "Location" not in headers and SECRET.encode() not in body


def test_absolute_paths_stay_inside_the_site(site):
    secret = site.parent / "outside" / "secret.txt"
    assert call(site, str(secret))[0] == 404
    assert call(site, "/" + str(secret))[0] == 404
    for path_info in (str(secret), "//" + str(secret).lstrip("/"), "/../outside/secret.txt", "/escape/secret.txt"):
        assert call(site, None, path_info=path_info)[0] == 404


@pytest.mark.filterwarnings("ignore:Unknown REQUEST_METHOD")
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "BREW"])
def test_other_methods_are_not_allowed(site, method):
    status, headers, body = call(site, "/", method=method)
    assert (status, headers["Allow"]) == (405, "GET, HEAD") and b"home page" not in body


def test_head_has_the_headers_of_get_and_no_body(site):
    for request_target, status in (("/", 200), ("/style.css", 200), ("/no/such/", 404), ("/draws/254", 301)):
        got, get_headers, get_body = call(site, request_target)
        head = call(site, request_target, method="HEAD")
        assert head == (status, get_headers, b"") and got == status
        assert int(head[1]["Content-Length"]) == len(get_body) > 0


@pytest.mark.parametrize("request_target", ["/%zz", "/%", "/%4", "/index.html%", "/ab%g0", "/%ff", "/caf%e9/",
                                            "/%c3%28", "/%ed%a0%80", "http://evil.example/", "*", ""])
def test_malformed_paths_are_bad_requests(site, request_target):
    status, _, body = call(site, request_target)
    assert status == 400 and body.startswith(b"Bad request: ")


@pytest.mark.parametrize("path_info", ["/\xff", "/caf\xe9/", "/\u20ac", "index.html"])
def test_malformed_path_info_is_a_bad_request(site, path_info):
    assert call(site, None, path_info=path_info)[0] == 400


@pytest.mark.parametrize("request_target", ["/style.css?x=../../outside/secret.txt", "/style.css?%00", "/style.css?%zz",
                                            "/style.css?", "/style.css?a=%ff&b=/../"])
def test_query_strings_are_ignored(site, request_target):
    assert call(site, request_target)[::2] == (200, b"body{color:red}")
    assert call(site, None, path_info="/style.css", query=request_target.partition("?")[2])[0] == 200


def test_problems_page_while_content_is_invalid_but_hostile_requests_are_still_refused(site):
    problems = ["content/draws/2023/254.md:10: crs: 9999 is too large <oops>"]
    for request_target in ("/", "/draws/254/", "/no/such/page/"):
        status, headers, body = call(site, request_target, problems=problems)
        assert (status, headers["Content-Type"]) == (500, "text/html; charset=utf-8")
        assert b"crs: 9999 is too large &lt;oops&gt;" in body
    assert call(site, "/style.css", problems=problems)[0] == 200
    assert call(site, "/draws/254", problems=problems)[0] == 301
    assert call(site, "/../outside/index.html", problems=problems)[0] == 404
    assert call(site, "/escape/index.html", problems=problems)[0] == 404
    assert call(site, "/%00", problems=problems)[0] == 400
    assert call(site, "/", host="evil.example", problems=problems)[0] == 421
    assert call(site, "/", method="POST", problems=problems)[0] == 405


# The real server, spoken to over a socket.

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(port: int, request_line: str, *headers: str) -> tuple[int, dict[str, str], bytes]:
    """Sends one request exactly as given (Host included only if among headers); status 0 if nothing came back."""
    message = "\r\n".join([request_line, *headers, "Connection: close", "", ""])
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(message.encode("latin-1"))
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
    except OSError:
        return 0, {}, b""
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines if ": " in line)
    return (int(status_line.split()[1]) if status_line else 0), fields, body


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(project: Path, logs: Path) -> Iterator[tuple[int, subprocess.Popen[bytes], Path]]:
    """`build.py serve` run on project, with the real templates and static files, until the block ends."""
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, project / name, dirs_exist_ok=True)
    port = free_port()
    stderr = logs / "stderr.txt"
    with open(logs / "stdout.txt", "wb") as out, open(stderr, "wb") as err:
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project), "serve",
                                    "--port", str(port)], stdout=out, stderr=err)
    try:
        deadline = time.monotonic() + 20
        while http(port, "GET / HTTP/1.1", f"Host: 127.0.0.1:{port}")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        yield port, process, stderr
    finally:
        stop(process)


@pytest.fixture
def live(project, tmp_path):
    with serving(project, tmp_path) as (port, process, stderr):
        yield project, port, process, stderr


@pytest.fixture(scope="module")
def shared_port(tmp_path_factory) -> Iterator[int]:
    """One server for the tests that only read from it: a project as conftest's `project` fixture makes."""
    root = tmp_path_factory.mktemp("shared")
    project = root / "project"
    shutil.copytree(REPO / "content" / "categories", project / "content" / "categories")
    (project / "content" / "draws").mkdir()
    with serving(project, root) as (port, _, _):
        yield port


def test_real_server_refuses_hostile_requests_without_a_traceback(live, tmp_path):
    project, port, process, stderr = live
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    os.symlink(outside, project / "site/leak", target_is_directory=True)
    os.symlink(outside / "secret.txt", project / "site/secret.txt")
    (project / "site/notes.txt").write_text("<html><head></head></html>")
    host = f"Host: 127.0.0.1:{port}"

    status, headers, page = http(port, "GET / HTTP/1.1", host)
    assert status == 200 and b"livereload.js" in page  # the script is still injected into pages
    assert http(port, "HEAD / HTTP/1.1", host) == (200, headers, b"")  # GET's Content-Length, script included
    assert http(port, "GET /notes.txt HTTP/1.1", host)[2] == b"<html><head></head></html>"  # but not into text
    status, headers, _ = http(port, "GET /static HTTP/1.1", host)
    assert (status, headers["Location"]) == (301, "/static/")
    expected = {
        "GET /static/style.css?x=%00&y=%zz&z=/../../etc/passwd HTTP/1.1": 200,
        "GET /%00 HTTP/1.1": 400, "GET /index.html%00.css HTTP/1.1": 400, "GET /%zz HTTP/1.1": 400,
        "GET /%ff HTTP/1.1": 400, "GET /caf%c3%28 HTTP/1.1": 400, "GET http://evil.example/ HTTP/1.1": 400,
        f"GET /{'a' * 300} HTTP/1.1": 404, f"GET /{'a/' * 200} HTTP/1.1": 404, f"GET /{'%41' * 300} HTTP/1.1": 404,
        "GET /../../etc/passwd HTTP/1.1": 404, "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1": 404,
        "GET /..%2f..%2fetc%2fpasswd HTTP/1.1": 404, "GET /..\\..\\etc\\passwd HTTP/1.1": 404,
        "GET /..%5c..%5cetc%5cpasswd HTTP/1.1": 404, "GET //etc/passwd HTTP/1.1": 404,
        "GET //evil.example/ HTTP/1.1": 404, "GET /leak/secret.txt HTTP/1.1": 404, "GET /leak/ HTTP/1.1": 404,
        "GET /secret.txt HTTP/1.1": 404, "GET /static/ HTTP/1.1": 404,
        "DELETE / HTTP/1.1": 405, "PUT / HTTP/1.1": 405, "OPTIONS / HTTP/1.1": 405, "TRACE / HTTP/1.1": 405,
    }
    answers = {line: http(port, line, host, "Content-Length: 0") for line in expected}
    assert {line: answer[0] for line, answer in answers.items()} == expected
    assert not any(SECRET.encode() in answer[2] for answer in answers.values())

    hosts = {("Host: localhost",): 200, (f"Host: localhost:{port}",): 200, (f"Host: [::1]:{port}",): 200,
             ("Host: LOCALHOST",): 200, ("Host: evil.example",): 421, (f"Host: evil.example:{port}",): 421,
             ("Host: localhost:abc",): 421, (f"Host: 127.0.0.1.nip.io:{port}",): 421,
             ("Host: localhost", "Host: evil.example"): 400}  # tornado itself refuses two
    assert {fields: http(port, "GET / HTTP/1.1", *fields)[0] for fields in hosts} == hosts
    status, headers, body = http(port, "GET / HTTP/1.0")  # no Host at all
    assert status == 421 and headers["Content-Type"].startswith("text/plain") and len(body) < 100

    stop(process)
    assert process.returncode is not None and http(port, "GET / HTTP/1.1", host)[0] == 0  # stopped, port closed
    log = stderr.read_text(errors="replace")
    assert "421 GET / " in log  # the log read is this server's
    assert "Traceback" not in log and "Uncaught exception" not in log


def status_of(answer: bytes) -> int:
    status_line = answer.partition(b"\r\n")[0].split()
    return int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else 0


def send_body(port: int, method: str, size: int, *, chunked: bool = False) -> int:
    """Sends a request with a body of size zero bytes, 1 MB at a time so that this test holds none of it;
    the status that came back, or 0 if none did (the server may close the connection before reading it all)."""
    block = bytes(min(size, 1 << 20))
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    head = "\r\n".join([f"{method} / HTTP/1.1", f"Host: 127.0.0.1:{port}", framing, "Connection: close", "", ""])
    answer = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            try:
                conn.sendall(head.encode("latin-1"))
                sent = 0
                while sent < size:
                    piece = block[:size - sent]
                    conn.sendall(b"%x\r\n%b\r\n" % (len(piece), piece) if chunked else piece)
                    sent += len(piece)
                conn.sendall(b"0\r\n\r\n" if chunked else b"")
            except OSError:
                pass  # refused mid-body: an answer may have come before the connection closed
            while chunk := conn.recv(65536):
                answer += chunk
    except OSError:
        pass
    return status_of(answer)


def memory(pid: int) -> tuple[int, int]:
    """The process's resident memory now (VmRSS) and at its most so far (VmHWM), in bytes."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads the server's memory from /proc")
def test_large_request_bodies_are_refused_without_being_held(live):
    _, port, process, stderr = live
    host = f"Host: 127.0.0.1:{port}"
    for _ in range(3):  # the server's first answers allocate what later ones reuse
        assert http(port, "GET / HTTP/1.1", host)[0] == 200
    assert send_body(port, "POST", 5) == 405  # a small body is still read, and the method refused
    rss, peak = memory(process.pid)
    requests = [("POST", False), ("PUT", True), ("GET", False), ("POST", True)]
    statuses = [send_body(port, method, 60 << 20, chunked=chunked) for method, chunked in requests]
    rss_after, peak_after = memory(process.pid)
    grown = {"resident": (rss_after - rss) >> 20, "peak": (peak_after - peak) >> 20}  # MB
    assert max(grown.values()) < 60, grown  # a 60 MB body read would show, held or freed
    assert all(status == 0 or 400 <= status < 500 for status in statuses), statuses  # refused, or cut off
    status, _, page = http(port, "GET / HTTP/1.1", host)
    assert status == 200 and b"livereload.js" in page  # still serving
    assert "Traceback" not in stderr.read_text(errors="replace")


NOT_SERVED = ["a" * 300, "a" * 300 + "/", "draws/" + "x" * 256 + ".html", "a/" * (MAX_PATH // 2), "../x",
              "../../etc/passwd", "./x", "%2e%2e/x", "a%2fb/", "a\\b", "..%5cx", "/x", "no/such/page/"]


@pytest.mark.parametrize(("request_target", "lang"), [
    *[(f"/fr/{rest}", "fr") for rest in NOT_SERVED],
    *[(f"/{rest}", "en") for rest in NOT_SERVED],
    *[(f"/fra/{rest}", "en") for rest in NOT_SERVED],  # only starts as fr/ does
])
def test_not_found_page_is_in_the_language_of_the_path(shared_port, request_target, lang):
    status, headers, body = http(shared_port, f"GET {request_target} HTTP/1.1", f"Host: 127.0.0.1:{shared_port}")
    assert (status, headers["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert f'<html lang="{lang}"'.encode() in body
