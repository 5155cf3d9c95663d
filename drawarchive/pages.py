"""Plan every HTML page: its path, its template, and the one frozen value it shows (pagedata.py)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from .config import SiteConfig
from .exports import COLUMNS, CSV_PATH, JSON_FIELDS, JSON_PATH, SCHEMA_PATH
from .feeds import feed_links
from .markup import mentioned_rounds
from .model import Archive, Draw
from .pagedata import (
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
    YearData,
    YearsData,
)
from .paths import DRAWS_PER_PAGE, category_page, draw_page, draws_page, noc_page, occupations_page, year_page
from .text import draw_summary, format_date, plural
from .views import ArchiveView, freshness, occupation_index, stats

NAV = (("Home", ""), ("All draws", "draws/"), ("Categories", "categories/"),
       ("Occupations", "occupations/"), ("Feeds", "feeds/"), ("Search", "search/"))
RECENT = 20
Feeds = tuple[tuple[str, str, str], ...]


class PageData(Protocol):
    def context(self, config: SiteConfig) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Meta:
    """What every page declares about itself, for <head> and the nav."""

    title: str
    description: str
    path: str  # e.g. "draws/254/"
    feeds: Feeds
    section: str | None = None  # the nav item to mark as current; the home page's is ""
    searchable: bool = True  # whether the search index covers the page


@dataclass(frozen=True)
class Page:
    template: str
    meta: Meta
    data: PageData
    filename: str = "index.html"

    @property
    def output(self) -> str:
        return self.meta.path + self.filename

    def context(self, config: SiteConfig) -> dict[str, Any]:
        nav = [(label, path, path == self.meta.section) for label, path in NAV]
        return {"page": self.meta, "nav": nav, **self.data.context(config)}


class Planner:
    """Works out every page's value from the Archive; nothing here renders."""

    def __init__(self, archive: Archive, config: SiteConfig) -> None:
        self.archive, self.config = archive, config
        self.view = ArchiveView(archive)
        self.pages: list[Page] = []

    def add(self, template: str, meta: Meta, data: PageData, filename: str = "index.html") -> None:
        self.pages.append(Page(template, meta, data, filename))

    def feeds(self, slug: str | None = None) -> Feeds:
        return tuple(feed_links(self.archive, self.config, slug))

    @cached_property
    def labels(self) -> frozenset[str]:
        return frozenset(d.label for d in self.archive.draws)

    def linked(self, text: str) -> tuple[str, ...]:
        """The rounds a note mentions that exist: part of the page's value, so adding one re-renders it."""
        return tuple(sorted(label for label in mentioned_rounds(text) if label in self.labels))


def plan_pages(archive: Archive, config: SiteConfig) -> list[Page]:
    planner = Planner(archive, config)
    for plan in (plan_home, plan_draw_index, plan_years, plan_draws, plan_categories, plan_occupations,
                 plan_nocs, plan_search, plan_feed_page, plan_data_page, plan_not_found):
        plan(planner)
    return planner.pages


def plan_home(p: Planner) -> None:
    rows, view = p.archive.rows, p.view
    latest = view.newest_first[0] if rows else None
    last = p.archive.draws[-1] if rows else None
    description = (f"The latest Express Entry draw: {draw_summary(last, p.archive.category(last.category))}" if last
                   else p.config.description)
    p.add("home.html", Meta(p.config.title, description, "", p.feeds(), ""), HomeData(
        latest=latest, change=view.change(latest) if latest else None, by_category=view.latest_by_category(),
        recent=view.newest_first[:RECENT], categories=p.archive.categories, total=stats(rows), fresh=freshness(rows),
        cutoffs=tuple((c.short_name, p.archive.rows_in(c.slug)) for c in view.main_categories()),
        since=view.categories_began, per_year=view.per_year))


