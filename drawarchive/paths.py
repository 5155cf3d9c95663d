"""Where things live: each content file's path and each page's address, written once."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

SITE_FEED = "all"  # the site-wide feeds are feeds/all.atom.xml and feeds/all.rss.xml
RESERVED_SLUGS = (SITE_FEED,)  # a category called "all" would overwrite them


def draw_file(root: Path, round_label: str, day: date) -> Path:
    """content/draws/2023/254.md; zero-padded so that a year's rounds list in order (91a -> 091a.md)."""
    match = re.match(r"(\d+)(.*)", round_label)
    assert match, round_label
    return root / "content" / "draws" / str(day.year) / f"{int(match.group(1)):03d}{match.group(2)}.md"


# Each page's address relative to the site's root; SiteConfig.url() puts the sub-path in front.
def draw_page(label: str) -> str:
    return f"draws/{label}/"


def year_page(year: int) -> str:
    return f"years/{year}/"


def category_page(slug: str) -> str:
    return f"categories/{slug}/"


def occupations_page(slug: str) -> str:
    return f"occupations/{slug}/"


def noc_page(code: str) -> str:
    return f"occupations/noc/{code}/"


DRAWS_PER_PAGE = 100  # the plain table of all draws, a page at a time; scripts sort and filter all of them


def draws_page(number: int) -> str:
    """draws/ for the newest draws, then draws/page/2/, draws/page/3/, ..."""
    return "draws/" if number == 1 else f"draws/page/{number}/"
