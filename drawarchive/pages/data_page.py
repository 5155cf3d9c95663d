"""The data page: the data files, each column and field documented, and the draw files' JSON Schema."""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.texts import Texts
from drawarchive.model import DrawRow
from drawarchive.model.views import IrccCheck, freshness
from drawarchive.pages.exports import CSV_PATH, JSON_PATH, SCHEMA_PATH, columns, record_fields
from drawarchive.pages.kind import Context, Kind, Planned, Site


@dataclass(frozen=True, slots=True)
class DataPageData:
    count: int
    columns: tuple[tuple[str, str], ...]
    json_fields: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str], ...]
    latest: DrawRow | None  # the data's "as of": its newest draw, and its newest official one
    last_official: DrawRow | None
    checked: IrccCheck | None

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"count": self.count, "columns": self.columns, "json_fields": self.json_fields, "files": self.files,
                "latest": self.latest, "last_official": self.last_official, "checked": self.checked,
                "as_of": self.latest.date if self.latest else self.checked.on if self.checked else None}


def plan(site: Site) -> list[Planned]:
    files = (("draws.json", JSON_PATH), ("draws.csv", CSV_PATH), ("draw.schema.json", SCHEMA_PATH))
    fresh = freshness(site.archive.rows)
    value = DataPageData(len(site.archive.draws), tuple(columns(site.t)), tuple(record_fields(site.t)), files,
                         fresh.latest, fresh.last_official, site.ircc)
    return [site.html("data.html", value, "data", None, site._("Download the Express Entry draw data"),
                      site._("Every Express Entry draw as JSON and CSV, typed, with each column documented, and the "
                             "JSON Schema of a draw file."))]


KIND = Kind("data page", plan, frozenset({"rows"}))
