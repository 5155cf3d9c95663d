"""The categories: general, program, French-language and occupation rounds, with their draws and cut-offs."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model import Category
from drawarchive.model.views import Stats, stats
from drawarchive.pages.kind import Context, Kind, Planned, Site


@dataclass(frozen=True, slots=True)
class CategoriesData:
    rows: tuple[tuple[Category, Stats], ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"rows": self.rows}


def plan(site: Site) -> list[Planned]:
    rows = tuple((c, stats(site.archive.rows_in(c.slug))) for c in site.archive.categories)
    return [site.html("categories.html", CategoriesData(rows), "categories", None,
                      site._("Express Entry draw categories"),
                      site._("The kinds of Express Entry rounds: general, program, French-language and occupation "
                             "categories, with their draws and cut-offs."), section="categories")]


KIND = Kind("categories", plan, frozenset({"rows", "categories"}))
