"""The reader's features in a real browser: the score check, search, and phone-width layouts."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from browser_support import BASE_URL, REPO, horizontal_overflow, open_page, serve
from playwright.sync_api import expect

from drawarchive.config import load_config
from drawarchive.pages import urls
from drawarchive.pipeline.site import build_site

PHONE = {"width": 360, "height": 780}
PHONE_390 = {"width": 390, "height": 844}
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
    """The score check's answer: the window, then a line for the chosen category or for each."""
    page.wait_for_selector("[data-score-check] .score-window")
    return page.eval_on_selector_all("[data-score-check] .score-result p, [data-score-check] .score-result li",
                                     "items => items.map(i => i.textContent)")


def result_links(page) -> list[str]:
    """The search page's results, once the exact matches and Pagefind's are both in (static/search.js)."""
    page.wait_for_selector("#search[data-state='done']", timeout=10_000)
    return page.eval_on_selector_all(".search-results li a", "as => as.map(a => a.getAttribute('href'))")


def history_lines(page) -> list[str]:
    return page.eval_on_selector_all("[data-score-check] .score-history li", "items => items.map(i => i.textContent)")


def test_score_check_leads_with_the_chosen_categorys_last_12_months(browser, served_site):
    """A CEC candidate with 478 learns how far the last year's CEC cut-offs were, then the rest on demand;
    the address keeps the score and the choice, and brings them back."""
    with open_page(browser, viewport=PHONE_390, device_scale_factor=1) as page:
        page.goto(served_site.url(""))
        page.locator("[data-score-check] input").fill("478")
        page.select_option("[data-score-check] select", "cec")
        # The latest cut-off and the distance to it first, then the 12 months and where they went.
        assert score_lines(page) == ["478 against the cut-offs of the 12 months to October 1, 2026:",
                                     "CEC: latest cut-off 518 (#446, September 29, 2026), 40 points short.",
                                     "CEC: 507 to 533 in 22 draws, 29 to 55 points short. Down 15 points since "
                                     "October 28, 2025."]
        assert page.url.endswith("/?score=478&category=cec")
        assert page.is_visible(".score-caveat")  # a category's draws invite only candidates eligible for it
        # Only CEC rows are marked: the Trades round #447 that 478 clears is not the reader's.
        assert cleared(page) == [] and "447" not in cleared(page)
        history = page.locator(".score-history")
        assert history.get_attribute("open") is None and not page.is_visible(".score-history li")
        height = page.eval_on_selector("[data-score-check]", "box => { var top = box.querySelector('.score-result')"
                                       ".getBoundingClientRect().top; return box.querySelector('.score-history')"
                                       ".getBoundingClientRect().bottom - top; }")
        print(f"the answer, caveat and history link at 390 px: {height:.0f} px")
        assert height < 320  # it was 1,700 px: fifteen all-time sentences
        page.click(".score-history summary")
        assert history_lines(page) == ["478 would have cleared 27 of the 70 CEC draws; the last time was #204 on "
                                       "September 14, 2021 (cut-off 462)."]
    with open_page(browser) as page:
        page.goto(served_site.url("?score=478&category=cec"))
        assert score_lines(page)[1] == "CEC: latest cut-off 518 (#446, September 29, 2026), 40 points short."
        assert page.input_value("[data-score-check] input") == "478"
        assert page.input_value("[data-score-check] select") == "cec"


def test_score_check_in_french_counts_as_cldr_says(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("fr/?score=478&category=cec"))
        assert score_lines(page) == ["478 face aux seuils des 12 mois jusqu’au 1er octobre 2026\u00a0:",
                                     "CEC\u00a0: dernier seuil 518 (nº\u00a0446, 29 septembre 2026), à 40 points "
                                     "du seuil.",
                                     "CEC\u00a0: 507 à 533 en 22 tirages, de 29 à 55 points sous les seuils. En "
                                     "baisse de 15 points depuis le 28 octobre 2025."]
        page.select_option("[data-score-check] select", "military")
        assert page.url.endswith("/fr/?score=478&category=military")
        assert score_lines(page)[2] == "Militaires\u00a0: 368 en 1 tirage, franchi."  # one: 0 and 1 in French
        # Each CLDR category of fr-CA, worded by the catalog: "many" is a million (1 000 000 de tirages).
        forms = page.evaluate("JSON.parse(document.querySelector('[data-score-check] .messages').textContent).draws")
        assert forms == {"one": "{count} tirage", "many": "{count} tirages", "other": "{count} tirages"}
        page.click(".score-history summary")
        assert history_lines(page) == ["478 aurait franchi le seul tirage Militaires, le nº\u00a0430 du "
                                       "23 juillet 2026 (seuil de 368)."]
        page.select_option("[data-score-check] select", "")
        assert page.url.endswith("/fr/?score=478")
        lines = score_lines(page)
        assert "CEC\u00a0: dernier seuil 518 (nº\u00a0446, 29 septembre 2026), à 40 points du seuil." in lines
        assert "Transport\u00a0: dernier seuil 470 (nº\u00a0434, 7 août 2026), que votre note franchit." in lines
        assert page.inner_text(".score-caveat").startswith("Les tirages d’une catégorie n’invitent que les candidats")


