"""The reader's features in a real browser: the score check, search, and phone-width layouts."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import BASE_URL, REPO, horizontal_overflow, open_page, serve
from playwright.sync_api import expect

from drawarchive.build import search
from drawarchive.build.site import build_site
from drawarchive.config import load_config

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = {"home": "", "draw-254": "draws/254/", "category-stem": "categories/stem/", "draws": "draws/",
               "draws-filtered": "draws/?category=cec&year=2026&sort=crs", "years": "years/", "data": "data/",
               "feeds": "feeds/", "search": "search/?q=software%20engineers", "fr-home": "fr/",
               "fr-draw-254": "fr/tirages/254/", "fr-draws": "fr/tirages/?category=healthcare&sort=crs",
               "fr-category-french": "fr/categories/french/", "fr-search": "fr/recherche/?q=logiciel",
               "fr-categories": "fr/categories/", "fr-data": "fr/donnees/",
               "occupations-stem": "occupations/stem/"}


def cleared(page) -> list[str]:
    return page.eval_on_selector_all("tr.cleared", "rows => rows.map(r => r.dataset.draw)")


def score_lines(page) -> list[str]:
    return page.eval_on_selector_all("[data-score-check] .score-result li", "items => items.map(i => i.textContent)")


def test_score_check_on_a_category_page_marks_the_draws_a_score_clears(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("categories/stem/"))
        page.fill("[data-score-check] input", "485")
        assert score_lines(page) == [
            "485 would have cleared 1 of the 3 STEM draws; the last time was #274 on December 8, 2023 (cut-off 481)."]
        assert cleared(page) == ["274"]
        page.fill("[data-score-check] input", "491")
        assert score_lines(page) == [
            "491 would have cleared 3 of the 3 STEM draws; the last time was #293 on April 11, 2024 (cut-off 491). "
            "491 equals the cut-off of 1 of them: at a tie, only candidates whose profile was created before the "
            "round's tie-breaking time were invited."]
        assert sorted(cleared(page)) == ["254", "274", "293"]


def test_score_check_on_the_home_page_covers_every_category(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url(""))
        page.fill("[data-score-check] input", "480")
        lines = score_lines(page)
        assert len(lines) == 15  # every category with draws, the most recently drawn first
        assert lines[0].startswith("480 would have cleared 6 of the 7 Trades draws; the last time was "
                                   "#447 on October 1, 2026 (cut-off 476).")
        general = next(line for line in lines if " General draws" in line)
        assert general == ("480 would have cleared 118 of the 178 General draws; the last time was #170 on December "
                           "23, 2020 (cut-off 468).")
        assert "439" not in cleared(page) and "447" in cleared(page)  # rows in the recent-draws table
        assert page.eval_on_selector("tr[data-draw='439']", "r => r.classList.contains('missed')")


@pytest.mark.parametrize("typed", ["519.5", "1201", "-3", "00480"])
def test_score_check_takes_whole_numbers_from_0_to_1200_only(browser, served_site, typed):
    with open_page(browser) as page:
        page.goto(served_site.url("draws/"))
        score = page.locator("[data-score-check] input")
        # press_sequentially doesn't wait for the box score.js shows: keys sent before went to the page (CI).
        score.wait_for(state="visible")
        score.press_sequentially(typed)
        expect(page.locator("[data-score-check] .score-result")).to_have_text("Enter a whole number from 0 to 1200.")
        assert cleared(page) == []


def test_without_javascript_the_page_shows_everything_else(browser, served_site):
    with open_page(browser, java_script_enabled=False) as page:
        page.goto(served_site.url("categories/stem/"))
        assert not page.is_visible("[data-score-check]")
        assert page.locator("table.draws tbody tr").count() == 3
        assert page.locator(".chart svg[role='img']").count() >= 1
        page.goto(served_site.url("draws/"))
        assert not page.is_visible("[data-draws]") and not page.is_visible("[data-score-check]")
        assert page.locator("table.draws tbody tr").count() == 100
        assert page.inner_text("[data-pager]").split() == ["1", "2", "3", "4", "5"]
        page.click("[data-pager] >> text=5")
        assert page.locator("table.draws tbody tr").count() == 48  # the plain pages hold every draw


def rounds(page) -> list[str]:
    return page.eval_on_selector_all("table.draws tbody tr", "rows => rows.map(r => r.dataset.draw)")


def column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(f"table.draws tbody tr td:nth-child({index})",
                                     "cells => cells.map(c => c.textContent.trim())")


def test_all_draws_sort_by_any_column(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("draws/"))
        page.wait_for_selector("[data-draws]:not([hidden])")
        assert rounds(page)[:2] == ["447", "446"]
        page.click("th[data-sort='crs'] button")
        assert page.get_attribute("th[data-sort='crs']", "aria-sort") == "descending"
        scores = [int(c) for c in column(page, 5)]
        assert scores == sorted(scores, reverse=True) and scores[0] > 880  # the highest cut-off first
        page.click("th[data-sort='crs'] button")
        assert page.get_attribute("th[data-sort='crs']", "aria-sort") == "ascending"
        scores = [int(c) for c in column(page, 5)]
        assert scores == sorted(scores) and len(scores) == 100
        assert page.url.endswith("/draws/?sort=crs-asc")
        page.keyboard.press("Shift+Tab")  # the sort buttons are real buttons: keyboard works
        page.focus("th[data-sort='invitations'] button")
        page.keyboard.press("Enter")
        assert page.get_attribute("th[data-sort='invitations']", "aria-sort") == "descending"


def test_all_draws_filter_with_totals_and_a_shareable_address(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("draws/"))
        page.wait_for_selector("[data-draws]:not([hidden])")
        page.select_option("[data-draws] select[name='category']", "stem")
        assert page.inner_text(".filter-summary") == "3 draws, 10,900 invitations, cut-offs from 481 to 491."
        assert rounds(page) == ["293", "274", "254"]
        assert page.url.endswith("/draws/?category=stem")
        page.select_option("[data-draws] select[name='category']", "pnp")
        page.fill("[data-draws] input[name='min']", "760")
        page.select_option("[data-draws] select[name='year']", "2026")
        assert all(int(c) >= 760 for c in column(page, 5))
        assert all(d.endswith("2026") for d in column(page, 2))
        shared = page.url
    with open_page(browser) as page:
        page.goto(shared)
        page.wait_for_selector("[data-draws]:not([hidden])")
        assert page.input_value("[data-draws] select[name='category']") == "pnp"
        assert page.input_value("[data-draws] input[name='min']") == "760"
        assert all(int(c) >= 760 for c in column(page, 5)) and len(rounds(page)) > 0


def test_all_draws_page_through_every_draw_with_a_script(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("draws/?program=CEC&sort=date-asc"))
        page.wait_for_selector("[data-draws]:not([hidden])")
        assert rounds(page)[0] == "1" and len(rounds(page)) == 100
        page.click(".script-pager [data-step='1']")
        assert page.url.endswith("page=2") and len(rounds(page)) == 100
        assert page.inner_text(".script-pager span") == "Page 2 of 4"
        page.go_back()
        assert rounds(page)[0] == "1"


def test_search_from_the_box_in_every_pages_header(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("categories/"))
        page.fill("#site-search-q", "254")
        page.press("#site-search-q", "Enter")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
        assert page.url.endswith("/search/?q=254")
        first = page.eval_on_selector(".pagefind-ui__result-link", "a => a.getAttribute('href')")
        assert first == "/draws/254/"


@pytest.mark.parametrize("query, expected", [
    ("254", "/draws/254/"),
    ("21231", "/occupations/noc/21231/"),
    ("software engineers", "/occupations/noc/21231/"),
    ("STEM", "/categories/stem/"),
])
def test_a_query_in_the_address_finds_its_page_first(browser, served_site, query, expected):
    with open_page(browser) as page:
        page.goto(served_site.url(f"search/?q={query}"))
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
        links = page.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.getAttribute('href'))")
        assert links[0] == expected, links
        excerpt = page.inner_text(".pagefind-ui__result-excerpt")
        assert "RoundDate" not in excerpt and "InvitationsCRS" not in excerpt


@pytest.mark.parametrize("name", SCREENSHOTS)
def test_phone_layouts_do_not_scroll_sideways(browser, served_site, tmp_path, name):
    """Set SCREENSHOTS_DIR=docs/screenshots to refresh the README's pictures."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with open_page(browser, viewport=PHONE, device_scale_factor=1) as page:
        page.goto(served_site.url(SCREENSHOTS[name]))
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(folder / f"phone-{name}.png"), full_page=False)
        assert horizontal_overflow(page) == 0
        wide = page.eval_on_selector_all("main *", "els => els.filter(e => e.getBoundingClientRect().right > "
                                         "document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'))"
                                         ".map(e => e.tagName + '.' + e.className)")
        assert wide == []
        # Tables scroll inside their box if they must, but on a phone none should need to.
        scrolling = page.eval_on_selector_all(".table-wrap", "ws => ws.filter(w => w.scrollWidth > w.clientWidth + 1)"
                                              ".map(w => w.querySelector('caption').textContent)")
        assert scrolling == []