def plan_draw_index(p: Planner) -> None:
    """All draws, newest first, DRAWS_PER_PAGE a page: plain tables that together hold every draw."""
    rows = p.view.newest_first
    count = max(1, -(-len(rows) // DRAWS_PER_PAGE))
    for number in range(1, count + 1):
        shown = rows[(number - 1) * DRAWS_PER_PAGE: number * DRAWS_PER_PAGE]
        title = "All Express Entry draws" + (f", page {number} of {count}" if number > 1 else "")
        meta = Meta(title, f"Every Express Entry round of invitations since 2015: {plural(len(rows), 'draw')}, "
                    "newest first, with invitations, CRS cut-offs and tie-breaking rules.", draws_page(number),
                    p.feeds(), "draws/")
        p.add("draws.html", meta, DrawIndexData(shown, p.archive.categories, tuple(p.view.years), number, count,
                                                len(rows), p.archive.programs))


def plan_years(p: Planner) -> None:
    years = p.view.years
    meta = Meta("Express Entry draws by year", "Express Entry rounds of invitations and invitations issued, "
                "year by year since 2015.", "years/", p.feeds(), "draws/")
    pool = tuple((d.label, d.date, d.pool.total, d.pool.band("601-1200") + d.pool.band("501-600"),
                  d.pool.band("451-500")) for d in p.archive.draws if d.pool)
    p.add("years.html", meta, YearsData(tuple((y, stats(rows)) for y, rows in reversed(years.items())),
                                        p.view.per_year, p.archive.rows[-1].date if p.archive.rows else None, pool))
    for year, rows in years.items():
        neighbours = (year - 1 if year - 1 in years else None, year + 1 if year + 1 in years else None)
        meta = Meta(f"Express Entry draws in {year}", f"All {plural(len(rows), 'Express Entry draw')} of {year}: "
                    f"{plural(sum(r.invitations for r in rows), 'invitation')} issued, by category.",
                    year_page(year), p.feeds(), "draws/")
        p.add("year.html", meta, YearData(year, tuple(reversed(rows)), stats(rows), p.view.category_totals(rows),
                                          neighbours, p.archive.categories))


def plan_draws(p: Planner) -> None:
    for draw in p.archive.draws:
        p.add("draw.html", draw_meta(p, draw), DrawData(
            draw, p.archive.category(draw.category), p.view.neighbours(draw.label),
            p.view.category_neighbours(draw.label, draw.category),
            p.view.change(p.view.row(draw.label)), p.linked(draw.body)))


def draw_meta(p: Planner, draw: Draw) -> Meta:
    category = p.archive.category(draw.category)
    return Meta(f"Express Entry draw #{draw.label}, {format_date(draw.date)}: {category.name}",
                draw_summary(draw, category), draw_page(draw.label), p.feeds(category.slug), "draws/")


def plan_categories(p: Planner) -> None:
    rows = tuple((c, stats(p.archive.rows_in(c.slug))) for c in p.archive.categories)
    meta = Meta("Express Entry draw categories", "The kinds of Express Entry rounds: general, program, "
                "French-language and occupation categories, with their draws and cut-offs.",
                "categories/", p.feeds(), "categories/")
    p.add("categories.html", meta, CategoriesData(rows))
    for category in p.archive.categories:
        draws = p.archive.rows_in(category.slug)
        meta = Meta(f"{category.name}: Express Entry draws", category.description,
                    category_page(category.slug), p.feeds(category.slug), "categories/")
        change = p.view.change(draws[-1]) if draws else None
        p.add("category.html", meta, CategoryData(category, draws, stats(draws), change, p.feeds(category.slug)[2:],
                                                  p.linked(category.body)))


def plan_occupations(p: Planner) -> None:
    categories = p.view.occupation_categories()
    meta = Meta("Occupations in Express Entry categories", "The NOC 2021 occupations eligible for each "
                "category-based Express Entry draw, list by list.", "occupations/", p.feeds(), "occupations/")
    p.add("occupations.html", meta, OccupationsData(categories))
    for category in categories:
        meta = Meta(f"{category.name}: eligible occupations (NOC 2021)", f"Every occupation in each "
                    f"{category.short_name} list version, what changed between versions, and the "
                    f"{category.short_name} draws with their cut-offs.", occupations_page(category.slug),
                    p.feeds(category.slug), "occupations/")
        p.add("occupation.html", meta, OccupationData(category, tuple(reversed(p.archive.rows_in(category.slug)))))


def plan_nocs(p: Planner) -> None:
    """One page per NOC code: which lists name it, and the draws held under those lists."""
    for code, listings in occupation_index(p.archive).items():
        title = listings[-1].occupation.title
        names = sorted({listing.category.short_name for listing in listings})
        meta = Meta(f"NOC {code} {title}: Express Entry categories and draws",
                    f"NOC 2021 {code}, {title}: in Express Entry's {', '.join(names)} "
                    f"{'list' if len(listings) == 1 else 'lists'}, and the draws held under them.",
                    noc_page(code), p.feeds(), "occupations/")
        p.add("noc.html", meta, NocData(code, title, listings))


def plan_search(p: Planner) -> None:
    meta = Meta("Search the Express Entry draw archive", "Find a draw by its number, a category, or an "
                "occupation by its NOC code or title.", "search/", p.feeds(), "search/", searchable=False)
    p.add("search.html", meta, NoData())


def plan_feed_page(p: Planner) -> None:
    rows = tuple((c, p.feeds(c.slug)[2:]) for c in p.archive.categories if p.archive.draws_in(c.slug))
    meta = Meta("Feeds of new Express Entry draws", "Follow new Express Entry draws in a feed reader, "
                "site-wide or for one category, in Atom or RSS.", "feeds/", p.feeds(), "feeds/")
    p.add("feeds.html", meta, FeedsData(p.feeds(), rows))


def plan_not_found(p: Planner) -> None:
    meta = Meta("Page not found", "This page does not exist in the Express Entry draw archive.", "", p.feeds(),
                searchable=False)
    p.add("404.html", meta, NoData(), filename="404.html")


def plan_data_page(p: Planner) -> None:
    meta = Meta("Download the Express Entry draw data", "Every Express Entry draw as JSON and CSV, typed, "
                "with each column documented, and the JSON Schema of a draw file.", "data/", p.feeds())
    files = (("draws.json", JSON_PATH), ("draws.csv", CSV_PATH), ("draw.schema.json", SCHEMA_PATH))
    p.add("data.html", meta, DataPageData(len(p.archive.draws), tuple(COLUMNS), tuple(JSON_FIELDS), files))
