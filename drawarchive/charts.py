"""Inline SVG charts, drawn at build time so that pages need no JavaScript.

Every chart is a `<div class="chart">` holding one `<svg role="img">` (plus an HTML legend when
there are several series). Colours, strokes and font sizes live in static/style.css (its Charts
section), so the charts follow the site's light and dark schemes. Output is deterministic:
coordinates are rounded to one decimal.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence, Set
from datetime import date

from markupsafe import Markup, escape

from .model import DrawRow

WIDTH = 600
HEIGHT = 320  # the cut-off chart's viewBox height
FONT = 12  # the desktop font size, also the fallback when the stylesheet is missing
FONT_WIDE = 20  # the largest size the stylesheet sets (phones): every layout leaves room for it
EM = 0.6  # a generous average glyph width in ems, so estimated labels never collide
SERIES_COLOURS = 5
ROW, BAR = 28, 18  # horizontal bar rows
COLUMN_HEIGHT = 200  # vertical bars' tallest column
GAP_DAYS = 365  # a longer pause between draws breaks the line rather than bridging it
INSET = 8  # keeps the first and last dots off the chart's edges
ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Strokes keep their on-screen width however far the viewBox is scaled. An attribute, not CSS:
# the Nu HTML Checker's CSS validator rejects the property.
CRISP = ' vector-effect="non-scaling-stroke"'


def cutoff_chart(series: Sequence[tuple[str, Sequence[DrawRow]]], id: str, title: str) -> Markup:
    """CRS cut-off over time, one line per (name, draws) series; a legend when there are several."""
    _check_id(id)
    named = [(i, name, sorted(draws, key=lambda d: d.sort_key)) for i, (name, draws) in enumerate(series)
             if draws]
    if not named:
        return Markup("")
    scores = [d.crs for _, _, draws in named for d in draws]
    low, high, step = nice_range(min(scores), max(scores))
    ticks = range(low, high + 1, step)
    left = max(_width(str(t), FONT_WIDE) for t in ticks) + 10
    top, bottom = 12, HEIGHT - FONT_WIDE - 14
    days = [d.date.toordinal() for _, _, draws in named for d in draws]
    first, last = min(days), max(days)

    def x(day: int) -> float:
        if first == last:  # one date: centre it
            return (left + WIDTH - 10) / 2
        return left + INSET + (day - first) / (last - first) * (WIDTH - 10 - left - 2 * INSET)

    def y(crs: int) -> float:
        return bottom - (crs - low) / (high - low) * (bottom - top)

    body = _y_axis(ticks, y, left) + _year_labels(first, last, x, bottom)
    body.append(f'<path class="axis"{CRISP} d="M{_n(left)} {_n(bottom)}H{WIDTH - 10}"/>')
    body += [_series_marks(i, draws, x, y) for i, _, draws in named]
    legend = _legend([(i, name) for i, name, _ in named]) if len(named) > 1 else ""
    return _wrap(_svg(id, title, _cutoff_desc(named), HEIGHT, body), legend)


def bar_chart(rows: Sequence[tuple[str, int]], id: str, title: str, horizontal: bool = True,
              sub: Set[str] = frozenset()) -> Markup:
    """Labelled bars with their values at the bar ends; labels in `sub` are indented and lighter."""
    _check_id(id)
    if not rows:
        return Markup("")
    top = max(max(value, 0) for _, value in rows) or 1  # all zero: flat bars, no division by zero
    desc = "; ".join(f"{label}: {value:,}" for label, value in rows) + "."
    body, height = (_hbars if horizontal else _vbars)(rows, top, sub)
    return _wrap(_svg(id, title, desc, height, body))


def nice_range(low: int, high: int) -> tuple[int, int, int]:
    """(start, stop, step) on round numbers around low..high, with 3 to 5 steps."""
    if low == high:  # a lone score would give a zero-height axis
        low, high = low - 10, high + 10
    for step in (s * 10 ** p for p in range(5) for s in (1, 2, 2.5, 5)):
        start, stop = math.floor(low / step) * step, math.ceil(high / step) * step
        if step == int(step) and (stop - start) / step <= 5:
            start = max(start, 0)
            return int(start), int(stop), int(step)
    return 0, high, high


def _y_axis(ticks: range, y: Callable[[int], float], left: float) -> list[str]:
    grid = "".join(f"M{_n(left)} {_n(y(t))}H{WIDTH - 10}" for t in ticks)
    labels = [_text(left - 8, y(t), str(t), "tick", "end") for t in ticks]
    return [f'<path class="grid"{CRISP} d="{grid}"/>', *labels]


def _year_labels(first: int, last: int, x: Callable[[int], float], bottom: float) -> list[str]:
    """Ticks at each 1 January; each year's label centred on its part of the axis.

    Years covering more of the axis are placed first, so partial years give way to whole ones;
    labels that would collide on a phone are classed "alt", which the stylesheet hides there.
    """
    start, end = date.fromordinal(first).year, date.fromordinal(last).year
    out = []
    ticks = "".join(f"M{_n(x(date(yr, 1, 1).toordinal()))} {_n(bottom)}v5" for yr in range(start + 1, end + 1))
    if ticks:
        out.append(f'<path class="axis"{CRISP} d="{ticks}"/>')
    spans = []
    for year in range(start, end + 1):
        a, b = max(first, date(year, 1, 1).toordinal()), min(last, date(year, 12, 31).toordinal())
        spans.append((-min(b - a, 365), year, (x(a) + x(b)) / 2))
    desktop = _place([(year, mid) for _, year, mid in sorted(spans)], _width("2000", FONT) + 6)
    phone = _place([(year, mid) for _, year, mid in sorted(spans) if year in desktop], _width("2000", FONT_WIDE) + 8)
    baseline = bottom + 8 + FONT_WIDE / 2
    for year in sorted(desktop):
        out.append(_text(desktop[year], baseline, str(year), "tick" if year in phone else "tick alt", "middle"))
    return out


def _place(candidates: list[tuple[int, float]], width: float) -> dict[int, float]:
    """Greedily keeps labels, in priority order, that stay on the chart and clear of kept ones."""
    kept: dict[int, float] = {}
    for year, mid in candidates:
        inside = width / 2 - 6 <= mid <= WIDTH - width / 2 + 6
        if inside and all(abs(mid - other) >= width for other in kept.values()):
            kept[year] = mid
    return kept


def _series_marks(index: int, draws: list[DrawRow], x: Callable[[int], float], y: Callable[[int], float]) -> str:
    """A polyline per run of draws without a long pause, and a dot per draw (one path: compact)."""
    points = [(_n(x(d.date.toordinal())), _n(y(d.crs))) for d in draws]
    runs: list[list[tuple[str, str]]] = [[points[0]]]
    for previous, draw, point in zip(draws, draws[1:], points[1:], strict=False):
        if (draw.date - previous.date).days > GAP_DAYS:
            runs.append([])
        runs[-1].append(point)
    lines = "".join(f'<polyline class="line"{CRISP} points="{" ".join(f"{px},{py}" for px, py in run)}"/>'
                    for run in runs if len(run) > 1)
    dots = "".join(f"M{px} {py}h0" for px, py in points)
    dense = " dense" if len(points) > 60 else ""  # smaller dots, or the line drowns in them
    return f'<g class="s{index % SERIES_COLOURS + 1}{dense}">{lines}<path class="dot"{CRISP} d="{dots}"/></g>'


def _legend(names: list[tuple[int, str]]) -> str:
    items = "".join(f'<li><span class="key s{i % SERIES_COLOURS + 1}"></span>{escape(name)}</li>' for i, name in names)
    return f'<ul class="legend">{items}</ul>'


def _cutoff_desc(named: list[tuple[int, str, list[DrawRow]]]) -> str:
    parts = []
    for _, name, draws in named:
        low, high, latest = min(d.crs for d in draws), max(d.crs for d in draws), draws[-1]
        count = f"{len(draws)} draw{'s' if len(draws) != 1 else ''}"
        parts.append(f"{name}: {count} from {draws[0].date.isoformat()} to {latest.date.isoformat()}, "
                     f"cut-off {low} to {high}, latest {latest.crs}.")
    gap = "Lines break where a year or more passed without a draw."
    return " ".join(["CRS cut-off score by draw date.", *parts, gap])


def _hbars(rows: Sequence[tuple[str, int]], top: int, sub: Set[str]) -> tuple[list[str], float]:
    indent = 14
    label_w = min(WIDTH * 0.4, max(_width(label, FONT_WIDE) + indent * (label in sub) for label, _ in rows) + 10)
    value_w = max(_width(f"{value:,}", FONT_WIDE) for _, value in rows) + 8
    span = WIDTH - label_w - value_w
    out = [f'<path class="axis"{CRISP} d="M{_n(label_w)} 0V{len(rows) * ROW}"/>']
    for i, (label, value) in enumerate(rows):
        mid, is_sub = i * ROW + ROW / 2, label in sub
        length, thick = _length(value, top, span), BAR - 4 * is_sub
        cls = " sub" if is_sub else ""
        out.append(f'<rect class="bar{cls}" x="{_n(label_w)}" y="{_n(mid - thick / 2)}" '
                   f'width="{_n(length)}" height="{thick}"/>')
        out.append(_text(indent * is_sub, mid, label, "label" + cls))
        out.append(_text(label_w + length + 5, mid, f"{value:,}", "value"))
    return out, len(rows) * ROW


def _vbars(rows: Sequence[tuple[str, int]], top: int, sub: Set[str]) -> tuple[list[str], float]:
    """Columns; values above and labels below, turned upright when they are wider than a column."""
    slot = WIDTH / len(rows)
    values = [f"{value:,}" for _, value in rows]
    value_h, turn_values = _column_text_height(values, slot)
    label_h, turn_labels = _column_text_height([label for label, _ in rows], slot)
    base = value_h + COLUMN_HEIGHT
    out = [f'<path class="axis"{CRISP} d="M0 {_n(base)}H{WIDTH}"/>']
    for i, ((label, value), shown) in enumerate(zip(rows, values, strict=True)):
        cx, length = slot * i + slot / 2, _length(value, top, COLUMN_HEIGHT)
        cls = " sub" if label in sub else ""
        out.append(f'<rect class="bar{cls}" x="{_n(cx - slot * 0.35)}" y="{_n(base - length)}" '
                   f'width="{_n(slot * 0.7)}" height="{_n(length)}"/>')
        out.append(_column_text(cx, base - length - 4, shown, "value", turn_values, up=True))
        out.append(_column_text(cx, base + 6, label, "label" + cls, turn_labels, up=False))
    return out, base + label_h


def _length(value: int, top: int, span: float) -> float:
    # A small count still gets a visible sliver; zero and below get nothing.
    return 0 if value <= 0 else max(span * value / top, 1.5)


def _column_text_height(texts: list[str], slot: float) -> tuple[float, bool]:
    """Room a column's text needs above or below it, and whether it must be turned upright."""
    widest = max(_width(t, FONT_WIDE) for t in texts)
    turn = widest > slot - 4
    return (widest + 10 if turn else FONT_WIDE + 10), turn


