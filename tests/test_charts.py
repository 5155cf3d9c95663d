"""The inline SVG charts: well-formed, accessible, honest in scale, escaped, deterministic and small.

Figures are read back from the drawn SVG (tick labels give each axis's scale) and compared with the
input, the tooltips (data-tip) and the charts' tables.
"""
from __future__ import annotations

import functools
import gzip
import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from itertools import combinations, pairwise

import pytest
from babel.messages.extract import extract_from_file
from conftest import REPO
from lxml import etree
from markupsafe import Markup
from sitecheck import parse

from drawarchive.languages.texts import ENGLISH, Texts
from drawarchive.model import Draw, DrawRow, RoundNumber
from drawarchive.model.views import months_before
from drawarchive.render.bars import bar_chart, per_year_chart
from drawarchive.render.charts import comparison_chart, cutoff_chart, pool_size_chart
from drawarchive.render.svg import EM, FONT_WIDE, WIDTH
from drawarchive.render.timeaxis import MAX_TIPS, nice_range, spread

FRENCH = Texts("fr")

CHART_CSS = (REPO / "static" / "style.css").read_text()

SVG = "{http://www.w3.org/2000/svg}"
NS = {"s": "http://www.w3.org/2000/svg"}
ROUND = {1, 2, 2.5, 5}  # tick steps are these times a power of ten


@pytest.fixture(scope="module")
def archive(real_archive):
    return real_archive


def draw(number: int, day: date, crs: int, category: str = "general") -> Draw:
    return Draw(round=RoundNumber(number), date=day, time=datetime(day.year, day.month, day.day, 12),
                category=category, invitations=1000, crs=crs, programs=("FSW",), source="https://example.org")


def row(number: int, day: date, crs: int, status: str = "official") -> DrawRow:
    return DrawRow(round=RoundNumber(number), date=day, category="general", invitations=1000, crs=crs, status=status)


def root_of(chart: Markup) -> etree._Element:
    root = etree.fromstring(str(chart))
    assert root.tag == "div" and root.get("class") == "chart"
    return root


def svg_of(chart: Markup) -> etree._Element:
    return root_of(chart).find(f"{SVG}svg")


def points(polyline: etree._Element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polyline.get("points").split()]


def anchors(svg: etree._Element) -> list[tuple[float, float, str]]:
    """Every point's tooltip anchor: (x, y, tip)."""
    found = []
    for path in svg.iterfind(".//s:path[@data-tip]", NS):
        x, y = path.get("d").removeprefix("M").split(" ")
        found.append((float(x), float(y), path.get("data-tip")))
    return found


def dots(svg: etree._Element) -> list[tuple[float, float]]:
    found = []
    for path in svg.iterfind(".//s:path[@class='dot']", NS):
        found += [(float(x), float(y)) for x, y in re.findall(r"M([\d.]+) ([\d.]+)h0", path.get("d"))]
    return found


def y_ticks(svg: etree._Element, suffix: str = "") -> list[tuple[float, float]]:
    """(value, y) of the value axis's tick labels, read from the SVG; `suffix` picks an axis ('%')."""
    ticks = []
    for text in svg.iterfind(".//s:text[@text-anchor='end']", NS):
        if "tick" in text.get("class") and text.text.endswith(suffix) and (suffix or not text.text.endswith("%")):
            number = re.sub(r"[,\s]", "", text.text.removesuffix(suffix))  # "300,000", "300 000" (no-break)
            ticks.append((float(number), float(text.get("y"))))
    return ticks


def value_at(ticks: list[tuple[float, float]], y: float) -> float:
    """The value a y coordinate stands for, by the axis's tick labels."""
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    return v0 + (y - y0) * (v1 - v0) / (y1 - y0)


def texts(svg: etree._Element, cls: str) -> list[str]:
    return [t.text for t in svg.iterfind(f".//s:text[@class='{cls}']", NS)]


def table_rows(chart: Markup) -> list[list[str]]:
    """The chart's table: each body row's cells (the row header first), row-group headings left out."""
    root = root_of(chart)
    table = root.find("details/div/table")
    assert root.find("details/summary").text in ("The figures", "Les chiffres")
    return [[cell.xpath("string()") for cell in tr] for tr in table.iterfind("tbody/tr")
            if tr[0].get("scope") == "row"]


