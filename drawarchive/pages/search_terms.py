"""What the search page matches exactly, per language: search/terms.json, fr/recherche/terms.json.

static/search.js finds a round by its number, a date or a month, an official round name, a category,
a NOC code or an occupation's title before Pagefind's full text. It reads the draws' facts from
data/index.json (pages/exports.py) and the rest from this file: the language's month names and long
date pattern (CLDR, through Babel), the draw page's title as the language writes it, the categories'
names, the official round names with the rounds that carry each, and the occupations of the lists.
Addresses are the pages' own (pages/urls.py), from the site's root: the script puts the sub-path in front.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from drawarchive.languages.registry import language
from drawarchive.languages.texts import every
from drawarchive.model import Archive, Occupation
from drawarchive.model.views import removals
from drawarchive.pages.kind import Kind, Planned, Site
from drawarchive.pages.urls import page


@dataclass(frozen=True, slots=True)
class Term:
    """A category or an occupation: what a reader may type for it, and its page's address."""

    key: str  # a category's slug, an occupation's NOC code
    name: str
    short_name: str  # a category's; "" for an occupation
    address: str
    lang: str  # the language its name is in: the page's, or the source's where content has no translation
    categories: tuple[str, ...] = ()  # an occupation's: the slugs of the categories that list it
    removed: tuple[tuple[str, str], ...] = ()  # an occupation's: (slug, ISO day or "") where a list dropped it


@dataclass(frozen=True, slots=True)
class SearchTerms:
    lang: str
    months: tuple[tuple[str, str], ...]  # January first: the wide name, then the abbreviated one
    date: str  # CLDR's long date pattern
    first_of_month: str  # "1er" in French: how the language writes the first day of a month, if otherwise
    patterns: tuple[tuple[str, str], ...]  # titles and addresses, with {placeholders}
    categories: tuple[Term, ...]
    names: tuple[tuple[str, tuple[str, ...]], ...]  # an official round name, and its rounds, oldest first
    occupations: tuple[Term, ...]
    other_months: tuple[tuple[str, str], ...] = ()  # the other languages' month names: a date typed in either works
    round_words: tuple[str, ...] = ()  # "round", "draw", "ronde", "tirage": words a reader puts before a number
    others: tuple[tuple[str, str, str, str], ...] = ()  # each other language: code, name, terms, search page


def plan(site: Site) -> list[Planned]:
    t, lang = site.t, site.t.lang
    patterns = (  # as the pages give them: draw.py's and year.py's titles, noc.html's heading
        ("title", t.gettext("Express Entry draw {round}, {date}: {category}")), ("round", t.gettext("#{round}")),
        ("draw", page("draw", "{round}", lang)), ("noc", t.gettext("NOC %(code)s") % {"code": "{code}"}),
        ("year_title", t.gettext("Express Entry draws in {year}")), ("year", page("year", "{year}", lang)),
        ("draws", page("draws", 1, lang)), ("filtered", t.gettext("{category} draws in {year}")),
    )
    categories = tuple(Term(c.slug, c.name, c.short_name, page("category", c.slug, lang), c.text_lang)
                       for c in site.archive.categories)
    others = [texts for texts in every() if texts.lang != lang]
    words = sorted({word.casefold() for texts in every() for word in (texts.gettext("Round"), texts.gettext("Draw"))})
    terms = SearchTerms(lang, t.months(), t.date_pattern(), language(lang).first_of_month or "", patterns,
                        categories, round_names(site.archive), occupations(site.archive, lang),
                        tuple(names for texts in others for names in texts.months()), tuple(words),
                        tuple((o.lang, t.language_name(o.lang), page("search terms", lang=o.lang),
                               page("search", lang=o.lang)) for o in others))
    return [Planned(page("search terms", lang=lang), terms, render)]


def round_names(archive: Archive) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each official round name in the archive's language, in the order it first appears, with its rounds."""
    named: dict[str, list[str]] = {}
    for draw in archive.draws:
        named.setdefault(draw.name, []).append(draw.label)
    return tuple((name, tuple(labels)) for name, labels in named.items())


def occupations(archive: Archive, lang: str) -> tuple[Term, ...]:
    """Every occupation of every list, once, by NOC code: its newest list's title, as its NOC page gives it."""
    newest: dict[str, Occupation] = {}
    listed: dict[str, list[str]] = {}
    for category in archive.categories:
        for version in category.versions:
            for occupation in version.occupations or ():
                newest[occupation.noc] = occupation
                slugs = listed.setdefault(occupation.noc, [])
                slugs += [category.slug] if category.slug not in slugs else []
    dropped = {code: tuple((r.category.slug, r.since.isoformat() if r.since else "") for c in archive.categories
                           if (r := removals(c, code))) for code in newest}
    return tuple(Term(code, newest[code].title, "", page("noc", code, lang), newest[code].title_lang,
                      tuple(s for s in listed[code] if s not in dict(dropped[code])), dropped[code])
                 for code in sorted(newest))


def document(terms: SearchTerms) -> dict[str, object]:
    """The file's content, as JSON types."""
    return {
        "lang": terms.lang, "months": [list(names) for names in terms.months], "date": terms.date,
        "first_of_month": terms.first_of_month, **dict(terms.patterns),
        "other_months": [list(names) for names in terms.other_months], "round_words": list(terms.round_words),
        "others": [{"lang": code, "name": name, "terms": address, "search": search}
                   for code, name, address, search in terms.others],
        "categories": [{"slug": c.key, "name": c.name, "short_name": c.short_name, "url": c.address,
                        **_lang(c, terms.lang)} for c in terms.categories],
        "names": [{"name": name, "rounds": list(rounds)} for name, rounds in terms.names],
        "occupations": [{"noc": o.key, "title": o.name, "url": o.address, "categories": list(o.categories),
                         "removed": [{"category": slug, "since": since} for slug, since in o.removed],
                         **_lang(o, terms.lang)} for o in terms.occupations],
    }


def _lang(term: Term, lang: str) -> dict[str, str]:
    """A name in another language than the page's says which (the page marks it, as its other pages do)."""
    return {"lang": term.lang} if term.lang != lang else {}


def render(terms: SearchTerms) -> bytes:
    return (json.dumps(document(terms), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


KIND = Kind("search terms", plan, frozenset({"draws", "categories", "texts"}))
