"""The feeds page: the site-wide feeds and each category's, in Atom and RSS."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model import Category
from drawarchive.pages.feed_style import READER
from drawarchive.pages.kind import Context, Kind, Link, Planned, Site


@dataclass(frozen=True, slots=True)
class FeedsData:
    site: tuple[Link, ...]
    rows: tuple[tuple[Category, tuple[Link, ...]], ...]
    reader: str  # what a feed reader is, as each feed's own page says it too

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"site": self.site, "rows": self.rows, "reader": self.reader}


def plan(site: Site) -> list[Planned]:
    rows = tuple((c, site.feeds(c.slug).category) for c in site.archive.categories if site.archive.draws_in(c.slug))
    return [site.html("feeds.html", FeedsData(site.feeds().all, rows, site.t.gettext(READER)), "feeds", None,
                      site._("Feeds of new Express Entry draws"),
                      site._("Follow new Express Entry draws in a feed reader, site-wide or for one category, in Atom "
                             "or RSS."), section="feeds")]


KIND = Kind("feeds page", plan, frozenset({"rows", "categories", "texts"}))
