"""The occupation lists: the categories with NOC 2021 lists, each linking to its list versions."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model import Category
from drawarchive.pages.kind import Context, Kind, Planned, Site


@dataclass(frozen=True, slots=True)
class OccupationsData:
    categories: tuple[Category, ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"categories": self.categories}


def plan(site: Site) -> list[Planned]:
    return [site.html("occupations.html", OccupationsData(site.view.occupation_categories()), "occupations", None,
                      site._("Occupations in Express Entry categories"),
                      site._("The NOC 2021 occupations eligible for each category-based Express Entry draw, list by "
                             "list."), section="occupations")]


KIND = Kind("occupations", plan, frozenset({"categories", "texts"}))
