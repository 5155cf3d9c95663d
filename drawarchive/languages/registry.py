"""The site's languages: one entry each, and every part of the generator asks here.

An entry gives a language's code (in <html lang>, hreflang and content file names), its CLDR locale
(dates, numbers and plurals, through Babel and the browsers' Intl), its name in itself, the words of
its addresses, its gettext catalog, and what CLDR doesn't say of its dates. The package's entries are
in languages.yml; site.yml's `languages:` may change their titles or add a language with its own
catalog. The first language is the source: content/ and the interface text are written in it, its
pages sit at the root, and the others' under <code>/.

A build activates its configuration's languages before it plans (pipeline/site.py); workers are forked
after that, so they share them.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from drawarchive.model.validation import Checker, Invalid, ListOf, Mapping, Problem, Record, Text, Url
from drawarchive.model.values import SOURCE_LANG

HERE = Path(__file__).resolve().parent
BUILT_IN_FILE = HERE / "languages.yml"
# The outside pages the site sends readers to: IRCC's rounds, and the data's two licences.
LINKS = ("ircc_rounds", "open_government_licence", "cc_by")
ADDRESS_WORDS = ("draws", "page", "years", "categories", "occupations", "noc", "feeds", "data", "search", "all")
SLUG = r"^[a-z0-9][a-z0-9-]*\Z"


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    locale: str
    name: str
    words: dict[str, str]  # the words of its addresses: draws -> tirages
    catalog: str = ""  # its gettext catalog (a .po file); none for the source language
    first_of_month: str = ""  # how a date writes the 1st where CLDR gives the number: "1er"
    time: str = "medium"  # a round time's CLDR pattern: "medium", or a pattern such as HH:mm:ss
    title: str = ""  # the site's title and description in it, where site.yml gives them
    description: str = ""
    prefix: str = ""  # its pages' folder: "" for the source language, "<code>/" for the others
    links: dict[str, str] = field(default_factory=dict)  # LINKS: the pages readers are sent to, in it

    @property
    def source(self) -> bool:
        return not self.prefix

    @property
    def suffix(self) -> str:
        """What its content files end with: 254.md in the source language, 254.fr.md in French."""
        return ".md" if self.source else f".{self.code}.md"

    @property
    def bcp47(self) -> str:
        """The locale as browsers' Intl takes it: fr-CA."""
        return self.locale.replace("_", "-")


