"""One page per NOC code: which lists name it, and the draws held under those lists."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model.views import Listing, Removal, occupation_index, removals
from drawarchive.pages.kind import Context, Kind, Planned, Site


@dataclass(frozen=True, slots=True)
class NocData:
    code: str
    title: str
    title_lang: str
    listings: tuple[Listing, ...]
    removed: tuple[Removal, ...] = ()  # the categories whose current list no longer names it

    def context(self, config: SiteConfig, t: Texts) -> Context:
        name, _, qualifier = self.title.partition(" (")
        return {"code": self.code, "title": self.title, "title_lang": self.title_lang, "name": name,
                "qualifier": f"({qualifier}" if qualifier else "", "listings": self.listings, "removed": self.removed}


def plan(site: Site) -> list[Planned]:
    planned = []
    for code, listings in occupation_index(site.archive).items():
        occupation = listings[-1].occupation
        names = ", ".join(sorted({listing.category.short_name for listing in listings}))
        description = site.t.ngettext(
            "NOC 2021 {code}, {title}: in Express Entry's {names} list, and the draws held under it.",
            "NOC 2021 {code}, {title}: in Express Entry's {names} lists, and the draws held under them.",
            len(listings)).format(code=code, title=occupation.title, names=names)
        dropped = tuple(r for c in dict.fromkeys(listing.category for listing in listings) if (r := removals(c, code)))
        value = NocData(code, occupation.title, occupation.title_lang, listings, dropped)
        planned.append(site.html("noc.html", value, "noc",
                                 code, site._("NOC {code} {title}: Express Entry categories and draws", code=code,
                                              title=occupation.title), description, section="occupations"))
    return planned


KIND = Kind("noc", plan, frozenset({"rows", "categories", "texts"}))
