"""static/charts.js in a real browser: each chart is one keyboard stop whose arrow keys, and the mouse,
show every value in a tooltip, announced through a live region; without JavaScript nothing changes.

The pages are written here from the charts' own output, with the site's stylesheet and script: one
in English, and one whose words are marked «…» by a stand-in catalog, with French numbers and dates.
"""
from __future__ import annotations

import os
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_support import REPO, horizontal_overflow, open_page, require_module, serve

from drawarchive.languages.texts import Texts
from drawarchive.model import DrawRow, RoundNumber
from drawarchive.render.bars import bar_chart
from drawarchive.render.charts import cutoff_chart, pool_size_chart

PHONE = {"width": 360, "height": 780}
GENERAL = [DrawRow(round=RoundNumber(n), date=date(2023, 1, 4) + timedelta(days=14 * n), category="general",
                   invitations=3000, crs=480 + n % 7 * 3) for n in range(1, 11)]
CEC = [DrawRow(round=RoundNumber(n), date=date(2023, 1, 11) + timedelta(days=21 * (n - 20)), category="cec",
               invitations=1500, crs=520 - n % 5) for n in range(20, 26)]
YEARS = [("2024", 98_903), ("2025", 113_998), ("2026", 98_765)]
POOLS = [(str(n), date(2022, 1, 5) + timedelta(days=30 * n), 200_000 + 1_000 * n, 5_000 + 100 * n, 50_000)
         for n in range(12)]


def tips(chart) -> list[str]:
    return [t.replace("&#39;", "'") for t in re.findall(r'data-tip="([^"]*)"', str(chart))]


CUTOFFS = cutoff_chart([("General", GENERAL), ("CEC", CEC)], "cut", "Cut-offs")
BARS = bar_chart(YEARS, "years", "Invitations per year", horizontal=False, value_axis="Invitations",
                 partial={"2026": "to October 1"})
POOL = pool_size_chart(POOLS, "pool", "The pool")
BANDS = bar_chart([("601–1200", 9_000), ("501–600", 40), ("451–500", 9_500)], "bands", "Candidates by score",
                  value_axis="Candidates")


