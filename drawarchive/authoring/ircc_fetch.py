"""Fetching IRCC's rounds JSON from a path or an http(s) address, on a leash.

A file must be a regular file, read up to a size cap. A download has one deadline for the whole
exchange (name lookup, connect, TLS, status line, headers, body, redirects), the same size cap,
and follows redirects only on the host it was given. Every failure is an ImportFailed whose message
is one printable line; text from the server or the user is escaped and cut short.
"""
from __future__ import annotations

import http.client
import io
import math
import os
import re
import socket
import ssl
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from drawarchive.model.validation import printable

TIMEOUT = 30.0  # seconds for the whole download
MAX_TIMEOUT = 3600.0
MAX_BYTES = 20_000_000  # IRCC's file was 782,491 bytes in August 2026
MAX_REDIRECTS = 5
SHORT = 80  # characters of a quoted outside value
HTTP = {"http": 80, "https": 443}
REDIRECTS = {301, 302, 303, 307, 308}
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")  # two letters or more: C://x is a Windows path
EXPECTED_URL = "expected an http(s) URL such as https://www.canada.ca/…"
EXPECTED_ANSWER = "expected 200 and IRCC's rounds JSON"


class ImportFailed(Exception):
    """The whole import cannot start; the message is one line saying why."""


class BadAddress(ValueError):
    """A URL that cannot be fetched; the message says why, without the URL."""


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


def is_other_url(source: str) -> bool:
    """ftp://, file:// and the like: they look like addresses, but not ones import reads."""
    return bool(SCHEME.match(source)) and not is_url(source)


def cut(text: str, limit: int = SHORT) -> str:
    """Outside text unquoted (a URL, a file name), printable and at most `limit` characters."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str, limit: int = SHORT) -> str:
    """Outside text quoted as a Python string is (so escaped), at most about `limit` characters."""
    text = repr(text)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[0]


def source_name(source: str | Path) -> str:
    """The user's own path or URL, as messages begin: whole unless absurdly long."""
    return cut(str(source), 300)


# ------------------------------------------------------------------ files

