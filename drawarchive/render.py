"""Templates: one Jinja2 environment, with filters that only format."""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2

from .config import SiteConfig
from .model import format_utc
from .paths import category_page, draw_page, noc_page, occupations_page, year_page
from .text import FIELD_NAMES, format_date, format_datetime, format_number, format_short_date, format_value, plural
from .views import band_label


def make_environment(templates: Path, config: SiteConfig) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(date=format_date, short_date=format_short_date, datetime=format_datetime, number=format_number,
                       plural=plural, band=band_label, url=config.url, absolute=config.absolute, utc=format_utc,
                       value=format_value)
    # Every page's address is written once, in paths.py: {{ draw.label | draw_url }}.
    for name, page in (("draw_url", draw_page), ("year_url", year_page), ("category_url", category_page),
                       ("occupations_url", occupations_page), ("noc_url", noc_page)):
        env.filters[name] = lambda key, page=page: config.url(page(key))
    env.globals.update(field_names=FIELD_NAMES)
    env.globals.update(config=config)
    return env


class TemplateFailure(Exception):
    """A template could not render; the message names the template file and line."""


def render_page(env: jinja2.Environment, template: str, context: dict[str, Any]) -> bytes:
    try:
        return env.get_template(template).render(context).encode("utf-8")
    except Exception as error:  # anything a template triggers, even in a filter, is reported as the template's
        folder = Path(env.loader.searchpath[0])  # type: ignore[union-attr]
        raise TemplateFailure(describe_template_error(error, folder)) from error


def describe_template_error(error: Exception, templates: Path) -> str:
    """One line naming the template file and line, instead of a traceback."""
    where: tuple[str, int | None] | None = None
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        where = (error.filename, error.lineno)
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
        if frames:
            where = (frames[-1].filename, frames[-1].lineno)
    if where is None:
        return f"templates: {error.__class__.__name__}: {error}"
    path = Path(where[0])
    name = path.relative_to(templates.parent).as_posix() if path.is_relative_to(templates.parent) else where[0]
    message = getattr(error, "message", None) or f"{error.__class__.__name__}: {error}"
    return f"{name}:{where[1]}: template error: {message} (expected a template that renders)"
