"""The search page's terms file (pages/search_terms.py): what static/search.js matches exactly, per language.

Months and the date pattern come from CLDR; every category and every occupation of the lists is there, in
the page's language, at its page's address; each official round name maps to the rounds that carry it."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from babel import Locale
from babel.dates import get_month_names
from conftest import REPO

from drawarchive.config import load_config
from drawarchive.languages.localize import localize
from drawarchive.languages.registry import language
from drawarchive.languages.texts import texts
from drawarchive.languages.words import round_ref
from drawarchive.model.views import occupation_index
from drawarchive.pages import search_terms
from drawarchive.pages.kind import Site, as_bytes
from drawarchive.pages.urls import page

LANGS = ("en", "fr")


@pytest.fixture(scope="module")
def sites(real_archive) -> dict[str, Site]:
    config = load_config(REPO)[0]
    return {lang: Site(localize(real_archive, lang), config, texts(lang)) for lang in LANGS}


@pytest.fixture(scope="module")
def files(sites) -> dict[str, tuple[str, dict]]:
    """Each language's file: its path, and its content as the script reads it."""
    made = {}
    for lang, site in sites.items():
        [planned] = search_terms.plan(site)
        made[lang] = (planned.path, json.loads(as_bytes(planned.make(planned.value))))
    return made


def long_date(terms: dict, day: date) -> str:
    """static/search.js's longDate, line for line: a date from the file's pattern and month names alone."""
    def field(match: re.Match[str]) -> str:
        quoted, text = match.group(1), match.group(0)
        if quoted is not None:
            return quoted or "'"
        if text[0] == "M":
            return terms["months"][day.month - 1][0 if len(text) >= 4 else 1]
        if text[0] == "d":
            first = day.day == 1 and terms["first_of_month"]
            return first or (("0" if len(text) > 1 and day.day < 10 else "") + str(day.day))
        return str(day.year)

    return re.sub(r"'([^']*)'|M+|d+|y+", field, terms["date"])


def test_each_language_has_its_file_at_its_search_pages_address(files):
    assert {lang: path for lang, (path, _) in files.items()} == {
        "en": "search/terms.json", "fr": "fr/recherche/terms.json"}
    assert all(path == page("search", lang=lang) + "terms.json" for lang, (path, _) in files.items())
    assert [terms["lang"] for _, terms in files.values()] == list(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_months_and_the_date_pattern_come_from_cldr(files, lang):
    terms = files[lang][1]
    locale = language(lang).locale
    wide, short = get_month_names("wide", locale=locale), get_month_names("abbreviated", locale=locale)
    assert terms["months"] == [[wide[m], short[m]] for m in range(1, 13)]
    assert terms["date"] == Locale.parse(locale).date_formats["long"].pattern
    assert terms["first_of_month"] == (language(lang).first_of_month or "")


def test_the_french_months_are_cldrs_not_handwritten(files):
    terms = files["fr"][1]
    assert terms["months"][6] == ["juillet", "juill."] and terms["months"][7] == ["août", "août"]
    assert terms["date"] == "d MMMM y" and terms["first_of_month"] == "1er"
    assert files["en"][1]["months"][6] == ["July", "Jul"] and files["en"][1]["date"] == "MMMM d, y"


@pytest.mark.parametrize("lang", LANGS)
def test_the_file_writes_every_draws_date_and_title_as_its_page_does(files, sites, lang):
    """The script formats a draw's date and title from the file: the same text as the draw's page."""
    terms, site = files[lang][1], sites[lang]
    for draw in site.archive.draws:
        assert long_date(terms, draw.date) == site.t.date(draw.date)
        title = terms["title"].format(round=terms["round"].format(round=draw.label),
                                      date=long_date(terms, draw.date),
                                      category=site.archive.category(draw.category).name)
        assert title == site._("Express Entry draw {round}, {date}: {category}", round=round_ref(draw.label, site.t),
                               date=site.t.date(draw.date), category=site.archive.category(draw.category).name)
        assert terms["draw"].format(round=draw.label) == page("draw", draw.label, lang)


def test_a_first_of_the_month_reads_1er_in_french(files):
    assert long_date(files["fr"][1], date(2026, 10, 1)) == "1er octobre 2026"
    assert long_date(files["en"][1], date(2026, 10, 1)) == "October 1, 2026"


@pytest.mark.parametrize("lang", LANGS)
def test_every_category_is_there_in_the_pages_language(files, sites, lang):
    terms, site = files[lang][1], sites[lang]
    assert [c["slug"] for c in terms["categories"]] == [c.slug for c in site.archive.categories]
    for entry, category in zip(terms["categories"], site.archive.categories, strict=True):
        assert (entry["name"], entry["short_name"], entry["url"]) == (
            category.name, category.short_name, page("category", category.slug, lang))
    stem = next(c for c in terms["categories"] if c["slug"] == "stem")
    assert (stem["name"], stem["short_name"]) == (("STEM occupations", "STEM") if lang == "en" else
                                                  ("Professions des STIM", "STIM"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_occupation_of_the_lists_is_there_once_with_its_noc_page(files, sites, lang):
    terms, site = files[lang][1], sites[lang]
    index = occupation_index(site.archive)  # what the NOC pages are made from: one page per code
    assert [o["noc"] for o in terms["occupations"]] == sorted(index)
    for entry in terms["occupations"]:
        listings = index[entry["noc"]]
        assert entry["title"] == listings[-1].occupation.title  # the NOC page's title
        assert entry["url"] == page("noc", entry["noc"], lang)
        listed = list(dict.fromkeys(listing.category.slug for listing in listings))
        # A newest list whose occupations are unknown can't say one was dropped: the newest known one does.
        current = [slug for slug in listed if entry["noc"] in [v for v in site.archive.category(slug).versions
                                                               if v.occupations is not None][-1].codes]
        assert (entry["categories"], [r["category"] for r in entry["removed"]]) == (
            current, [slug for slug in listed if slug not in current])
        assert "lang" not in entry or entry["lang"] != lang
    software = next(o for o in terms["occupations"] if o["noc"] == "21231")
    assert software["title"] == ("Software engineers and designers" if lang == "en" else
                                 "Ingénieurs/ingénieures et concepteurs/conceptrices en logiciel")
    # Removed from STEM's list on February 27, 2025, when version 2 took effect.
    assert (software["categories"], software["removed"]) == ([], [{"category": "stem", "since": "2025-02-27"}])
    assert terms["noc"].format(code="21231") == site._("NOC %(code)s").replace("%(code)s", "21231")


@pytest.mark.parametrize("lang", LANGS)
def test_official_round_names_map_to_the_rounds_that_carry_them(files, sites, lang):
    terms, site = files[lang][1], sites[lang]
    names = {entry["name"]: entry["rounds"] for entry in terms["names"]}
    assert len(names) == len(terms["names"])  # each name once
    for draw in site.archive.draws:
        assert draw.label in names[draw.name], (draw.label, draw.name)
    assert sum(len(rounds) for rounds in names.values()) == len(site.archive.draws)
    order = [d.label for d in site.archive.draws]
    assert all(rounds == sorted(rounds, key=order.index) for rounds in names.values())  # oldest first
    stem = "STEM occupations (Version 1)" if lang == "en" else "Professions des STIM (Version 1)"
    assert names[stem] == ["254", "274", "293"]
    healthcare = ("Healthcare and social services occupations (Version 2)" if lang == "en" else
                  "Professions de la santé et des services sociaux (Version 2)")
    assert names[healthcare] == [d.label for d in site.archive.draws if d.name == healthcare]