FILE_TYPES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
              (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
# Non-blocking, so that opening a FIFO nobody writes to does not wait for a writer.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_file(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_BYTES; a FIFO or a device would never end or never start."""
    name = source_name(path)
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError as error:
        raise ImportFailed(f"{name}: cannot read ({error.strerror})") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            found = next((k for test, k in FILE_TYPES if test(status.st_mode)), "not a file")
            raise ImportFailed(f"{name}: not a regular file ({found}) (expected a JSON file)")
        if status.st_size > MAX_BYTES:
            raise ImportFailed(f"{name}: {status.st_size:,} bytes (expected at most {MAX_BYTES:,})")
        data = _read_at_most(fd, MAX_BYTES + 1)
    except OSError as error:
        raise ImportFailed(f"{name}: cannot read ({error.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # a file that grew, or one whose size the system does not know (/proc)
        raise ImportFailed(f"{name}: more than {MAX_BYTES:,} bytes (expected at most {MAX_BYTES:,})")
    return data


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit and (chunk := os.read(fd, min(1 << 20, limit - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


# ------------------------------------------------------------------ addresses

@dataclass(frozen=True, slots=True)
class Address:
    url: str
    scheme: str
    host: str  # ASCII (IDNA), lower case, without brackets
    port: int
    explicit_port: bool
    target: str  # the request's path and query

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}" if self.explicit_port and self.port != HTTP[self.scheme] else host

    def origins(self) -> set[tuple[str, str, int]]:
        """Where a redirect may lead: this scheme, host and port, or the same host upgraded to https."""
        upgrade = {("https", self.host, 443)} if self.origin == ("http", self.host, 80) else set()
        return {self.origin, *upgrade}


def parse_address(url: str) -> Address:
    """An http(s) URL taken apart; BadAddress says what is wrong with it."""
    if any(not c.isprintable() or c.isspace() for c in url):
        raise BadAddress("it holds a space or a control character")
    parts = urlsplit(url)  # ValueError (a BadAddress to callers) for a broken [IPv6] host
    port, scheme = parts.port, parts.scheme.lower()
    if scheme not in HTTP:
        raise BadAddress(f"{cut(scheme)}: is not http or https")
    if parts.username is not None or parts.password is not None:
        raise BadAddress("it holds a user name or password")
    if not parts.hostname:
        raise BadAddress("it names no host")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise BadAddress(f"the host name {quoted(parts.hostname)} cannot be looked up") from None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Address(url, scheme, host, HTTP[scheme] if port is None else port, port is not None,
                   quote(target, safe="!#$%&'()*+,/:;=?@[]~"))


def _address(url: str) -> Address:
    try:
        return parse_address(url)
    except ValueError as error:
        raise ImportFailed(f"{source_name(url)}: not a valid address ({cut(str(error))}) ({EXPECTED_URL})") from None


def _follow(first: Address, current: Address, location: str, name: str) -> Address:
    """The next address, if the redirect stays on the host (and scheme, or upgrades to https) it was given."""
    try:
        if any(not c.isprintable() or c.isspace() for c in location):
            raise BadAddress("it holds a space or a control character")
        joined = urljoin(current.url, location)
        target = parse_address(joined) if urlsplit(joined).scheme in HTTP else None
    except ValueError as error:
        raise ImportFailed(f"{name}: redirected to {cut(location)}, not a valid address ({cut(str(error))}) "
                           f"(expected IRCC's rounds JSON at {first.netloc})") from None
    if target is None or target.origin not in first.origins():
        raise ImportFailed(f"{name}: redirected to {cut(joined)} (expected IRCC's rounds JSON at {first.netloc}; "
                           "redirects to another host or scheme are not followed)")
    return target


# ------------------------------------------------------------------ one deadline for the whole exchange

def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the deadline has passed")
    return left


class _DeadlineReader(io.RawIOBase):
    """The socket as http.client reads it: every recv waits at most until the deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(_left(self._deadline))
        return self._sock.recv_into(buffer)


class _DeadlineSocket:
    """Stands in for the socket in http.client, which reads the status line and headers through makefile()."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(_left(self._deadline))
        self._sock.sendall(data)

    def makefile(self, *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def close(self) -> None:
        """Nothing: http.client closes its socket as soon as it knows the server will, before the body is
        read; the socket is closed by `_exchange`, which opened it."""


def _resolve(host: str, port: int, deadline: float) -> list[Any]:
    """getaddrinfo has no timeout of its own: it runs in a thread that is abandoned at the deadline."""
    found: list[Any] = []

    def look_up() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            found.append(error)

    thread = threading.Thread(target=look_up, daemon=True)
    thread.start()
    thread.join(_left(deadline))
    if not found:
        raise TimeoutError("no address within the deadline")
    if isinstance(found[0], OSError):
        raise found[0]
    return list(found[0])


def _connect(address: Address, deadline: float) -> socket.socket:
    error: OSError = OSError(f"no address for {address.host}")
    for family, sock_type, protocol, _, where in _resolve(address.host, address.port, deadline):
        sock = socket.socket(family, sock_type, protocol)
        try:
            sock.settimeout(_left(deadline))
            sock.connect(where)
            if address.scheme == "https":  # the handshake's timeout bounds it as a whole
                sock.settimeout(_left(deadline))
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=address.host)
            return sock
        except OSError as failed:
            sock.close()
            error = failed
    raise error


# ------------------------------------------------------------------ the download

def download(url: str, timeout: float) -> bytes:
    """The body of a 200 answer at `url`, within `timeout` seconds in all; ImportFailed says why not."""
    name = source_name(url)
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise ImportFailed(f"--timeout {cut(str(timeout))}: not a usable time (expected seconds, more than 0 and "
                           f"at most {MAX_TIMEOUT:,.0f})")
    first = _address(url)
    deadline = time.monotonic() + timeout
    try:
        return _fetch(first, name, deadline)
    except TimeoutError:
        raise ImportFailed(f"{name}: no complete answer within {timeout:g} s") from None
    except http.client.RemoteDisconnected:
        raise ImportFailed(f"{name}: the server closed the connection without answering ({EXPECTED_ANSWER})") from None
    except http.client.BadStatusLine as error:
        raise ImportFailed(f"{name}: not an HTTP answer (its status line is {quoted(str(error))}) "
                           f"({EXPECTED_ANSWER})") from None
    except http.client.IncompleteRead as error:
        raise ImportFailed(f"{name}: the answer was cut short after {len(error.partial):,} bytes") from None
    except http.client.HTTPException as error:
        raise ImportFailed(f"{name}: not an HTTP answer ({cut(str(error))}) ({EXPECTED_ANSWER})") from None
    except (OSError, ValueError) as error:
        raise ImportFailed(f"{name}: the download failed ({error.__class__.__name__}: {cut(str(error))})") from None


def _fetch(first: Address, name: str, deadline: float) -> bytes:
    address = first
    for _ in range(MAX_REDIRECTS + 1):
        sock = _connected(address, name, deadline)
        try:
            response = _ask(sock, address, deadline)
            location = response.headers.get("Location")
            if response.status in REDIRECTS and location is not None:
                address = _follow(first, address, location, name)
                continue
            if response.status != 200:
                raise ImportFailed(f"{name}: {_status(response)} ({EXPECTED_ANSWER})")
            return _read_body(response, name)
        finally:
            sock.close()
    raise ImportFailed(f"{name}: more than {MAX_REDIRECTS} redirects ({EXPECTED_ANSWER})")


def _connected(address: Address, name: str, deadline: float) -> socket.socket:
    try:
        return _connect(address, deadline)
    except TimeoutError:
        raise
    except OSError as error:
        raise ImportFailed(f"{name}: cannot connect ({cut(str(error), 160)})") from None


def _ask(sock: socket.socket, address: Address, deadline: float) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(address.host, address.port)
    connection.sock = _DeadlineSocket(sock, deadline)  # so http.client never connects, nor waits unbounded
    connection.request("GET", address.target, headers={
        "Host": address.netloc, "User-Agent": "drawarchive-import", "Accept": "application/json"})
    return connection.getresponse()


def _status(response: http.client.HTTPResponse) -> str:
    """`HTTP 404 Not Found`; a reason phrase that is long or holds control characters is quoted and cut."""
    reason = response.reason
    if not reason.isprintable() or len(reason) > SHORT:
        reason = quoted(reason)
    return f"HTTP {response.status} {reason}".rstrip()


def _read_body(response: http.client.HTTPResponse, name: str) -> bytes:
    """Reads in pieces up to the size cap; the deadline is kept by the socket underneath."""
    declared = response.length  # http.client's reading of Content-Length, None if absent or unreadable
    if declared is not None and declared > MAX_BYTES:
        raise ImportFailed(f"{name}: {declared:,} bytes (expected at most {MAX_BYTES:,})")
    chunks, size = [], 0
    while chunk := response.read1(65_536):
        size += len(chunk)
        if size > MAX_BYTES:
            raise ImportFailed(f"{name}: more than {MAX_BYTES:,} bytes (expected IRCC's rounds JSON)")
        chunks.append(chunk)
    if declared is not None and size < declared:
        raise ImportFailed(f"{name}: the answer was cut short after {size:,} of {declared:,} bytes")
    return b"".join(chunks)
