"""The inline SVG charts: well-formed, accessible, escaped, deterministic and small."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from conftest import REPO
from lxml import etree
from markupsafe import Markup

from drawarchive.charts import bar_chart, cutoff_chart, nice_range
from drawarchive.model import Draw, RoundNumber

CHART_CSS = (REPO / "static" / "style.css").read_text()

SVG = "{http://www.w3.org/2000/svg}"
NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def archive(real_archive):
    return real_archive


def draw(number: int, day: date, crs: int, category: str = "general") -> Draw:
    return Draw(RoundNumber(number), day, datetime(day.year, day.month, day.day, 12), "", category, None,
                1000, crs, None, ("FSW",), "https://example.org")


def svg_of(chart: Markup) -> etree._Element:
    root = etree.fromstring(str(chart))
    assert root.tag == "div" and root.get("class") == "chart"
    return root.find(f"{SVG}svg")


def points(polyline: etree._Element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polyline.get("points").split()]


def test_every_chart_is_an_accessible_svg(archive):
    charts = [cutoff_chart([("STEM", archive.draws_in("stem"))], "stem", "STEM cut-offs"),
              cutoff_chart([("General", archive.draws_in("general")), ("PNP", archive.draws_in("pnp"))],
                           "home", "Cut-offs"),
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


def test_a_single_draw_is_a_dot_and_a_long_pause_breaks_the_line():
    one = svg_of(cutoff_chart([("Military", (draw(1, date(2026, 7, 23), 368),))], "mil", "Military"))
    assert not one.findall(".//s:polyline", NS)
    assert one.find(".//s:path[@class='dot']", NS).get("d").count("M") == 1
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


def test_text_is_escaped():
    name, title = "<script>alert(1)</script>", 'Cut-offs & "quotes" <b>'
    pair = (draw(1, date(2024, 1, 1), 500), draw(2, date(2024, 2, 1), 510))
    chart = cutoff_chart([(name, pair), ("Other", pair)], "x", title)
    assert "<script>" not in chart and "<b>" not in chart
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chart and "Cut-offs &amp; " in chart
    root = etree.fromstring(str(chart))
    assert root.find("ul/li").xpath("string()") == name
    assert root.find(".//s:title", NS).text == title
    bars = bar_chart([("<i>2015</i>", 5)], "b", "<t>")
    assert "<i>" not in bars and "<t>" not in bars and "&lt;i&gt;2015&lt;/i&gt;" in bars


def test_ids_must_be_plain():
    with pytest.raises(ValueError):
        bar_chart([("a", 1)], 'x" onload="alert(1)', "t")


def test_output_is_deterministic(archive):
    series = [("General", archive.draws_in("general")), ("CEC", archive.draws_in("cec"))]
    assert cutoff_chart(series, "home", "Cut-offs") == cutoff_chart(list(series), "home", "Cut-offs")
    rows = [("2015", 31063), ("2016", 33782)]
    assert bar_chart(rows, "y", "t") == bar_chart(list(rows), "y", "t")
    assert not re.search(r"\d\.\d\d", cutoff_chart(series, "home", "Cut-offs"))  # one decimal at most


def test_bar_lengths_are_proportional_and_values_grouped():
    svg = svg_of(bar_chart([("2023", 110266), ("2024", 55133), ("2025", 0)], "years", "Invitations"))
    widths = [float(r.get("width")) for r in svg.findall(".//s:rect", NS)]
    assert widths[0] / widths[1] == pytest.approx(2, rel=0.01) and widths[2] == 0
    values = [t.text for t in svg.findall(".//s:text[@class='value']", NS)]
    assert values == ["110,266", "55,133", "0"]
    tall = svg_of(bar_chart([("a", 3000), ("b", 1000)], "v", "Columns", horizontal=False))
    heights = [float(r.get("height")) for r in tall.findall(".//s:rect", NS)]
    assert heights[0] / heights[1] == pytest.approx(3, rel=0.01)
    assert [t.text for t in tall.findall(".//s:text[@class='value']", NS)] == ["3,000", "1,000"]


def test_sub_bands_are_marked(archive):
    latest = [d for d in archive.draws if d.pool][-1]
    rows = [(band.replace("-", "–"), count) for band, count in latest.pool.bands]
    svg = svg_of(bar_chart(rows, "pool", "Pool", sub={"491–500", "481–490"}))
    subs = [t.text for t in svg.findall(".//s:text[@class='label sub']", NS)]
    assert subs == ["491–500", "481–490"]
    assert len(svg.findall(".//s:rect[@class='bar sub']", NS)) == 2


def test_empty_input_gives_empty_markup():
    assert cutoff_chart([], "a", "t") == Markup("")
    assert cutoff_chart([("General", ())], "a", "t") == Markup("")
    assert bar_chart([], "b", "t") == Markup("")
    assert isinstance(bar_chart([], "b", "t"), Markup)


def test_the_home_chart_is_small(archive):
    series = [(archive.category(s).short_name, archive.draws_in(s))
              for s in ("general", "cec", "pnp", "french", "healthcare")]
    chart = cutoff_chart(series, "home", "CRS cut-off by category")
    assert len(svg_of(chart).findall(".//s:g", NS)) == 5
    assert len(chart.encode("utf-8")) < 20_000


@pytest.mark.parametrize("low, high, expected", [
    (481, 491, (480, 495, 5)), (75, 902, (0, 1000, 200)), (368, 368, (355, 380, 5)), (413, 886, (400, 900, 100)),
])
def test_nice_range(low, high, expected):
    assert nice_range(low, high) == expected


def test_the_css_styles_every_class_the_charts_use(archive):
    chart = cutoff_chart([("General", archive.draws_in("general")), ("CEC", archive.draws_in("cec"))], "h", "t")
    chart += bar_chart([("a", 1), ("b", 2)], "b", "t", sub={"b"})
    used = {c for attr in re.findall(r'class="([^"]+)"', chart) for c in attr.split()}
    assert all(f".{c}" in CHART_CSS for c in used - {"chart", "value", "label"}), used
    assert "prefers-color-scheme: dark" in CHART_CSS
