"""What every page kind shares: the Site a kind plans from, what it makes (Planned files, search Records),
a page's Meta, pagination, feed links, and Kind itself.

A kind is one module of pages/ (home.py, draw.py, feeds.py, …): its value (one frozen dataclass per
file, all that its rendering reads), its plan, and what of the archive it reads. Every kind plans
the same way, `plan(site) -> list[Planned]`, returning its files; none changes the site it is given.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TypeVar

from drawarchive.config import SiteConfig
from drawarchive.languages.registry import codes
from drawarchive.languages.texts import Texts, texts
from drawarchive.model import Archive, Category
from drawarchive.model.marks import N_
from drawarchive.model.views import ArchiveView, IrccCheck, Silence, ircc_check
from drawarchive.model.views import silence as silence_of
from drawarchive.pages.urls import DRAWS_PER_PAGE, FORMATS, feed_file, page, prose_shard, record_shard
from drawarchive.render.markup import mentioned_rounds

Context = dict[str, Any]


# What a renderer returns: the file's bytes, or its bytes in pieces (a large export, written as made).
Made = bytes | Iterable[bytes]


def as_bytes(made: Made) -> bytes:
    return made if isinstance(made, bytes) else b"".join(made)


@dataclass(frozen=True, slots=True)
class Planned:
    """A file to make: `make(value)` must read nothing but `value` (and what the generator digest covers)."""

    path: str
    value: object
    make: Callable[[Any], Made]
    shard: str | None = None  # the search index shard of a searchable page
    group: str | None = None  # outputs that share work (one page in each language): rendered together


@dataclass(frozen=True, slots=True)
class Record:
    """People's words on a page, as a Pagefind custom record: found in full text, the page as its result."""

    path: str  # the page's address, from the site's root
    lang: str  # of the words and the page
    label: str  # the round: a search page in another language makes its own address from it
    digest: str  # of everything its title and words are made from
    make: Callable[[], tuple[str, str]]  # (title, words as plain text): worked out only when indexed

    @property
    def shard(self) -> str:
        return record_shard(self.label, self.lang)


Link = tuple[str, str, str]  # a feed link: title, MIME type, address
Key = str | int | tuple[str, int] | None  # a page's key in urls.page(): a round, a slug, (slug, page number)
T = TypeVar("T")
NAV = ((N_("Home"), "home"), (N_("All draws"), "draws"), (N_("Categories"), "categories"),
       (N_("Occupations"), "occupations"), (N_("Feeds"), "feeds"), (N_("Search"), "search"))


class Value(Protocol):
    """A page's value: all that its rendering reads."""

    def context(self, config: SiteConfig, t: Texts) -> Context: ...


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """The feeds a page announces: the site's pair, then its category's pair where it has one."""

    site: tuple[Link, ...]
    category: tuple[Link, ...] = ()

    @property
    def all(self) -> tuple[Link, ...]:
        return self.site + self.category


@dataclass(frozen=True, slots=True)
class Meta:
    """What every page declares about itself, for <head>, the nav and the language switch."""

    title: str
    description: str
    kind: str  # the page's kind and key, as urls.page() takes them: its address in every language
    key: Key
    lang: str
    feeds: tuple[Link, ...]
    section: str | None = None  # the nav item to mark as current
    searchable: bool = True  # whether the search index covers the page
    address: str | None = None  # its canonical address, where not its kind's (the 404 page's is its home)
    checked: IrccCheck | None = None  # the latest check of IRCC's data: every footer says it
    silence: Silence | None = None  # on pages that state a latest draw: when to warn the archive may be behind

    @property
    def path(self) -> str:
        return self.address if self.address is not None else page(self.kind, self.key, self.lang)

    @property
    def alternates(self) -> tuple[tuple[str, str], ...]:
        """(language, address) of this page in every language, this one included."""
        return tuple((lang, page(self.kind, self.key, lang)) for lang in codes())


@dataclass(frozen=True, slots=True)
class Page:
    template: str
    meta: Meta
    data: Value

    def context(self, config: SiteConfig) -> Context:
        t = texts(self.meta.lang)
        nav = [(t.gettext(label), page(kind, lang=self.meta.lang), kind == self.meta.section) for label, kind in NAV]
        return {"page": self.meta, "nav": nav, **self.data.context(config, t)}


Render = Callable[[Page], bytes]


class Worked:
    """What a language's pages work out of the archive once and share: a Site and the Sites made from it by
    Site.but() hold one, so it is worked out once however many runs of draws plan from it."""

    def __init__(self, archive: Archive, config: SiteConfig, t: Texts) -> None:
        self.archive, self.config, self.t = archive, config, t
        self.feeds: dict[str | None, FeedLinks] = {}

    @cached_property
    def view(self) -> ArchiveView:
        return ArchiveView(self.archive)

    @cached_property
    def silence(self) -> Silence | None:
        return silence_of(self.archive.rows)

    @cached_property
    def ircc(self) -> IrccCheck | None:
        return ircc_check(self.archive)

    @cached_property
    def labels(self) -> frozenset[str]:
        return frozenset(d.label for d in self.archive.draws)