class Marked(Texts):
    """French numbers and dates, and every phrase marked «…», so that the page shows where its words came from."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return f"«{singular if count == 1 else plural}»"


MARKED = Marked("fr")
FRENCH_CUTOFFS = cutoff_chart([("Général", GENERAL), ("PEC", CEC)], "cut", "Seuils", t=MARKED)
FRENCH_BARS = bar_chart(YEARS, "years", "Invitations par année", horizontal=False,
                        value_axis=MARKED.gettext("Invitations"), partial={"2026": "au 1er octobre"}, t=MARKED)


def document(lang: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Charts</title>'
            '<link rel="icon" href="data:,">'
            f'<link rel="stylesheet" href="style.css"><script src="charts.js" defer></script></head>{body}</html>')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("charts")
    shutil.copy(REPO / "static" / "style.css", root / "style.css")
    shutil.copy(REPO / "static" / "charts.js", root / "charts.js")
    (root / "index.html").write_text(document("en", (
        f'<body><main><h1>Charts</h1><h2>Cut-offs</h2>{CUTOFFS}<h2>Per year</h2>{BARS}'
        f"<h2>The pool</h2>{POOL}<h2>Bands</h2>{BANDS}</main></body>")), encoding="utf-8")
    (root / "fr.html").write_text(document("fr", (
        f"<body><main><h1>Graphiques</h1><h2>Seuils</h2>{FRENCH_CUTOFFS}<h2>Par année</h2>{FRENCH_BARS}"
        "</main></body>")), encoding="utf-8")
    with serve(root) as served:
        yield served
    assert not served.errors


def state(page, chart: int = 0) -> dict:
    """What a reader sees and hears of one chart: focus, tooltip, live text, highlight."""
    return page.evaluate("""n => {
        const box = document.querySelectorAll('.chart')[n], svg = box.querySelector('svg');
        const tip = box.querySelector('.chart-tip'), live = box.querySelector('.chart-live');
        const spot = svg.querySelector('.spot'), on = svg.querySelector('.on');
        return {focused: document.activeElement === svg, tabindex: svg.getAttribute('tabindex'),
                tip: tip && !tip.hidden ? tip.textContent : null, live: live ? live.textContent : null,
                spot: spot ? spot.getAttribute('d') : null, on: on ? on.getAttribute('data-tip') : null,
                tipBox: tip && !tip.hidden ? tip.getBoundingClientRect().toJSON() : null,
                box: box.getBoundingClientRect().toJSON()};
    }""", chart)


def anchor_spot(chart, index: int) -> str:
    """The highlight's path at a point: the anchor's own coordinates."""
    d = re.findall(r'<path d="M([\d.]+ [\d.]+)" data-tip=', str(chart))[index]
    return f"M{d}h0"


def screen_point(page, chart: int, selector: str, index: int) -> tuple[float, float]:
    """Where a mark is on screen (its chart scrolled into view), for the mouse."""
    return tuple(page.evaluate("""([n, sel, i]) => {
        const svg = document.querySelectorAll('.chart svg')[n], mark = svg.querySelectorAll(sel)[i];
        svg.scrollIntoView({block: 'center'});
        let x, y;
        if (mark.tagName === 'rect') {
            x = +mark.getAttribute('x') + mark.getAttribute('width') / 2; y = +mark.getAttribute('y') + 5;
        } else { [x, y] = mark.getAttribute('d').slice(1).split(' ').map(Number); }
        const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM());
        return [p.x, p.y];
    }""", [chart, selector, index]))


def test_tab_focuses_a_chart_and_arrow_keys_read_its_points(browser, site):
    general, cec = tips(CUTOFFS)[:len(GENERAL)], tips(CUTOFFS)[len(GENERAL):]
    with open_page(browser) as page:
        page.goto(site.url("index.html"))
        assert state(page)["tabindex"] == "0"
        page.keyboard.press("Tab")
        now = state(page)
        assert now["focused"]
        assert now["tip"] == now["live"] == general[0] == "General · #1 · January 18, 2023 · CRS 483"
        assert now["spot"] == anchor_spot(CUTOFFS, 0)
        page.keyboard.press("ArrowRight")
        now = state(page)
        assert now["tip"] == now["live"] == general[1]
        assert now["spot"] == anchor_spot(CUTOFFS, 1)
        page.keyboard.press("End")
        assert state(page)["live"] == general[-1]
        page.keyboard.press("ArrowRight")  # the last point stays the last
        assert state(page)["live"] == general[-1]
        page.keyboard.press("ArrowDown")  # to the next line, at the nearest date
        now = state(page)
        assert now["live"] == cec[-1] and now["live"].startswith("CEC · ")
        assert now["spot"] == anchor_spot(CUTOFFS, len(GENERAL) + len(CEC) - 1)
        page.keyboard.press("Home")
        assert state(page)["live"] == cec[0]
        page.keyboard.press("ArrowUp")
        assert state(page)["live"].startswith("General · ")
        page.keyboard.press("Escape")
        assert state(page)["tip"] is None and state(page)["spot"] is None
        page.keyboard.press("ArrowLeft")
        assert state(page)["tip"] is not None
        page.keyboard.press("Tab")  # on to the table's summary: the tooltip goes
        now = state(page)
        assert not now["focused"] and now["tip"] is None


def test_the_chart_has_a_name_and_says_how_to_use_it(browser, site):
    with open_page(browser) as page:
        page.goto(site.url("index.html"))
        described = page.evaluate("""() => {
            const svg = document.querySelector('.chart svg');
            return svg.getAttribute('aria-describedby').split(' ')
                .map(id => document.getElementById(id).textContent);
        }""")
        assert described[0].startswith("CRS cut-off score by draw date.")
        assert "Arrow keys" in described[1]
        assert page.evaluate("document.querySelector('.chart-live').getAttribute('aria-live')") == "polite"
        assert page.evaluate("document.querySelector('.chart-tip').getAttribute('aria-hidden')") == "true"
        assert page.locator("svg[tabindex='0']").count() == 4  # one stop per chart, not per point


def test_the_words_a_french_page_hears_are_the_pages_own(browser, site):
    """The key hint is the chart's data-keys, through gettext; tips are read as written, French numbers and all."""
    with open_page(browser) as page:
        page.goto(site.url("fr.html"))
        described = page.evaluate("""() => document.querySelector('.chart svg').getAttribute('aria-describedby')
            .split(' ').map(id => document.getElementById(id).textContent)""")
        assert described[1] == "«Arrow keys, Home and End read each value.»"
        assert described[0].startswith("«CRS cut-off score by draw date.»")
        page.keyboard.press("Tab")
        now = state(page)
        assert now["live"] == now["tip"] == tips(FRENCH_CUTOFFS)[0] == "«Général · «#1» · 18 janvier 2023 · CRS 483»"
        page.locator(".chart svg").nth(1).focus()
        page.keyboard.press("End")
        assert state(page, 1)["live"] == "««2026 (au 1er octobre)» · «98\N{NO-BREAK SPACE}765 invitations»»"


