"""Getting IRCC's rounds JSON, from a file or from its address, safely.

A download has a deadline and a size cap, and the answer must be JSON in IRCC's shape.
Values nested deeper than IRCC ever nests them are cut out before Python's json module
could recurse into them, and numbers (IRCC writes every value as a string) are kept as
text, so that one bad round is reported on its own and the others still import.
"""
from __future__ import annotations

import http.client
import json
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TIMEOUT = 30.0  # seconds for the whole download
MAX_BYTES = 20_000_000  # IRCC's file was 782,491 bytes in August 2026
VALUE_DEPTH = 3  # the document, its rounds list, a round: anything deeper is not IRCC's shape
CUT_LEVELS = 32  # a value nested deeper than this is cut out; shallower ones are reported by type
DEEP = "\0nested"  # stands in for a value that was cut out; IRCC's strings never hold a NUL
TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class ImportFailed(Exception):
    """The whole import cannot start; the message is one line saying why."""


@dataclass(frozen=True, slots=True)
class JsonNumber:
    """A number where IRCC writes a string, kept as its text however long it is."""

    text: str


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def load_rounds(source: str, timeout: float = TIMEOUT) -> list[Any]:
    """The `rounds` list of IRCC's JSON, from a path or an http(s) address; ImportFailed if unusable."""
    data = download(source, timeout) if is_url(source) else read_file(Path(source))
    return parse_rounds(data, source)


def read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportFailed(f"{path}: {path.stat().st_size:,} bytes (expected at most {MAX_BYTES:,})")
        return path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"{path}: cannot read ({error.strerror})") from None


def download(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "drawarchive-import",
                                                   "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return _read_body(response, url, time.monotonic() + timeout, timeout)
    except urllib.error.HTTPError as error:
        raise ImportFailed(f"{url}: HTTP {error.code} {error.reason} (expected 200 and IRCC's rounds JSON)") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise ImportFailed(f"{url}: no complete answer within {timeout:g} s") from None
        raise ImportFailed(f"{url}: cannot connect ({reason})") from None
    except TimeoutError:
        raise ImportFailed(f"{url}: no complete answer within {timeout:g} s") from None
    except http.client.IncompleteRead as error:
        raise ImportFailed(f"{url}: the answer was cut short after {len(error.partial):,} bytes") from None
    except (http.client.HTTPException, OSError) as error:
        raise ImportFailed(f"{url}: the download failed ({error.__class__.__name__}: {error})") from None


def _read_body(response: Any, url: str, deadline: float, timeout: float) -> bytes:
    """Reads in small pieces, so that a server that drips its answer still meets the deadline."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_BYTES:
        raise ImportFailed(f"{url}: {int(declared):,} bytes (expected at most {MAX_BYTES:,})")
    chunks, size = [], 0
    while chunk := response.read1(65_536):
        size += len(chunk)
        if size > MAX_BYTES:
            raise ImportFailed(f"{url}: more than {MAX_BYTES:,} bytes (expected IRCC's rounds JSON)")
        if time.monotonic() > deadline:
            raise ImportFailed(f"{url}: no complete answer within {timeout:g} s")
        chunks.append(chunk)
    if declared and declared.isdigit() and size < int(declared):
        raise ImportFailed(f"{url}: the answer was cut short after {size:,} of {int(declared):,} bytes")
    return b"".join(chunks)


def parse_rounds(data: bytes, source: str) -> list[Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{source}: not UTF-8 text ({error.reason}) (expected IRCC's rounds JSON)") from None
    if text.lstrip().startswith("<"):
        raise ImportFailed(f"{source}: an HTML page, not JSON (expected IRCC's rounds JSON)")
    cut = cut_deep_values(text)
    try:
        document = json.loads(cut, parse_int=JsonNumber, parse_float=JsonNumber, parse_constant=JsonNumber)
    except RecursionError:
        raise ImportFailed(f"{source}: nested too deeply (expected IRCC's rounds JSON)") from None
    except json.JSONDecodeError as error:
        ends = " (it ends early: a truncated download?)" if error.pos >= len(cut.rstrip()) else ""
        raise ImportFailed(f"{source}: not JSON{ends}: {error.msg} at line {error.lineno} column {error.colno} "
                           "(expected IRCC's rounds JSON)") from None
    rounds = document.get("rounds") if isinstance(document, dict) else None
    if not isinstance(rounds, list):
        raise ImportFailed(f"{source}: no 'rounds' list (expected IRCC's rounds JSON: an object with a 'rounds' "
                           "list)")
    return rounds


def cut_deep_values(text: str) -> str:
    """Replaces each value of a round nested more than CUT_LEVELS deep by a marker saying how deep it went."""
    pieces, depth, cut_from, deepest, last = [], 0, -1, 0, 0
    for match in TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > VALUE_DEPTH and cut_from < 0:
                cut_from, deepest = match.start(), depth
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
            if cut_from >= 0 and depth == VALUE_DEPTH:
                if deepest - VALUE_DEPTH > CUT_LEVELS:
                    pieces += [text[last:cut_from], json.dumps(f"{DEEP} {deepest - VALUE_DEPTH}")]
                    last = match.end()
                cut_from = -1
    if cut_from >= 0:  # never closed: keep the document's start, so that json reports where it ends
        pieces.append(text[last:cut_from])
        last = len(text)
    return "".join(pieces) + text[last:] if pieces else text
