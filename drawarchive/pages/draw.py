"""A draw's page: its facts, the pool as a chart and a table, data notes, people's notes and corrections,
its sources, its neighbours overall and in its category, and what changed since the category's last."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.registry import source
from drawarchive.languages.texts import Texts
from drawarchive.languages.words import draw_summary, import_notes, programs_named, round_ref
from drawarchive.model import Category, Draw, DrawRow
from drawarchive.model.views import Change, pool_rows
from drawarchive.pages.kind import Context, Kind, Planned, Record, Site, linker
from drawarchive.pages.urls import page
from drawarchive.render.bars import bar_chart
from drawarchive.render.markup import plain_words, render_markdown


@dataclass(frozen=True, slots=True)
class DrawData:
    draw: Draw
    category: Category
    around: tuple[DrawRow | None, DrawRow | None]
    in_category: tuple[DrawRow | None, DrawRow | None]
    change: Change | None
    linked: tuple[str, ...]  # the rounds its notes mention that exist
    program_names: tuple[Category, ...] = ()  # its eligible programs' categories: their names in the language

    def context(self, config: SiteConfig, t: Texts) -> Context:
        draw = self.draw
        version = self.category.version(draw.list_version) if draw.list_version else None
        rows = pool_rows(draw)
        title = t.gettext("Candidates in the pool by CRS score band at draw {round}").format(
            round=round_ref(draw.label, t))
        chart = bar_chart([(r.band, r.count) for r in rows if r.count is not None], "pool", title,
                          sub=frozenset(r.band for r in rows if r.sub),
                          value_axis=t.gettext("Candidates"), label_axis=t.gettext("CRS score"), table=False,
                          t=t) if rows else ""
        return {"draw": draw, "category": self.category, "around": self.around, "in_category": self.in_category,
                "change": self.change, "pool": rows, "pool_chart": chart, "version": version,
                "program_names": self.program_names,
                **import_notes(draw, t, html=True),
                "notes": render_markdown(draw.body, linker(config, self.linked, t.lang))}


def plan(site: Site) -> list[Planned]:
    """The pages of the run of draws the site names (serve's quick path plans one draw's alone)."""
    run = site.archive.draws[site.draws]
    return [plan_one(site, draw) for draw in run if site.only is None or draw.label in site.only]


def plan_one(site: Site, draw: Draw) -> Planned:
    category = site.archive.category(draw.category)
    value = DrawData(draw, category, site.view.neighbours(draw.label),
                     site.view.category_neighbours(draw.label, draw.category),
                     site.view.change(site.view.row(draw.label)), site.linked(draw.body),
                     programs_named(draw.programs, site.archive.categories))
    # Its facts are found through the search page's exact index; its people's words, through its record.
    return site.html("draw.html", value, "draw", draw.label, _title(site, draw, category),
                     draw_summary(draw, category, site.t), feeds=site.feeds(category.slug), section="draws",
                     searchable=False, latest=True)


def _title(site: Site, draw: Draw, category: Category) -> str:
    return site._("Express Entry draw {round}, {date}: {category}", round=round_ref(draw.label, site.t),
                  date=site.t.date(draw.date), category=category.name)


def records(site: Site) -> list[Record]:
    """What people wrote about each draw in the site's language (its notes, body and, in the source language,
    corrections' reasons), found in full text with the draw's page as the result. Words in another language
    than the page's are indexed once, in their own language's records: see shard_names."""
    return [_record(site, draw, said) for draw in site.archive.draws if (said := words(draw, site.t.lang))]


def words(draw: Draw, lang: str) -> tuple[str, ...]:
    """The words people wrote about a draw that a page of it shows in `lang` (the body as Markdown, last)."""
    return (*(draw.notes if draw.notes_lang == lang else ()),
            *(c.reason for c in draw.corrections if lang == source().code),
            *((draw.body,) if draw.body_lang == lang and draw.body.strip() else ()))


def worded(site: Site) -> dict[str, list[str]]:
    """The rounds whose pages in the site's language show people's words, by the language of the words:
    the records the search page must merge."""
    langs = dict.fromkeys((site.t.lang, source().code))
    return {lang: [d.label for d in site.archive.draws if words(d, lang)] for lang in langs}


def _record(site: Site, draw: Draw, said: tuple[str, ...]) -> Record:
    category = site.archive.category(draw.category)
    made_of = "\0".join((draw.label, draw.date.isoformat(), category.name, *said))
    return Record(page("draw", draw.label, site.t.lang), site.t.lang, draw.label,
                  hashlib.sha256(made_of.encode()).hexdigest(),
                  lambda: (_title(site, draw, category), " ".join(plain_words(text) for text in said)))


KIND = Kind("draw", plan, frozenset({"draws", "rows", "categories"}), by_run=True, records=records)