def _column_text(cx: float, y: float, content: str, cls: str, turn: bool, up: bool) -> str:
    if turn:  # reads bottom to top, starting at the column's end
        anchor = "start" if up else "end"
        return _text(cx, y, content, cls, anchor, f' transform="rotate(-90 {_n(cx)} {_n(y)})"')
    return _text(cx, y - FONT_WIDE / 2 if up else y + FONT_WIDE / 2, content, cls, "middle")


def _svg(id: str, title: str, desc: str, height: float, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" width="100%" '
            f'font-size="{FONT}" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc">'
            f'<title id="{id}-title">{escape(title)}</title><desc id="{id}-desc">{escape(desc)}</desc>'
            + "".join(body) + "</svg>")


def _wrap(svg: str, legend: str = "") -> Markup:
    # Everything interpolated above went through escape() or is a number we formatted.
    return Markup(f'<div class="chart">{legend}{svg}</div>')


def _text(x: float, y: float, content: str, cls: str, anchor: str = "start", extra: str = "") -> str:
    align = "" if anchor == "start" else f' text-anchor="{anchor}"'
    # dy centres the text on y without dominant-baseline, which older Safari ignores.
    return f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" dy=".35em"{align}{extra}>{escape(content)}</text>'


def _width(text: str, size: float) -> float:
    return len(text) * size * EM


def _n(value: float) -> str:
    """One decimal, no trailing '.0' and no '-0': fixed text for fixed input."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _check_id(id: str) -> None:
    if not ID.fullmatch(id):
        raise ValueError(f"chart id must be a letter then letters, digits, '-' or '_': {id!r}")
