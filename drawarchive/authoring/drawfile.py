"""Write draw files: canonical front matter in schema order, the body kept byte for byte."""
from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from drawarchive.content.source import SourceFile
from drawarchive.model import format_utc

PLAIN = re.compile(r"^[A-Za-z0-9][\w .,()'&/?=+%–-]*$")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, (int, date)):
        return str(value)
    text = str(value)
    if PLAIN.match(text) and ": " not in text and " #" not in text and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _lines(key: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, dict):
        return [f"{indent}{key}:"] + [ln for k, v in value.items() for ln in _lines(k, v, indent + "  ")]
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, str) and len(v) < 12 for v in value):
            return [f"{indent}{key}: [{', '.join(_scalar(v) for v in value)}]"]
        return [f"{indent}{key}:"] + [ln for v in value for ln in _item(v, indent + "  ")]
    return [f"{indent}{key}: {_scalar(value)}"]


def _item(value: Any, indent: str) -> list[str]:
    """One list item; a mapping's fields line up under its first."""
    if not isinstance(value, dict):
        return [f"{indent}- {_scalar(value)}"]
    lines = [ln for k, v in value.items() for ln in _lines(k, v, indent + "  ")]
    return [f"{indent}- {lines[0].lstrip()}", *lines[1:]]


def format_front_matter(facts: dict[str, Any], newline: str = "\n") -> str:
    return "".join(line + newline for key, value in facts.items() for line in _lines(key, value, ""))


def normalized(key: str, value: Any) -> Any:
    """A value as it reads back from its canonical text, so that values from IRCC and from a file compare."""
    return None if value is None else yaml.safe_load(format_front_matter({key: value}))[key]


class HandWritten(Exception):
    """A field import must change holds text it did not write (a comment, or a layout of a person's)."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def merge_front_matter(source: SourceFile, facts: dict[str, Any], managed: tuple[str, ...]) -> str:
    """The file with the `managed` fields set to `facts` and every other byte kept.

    A managed field whose value is unchanged keeps its text; a changed one is rewritten in the
    canonical layout, which is refused (HandWritten) where that would drop words a person wrote
    there. People's fields follow the managed ones, each exactly as written; the body is untouched.
    """
    newline = source.newline
    segments = _segments(source)
    head, refused = [], []
    for key in managed:
        old = segments.pop(key, None)
        new = facts.get(key)
        if old is not None and new is not None and normalized(key, new) == source.data.get(key):
            head.append(old)
            continue
        if old is not None and old.replace("\r\n", "\n") != format_front_matter({key: source.data.get(key)}):
            refused.append(key)
        if new is not None:
            head.append(format_front_matter({key: new}, newline))
    if refused:
        raise HandWritten(refused)
    front = "".join(head) + "".join(segments.values())
    return f"---{newline}{front}---{newline}{source.body}"


def _segments(source: SourceFile) -> dict[str, str]:
    """Each top-level field's text, with the comment lines above it; lines after the last field go last."""
    lines = source.text.splitlines(keepends=True)
    segments: dict[str, str] = {}
    start = 1  # index of the line after the opening '---'
    for span in source.spans:
        segments[span.key] = "".join(lines[start:span.last])
        start = span.last
    closing = len(source.text[: len(source.text) - len(source.body)].splitlines()) - 1
    trailer = "".join(lines[start:closing])
    if trailer:
        segments["\0trailer"] = trailer
    return segments


def format_draw(facts: dict[str, Any], body: str = "") -> str:
    return f"---\n{format_front_matter(facts)}---\n{body}"


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
