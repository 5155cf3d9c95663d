"""`build.py serve`: build, serve site/ on 127.0.0.1 with livereload, and rebuild on every change.

Rebuilds go through build_site, which re-renders only the files whose inputs changed, on a thread
of their own (rebuilds.py). An edit to a draw is shown before its rebuild ends, by the quick path
(preview.py). While the content is invalid the server keeps running and every page shows the
problems (app.py). Saves are seen by watch.py; the browser reloads through reload.py.
"""
from __future__ import annotations

import logging
from pathlib import Path

from livereload.handlers import LiveReloadHandler

from drawarchive.config import SiteConfig
from drawarchive.serve.app import site_app
from drawarchive.serve.rebuilds import Rebuilds, ServeState
from drawarchive.serve.reload import LiveReloadServer
from drawarchive.serve.watch import Watcher


def serve(root: Path, config: SiteConfig, port: int) -> int:
    """Builds, then serves until Ctrl-C; 0 as the exit status."""
    host = "127.0.0.1"
    config = config.with_overrides(base_url=f"http://{host}:{port}", path="/")
    target, state = root / "site", ServeState()
    rebuilds = Rebuilds(root, config, target, state, reload=lambda: LiveReloadHandler.reload_waiters("*"))
    rebuilds.first()
    server = LiveReloadServer(app=site_app(target, state), watcher=Watcher(root, rebuilds))
    logging.getLogger("livereload").setLevel(logging.WARNING)
    print(f"serve: http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0