def series(count: int, per_day: int = 4, seed: int = 7) -> list[DrawRow]:
    """A deterministic run of `count` draws, `per_day` a day from 2020, cut-offs wandering from 350 to 600."""
    crs, found = 470, []
    for i in range(count):
        crs = min(600, max(350, crs + (seed * (i + 3) ** 2) % 23 - 11))
        found.append(row(i + 1, date(2020, 1, 1) + timedelta(days=i // per_day), crs))
    return found


def test_every_chart_is_an_accessible_svg(archive):
    pools = [(d.label, d.date, d.pool.total, 10, 20) for d in archive.draws if d.pool]
    charts = [cutoff_chart([("STEM", archive.draws_in("stem"))], "stem", "STEM cut-offs"),
              cutoff_chart([("General", archive.draws_in("general")), ("PNP", archive.draws_in("pnp"))],
                           "home", "Cut-offs"),
              comparison_chart([("General", archive.draws_in("general")), ("CEC", archive.draws_in("cec"))],
                               "compare", "Compared", since=date(2023, 6, 1)),
              pool_size_chart(pools, "pool-size", "The pool"),
              bar_chart([("2015", 31063), ("2016", 33782)], "years", "Invitations per year"),
              bar_chart([("601–1200", 439), ("501–600", 18657)], "pool", "Pool", horizontal=False)]
    for chart in charts:
        svg = svg_of(chart)
        assert svg.get("role") == "img"
        assert svg.get("viewBox").startswith("0 0 600 ") and svg.get("width") == "100%"
        assert svg.get("height") is None
        title = svg.find(f"{SVG}title")
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == svg.find(f"{SVG}desc").get("id")
        assert title.text
        caption = root_of(chart).find("details/div/table/caption")
        assert caption.text.startswith(title.text)  # the table says which chart it belongs to
        assert root_of(chart).find("details/div").get("class") == "table-wrap"


def test_stem_has_one_line_ordered_like_its_draws(archive):
    stem = archive.draws_in("stem")
    assert len(stem) == 3
    svg = svg_of(cutoff_chart([("STEM", stem)], "stem", "STEM cut-offs"))
    lines = svg.findall(".//s:polyline", NS)
    assert len(lines) == 1
    xy = points(lines[0])
    assert len(xy) == 3
    assert [x for x, _ in xy] == sorted(x for x, _ in xy) and len({x for x, _ in xy}) == 3
    by_crs = sorted(range(3), key=lambda i: stem[i].crs)
    by_height = sorted(range(3), key=lambda i: -xy[i][1])  # a higher cut-off sits higher: smaller y
    assert by_crs == by_height
    assert svg.find(".//s:desc", NS).text.startswith("CRS cut-off score by draw date. STEM: 3 draws")
    assert not svg_of(cutoff_chart([("STEM", stem)], "stem", "t")).getparent().findall("ul")  # one series


def test_a_cutoff_axis_spans_at_least_100_points_on_round_numbers(archive):
    stem = archive.draws_in("stem")  # cut-offs 481 to 491: the old axis ran from 480 to 495
    svg = svg_of(cutoff_chart([("STEM", stem)], "stem", "STEM cut-offs"))
    ticks = y_ticks(svg)
    values = [v for v, _ in ticks]
    step = values[1] - values[0]
    assert values[-1] - values[0] >= 100
    assert step / 10 ** math.floor(math.log10(step)) in ROUND
    assert all(v % step == 0 for v in values) and len(values) in range(4, 7)
    assert values[0] <= min(d.crs for d in stem) and values[-1] >= max(d.crs for d in stem)
    # and the line sits inside that axis at its true values
    for _, y, tip in anchors(svg):
        assert value_at(ticks, y) == pytest.approx(int(tip.rsplit("CRS ", 1)[1]), abs=0.3)


@pytest.mark.parametrize("low, high, expected", [
    (481, 491, (480, 495, 5)), (75, 902, (0, 1000, 200)), (368, 368, (355, 380, 5)), (413, 886, (400, 900, 100)),
    (250_000, 281_000, (250_000, 290_000, 10_000)), (0, 281_000, (0, 300_000, 100_000)),
])
def test_nice_range(low, high, expected):
    assert nice_range(low, high) == expected


@pytest.mark.parametrize("low, high, expected", [
    (481, 491, (425, 550, 25)), (368, 368, (300, 425, 25)), (413, 886, (400, 900, 100)), (10, 30, (0, 100, 20)),
])
def test_nice_range_keeps_a_minimum_span(low, high, expected):
    start, stop, _ = result = nice_range(low, high, min_span=100)
    assert result == expected
    assert stop - start >= 100 and start <= low and stop >= high


def test_axes_are_labelled(archive):
    cut = svg_of(cutoff_chart([("STEM", archive.draws_in("stem"))], "stem", "t"))
    assert texts(cut, "axis-title") == ["CRS cut-off", "Draw date"]
    assert {"2023", "2024"} <= {t.text for t in cut.iterfind(".//s:text[@text-anchor='middle']", NS)}
    years = svg_of(bar_chart([("2015", 3), ("2016", 4)], "y", "t", horizontal=False, value_axis="Invitations"))
    assert texts(years, "axis-title") == ["Invitations"]
    pool = svg_of(bar_chart([("0–300", 3)], "p", "t", value_axis="Candidates"))
    assert texts(pool, "axis-title") == ["Candidates"]
    size = svg_of(pool_size_chart([("1", date(2022, 1, 1), 100, 10, 20)], "s", "t"))
    assert texts(size, "axis-title") == ["Candidates in the pool", "Share of the pool (%)", "Draw date"]


def test_bars_start_at_zero_and_are_proportional():
    svg = svg_of(bar_chart([("2023", 110266), ("2024", 55133), ("2025", 0)], "years", "Invitations"))
    rects = svg.findall(".//s:rect", NS)
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] / widths[1] == pytest.approx(2, rel=0.01) and widths[2] == 0
    axis_x = float(re.match(r"M([\d.]+) ", svg.find(".//s:path[@class='axis']", NS).get("d")).group(1))
    assert {float(r.get("x")) for r in rects} == {axis_x}  # every bar starts at the zero line
    values = [t.text for t in svg.findall(".//s:text[@class='value']", NS)]
    assert values == ["110,266", "55,133", "0"]
    tall = svg_of(bar_chart([("a", 3000), ("b", 1000)], "v", "Columns", horizontal=False))
    rects = tall.findall(".//s:rect", NS)
    heights = [float(r.get("height")) for r in rects]
    assert heights[0] / heights[1] == pytest.approx(3, rel=0.01)
    base = float(re.match(r"M0 ([\d.]+)H", tall.find(".//s:path[@class='axis']", NS).get("d")).group(1))
    assert {float(r.get("y")) + float(r.get("height")) for r in rects} == {base}
    assert [t.text for t in tall.findall(".//s:text[@class='value']", NS)] == ["3,000", "1,000"]


def test_a_partial_year_is_marked():
    rows = [("2024", 98_903), ("2025", 113_998), ("2026", 98_765)]
    chart = bar_chart(rows, "per-year", "Invitations issued per year", horizontal=False, value_axis="Invitations",
                      label_axis="Year", partial={"2026": "to October 1"})
    svg = svg_of(chart)
    classes = [r.get("class") for r in svg.iterfind(".//s:rect", NS)]
    assert classes == ["bar", "bar", "bar partial"]
    partial = svg.findall(".//s:rect", NS)[2]
    assert partial.get("vector-effect") == "non-scaling-stroke"  # its dashed outline stays crisp
    assert partial.get("data-tip") == "2026 (to October 1) · 98,765 invitations"
    assert [t.text for t in svg.iterfind(".//s:text", NS) if "label" in t.get("class")] == ["2024", "2025", "2026*"]
    assert root_of(chart).find("p[@class='chart-note']").text == "* Partial: 2026, to October 1."
    assert "2026 (to October 1): 98,765." in svg.find(f"{SVG}desc").text
    assert table_rows(chart)[-1] == ["2026 (to October 1)", "98,765"]
    plain = bar_chart(rows, "per-year", "t", horizontal=False)
    assert "partial" not in plain and "*" not in plain
    # a partial label that is not among the bars adds no note
    assert root_of(bar_chart(rows[:2], "y", "t", partial={"2026": "to October 1"})).find("p") is None


def test_every_point_and_bar_has_its_value_in_words(archive):
    stem = archive.rows_in("stem")
    svg = svg_of(cutoff_chart([("STEM", stem)], "stem", "t"))
    found = anchors(svg)
    assert [tip for _, _, tip in found] == [f"#{d.label} · {d.date:%B} {d.date.day}, {d.date.year} · CRS {d.crs}"
                                            for d in stem]
    assert found[0][2] == "#254 · July 5, 2023 · CRS 486"
    assert [(x, y) for x, y, _ in found] == dots(svg)  # each anchor sits on its dot
    assert svg.get("data-hover") == "x"  # one line: the mouse picks the nearest date
    several = svg_of(cutoff_chart([("General", archive.rows_in("general")), ("CEC", archive.rows_in("cec"))],
                                  "h", "t"))
    tips = [tip for _, _, tip in anchors(several)]
    assert len(tips) == len(archive.rows_in("general")) + len(archive.rows_in("cec"))
    assert tips[0].startswith("General · #1 · ") and tips[-1].startswith("CEC · #")
    assert several.get("data-hover") is None  # several lines: the nearest point in both directions
    groups = several.findall("s:g", NS)  # the script takes each group of anchors as one line
    assert [len(g.findall("s:path[@data-tip]", NS)) for g in groups] == [len(archive.rows_in("general")),
                                                                         len(archive.rows_in("cec"))]
    bars = svg_of(bar_chart([("0–300", 1), ("301–350", 2_500)], "b", "t", value_axis="Candidates"))
    assert [r.get("data-tip") for r in bars.iterfind(".//s:rect", NS)] == ["0–300 · 1 candidate",
                                                                          "301–350 · 2,500 candidates"]
    assert bars.get("data-hover") == "y"
    unnamed = svg_of(bar_chart([("a", 1_234)], "b", "t", horizontal=False))
    assert unnamed.find(".//s:rect", NS).get("data-tip") == "a · 1,234" and unnamed.get("data-hover") == "x"


UNCONFIRMED = ("Hollow dots and dashed lines mark unconfirmed rounds: reported by public sources, not yet in IRCC's "
               "data.")


def test_unconfirmed_rounds_are_hollow_dashed_and_explained():
    """A reported round (not yet in IRCC's data) is a ring, not a dot, the line to it is dashed, and the
    chart's description, note and table say what that means; an official round is drawn as before."""
    rows_ = [row(1, date(2026, 8, 4), 500), row(2, date(2026, 8, 18), 502), row(3, date(2026, 9, 1), 505, "reported"),
             row(4, date(2026, 9, 15), 503, "reported")]
    chart = cutoff_chart([("General", rows_)], "g", "General cut-offs")
    root, svg = root_of(chart), svg_of(chart)
    found = anchors(svg)
    assert found[2][2] == "#3 · September 1, 2026 · CRS 505 · unconfirmed"
    assert table_rows(chart)[2] == ["#3 (unconfirmed)", "Sep 1, 2026", "505"]
    assert dots(svg) == [(x, y) for x, y, _ in found[:2]]  # solid dots: the official rounds only
    for cls in ("dot ring", "dot hole"):  # a ring: a wide dot with a hole of the page's colour
        drawn = re.findall(r"M([\d.]+) ([\d.]+)h0", svg.find(f".//s:path[@class='{cls}']", NS).get("d"))
        assert [(float(x), float(y)) for x, y in drawn] == [(x, y) for x, y, _ in found[2:]]
    solid, dashed = svg.findall(".//s:polyline", NS)
    assert (solid.get("class"), dashed.get("class")) == ("line", "line unconfirmed")
    assert points(solid) == [(x, y) for x, y, _ in found[:2]] and points(dashed) == [(x, y) for x, y, _ in found[1:]]
    assert svg.find(f"{SVG}desc").text.endswith(" " + UNCONFIRMED)
    assert root.find("p[@class='chart-note']").text == UNCONFIRMED
    assert root.find("details/div/table/caption").text == "General cut-offs. " + UNCONFIRMED
    french = cutoff_chart([("Général", rows_)], "g", "Seuils", t=FRENCH)
    note = ("Les points creux et les traits pointillés marquent les rondes non confirmées\N{NO-BREAK SPACE}: annoncées "
            "par des sources publiques, elles ne figurent pas encore dans les données d’IRCC.")
    assert svg_of(french).find(f"{SVG}desc").text.endswith(note) and root_of(french).find("p").text == note
    assert anchors(svg_of(french))[2][2].endswith(" · non confirmée")
    assert table_rows(french)[3][0].endswith("4 (non confirmée)")
    official = cutoff_chart([("General", rows_[:2])], "g", "General cut-offs")
    assert "ring" not in official and "unconfirmed" not in official and root_of(official).find("p") is None
    assert {".dot.ring", ".dot.hole", ".line.unconfirmed"} <= set(re.findall(r"\.[a-z]+\.[a-z]+", CHART_CSS))


def test_a_year_without_draws_keeps_an_empty_labelled_slot():
    chart = per_year_chart(((2015, 30_000, 0), (2018, 20_000, 0), (2019, 1_000, 0)), date(2019, 3, 1), ENGLISH)
    svg = svg_of(chart)
    labels = [t.text for t in svg.iterfind(".//s:text", NS) if "label" in t.get("class")]
    assert labels == ["2015", "2016", "2017", "2018", "2019*"]  # not skipped
    rects = svg.findall(".//s:rect", NS)
    assert [float(r.get("height")) for r in rects][1:3] == [0, 0]
    assert [r.get("data-tip") for r in rects][1:3] == ["2016 · no draws", "2017 · no draws"]
    assert texts(svg, "value sub") == ["no draws", "no draws"]  # the slot says why it is empty
    assert table_rows(chart)[1:3] == [["2016", "no draws"], ["2017", "no draws"]]
    assert "2016: no draws; 2017: no draws" in svg.find(f"{SVG}desc").text
    french = per_year_chart(((2015, 30_000, 0), (2017, 20_000, 0)), None, FRENCH)
    assert texts(svg_of(french), "value sub") == ["aucun tirage"]
    assert table_rows(french)[1] == ["2016", "aucun tirage"]
    whole = per_year_chart(((2015, 30_000, 0), (2016, 20_000, 0)), None, ENGLISH)
    assert "no draws" not in whole


def test_a_years_figure_names_what_unconfirmed_rounds_add_and_only_the_running_year_is_partial():
    chart = per_year_chart(((2024, 3_500, 0), (2026, 55_250, 6_000)), date(2026, 10, 1), ENGLISH)
    assert table_rows(chart)[-1] == ["2026 (so far, to October 1)", "55,250 (6,000 in unconfirmed rounds)"]
    assert texts(svg_of(chart), "value") == ["3,500", "55,250"]  # the bars keep their bare figures
    finished = per_year_chart(((2023, 500, 0), (2024, 3_500, 0)), date(2026, 10, 1), ENGLISH)
    assert "Partial" not in finished and "so far" not in finished  # 2024 is over, however early it ended
    french = per_year_chart(((2026, 55_250, 6_000),), date(2026, 10, 1), FRENCH)
    assert table_rows(french) == [["2026 (jusqu’ici, au 1er octobre)", "55\u00a0250 (dont 6\u00a0000 dans des rondes "
                                   "non confirmées)"]]


def test_a_cutoff_table_has_the_charts_figures(archive):
    named = [("General", archive.rows_in("general")), ("CEC", archive.rows_in("cec"))]
    chart = cutoff_chart(named, "home", "Cut-offs")
    svg, rows = svg_of(chart), table_rows(chart)
    ticks = y_ticks(svg)
    drawn = anchors(svg)
    assert len(rows) == len(drawn) == sum(len(draws) for _, draws in named)
    for (_, y, tip), (round_, _, crs) in zip(drawn, rows, strict=True):
        assert f"{round_.split()[0]} · " in tip and f" · CRS {crs}" in tip
        assert value_at(ticks, y) == pytest.approx(int(crs), abs=0.3)  # the drawn height is the table's figure
    groups = [th.text for th in root_of(chart).iterfind(".//th[@scope='rowgroup']")]
    assert groups == ["General", "CEC"]
    assert [th.text for th in root_of(chart).iterfind(".//thead/tr/th")] == ["Round", "Date", "CRS cut-off"]
    assert rows[0] == ["#1", "Jan 31, 2015", "886"]
    one = cutoff_chart([("STEM", archive.rows_in("stem"))], "stem", "t")
    assert not root_of(one).findall(".//th[@scope='rowgroup']")  # one line: no group headings


def test_a_bar_table_has_the_charts_figures(archive):
    latest = [d for d in archive.draws if d.pool][-1]
    rows = [(band.replace("-", "–"), count) for band, count in latest.pool.bands if count is not None]
    chart = bar_chart(rows, "pool", "Pool", value_axis="Candidates", label_axis="CRS score")
    assert table_rows(chart) == [[label, f"{count:,}"] for label, count in rows]
    assert texts(svg_of(chart), "value") == [f"{count:,}" for _, count in rows]
    assert [th.text for th in root_of(chart).iterfind(".//thead/tr/th")] == ["CRS score", "Candidates"]


def test_a_table_can_be_left_to_the_page(archive):
    stem = archive.rows_in("stem")
    for chart in (cutoff_chart([("STEM", stem)], "s", "t", table=False),
                  comparison_chart([("STEM", stem)], "c", "t", table=False),
                  bar_chart([("a", 1)], "b", "t", table=False),
                  pool_size_chart([("1", date(2022, 1, 1), 100, 10, 20)], "p", "t", table=False)):
        assert root_of(chart).find("details") is None and "<table" not in chart
        assert anchors(svg_of(chart)) or svg_of(chart).find(".//s:rect[@data-tip]", NS) is not None


def test_a_single_draw_is_a_dot_and_a_long_pause_breaks_the_line():
    one = svg_of(cutoff_chart([("Military", (draw(1, date(2026, 7, 23), 368),))], "mil", "Military"))
    assert not one.findall(".//s:polyline", NS)
    assert one.find(".//s:path[@class='dot']", NS).get("d").count("M") == 1
    assert len(anchors(one)) == 1
    paused = (draw(1, date(2020, 1, 1), 470), draw(2, date(2020, 2, 1), 471), draw(3, date(2022, 7, 6), 557),
              draw(4, date(2022, 7, 20), 542))
    lines = svg_of(cutoff_chart([("General", paused)], "g", "General")).findall(".//s:polyline", NS)
    assert [len(points(line)) for line in lines] == [2, 2]


def test_several_series_get_a_legend_and_share_the_axes():
    general = (draw(1, date(2015, 1, 31), 886), draw(2, date(2015, 2, 7), 735))
    pnp = (draw(3, date(2016, 11, 30), 786, "pnp"),)
    chart = cutoff_chart([("General", general), ("Empty", ()), ("PNP", pnp)], "home", "Cut-offs")
    root = etree.fromstring(str(chart))
    assert [li.xpath("string()") for li in root.findall("ul/li")] == ["General", "PNP"]
    assert [g.get("class") for g in root.findall(".//s:g", NS)] == ["s1", "s3"]  # colours follow position
    labels = [t.text for t in root.findall(".//s:text[@class='tick']", NS)] + \
             [t.text for t in root.findall(".//s:text[@class='tick alt']", NS)]
    assert {"2015", "2016", "700", "900"} <= set(labels)  # one y axis for all: 735 to 886
    assert not root.findall(".//s:text[@class='name']", NS)  # a legend, not direct labels


def test_the_comparison_chart_names_each_line_at_its_end():
    since = date(2024, 1, 1)
    close = {"General": 482, "CEC": 480, "Healthcare": 484, "French": 410}  # three ends nearly together
    named = [(name, [row(10 * i, date(2023, 6, 1), 700), row(10 * i + 1, date(2024, 3, 1), end - 30),
                     row(10 * i + 2, date(2026, 9, 1), end)]) for i, (name, end) in enumerate(close.items())]
    chart = comparison_chart(named, "compare", "Main categories since 2024", since=since)
    root, svg = root_of(chart), svg_of(chart)
    assert root.find("ul") is None  # no legend
    groups = svg.findall("s:g", NS)
    labels = [g.find("s:text[@class='name']", NS) for g in groups]
    assert [t.text for t in labels] == list(close)
    ticks = y_ticks(svg)
    for group, label in zip(groups, labels, strict=True):
        x, y, tip = anchors(group)[-1]
        assert tip.startswith(f"{label.text} · ") and tip.endswith(f"CRS {close[label.text]}")
        assert float(label.get("x")) > x  # just right of the line's last point
        assert abs(float(label.get("y")) - y) <= 2 * FONT_WIDE  # and near it
    placed = sorted(float(t.get("y")) for t in labels[:3])
    assert all(b - a >= FONT_WIDE for a, b in pairwise(placed))  # nudged apart
    alone = labels[3]
    assert float(alone.get("y")) == anchors(groups[3])[-1][1]  # nothing near it: not nudged
    for a, b in combinations(labels, 2):
        assert abs(float(a.get("y")) - float(b.get("y"))) >= FONT_WIDE or a is alone or b is alone
    # only the period since `since`: the 2023 draws are left out, and the axis starts there
    assert all(not tip.split(" · ")[2].endswith("2023") for _, _, tip in anchors(svg))
    assert len(anchors(svg)) == 8 and len(table_rows(chart)) == 8
    assert min(value_at(ticks, y) for _, y, _ in anchors(svg)) == pytest.approx(380, abs=0.3)
    assert "since January 1, 2024." in svg.find(f"{SVG}desc").text
    assert comparison_chart(named, "c", "t", since=date(2027, 1, 1)) == Markup("")


@pytest.mark.parametrize("wanted", [[100, 101, 102], [5, 5, 5, 5], [300, 10, 150, 295], [0, 400], [50, 60, 390],
                                    [399, 395, 5]])
def test_spread_keeps_labels_apart_and_near_their_lines(wanted):
    placed = spread(wanted, 22, 0, 400)
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    ys = [placed[i] for i in order]
    assert all(b - a >= 22 - 1e-9 for a, b in pairwise(ys))  # apart, in the same order
    assert all(0 <= y <= 400 for y in placed)
    far = [i for i in range(len(wanted)) if all(abs(wanted[i] - wanted[j]) >= 44 for j in range(len(wanted)) if j != i)]
    assert all(placed[i] == wanted[i] for i in far)  # a label with room stays where it is


def test_the_pool_chart_draws_totals_and_shares_on_their_own_axes():
    pools = [("214", date(2022, 1, 19), 200_000, 10_000, 50_000),
             ("230", date(2022, 7, 6), 250_000, 2_500, 75_000),
             ("254", date(2023, 7, 5), 218_118, 13_325, 55_184),
             ("300", date(2024, 6, 19), 0, 0, 0)]  # an empty pool is left out: no share of nothing
    chart = pool_size_chart(pools, "pool-size", "The pool")
    svg = svg_of(chart)
    counts, shares = y_ticks(svg), y_ticks(svg, "%")
    assert counts[0][0] == 0 and shares[0][0] == 0  # both start at zero
    assert all(y <= counts[0][1] for _, y in counts) and max(y for _, y in counts) < min(y for _, y in shares)
    assert counts[-1][0] >= 250_000 and counts[-1][0] in {300_000, 250_000}
    lines = [points(p) for p in svg.iterfind(".//s:polyline", NS)]
    assert len(lines) == 3 and all(len(line) == 3 for line in lines)
    total, above, middle = lines
    assert [round(value_at(counts, y)) for _, y in total] == pytest.approx([200_000, 250_000, 218_118], abs=300)
    assert [value_at(shares, y) for _, y in above] == pytest.approx([5.0, 1.0, 6.1], abs=0.1)
    assert [value_at(shares, y) for _, y in middle] == pytest.approx([25.0, 30.0, 25.3], abs=0.1)
    assert texts(svg, "name") == ["Above 500", "451–500"]
    tips = [tip for _, _, tip in anchors(svg)]
    assert tips[2] == "#254 · July 5, 2023 · 218,118 candidates · 6.1% above 500 · 25.3% from 451 to 500"
    assert table_rows(chart) == [["#214", "Jan 19, 2022", "200,000", "5.0%", "25.0%"],
                                 ["#230", "Jul 6, 2022", "250,000", "1.0%", "30.0%"],
                                 ["#254", "Jul 5, 2023", "218,118", "6.1%", "25.3%"]]
    assert svg.get("data-hover") == "x" and len(svg.get("data-guide").split()) == 2
    assert pool_size_chart([], "p", "t") == Markup("")


def test_a_dense_chart_is_thinned_but_keeps_its_shape():
    dense = series(3_000)
    chart = cutoff_chart([("General", dense)], "g", "General cut-offs")
    svg = svg_of(chart)
    drawn, line = anchors(svg), points(svg.find(".//s:polyline", NS))
    assert MAX_TIPS // 2 <= len(drawn) <= MAX_TIPS + 2
    assert len(line) <= 600 and len(dots(svg)) == len(drawn)
    tips = {tip for _, _, tip in drawn}
    lowest, highest = min(dense, key=lambda d: d.crs), max(dense, key=lambda d: d.crs)
    assert any(f"#{lowest.label} · " in t for t in tips) and any(f"#{highest.label} · " in t for t in tips)
    assert drawn[0][2].startswith("#1 · ") and drawn[-1][2].startswith("#3000 · ")
    assert {(x, y) for x, y, _ in drawn} <= set(line)  # every anchor is on the line
    ticks = y_ticks(svg)
    assert min(value_at(ticks, y) for _, y in line) == pytest.approx(lowest.crs, abs=0.3)  # extremes are drawn
    assert max(value_at(ticks, y) for _, y in line) == pytest.approx(highest.crs, abs=0.3)
    rows = table_rows(chart)
    assert len(rows) == len(drawn) and [r[0] for r in rows] == [t.split(" · ")[0] for _, _, t in drawn]
    caption = root_of(chart).find("details/div/table/caption").text
    assert caption.startswith("General cut-offs. Of its 3,000 points the chart and this table show ")
    assert len(chart.encode()) < 100_000  # MAX_TIPS anchors and table rows at most
    under = series(MAX_TIPS)  # at the limit, every draw stays
    assert len(anchors(svg_of(cutoff_chart([("General", under)], "g", "t")))) == MAX_TIPS


def test_twenty_thousand_draws_do_not_explode_the_page():
    many = [(name, series(count, seed=seed)) for name, count, seed in
            (("General", 8_000, 3), ("CEC", 5_000, 5), ("PNP", 4_000, 7), ("French", 2_000, 11), ("Other", 1_000, 13))]
    chart = cutoff_chart(many, "home", "Cut-offs")
    svg = svg_of(chart)
    assert len(anchors(svg)) <= MAX_TIPS + 2 * len(many)
    assert len(chart.encode()) < 160_000 and len(gzip.compress(chart.encode())) < 40_000
    pools = [(str(i), date(2020, 1, 1) + timedelta(days=i // 4), 200_000 + i, 10_000, 50_000) for i in range(8_000)]
    assert len(pool_size_chart(pools, "p", "t").encode()) < 120_000


def test_text_is_escaped():
    name, title = "<script>alert(1)</script>", 'Cut-offs & "quotes" <b>'
    pair = (draw(1, date(2024, 1, 1), 500), draw(2, date(2024, 2, 1), 510))
    chart = cutoff_chart([(name, pair), ("Other", pair)], "x", title)
    assert "<script>" not in chart and "<b>" not in chart
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chart and "Cut-offs &amp; " in chart
    root = etree.fromstring(str(chart))
    assert root.find("ul/li").xpath("string()") == name
    assert root.find(".//s:title", NS).text == title
    assert anchors(root.find(f"{SVG}svg"))[0][2].startswith(name + " · ")
    assert root.find(".//th[@scope='rowgroup']").text == name
    compared = comparison_chart([(name, pair), ("Other", pair)], "x", title)
    assert "<script>" not in compared and texts(svg_of(compared), "name")[0] == name
    bars = bar_chart([("<i>2015</i>", 5)], "b", "<t>", partial={"<i>2015</i>": "<u>so far</u>"})
    assert "<i>" not in bars and "<t>" not in bars and "<u>" not in bars and "&lt;i&gt;2015&lt;/i&gt;" in bars


def test_ids_must_be_plain():
    for chart in (bar_chart, cutoff_chart, comparison_chart, pool_size_chart):
        with pytest.raises(ValueError):
            chart([], 'x" onload="alert(1)', "t")


def test_output_is_deterministic(archive):
    series_ = [("General", archive.draws_in("general")), ("CEC", archive.draws_in("cec"))]
    assert cutoff_chart(series_, "home", "Cut-offs") == cutoff_chart(list(series_), "home", "Cut-offs")
    assert comparison_chart(series_, "c", "t", since=date(2023, 1, 1)) == \
        comparison_chart(list(reversed(series_))[::-1], "c", "t", since=date(2023, 1, 1))
    rows = [("2015", 31063), ("2016", 33782)]
    assert bar_chart(rows, "y", "t") == bar_chart(list(rows), "y", "t")
    dense = series(2_000)
    assert cutoff_chart([("a", dense)], "d", "t") == cutoff_chart([("a", list(reversed(dense)))], "d", "t")
    for chart in (cutoff_chart(series_, "home", "Cut-offs"), cutoff_chart([("a", dense)], "d", "t")):
        svg_text = str(chart).split("<details")[0]
        assert not re.search(r"\d\.\d\d", svg_text)  # one decimal at most


def test_sub_bands_are_marked(archive):
    latest = [d for d in archive.draws if d.pool][-1]
    rows = [(band.replace("-", "–"), count) for band, count in latest.pool.bands if count is not None]
    svg = svg_of(bar_chart(rows, "pool", "Pool", sub={"491–500", "481–490"}))
    subs = [t.text for t in svg.findall(".//s:text[@class='label sub']", NS)]
    assert subs == ["491–500", "481–490"]
    assert len(svg.findall(".//s:rect[@class='bar sub']", NS)) == 2


def test_empty_input_gives_empty_markup():
    assert cutoff_chart([], "a", "t") == Markup("")
    assert cutoff_chart([("General", ())], "a", "t") == Markup("")
    assert comparison_chart([("General", ())], "a", "t") == Markup("")
    assert bar_chart([], "b", "t") == Markup("")
    assert pool_size_chart([], "p", "t") == Markup("")
    assert isinstance(bar_chart([], "b", "t"), Markup)


def test_the_home_chart_is_small(archive):
    """Every draw has a tooltip anchor now, so the budget grew from 20 kB; the table is another ~30 kB."""
    series_ = [(archive.category(s).short_name, archive.draws_in(s))
               for s in ("general", "cec", "pnp", "french", "healthcare")]
    chart = cutoff_chart(series_, "home", "CRS cut-off by category", table=False)
    assert len(svg_of(chart).findall(".//s:g", NS)) == 5
    assert len(chart.encode("utf-8")) < 50_000 and len(gzip.compress(chart.encode("utf-8"))) < 12_000
    with_table = cutoff_chart(series_, "home", "CRS cut-off by category")
    assert len(gzip.compress(with_table.encode("utf-8"))) < 16_000
    since = comparison_chart(series_, "compare", "Since June 2023", since=date(2023, 6, 1))
    assert len(since.encode("utf-8")) < 40_000


def test_the_css_styles_every_class_the_charts_use(archive):
    chart = cutoff_chart([("General", archive.draws_in("general")), ("CEC", archive.draws_in("cec"))], "h", "t")
    chart += bar_chart([("a", 1), ("b", 2)], "b", "t", sub={"b"}, value_axis="Things", partial={"b": "so far"})
    chart += comparison_chart([("General", archive.draws_in("general"))], "c", "t")
    chart += pool_size_chart([("1", date(2022, 1, 1), 100, 10, 20)], "p", "t")
    used = {c for attr in re.findall(r'class="([^"]+)"', chart) for c in attr.split()}
    # and what static/charts.js adds: the tooltip, the live region, the highlight
    used |= {"chart-tip", "chart-live", "on", "halo", "spot", "guide"}
    missing = {c for c in used - {"chart", "value", "label", "num", "table-wrap"} if f".{c}" not in CHART_CSS}
    assert not missing
    assert "prefers-color-scheme: dark" in CHART_CSS
    script = (REPO / "static" / "charts.js").read_text()
    assert all(f'"{c}"' in script for c in ("chart-tip", "chart-live", "halo", "spot", "guide"))


# ---------------------------------------------------------------------------------------------
# Words in either language: every phrase through gettext, numbers and dates through CLDR


class Marked(Texts):
    """French numbers and dates, and every phrase marked «…»: what is not marked did not come through gettext."""

    def gettext(self, message: str) -> str:
        return self.mark(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.mark(singular if count == 1 else plural)

    def mark(self, message: str) -> str:
        return f"«{message}»"


class MarkedRuns(Marked):
    """Marks each run of a msgid's own words, not its {placeholders}: so a placeholder filled with
    words that skipped gettext ("reported", "draws") stays unmarked, and is caught."""

    def mark(self, message: str) -> str:
        return "".join(part if part.startswith("{") or not part else f"«{part}»"
                       for part in re.split(r"(\{[a-z_]+\})", message))


class Recording(Texts):
    """English, noting each msgid asked for."""

    def __init__(self) -> None:
        super().__init__("en")
        object.__setattr__(self, "asked", set())

    def gettext(self, message: str) -> str:
        self.asked.add(message)
        return super().gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        self.asked.add((singular, plural))
        return super().ngettext(singular, plural, count)


# The caller's words, in the page's language: titles, series names, labels, axes, partial notes.
CALLER = ["Seuils de la catégorie", "Général", "Santé", "Bassin", "Bandes", "Années", "Choses", "Barres",
          "Année", "Note CRS", "au 1er octobre", "jusqu'ici", "Dense", "a", "b"]
DATES = [date(2022, 1, 19), date(2022, 7, 6), date(2023, 7, 5), date(2023, 7, 1), date(2024, 1, 1), date(2024, 3, 1),
         date(2026, 9, 1), date(2026, 9, 15), *(date(2020, 1, 1) + timedelta(days=n) for n in range(800))]
POOLS = [("214", date(2022, 1, 19), 200_000, 10_000, 50_000), ("230", date(2022, 7, 6), 250_000, 2_500, 75_000),
         ("254", date(2023, 7, 5), 218_118, 13_325, 55_184)]


def every_chart(t: Texts) -> list[Markup]:
    """Each chart, in each of its forms, with the caller's words from CALLER."""
    pair = [row(1, date(2024, 3, 1), 500), row(2, date(2026, 9, 15), 1_005, "reported")]
    one = [row(254, date(2023, 7, 5), 486)]
    note = {"2026": "au 1er octobre"}
    return [cutoff_chart([("Général", pair)], "a", "Seuils de la catégorie", t=t),
            cutoff_chart([("Général", pair), ("Santé", one)], "b", "Seuils de la catégorie", t=t),
            comparison_chart([("Général", pair), ("Santé", one)], "c", "Seuils de la catégorie", since=date(2024, 1, 1),
                             t=t),
            cutoff_chart([("Dense", series(MAX_TIPS * 2))], "d", "Dense", t=t),  # thinned: its caption says so
            pool_size_chart(POOLS, "e", "Bassin", t=t),
            pool_size_chart([(str(n), day, 200_000 + n, 10_000, 50_000) for n, day in enumerate(DATES[8:])], "f",
                            "Bassin", t=t),
            bar_chart([("601–1200", 1), ("501–600", 18_657)], "g", "Bandes", sub={"501–600"},
                      value_axis=t.gettext("Candidates"), label_axis="Note CRS", t=t),
            bar_chart([("2025", 113_998), ("2026", 98_765)], "h", "Années", horizontal=False,
                      value_axis=t.gettext("Invitations"), label_axis="Année", partial=note, t=t),
            bar_chart([("a", 1_234), ("b", 0)], "i", "Barres", value_axis="Choses", partial={"b": "jusqu'ici"}, t=t),
            bar_chart([("a", 1_234)], "j", "Barres", horizontal=False, t=t)]


@functools.cache
def allowed(t: Texts) -> re.Pattern[str]:
    """The caller's words, and the dates `t` writes, as whole words."""
    shown = {s for day in DATES for s in (t.date(day), t.short_date(day), t.month_day(day))}
    words = sorted(shown | set(CALLER), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")


def words_outside_gettext(text: str, t: Texts) -> str:
    """What is left of a text once the caller's words, dates and marked phrases are taken out: letters are a fault."""
    text = allowed(t).sub("", text)
    while re.search("«[^«»]*»", text):
        text = re.sub("«[^«»]*»", "", text)
    return "".join(c for c in text if unicodedata.category(c).startswith("L"))


def readable(chart: Markup) -> list[str]:
    """Every text a reader meets: text nodes, tooltips and the key hint."""
    found = []
    for element in root_of(chart).iter():
        found += [s for s in (element.text, element.tail) if s and s.strip()]
        found += [element.get(name) for name in ("data-tip", "data-keys") if element.get(name)]
    return found


@pytest.mark.parametrize("t", [Marked("fr"), MarkedRuns("fr")], ids=["marked", "marked-runs"])
def test_every_word_a_chart_writes_comes_through_gettext(t):
    for chart in every_chart(t):
        texts_ = readable(chart)
        assert texts_ and all(isinstance(s, str) for s in texts_)
        assert {s: left for s in texts_ if (left := words_outside_gettext(s, t))} == {}


def test_the_charts_own_words_are_all_marked():
    """Each kind of text the charts write, and not only its words in general, is a translated phrase."""
    t = Marked("fr")
    for chart in every_chart(t):
        root, svg = root_of(chart), svg_of(chart)
        assert "«" in svg.find(f"{SVG}desc").text
        assert svg.get("data-keys") == "«Arrow keys, Home and End read each value.»"
        assert all(tip.startswith("«") for tip in svg.xpath(".//@data-tip"))
        assert root.find("details/summary").text == "«The figures»"
        heads = [th.text for th in root.iterfind("details/div/table/thead/tr/th")]
        assert [h for h in heads if not h.startswith("«") and h not in ("Note CRS", "Année", "Choses")] == []
        titles = texts(svg, "axis-title")
        assert [h for h in titles if not h.startswith("«") and h != "Choses"] == []
        assert all(p.text.startswith(("«* Partial: ", "«Hollow dots")) for p in root.iterfind("p[@class='chart-note']"))
        for th in root.iterfind(".//tbody/tr/th[@scope='row']"):  # round numbers are "nº 254" in French
            assert th.text.startswith("«") or th.text in CALLER or re.fullmatch(r"[\d–]+", th.text)
    dense = root_of(every_chart(t)[3]).find("details/div/table/caption").text
    assert dense.startswith("«Dense. Of its 1\N{NO-BREAK SPACE}200 points the chart and this table show ")


def test_french_numbers_and_dates_in_tooltips_tables_and_axes():
    """FRENCH groups digits with a no-break space and writes its own dates, whatever the catalog says."""
    nbsp = "\N{NO-BREAK SPACE}"
    pool = pool_size_chart(POOLS, "p", "Bassin", t=FRENCH)
    tips = [tip for _, _, tip in anchors(svg_of(pool))]
    assert f"218{nbsp}118" in tips[2] and "5 juillet 2023" in tips[2] and "6,1" in tips[2] and "218,118" not in tips[2]
    assert table_rows(pool)[2][1:3] == ["5 juill. 2023", f"218{nbsp}118"]
    assert f"250{nbsp}000" in texts(svg_of(pool), "tick") and f"0{nbsp}%" in texts(svg_of(pool), "tick")
    bars = svg_of(bar_chart([("2025", 113_998), ("2026", 98_765)], "y", "t", horizontal=False, t=FRENCH))
    assert [r.get("data-tip").split(" · ")[1] for r in bars.iterfind(".//s:rect", NS)] == [f"113{nbsp}998",
                                                                                          f"98{nbsp}765"]
    assert texts(bars, "value") == [f"113{nbsp}998", f"98{nbsp}765"]
    cut = cutoff_chart([("Général", [row(254, date(2023, 7, 1), 1_005)])], "c", "t", t=FRENCH)
    assert "1er juillet 2023" in anchors(svg_of(cut))[0][2] and f"1{nbsp}005" in anchors(svg_of(cut))[0][2]
    assert "1er juillet 2023" in svg_of(cut).find(f"{SVG}desc").text
    # and no number anywhere is English: no "1,234" grouping or "12345", no "6.1" decimal point, no ISO or English date
    for chart in every_chart(FRENCH):
        english = [s for s in readable(chart) if re.search(r"\d,\d{3}|\d\.\d|\d-\d\d-|\d{5}", s)
                   or re.search(r"\b(?:January|March|July|Jul|September|Sep)\b", s)]
        assert english == []


def test_each_phrase_is_one_literal_msgid_that_pybabel_extracts():
    """The msgids asked for at run time are literals that pybabel finds whole.

    The catalog is extracted with `pybabel extract -k gettext -k ngettext:1,2 -k plural:2,3`.
    """
    keywords = {"gettext": None, "ngettext": (1, 2), "plural": (2, 3)}
    extracted = {message for source in ("render/charts.py", "render/timeaxis.py", "render/bars.py", "render/svg.py",
                                        "languages/words.py")
                 for _, message, _, _ in extract_from_file("python", str(REPO / "drawarchive" / source), keywords)}
    t = Recording()
    every_chart(t)
    assert len(t.asked) > 30
    assert t.asked - extracted == set()


def boxes(svg: etree._Element) -> list[tuple[str, float, float, float, float]]:
    """Each upright text's estimated box on a phone, where the stylesheet sets the widest font and hides "alt"."""
    found = []
    for text in svg.iterfind(".//s:text", NS):
        if text.get("transform") or "alt" in text.get("class").split():
            continue
        x, y, width = float(text.get("x")), float(text.get("y")), len(text.text) * FONT_WIDE * EM
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
        found.append((text.text, left, left + width, y - FONT_WIDE / 2, y + FONT_WIDE / 2))
    return found


@pytest.mark.parametrize("t", [ENGLISH, FRENCH, MarkedRuns("fr")], ids=["en", "fr", "marked"])
def test_labels_in_either_language_stay_on_the_chart_and_apart(t):
    for chart in every_chart(t):
        found = boxes(svg_of(chart))
        assert found
        assert [b for b in found if b[1] < -0.5 or b[2] > WIDTH + 0.5] == []
        overlapping = [(a[0], b[0]) for a, b in combinations(found, 2)
                       if a[1] < b[2] - 0.5 and b[1] < a[2] - 0.5 and a[3] < b[4] - 0.5 and b[3] < a[4] - 0.5]
        assert overlapping == []


# ---------------------------------------------------------------------------------------------
# The charts as the real site's /categories/cec/ shows them: a recent window first, all years folded


def recent_rows(archive, slug: str, months: int) -> list[DrawRow]:
    """A category's draws in the `months` up to the archive's latest draw (its "now": never the clock)."""
    now = archive.rows[-1].date
    return [r for r in archive.rows_in(slug) if r.date >= months_before(now, months)]


@pytest.fixture(scope="module")
def cec_page(built_site):
    return parse(built_site / "categories/cec/index.html")


def html_ticks(svg) -> list[float]:
    return [float(t.text.replace(",", "")) for t in svg.iterfind(".//text") if t.get("class") == "tick"
            and t.get("text-anchor") == "end"]


def test_the_cec_chart_shows_the_last_24_months_on_an_axis_that_fits_them(cec_page, archive):
    window = recent_rows(archive, "cec", 24)
    shown = cec_page.xpath("//h2[.='Cut-offs over time']/following-sibling::div[@class='chart'][1]/svg")[0]
    tips = [p.get("data-tip") for p in shown.iterfind(".//path[@data-tip]")]
    assert [tip.split(" · ")[0] for tip in tips] == [f"#{r.label}" for r in window]  # the window, and all of it
    ticks = html_ticks(shown)
    low, high = min(r.crs for r in window), max(r.crs for r in window)
    assert ticks[0] <= low and ticks[-1] >= high
    assert ticks[-1] - ticks[0] <= max(2 * (high - low), 150)  # no 0 to 1,000 for two outliers of other years
    assert ticks[0] >= 400
    folded = cec_page.xpath("//details[@class='chart-more']")[0]
    assert folded.get("open") is None
    years = f"{archive.rows_in('cec')[0].date.year} to {archive.rows_in('cec')[-1].date.year}"
    assert folded.find("summary").text_content() == f"All years, {years}"
    everything = folded.find("div[@class='chart']/svg")
    assert len(everything.xpath(".//path[@data-tip]")) == len(archive.rows_in("cec"))
    assert html_ticks(everything)[-1] >= max(r.crs for r in archive.rows_in("cec"))


def test_the_cec_cards_give_the_last_12_months_beside_all_time(cec_page, archive, built_site):
    year = [r for r in archive.rows_in("cec") if r.date > months_before(archive.rows[-1].date, 12)]
    lowest, highest = min(year, key=lambda r: (r.crs, r.sort_key)), max(year, key=lambda r: (r.crs, r.sort_key))
    cards = {div.find("dt").text_content(): div.find("dd") for div in cec_page.xpath("//dl[@class='facts']/div")}
    recent = cards["Cut-offs, last 12 months"]
    assert recent.text_content() == f"{lowest.crs} to {highest.crs} ({len(year)} draws)"
    assert [a.get("href") for a in recent.iter("a")] == [f"/draws/{lowest.label}/", f"/draws/{highest.label}/"]
    assert cards["Lowest cut-off"].find("a").text == str(min(r.crs for r in archive.rows_in("cec")))
    french = parse(built_site / "fr/categories/cec/index.html")
    cards = {div.find("dt").text_content(): div.find("dd") for div in french.xpath("//dl[@class='facts']/div")}
    assert cards["Seuils des 12 derniers mois"].text_content() == \
        f"de {lowest.crs} à {highest.crs} ({len(year)} tirages)"


def test_the_cec_years_without_draws_are_empty_labelled_slots(cec_page, archive):
    chart = cec_page.xpath("//svg[title[.='CEC invitations per year']]")[0]
    labels = [t.text.rstrip("*") for t in chart.iterfind(".//text") if t.get("class", "").startswith("label")]
    drawn = sorted({r.date.year for r in archive.rows_in("cec")})
    assert labels == [str(y) for y in range(drawn[0], drawn[-1] + 1)]
    empty = [y for y in range(drawn[0], drawn[-1] + 1) if y not in drawn]
    assert empty and [r.get("data-tip") for r in chart.iterfind(".//rect") if r.get("height") == "0"] == [
        f"{y} · no draws" for y in empty]
