"""How long `serve` takes from a saved edit to the reload: prints figures; asserts nothing about time.

On a synthetic archive (4,000 draws unless told), this runs the real `build.py serve`, connects to
it as a browser's livereload script does, and saves edits of one draw's `crs:`. It times, from the
save to the first reload after which the draw's page shows the edit:

  - edits one at a time, each after the previous one's rebuild (and to that rebuild's reload);
  - edits 0.3 s apart, each made while the rebuilds of the ones before run.

The quick path's own time (drawarchive/preview.py) is timed apart, in this process.

    python benchmarks/serve_edit.py                 # 4,000 draws, 5 edits
    python benchmarks/serve_edit.py --draws 400 --edits 9
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_benchmark  # noqa: E402

from drawarchive.config import load_config  # noqa: E402
from drawarchive.serve.preview import preview  # noqa: E402
from drawarchive.serve.rebuilds import rebuild  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def crs_of(path: Path) -> str:
    return re.search(r"^crs: (\d+)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)  # type: ignore[union-attr]


async def next_reload(socket: object, seconds: float = 120) -> None:
    while True:
        message = await asyncio.wait_for(socket.read_message(), seconds)  # type: ignore[attr-defined]
        if message is None:
            raise SystemExit("serve closed the connection")
        if json.loads(message).get("command") == "reload":
            return


def shows(page: str, path: Path) -> bool:
    with urllib.request.urlopen(page, timeout=30) as response:
        return f">{crs_of(path)}<" in response.read().decode()


async def save_to_page(socket: object, path: Path, page: str, edit: int) -> float:
    """Saves an edit, and times it to the first reload after which the page shows it."""
    build_benchmark.rewrite_draw(path, 1 if edit % 2 == 0 else -1)
    saved = time.perf_counter()
    await next_reload(socket)
    while not shows(page, path):
        await next_reload(socket)
    return time.perf_counter() - saved


async def time_edits(base: str, path: Path, page: str, edits: int) -> dict[str, list[float]]:
    socket = await websocket_connect(base.replace("http", "ws") + "/livereload")
    socket.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    await socket.read_message()
    socket.write_message(json.dumps({"command": "info", "url": page}))
    figures: dict[str, list[float]] = {"apart": [], "rebuilt": [], "burst": []}
    for edit in range(edits):  # one at a time: each after the last one's rebuild
        await asyncio.sleep(1.0)
        figures["apart"].append(await save_to_page(socket, path, page, edit))
        started = time.perf_counter() - figures["apart"][-1]
        await next_reload(socket)
        figures["rebuilt"].append(time.perf_counter() - started)
    for edit in range(edits):  # 0.3 s apart, while the rebuilds they start run
        figures["burst"].append(await save_to_page(socket, path, page, edit))
        await asyncio.sleep(0.3)
    socket.close()
    return figures


def time_quick_path(root: Path, path: Path, edits: int) -> list[float]:
    """The quick path alone, from the watcher's report to the pages, in this process, as serve runs it."""
    config, _ = load_config(root)
    config = config.with_overrides(base_url="http://127.0.0.1:1", path="/")
    cache: dict = {}
    snapshot = rebuild(root, config, root / "site", cache).snapshot
    seconds = []
    for edit in range(edits):
        build_benchmark.rewrite_draw(path, 1 if edit % 2 == 0 else -1)
        started = time.perf_counter()
        pages = preview(root, config, snapshot, [path])  # type: ignore[arg-type]
        seconds.append(time.perf_counter() - started)
        assert any(f">{crs_of(path)}<" in page.decode() for page in pages.values()), "the edit is not on the page"
        snapshot = rebuild(root, config, root / "site", cache, previous=snapshot).snapshot
    return seconds


def show(name: str, seconds: list[float]) -> None:
    print(f"{name}: median {statistics.median(seconds) * 1000:,.0f} ms "
          f"(from {min(seconds) * 1000:,.0f} to {max(seconds) * 1000:,.0f} ms, {len(seconds)} edits)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=4_000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    root = build_benchmark.make_project(args.draws)
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base, path = f"http://127.0.0.1:{port}", build_benchmark.middle_draw(root, args.draws)
        page = f"{base}/draws/{path.stem.lstrip('0')}/"
        started = time.perf_counter()
        while True:
            try:
                urllib.request.urlopen(page, timeout=5).close()
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 600:
                    raise SystemExit("serve did not start") from None
                time.sleep(0.2)
        print(f"{args.draws:,} draws: serve's first build and start {time.perf_counter() - started:.1f} s")
        figures = asyncio.run(time_edits(base, path, page, args.edits))
    finally:
        server.terminate()
        server.wait()
    show("save to the reload with the edit, one edit at a time", figures["apart"])
    show("save to the rebuild's reload", figures["rebuilt"])
    show("save to the reload with the edit, edits 0.3 s apart during rebuilds", figures["burst"])
    show("quick path alone, from the watcher's report to the pages", time_quick_path(root, path, args.edits))
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
