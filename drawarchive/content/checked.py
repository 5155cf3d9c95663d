"""content/checked.yml: the day import last read IRCC's rounds data, and the newest round that data held.

Only `build.py import` writes it (when it read IRCC's address, or a file whose fetch day it was told), so
the day every page's footer gives is a day IRCC's data was really read.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from drawarchive.content.files import read_bounded
from drawarchive.content.source import Refused, decode, parse_yaml
from drawarchive.model.fields import FIRST_DAY, ROUND_LABEL
from drawarchive.model.validation import Checker, Day, Problem, Record, Text
from drawarchive.model.values import Checked

NAME = "checked.yml"
PATH = f"content/{NAME}"
MAX_SIZE = 1_000  # bytes: import writes about 200
HEADER = "# Written by `python build.py import`: the day IRCC's rounds data was last read. Don't edit it by hand.\n"


def schema(today: Callable[[], date]) -> Record:
    return Record({
        "checked": Day("The day IRCC's rounds data was read.", earliest=FIRST_DAY, latest=today),
        "source": Text("Where it was read: IRCC's address, or the file's name."),
        "latest_round": Text("The newest round in that data.", pattern=rf"^(?:{ROUND_LABEL})\Z",
                             expected="a round number such as 437"),
    })


def read_checked(root: Path, today: Callable[[], date]) -> tuple[Checked | None, list[Problem]]:
    """The record, or None when import never recorded a check (a new project)."""
    path = root / PATH
    if not os.path.lexists(path):
        return None, []
    expected = "a YAML file written by build.py import"
    raw = read_bounded(path, PATH, MAX_SIZE, expected, expected)
    text = raw if isinstance(raw, Problem) else decode(raw, PATH)
    if isinstance(text, Problem):
        return None, [text]
    try:
        data, lines, _ = parse_yaml(text, first_line=1)
    except Refused as refused:
        return None, [Problem(PATH, refused.line, refused.field, refused.problem, refused.expected, refused.column)]
    checker = Checker(PATH, lines)
    values = checker.check(schema(today), data, ())
    if checker.problems or not values:
        return None, checker.problems
    return Checked(values["checked"], values["source"], values["latest_round"]), []


def checked_text(checked: Checked) -> str:
    """The file's bytes as import writes them: one field a line, in a fixed order, quoted."""
    return (HEADER + f"checked: {checked.on.isoformat()}\n"
            + f"source: {json.dumps(checked.source)}\nlatest_round: {json.dumps(checked.latest_round)}\n")
