"""`build.py serve`: a real server on a free port, edited, broken and fixed; the test stops it itself."""
from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import REPO, make_tree
from tornado.websocket import websocket_connect

DRAWS = ("2023/254.md", "2023/272.md", "2023/273.md", "2023/274.md")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def wait_for(url: str, predicate, seconds: float = 15) -> tuple[int, str]:
    """Polls in a bounded loop until predicate(status, body) holds; returns the last response."""
    deadline = time.monotonic() + seconds
    status, body = fetch(url)
    while not predicate(status, body) and time.monotonic() < deadline:
        time.sleep(0.2)
        status, body = fetch(url)
    return status, body


@pytest.fixture
def server(project):
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, project / name, dirs_exist_ok=True)
    for draw in DRAWS:
        make_tree(project, {f"content/draws/{draw}": (REPO / "content/draws" / draw).read_text()})
    port = free_port()
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project), "serve",
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield project, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_rebuilds_shows_errors_and_recovers(server):
    project, base = server
    page = f"{base}/draws/254/"
    status, body = wait_for(page, lambda s, b: s == 200)
    assert status == 200 and "Express Entry draw #254" in body
    assert "livereload.js" in body  # the browser reloads itself

    draw = project / "content/draws/2023/254.md"
    original = draw.read_text()
    draw.write_text(original + "\nEdited while serving.\n")
    status, body = wait_for(page, lambda s, b: "Edited while serving." in b)
    assert "Edited while serving." in body

    draw.write_text(original.replace("crs: 486", "crs: 9999"))
    status, body = wait_for(page, lambda s, b: s == 500)
    assert status == 500
    assert "content/draws/2023/254.md:10: crs: 9999 is too large (expected an integer from 0 to 1200)" in body
    assert "livereload.js" in body  # so the page comes back by itself once fixed
    assert fetch(f"{base}/static/style.css")[0] == 200  # assets are still served

    draw.write_text(original)
    status, body = wait_for(page, lambda s, b: s == 200)
    assert status == 200 and "Express Entry draw #254" in body and "Edited while serving." not in body


def test_serve_returns_404_for_unknown_pages(server):
    _, base = server
    wait_for(base + "/", lambda s, b: s == 200)
    status, body = fetch(base + "/no/such/page/")
    assert status == 404 and "Page not found" in body
    assert fetch(base + "/../../etc/passwd")[0] == 404


async def listen(base: str):  # type: ignore[no-untyped-def]
    """Connects as the livereload script in a page does, and returns the connection."""
    connection = await websocket_connect(base.replace("http://", "ws://") + "/livereload")
    connection.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    assert json.loads(await connection.read_message())["command"] == "hello"
    connection.write_message(json.dumps({"command": "info", "url": base + "/"}))
    return connection


async def reload_message(connection, seconds: float = 30) -> bool:  # type: ignore[no-untyped-def]
    """Whether a reload comes within `seconds`."""
    try:
        while True:
            message = await asyncio.wait_for(connection.read_message(), seconds)
            if message is None or json.loads(message)["command"] == "reload":
                return message is not None
    except TimeoutError:
        return False


def test_an_edited_draw_reloads_the_browser_with_its_page_before_the_rebuild_ends(server):
    project, base = server
    page = f"{base}/draws/254/"
    assert wait_for(page, lambda s, b: s == 200)[0] == 200

    async def edit_and_listen() -> tuple[str, bool, bool]:
        connection = await listen(base)
        draw = project / "content/draws/2023/254.md"
        draw.write_text(draw.read_text() + "\nSeen at once.\n")
        assert await reload_message(connection)  # the quick path's pages
        shown = fetch(page)[1]
        rebuilt = await reload_message(connection)  # the rebuild's, whole site
        (project / "templates/base.html").write_text((project / "templates/base.html").read_text() + "\n")
        generator = await reload_message(connection) and not await reload_message(connection, 3)
        connection.close()
        return shown, rebuilt, generator

    # On a thread of its own: the browser tests' Playwright may keep an event loop running on this one.
    with ThreadPoolExecutor(1) as thread:
        shown, rebuilt, generator = thread.submit(asyncio.run, edit_and_listen()).result()
    assert "Seen at once." in shown and "livereload.js" in shown
    assert rebuilt and "Seen at once." in fetch(page)[1]
    assert generator  # a template's edit: one reload, once the rebuild is done


def test_saves_are_still_seen_by_polling_when_inotify_refuses(tmp_path, monkeypatch, capsys):
    from drawarchive.serve import watch

    def watch_files(*paths, force_polling=False, **options):  # type: ignore[no-untyped-def]
        if not force_polling:
            raise OSError(28, "inotify watch limit reached")
        yield {(watch.watchfiles.Change.modified, str(tmp_path / "content" / "draws" / "2023" / "254.md"))}

    class Loop:
        def add_callback(self, callback, paths):  # type: ignore[no-untyped-def]
            self.seen = paths

    monkeypatch.setattr(watch.watchfiles, "watch", watch_files)
    loop = Loop()
    watch.Watcher(tmp_path, rebuilds=None).follow(loop, [tmp_path / "content"], True, None)  # type: ignore[arg-type]
    assert loop.seen == [tmp_path / "content" / "draws" / "2023" / "254.md"]
    assert "serve: watching by polling ([Errno 28] inotify watch limit reached)" in capsys.readouterr().err
