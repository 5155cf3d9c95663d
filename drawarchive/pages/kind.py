"""What every page kind shares: the Site a kind plans from, a page's Meta, pagination, and Kind itself.

A kind is one module of pages/ (home.py, draw.py, feeds.py, …): its value (one frozen dataclass per
file, all that its rendering reads), its plan, and what of the archive it reads. Every kind plans
the same way, `plan(site) -> list[Planned]`, returning its files; none changes the site it is given.
"""
from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TypeVar

from drawarchive.build.outputs import Planned
from drawarchive.build.search import Record, prose_shard
from drawarchive.config import SiteConfig
from drawarchive.languages.marks import N_
from drawarchive.languages.registry import codes
from drawarchive.languages.texts import Texts, texts
from drawarchive.model import Archive, Category, Checked
from drawarchive.model.views import ArchiveView
from drawarchive.pages.urls import DRAWS_PER_PAGE, page
from drawarchive.render.markup import mentioned_rounds

Context = dict[str, Any]
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
    checked: Checked | None = None  # when IRCC's data was last read: every footer says it

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


@dataclass
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
    built: date | None = None  # the day of the build, which the home page gives for readers without scripts
    _feeds: dict[str | None, FeedLinks] = field(default_factory=dict, repr=False)

    def but(self, **changes: Any) -> Site:
        """The same site but for `changes` (draws=, pages=), sharing what was worked out of the archive."""
        other = copy.copy(self)
        for name, value in changes.items():
            setattr(other, name, value)
        return other

    @cached_property
    def view(self) -> ArchiveView:
        return ArchiveView(self.archive)

    @cached_property
    def labels(self) -> frozenset[str]:
        return frozenset(d.label for d in self.archive.draws)

    def feeds(self, slug: str | None = None) -> FeedLinks:
        """One value per category, shared by its pages: it is worked out and fingerprinted once."""
        from drawarchive.pages.feeds import feed_links  # feeds.py plans with a Site too

        if slug not in self._feeds:
            self._feeds[slug] = feed_links(self.archive, self.config, self.t, slug)
        return self._feeds[slug]

    def linked(self, text: str) -> tuple[str, ...]:
        """The rounds a note mentions that exist: part of the page's value, so adding one re-renders it."""
        return tuple(sorted(label for label in mentioned_rounds(text) if label in self.labels))

    def _(self, message: str, **values: object) -> str:
        return self.t.gettext(message).format(**values)

    def html(self, template: str, value: Value, kind: str, key: Key, title: str, description: str, *,
             feeds: FeedLinks | None = None, section: str | None = None, searchable: bool = True,
             output: str | None = None, address: str | None = None) -> Planned:
        """One HTML page: at its kind's address (index.html in its folder, unless `output` says otherwise)."""
        assert self.render is not None, "a Site that plans HTML pages renders them"
        meta = Meta(title, description, kind, key, self.t.lang, (feeds or self.feeds()).all, section, searchable,
                    address, self.archive.checked)
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