def test_the_script_has_no_words_of_its_own():
    """Whatever a reader sees or hears comes from the page, in its language: the script holds no prose."""
    script = (REPO / "static" / "charts.js").read_text()
    code = re.sub(r"^\s*//.*$|\s+//.*$", "", script, flags=re.MULTILINE)
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', code)
    texts = [a or b for a, b in literals if not (a or b).startswith((".", "[", "http"))]  # selectors, namespaces
    prose = [text for text in texts if re.search(r"[A-Za-z]{2,}[ ,.]+[A-Za-z]{2,}", text)]
    assert prose == []
    assert 'getAttribute("data-keys")' in code


def test_hovering_shows_the_nearest_points_value(browser, site):
    general = tips(CUTOFFS)
    with open_page(browser) as page:
        page.goto(site.url("index.html"))
        x, y = screen_point(page, 0, "[data-tip]", 4)
        page.mouse.move(x + 2, y - 3)
        now = state(page)
        assert now["tip"] == general[4] and now["spot"] == anchor_spot(CUTOFFS, 4)
        assert now["live"] == ""  # the mouse is not announced: it would chatter
        x, y = screen_point(page, 0, "[data-tip]", len(GENERAL) + 2)  # a point of the second line
        page.mouse.move(x, y + 2)
        assert state(page)["tip"] == general[len(GENERAL) + 2]
        page.mouse.move(1, 1)
        assert state(page)["tip"] is None


def test_bars_are_highlighted_by_hover_and_keys(browser, site):
    years = tips(BARS)
    assert years[2] == "2026 (to October 1) · 98,765 invitations"
    with open_page(browser) as page:
        page.goto(site.url("index.html"))
        x, y = screen_point(page, 1, "rect", 2)
        page.mouse.move(x, y - 40)  # above a bar's top still finds its column
        now = state(page, 1)
        assert now["tip"] == now["on"] == years[2] and now["live"] == ""
        page.mouse.move(1, 1)
        page.locator(".chart svg").nth(1).focus()  # the keys go on from the bar last pointed at
        assert state(page, 1)["live"] == years[2]
        page.keyboard.press("ArrowLeft")
        now = state(page, 1)
        assert now["on"] == now["tip"] == now["live"] == years[1]
        assert page.evaluate("getComputedStyle(document.querySelector('.chart rect.on')).fill") != \
            page.evaluate("getComputedStyle(document.querySelector('.chart rect:not(.on)')).fill")


def test_hovering_a_row_of_horizontal_bars_picks_that_row(browser, site):
    with open_page(browser) as page:
        page.goto(site.url("index.html"))
        _, y = screen_point(page, 3, "rect", 2)
        left = page.evaluate("document.querySelectorAll('.chart svg')[3].getBoundingClientRect().left")
        page.mouse.move(left + 5, y + 4)  # on the row's label, nearer the short bar's end above it than its own
        assert state(page, 3)["tip"] == "451–500 · 9,500 candidates"


def test_the_pool_chart_draws_a_guide_through_both_plots(browser, site):
    pool = tips(POOL)
    with open_page(browser) as page:
        page.goto(site.url("index.html"))
        x, y = screen_point(page, 2, "[data-tip]", 7)
        page.mouse.move(x, y + 150)  # down in the shares' plot, at the same date
        assert state(page, 2)["tip"] == pool[7]
        guide = page.evaluate("document.querySelectorAll('.chart svg')[2].querySelector('.guide').getAttribute('d')")
        top, bottom = page.evaluate("document.querySelectorAll('.chart svg')[2].dataset.guide").split()
        assert guide == f"{anchor_spot(POOL, 7).split()[0]} {top}V{bottom}"


def test_the_tooltip_stays_inside_the_chart_on_a_phone(browser, site):
    with open_page(browser, viewport=PHONE) as page:
        page.goto(site.url("index.html"))
        for chart in range(4):
            page.locator(".chart svg").nth(chart).focus()
            for key in ("Home", "End"):
                page.keyboard.press(key)
                now = state(page, chart)
                assert now["tipBox"]["left"] >= now["box"]["left"] - 0.5
                assert now["tipBox"]["right"] <= now["box"]["right"] + 0.5
        assert horizontal_overflow(page) == 0


def test_without_javascript_the_charts_are_pictures_with_tables(browser, site):
    with open_page(browser, java_script_enabled=False) as page:
        page.goto(site.url("index.html"))
        assert page.locator(".chart svg[role='img']").count() == 4
        assert page.locator("svg[tabindex]").count() == 0 and page.locator(".chart-tip").count() == 0
        page.click("summary >> nth=1")
        assert page.locator("table").nth(1).is_visible()
        assert page.locator("table").nth(1).locator("tbody th").last.inner_text() == "2026 (to October 1)"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_focused_chart_has_no_axe_violations(browser, site, scheme):
    require_module("axe_playwright_python", "axe-playwright-python")
    from axe_playwright_python.sync_playwright import Axe

    with open_page(browser, color_scheme=scheme) as page:
        page.context.add_init_script(script=Axe().axe_script)
        page.goto(site.url("index.html"))
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowRight")
        assert state(page)["tip"]
        results = page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"]})
        assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in results["violations"]] == []


