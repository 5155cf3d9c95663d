"""The reader's features in a real browser: the score check, search, and phone-width layouts."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import horizontal_overflow, open_page

PHONE = {"width": 360, "height": 780}
SCREENSHOTS = {"home": "", "draw-254": "draws/254/", "category-stem": "categories/stem/",
               "occupations-stem": "occupations/stem/"}


def cleared(page) -> list[str]:
    return page.eval_on_selector_all("tr.cleared", "rows => rows.map(r => r.dataset.draw)")


def test_score_check_marks_the_draws_a_score_clears(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("categories/stem/"))
        page.fill("[data-score-check] input", "485")
        assert page.inner_text("[data-score-check] output") == (
            "A score of 485 would have cleared 1 of the 3 STEM draws. It misses the latest cut-off, 491 "
            "(#293, April 11, 2024), by 6 points. The most recent draw it clears is #274 (December 8, 2023, "
            "CRS 481).")
        assert cleared(page) == ["274"]
        page.fill("[data-score-check] input", "491")
        assert "It beats the latest cut-off, 491 (#293, April 11, 2024), by 0 points." in \
            page.inner_text("[data-score-check] output")
        assert sorted(cleared(page)) == ["254", "274", "293"]


def test_score_check_on_the_home_page_follows_the_chosen_category(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url(""))
        page.select_option("[data-score-check] select", "cec")
        page.fill("[data-score-check] input", "520")
        result = page.inner_text("[data-score-check] output")
        assert result.startswith("A score of 520 would have cleared 50 of the 70 CEC draws. It beats the latest "
                                 "cut-off, 518 (#446, September 29, 2026), by 2 points.")
        assert "446" in cleared(page) and "443" in cleared(page)  # rows in the recent-draws table
        assert "439" not in cleared(page)
        assert page.eval_on_selector("tr[data-draw='439']", "r => r.classList.contains('missed')")


def test_without_javascript_the_page_shows_everything_else(browser, served_site):
    with open_page(browser, java_script_enabled=False) as page:
        page.goto(served_site.url("categories/stem/"))
        assert not page.is_visible("[data-score-check]")
        assert page.locator("table.draws tbody tr").count() == 3
        assert page.locator(".chart svg[role='img']").count() == 1


@pytest.mark.parametrize("query, expected", [
    ("254", "/draws/254/"),
    ("21231", "/occupations/noc/21231/"),
    ("software engineers", "/occupations/noc/21231/"),
    ("STEM", "/categories/stem/"),
])
def test_search_finds_draws_categories_and_occupations(browser, served_site, query, expected):
    with open_page(browser) as page:
        page.goto(served_site.url("search/"))
        page.fill(".pagefind-ui__search-input", query)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
        links = page.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.getAttribute('href'))")
        assert expected in links[:5], links


@pytest.mark.parametrize("name", SCREENSHOTS)
def test_phone_layouts_do_not_scroll_sideways(browser, served_site, tmp_path, name):
    """Set SCREENSHOTS_DIR=docs/screenshots to refresh the README's pictures."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with open_page(browser, viewport=PHONE, device_scale_factor=1) as page:
        page.goto(served_site.url(SCREENSHOTS[name]))
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