def test_score_check_every_category_a_short_line_each(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url(""))
        page.fill("[data-score-check] input", "478")
        lines = score_lines(page)
        # The categories with a draw in the last 12 months, the most recently drawn first.
        assert lines[:3] == ["478 against the cut-offs of the 12 months to October 1, 2026:",
                             "Trades: latest cut-off 476 (#447, October 1, 2026), which your score clears.",
                             "CEC: latest cut-off 518 (#446, September 29, 2026), 40 points short."]
        assert "Military: latest cut-off 368 (#430, July 23, 2026), which your score clears." in lines
        assert len(lines) == 10
        assert not any("STEM" in line for line in lines)  # none in 12 months: it is in the history
        page.click(".score-history summary")
        history = history_lines(page)
        assert len(history) == 15  # every category with draws
        assert "478 would not have cleared the only FSW draw, #240 on February 2, 2023 (cut-off 489)." in history
        assert "478 would have cleared all 3 Physicians draws; the last was #440 on September 3, 2026 (cut-off " \
               "198)." in history
        assert "439" not in cleared(page) and "447" in cleared(page)  # rows in the recent-draws table
        assert page.eval_on_selector("tr[data-draw='439']", "r => r.classList.contains('missed')")
        assert page.url.endswith("/?score=478")


def test_score_check_on_a_category_page_marks_the_draws_a_score_clears(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("categories/stem/"))
        assert page.locator("[data-score-check] select").count() == 0  # the page's category is the one
        page.fill("[data-score-check] input", "485")
        assert score_lines(page)[1] == ("STEM: no draw in these 12 months; the last was #293 on April 11, 2024 "
                                        "(cut-off 491).")
        assert history_lines(page) == [
            "485 would have cleared 1 of the 3 STEM draws; the last time was #274 on December 8, 2023 (cut-off 481)."]
        assert cleared(page) == ["274"]
        page.fill("[data-score-check] input", "491")
        assert history_lines(page) == [
            "491 would have cleared all 3 STEM draws; the last was #293 on April 11, 2024 (cut-off 491). "
            "491 equals the cut-off of 1 of them: at a tie, only candidates whose profile was created before the "
            "round's tie-breaking time were invited."]
        assert sorted(cleared(page)) == ["254", "274", "293"]
        assert page.url.endswith("/categories/stem/?score=491")


def test_score_check_on_all_draws_shares_the_category_with_the_filters(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("draws/?score=478&category=cec"))
        page.wait_for_selector("[data-draws]:not([hidden])")
        assert page.input_value("[data-draws] select[name='category']") == "cec"
        assert score_lines(page)[1] == "CEC: latest cut-off 518 (#446, September 29, 2026), 40 points short."
        assert page.eval_on_selector_all("table.draws tbody tr.missed", "rows => rows.length") > 0
        page.select_option("[data-draws] select[name='category']", "stem")  # the filter moves the score check
        assert page.input_value("[data-score-check] select") == "stem"
        assert page.url.endswith("/draws/?score=478&category=stem")
        page.select_option("[data-score-check] select", "trades")  # and the score check moves the filter
        expect(page.locator(".filter-summary")).to_contain_text("7 draws")
        assert page.input_value("[data-draws] select[name='category']") == "trades"
        assert set(column(page, 3)) == {"Trades"}
        assert page.url.endswith("/draws/?score=478&category=trades")


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


