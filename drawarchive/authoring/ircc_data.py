"""IRCC's rounds JSON: fetched (by ircc_fetch) from a file or from its address, and parsed safely.

The document must be JSON in IRCC's shape. Values nested deeper than IRCC ever nests them are cut
out before Python's json module could recurse into them, and numbers (IRCC writes every value as a
string) are kept as text, so that one bad round is reported on its own and the others still import.
Memory is bounded by the size cap, not by the JSON's shape: the text is scanned once, in memory of
its own size, and a document with more rounds, or more lists' and objects' items, than IRCC's file
could hold is refused before json.loads builds them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drawarchive.authoring.ircc_fetch import (
    MAX_BYTES,
    TIMEOUT,
    ImportFailed,
    download,
    is_other_url,
    is_url,
    read_file,
    source_name,
)

__all__ = ["DEEP", "MAX_BYTES", "MAX_ROUNDS", "MAX_VALUES", "TIMEOUT", "ImportFailed", "JsonNumber",
           "cut_deep_values", "download", "is_url", "load_rounds", "parse_rounds", "read_file"]

VALUE_DEPTH = 3  # the document, its rounds list, a round: anything deeper is not IRCC's shape
CUT_LEVELS = 32  # a value nested deeper than this is cut out; shallower ones are reported by type
DEEP = "\0nested"  # stands in for a value that was cut out; IRCC's strings never hold a NUL
MAX_ROUNDS = 5_000  # IRCC's file had 438 in 2026, and adds about 50 a year
MAX_VALUES = 1_000_000  # items of lists and objects (IRCC's file had about 20,000): json.loads's memory
STRUCTURE = re.compile(r'[\[\]{}",]')
# A whole string. Possessive repeats (Python 3.11) keep no backtracking state, so matching takes no
# memory per character: `"(?:[^"\\]|\\.)*"` took 2.28 GB for a 19 MB string.
STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)


@dataclass(frozen=True, slots=True)
class JsonNumber:
    """A number where IRCC writes a string, kept as its text however long it is."""

    text: str


def load_rounds(source: str, timeout: float = TIMEOUT) -> list[Any]:
    """The `rounds` list of IRCC's JSON, from a path or an http(s) address; ImportFailed if unusable."""
    if is_url(source):
        data = download(source, timeout)
    elif is_other_url(source):
        raise ImportFailed(f"{source_name(source)}: not an http(s) URL (expected a path to IRCC's rounds JSON, "
                           "or an http(s) URL such as https://www.canada.ca/…)")
    else:
        data = read_file(Path(source))
    return parse_rounds(data, source)


def parse_rounds(data: bytes, source: str) -> list[Any]:
    name = source_name(source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{name}: not UTF-8 text ({error.reason}) (expected IRCC's rounds JSON)") from None
    if re.match(r"\s*<", text):
        raise ImportFailed(f"{name}: an HTML page, not JSON (expected IRCC's rounds JSON)")
    cut = cut_deep_values(text, name)
    try:
        document = json.loads(cut, parse_int=JsonNumber, parse_float=JsonNumber, parse_constant=JsonNumber)
    except RecursionError:
        raise ImportFailed(f"{name}: nested too deeply (expected IRCC's rounds JSON)") from None
    except json.JSONDecodeError as error:
        ends = " (it ends early: a truncated download?)" if error.pos >= len(cut.rstrip()) else ""
        message = error.msg.removesuffix(" at")  # "Unterminated string starting at" at line 1
        raise ImportFailed(f"{name}: not JSON{ends}: {message} at line {error.lineno} column {error.colno} "
                           "(expected IRCC's rounds JSON)") from None
    rounds = document.get("rounds") if isinstance(document, dict) else None
    if not isinstance(rounds, list):
        raise ImportFailed(f"{name}: no 'rounds' list (expected IRCC's rounds JSON: an object with a 'rounds' "
                           "list)")
    return rounds


def cut_deep_values(text: str, source: str | None = None) -> str:
    """Replaces each value of a round nested more than CUT_LEVELS deep by a marker saying how deep it went.

    Given the source's name, it also refuses (ImportFailed) more than MAX_ROUNDS rounds or MAX_VALUES
    items, counted as it scans, so that json.loads never builds millions of tiny objects.
    """
    return _Scanner(text, source).run()


class _Scanner:
    """One pass over the text, finding brackets, commas and strings (skipped whole), never copying."""

    def __init__(self, text: str, source: str | None) -> None:
        self.text, self.source = text, source
        self.pieces: list[str] = []
        self.depth, self.cut_from, self.deepest, self.last = 0, -1, 0, 0
        self.values = self.rounds = 0
        self.rounds_key = self.in_rounds = False

    def run(self) -> str:
        text, pos, unclosed = self.text, 0, False
        while match := STRUCTURE.search(text, pos):
            start, token = match.start(), match.group()
            pos = start + 1
            if token == '"':
                string = None if unclosed else STRING.match(text, start)
                unclosed = string is None  # then no later quote closes either: they are all skipped, as before
                if string:
                    pos = end = string.end()
                    if self.depth == 1:  # a key of the document (or a string in it)
                        self.rounds_key = end - start == 8 and text.startswith('"rounds"', start)
            elif token == ",":
                self._comma()
            elif token in "[{":
                self._open(start)
            else:
                self._close(pos)
        if self.cut_from >= 0:  # never closed: keep the document's start, so that json reports where it ends
            self.pieces.append(text[self.last:self.cut_from])
            self.last = len(text)
        return "".join(self.pieces) + text[self.last:] if self.pieces else text

    def _open(self, start: int) -> None:
        self.depth += 1
        self._count()
        if self.depth == 2:
            self.in_rounds, self.rounds = self.rounds_key, 0
        if self.depth > VALUE_DEPTH and self.cut_from < 0:
            self.cut_from, self.deepest = start, self.depth
        self.deepest = max(self.deepest, self.depth)

    def _close(self, end: int) -> None:
        self.depth -= 1
        if self.cut_from >= 0 and self.depth == VALUE_DEPTH:
            levels = self.deepest - VALUE_DEPTH
            if levels > CUT_LEVELS:
                self.pieces += [self.text[self.last:self.cut_from], json.dumps(f"{DEEP} {levels}")]
                self.last = end
            self.cut_from = -1

    def _comma(self) -> None:
        self._count()
        if self.depth == 2 and self.in_rounds:
            self.rounds += 1
            if self.rounds + 1 > MAX_ROUNDS and self.source is not None:
                raise ImportFailed(f"{self.source}: {self.rounds + 1:,} rounds or more (expected at most "
                                   f"{MAX_ROUNDS:,}: IRCC's file had 438 in 2026)")

    def _count(self) -> None:
        self.values += 1
        if self.values > MAX_VALUES and self.source is not None:
            raise ImportFailed(f"{self.source}: {self.values:,} items of lists and objects or more (expected at "
                               f"most {MAX_VALUES:,}: IRCC's file had about 20,000 in 2026)")
