"""The home page: the latest draw and how current the archive is, each category's latest draw, the main
categories' cut-offs compared, invitations per year, and the most recent draws."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.languages.words import draw_summary
from drawarchive.model import Category, DrawRow
from drawarchive.model.views import Change, Freshness, Stats, freshness, stats
from drawarchive.pages.kind import Context, Kind, Planned, Site, by_slug
from drawarchive.render.bars import per_year_chart
from drawarchive.render.charts import comparison_chart

RECENT = 20
Series = tuple[tuple[str, tuple[DrawRow, ...]], ...]


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
    per_year: tuple[tuple[int, int, int], ...]  # year, invitations, of them unconfirmed

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"latest": self.latest, "change": self.change,
                "by_category": self.by_category, "recent": self.recent, "categories": by_slug(self.categories),
                "total": self.total, "fresh": self.fresh,
                "cutoffs": comparison_chart(list(self.cutoffs), "cutoffs", t.gettext(
                    "CRS cut-offs of the main categories since category-based rounds began"), since=self.since, t=t),
                "per_year": per_year_chart(self.per_year, self.latest.date if self.latest else None, t)}


def plan(site: Site) -> list[Planned]:
    rows, view = site.archive.rows, site.view
    latest = view.newest_first[0] if rows else None
    last = site.archive.draws[-1] if rows else None
    description = (site._("The latest Express Entry draw: {summary}",
                          summary=draw_summary(last, site.archive.category(last.category), site.t)) if last
                   else site.config.description)
    value = HomeData(
        latest=latest, change=view.change(latest) if latest else None, by_category=view.latest_by_category(),
        recent=view.newest_first[:RECENT], categories=site.archive.categories, total=stats(rows),
        fresh=freshness(rows), cutoffs=tuple((c.short_name, site.archive.rows_in(c.slug)) for c in
                                             view.main_categories()),
        since=view.categories_began, per_year=view.per_year)
    return [site.html("home.html", value, "home", None, site.config.title_in(site.t.lang), description,
                      section="home", latest=True)]


KIND = Kind("home", plan, frozenset({"draws", "rows", "categories"}))
