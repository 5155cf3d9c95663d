"""How facts read to people: dates, numbers and titles. Used by the templates, the feeds and the exports."""
from __future__ import annotations

from datetime import date, datetime

from .model import Archive, Draw


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


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{format_number(count)} {word if count == 1 else words or word + 's'}"


def draw_title(draw: Draw, archive: Archive) -> str:
    """#254 · STEM occupations · 500 invitations · CRS 486"""
    category = archive.category(draw.category).name
    return f"#{draw.label} · {category} · {plural(draw.invitations, 'invitation')} · CRS {draw.crs}"


def draw_summary(draw: Draw, archive: Archive) -> str:
    category = archive.category(draw.category).name
    tie = f" Tie-breaking rule: {format_datetime(draw.tie_break)}." if draw.tie_break else ""
    return (f"Round #{draw.label} on {format_date(draw.date)} ({category}): "
            f"{plural(draw.invitations, 'invitation')} issued; the lowest-ranked candidate invited "
            f"had a CRS score of {draw.crs}.{tie}")