@dataclass(frozen=True, slots=True)
class Site:
    """What a kind plans from, in one language: the archive as that language shows it, the configuration,
    the language's words, and how its pages are rendered. `draws` is the run of draws whose pages are
    planned (a build's workers plan them a run at a time); `pages` is every page's folder, for the
    sitemap, once the pages are written."""

    archive: Archive
    config: SiteConfig
    t: Texts
    render: Render | None = None
    root: Path | None = None  # the project, for its static files
    draws: slice = field(default_factory=lambda: slice(None))
    only: frozenset[str] | None = None  # of those, the rounds whose pages are planned (None: every one)
    pages: tuple[str, ...] = ()
    shared: Worked | None = field(default=None, repr=False, compare=False)  # None: made from the archive

    def __post_init__(self) -> None:
        if self.shared is None:
            object.__setattr__(self, "shared", Worked(self.archive, self.config, self.t))  # frozen: set once, here

    def but(self, **changes: Any) -> Site:
        """The same site but for the run of draws, the rounds planned or the pages, sharing what was worked
        out of the archive: the archive, the configuration and the language stay, so what was worked out holds."""
        assert set(changes) <= {"draws", "only", "pages"}, changes
        return replace(self, **changes)

    @property
    def worked(self) -> Worked:
        assert self.shared is not None  # made by __post_init__
        return self.shared

    @property
    def view(self) -> ArchiveView:
        return self.worked.view

    @property
    def silence(self) -> Silence | None:
        return self.worked.silence

    @property
    def ircc(self) -> IrccCheck | None:
        return self.worked.ircc

    @property
    def labels(self) -> frozenset[str]:
        return self.worked.labels

    def feeds(self, slug: str | None = None) -> FeedLinks:
        """One value per category, shared by its pages: it is worked out and fingerprinted once."""
        known = self.worked.feeds
        if slug not in known:
            known[slug] = feed_links(self.archive, self.config, self.t, slug)
        return known[slug]

    def linked(self, text: str) -> tuple[str, ...]:
        """The rounds a note mentions that exist: part of the page's value, so adding one re-renders it."""
        return tuple(sorted(label for label in mentioned_rounds(text) if label in self.labels))

    def _(self, message: str, **values: object) -> str:
        return self.t.gettext(message).format(**values)

    def html(self, template: str, value: Value, kind: str, key: Key, title: str, description: str, *,
             feeds: FeedLinks | None = None, section: str | None = None, searchable: bool = True,
             output: str | None = None, address: str | None = None, latest: bool = False) -> Planned:
        """One HTML page: at its kind's address (index.html in its folder, unless `output` says otherwise).
        A page that states a latest draw (`latest`) warns, as the home page does, when the archive may be behind."""
        assert self.render is not None, "a Site that plans HTML pages renders them"
        meta = Meta(title, description, kind, key, self.t.lang, (feeds or self.feeds()).all, section, searchable,
                    address, self.ircc, self.silence if latest else None)
        shard = prose_shard(self.t.lang) if searchable else None
        return Planned(output or meta.path + "index.html", Page(template, meta, value), self.render, shard,
                       f"{kind}/{key}")


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of output: how it plans, what of the archive its files show, and whether it has a file per
    language (most do; the data files, static files and the sitemap don't)."""

    name: str
    plan: Callable[[Site], list[Planned]]
    reads: frozenset[str]  # "draws" (whole), "rows" (as lists show them), "categories", "texts" (translations)
    per_language: bool = True
    by_run: bool = False  # planned a run of draws at a time (Site.draws), by the workers that write them
    records: Callable[[Site], list[Record]] | None = None  # its pages' words that search finds as records


def pages_of(count: int, per_page: int = DRAWS_PER_PAGE) -> int:
    """How many pages a list of `count` items takes: one at least."""
    return max(1, -(-count // per_page))


def on_page(items: Sequence[T], number: int, per_page: int = DRAWS_PER_PAGE) -> Sequence[T]:
    """The items on page `number`, counted from 1."""
    return items[(number - 1) * per_page: number * per_page]


def pager(number: int, pages: int, address: Callable[[int], str]) -> tuple[tuple[int | None, str], ...]:
    """The first and last pages and those near this one, with their addresses; None marks a gap ("…")."""
    near = {1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)}
    shown = sorted(near | {n for n in range(2, pages) if n - 1 in near and n + 1 in near})  # no "…" for one page
    links: list[tuple[int | None, str]] = []
    for previous, n in zip([0, *shown], shown, strict=False):
        if previous and n - previous > 1:
            links.append((None, ""))
        links.append((n, address(n)))
    return tuple(links)


def linker(config: SiteConfig, linked: tuple[str, ...], lang: str) -> Any:
    """'#254' in a note becomes a link when round 254 exists; which rounds exist is part of the page's value."""
    known = frozenset(linked)
    return lambda label: config.url(page("draw", label, lang)) if label in known else None


def by_slug(categories: tuple[Category, ...]) -> dict[str, Category]:
    return {c.slug: c for c in categories}


def feed_links(archive: Archive, config: SiteConfig, t: Texts, slug: str | None = None) -> FeedLinks:
    """(title, MIME type, href) of the feeds a page announces with <link rel="alternate">:
    the site's pair, and the category's pair when it has draws (otherwise it has no feeds)."""
    site = config.title_in(t.lang)
    links = tuple((f"{site} ({name})", mime, config.url(feed_file(None, form, t.lang)))
                  for form, (mime, name) in FORMATS.items())
    if slug is None or not archive.draws_in(slug):
        return FeedLinks(links)
    category = archive.category(slug)
    return FeedLinks(links, tuple((t.gettext("{site}: {category} ({format})").format(
        site=site, category=category.name, format=name), mime, config.url(feed_file(slug, form, t.lang)))
        for form, (mime, name) in FORMATS.items()))
