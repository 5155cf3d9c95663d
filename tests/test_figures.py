"""Every figure a page states, worked out again from data/draws.json by this file's own small code
(never the site's functions) and compared with the built pages, in both languages.

Covered: the home page's totals; each category's draw and invitation counts, its median gap, its cut-offs
of the last 12 months, its lowest and highest cut-offs and its invitations per year (chart table and
partial-year note); the categories table; the years table and each year page's lede; each draw page's
change since its category's previous draw; the score check's answers for every category (the window,
the latest cut-off and the distance to it, the 12 months' range, verdict and direction, and the history),
in Chromium; and, wherever a total holds unconfirmed rounds, what they add to it.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path

import lxml.html
import pytest
from conftest import REPO

from drawarchive.config import SiteConfig
from drawarchive.pipeline.site import build_site

# How each language writes a number: its group and decimal marks (CLDR), and where its pages live.
LANGS = {
    "en": {"group": ",", "decimal": ".", "prefix": "", "years": "years"},
    "fr": {"group": "\u00a0\u202f", "decimal": ",", "prefix": "fr/", "years": "annees"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("figures") / "site"
    build_site(REPO, SiteConfig("Express Entry Draw Archive", "", "https://example.org", "/"), target)
    return target


@pytest.fixture(scope="module")
def draws(site) -> list[dict]:
    """Each round as the export has it: oldest first, by date then round number."""
    rows = json.loads((site / "data/draws.json").read_text())["draws"]
    return sorted(rows, key=lambda r: (r["date"], r["round_number"], r["round"]))


def numbers(text: str, lang: str) -> list[float]:
    """The numbers a reader sees in `text`, in the order they come."""
    group, decimal = re.escape(LANGS[lang]["group"]), re.escape(LANGS[lang]["decimal"])
    found = re.findall(rf"\d{{1,3}}(?:[{group}]\d{{3}})+(?:{decimal}\d+)?|\d+(?:{decimal}\d+)?", text)
    values = [float(re.sub(rf"[{group}]", "", n).replace(LANGS[lang]["decimal"], ".")) for n in found]
    return [int(v) if v.is_integer() else v for v in values]


def page(site: Path, lang: str, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / (LANGS[lang]["prefix"] + path) / "index.html").read_bytes())


def said(element: lxml.html.HtmlElement) -> str:
    """Its text, ASCII white space folded: a no-break space inside a French number stays."""
    return re.sub(r"[ \t\r\n]+", " ", element.text_content()).strip()


def totals(rows: list[dict]) -> list[int]:
    """What a total states: draws, of them unconfirmed (if any); invitations, of them unconfirmed (if any)."""
    unconfirmed = [r for r in rows if r["status"] == "reported"]
    draws = [len(rows)] + ([len(unconfirmed)] if unconfirmed else [])
    invitations = [sum(r["invitations"] for r in rows)]
    return draws + invitations + ([sum(r["invitations"] for r in unconfirmed)] if unconfirmed else [])


def median(values: list[int]) -> float:
    ordered, middle = sorted(values), len(values) // 2
    value = ordered[middle] if len(values) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return int(value) if float(value).is_integer() else value


def by(rows: list[dict], key) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def year(row: dict) -> int:
    return int(row["date"][:4])


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_totals_say_what_unconfirmed_rounds_add(site, draws, lang):
    lede = said(page(site, lang, "").xpath("//p[@class='lede']")[0])
    assert numbers(lede, lang) == [2015, *totals(draws)]
    assert len(totals(draws)) == 4  # the archive holds unconfirmed rounds: the lede must say what they add


@pytest.mark.parametrize("lang", LANGS)
def test_each_category_page_states_its_counts_and_its_true_median_gap(site, draws, lang):
    medians = []
    for slug, rows in by(draws, lambda r: r["category"]).items():
        facts = [said(dd) for dd in page(site, lang, f"categories/{slug}").xpath("//dl[@class='facts']/div/dd")]
        draws_said, invitations_said, gap_said = facts[:3]
        assert numbers(draws_said, lang) + numbers(invitations_said, lang) == totals(rows), slug
        gaps = [(date_of(b) - date_of(a)).days for a, b in pairwise(rows)]
        if gaps:
            assert numbers(gap_said, lang) == [median(gaps)], slug
            medians.append(median(gaps))
    assert any(isinstance(m, float) for m in medians)  # an even count of gaps is in the archive: STEM's


@pytest.mark.parametrize("lang", LANGS)
def test_each_category_chart_gives_invitations_per_year_and_only_the_running_year_is_partial(site, draws, lang):
    running = year(draws[-1])  # the archive's latest draw's year: the only one not over
    for slug, rows in by(draws, lambda r: r["category"]).items():
        chart = page(site, lang, f"categories/{slug}").xpath(
            "//div[@class='chart'][svg[@aria-labelledby='category-years-title']]")[0]
        table = {numbers(said(tr.xpath("th")[0]), lang)[0]: numbers(said(tr.xpath("td")[0]), lang)
                 for tr in chart.xpath(".//table/tbody/tr")}
        expected = {}
        for held_year, held in by(rows, year).items():
            part = sum(r["invitations"] for r in held if r["status"] == "reported")
            expected[held_year] = [sum(r["invitations"] for r in held)] + ([part] if part else [])
        assert {y: v for y, v in table.items() if v} == expected, slug
        notes = [said(p) for p in chart.xpath("p[@class='chart-note']")]
        if running in expected:
            assert len(notes) == 1 and numbers(notes[0], lang)[0] == running, (slug, notes)
        else:
            assert notes == [], (slug, notes)


@pytest.mark.parametrize("lang", LANGS)
def test_the_categories_table_states_each_categorys_totals(site, draws, lang):
    grouped = by(draws, lambda r: r["category"])
    seen = set()
    for tr in page(site, lang, "categories").xpath("//table/tbody/tr"):
        slug = tr.xpath(".//a/@href")[0].rstrip("/").rsplit("/", 1)[-1]
        cells = [said(td) for td in tr.xpath("td")]
        draws_cell, invitations_cell = next((cells[i], cells[i + 1]) for i in range(1, len(cells))
                                            if numbers(cells[i], lang)[:1] == [len(grouped[slug])])
        assert numbers(draws_cell, lang) + numbers(invitations_cell, lang) == totals(grouped[slug]), slug
        seen.add(slug)
    assert seen == set(grouped)


@pytest.mark.parametrize("lang", LANGS)
def test_the_years_table_and_each_year_page_state_the_years_totals(site, draws, lang):
    grouped = by(draws, year)
    rows = page(site, lang, LANGS[lang]["years"]).xpath("(//table)[1]/tbody/tr")  # the per-year table, first
    assert [numbers(said(tr.xpath("td")[0]), lang)[0] for tr in rows] == sorted(grouped, reverse=True)
    for tr in rows:
        held = grouped[numbers(said(tr.xpath("td")[0]), lang)[0]]
        cells = [numbers(said(td), lang) for td in tr.xpath("td")[1:]]
        assert cells[0] + cells[1] == totals(held)
        assert cells[2] == [min(r["crs"] for r in held)]
    for held_year, held in grouped.items():
        lede = said(page(site, lang, f"{LANGS[lang]['years']}/{held_year}").xpath("//p[@class='lede']")[0])
        assert [n for n in numbers(lede, lang) if n != held_year] == totals(held), held_year
        assert ("so far" in lede or "jusqu’ici" in lede) == (held_year == year(draws[-1])), lede


def date_of(row: dict) -> date:
    return date.fromisoformat(row["date"])


@pytest.mark.parametrize("lang", LANGS)
def test_each_category_page_states_its_last_12_months_and_its_lowest_and_highest_cut_offs(site, draws, lang):
    """The 12 months run to the archive's latest draw, never to the clock: the same day a year before, excluded."""
    now = date_of(draws[-1])
    since = now.replace(year=now.year - 1)
    for slug, rows in by(draws, lambda r: r["category"]).items():
        facts = [said(dd) for dd in page(site, lang, f"categories/{slug}").xpath("//dl[@class='facts']/div/dd")]
        window = [r["crs"] for r in rows if since < date_of(r) <= now]
        assert numbers(facts[3], lang) == ([min(window), max(window), len(window)] if window else []), (slug, facts)
        for said_extreme, extreme in ((facts[4], min), (facts[5], max)):
            crs = extreme(r["crs"] for r in rows)
            held = {(date_of(r).day, date_of(r).year) for r in rows if r["crs"] == crs}
            value, day, held_year = numbers(said_extreme, lang)
            assert value == crs and (day, held_year) in held, (slug, said_extreme)