def test_the_script_is_small():
    script = (REPO / "static" / "charts.js").read_text()
    code = re.sub(r"^\s*//.*$|\s+//.*$", "", script, flags=re.MULTILINE)  # comments out
    code = re.sub(r" ?([{}()\[\];,:=+\-*/<>?|&!]) ?", r"\1", re.sub(r"\s+", " ", code))  # spaces out
    # That is 3.5 kB; terser -c -m, which also shortens names, makes it 2.9 kB (1.3 kB gzipped).
    assert len(code.encode()) < 3_600, len(code.encode())


# The real /categories/cec/ on a phone: its recent window first, all years one tap away.

PHONE_390 = {"width": 390, "height": 844}


def plot_end(page) -> dict:
    """The first chart's plotted points and the right end of its plot, in screen pixels."""
    return page.evaluate("""() => {
        const svg = document.querySelector('.chart svg');
        svg.scrollIntoView({block: 'center'});
        const m = svg.getScreenCTM();
        const at = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; };
        const base = [...svg.querySelectorAll('path.axis')].map(p => p.getAttribute('d'))
            .find(d => /^M[\\d.]+ [\\d.]+H[\\d.]+$/.test(d)).slice(1).split(/[ H]/).map(Number);
        const points = [...svg.querySelectorAll('path[data-tip]')]
            .map(p => at(...p.getAttribute('d').slice(1).split(' ').map(Number))[0]);
        return {right: at(base[2], base[1])[0], middle: at(base[0], base[1] / 2)[1], points: points,
                tips: [...svg.querySelectorAll('path[data-tip]')].map(p => p.getAttribute('data-tip'))};
    }""")


def test_a_tap_at_the_right_end_of_the_line_picks_the_latest_round(browser, served_site):
    """A fingertip lands a few pixels off: the latest points must be that far apart, and a tap at the
    plot's right end, anywhere in its last 7 px, reads the latest round (not #420, as it did)."""
    with open_page(browser, viewport=PHONE_390, has_touch=True, is_mobile=True) as page:
        page.goto(served_site.url("categories/cec/"))
        end = plot_end(page)
        assert end["tips"][-1].startswith("#446 · ")
        assert end["points"][-1] - end["points"][-2] >= 5  # was about 1 px: all of 2026 in a few pixels
        for inset in (1, 4, 7):
            page.touchscreen.tap(end["right"] - inset, end["middle"])
            assert state(page)["tip"] == end["tips"][-1], inset


def test_all_years_are_one_step_away_without_javascript(browser, served_site):
    with open_page(browser, viewport=PHONE_390, java_script_enabled=False) as page:
        page.goto(served_site.url("categories/cec/"))
        everything = page.locator("details.chart-more .chart svg")
        assert not everything.is_visible()
        page.click("details.chart-more > summary")
        assert everything.is_visible()
        assert everything.locator("path[data-tip]").first.get_attribute("data-tip").startswith("#3 · February 20, 2015")
        assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_cec_charts_have_no_axe_violations(browser, served_site, scheme):
    require_module("axe_playwright_python", "axe-playwright-python")
    from axe_playwright_python.sync_playwright import Axe

    with open_page(browser, color_scheme=scheme, viewport=PHONE_390) as page:
        page.context.add_init_script(script=Axe().axe_script)
        page.goto(served_site.url("categories/cec/"))
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.locator(".chart svg").first.focus()
        page.keyboard.press("End")
        assert state(page)["tip"].startswith("#446 · ")
        results = page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"]})
        assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in results["violations"]] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_screenshot_of_the_cec_charts(browser, served_site, tmp_path, scheme):
    """Set SCREENSHOTS_DIR=docs/screenshots to refresh docs/screenshots/category-cec-phone(-dark).png."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with open_page(browser, color_scheme=scheme, viewport=PHONE_390, device_scale_factor=1) as page:
        page.goto(served_site.url("categories/cec/"))
        page.eval_on_selector("dl.facts div:nth-child(4)", "card => card.scrollIntoView()")
        name = "category-cec-phone" + ("-dark" if scheme == "dark" else "")
        page.screenshot(path=str(folder / f"{name}.png"))
        assert horizontal_overflow(page) == 0
