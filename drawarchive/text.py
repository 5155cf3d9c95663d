"""How facts read to people: dates, numbers and titles. Used by the templates, the feeds and the exports."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .model import Category, Draw


def format_date(day: date) -> str:
    """July 5, 2023"""
    return f"{day:%B} {day.day}, {day.year}"


def format_short_date(day: date) -> str:
    """Jul 5, 2023: for tables, which must fit a phone."""
    return f"{day:%b} {day.day}, {day.year}"


def format_datetime(moment: datetime) -> str:
    """July 5, 2023 at 13:38:22 UTC"""
    return f"{format_date(moment.date())} at {moment:%H:%M:%S} UTC"


def format_number(value: int) -> str:
    return f"{value:,}"


# A correctable field's name as readers know it; the order is the draw page's.
FIELD_NAMES = {"date": "Date", "time": "Round time", "invitations": "Invitations issued",
               "crs": "CRS cut-off", "tie_break": "Tie-breaking rule", "programs": "Eligible programs"}


def format_value(value: Any) -> str:
    """Any fact as a reader reads it: a date, a time, a number, or a list of program codes."""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value))
    return "none" if value is None else str(value)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{format_number(count)} {word if count == 1 else words or word + 's'}"


def draw_title(draw: Draw, category: Category) -> str:
    """#254 · STEM occupations · 500 invitations · CRS 486 (reported rounds say so first)"""
    reported = "Reported: " if draw.reported else ""
    return f"{reported}#{draw.label} · {category.name} · {plural(draw.invitations, 'invitation')} · CRS {draw.crs}"


def draw_summary(draw: Draw, category: Category) -> str:
    tie = f" Tie-breaking rule: {format_datetime(draw.tie_break)}." if draw.tie_break else ""
    reported = (f" Reported by {', '.join(s.label.split(':')[0] for s in draw.reported_by)}; not yet in "
                "IRCC's data." if draw.reported else "")
    corrected = "".join(f" The {FIELD_NAMES[c.field]} is corrected from IRCC's {format_value(c.official)}."
                        for c in draw.corrections)
    return (f"Round #{draw.label} on {format_date(draw.date)} ({category.name}): "
            f"{plural(draw.invitations, 'invitation')} issued; the lowest-ranked candidate invited "
            f"had a CRS score of {draw.crs}.{tie}{corrected}{reported}")
