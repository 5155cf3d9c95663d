"""A year's page: its draws, newest first, with its totals by category."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model import Category, DrawRow
from drawarchive.model.views import Stats, stats
from drawarchive.pages.kind import Context, Kind, Planned, Site, by_slug


@dataclass(frozen=True, slots=True)
class YearData:
    year: int
    draws: tuple[DrawRow, ...]  # newest first
    total: Stats
    by_category: tuple[tuple[Category, Stats], ...]
    neighbours: tuple[int | None, int | None]
    categories: tuple[Category, ...]
    partial: bool  # the year of the latest draw: more draws may come

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"year": self.year, "draws": self.draws, "total": self.total, "by_category": self.by_category,
                "partial": self.partial,
                "neighbours": self.neighbours, "categories": by_slug(self.categories)}


def plan(site: Site) -> list[Planned]:
    years, t = site.view.years, site.t
    planned = []
    for year, rows in years.items():
        neighbours = (year - 1 if year - 1 in years else None, year + 1 if year + 1 in years else None)
        value = YearData(year, tuple(reversed(rows)), stats(rows), site.view.category_totals(rows), neighbours,
                         site.archive.categories, year == max(years))
        description = site._("All {draws} of {year}: {invitations} issued, by category.", year=year,
                             draws=t.plural(len(rows), "{count} Express Entry draw", "{count} Express Entry draws"),
                             invitations=t.plural(sum(r.invitations for r in rows), "{count} invitation",
                                                  "{count} invitations"))
        planned.append(site.html("year.html", value, "year", year, site._("Express Entry draws in {year}", year=year),
                                 description, section="draws", latest=value.partial))
    return planned


KIND = Kind("year", plan, frozenset({"rows", "categories"}))
