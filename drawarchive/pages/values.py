"""What each kind of page shows: one frozen value per page, and its template context.

A page's value is all that its rendering reads: `context()` uses nothing but the value's own
fields and pure functions (charts, Markdown), and the page's fingerprint is computed from the
value. So a page is re-rendered exactly when something it shows changed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.languages.words import round_ref
from drawarchive.model import Category, Draw, DrawRow, OccupationList, Program
from drawarchive.model.views import (
    Change,
    Freshness,
    Listing,
    Stats,
    list_changes,
    per_year,
    pool_rows,
    titles,
    typical_gap,
)
from drawarchive.pages.urls import DRAWS_PER_PAGE, category_list_page, draw_page, draws_page
from drawarchive.render.bars import bar_chart
from drawarchive.render.charts import PoolPoint, comparison_chart, cutoff_chart, pool_size_chart
from drawarchive.render.markup import render_markdown

Context = dict[str, Any]
Series = tuple[tuple[str, tuple[DrawRow, ...]], ...]


def linker(config: SiteConfig, linked: tuple[str, ...], lang: str) -> Any:
    """'#254' in a note becomes a link when round 254 exists; which rounds exist is part of the page's value."""
    known = frozenset(linked)
    return lambda label: config.url(draw_page(label, lang)) if label in known else None


def by_slug(categories: tuple[Category, ...]) -> dict[str, Category]:
    return {c.slug: c for c in categories}


def per_year_chart(per_year: tuple[tuple[int, int], ...], through: date | None, t: Texts, id: str = "per-year",
                   title: str = "", table: bool = True) -> Markup:
    """The newest year is marked partial: the archive has it only to its latest draw."""
    partial = {str(through.year): t.gettext("to {date}").format(date=t.month_day(through))} if through else {}
    return bar_chart([(str(year), total) for year, total in per_year], id,
                     title or t.gettext("Invitations issued per year"), horizontal=False,
                     value_axis=t.gettext("Invitations"), label_axis=t.gettext("Year"), partial=partial, table=table,
                     t=t)


@dataclass(frozen=True, slots=True)
class HomeData:
    latest: DrawRow | None
    change: Change | None
    by_category: tuple[tuple[Category, DrawRow], ...]
    recent: tuple[DrawRow, ...]
    categories: tuple[Category, ...]
    total: Stats
    fresh: Freshness
    cutoffs: Series
    since: date | None  # the comparison of main categories starts with the first occupation round
    per_year: tuple[tuple[int, int], ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"latest": self.latest, "change": self.change,
                "by_category": self.by_category, "recent": self.recent, "categories": by_slug(self.categories),
                "total": self.total, "fresh": self.fresh,
                "cutoffs": comparison_chart(list(self.cutoffs), "cutoffs", t.gettext(
                    "CRS cut-offs of the main categories since category-based rounds began"), since=self.since, t=t),
                "per_year": per_year_chart(self.per_year, self.latest.date if self.latest else None, t)}


@dataclass(frozen=True, slots=True)
class DrawIndexData:
    draws: tuple[DrawRow, ...]  # this page's, newest first
    categories: tuple[Category, ...]
    years: tuple[int, ...]
    number: int  # this page's number, from 1
    pages: int
    total: int  # draws on all pages
    programs: tuple[Program, ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"draws": self.draws, "categories": by_slug(self.categories), "category_list": self.categories,
                "years": self.years, "number": self.number, "pages": self.pages, "total": self.total,
                "programs": self.programs,
                "pager": pager(self.number, self.pages, lambda n: config.url(draws_page(n, t.lang)))}


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


@dataclass(frozen=True, slots=True)
class YearsData:
    years: tuple[tuple[int, Stats], ...]
    per_year: tuple[tuple[int, int], ...]
    through: date | None
    pool: tuple[PoolPoint, ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"years": self.years, "per_year": per_year_chart(self.per_year, self.through, t, table=False),
                "pool_since": self.pool[0][1] if self.pool else None,
                "pool": pool_size_chart(self.pool, "pool-size", t.gettext(
                    "The pool of candidates at each draw since IRCC began publishing it"), t=t)}


@dataclass(frozen=True, slots=True)
class YearData:
    year: int
    draws: tuple[DrawRow, ...]  # newest first
    total: Stats
    by_category: tuple[tuple[Category, Stats], ...]
    neighbours: tuple[int | None, int | None]
    categories: tuple[Category, ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"year": self.year, "draws": self.draws, "total": self.total, "by_category": self.by_category,
                "neighbours": self.neighbours, "categories": by_slug(self.categories)}


