"""The schemas of the content, made from model/fields.py's declarations: a draw file and a category file.

Each field's help text is written once, there; `check`, the JSON Schema, the data page, README's table
and the exports' column descriptions are derived from it.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date

from drawarchive.model.fields import CATEGORY_FIELDS, DRAW_FIELDS, Field, Vocabulary, source_option
from drawarchive.model.validation import Option, Record

__all__ = ["category_schema", "draw_fields", "draw_schema", "fields_table", "source_option"]


@functools.lru_cache(maxsize=16)
def draw_fields(categories: tuple[str, ...] = (), programs: tuple[str, ...] = (),
                today: Callable[[], date] = date.today) -> dict[str, Option]:
    """Every field of a draw file, as model/fields.py declares it, with what checks it.

    Kept once made (reading 4,000 draws made it 8,000 times): the options only check, and today is
    asked at each check, so one set serves every file. Callers must not change the mapping.
    """
    vocabulary = Vocabulary(categories, programs, today)
    options = {}
    for field in DRAW_FIELDS:
        option = options[field.name] = field.option(vocabulary)
        option.help = field.help
    return options


@functools.lru_cache(maxsize=16)
def draw_schema(categories: tuple[str, ...] = (), programs: tuple[str, ...] = (),
                today: Callable[[], date] = date.today) -> Record:
    """The front matter of a draw file, content/draws/YYYY/NNN.md. The body holds people's notes."""
    return Record(draw_fields(categories, programs, today))


def category_schema() -> Record:
    """The front matter of a category file, content/categories/<slug>.md, as model/fields.py declares it."""
    options = {}
    for field in CATEGORY_FIELDS:
        option = options[field.name] = field.option()
        option.help = field.help or option.help
    return Record(options)


def fields_table() -> str:
    """The draw fields as the Markdown table in README.md (a test keeps the two equal)."""
    rows = ["| field | type | required | whose | meaning |", "|---|---|---|---|---|"]
    options = draw_fields(("a slug of content/categories/",), ("FSW", "CEC", "FST", "PNP"))
    for field in DRAW_FIELDS:
        option = options[field.name]
        kind = re.sub(r"to \d{4}-\d{2}-\d{2}$", "to today", option.expected).replace("|", "\\|")
        rows.append(f"| `{field.name}` | {kind} | {_required(field, option.required)} | {field.owner} | "
                    f"{field.help} |")
    return "\n".join(rows) + "\n"


def _required(field: Field, always: bool) -> str:
    if always:
        return "yes"
    if field.official:
        return "official rounds" + (f", from round {field.official_from}" if field.official_from > 1 else "")
    return "no"


if __name__ == "__main__":
    print(fields_table(), end="")
