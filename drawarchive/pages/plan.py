"""Plan every HTML page, in each language: its path, its template, and the one frozen value it shows."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Protocol

from drawarchive.build.search import bundle, shard_names
from drawarchive.config import SiteConfig
from drawarchive.languages.registry import codes
from drawarchive.languages.texts import N_, Texts, texts
from drawarchive.languages.words import draw_summary, round_ref
from drawarchive.model import Archive, Draw
from drawarchive.model.views import ArchiveView, freshness, occupation_index, stats
from drawarchive.pages.exports import CSV_PATH, JSON_PATH, SCHEMA_PATH, columns, record_fields
from drawarchive.pages.feeds import feed_links
from drawarchive.pages.urls import DRAWS_PER_PAGE, page
from drawarchive.pages.values import (
    CategoriesData,
    CategoryData,
    DataPageData,
    DrawData,
    DrawIndexData,
    FeedsData,
    HomeData,
    NocData,
    NoData,
    OccupationData,
    OccupationsData,
    SearchData,
    YearData,
    YearsData,
)
from drawarchive.render.markup import mentioned_rounds

NAV = ((N_("Home"), "home"), (N_("All draws"), "draws"), (N_("Categories"), "categories"),
       (N_("Occupations"), "occupations"), (N_("Feeds"), "feeds"), (N_("Search"), "search"))
RECENT = 20
Feeds = tuple[tuple[str, str, str], ...]
Key = str | int | tuple[str, int] | None  # a page's key in paths.page(): a round, a slug, (slug, page number)


class PageData(Protocol):
    def context(self, config: SiteConfig, t: Texts) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Meta:
    """What every page declares about itself, for <head>, the nav and the language switch."""

    title: str
    description: str
    kind: str  # the page's kind and key, as paths.page() takes them: its address in every language
    key: Key
    lang: str
    feeds: Feeds
    section: str | None = None  # the nav item to mark as current
    searchable: bool = True  # whether the search index covers the page

    @property
    def path(self) -> str:
        return page("home", lang=self.lang) if self.kind == "404" else page(self.kind, self.key, self.lang)

    @property
    def alternates(self) -> tuple[tuple[str, str], ...]:
        """(language, address) of this page in every language, this one included."""
        return tuple((lang, page(self.kind, self.key, lang)) for lang in codes())


@dataclass(frozen=True, slots=True)
class Page:
    template: str
    meta: Meta
    data: PageData

    @property
    def output(self) -> str:
        return self.meta.path + ("404.html" if self.meta.kind == "404" else "index.html")

    def context(self, config: SiteConfig) -> dict[str, Any]:
        t = texts(self.meta.lang)
        nav = [(t.gettext(label), page(kind, lang=self.meta.lang), kind == self.meta.section) for label, kind in NAV]
        return {"page": self.meta, "nav": nav, **self.data.context(config, t)}


class Planner:
    """Works out every page's value from the Archive, in one language; nothing here renders."""

    def __init__(self, archive: Archive, config: SiteConfig, t: Texts) -> None:
        self.archive, self.config, self.t = archive, config, t
        self.view = ArchiveView(archive)
        self.pages: list[Page] = []
        self._feeds: dict[str | None, Feeds] = {}

    def add(self, template: str, data: PageData, kind: str, key: Key, title: str, description: str,
            feeds: Feeds | None = None, section: str | None = None, searchable: bool = True) -> None:
        meta = Meta(title, description, kind, key, self.t.lang, feeds if feeds is not None else self.feeds(),
                    section, searchable)
        self.pages.append(Page(template, meta, data))

    def take(self) -> list[Page]:
        """The pages planned since the last take: a build renders them, then lets them go."""
        pages, self.pages = self.pages, []
        return pages

    def feeds(self, slug: str | None = None) -> Feeds:
        """One value per category, shared by its pages: it is worked out and fingerprinted once."""
        if slug not in self._feeds:
            self._feeds[slug] = tuple(feed_links(self.archive, self.config, self.t, slug))
        return self._feeds[slug]

    @cached_property
    def labels(self) -> frozenset[str]:
        return frozenset(d.label for d in self.archive.draws)

    def linked(self, text: str) -> tuple[str, ...]:
        """The rounds a note mentions that exist: part of the page's value, so adding one re-renders it."""
        return tuple(sorted(label for label in mentioned_rounds(text) if label in self.labels))

    def _(self, message: str, **values: object) -> str:
        return self.t.gettext(message).format(**values)