@dataclass(frozen=True, slots=True)
class DrawData:
    draw: Draw
    category: Category
    around: tuple[DrawRow | None, DrawRow | None]
    in_category: tuple[DrawRow | None, DrawRow | None]
    change: Change | None
    linked: tuple[str, ...]  # the rounds its notes mention that exist

    def context(self, config: SiteConfig, t: Texts) -> Context:
        draw = self.draw
        version = self.category.version(draw.list_version) if draw.list_version else None
        rows = pool_rows(draw)
        title = t.gettext("Candidates in the pool by CRS score band at draw {round}").format(
            round=round_ref(draw.label, t))
        chart = bar_chart([(r.band, r.count) for r in rows], "pool", title,
                          sub=frozenset(r.band for r in rows if r.sub),
                          value_axis=t.gettext("Candidates"), label_axis=t.gettext("CRS score"), table=False,
                          t=t) if rows else ""
        return {"draw": draw, "category": self.category, "around": self.around, "in_category": self.in_category,
                "change": self.change, "pool": rows, "pool_chart": chart, "version": version,
                "notes": render_markdown(draw.body, linker(config, self.linked, t.lang))}


@dataclass(frozen=True, slots=True)
class CategoriesData:
    rows: tuple[tuple[Category, Stats], ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"rows": self.rows}


@dataclass(frozen=True, slots=True)
class CategoryData:
    """A category's page: its figures and charts, then its draws DRAWS_PER_PAGE at a time, newest first.
    Later pages (number > 1) hold only their part of the table."""

    category: Category
    draws: tuple[DrawRow, ...]  # oldest first
    stats: Stats
    change: Change | None  # the latest draw's, against the one before
    feeds: tuple[tuple[str, str, str], ...]
    linked: tuple[str, ...]
    number: int = 1
    pages: int = 1

    def context(self, config: SiteConfig, t: Texts) -> Context:
        newest = tuple(reversed(self.draws))[(self.number - 1) * DRAWS_PER_PAGE: self.number * DRAWS_PER_PAGE]
        table = {"category": self.category, "draws": newest, "stats": self.stats, "number": self.number,
                 "pages": self.pages, "pager": pager(self.number, self.pages, lambda n: config.url(
                     category_list_page(self.category.slug, n, t.lang)))}
        return table if self.number > 1 else table | self._overview(config, t)

    def _overview(self, config: SiteConfig, t: Texts) -> Context:
        name = self.category.short_name
        return {"change": self.change, "gap": typical_gap(self.draws), "years": per_year(self.draws),
                "cutoffs": cutoff_chart([(name, self.draws)], "cutoffs", t.gettext("{category} CRS cut-offs over "
                                        "time").format(category=name), table=False, t=t),
                "per_year_chart": per_year_chart(tuple((y, i) for y, _, i in per_year(self.draws)),
                                                 self.draws[-1].date if self.draws else None, t, "category-years",
                                                 t.gettext("{category} invitations per year").format(category=name)),
                "feeds": self.feeds,
                "notes": render_markdown(self.category.body, linker(config, self.linked, t.lang))}


@dataclass(frozen=True, slots=True)
class OccupationsData:
    categories: tuple[Category, ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"categories": self.categories}


@dataclass(frozen=True, slots=True)
class OccupationData:
    category: Category
    draws: tuple[DrawRow, ...]  # newest first

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"category": self.category, "changes": list_changes(self.category), "titles": titles(self.category),
                "title_langs": {o.noc: o.title_lang for v in self.category.versions for o in v.occupations or ()},
                "draws": self.draws}


@dataclass(frozen=True, slots=True)
class NocData:
    code: str
    title: str
    title_lang: str
    listings: tuple[Listing, ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        name, _, qualifier = self.title.partition(" (")
        return {"code": self.code, "title": self.title, "title_lang": self.title_lang, "name": name,
                "qualifier": f"({qualifier}" if qualifier else "", "listings": self.listings}


@dataclass(frozen=True, slots=True)
class FeedsData:
    site: tuple[tuple[str, str, str], ...]
    rows: tuple[tuple[Category, tuple[tuple[str, str, str], ...]], ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"site": self.site, "rows": self.rows}


@dataclass(frozen=True, slots=True)
class DataPageData:
    count: int
    columns: tuple[tuple[str, str], ...]
    json_fields: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str], ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"count": self.count, "columns": self.columns, "json_fields": self.json_fields, "files": self.files}


@dataclass(frozen=True, slots=True)
class SearchData:
    bundles: tuple[str, ...]  # the search index shards of the page's language, as site paths

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"bundles": self.bundles}


@dataclass(frozen=True, slots=True)
class NoData:
    """Pages that show only their text: search, 404."""

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {}


__all__ = ["CategoriesData", "CategoryData", "DataPageData", "DrawData", "DrawIndexData", "FeedsData", "HomeData",
           "NoData", "NocData", "OccupationData", "OccupationList", "OccupationsData", "SearchData", "YearData",
           "YearsData"]
