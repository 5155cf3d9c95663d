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

PLAIN = re.compile(r"^[A-Za-z0-9][\w .,()'&/?=+%–-]*$")


def draw_path(root: Path, round_label: str, day: date) -> Path:
    """content/draws/2023/254.md; zero-padded so that a year's rounds list in order."""
    match = re.match(r"(\d+)(.*)", round_label)
    assert match, round_label
    return root / "content" / "draws" / str(day.year) / f"{int(match.group(1)):03d}{match.group(2)}.md"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
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
        return [f"{indent}{key}:"] + [f"{indent}  - {_scalar(v)}" for v in value]
    return [f"{indent}{key}: {_scalar(value)}"]


def format_front_matter(facts: dict[str, Any]) -> str:
    return "".join(line + "\n" for key, value in facts.items() for line in _lines(key, value, ""))


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
