"""Templates: one Jinja2 environment, with filters that only format."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import jinja2

from .config import SiteConfig
from .text import format_date, format_datetime, format_number, plural
from .views import band_label


def signed(value: int) -> str:
    return f"+{format_number(value)}" if value > 0 else ("±0" if value == 0 else f"−{format_number(-value)}")


def make_environment(templates: Path, config: SiteConfig) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(date=format_date, datetime=format_datetime, number=format_number, signed=signed,
                       plural=plural, band=band_label, url=config.url, absolute=config.absolute)
    env.globals.update(config=config)
    return env


def render_page(env: jinja2.Environment, template: str, context: dict[str, Any]) -> bytes:
    return env.get_template(template).render(context).encode("utf-8")


def templates_digest(*folders: Path) -> str:
    """One digest of every template and asset: a change to the layout re-renders every page."""
    hasher = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.exists() else ():
            if path.is_file():
                hasher.update(path.relative_to(folder).as_posix().encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()
