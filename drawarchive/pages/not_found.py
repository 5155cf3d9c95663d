"""The page for an address that names nothing, one per language at <prefix>404.html."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model import DrawRow
from drawarchive.pages.kind import Context, Kind, Planned, Site
from drawarchive.pages.urls import page


@dataclass(frozen=True, slots=True)
class NotFoundData:
    """A way on from a dead link: the latest draw, which is what most readers came for, and the search."""

    latest: DrawRow | None

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"latest": self.latest}


def plan(site: Site) -> list[Planned]:
    # It stands in for any address, so its canonical address is its language's home.
    latest = site.view.newest_first[0] if site.archive.rows else None
    return [site.html("404.html", NotFoundData(latest), "404", None, site._("Page not found"),
                      site._("This page does not exist in the Express Entry draw archive."), searchable=False,
                      output=page("404", lang=site.t.lang), address=page("home", lang=site.t.lang))]


KIND = Kind("404", plan, frozenset({"rows"}))