WORDS = {"en": {"up": "up ", "down": "down ", "same": "unchanged"},
         "fr": {"up": "en hausse de", "down": "en baisse de", "same": "inchang"}}


@pytest.mark.parametrize("lang", LANGS)
def test_each_draw_page_states_the_change_since_its_categorys_previous_draw(site, draws, lang):
    folder = "draws" if lang == "en" else "tirages"
    changes = 0
    for rows in by(draws, lambda r: r["category"]).values():
        for previous, row in pairwise([None, *rows]):
            line = said(page(site, lang, f"{folder}/{row['round']}").xpath("//p[@class='change']")[0])
            if previous is None:
                assert numbers(line, lang) == [], line  # the category's first draw
                continue
            crs, invitations = row["crs"] - previous["crs"], row["invitations"] - previous["invitations"]
            expected = [previous["round_number"], (date_of(row) - date_of(previous)).days,
                        *([abs(crs)] if crs else []), previous["crs"],
                        *([abs(invitations)] if invitations else []), previous["invitations"]]
            assert numbers(line, lang) == expected, (row["round"], line)
            facts = line.split(":", 1)[1]  # "cut-off down 254 (from 735), invitations up 433 (from 1,187)."
            for change, part in zip((crs, invitations), (facts[:facts.index("(")], facts[facts.index(")"):]),
                                    strict=True):
                word = WORDS[lang]["up" if change > 0 else "down" if change < 0 else "same"]
                assert word in part, (row["round"], line)
            changes += 1
    assert changes == len(draws) - len({r["category"] for r in draws})


