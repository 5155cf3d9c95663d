"""The years: draws and invitations year by year since 2015, and the pool's size over time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model.views import Stats, stats
from drawarchive.pages.kind import Context, Kind, Planned, Site
from drawarchive.render.bars import per_year_chart
from drawarchive.render.charts import PoolPoint, pool_size_chart


@dataclass(frozen=True, slots=True)
class YearsData:
    years: tuple[tuple[int, Stats], ...]
    per_year: tuple[tuple[int, int, int], ...]  # year, invitations, of them unconfirmed
    through: date | None
    pool: tuple[PoolPoint, ...]

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"years": self.years, "partial": self.years[0][0] if self.years else None,
                "per_year": per_year_chart(self.per_year, self.through, t, table=False),
                "pool_since": self.pool[0][1] if self.pool else None,
                "pool": pool_size_chart(self.pool, "pool-size", t.gettext(
                    "The pool of candidates at each draw since IRCC began publishing it"), t=t)}


def plan(site: Site) -> list[Planned]:
    years = site.view.years
    pool = tuple((d.label, d.date, d.pool.total, top, middle) for d in site.archive.draws if d.pool
                 for top, middle in [(_sum(d.pool.band("601-1200"), d.pool.band("501-600")), d.pool.band("451-500"))]
                 if top is not None and middle is not None)  # a subtotal a source left out is never added up
    value = YearsData(tuple((y, stats(rows)) for y, rows in reversed(years.items())), site.view.per_year,
                      site.archive.rows[-1].date if site.archive.rows else None, pool)
    return [site.html("years.html", value, "years", None, site._("Express Entry draws by year"),
                      site._("Express Entry rounds of invitations and invitations issued, year by year since 2015, "
                             "and the pool of candidates over time."), section="draws")]


def _sum(*counts: int | None) -> int | None:
    return None if None in counts else sum(c for c in counts if c is not None)


KIND = Kind("years", plan, frozenset({"draws", "rows"}))
