"""`build.py serve`: build, serve site/ on 127.0.0.1 with livereload, and rebuild on every change.

Rebuilds go through build_site, which re-renders only the files whose inputs changed, on a thread
of their own. An edit to a draw is shown before its rebuild ends, by the quick path (preview.py).
While the content is invalid the server keeps running and every page shows the problems.
"""
from __future__ import annotations

import logging
import mimetypes
import re
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import httputil, web
from tornado.concurrent import Future
from tornado.ioloop import IOLoop
from tornado.log import access_log
from tornado.wsgi import WSGIContainer

from drawarchive.build.site import InvalidContent, build_site
from drawarchive.config import SiteConfig
from drawarchive.content.files import ParseCache
from drawarchive.content.read import read_content
from drawarchive.render.templates import TemplateFailure
from drawarchive.serve.preview import Change, Snapshot, content_names, preview, take_snapshot

# Host headers served, with or without a port: any other name could be one that DNS rebinding points here.
LOCAL_HOST = re.compile(r"(?:localhost|127\.0\.0\.1|\[::1\])(?::[0-9]{1,5})?", re.IGNORECASE)
MAX_PATH = 1024  # characters: no file in the site has a longer path
MAX_NAME = 255  # bytes in one file name, the usual file system limit
BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
HEAD_END = b"</head>"
Answer = tuple[str, list[tuple[str, str]], bytes]


@dataclass
class ServeState:
    """What the server shows: the last build's problems (shown instead of pages), the quick path's pages
    (preview.py) until a rebuild covers their edit, and what the next quick path starts from."""

    problems: list[str] = field(default_factory=list)
    quick: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # output path -> (edit number, page)
    edits: int = 0
    snapshot: Snapshot | None = None

    def take(self, outcome: Outcome, edits: int) -> None:
        """A rebuild's outcome; it started after edit number `edits`, so it covers the quick pages up to it."""
        self.problems = outcome.problems
        self.snapshot = outcome.snapshot or self.snapshot
        self.quick = {path: page for path, page in self.quick.items() if page[0] > edits}
        print(outcome.report, file=sys.stderr if outcome.problems else sys.stdout, flush=True)


@dataclass(frozen=True, slots=True)
class Outcome:
    problems: list[str]
    snapshot: Snapshot | None
    report: str


def rebuild(root: Path, config: SiteConfig, target: Path, cache: ParseCache, *, search: bool = False,
            previous: Snapshot | None = None) -> Outcome:
    """One build, and the snapshot the quick path starts from. Only the first of serve's builds indexes
    the site for search; later ones keep that index, to stay quick."""
    files = content_names(root)  # before reading: a file added while it reads is then known to be new
    try:
        result = build_site(root, config, target, search=search, cache=cache)
        archive = result.archive or (None if previous else read_content(root, cache=cache)[0])
    except InvalidContent as error:
        problems = [str(p) for p in error.problems]
        return Outcome(problems, None, "\n".join([*problems, f"serve: {len(problems)} problems; showing them in the "
                                                                "browser"]))
    except TemplateFailure as error:  # a template error must not stop the server either
        return Outcome([str(error)], None, str(error))
    snapshot = take_snapshot(root, config, archive, files, previous) if archive else previous
    return Outcome([], snapshot, result.summary())