# ------------------------------------------------------------------ the score check, in the browser

def history_numbers(score: int, rows: list[dict]) -> list[float]:
    """The history line's figures: the newest draw the score clears, or else the lowest (the newest of equals)."""
    newest_first = rows[::-1]
    cleared = [r for r in newest_first if score >= r["crs"]]
    shown = cleared[0] if cleared else min(newest_first, key=lambda r: r["crs"])
    when = [shown["round_number"], date_of(shown).day, date_of(shown).year]
    ties = sum(r["crs"] == score for r in rows)
    tie = [score, ties] if ties else []  # "478 equals the cut-off of 2 of them: …"
    if not cleared:
        return [score, *when, shown["crs"], *tie] if len(rows) == 1 else [score, len(rows), shown["crs"], *when, *tie]
    counts = [len(cleared), len(rows)] if len(cleared) < len(rows) else [len(rows)] if len(rows) > 1 else []
    return [score, *counts, *when, shown["crs"], *tie]


def recent_numbers(score: int, window: list[dict]) -> list[float]:
    """"CEC: 507 to 533 in 22 draws, 29 to 55 points short. Down 15 points since October 28, 2025." as figures."""
    crs = [r["crs"] for r in window]
    low, high, cleared, ties = min(crs), max(crs), sum(score >= c for c in crs), crs.count(score)
    verdict = ([] if cleared == len(crs)  # "cleared", "all cleared"
               else [cleared] if cleared else [low - score] if low == high else [low - score, high - score])
    figures = [low] if low == high else [low, high]
    figures += [len(crs), *verdict] + ([score, ties] if ties else [])
    if len(window) > 1:
        change, oldest = window[-1]["crs"] - window[0]["crs"], date_of(window[0])
        figures += ([abs(change)] if change else []) + [oldest.day, oldest.year]
    return figures


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("score", [478, 505])
def test_the_score_checks_figures_for_every_category(browser, served_site, lang, score):
    draws = sorted(json.loads((served_site.root / "data/draws.json").read_text())["draws"],
                   key=lambda r: (r["date"], r["round_number"], r["round"]))
    now = date_of(draws[-1])
    since = now.replace(year=now.year - 1)
    page = browser.new_page()
    try:
        for slug, rows in by(draws, lambda r: r["category"]).items():
            page.goto(served_site.url(f"{LANGS[lang]['prefix']}?score={score}&category={slug}"))
            page.wait_for_selector("[data-score-check] .score-window")
            lines = page.eval_on_selector_all("[data-score-check] .score-result p", "ps => ps.map(p => p.textContent)")
            page.click(".score-history summary")
            history = page.inner_text(".score-history li")
            window = [r for r in rows if since < date_of(r) <= now]
            latest = rows[-1]
            assert numbers(lines[0], lang) == [score, 12, now.day, now.year], lines[0]
            when = [latest["round_number"], date_of(latest).day, date_of(latest).year]
            if window:
                short = [latest["crs"] - score] if latest["crs"] > score else []
                assert numbers(lines[1], lang) == [latest["crs"], *when, *short], (slug, lines[1])
                assert numbers(lines[2], lang) == recent_numbers(score, window), (slug, lines[2])
            else:  # "STEM: no draw in these 12 months; the last was #… on … (cut-off …)."
                assert numbers(lines[1], lang) == [12, *when, latest["crs"]], (slug, lines[1])
            assert numbers(history, lang) == history_numbers(score, rows), (slug, history)
    finally:
        page.close()
