"""Where things live: each content file's path and each page's address, written once.

The source language's pages sit at the root and each other language's under its prefix (fr/),
in the words of its registry entry: French readers expect French words in an address
(fr/tirages/254/, fr/annees/2023/, fr/professions/cnp/21231/), as on IRCC's own French pages.
Identifiers (round numbers, NOC codes, category slugs) are the same in every language, so a page
and its counterparts share a key and the language switch is a lookup.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from drawarchive.languages.registry import generation, language, link, source

DRAWS_PER_PAGE = 100  # the plain table of all draws, a page at a time; scripts sort and filter all of them


def page(kind: str, key: object = None, lang: str | None = None) -> str:
    """A page's address relative to the site's root, e.g. page("draw", "254", "fr") == "fr/tirages/254/",
    in the words of the language's entry in the registry (the source language's when none is given).

    SiteConfig.url() puts the site's sub-path in front.
    """
    return _page(kind, key, lang, generation())


@lru_cache(maxsize=1 << 16)  # a page links to its nav, its alternates and its neighbours: 37 addresses a draw page
def _page(kind: str, key: object, lang: str | None, active: int) -> str:
    found = language(lang) if lang else source()
    w = found.words
    return found.prefix + {
        "home": "",
        "draws": f"{w['draws']}/" if key in (None, 1) else f"{w['draws']}/{w['page']}/{key}/",
        "draw": f"{w['draws']}/{key}/",
        "years": f"{w['years']}/",
        "year": f"{w['years']}/{key}/",
        "categories": f"{w['categories']}/",
        "category": _paged(f"{w['categories']}/{_slug(key)}/", key, w),
        "occupations": f"{w['occupations']}/",
        "occupation": f"{w['occupations']}/{key}/",
        "noc": f"{w['occupations']}/{w['noc']}/{key}/",
        "feeds": f"{w['feeds']}/",
        "data": f"{w['data']}/",
        "search": f"{w['search']}/",
        "search terms": f"{w['search']}/terms.json",  # what the search page matches exactly (pages/search_terms.py)
        "404": "404.html",
    }[kind]


def _slug(key: object) -> object:
    return key[0] if isinstance(key, tuple) else key


def _paged(address: str, key: object, w: dict[str, str]) -> str:
    """A list's first page at its address, its later ones under page/N/: key is a slug or (slug, N)."""
    number = key[1] if isinstance(key, tuple) else 1
    return address if number == 1 else f"{address}{w['page']}/{number}/"


# A feed's format ->  (MIME type, name shown in link titles)
FORMATS: dict[str, tuple[str, str]] = {
    "atom": ("application/atom+xml", "Atom"),
    "rss": ("application/rss+xml", "RSS"),
}


def feed_file(slug: str | None, form: str, lang: str | None = None) -> str:
    """feeds/all.atom.xml, feeds/stem.rss.xml, fr/fils/tous.atom.xml, ..."""
    return f"{page('feeds', lang=lang)}{slug or (language(lang) if lang else source()).words['all']}.{form}.xml"


def draw_page(label: str, lang: str | None = None) -> str:
    return page("draw", label, lang)


def category_page(slug: str, lang: str | None = None) -> str:
    return page("category", slug, lang)


def draws_page(number: int, lang: str | None = None) -> str:
    """draws/ for the newest draws, then draws/page/2/, draws/page/3/, ..."""
    return page("draws", number, lang)


def category_list_page(slug: str, number: int, lang: str | None = None) -> str:
    """categories/stem/ for a category's newest draws, then categories/stem/page/2/, ..."""
    return page("category", (slug, number), lang)


def official_page(url: str, lang: str) -> tuple[str, str]:
    """A round's official page for readers of lang, and the language that page is in.

    IRCC publishes each round's page in English and French, under its rounds page in each language
    (languages.yml, links: ircc_rounds), at the same place: .../express-entry-rounds/invitations.html?q=254 is
    .../entree-express-rondes/invitations.html?q=254 in French. Any other page stays as it is, in English.
    """
    english, (own, own_lang) = link(source().code, "ircc_rounds"), link(lang, "ircc_rounds")
    folder = english[0].removesuffix(".html") + "/"
    if not url.startswith(folder) or own_lang == english[1]:
        return url, english[1]
    return own.removesuffix(".html") + "/" + url.removeprefix(folder), own_lang


# The search index's shards (pipeline/search.py indexes them; the search page merges its language's)
SEARCH_DIR = "pagefind"
SHARD_ROUNDS = 1000  # rounds whose records share a shard


def prose_shard(lang: str) -> str:
    return lang


def record_shard(label: str, lang: str) -> str:
    """The shard of a round's record: one per thousand rounds (91a with 91)."""
    number = re.match(r"\d+", label)
    return f"{lang}-{int(number.group()) // SHARD_ROUNDS if number else 0}"


def shard_names(lang: str, worded: Mapping[str, Iterable[str]]) -> tuple[tuple[str, str], ...]:
    """The shards a search page in `lang` merges, each with its language: the language's prose, then the
    records of each language whose words its pages show (`worded`: by language, the rounds with words in
    it; a shard without a record is not made). A French page shows English notes that have no French
    translation, and finds them in the English records: people's words are indexed once, in their language."""
    records = [(name, words_lang) for words_lang, labels in worded.items()
               for name in sorted({record_shard(label, words_lang) for label in labels},
                                  key=lambda name: int(name.rsplit("-", 1)[1]))]
    return ((prose_shard(lang), lang), *records)


def bundle(shard: str) -> str:
    return f"{SEARCH_DIR}/{shard}/"
