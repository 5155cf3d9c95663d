"""A category's page: its latest change, the typical gap between draws, cut-offs and invitations per year,
then its draws a hundred at a time, newest first; later pages hold only their part of the table."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model import Category, DrawRow
from drawarchive.model.views import Change, Stats, months_before, per_year, recent, stats, typical_gap
from drawarchive.pages.kind import Context, Kind, Link, Planned, Site, linker, on_page, pager, pages_of
from drawarchive.pages.urls import category_list_page
from drawarchive.render.bars import per_year_chart
from drawarchive.render.charts import cutoff_chart
from drawarchive.render.markup import render_markdown

WINDOW = 24  # months of draws the cut-off chart shows first; all years are one click away


@dataclass(frozen=True, slots=True)
class CategoryData:
    category: Category
    draws: tuple[DrawRow, ...]  # oldest first
    stats: Stats
    change: Change | None  # the latest draw's, against the one before
    feeds: tuple[Link, ...]  # the category's own feeds
    linked: tuple[str, ...]
    now: date | None  # the archive's latest draw: "recent" is counted back from it, never from the clock
    number: int = 1
    pages: int = 1

    def context(self, config: SiteConfig, t: Texts) -> Context:
        newest = tuple(on_page(tuple(reversed(self.draws)), self.number))
        table = {"category": self.category, "draws": newest, "stats": self.stats, "number": self.number,
                 "pages": self.pages, "pager_links": pager(self.number, self.pages, lambda n: config.url(
                     category_list_page(self.category.slug, n, t.lang)))}
        return table if self.number > 1 else table | self._overview(config, t)

    def _overview(self, config: SiteConfig, t: Texts) -> Context:
        name = self.category.short_name
        return {"change": self.change, "gap": typical_gap(self.draws),
                "recent": recent(self.draws, self.now) if self.now else None, **self._cutoffs(t),
                "per_year_chart": per_year_chart(per_year(self.draws), self.now, t, "category-years",
                                                 t.gettext("{category} invitations per year").format(category=name)),
                "feeds": self.feeds,
                "notes": render_markdown(self.category.body, linker(config, self.linked, t.lang))}

    def _cutoffs(self, t: Texts) -> Context:
        """The last WINDOW months' cut-offs, on axes that fit them; all years in a second chart the
        page folds away (a <details>: no script, same address). All years alone when the window holds
        them all, or fewer than two draws."""
        name = self.category.short_name
        everything = cutoff_chart([(name, self.draws)], "cutoffs-all", t.gettext("{category} CRS cut-offs over time")
                                  .format(category=name), table=False, t=t)
        since = months_before(self.now, WINDOW) if self.now else None
        recent = sum(d.date >= since for d in self.draws) if since else 0
        if since is None or not self.draws or self.draws[0].date >= since or recent < 2:
            return {"cutoffs": everything, "cutoffs_all": None}
        window = cutoff_chart([(name, self.draws)], "cutoffs", t.gettext(
            "{category} CRS cut-offs since {date}").format(category=name, date=t.date(since)), since, table=False, t=t)
        return {"cutoffs": window, "cutoffs_all": everything, "all_years": t.gettext(
            "All years, {first} to {last}").format(first=self.draws[0].date.year, last=self.draws[-1].date.year)}


def plan(site: Site) -> list[Planned]:
    return [page for category in site.archive.categories for page in _pages(site, category)]


def _pages(site: Site, category: Category) -> list[Planned]:
    draws = site.archive.rows_in(category.slug)
    change = site.view.change(draws[-1]) if draws else None
    feeds = site.feeds(category.slug)
    now = site.archive.rows[-1].date if site.archive.rows else None
    value = CategoryData(category, draws, stats(draws), change, feeds.category, site.linked(category.body), now,
                         pages=pages_of(len(draws)))
    planned = [site.html("category.html", value, "category", category.slug,
                         site._("{category}: Express Entry draws", category=category.name), category.description,
                         feeds=feeds, section="categories", latest=True)]
    for number in range(2, value.pages + 1):  # the rest of its table; the search finds these draws' own pages
        planned.append(site.html(
            "category.html", replace(value, number=number), "category", (category.slug, number),
            site._("{category}: Express Entry draws, page {number} of {pages}", category=category.name,
                   number=number, pages=value.pages),
            category.description, feeds=feeds, section="categories", searchable=False))
    return planned


KIND = Kind("category", plan, frozenset({"rows", "categories", "texts"}))
