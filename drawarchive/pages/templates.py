"""Templates: a Jinja2 environment per language, with filters that only format."""
from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from markupsafe import Markup

from drawarchive.config import SiteConfig
from drawarchive.languages.registry import language, link
from drawarchive.languages.texts import ENGLISH, Texts, translations
from drawarchive.languages.words import field_name, format_value, kind_name, round_ref
from drawarchive.model import format_utc
from drawarchive.model.marks import NP_
from drawarchive.model.values import SOURCE_LANG
from drawarchive.model.views import band_label
from drawarchive.pages.exports import INDEX_PATH
from drawarchive.pages.urls import official_page, page


def make_environment(templates: Path, config: SiteConfig, t: Texts = ENGLISH,
                     compiled: Path | None = None) -> jinja2.Environment:
    """One environment per language: its catalog, its formats, and its addresses. `compiled`: a folder that
    keeps the templates compiled between builds (compiling them all takes longer than a small rebuild).
    Jinja folds a filter of a constant ('static/x.js' | url) into the compiled code, in this environment's
    words and addresses, and its cache knows a template by its source alone: so the folder must be this
    environment's alone (pipeline/site.py names it by the generator's digest and the language)."""
    env = jinja2.Environment(
        bytecode_cache=_compiled(compiled),
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    catalog = translations(t.lang)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = _gettext(catalog.gettext)
    lang = t.lang
    env.filters.update(date=t.date, short_date=t.short_date, datetime=t.datetime, number=t.number,
                       short_time=lambda moment: f"{t.short_date(moment.date())} {moment:%H:%M} UTC", machine=machine,
                       month_day=t.month_day, band=band_label, url=config.url, absolute=config.absolute,
                       utc=format_utc, value=lambda value: format_value(value, t),
                       ref=lambda label: round_ref(label, t))
    # Every page's address is written once, in urls.py: {{ draw.label | draw_url }}, {{ page_url("draws") }}.
    for name, kind in (("draw_url", "draw"), ("year_url", "year"), ("category_url", "category"),
                       ("occupations_url", "occupation"), ("noc_url", "noc")):
        env.filters[name] = lambda key, kind=kind: config.url(page(kind, key, lang))
    env.filters["language_name"] = lambda code: language(code).name  # the switch names each in itself
    # The scripts' counted words: {{ NP_("{count} draw", "{count} draws") | plural_forms }} (pybabel extracts NP_).
    env.filters["plural_forms"] = lambda pair: plural_forms(pair, t)
    env.globals.update(NP_=NP_, config=config, lang=lang, source_lang=SOURCE_LANG, language=language(lang),
                       index_url=config.url(INDEX_PATH),
                       page_url=lambda kind, key=None: config.url(page(kind, key, lang)),
                       counted=t.plural, field_name=lambda field: field_name(field, t),
                       kind_name=lambda kind: kind_name(kind, t), link=lambda name: link(lang, name),
                       official_page=lambda url: official_page(url, lang))
    return env


def machine(value: date | datetime) -> str:
    """A <time>'s datetime: a date as YYYY-MM-DD, a time in UTC."""
    return format_utc(value) if isinstance(value, datetime) else value.isoformat()


def plural_forms(pair: tuple[str, str], t: Texts) -> dict[str, str]:
    """A message with a plural in each CLDR plural category of the language, as the catalog words a count of
    that category: the scripts pick one with Intl.PluralRules and the page's locale."""
    return {tag: t.ngettext(*pair, count) for tag, count in _plural_samples(t.locale)}


@cache
def _plural_samples(locale: str) -> tuple[tuple[str, int], ...]:
    """A whole number of each plural category of the locale (French: one 0, other 2, many 1000000)."""
    rule = Locale.parse(locale).plural_form
    samples: dict[str, int] = {}
    for count in (*range(200), 1000, 10**6, 10**7):
        samples.setdefault(rule(count), count)
    return tuple(sorted(samples.items()))


KEPT_COMPILED = 12  # folders of compiled templates kept: the latest generators' (a code edit makes new ones)


class _Compiled(jinja2.FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a cache that cannot be written (its folder pruned meanwhile) is only slower
            pass


def _compiled(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    folder.touch()
    older = sorted(folder.parent.iterdir(), key=lambda f: f.stat().st_mtime, reverse=True)[KEPT_COMPILED:]
    for stale in older:
        shutil.rmtree(stale, ignore_errors=True)
    return _Compiled(str(folder))


def compile_templates(env: jinja2.Environment) -> jinja2.Environment:
    """Every template compiled now: before workers are forked (else each compiles its own, in each
    batch), or before serve's first edit."""
    for name in env.list_templates():
        env.get_template(name)
    return env


def _gettext(translate: Callable[[str], str]) -> Callable[..., Markup]:
    """`_()` in templates as Jinja's newstyle gettext makes it (the translation as Markup, %-formatted
    with escaped values), without its three context calls each time: a draw page calls it 40 times."""
    known: dict[str, Markup] = {}

    def gettext(message: str, **variables: Any) -> Markup:
        text = known.get(message)
        if text is None:
            text = known[message] = Markup(translate(message))
        return text % variables

    return gettext


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
