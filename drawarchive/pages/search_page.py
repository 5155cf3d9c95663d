"""The search page: Pagefind's UI over the index shards of its language."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.pages.draw import worded
from drawarchive.pages.kind import Context, Kind, Planned, Site
from drawarchive.pages.urls import bundle, shard_names


@dataclass(frozen=True, slots=True)
class SearchData:
    bundles: tuple[tuple[str, str], ...]  # the search index shards it merges (site path, language), prose first

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"bundles": self.bundles}


def plan(site: Site) -> list[Planned]:
    bundles = tuple((bundle(name), lang) for name, lang in shard_names(site.t.lang, worded(site)))
    return [site.html("search.html", SearchData(bundles), "search", None,
                      site._("Search the Express Entry draw archive"),
                      site._("Find a draw by its number, a category, or an occupation by its NOC code or title."),
                      section="search", searchable=False)]


KIND = Kind("search", plan, frozenset({"rows"}))
