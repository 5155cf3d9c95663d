"""Inline SVG charts, drawn at build time so that pages need no JavaScript.

Every chart is a `<div class="chart">` holding one `<svg role="img">` (plus an HTML legend when
several lines share one, a note when a bar stands for a partial year), and, unless the caller
says `table=False`, a `<details>` with a table of the very figures the chart draws.

Each point and bar carries its value in words in a `data-tip` attribute. Without JavaScript the
bars print their values and the table gives every figure; static/charts.js turns each chart into
one keyboard stop whose arrow keys, and the mouse, show those words as a tooltip. Points carry
their tip on an invisible anchor, `<path d="Mx y" data-tip="…"/>`, whose coordinates the script
reads; the drawn dots stay one compact path per line.

Colours, strokes and font sizes live in static/style.css (its Charts section), so the charts
follow the site's light and dark schemes. Output is deterministic: coordinates are rounded to
one decimal.

Words: every phrase is a whole gettext msgid of the `t` a chart is given (i18n.Texts, English
by default), filled through named {placeholders}; numbers, percentages, dates and round numbers
are formatted by `t` too. Captions, titles and series names are the caller's, already in the
page's language. static/charts.js has no words of its own: its key hint is each chart's
`data-keys` attribute.

Size: a chart with more than MAX_TIPS points is thinned. Its lines keep, in each column two
viewBox units wide (about two screen pixels), the lowest and the highest value, so they look the
same; anchors, dots and table rows keep the lowest and highest of wider columns, so that there
are about MAX_TIPS of them in all. The table's caption says so.

This module draws the lines over time; bars.py the bar charts; svg.py the pieces both use.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_percent
from markupsafe import Markup, escape

from .i18n import ENGLISH, Texts
from .model import DrawRow
from .svg import (
    CRISP,
    FONT,
    FONT_WIDE,
    WIDTH,
    axis_title,
    check_id,
    coord,
    data_table,
    svg_chart,
    svg_text,
    text_width,
    wrap_chart,
)
from .text import round_ref

HEIGHT = 350  # the cut-off charts' viewBox height
SERIES_COLOURS = 5
PANEL = 130  # the height of each of the pool chart's two plots
GAP_DAYS = 365  # a longer pause between draws breaks the line rather than bridging it
INSET = 8  # keeps the first and last dots off the chart's edges
MIN_CRS_SPAN = 100  # a cut-off axis spans at least this many points, so small moves look small
MAX_TIPS = 600  # more points than this in one chart, and it is thinned (see above)
LINE_STEP = 2.0  # the column width, in viewBox units, within which a thinned line keeps its extremes
LABEL_GAP = FONT_WIDE + 2  # direct labels' least vertical distance, at the phones' font size
PoolPoint = tuple[str, date, int, int, int]  # (round label, date, total, above 500, 451 to 500)


# ---------------------------------------------------------------------------------------------
# The charts


def cutoff_chart(series: Sequence[tuple[str, Sequence[DrawRow]]], id: str, title: str, *,
                 table: bool = True, t: Texts = ENGLISH) -> Markup:
    """CRS cut-off over time, one line per (name, draws) series; a legend when there are several."""
    check_id(id)
    named = _named(series)
    if not named:
        return Markup("")
    return _cutoffs(named, id, title, None, direct=False, table=table, t=t)


def comparison_chart(series: Sequence[tuple[str, Sequence[DrawRow]]], id: str, title: str,
                     since: date | None = None, *, table: bool = True, t: Texts = ENGLISH) -> Markup:
    """The cut-offs of several categories over one period (from `since`), each line named at its end."""
    check_id(id)
    named = _named([(name, [d for d in draws if since is None or d.date >= since]) for name, draws in series])
    if not named:
        return Markup("")
    return _cutoffs(named, id, title, since, direct=True, table=table, t=t)



def pool_size_chart(points: Sequence[PoolPoint], id: str, title: str, *, table: bool = True,
                    t: Texts = ENGLISH) -> Markup:
    """The pool's size over time, and the shares of it above 500 and from 451 to 500.

    `points` are (round label, date, total, above 500, 451 to 500), one per draw with a published
    pool: above 500 is bands 601-1200 plus 501-600. Two plots share the time axis: candidates on
    the first, percentages of the pool on the second, so that no axis has two units.
    """
    check_id(id)
    rows = sorted((p for p in points if p[2] > 0), key=lambda p: p[1])
    if not rows:
        return Markup("")
    days = [p[1].toordinal() for p in rows]
    totals = [float(p[2]) for p in rows]
    above = [_percent(p[3], p[2]) for p in rows]
    middle = [_percent(p[4], p[2]) for p in rows]
    names = (t.gettext("Above 500"), t.gettext("451–500"))

    def share(value: float) -> str:
        return t.percent(value / 100)

    tips = [t.gettext("{round} · {date} · {candidates} · {above} above 500 · {middle} from 451 to 500").format(
        round=round_ref(label, t), date=t.date(day), candidates=t.plural(total, "{count} candidate",
                                                                         "{count} candidates"),
        above=share(a), middle=share(m)) for (label, day, total, _, _), a, m in zip(rows, above, middle, strict=True)]

    count_low, count_high, count_step = nice_range(0, max(p[2] for p in rows))
    share_low, share_high, share_step = nice_range(0, math.ceil(max(above + middle)))
    counts = range(count_low, count_high + 1, count_step)
    shares = range(share_low, share_high + 1, share_step)

    def whole_share(value: int) -> str:
        return _whole_percent(value, t)

    left = max(text_width(label, FONT_WIDE) for label in [*map(t.number, counts), *map(whole_share, shares)]) + 10
    right = WIDTH - 16 - max(text_width(n, FONT_WIDE) for n in names)
    top_a = FONT_WIDE * 1.5 + 8
    bottom_a = top_a + PANEL
    title_b = bottom_a + 18 + FONT_WIDE / 2
    top_b = bottom_a + 26 + FONT_WIDE * 1.5
    bottom_b = top_b + PANEL
    first, last = min(days), max(days)
    a = _Frame(left, right, top_a, bottom_a, first, last, count_low, count_high)
    b = _Frame(left, right, top_b, bottom_b, first, last, share_low, share_high)

    lines = [_Line(0, "", days, totals, tips), _Line(1, names[0], days, above, None),
             _Line(2, names[1], days, middle, None)]
    plans, thinned = _plan(lines, a)
    body = [axis_title(0, FONT_WIDE / 2, t.gettext("Candidates in the pool")),
            *_y_axis(a, counts, t.number), *_year_ticks(a),
            axis_title(0, title_b, t.gettext("Share of the pool (%)")),
            *_y_axis(b, shares, whole_share), *_year_ticks(b), *_year_labels(b), _x_title(b, _height_of(b), t)]
    body.append(_marks(lines[0], plans[0], a, dots=False))
    ends = [(line, b.y(line.values[-1])) for line in lines[1:]]
    labels = _direct_labels(ends, b, [b.x(days[-1])] * 2)
    body += [_marks(line, plan, b, dots=False, extra=label)
             for line, plan, label in zip(lines[1:], plans[1:], labels, strict=True)]

    latest = rows[-1]
    desc = " ".join([
        t.gettext("Candidates in the Express Entry pool, and the shares of it with a CRS score above 500 and from "
                  "451 to 500, at {draws} from {first} to {last}.").format(
            draws=t.plural(len(rows), "{count} draw", "{count} draws"), first=t.date(rows[0][1]),
            last=t.date(latest[1])),
        t.gettext("Latest, at {round}: {candidates}, {above} above 500, {middle} from 451 to 500.").format(
            round=round_ref(latest[0], t), candidates=t.plural(latest[2], "{count} candidate", "{count} candidates"),
            above=share(above[-1]), middle=share(middle[-1]))])
    keep = plans[0].tips
    caption = _caption(title, thinned, len(rows), len(keep), t)
    head = [t.gettext("Round"), t.gettext("Date"), t.gettext("Pool"), names[0], names[1]]
    figures = data_table(caption, head, [(None, [(round_ref(rows[i][0], t), [
        t.short_date(rows[i][1]), t.number(rows[i][2]), share(above[i]), share(middle[i])]) for i in keep])], t)
    extra = f' data-hover="x" data-guide="{coord(top_a)} {coord(bottom_b)}"'
    return wrap_chart(svg_chart(id, title, desc, _height_of(b), body, extra, t), after=figures if table else "")


def nice_range(low: int, high: int, min_span: int = 0) -> tuple[int, int, int]:
    """(start, stop, step) on round numbers around low..high, with 3 to 5 steps.

    The range spans at least `min_span`, widened evenly about the middle of low..high (and kept
    above zero), so that a small change does not fill the whole height.
    """
    if high - low < min_span:
        middle = (low + high) / 2
        low, high = math.floor(middle - min_span / 2), math.ceil(middle + min_span / 2)
        if low < 0:
            low, high = 0, high - low
    if low == high:  # a lone score would give a zero-height axis
        low, high = low - 10, high + 10
    for step in (s * 10 ** p for p in range(7) for s in (1, 2, 2.5, 5)):
        start, stop = math.floor(low / step) * step, math.ceil(high / step) * step
        if step == int(step) and (stop - start) / step <= 5:
            start = max(start, 0)
            return int(start), int(stop), int(step)
    return 0, high, high


# ---------------------------------------------------------------------------------------------
# Lines over time


@dataclass(frozen=True, slots=True)
class _Frame:
    """A plot's box in viewBox units, and the days and values it spans."""

    left: float
    right: float
    top: float
    bottom: float
    first: int  # ordinal days
    last: int
    low: float
    high: float

    def x(self, day: int) -> float:
        if self.first == self.last:  # one date: centre it
            return (self.left + self.right) / 2
        return self.left + INSET + (day - self.first) / (self.last - self.first) * (self.right - self.left - 2 * INSET)

    def y(self, value: float) -> float:
        return self.bottom - (value - self.low) / (self.high - self.low) * (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class _Line:
    index: int  # its colour: series class s1..s5
    name: str
    days: list[int]  # ordinal days, oldest first
    values: list[float]
    tips: list[str] | None  # one per point, or None when its points carry no tip


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which of a line's points are drawn: per run of its line, as dots, as tip anchors."""

    runs: list[list[int]]
    tips: list[int]
    dots: list[int]


def _named(series: Sequence[tuple[str, Sequence[DrawRow]]]) -> list[tuple[int, str, list[DrawRow]]]:
    return [(i, name, sorted(draws, key=lambda d: d.sort_key)) for i, (name, draws) in enumerate(series) if draws]


def _cutoffs(named: list[tuple[int, str, list[DrawRow]]], id: str, title: str, since: date | None,
             direct: bool, table: bool, t: Texts) -> Markup:
    several = len(named) > 1
    lines = [_Line(i, name, [d.date.toordinal() for d in draws], [float(d.crs) for d in draws],
                   [_cutoff_tip(name if several else "", d, t) for d in draws]) for i, name, draws in named]
    scores = [d.crs for _, _, draws in named for d in draws]
    low, high, step = nice_range(min(scores), max(scores), MIN_CRS_SPAN)
    ticks = range(low, high + 1, step)
    left = max(text_width(t.number(tick), FONT_WIDE) for tick in ticks) + 10
    right = WIDTH - 10 - (max(text_width(name, FONT_WIDE) for _, name, _ in named) + 6 if direct else 0)
    days = [day for line in lines for day in line.days]
    first = since.toordinal() if since else min(days)
    frame = _Frame(left, right, FONT_WIDE * 1.5 + 8, HEIGHT - 2 * FONT_WIDE - 18, first, max(days), low, high)
    plans, thinned = _plan(lines, frame)

    body = [axis_title(0, FONT_WIDE / 2, t.gettext("CRS cut-off")), *_y_axis(frame, ticks, t.number),
            *_year_ticks(frame), *_year_labels(frame), _x_title(frame, HEIGHT, t)]
    labels = [""] * len(lines)
    if direct:
        ends = [(line, frame.y(line.values[-1])) for line in lines]
        labels = _direct_labels(ends, frame, [frame.x(line.days[-1]) for line in lines])
    body += [_marks(line, plan, frame, dots=True, extra=label)
             for line, plan, label in zip(lines, plans, labels, strict=True)]
    legend = _legend([(i, name) for i, name, _ in named]) if several and not direct else ""
    desc = _cutoff_desc(named, since, direct, t)

    rows = sum(len(plan.tips) for plan in plans)
    caption = _caption(title, thinned, len(scores), rows, t)
    groups = [(name if several else None,
               [(_round_header(draws[i], t), [t.short_date(draws[i].date), t.number(draws[i].crs)])
                for i in plan.tips])
              for (_, name, draws), plan in zip(named, plans, strict=True)]
    figures = data_table(caption, [t.gettext("Round"), t.gettext("Date"), t.gettext("CRS cut-off")], groups, t)
    extra = "" if several else ' data-hover="x"'
    return wrap_chart(svg_chart(id, title, desc, HEIGHT, body, extra, t), legend, figures if table else "")


def _cutoff_tip(name: str, draw: DrawRow, t: Texts) -> str:
    """#254 · July 5, 2023 · CRS 486, after the line's name when a chart has several."""
    values = {"series": name, "round": round_ref(draw.label, t), "date": t.date(draw.date), "crs": t.number(draw.crs)}
    if name and draw.reported:
        return t.gettext("{series} · {round} · {date} · CRS {crs} · reported").format(**values)
    if name:
        return t.gettext("{series} · {round} · {date} · CRS {crs}").format(**values)
    if draw.reported:
        return t.gettext("{round} · {date} · CRS {crs} · reported").format(**values)
    return t.gettext("{round} · {date} · CRS {crs}").format(**values)


def _round_header(draw: DrawRow, t: Texts) -> str:
    """#254, or "#291 (reported)": a cut-off table's row header."""
    if draw.reported:
        return t.gettext("{round} (reported)").format(round=round_ref(draw.label, t))
    return round_ref(draw.label, t)


def _plan(lines: list[_Line], frame: _Frame) -> tuple[list[_Plan], float | None]:
    """Each line's drawn points; and, when the chart is thinned, how many days its tip columns span."""
    total = sum(len(line.days) for line in lines if line.tips is not None)
    thin = total > MAX_TIPS
    plans, span = [], None
    for line in lines:
        xs = [frame.x(day) for day in line.days]
        runs = _runs(line.days)
        every = list(range(len(line.days)))
        if not thin:
            plans.append(_Plan(runs, every if line.tips is not None else [], every))
            continue
        runs = [_extremes(run, xs, line.values, LINE_STEP, frame.left) for run in runs]
        tips: list[int] = []
        if line.tips is not None:
            budget = max(2, MAX_TIPS * len(line.days) // total)
            columns = (frame.right - frame.left) / LINE_STEP
            width = LINE_STEP * max(1, math.ceil(columns / max(1, budget // 2)))
            tips = _extremes(every, xs, line.values, width, frame.left)
            span = max(span or 0, width / (frame.right - frame.left - 2 * INSET) * (frame.last - frame.first))
        plans.append(_Plan(runs, tips, tips))
    return plans, span


def _runs(days: list[int]) -> list[list[int]]:
    """Indices of the points, split where a pause longer than GAP_DAYS breaks the line."""
    runs: list[list[int]] = [[0]]
    for i in range(1, len(days)):
        if days[i] - days[i - 1] > GAP_DAYS:
            runs.append([])
        runs[-1].append(i)
    return runs


def _extremes(indices: list[int], xs: list[float], values: list[float], width: float, origin: float) -> list[int]:
    """Of `indices`, the first, the last, and the lowest and highest value in each column of `width`."""
    columns: dict[int, tuple[int, int]] = {}
    for i in indices:
        column = int((xs[i] - origin) // width)
        low, high = columns.get(column, (i, i))
        columns[column] = (i if values[i] < values[low] else low, i if values[i] > values[high] else high)
    return sorted({indices[0], indices[-1], *(i for pair in columns.values() for i in pair)})


def _marks(line: _Line, plan: _Plan, frame: _Frame, dots: bool, extra: str = "") -> str:
    """A polyline per run, a dot per point (one path: compact) and an invisible anchor per tip."""
    xy = [(coord(frame.x(day)), coord(frame.y(value))) for day, value in zip(line.days, line.values, strict=True)]
    lines = "".join(f'<polyline class="line"{CRISP} points="{" ".join(f"{xy[i][0]},{xy[i][1]}" for i in run)}"/>'
                    for run in plan.runs if len(run) > 1)
    marks = ""
    if dots:
        marks = f'<path class="dot"{CRISP} d="{"".join(f"M{xy[i][0]} {xy[i][1]}h0" for i in plan.dots)}"/>'
    if line.tips is not None:
        marks += "".join(f'<path d="M{xy[i][0]} {xy[i][1]}" data-tip="{escape(line.tips[i])}"/>' for i in plan.tips)
    dense = " dense" if len(plan.dots) > 60 else ""  # smaller dots, or the line drowns in them
    return f'<g class="s{line.index % SERIES_COLOURS + 1}{dense}">{lines}{marks}{extra}</g>'


def _direct_labels(ends: list[tuple[_Line, float]], frame: _Frame, xs: list[float]) -> list[str]:
    """Each line's name just right of its last point, nudged apart so that no two overlap.

    Only names that share some horizontal room (at the phones' font size) are nudged, as a group.
    """
    widths = [text_width(line.name, FONT_WIDE) + 6 for line, _ in ends]
    group = list(range(len(ends)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i in range(len(ends)):
        for j in range(i):
            if xs[i] < xs[j] + widths[j] and xs[j] < xs[i] + widths[i]:
                group[root(i)] = root(j)
    ys = [y for _, y in ends]
    for r in sorted({root(i) for i in range(len(ends))}):
        members = [i for i in range(len(ends)) if root(i) == r]
        for i, y in zip(members, spread([ys[i] for i in members], LABEL_GAP, frame.top, frame.bottom), strict=True):
            ys[i] = y
    return [svg_text(x + 6, y, line.name, "name") for (line, _), x, y in zip(ends, xs, ys, strict=True)]


def spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as near `wanted` as can be, at least `gap` apart, within low..high where they fit.

    Overlapping labels are merged into clusters, each centred on its members' wishes.
    """
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    clusters: list[tuple[float, list[int]]] = []  # (first position, members in order)

    def settle(members: list[int]) -> float:
        start = sum(wanted[j] - gap * k for k, j in enumerate(members)) / len(members)
        return max(min(start, high - gap * (len(members) - 1)), low)

    for i in order:
        clusters.append((settle([i]), [i]))
        while len(clusters) > 1 and clusters[-2][0] + gap * len(clusters[-2][1]) > clusters[-1][0]:
            members = clusters[-2][1] + clusters[-1][1]
            clusters[-2:] = [(settle(members), members)]
    placed = [0.0] * len(wanted)
    for start, members in clusters:
        for k, j in enumerate(members):
            placed[j] = start + gap * k
    return placed


def _y_axis(frame: _Frame, ticks: range, label: Callable[[int], str]) -> list[str]:
    grid = "".join(f"M{coord(frame.left)} {coord(frame.y(t))}H{coord(frame.right)}" for t in ticks)
    labels = [svg_text(frame.left - 8, frame.y(t), label(t), "tick", "end") for t in ticks]
    baseline = f'<path class="axis"{CRISP} d="M{coord(frame.left)} {coord(frame.bottom)}H{coord(frame.right)}"/>'
    return [f'<path class="grid"{CRISP} d="{grid}"/>', *labels, baseline]


def _year_ticks(frame: _Frame) -> list[str]:
    """A short tick under the axis at each 1 January."""
    start, end = date.fromordinal(frame.first).year, date.fromordinal(frame.last).year
    ticks = "".join(f"M{coord(frame.x(date(year, 1, 1).toordinal()))} {coord(frame.bottom)}v5"
                    for year in range(start + 1, end + 1))
    return [f'<path class="axis"{CRISP} d="{ticks}"/>'] if ticks else []


def _year_labels(frame: _Frame) -> list[str]:
    """Each year's label centred on its part of the axis.

    Years covering more of the axis are placed first, so partial years give way to whole ones;
    labels that would collide on a phone are classed "alt", which the stylesheet hides there.
    """
    first, last, x = frame.first, frame.last, frame.x
    start, end = date.fromordinal(first).year, date.fromordinal(last).year
    spans = []
    for year in range(start, end + 1):
        a, b = max(first, date(year, 1, 1).toordinal()), min(last, date(year, 12, 31).toordinal())
        spans.append((-min(b - a, 365), year, (x(a) + x(b)) / 2))
    desktop = _place([(year, mid) for _, year, mid in sorted(spans)], text_width("2000", FONT) + 6)
    phone = _place([(year, mid) for _, year, mid in sorted(spans) if year in desktop],
                   text_width("2000", FONT_WIDE) + 8)
    baseline = frame.bottom + 8 + FONT_WIDE / 2
    return [svg_text(desktop[year], baseline, str(year), "tick" if year in phone else "tick alt", "middle")
            for year in sorted(desktop)]


def _x_title(frame: _Frame, height: float, t: Texts) -> str:
    return axis_title((frame.left + frame.right) / 2, height - FONT_WIDE / 2 - 2, t.gettext("Draw date"), "middle")


def _height_of(frame: _Frame) -> float:
    """The viewBox height that leaves room under a plot for its year labels and axis title."""
    return frame.bottom + 2 * FONT_WIDE + 18


def _place(candidates: list[tuple[int, float]], width: float) -> dict[int, float]:
    """Greedily keeps labels, in priority order, that stay on the chart and clear of kept ones."""
    kept: dict[int, float] = {}
    for year, mid in candidates:
        inside = width / 2 - 6 <= mid <= WIDTH - width / 2 + 6
        if inside and all(abs(mid - other) >= width for other in kept.values()):
            kept[year] = mid
    return kept


def _legend(names: list[tuple[int, str]]) -> str:
    items = "".join(f'<li><span class="key s{i % SERIES_COLOURS + 1}"></span>{escape(name)}</li>' for i, name in names)
    return f'<ul class="legend">{items}</ul>'


def _cutoff_desc(named: list[tuple[int, str, list[DrawRow]]], since: date | None, direct: bool, t: Texts) -> str:
    if since:
        parts = [t.gettext("CRS cut-off score by draw date since {date}.").format(date=t.date(since))]
    else:
        parts = [t.gettext("CRS cut-off score by draw date.")]
    for _, name, draws in named:
        low, high, latest = min(d.crs for d in draws), max(d.crs for d in draws), draws[-1]
        parts.append(t.gettext("{series}: {draws} from {first} to {last}, cut-off {low} to {high}, latest {latest}.")
                     .format(series=name, draws=t.plural(len(draws), "{count} draw", "{count} draws"),
                             first=t.date(draws[0].date), last=t.date(latest.date), low=t.number(low),
                             high=t.number(high), latest=t.number(latest.crs)))
    if direct:
        parts.append(t.gettext("Each line is named at its latest draw."))
    parts.append(t.gettext("Lines break where a year or more passed without a draw."))
    return " ".join(parts)


def _caption(title: str, span: float | None, points: int, kept: int, t: Texts) -> str:
    """The table's caption: the chart's title, and how it was thinned if it was."""
    if span is None:
        return title
    days = max(1, round(span))
    return t.ngettext("{title}. Of its {points} points the chart and this table show {kept}: the lowest and highest "
                      "in each stretch of about {days} day.",
                      "{title}. Of its {points} points the chart and this table show {kept}: the lowest and highest "
                      "in each stretch of about {days} days.", days).format(
        title=title, points=t.number(points), kept=t.number(kept), days=t.number(days))



def _percent(part: int, total: int) -> float:
    return round(100 * part / total, 1)


def _whole_percent(value: int, t: Texts) -> str:
    """A percentage axis's tick, 10% · 10 %: the locale's own pattern, which has no decimals (Texts.percent has one)."""
    return format_percent(value / 100, locale=t.locale)