def plan_home(p: Planner) -> None:
    rows, view = p.archive.rows, p.view
    latest = view.newest_first[0] if rows else None
    last = p.archive.draws[-1] if rows else None
    description = (p._("The latest Express Entry draw: {summary}",
                       summary=draw_summary(last, p.archive.category(last.category), p.t)) if last
                   else p.config.description)
    p.add("home.html", HomeData(
        latest=latest, change=view.change(latest) if latest else None, by_category=view.latest_by_category(),
        recent=view.newest_first[:RECENT], categories=p.archive.categories, total=stats(rows), fresh=freshness(rows),
        cutoffs=tuple((c.short_name, p.archive.rows_in(c.slug)) for c in view.main_categories()),
        since=view.categories_began, per_year=view.per_year),
        "home", None, p.config.title_in(p.t.lang), description, section="home")


def plan_draw_index(p: Planner) -> None:
    """All draws, newest first, DRAWS_PER_PAGE a page: plain tables that together hold every draw."""
    rows = p.view.newest_first
    count = max(1, -(-len(rows) // DRAWS_PER_PAGE))
    description = p._("Every Express Entry round of invitations since 2015: {count}, newest first, with "
                      "invitations, CRS cut-offs and tie-breaking rules.",
                      count=p.t.plural(len(rows), "{count} draw", "{count} draws"))
    for number in range(1, count + 1):
        shown = rows[(number - 1) * DRAWS_PER_PAGE: number * DRAWS_PER_PAGE]
        title = (p._("All Express Entry draws, page {number} of {pages}", number=number, pages=count)
                 if number > 1 else p._("All Express Entry draws"))
        p.add("draws.html", DrawIndexData(shown, p.archive.categories, tuple(p.view.years), number, count,
                                          len(rows), p.archive.programs),
              "draws", number, title, description, section="draws")


def plan_years(p: Planner) -> None:
    years = p.view.years
    pool = tuple((d.label, d.date, d.pool.total, d.pool.band("601-1200") + d.pool.band("501-600"),
                  d.pool.band("451-500")) for d in p.archive.draws if d.pool)
    p.add("years.html", YearsData(tuple((y, stats(rows)) for y, rows in reversed(years.items())),
                                  p.view.per_year, p.archive.rows[-1].date if p.archive.rows else None, pool),
          "years", None, p._("Express Entry draws by year"),
          p._("Express Entry rounds of invitations and invitations issued, year by year since 2015, and the "
              "pool of candidates over time."), section="draws")
    for year, rows in years.items():
        neighbours = (year - 1 if year - 1 in years else None, year + 1 if year + 1 in years else None)
        p.add("year.html", YearData(year, tuple(reversed(rows)), stats(rows), p.view.category_totals(rows),
                                    neighbours, p.archive.categories),
              "year", year, p._("Express Entry draws in {year}", year=year),
              p._("All {draws} of {year}: {invitations} issued, by category.", year=year,
                  draws=p.t.plural(len(rows), "{count} Express Entry draw", "{count} Express Entry draws"),
                  invitations=p.t.plural(sum(r.invitations for r in rows), "{count} invitation",
                                         "{count} invitations")), section="draws")


def plan_draws(p: Planner, draws: slice = slice(None)) -> None:
    for draw in p.archive.draws[draws]:
        plan_draw(p, draw)


def plan_draw(p: Planner, draw: Draw) -> None:
    """One draw's page (serve's quick path plans it alone: see preview.py)."""
    category = p.archive.category(draw.category)
    p.add("draw.html", DrawData(
        draw, category, p.view.neighbours(draw.label), p.view.category_neighbours(draw.label, draw.category),
        p.view.change(p.view.row(draw.label)), p.linked(draw.body)),
        "draw", draw.label, draw_title(p, draw), draw_summary(draw, category, p.t),
        feeds=p.feeds(category.slug), section="draws")


def draw_title(p: Planner, draw: Draw) -> str:
    return p._("Express Entry draw {round}, {date}: {category}", round=round_ref(draw.label, p.t),
               date=p.t.date(draw.date), category=p.archive.category(draw.category).name)


def plan_categories(p: Planner) -> None:
    rows = tuple((c, stats(p.archive.rows_in(c.slug))) for c in p.archive.categories)
    p.add("categories.html", CategoriesData(rows), "categories", None, p._("Express Entry draw categories"),
          p._("The kinds of Express Entry rounds: general, program, French-language and occupation categories, "
              "with their draws and cut-offs."), section="categories")
    for category in p.archive.categories:
        draws = p.archive.rows_in(category.slug)
        change = p.view.change(draws[-1]) if draws else None
        data = CategoryData(category, draws, stats(draws), change, p.feeds(category.slug)[2:], p.linked(category.body),
                            pages=max(1, -(-len(draws) // DRAWS_PER_PAGE)))
        title = p._("{category}: Express Entry draws", category=category.name)
        p.add("category.html", data, "category", category.slug, title, category.description,
              feeds=p.feeds(category.slug), section="categories")
        for number in range(2, data.pages + 1):  # the rest of its table; the search finds these draws' own pages
            p.add("category.html", replace(data, number=number), "category", (category.slug, number),
                  p._("{category}: Express Entry draws, page {number} of {pages}", category=category.name,
                      number=number, pages=data.pages),
                  category.description, feeds=p.feeds(category.slug), section="categories", searchable=False)


def plan_occupations(p: Planner) -> None:
    categories = p.view.occupation_categories()
    p.add("occupations.html", OccupationsData(categories), "occupations", None,
          p._("Occupations in Express Entry categories"),
          p._("The NOC 2021 occupations eligible for each category-based Express Entry draw, list by list."),
          section="occupations")
    for category in categories:
        p.add("occupation.html", OccupationData(category, tuple(reversed(p.archive.rows_in(category.slug)))),
              "occupation", category.slug, p._("{category}: eligible occupations (NOC 2021)", category=category.name),
              p._("Every occupation in each {name} list version, what changed between versions, and the {name} draws "
                  "with their cut-offs.", name=category.short_name),
              feeds=p.feeds(category.slug), section="occupations")


def plan_nocs(p: Planner) -> None:
    """One page per NOC code: which lists name it, and the draws held under those lists."""
    for code, listings in occupation_index(p.archive).items():
        occupation = listings[-1].occupation
        names = ", ".join(sorted({listing.category.short_name for listing in listings}))
        p.add("noc.html", NocData(code, occupation.title, occupation.title_lang, listings), "noc", code,
              p._("NOC {code} {title}: Express Entry categories and draws", code=code, title=occupation.title),
              p.t.ngettext("NOC 2021 {code}, {title}: in Express Entry's {names} list, and the draws held under it.",
                           "NOC 2021 {code}, {title}: in Express Entry's {names} lists, and the draws held under "
                           "them.", len(listings)).format(code=code, title=occupation.title, names=names),
              section="occupations")


def plan_search(p: Planner) -> None:
    bundles = tuple(bundle(name) for name in shard_names(p.t.lang, p.labels))
    p.add("search.html", SearchData(bundles), "search", None, p._("Search the Express Entry draw archive"),
          p._("Find a draw by its number, a category, or an occupation by its NOC code or title."),
          section="search", searchable=False)


def plan_feed_page(p: Planner) -> None:
    rows = tuple((c, p.feeds(c.slug)[2:]) for c in p.archive.categories if p.archive.draws_in(c.slug))
    p.add("feeds.html", FeedsData(p.feeds(), rows), "feeds", None, p._("Feeds of new Express Entry draws"),
          p._("Follow new Express Entry draws in a feed reader, site-wide or for one category, in Atom or RSS."),
          section="feeds")


def plan_not_found(p: Planner) -> None:
    p.add("404.html", NoData(), "404", None, p._("Page not found"),
          p._("This page does not exist in the Express Entry draw archive."), searchable=False)


def plan_data_page(p: Planner) -> None:
    files = (("draws.json", JSON_PATH), ("draws.csv", CSV_PATH), ("draw.schema.json", SCHEMA_PATH))
    p.add("data.html", DataPageData(len(p.archive.draws), tuple(columns(p.t)), tuple(record_fields(p.t)), files),
          "data", None,
          p._("Download the Express Entry draw data"),
          p._("Every Express Entry draw as JSON and CSV, typed, with each column documented, and the JSON Schema "
              "of a draw file."))


# Every page but the draws' own, which a build's workers plan, a run of draws at a time (site.py).
SITE_PLANS = (plan_home, plan_draw_index, plan_years, plan_categories, plan_occupations, plan_nocs, plan_search,
              plan_feed_page, plan_data_page, plan_not_found)