class Rebuilds:
    """serve's rebuilds, one at a time on a thread of their own so that pages are served meanwhile; before
    one, the quick path shows an edited draw's pages at once and reloads the browser (see preview.py)."""

    def __init__(self, root: Path, config: SiteConfig, target: Path, state: ServeState,
                 reload: Callable[[], None]) -> None:
        self.root, self.config, self.target, self.state, self.reload = root, config, target, state, reload
        self.cache: ParseCache = {}
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rebuild")
        self.running = self.again = False
        self.changes: list[Change] = []  # what the watcher reported since the snapshot's build began

    def first(self) -> None:
        self.state.take(rebuild(self.root, self.config, self.target, self.cache, search=True), 0)

    def changed(self, changes: list[Change]) -> None:
        """What the watcher saw: the quick path's pages if it can make them, and a rebuild in any case."""
        self.changes += changes
        try:
            self._show_quick_pages()
        finally:
            self.request()

    def _show_quick_pages(self) -> None:
        state = self.state
        if state.snapshot is None or state.problems:
            return
        pages = preview(self.root, self.config, state.snapshot, self.changes)
        if pages:
            state.edits += 1
            state.quick |= {path: (state.edits, page) for path, page in pages.items()}
            self.reload()

    def request(self) -> None:
        """Runs a rebuild now, or once the running one ends: edits made while it read may not be in it."""
        if self.running:
            self.again = True
            return
        self.running, edits, seen, loop = True, self.state.edits, len(self.changes), IOLoop.current()
        work = partial(rebuild, self.root, self.config, self.target, self.cache, previous=self.state.snapshot)
        loop.add_future(loop.run_in_executor(self.executor, work), partial(self._done, edits=edits, seen=seen))

    def _done(self, future: Future[Outcome], edits: int, seen: int) -> None:
        """The build began after edit number `edits`, and after the first `seen` of the watcher's changes."""
        self.running = False
        try:
            outcome = future.result()
            self.state.take(outcome, edits)
            if not outcome.problems:  # its snapshot is the quick path's now
                self.changes = self.changes[seen:]
        finally:
            self.reload()
            if self.again:
                self.again = False
                self.request()


def error_page(problems: list[str]) -> bytes:
    items = "".join(f"<li><code>{escape(p)}</code></li>\n" for p in problems)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Build failed: {len(problems)} problems</title>\n"
            '<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}'
            "li{margin:.5rem 0}code{white-space:pre-wrap}</style>\n</head>\n<body>\n"
            f"<h1>The content has {len(problems)} problem{'s' * (len(problems) != 1)}</h1>\n<ul>\n{items}</ul>\n"
            "<p>Fix them and save; this page reloads by itself.</p>\n</body>\n</html>\n").encode()


def site_app(target: Path, state: ServeState) -> Callable[..., Iterable[bytes]]:
    """A WSGI app serving the built site, or the problems while the content is invalid.

    It answers only GET and HEAD, only to a local Host (a page on another site that a browser is led to
    127.0.0.1 by DNS rebinding must not read the archive), and only with files inside target.
    """

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        status, headers, body = _answer(target, state, environ)
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    return app


class _BadRequest(Exception):
    """A request path that is not well-formed: 400."""


class _NotServed(Exception):
    """A well-formed request path that can name nothing inside the site: 404."""


def _answer(target: Path, state: ServeState, environ: dict[str, Any]) -> Answer:
    if not LOCAL_HOST.fullmatch(environ.get("HTTP_HOST", "")):
        return _text("421 Misdirected Request", "This server answers only to localhost, 127.0.0.1 and [::1].")
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        status, headers, body = _text("405 Method Not Allowed", "Only GET and HEAD are allowed.")
        return status, [*headers, ("Allow", "GET, HEAD")], body
    try:
        names, directory = _request_names(environ)
        found = _find(target, names)
        if found is not None and found.is_dir() and not directory:
            status, headers, body = _text("301 Moved Permanently", "A directory: its address ends with a slash.")
            return status, [*headers, ("Location", _location(names, environ))], body
        file = _find(target, [*names, "index.html"]) if directory else found
        if file is not None and not file.is_file():  # a directory, a FIFO, a device: nothing to send
            file = None
    except _BadRequest as error:
        return _text("400 Bad Request", f"Bad request: {error}.")
    except (_NotServed, OSError):  # OSError: a stat refused (permissions, say)
        return _not_found(target)
    if state.problems and (file is None or file.suffix == ".html"):
        return _page("500 Internal Server Error", error_page(state.problems), "text/html")
    if file is None:
        return _not_found(target)
    try:
        quick = state.quick.get(file.relative_to(target.resolve()).as_posix())
        body = quick[1] if quick else file.read_bytes()
    except OSError:  # unreadable, or gone since it was found
        return _not_found(target)
    return _page("200 OK", body, mimetypes.guess_type(file.name)[0] or "application/octet-stream")


