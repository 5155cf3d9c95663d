"""The page for an address that names nothing, one per language at <prefix>404.html."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.build.outputs import Planned
from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.pages.kind import Context, Kind, Site
from drawarchive.pages.urls import page


@dataclass(frozen=True, slots=True)
class NotFoundData:
    """It shows only its text."""

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {}


def plan(site: Site) -> list[Planned]:
    # It stands in for any address, so its canonical address is its language's home.
    return [site.html("404.html", NotFoundData(), "404", None, site._("Page not found"),
                      site._("This page does not exist in the Express Entry draw archive."), searchable=False,
                      output=page("404", lang=site.t.lang), address=page("home", lang=site.t.lang))]


KIND = Kind("404", plan, frozenset())
