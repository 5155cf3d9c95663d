"""All draws, newest first, a hundred a page: plain tables that together hold every draw (draws.js sorts
and filters all of them in the browser)."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.languages.words import programs_named
from drawarchive.model import Category, DrawRow, Program
from drawarchive.pages.kind import Context, Kind, Planned, Site, by_slug, on_page, pager, pages_of
from drawarchive.pages.urls import DRAWS_PER_PAGE, draws_page


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
                "programs": programs_named((p.code for p in self.programs), self.categories),
                "per_page": DRAWS_PER_PAGE,
                "pager_links": pager(self.number, self.pages, lambda n: config.url(draws_page(n, t.lang)))}


def plan(site: Site) -> list[Planned]:
    rows = site.view.newest_first
    count = pages_of(len(rows))
    description = site._("Every Express Entry round of invitations since 2015: {count}, newest first, with "
                         "invitations, CRS cut-offs and tie-breaking rules.",
                         count=site.t.plural(len(rows), "{count} draw", "{count} draws"))
    planned = []
    for number in range(1, count + 1):
        title = (site._("All Express Entry draws, page {number} of {pages}", number=number, pages=count)
                 if number > 1 else site._("All Express Entry draws"))
        value = DrawIndexData(tuple(on_page(rows, number)), site.archive.categories, tuple(site.view.years), number,
                              count, len(rows), site.archive.programs)
        planned.append(site.html("draws.html", value, "draws", number, title, description, section="draws",
                                 latest=True))
    return planned


KIND = Kind("draws", plan, frozenset({"rows", "categories"}))