@pytest.mark.parametrize("name", ["draws-filtered", "category-stem"])
def test_desktop_layouts(browser, served_site, tmp_path, name):
    """Set SCREENSHOTS_DIR=docs/screenshots to refresh the README's desktop pictures."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with open_page(browser, viewport=DESKTOP, device_scale_factor=1) as page:
        page.goto(served_site.url(SCREENSHOTS[name]))
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(folder / f"desktop-{name}.png"), full_page=False)
        assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("query, expected", [("254", "/fr/tirages/254/"), ("21231", "/fr/professions/cnp/21231/"),
                                             ("ingénieurs en logiciel", "/fr/professions/cnp/21231/"),
                                             ("STIM", "/fr/categories/stem/")])
def test_a_french_query_finds_french_pages(browser, served_site, query, expected):
    with open_page(browser) as page:
        page.goto(served_site.url(f"fr/recherche/?q={query}"))
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
        links = page.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.getAttribute('href'))")
        assert links[0] == expected, links
        assert all(link.startswith("/fr/") for link in links)


def test_the_scripts_speak_french_on_french_pages(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("fr/categories/stem/"))
        page.fill("[data-score-check] input", "485")
        assert score_lines(page) == [
            "485 aurait franchi 1 des 3 tirages STIM; la dernière fois, c’était au nº\u00a0274 le 8 décembre 2023 "
            "(seuil de 481)."]
        page.fill("[data-score-check] input", "48.5")
        assert page.inner_text("[data-score-check] .score-result") == "Entrez un nombre entier de 0 à 1200."
        page.goto(served_site.url("fr/tirages/?category=stem"))
        page.wait_for_selector("[data-draws]:not([hidden])")
        assert page.inner_text(".filter-summary") == "3 tirages, 10\u00a0900 invitations, seuils de 481 à 491."
        assert page.eval_on_selector_all("table.draws tbody td:first-child a", "as => as.map(a => a.textContent)") \
            == ["nº\u00a0293", "nº\u00a0274", "nº\u00a0254"]
        page.goto(served_site.url("fr/"))
        assert "il y a" in page.inner_text(".freshness") or "hier" in page.inner_text(".freshness")


def test_search_finds_rounds_in_every_shard_of_the_index(browser, tmp_path, monkeypatch):
    """With a shard per 100 rounds, the real archive's index has five draw shards per language;
    the search page merges them, so a round from the first and one from the last are both found."""
    monkeypatch.setattr(search, "SHARD_ROUNDS", 100)
    target = tmp_path / "site"
    build_site(REPO, load_config(REPO)[0].with_overrides(BASE_URL, "/"), target)
    assert {p.name for p in (target / "pagefind").glob("fr-*")} == {f"fr-{n}" for n in range(5)}
    with serve(target) as site, open_page(browser) as page:
        for query, expected in (("54", "/draws/54/"), ("441", "/draws/441/"), ("254", "/draws/254/")):
            page.goto(site.url(f"search/?q={query}"))
            page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
            links = page.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.getAttribute('href'))")
            assert links[0] == expected, links
        page.goto(site.url("fr/recherche/?q=441"))
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
        assert page.eval_on_selector(".pagefind-ui__result-link", "a => a.getAttribute('href')") == "/fr/tirages/441/"
