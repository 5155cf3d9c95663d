"""The site's two languages: gettext catalogs for the interface text, CLDR (through Babel) for dates and numbers.

The French catalog is drawarchive/languages/locale/fr/LC_MESSAGES/messages.po, extracted with pybabel
(see README.md) and committed. It is compiled in memory when a build starts, so a fresh clone
needs no compile step. English text is the catalog's source: its msgids.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeAlias

from babel import Locale
from babel.dates import format_date as cldr_date
from babel.dates import format_time as cldr_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

# Inside Texts, `date` and `datetime` name its methods; these name the types.
Day: TypeAlias = date
Moment: TypeAlias = datetime
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LOCALES = {"en": "en_CA", "fr": "fr_CA"}
NAMES = {"en": "English", "fr": "Français"}  # each language's name in itself, for the switch
# IRCC writes round times on a 24-hour clock; French's CLDR time already is one ("13 h 38 min 22 s").
TIME_PATTERNS = {"en": "HH:mm:ss", "fr": Locale.parse("fr_CA").time_formats["medium"].pattern}


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark for the catalog, translate later")
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 (the same, for a message with a plural)
    return singular, plural


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of a language; English needs none."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.is_file():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=LOCALES[lang])
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


@dataclass(frozen=True, slots=True)
class Texts:
    """One language's words and formats: what templates, pages, feeds and charts say."""

    lang: str

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

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
        return _format_day(day, "MMMM d" if self.lang == "en" else "d MMMM", self.lang)

    def time(self, moment: Moment) -> str:
        """13:38:22 UTC · 13 h 38 min 22 s UTC."""
        return f"{cldr_time(moment, TIME_PATTERNS[self.lang], locale=self.locale)} UTC"

    def datetime(self, moment: Moment) -> str:
        """July 5, 2023 at 13:38:22 UTC · 5 juillet 2023 à 13 h 38 min 22 s UTC."""
        return self.gettext("{date} at {time}").format(date=self.date(moment.date()), time=self.time(moment))

    def number(self, value: int) -> str:
        """5,900 · 5 900 (with a no-break space)."""
        return _format_number(value, self.lang)

    def percent(self, share: float) -> str:
        """6.1% · 6,1 % (CLDR's pattern for the language, with one decimal)."""
        return _format_percent(share, self.lang)

    def plural(self, count: int, singular: str, plural: str) -> str:
        """ "5,900 invitations": the count formatted, the words through the catalog (ngettext)."""
        return self.ngettext(singular, plural, count).format(count=self.number(count))


# Babel parses its locale and pattern on every call; a site formats the same few thousand
# numbers and days hundreds of thousands of times, so each result is kept.
@lru_cache(maxsize=1 << 16, typed=True)
def _format_number(value: int, lang: str) -> str:
    if type(value) is int and _GROUPING[lang] == (3, 3):  # the counts on every page: Python groups them as CLDR does
        return f"{value:,}".replace(",", _GROUP[lang]).replace("-", _MINUS[lang])
    return format_decimal(value, locale=LOCALES[lang])


_SYMBOLS = {lang: Locale.parse(name).number_symbols["latn"] for lang, name in LOCALES.items()}
_GROUP = {lang: symbols["group"] for lang, symbols in _SYMBOLS.items()}
_MINUS = {lang: symbols["minusSign"] for lang, symbols in _SYMBOLS.items()}
_GROUPING = {lang: Locale.parse(name).decimal_formats[None].grouping for lang, name in LOCALES.items()}


@lru_cache(maxsize=1 << 12, typed=True)
def _format_percent(share: float, lang: str) -> str:
    pattern = Locale.parse(LOCALES[lang]).percent_formats[None].pattern.replace("#,##0", "#,##0.0", 1)
    return format_percent(share, pattern, locale=LOCALES[lang])


@lru_cache(maxsize=1 << 16)
def _format_day(day: Day, form: str, lang: str) -> str:
    text = cldr_date(day, form, locale=LOCALES[lang])
    return "1er" + text[1:] if lang == "fr" and day.day == 1 else text


ENGLISH = Texts("en")
FRENCH = Texts("fr")
ALL = (ENGLISH, FRENCH)


def texts(lang: str) -> Texts:
    return {t.lang: t for t in ALL}[lang]


__all__ = ["ALL", "ENGLISH", "FRENCH", "NAMES", "NP_", "N_", "Texts", "texts", "translations"]
