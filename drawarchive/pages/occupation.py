"""A category's occupation lists: every occupation in each version, what each version added and removed,
and the category's draws."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model import Category, DrawRow
from drawarchive.model.views import list_changes, titles
from drawarchive.pages.kind import Context, Kind, Planned, Site


@dataclass(frozen=True, slots=True)
class OccupationData:
    category: Category
    draws: tuple[DrawRow, ...]  # newest first

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"category": self.category, "changes": list_changes(self.category), "titles": titles(self.category),
                "title_langs": {o.noc: o.title_lang for v in self.category.versions for o in v.occupations or ()},
                "draws": self.draws}


def plan(site: Site) -> list[Planned]:
    return [site.html("occupation.html", OccupationData(category, tuple(reversed(site.archive.rows_in(category.slug)))),
                      "occupation", category.slug,
                      site._("{category}: eligible occupations (NOC 2021)", category=category.name),
                      site._("Every occupation in each {name} list version, what changed between versions, and the "
                             "{name} draws with their cut-offs.", name=category.short_name),
                      feeds=site.feeds(category.slug), section="occupations")
            for category in site.view.occupation_categories()]


KIND = Kind("occupation", plan, frozenset({"rows", "categories", "texts"}))