def _request_names(environ: dict[str, Any]) -> tuple[list[str], bool]:
    """The names the request path walks through inside the site, and whether it asks for a directory's index.

    REQUEST_URI, the request target as sent, is read when the server gives it (the container in serve() does),
    so that an encoded slash (%2f) is told from a slash and a malformed escape is refused;
    PATH_INFO, already decoded (WSGI gives it as latin-1 text), otherwise. The query string plays no part.
    """
    raw = environ.get("REQUEST_URI")
    encoded = raw is not None
    path = str(raw).partition("?")[0] if encoded else environ.get("PATH_INFO") or "/"
    if not path.startswith("/"):
        raise _BadRequest("the path must start with /")
    if len(path) > MAX_PATH:
        raise _NotServed
    try:
        data = path.encode("latin-1")
    except UnicodeEncodeError:
        raise _BadRequest("the path has characters that are not bytes") from None
    if encoded and BAD_ESCAPE.search(data):
        raise _BadRequest("% not followed by two hexadecimal digits")
    names = []
    for segment in data[1:].split(b"/"):
        try:
            name = (unquote_to_bytes(segment) if encoded else segment).decode("utf-8")
        except UnicodeDecodeError:
            raise _BadRequest("the path is not UTF-8") from None
        if CONTROL.search(name):
            raise _BadRequest("the path has a control character")
        names.append(name)
    directory = names[-1] == ""
    if directory:
        names.pop()
    for name in names:  # "" is an empty segment (//): the start of an absolute path, or a redirect to another host
        if name in ("", ".", "..") or "/" in name or "\\" in name or len(name.encode()) > MAX_NAME:
            raise _NotServed
    return names, directory


def _find(target: Path, names: list[str]) -> Path | None:
    """What names lead to inside target, symlinks followed, or None if nothing; _NotServed if a symlink leads out."""
    try:
        root = target.resolve()
        found = root.joinpath(*names).resolve()
        exists = found.exists()
    except (OSError, ValueError):  # ValueError: a NUL byte (_request_names refuses those first)
        return None
    if not found.is_relative_to(root):
        raise _NotServed
    return found if exists else None


def _location(names: list[str], environ: dict[str, Any]) -> str:
    """The directory's own address, with a slash; the query string is kept when it is plain printable ASCII."""
    path = "/" + "".join(quote(name, safe="!$&'()*+,;=:@") + "/" for name in names)
    raw = environ.get("REQUEST_URI")
    query = str(raw).partition("?")[2] if raw is not None else environ.get("QUERY_STRING", "")
    return path + "?" + query if query and re.fullmatch(r"[!-~]+", query) else path


def _not_found(target: Path) -> Answer:
    try:
        page = _find(target, ["404.html"])
        body = page.read_bytes() if page is not None and page.is_file() else b"Not found"
    except (_NotServed, OSError):
        body = b"Not found"
    return _page("404 Not Found", body, "text/html")


def _text(status: str, message: str) -> Answer:
    return _page(status, (message + "\n").encode(), "text/plain")


def _page(status: str, body: bytes, kind: str) -> Answer:
    charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("xml", "json")) else ""
    return status, [("Content-Type", kind + charset), ("Cache-Control", "no-store")], body


