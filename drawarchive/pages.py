"""Plan every HTML page: its path, what it reads (for incremental builds), and its template context."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import jinja2
from markupsafe import Markup

from .charts import bar_chart, cutoff_chart
from .config import SiteConfig
from .exports import COLUMNS, CSV_PATH, JSON_FIELDS, JSON_PATH, SCHEMA_PATH
from .feeds import feed_links
from .markup import render_markdown
from .model import Archive, Draw
from .outputs import Output, fingerprint
from .render import render_page
from .text import draw_summary, format_date, plural
from .views import ArchiveView, freshness, list_changes, occupation_index, pool_rows, score_data, stats, titles

NAV = (("Home", ""), ("All draws", "draws/"), ("Categories", "categories/"),
       ("Occupations", "occupations/"), ("Feeds", "feeds/"), ("Search", "search/"))
RECENT = 20


@dataclass(frozen=True)
class Meta:
    """What every page declares about itself, for <head> and the nav."""

    title: str
    description: str
    path: str  # e.g. "draws/254/"
    feeds: tuple[tuple[str, str, str], ...]
    section: str = ""
    searchable: bool = True  # whether the search index covers the page


class PagePlanner:
    def __init__(self, archive: Archive, config: SiteConfig, env: jinja2.Environment, templates: str) -> None:
        self.archive, self.config, self.env, self.templates = archive, config, env, templates
        self.view = ArchiveView(archive)
        self.outputs: list[Output] = []

    def page(self, template: str, meta: Meta, inputs: tuple[object, ...], make: Callable[[], dict[str, Any]],
             filename: str = "index.html") -> None:
        """Adds a page; `make` builds the context only if the page must be rendered."""
        env, nav = self.env, [(label, path, path == meta.section) for label, path in NAV]

        def render() -> bytes:
            return render_page(env, template, {"page": meta, "nav": nav, **make()})

        self.outputs.append(Output(meta.path + filename, fingerprint(self.templates, self.config, meta, *inputs),
                                   render))

    def feeds(self, slug: str | None = None) -> tuple[tuple[str, str, str], ...]:
        return tuple(feed_links(self.archive, self.config, slug))

    @cached_property
    def labels(self) -> frozenset[str]:
        return frozenset(d.label for d in self.archive.draws)

    def link_round(self, label: str) -> str | None:
        return self.config.url(f"draws/{label}/") if label in self.labels else None


def plan_pages(archive: Archive, config: SiteConfig, env: jinja2.Environment, templates: str) -> list[Output]:
    planner = PagePlanner(archive, config, env, templates)
    for plan in (plan_home, plan_draw_index, plan_years, plan_draws, plan_categories, plan_occupations,
                 plan_nocs, plan_search, plan_feed_page, plan_data_page, plan_not_found):
        plan(planner)
    return planner.outputs


def plan_home(p: PagePlanner) -> None:
    latest = p.view.newest_first[0] if p.archive.draws else None
    description = (f"The latest Express Entry draw: {draw_summary(latest, p.archive)}" if latest
                   else p.config.description)
    meta = Meta(p.config.title, description, "", p.feeds(), "")
    p.page("home.html", meta, (p.archive.draws, p.archive.categories), lambda: {
        "latest": latest,
        "change": p.view.change(latest) if latest else None,
        "by_category": p.view.latest_by_category(),
        "recent": p.view.newest_first[:RECENT],
        "categories": {c.slug: c for c in p.archive.categories},
        "total": stats(p.archive.draws),
        "fresh": freshness(p.archive.draws),
        "score": score_data([(c, p.archive.draws_in(c.slug)) for c, _ in p.view.latest_by_category()]),
        "cutoffs": cutoff_chart([(c.short_name, p.archive.draws_in(c.slug)) for c in p.view.main_categories()],
                                "cutoffs", "CRS cut-offs over time in the five categories with the most draws"),
        "per_year": invitations_chart(p.view),
    })


def invitations_chart(view: ArchiveView) -> Markup:
    return bar_chart([(str(year), sum(d.invitations for d in draws)) for year, draws in view.years.items()],
                     "per-year", "Invitations issued per year", horizontal=False)


def plan_draw_index(p: PagePlanner) -> None:
    meta = Meta("All Express Entry draws", f"Every Express Entry round of invitations since 2015: "
                f"{plural(len(p.archive.draws), 'draw')}, newest first, with invitations and CRS cut-offs.",
                "draws/", p.feeds(), "draws/")
    p.page("draws.html", meta, (p.archive.draws, p.archive.categories), lambda: {
        "draws": p.view.newest_first, "categories": {c.slug: c for c in p.archive.categories},
        "years": list(p.view.years)})


def plan_years(p: PagePlanner) -> None:
    years = p.view.years
    meta = Meta("Express Entry draws by year", "Express Entry rounds of invitations and invitations issued, "
                "year by year since 2015.", "years/", p.feeds(), "draws/")
    p.page("years.html", meta, (p.archive.draws, p.archive.categories), lambda: {
        "years": [(year, stats(draws)) for year, draws in reversed(years.items())],
        "per_year": invitations_chart(p.view)})
    for year, draws in years.items():
        neighbours = (year - 1 if year - 1 in years else None, year + 1 if year + 1 in years else None)
        meta = Meta(f"Express Entry draws in {year}", f"All {plural(len(draws), 'Express Entry draw')} of {year}: "
                    f"{plural(sum(d.invitations for d in draws), 'invitation')} issued, by category.",
                    f"years/{year}/", p.feeds(), "draws/")
        p.page("year.html", meta, (draws, p.archive.categories, neighbours), lambda draws=draws, year=year,
               neighbours=neighbours: {
            "year": year, "draws": tuple(reversed(draws)), "total": stats(draws),
            "by_category": p.view.category_totals(draws), "neighbours": neighbours,
            "categories": {c.slug: c for c in p.archive.categories}})


def plan_draws(p: PagePlanner) -> None:
    for draw in p.archive.draws:
        category = p.archive.category(draw.category)
        around, in_category = p.view.neighbours(draw), p.view.category_neighbours(draw)
        meta = Meta(f"Express Entry draw #{draw.label}, {format_date(draw.date)}: {category.name}",
                    draw_summary(draw, p.archive), f"draws/{draw.label}/", p.feeds(category.slug), "draws/")
        p.page("draw.html", meta, (draw, category, around, in_category),
               lambda draw=draw, category=category, around=around, in_category=in_category: {
            "draw": draw, "category": category, "around": around, "in_category": in_category,
            "change": p.view.change(draw), "pool": pool_rows(draw), "pool_chart": pool_chart(draw),
            "version": category.version(draw.list_version) if draw.list_version else None,
            "notes": render_markdown(draw.body, p.link_round)})


def pool_chart(draw: Draw) -> Markup:
    rows = pool_rows(draw)
    return bar_chart([(r.band, r.count) for r in rows], "pool", f"Candidates in the pool by CRS score band at "
                     f"draw #{draw.label}", sub=frozenset(r.band for r in rows if r.sub)) if rows else Markup("")


def plan_categories(p: PagePlanner) -> None:
    rows = [(c, stats(p.archive.draws_in(c.slug))) for c in p.archive.categories]
    meta = Meta("Express Entry draw categories", "The kinds of Express Entry rounds: general, program, "
                "French-language and occupation categories, with their draws and cut-offs.",
                "categories/", p.feeds(), "categories/")
    p.page("categories.html", meta, (p.archive.draws, p.archive.categories), lambda: {"rows": rows})
    for category in p.archive.categories:
        draws = p.archive.draws_in(category.slug)
        meta = Meta(f"{category.name}: Express Entry draws", category.description,
                    f"categories/{category.slug}/", p.feeds(category.slug), "categories/")
        p.page("category.html", meta, (category, draws), lambda category=category, draws=draws: {
            "category": category, "draws": tuple(reversed(draws)), "stats": stats(draws),
            "score": score_data([(category, draws)]),
            "cutoffs": cutoff_chart([(category.short_name, draws)], "cutoffs",
                                    f"{category.short_name} CRS cut-offs over time"),
            "feeds": feed_links(p.archive, p.config, category.slug)[2:],
            "notes": render_markdown(category.body, p.link_round)})


def plan_occupations(p: PagePlanner) -> None:
    categories = p.view.occupation_categories()
    meta = Meta("Occupations in Express Entry categories", "The NOC 2021 occupations eligible for each "
                "category-based Express Entry draw, list by list.", "occupations/", p.feeds(), "occupations/")
    p.page("occupations.html", meta, (categories,), lambda: {"categories": categories})
    for category in categories:
        draws = p.archive.draws_in(category.slug)
        meta = Meta(f"{category.name}: eligible occupations (NOC 2021)", f"Every occupation in each "
                    f"{category.short_name} list version, what changed between versions, and the "
                    f"{category.short_name} draws with their cut-offs.", f"occupations/{category.slug}/",
                    p.feeds(category.slug), "occupations/")
        p.page("occupation.html", meta, (category, draws), lambda category=category, draws=draws: {
            "category": category, "changes": list_changes(category), "titles": titles(category),
            "draws": tuple(reversed(draws))})


def plan_nocs(p: PagePlanner) -> None:
    """One page per NOC code: which lists name it, and the draws held under those lists."""
    for code, listings in occupation_index(p.archive).items():
        title = listings[-1].occupation.title
        names = sorted({listing.category.short_name for listing in listings})
        meta = Meta(f"NOC {code} {title}: Express Entry categories and draws",
                    f"NOC 2021 {code}, {title}: in Express Entry's {', '.join(names)} "
                    f"{'list' if len(listings) == 1 else 'lists'}, and the draws held under them.",
                    f"occupations/noc/{code}/", p.feeds(), "occupations/")
        p.page("noc.html", meta, listings, lambda code=code, title=title, listings=listings: {
            "code": code, "title": title, "listings": listings})


def plan_search(p: PagePlanner) -> None:
    meta = Meta("Search the Express Entry draw archive", "Find a draw by its number, a category, or an "
                "occupation by its NOC code or title.", "search/", p.feeds(), "search/", searchable=False)
    p.page("search.html", meta, (), lambda: {})


def plan_feed_page(p: PagePlanner) -> None:
    rows = [(c, feed_links(p.archive, p.config, c.slug)[2:]) for c in p.archive.categories
            if p.archive.draws_in(c.slug)]
    meta = Meta("Feeds of new Express Entry draws", "Follow new Express Entry draws in a feed reader, "
                "site-wide or for one category, in Atom or RSS.", "feeds/", p.feeds(), "feeds/")
    p.page("feeds.html", meta, (p.archive.categories, tuple(c for c, _ in rows)), lambda: {
        "site": p.feeds(), "rows": rows})


def plan_not_found(p: PagePlanner) -> None:
    meta = Meta("Page not found", "This page does not exist in the Express Entry draw archive.", "", p.feeds(),
                searchable=False)
    p.page("404.html", meta, (), lambda: {}, filename="404.html")


def plan_data_page(p: PagePlanner) -> None:
    meta = Meta("Download the Express Entry draw data", "Every Express Entry draw as JSON and CSV, typed, "
                "with each column documented, and the JSON Schema of a draw file.", "data/", p.feeds())
    p.page("data.html", meta, (p.archive.draws,), lambda: {
        "columns": COLUMNS, "json_fields": JSON_FIELDS, "count": len(p.archive.draws),
        "files": (("draws.json", JSON_PATH), ("draws.csv", CSV_PATH), ("draw.schema.json", SCHEMA_PATH))})