def test_a_phone_screenshot_of_the_score_check(browser, served_site, tmp_path):
    """Set SCREENSHOTS_DIR=docs/screenshots to refresh docs/screenshots/home-score-phone.png."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with open_page(browser, viewport=PHONE_390, device_scale_factor=1) as page:
        page.goto(served_site.url("?score=478&category=cec"))
        page.wait_for_selector("[data-score-check] .score-window")
        page.eval_on_selector("[data-score-check]", "box => box.scrollIntoView()")
        page.screenshot(path=str(folder / "home-score-phone.png"))
        assert horizontal_overflow(page) == 0


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
        links = result_links(page)
        assert page.url.endswith("/search/?q=254")
        assert links[0] == "/draws/254/"


@pytest.mark.parametrize("query, expected", [
    ("254", "/draws/254/"),
    ("21231", "/occupations/noc/21231/"),
    ("software engineers", "/occupations/noc/21231/"),
    ("STEM", "/categories/stem/"),
])
def test_a_query_in_the_address_finds_its_page_first(browser, served_site, query, expected):
    with open_page(browser) as page:
        page.goto(served_site.url(f"search/?q={query}"))
        links = result_links(page)
        assert links[0] == expected, links
        lines = page.inner_text(".search-results")
        assert "RoundDate" not in lines and "InvitationsCRS" not in lines


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
        links = result_links(page)
        assert links[0] == expected, links
        assert all(link.startswith("/fr/") for link in links)


def test_the_scripts_speak_french_on_french_pages(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("fr/categories/stem/"))
        page.fill("[data-score-check] input", "485")
        assert history_lines(page) == [
            "485 aurait franchi 1 des 3 tirages STIM\u202f; la dernière fois, c’était au nº\u00a0274 le "
            "8 décembre 2023 (seuil de 481)."]
        page.fill("[data-score-check] input", "48.5")
        assert page.inner_text("[data-score-check] .score-result") == "Entrez un nombre entier de 0 à 1200."
        page.goto(served_site.url("fr/tirages/?category=stem"))
        page.wait_for_selector("[data-draws]:not([hidden])")
        assert page.inner_text(".filter-summary") == "3 tirages, 10\u00a0900 invitations, seuils de 481 à 491."
        assert page.eval_on_selector_all("table.draws tbody td:first-child a", "as => as.map(a => a.textContent)") \
            == ["nº\u00a0293", "nº\u00a0274", "nº\u00a0254"]
        page.goto(served_site.url("fr/"))
        assert "il y a" in page.inner_text(".freshness") or "hier" in page.inner_text(".freshness")


def test_search_finds_peoples_words_in_every_shard_of_the_index(browser, tmp_path, monkeypatch):
    """With a shard of records per 100 rounds, the real archive's words are in two English shards (round 1's
    and 252 to 274's); each language's search page merges them, so a word from either is found, and a
    French page finds the English words it shows, with its own page as the result."""
    monkeypatch.setattr(urls, "SHARD_ROUNDS", 100)
    target = tmp_path / "site"
    build_site(REPO, load_config(REPO)[0].with_overrides(BASE_URL, "/"), target)
    assert {p.name for p in (target / "pagefind").iterdir()} == {"en", "en-0", "en-2", "fr"}
    pages = [p for p in target.rglob("*.html") if "pagefind" not in p.parts]
    for stem, label in (("quick", "1"), ("ottawa", "274")):  # words whose stems only the round's pages hold
        found = {p.parent.relative_to(target).as_posix() + "/" for p in pages
                 if re.search(rf"\b{stem}", p.read_text(), re.IGNORECASE)}
        assert found == {f"draws/{label}/", f"fr/tirages/{label}/"}
    with serve(target) as site, open_page(browser) as page:
        for query, expected in (("quickly", "/draws/1/"), ("Ottawa", "/draws/274/")):
            page.goto(site.url(f"search/?q={query}"))
            assert result_links(page)[0] == expected
            page.goto(site.url(f"fr/recherche/?q={query}"))
            assert result_links(page)[0] == "/fr" + expected.replace("/draws/", "/tirages/")


@pytest.mark.parametrize("lang, address, numbers", [
    ("en", "draws/?category=cec&year=2026", lambda n: f"{n:,}"),
    ("fr", "fr/tirages/?category=cec&year=2026", lambda n: f"{n:,}".replace(",", "\u00a0")),
])
def test_a_filter_summary_says_what_unconfirmed_rounds_add(browser, served_site, lang, address, numbers):
    """Worked out again from the served data/draws.json: CEC in 2026 holds unconfirmed rounds."""
    rows = [r for r in json.loads((served_site.root / "data/draws.json").read_text())["draws"]
            if r["category"] == "cec" and r["date"].startswith("2026")]
    unconfirmed = sum(r["invitations"] for r in rows if r["status"] == "reported")
    assert unconfirmed
    total, low, high = sum(r["invitations"] for r in rows), min(r["crs"] for r in rows), max(r["crs"] for r in rows)
    expected = {
        "en": f"{len(rows)} draws, {numbers(total)} invitations, cut-offs from {low} to {high}. "
              f"Of the invitations, {numbers(unconfirmed)} are in unconfirmed rounds.",
        "fr": f"{len(rows)} tirages, {numbers(total)} invitations, seuils de {low} à {high}. "
              f"Des invitations, {numbers(unconfirmed)} sont dans des rondes non confirmées.",
    }[lang]
    with open_page(browser) as page:
        page.goto(served_site.url(address))
        page.wait_for_selector("[data-draws]:not([hidden])")
        assert page.inner_text(".filter-summary") == expected


@pytest.mark.parametrize("path", ["", "fr/"])
def test_the_score_check_is_reached_from_a_phones_first_screen(browser, served_site, path):
    with open_page(browser, viewport=PHONE_390, device_scale_factor=1) as page:
        page.goto(served_site.url(path))
        jump = page.locator("[data-score-jump] a")
        jump.wait_for(state="visible")
        assert jump.bounding_box()["y"] + jump.bounding_box()["height"] <= PHONE_390["height"]
        assert page.locator("#score-heading").bounding_box()["y"] > PHONE_390["height"]  # it starts far below
        jump.click()
        page.wait_for_function("document.querySelector('#score-heading').getBoundingClientRect().top < 100")
        page.locator("[data-score-check] input").fill("478")
        assert score_lines(page)[1].startswith(("Trades: latest cut-off 476", "Métiers\u00a0: dernier seuil 476"))
