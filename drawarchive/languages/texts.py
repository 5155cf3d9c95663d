"""A language's words and formats: gettext catalogs for the interface text, CLDR (through Babel) for
dates, numbers and plurals. Which languages there are, and their locales and catalogs, is the
registry's (registry.py).

A catalog (the French one is drawarchive/languages/locale/fr/LC_MESSAGES/messages.po, extracted
with pybabel as README.md says, and committed) is compiled in memory when a build first needs it,
so a fresh clone needs no compile step. English text is the catalogs' source: their msgids. A
language whose catalog is missing is an error, never English in its place.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import TypeAlias

from babel import Locale
from babel.dates import format_date as cldr_date
from babel.dates import format_skeleton as cldr_skeleton
from babel.dates import format_time as cldr_time
from babel.dates import get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from drawarchive.languages.registry import language, languages
from drawarchive.model.marks import N_, NP_
from drawarchive.model.values import SOURCE_LANG

# Inside Texts, `date` and `datetime` name its methods; these name the types.
Day: TypeAlias = date
Moment: TypeAlias = datetime




class MissingCatalog(Exception):
    """A language's catalog can't be read: its pages would be in English, so nothing is built."""


@cache
def _compiled(catalog: str, locale: str) -> NullTranslations:
    try:
        with open(catalog, "rb") as handle:
            parsed = read_po(handle, locale=locale)
    except OSError as error:
        raise MissingCatalog(f"{catalog}: cannot read the catalog ({error.strerror}) (expected a gettext .po "
                             "file: see README.md, \"Two languages\")") from None
    compiled = io.BytesIO()
    write_mo(compiled, parsed, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def translations(lang: str) -> NullTranslations:
    """The compiled catalog of a language; the source language needs none."""
    found = language(lang)
    return NullTranslations() if found.source else _compiled(found.catalog, found.locale)


@dataclass(frozen=True, slots=True)
class Texts:
    """One language's words and formats: what templates, pages, feeds and charts say."""

    lang: str

    @property
    def locale(self) -> str:
        return language(self.lang).locale

    def gettext(self, message: str) -> str:
        return translations(self.lang).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.lang).ngettext(singular, plural, count)

    def date(self, day: Day) -> str:
        """July 5, 2023 · 5 juillet 2023; the first of a month is "1er" in French."""
        return _format_day(day, "long", self.lang)

    def short_date(self, day: Day) -> str:
        """Jul 5, 2023 · 5 juill. 2023: for tables, which must fit a phone."""
        return _format_day(day, "medium", self.lang)

    def month_day(self, day: Day) -> str:
        """October 1 · 1er octobre."""
        return _format_day(day, "MMMMd", self.lang)

    def months(self) -> tuple[tuple[str, str], ...]:
        """Each month's names as CLDR writes them in a date, January first: wide and abbreviated
        (July, Jul · juillet, juill.). Search reads a date the reader typed by them."""
        return _month_names(self.lang)

    def date_pattern(self) -> str:
        """CLDR's pattern of a long date, as `date` writes one: MMMM d, y · d MMMM y."""
        return _date_pattern(self.lang)

    def language_name(self, other: str) -> str:
        """Another language's name as this one writes it in running text, from CLDR: French · anglais."""
        return str(Locale.parse(language(self.lang).locale).languages[language(other).locale.split("_")[0]])

    def time(self, moment: Moment) -> str:
        """13:38:22 UTC · 13 h 38 min 22 s UTC, with no-break spaces: a time never breaks across lines."""
        return _format_time(moment, self.lang)

    def datetime(self, moment: Moment) -> str:
        """July 5, 2023 at 13:38:22 UTC · 5 juillet 2023 à 13 h 38 min 22 s UTC."""
        return self.gettext("{date} at {time}").format(date=self.date(moment.date()), time=self.time(moment))

    def number(self, value: float) -> str:
        """5,900 · 5 900 (with a no-break space); 140.5 · 140,5."""
        return _format_number(value, self.lang)

    def percent(self, share: float) -> str:
        """6.1% · 6,1 % (CLDR's pattern for the language, with one decimal)."""
        return _format_percent(share, self.lang)

    def plural(self, count: float, singular: str, plural: str) -> str:
        """ "5,900 invitations": the count formatted, the words through the catalog (ngettext). A count
        with a fraction (140.5 days) takes the form CLDR gives it: "1,5 jour" but "1.5 days"."""
        chosen = count if isinstance(count, int) else 1 if _plural_form(count, self.lang) == "one" else 2
        return self.ngettext(singular, plural, chosen).format(count=self.number(count))


# Babel parses its locale and pattern on every call; a site formats the same few thousand
# numbers and days hundreds of thousands of times, so each result is kept.
def _plural_form(count: float, lang: str) -> str:
    return str(Locale.parse(language(lang).locale).plural_form(count))


@lru_cache(maxsize=1 << 16, typed=True)
def _format_number(value: float, lang: str) -> str:
    locale = language(lang).locale
    group, minus, grouping = _number_symbols(locale)
    if type(value) is int and grouping == (3, 3):  # the counts on every page: Python groups them as CLDR does
        return f"{value:,}".replace(",", group).replace("-", minus)
    return format_decimal(value, locale=locale)


@cache
def _number_symbols(locale: str) -> tuple[str, str, tuple[int, int]]:
    parsed = Locale.parse(locale)
    symbols = parsed.number_symbols["latn"]
    return symbols["group"], symbols["minusSign"], parsed.decimal_formats[None].grouping


@lru_cache(maxsize=1 << 12, typed=True)
def _format_percent(share: float, lang: str) -> str:
    locale = language(lang).locale
    pattern = Locale.parse(locale).percent_formats[None].pattern.replace("#,##0", "#,##0.0", 1)
    return format_percent(share, pattern, locale=locale)


@lru_cache(maxsize=1 << 16)
def _format_time(moment: Moment, lang: str) -> str:
    found = language(lang)
    return f"{cldr_time(moment, found.time, locale=found.locale)} UTC".replace(" ", NO_BREAK)


NO_BREAK = "\u00a0"


@cache
def _month_names(lang: str) -> tuple[tuple[str, str], ...]:
    locale = language(lang).locale
    wide, short = (get_month_names(width, "format", locale=locale) for width in ("wide", "abbreviated"))
    return tuple((wide[month], short[month]) for month in range(1, 13))


@cache
def _date_pattern(lang: str) -> str:
    return str(Locale.parse(language(lang).locale).date_formats["long"].pattern)


@lru_cache(maxsize=1 << 16)
def _format_day(day: Day, form: str, lang: str) -> str:
    found = language(lang)
    if form == "MMMMd":  # a month and a day, in the order the language writes them
        text = cldr_skeleton(form, day, locale=found.locale)
    else:
        text = cldr_date(day, form, locale=found.locale)
    if found.first_of_month and day.day == 1:  # "1er octobre": the day's number, as the language writes the 1st
        text = text.replace("1", found.first_of_month, 1)
    return text


ENGLISH = Texts(SOURCE_LANG)  # the interface text's own language: the catalogs' msgids are English


def texts(lang: str) -> Texts:
    language(lang)  # a language the site has, or a KeyError naming the ones it has
    return Texts(lang)


def every() -> tuple[Texts, ...]:
    """Each of the site's languages, the source first."""
    return tuple(Texts(found.code) for found in languages())


__all__ = ["ENGLISH", "NP_", "N_", "MissingCatalog", "Texts", "every", "texts", "translations"]
