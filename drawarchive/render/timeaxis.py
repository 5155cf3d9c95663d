"""Plots over time, for charts.py: a plot's frame, which of a line's points are drawn (a chart
of more than MAX_TIPS points is thinned, see charts.py), the lines and their marks, the axes
with their year labels, and labels nudged apart so that none overlap.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from markupsafe import escape

from drawarchive.languages.texts import Texts
from drawarchive.render.svg import CRISP, FONT, FONT_WIDE, WIDTH, axis_title, coord, svg_text, text_width

SERIES_COLOURS = 5
GAP_DAYS = 365  # a longer pause between draws breaks the line rather than bridging it
INSET = 8  # keeps the first and last dots off the chart's edges
MAX_TIPS = 600  # more points than this in one chart, and it is thinned (see charts.py)
LINE_STEP = 2.0  # the column width, in viewBox units, within which a thinned line keeps its extremes
LABEL_GAP = FONT_WIDE + 2  # direct labels' least vertical distance, at the phones' font size


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


@dataclass(frozen=True, slots=True)
class Frame:
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
class Line:
    index: int  # its colour: series class s1..s5
    name: str
    days: list[int]  # ordinal days, oldest first
    values: list[float]
    tips: list[str] | None  # one per point, or None when its points carry no tip
    unconfirmed: frozenset[int] = frozenset()  # points of reported rounds: hollow, and dashed lines to them


@dataclass(frozen=True, slots=True)
class Plan:
    """Which of a line's points are drawn: per run of its line, as dots, as tip anchors."""

    runs: list[list[int]]
    tips: list[int]
    dots: list[int]


def plan_lines(lines: list[Line], frame: Frame) -> tuple[list[Plan], float | None]:
    """Each line's drawn points; and, when the chart is thinned, how many days its tip columns span."""
    total = sum(len(line.days) for line in lines if line.tips is not None)
    thin = total > MAX_TIPS
    plans, span = [], None
    for line in lines:
        xs = [frame.x(day) for day in line.days]
        runs = _runs(line.days)
        every = list(range(len(line.days)))
        if not thin:
            plans.append(Plan(runs, every if line.tips is not None else [], every))
            continue
        runs = [_extremes(run, xs, line.values, LINE_STEP, frame.left) for run in runs]
        tips: list[int] = []
        if line.tips is not None:
            budget = max(2, MAX_TIPS * len(line.days) // total)
            columns = (frame.right - frame.left) / LINE_STEP
            width = LINE_STEP * max(1, math.ceil(columns / max(1, budget // 2)))
            tips = _extremes(every, xs, line.values, width, frame.left)
            span = max(span or 0, width / (frame.right - frame.left - 2 * INSET) * (frame.last - frame.first))
        plans.append(Plan(runs, tips, tips))
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


def marks(line: Line, plan: Plan, frame: Frame, dots: bool, extra: str = "") -> str:
    """A polyline per run (dashed where it meets an unconfirmed point), a dot per point (one path:
    compact; unconfirmed ones hollow, a ring and a hole) and an invisible anchor per tip."""
    xy = [(coord(frame.x(day)), coord(frame.y(value))) for day, value in zip(line.days, line.values, strict=True)]
    lines = "".join(f'<polyline class="line{" unconfirmed" * dashed}"{CRISP} '
                    f'points="{" ".join(f"{xy[i][0]},{xy[i][1]}" for i in piece)}"/>'
                    for run in plan.runs for piece, dashed in _pieces(run, line.unconfirmed))
    marks = ""
    if dots:
        solid = [i for i in plan.dots if i not in line.unconfirmed]
        hollow = "".join(f"M{xy[i][0]} {xy[i][1]}h0" for i in plan.dots if i in line.unconfirmed)
        marks = f'<path class="dot"{CRISP} d="{"".join(f"M{xy[i][0]} {xy[i][1]}h0" for i in solid)}"/>' if solid else ""
        if hollow:  # a hole in the page's background over a wider dot: a ring the same size on every screen
            marks += f'<path class="dot ring"{CRISP} d="{hollow}"/><path class="dot hole"{CRISP} d="{hollow}"/>'
    if line.tips is not None:
        marks += "".join(f'<path d="M{xy[i][0]} {xy[i][1]}" data-tip="{escape(line.tips[i])}"/>' for i in plan.tips)
    dense = " dense" if len(plan.dots) > 60 else ""  # smaller dots, or the line drowns in them
    return f'<g class="s{line.index % SERIES_COLOURS + 1}{dense}">{lines}{marks}{extra}</g>'


def _pieces(run: list[int], unconfirmed: frozenset[int]) -> list[tuple[list[int], bool]]:
    """A run's stretches, each (its points, dashed): a segment is dashed when either end is unconfirmed."""
    pieces: list[tuple[list[int], bool]] = []
    for a, b in pairwise(run):
        dashed = a in unconfirmed or b in unconfirmed
        if pieces and pieces[-1][1] == dashed:
            pieces[-1][0].append(b)
        else:
            pieces.append(([a, b], dashed))
    return pieces


def direct_labels(ends: list[tuple[Line, float]], frame: Frame, xs: list[float]) -> list[str]:
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


def y_axis(frame: Frame, ticks: range, label: Callable[[int], str]) -> list[str]:
    grid = "".join(f"M{coord(frame.left)} {coord(frame.y(t))}H{coord(frame.right)}" for t in ticks)
    labels = [svg_text(frame.left - 8, frame.y(t), label(t), "tick", "end") for t in ticks]
    baseline = f'<path class="axis"{CRISP} d="M{coord(frame.left)} {coord(frame.bottom)}H{coord(frame.right)}"/>'
    return [f'<path class="grid"{CRISP} d="{grid}"/>', *labels, baseline]


def year_ticks(frame: Frame) -> list[str]:
    """A short tick under the axis at each 1 January."""
    start, end = date.fromordinal(frame.first).year, date.fromordinal(frame.last).year
    ticks = "".join(f"M{coord(frame.x(date(year, 1, 1).toordinal()))} {coord(frame.bottom)}v5"
                    for year in range(start + 1, end + 1))
    return [f'<path class="axis"{CRISP} d="{ticks}"/>'] if ticks else []


def year_labels(frame: Frame) -> list[str]:
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


def _place(candidates: list[tuple[int, float]], width: float) -> dict[int, float]:
    """Greedily keeps labels, in priority order, that stay on the chart and clear of kept ones."""
    kept: dict[int, float] = {}
    for year, mid in candidates:
        inside = width / 2 - 6 <= mid <= WIDTH - width / 2 + 6
        if inside and all(abs(mid - other) >= width for other in kept.values()):
            kept[year] = mid
    return kept


def x_title(frame: Frame, height: float, t: Texts) -> str:
    return axis_title((frame.left + frame.right) / 2, height - FONT_WIDE / 2 - 2, t.gettext("Draw date"), "middle")


def height_of(frame: Frame) -> float:
    """The viewBox height that leaves room under a plot for its year labels and axis title."""
    return frame.bottom + 2 * FONT_WIDE + 18