class LocaleCode(Text):
    """A CLDR locale that Babel has: en_CA, fr_CA."""

    def __init__(self, help: str = "", **kw: Any) -> None:
        super().__init__(help, pattern=r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\Z", expected="a CLDR locale such as fr_CA", **kw)

    def check(self, value: Any) -> str:
        text = super().check(value)
        try:
            Locale.parse(text)
        except (ValueError, UnknownLocaleError):
            raise Invalid(f"{text!r} is not a locale CLDR has", self.expected) from None
        return text


def entry_option() -> Record:
    """One language's entry, as languages.yml and site.yml's `languages:` give it."""
    return Record({
        "code": Text("Its code, such as fr: in <html lang>, hreflang and content file names.", pattern=r"^[a-z]{2,3}\Z",
                     expected="a 2- or 3-letter language code such as fr"),
        "locale": LocaleCode("Its CLDR locale: dates, numbers and plurals.", required=False),
        "name": Text("Its name in itself, for the language switch.", required=False),
        "words": Mapping(ADDRESS_WORDS, Text(pattern=SLUG, expected="a word of an address: lower-case letters, "
                                                               "digits and hyphens"),
                         help="The words of its pages' addresses.", required=False),
        "catalog": Text("Its gettext catalog, a .po file, relative to the file that names it.", required=False),
        "first_of_month": Text("How a date writes the first of a month, where not as a number.", required=False),
        "time": Text("A round time's CLDR pattern, such as HH:mm:ss; CLDR's medium time by default.",
                     required=False),
        "title": Text("The site's title on its pages.", required=False),
        "description": Text("The site's description on its pages.", required=False),
        "links": Mapping(LINKS, Url(), optional=LINKS, required=False,
                         help="Pages readers are sent to, in this language where the page has a version in it "
                              "(else the first language's is linked, marked as in that language): "
                              + ", ".join(LINKS) + "."),
    }, required=False)


def read_entries(data: Any, lines: dict[tuple[str, ...], int], where: str, folder: Path,
                 base: tuple[Language, ...] = ()) -> tuple[tuple[Language, ...], list[Problem]]:
    """The languages an entries list gives, each merged over the entry of `base` with its code, if any;
    catalogs are found relative to `folder`. Every problem names the file (`where`) and the line."""
    checker = Checker(where, lines)
    entries = checker.check(ListOf(entry_option(), min_items=1), data, ("languages",))
    if not entries:
        return base, checker.problems
    known = {language.code: language for language in base}
    found = []
    for i, values in enumerate(entries):
        if values is None:
            continue
        at = ("languages", str(i))
        language = _merged(known.get(values["code"]), values, folder, checker, at)
        if language is not None:
            found.append(language)
    _check_all(found, checker)
    return _prefixed(found), checker.problems


def _merged(known: Language | None, values: dict[str, Any], folder: Path, checker: Checker,
            at: tuple[str, ...]) -> Language | None:
    given = {k: v for k, v in values.items() if v is not None}
    if "catalog" in given:
        given["catalog"] = str((folder / given["catalog"]).resolve())
    if known is not None:
        return replace(known, **given)
    missing = [name for name in ("locale", "name", "words") if name not in given]
    for name in missing:
        checker.report((*at, name), "missing", f"the {name} of language {given['code']}, which is not built in")
    return None if missing else Language(**given)


def _check_all(found: list[Language], checker: Checker) -> None:
    codes = [language.code for language in found]
    for i, language in enumerate(found):
        at = ("languages", str(i))
        if codes.index(language.code) != i:
            checker.report((*at, "code"), f"{language.code} is listed twice", "each language once")
        if i == 0 and language.code != SOURCE_LANG:
            checker.report((*at, "code"), f"{language.code} first", f"{SOURCE_LANG} first: the language content/ "
                           "and the interface text are written in")
        if i == 0 and language.catalog:
            checker.report((*at, "catalog"), "a catalog for the first language",
                           "none: the first language is the one the interface text is written in")
        if i > 0 and not language.catalog:
            checker.report((*at, "catalog"), "missing", f"a gettext catalog (.po) for {language.code}")
        elif language.catalog and not Path(language.catalog).is_file():
            checker.report((*at, "catalog"), f"{language.catalog} is not a file",
                           "a gettext catalog (.po file) that exists")
        if i == 0 and set(LINKS) - set(language.links):
            checker.report((*at, "links"), "missing " + ", ".join(sorted(set(LINKS) - set(language.links))),
                           "every link for the first language, which the others fall back on")
        words = list(language.words.values())
        if len(set(words)) != len(words):
            checker.report((*at, "words"), "two address words are the same", "a different word for each")


def _prefixed(found: list[Language]) -> tuple[Language, ...]:
    return tuple(replace(language, prefix="" if i == 0 else f"{language.code}/") for i, language in enumerate(found))


def _built_in() -> tuple[tuple[Language, ...], list[Problem]]:
    """The package's languages, and what is wrong with them (a catalog an installation left out, say):
    load_config reports those problems, so that nothing is built in a language that has no words."""
    data = yaml.safe_load(BUILT_IN_FILE.read_text(encoding="utf-8"))
    return read_entries(data, {}, "drawarchive/languages/languages.yml", HERE)


BUILT_IN, BUILT_IN_PROBLEMS = _built_in()
_active: list[tuple[Language, ...]] = [BUILT_IN]
_generation = [0]  # counts activations: what is worked out of the active languages is kept per generation


def generation() -> int:
    return _generation[0]


def activate(languages: tuple[Language, ...]) -> None:
    """The languages a build works in, from its configuration (config.SiteConfig.languages)."""
    _active[0] = languages
    _generation[0] += 1


def languages() -> tuple[Language, ...]:
    return _active[0]


def language(code: str) -> Language:
    for found in _active[0]:
        if found.code == code:
            return found
    raise KeyError(f"no language {code!r} in this site's languages ({', '.join(codes())})")


def codes() -> tuple[str, ...]:
    return tuple(found.code for found in _active[0])


def link(code: str, name: str) -> tuple[str, str]:
    """One of LINKS for readers of a language: its address, and the language that page is in."""
    own = language(code)
    return (own.links[name], own.code) if name in own.links else (source().links[name], source().code)


def source() -> Language:
    return _active[0][0]


def others() -> Iterator[Language]:
    """Every language but the source: the ones whose texts content/ may give in files of their own."""
    return iter(_active[0][1:])

__all__ = ["ADDRESS_WORDS", "BUILT_IN", "Language", "activate", "codes", "language", "languages",
           "others", "read_entries", "source"]


def reserved_slugs() -> tuple[str, ...]:
    """A category's slug sits beside these in an address (categories/<slug>/, occupations/<slug>/,
    feeds/<slug>.atom.xml), so no category may take one, in any of the site's languages."""
    return tuple(sorted({found.words[word] for found in languages() for word in ("all", "noc")}))
