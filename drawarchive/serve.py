"""`build.py serve`: build, serve site/ on 127.0.0.1 with livereload, and rebuild on every change.

Rebuilds go through build_site, which re-renders only the files whose inputs changed.
While the content is invalid the server keeps running and every page shows the problems.
"""
from __future__ import annotations

import logging
import mimetypes
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from livereload import Server

from .config import SiteConfig
from .render import TemplateFailure
from .site import InvalidContent, build_site
from .source import ParseCache

WATCHED = ("content", "templates", "static", "site.yml")


@dataclass
class ServeState:
    """The outcome of the last build (the problems to show instead of pages, if any) and parsed files."""

    problems: list[str] = field(default_factory=list)
    cache: ParseCache = field(default_factory=dict)
    built: bool = False


def rebuild(root: Path, config: SiteConfig, target: Path, state: ServeState) -> None:
    """The first build indexes the site for search; later ones keep that index, to stay quick."""
    try:
        result = build_site(root, config, target, search=not state.built, cache=state.cache)
    except InvalidContent as error:
        state.problems = [str(p) for p in error.problems]
        print("\n".join(state.problems), f"serve: {len(state.problems)} problems; showing them in the browser",
              sep="\n", file=sys.stderr, flush=True)
        return
    except TemplateFailure as error:  # a template error must not stop the server either
        state.problems = [str(error)]
        print(state.problems[0], file=sys.stderr, flush=True)
        return
    state.problems, state.built = [], True
    print(result.summary(), flush=True)


def error_page(problems: list[str]) -> bytes:
    items = "".join(f"<li><code>{escape(p)}</code></li>\n" for p in problems)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Build failed: {len(problems)} problems</title>\n"
            '<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}'
            "li{margin:.5rem 0}code{white-space:pre-wrap}</style>\n</head>\n<body>\n"
            f"<h1>The content has {len(problems)} problem{'s' * (len(problems) != 1)}</h1>\n<ul>\n{items}</ul>\n"
            "<p>Fix them and save; this page reloads by itself.</p>\n</body>\n</html>\n").encode()


def site_app(target: Path, state: ServeState) -> Callable[..., Iterable[bytes]]:
    """A WSGI app serving the built site, or the problems while the content is invalid."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = unquote(environ.get("PATH_INFO") or "/")
        file = _resolve(target, path)
        is_page = file is None or file.suffix == ".html"
        if state.problems and is_page:
            return _respond(start_response, "500 Internal Server Error", error_page(state.problems), "text/html")
        if file is not None and file.is_dir():
            start_response("301 Moved Permanently", [("Location", path + "/")])
            return [b""]
        if file is None or not file.is_file():
            missing = target / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
            return _respond(start_response, "404 Not Found", body, "text/html")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return _respond(start_response, "200 OK", file.read_bytes(), kind)

    return app


def _resolve(target: Path, path: str) -> Path | None:
    candidate = (target / path.lstrip("/")).resolve()
    if not candidate.is_relative_to(target.resolve()):
        return None
    return candidate / "index.html" if path.endswith("/") else candidate


def _respond(start_response: Callable[..., Any], status: str, body: bytes, kind: str) -> list[bytes]:
    charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("xml", "json")) else ""
    start_response(status, [("Content-Type", kind + charset), ("Cache-Control", "no-store")])
    return [body]


def serve(root: Path, config: SiteConfig, port: int) -> int:
    host = "127.0.0.1"
    config = config.with_overrides(base_url=f"http://{host}:{port}", path="/")
    target, state = root / "site", ServeState()
    rebuild(root, config, target, state)
    server = Server(app=site_app(target, state))
    for name in WATCHED:
        server.watch(str(root / name), lambda: rebuild(root, config, target, state))
    logging.getLogger("livereload").setLevel(logging.WARNING)
    print(f"serve: http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0