class _LiveReloadContainer:
    """Runs the WSGI app for tornado, as livereload's LiveScriptContainer does, with three differences:
    the app gets the request target as sent (REQUEST_URI); the livereload script goes into HTML only
    (livereload's goes into any body with </head>); and HEAD gets GET's headers and no body
    (livereload's sends the body, which tornado refuses with a traceback).
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], script: bytes) -> None:
        self.app, self.script, self.wsgi = app, script, WSGIContainer(app)

    def __call__(self, request: httputil.HTTPServerRequest) -> None:
        try:
            environ = self.wsgi.environ(request)
        except ValueError:  # a Host whose port is not a number, which tornado cannot read: site_app refuses it
            environ = {"REQUEST_METHOD": request.method, "HTTP_HOST": request.headers.get("Host", "")}
        environ["REQUEST_URI"] = request.uri or "/"
        head = request.method == "HEAD"
        if head:  # answered as GET, so that Content-Length counts the script as well
            environ["REQUEST_METHOD"] = "GET"
        reply: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[..., None]:
            reply[:] = [status, headers]
            return lambda data: None

        chunks = self.app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        status, headers = reply
        code, reason = status.split(" ", 1)
        fields = httputil.HTTPHeaders()
        for name, value in headers:
            if name.lower() != "content-length":
                fields.add(name, value)
        if fields.get("Content-Type", "").startswith("text/html") and HEAD_END in body:
            body = body.replace(HEAD_END, self.script + HEAD_END, 1)
        fields["Content-Length"] = str(len(body))
        assert request.connection is not None
        request.connection.write_headers(httputil.ResponseStartLine("HTTP/1.1", int(code), reason), fields,
                                         chunk=None if head else body)
        request.connection.finish()
        log = access_log.info if int(code) < 400 else access_log.warning if int(code) < 500 else access_log.error
        log("%s %s %s (%s)", code, request.method, CONTROL.sub("?", request.uri or ""), request.remote_ip)


class _LiveReloadServer(Server):  # type: ignore[misc]  # livereload has no type hints
    """livereload's Server, with the WSGI app run by _LiveReloadContainer."""

    def get_web_handlers(self, script: bytes) -> list[Any]:
        return [(r".*", web.FallbackHandler, {"fallback": _LiveReloadContainer(self.app, script)})]


def serve(root: Path, config: SiteConfig, port: int) -> int:
    host = "127.0.0.1"
    config = config.with_overrides(base_url=f"http://{host}:{port}", path="/")
    target, state = root / "site", ServeState()
    rebuilds = Rebuilds(root, config, target, state, reload=lambda: LiveReloadHandler.reload_waiters("*"))
    rebuilds.first()
    server = _LiveReloadServer(app=site_app(target, state), watcher=_Watcher(root, rebuilds))
    logging.getLogger("livereload").setLevel(logging.WARNING)
    print(f"serve: http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0


class _Watcher(Watcher):  # type: ignore[misc]  # livereload has no type hints
    """Sees a save the moment it happens, through watchfiles (inotify on Linux); livereload's own watcher
    polls every 800 ms, stat'ing every file under content/ on the server's thread each time."""

    QUIET_MS = 20  # changes are passed on once none has come for this long: one save is one batch

    def __init__(self, root: Path, rebuilds: Rebuilds) -> None:
        super().__init__()
        self.root, self.rebuilds = root, rebuilds

    def start(self, callback: object) -> bool:
        """Called by livereload once the server runs; True tells it not to poll."""
        loop, folders = IOLoop.current(), [self.root / name for name in ("content", "templates", "static")]
        watches = (([p for p in folders if p.is_dir()], True, None),  # site.yml is watched through its folder,
                   ([self.root], False, lambda _, path: Path(path).name == "site.yml"))  # as a save replaces it
        for paths, recursive, only in watches:
            threading.Thread(target=self._watch, args=(loop, paths, recursive, only), daemon=True).start()
        return True

    def _watch(self, loop: IOLoop, paths: list[Path], recursive: bool, only: Callable[..., bool] | None) -> None:
        watch = partial(watchfiles.watch, *paths, watch_filter=only or watchfiles.DefaultFilter(), recursive=recursive,
                        step=self.QUIET_MS, raise_interrupt=False)
        try:
            self._pass_on(loop, watch())
        except OSError as error:  # no inotify watch left, say: polling sees the saves too, later
            print(f"serve: watching by polling ({error})", file=sys.stderr, flush=True)
            self._pass_on(loop, watch(force_polling=True))

    def _pass_on(self, loop: IOLoop, batches: Iterable[set[tuple[watchfiles.Change, str]]]) -> None:
        for changes in batches:
            loop.add_callback(self._changed, [Path(path) for _, path in changes])

    def _changed(self, paths: list[Path]) -> None:
        content = self.root / "content"
        self.rebuilds.changed([path if path.is_relative_to(content) else None for path in paths])
