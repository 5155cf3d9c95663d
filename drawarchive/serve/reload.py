"""livereload's Server, running serve's WSGI app (app.py) through a container of our own, so that
requests reach it as sent and the livereload script goes into HTML pages only."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from livereload import Server
from tornado import httputil, web
from tornado.httpserver import HTTPServer
from tornado.log import access_log
from tornado.wsgi import WSGIContainer

from drawarchive.serve.app import CONTROL

HEAD_END = b"</head>"
# serve answers only GET and HEAD, which need no body: a larger one is refused (400, connection closed) unread,
# where tornado's default (100 MB) would hold it all in memory first.
MAX_BODY = 64 * 1024
MAX_BUFFER = 1024 * 1024  # what tornado reads ahead of a request: headers (64 KB at most) and body pieces (64 KB)


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


class LiveReloadServer(Server):  # type: ignore[misc]  # livereload has no type hints
    """livereload's Server, with the WSGI app run by _LiveReloadContainer, and small limits on what a request sends."""

    def application(self, *args: Any, **kwargs: Any) -> None:
        # livereload makes its HTTPServers inside this method with no way to pass limits: they are made
        # HTTPServer's defaults meanwhile (tornado's Configurable), then tornado's own defaults come back.
        HTTPServer.configure(None, max_body_size=MAX_BODY, max_buffer_size=MAX_BUFFER)
        try:
            super().application(*args, **kwargs)
        finally:
            HTTPServer.configure(None)

    def get_web_handlers(self, script: bytes) -> list[Any]:
        return [(r".*", web.FallbackHandler, {"fallback": _LiveReloadContainer(self.app, script)})]
