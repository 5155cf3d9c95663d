"""The WSGI app serve runs: the built site, or the content's problems while it is invalid, answered
only to local requests for files inside the site, whatever the request path holds."""
from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, unquote_to_bytes

from drawarchive.languages.registry import languages
from drawarchive.model.values import SOURCE_LANG
from drawarchive.pages.urls import page as page_address
from drawarchive.serve.rebuilds import ServeState

# Host headers served, with or without a port: any other name could be one that DNS rebinding points here.
LOCAL_HOST = re.compile(r"(?:localhost|127\.0\.0\.1|\[::1\])(?::[0-9]{1,5})?", re.IGNORECASE)
MAX_PATH = 1024  # characters: no file in the site has a longer path
MAX_NAME = 255  # bytes in one file name, the usual file system limit
BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
Answer = tuple[str, list[tuple[str, str]], bytes]


def error_page(problems: list[str]) -> bytes:
    items = "".join(f"<li><code>{escape(p)}</code></li>\n" for p in problems)
    return (f'<!DOCTYPE html>\n<html lang="{SOURCE_LANG}">\n<head>\n<meta charset="utf-8">\n'
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
        return _not_found(target, environ)
    if state.problems and (file is None or file.suffix == ".html"):
        return _page("500 Internal Server Error", error_page(state.problems), "text/html")
    if file is None:
        return _not_found(target, environ)
    try:
        quick = state.quick.get(file.relative_to(target.resolve()).as_posix())
        body = quick[1] if quick else file.read_bytes()
    except OSError:  # unreadable, or gone since it was found
        return _not_found(target, environ)
    return _page("200 OK", body, mimetypes.guess_type(file.name)[0] or "application/octet-stream")


def _request_path(environ: dict[str, Any]) -> tuple[str, bool]:
    """The request path, and whether it is still percent-encoded: REQUEST_URI's, the request target as sent,
    when the server gives it (reload.py's container does); PATH_INFO, already decoded (WSGI gives it as latin-1
    text), otherwise. The query string plays no part.
    """
    raw = environ.get("REQUEST_URI")
    return (str(raw).partition("?")[0], True) if raw is not None else (str(environ.get("PATH_INFO") or "/"), False)


def _request_names(environ: dict[str, Any]) -> tuple[list[str], bool]:
    """The names the request path walks through inside the site, and whether it asks for a directory's index.

    The path as sent is read when there is one (_request_path), so that an encoded slash (%2f) is told from
    a slash and a malformed escape is refused.
    """
    path, encoded = _request_path(environ)
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


def _not_found(target: Path, environ: dict[str, Any]) -> Answer:
    """The 404 page of the language whose pages the address is among (fr/… gets French)."""
    path, encoded = _request_path(environ)
    # Leniently: the path may be one _request_names refused (too long, "..", a backslash); only its start counts.
    text = unquote(path, errors="replace") if encoded else path.encode("latin-1", "replace").decode(errors="replace")
    asked = text.removeprefix("/") + "/"
    lang = next((found.code for found in languages() if found.prefix and asked.startswith(found.prefix)), None)
    try:
        page = _find(target, page_address("404", lang=lang).split("/"))
        body = page.read_bytes() if page is not None and page.is_file() else b"Not found"
    except (_NotServed, OSError):
        body = b"Not found"
    return _page("404 Not Found", body, "text/html")


def _text(status: str, message: str) -> Answer:
    return _page(status, (message + "\n").encode(), "text/plain")


def _page(status: str, body: bytes, mime: str) -> Answer:
    charset = "; charset=utf-8" if mime.startswith("text/") or mime.endswith(("xml", "json")) else ""
    return status, [("Content-Type", mime + charset), ("Cache-Control", "no-store")], body
