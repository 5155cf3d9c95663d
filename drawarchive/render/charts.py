"""Inline SVG charts, drawn at build time so that pages need no JavaScript.

Every chart is a `<div class="chart">` holding one `<svg role="img">` (plus an HTML legend when
several lines share one, a note when a bar stands for a partial year), and, unless the caller
says `table=False`, a `<details>` with a table of the very figures the chart draws.

Each point and bar carries its value in words in a `data-tip` attribute. Without JavaScript the
bars print their values and the table gives every figure; static/charts.js turns each chart into
one keyboard stop whose arrow keys, and the mouse, show those words as a tooltip. Points carry
their tip on an invisible anchor, `<path d="Mx y" data-tip="…"/>`, whose coordinates the script
reads; the drawn dots stay one compact path per line.

A reported round (public sources have it, IRCC's data not yet) is drawn hollow, a ring, with a
dashed line to it; the chart's description, a note under it and its table say what that means.
A cut-off chart given `since` shows only the draws from then, on axes that fit them.

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

This module draws the charts over time, with timeaxis.py's plots; bars.py the bar charts; svg.py the pieces both use.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from babel.numbers import format_percent
from markupsafe import Markup, escape

from drawarchive.languages.texts import ENGLISH, Texts
from drawarchive.languages.words import round_ref
from drawarchive.model import DrawRow
from drawarchive.render.svg import (
    FONT_WIDE,
    WIDTH,
    axis_title,
    check_id,
    coord,
    data_table,
    svg_chart,
    text_width,
    wrap_chart,
)
from drawarchive.render.timeaxis import (
    SERIES_COLOURS,
    Frame,
    Line,
    Plan,
    direct_labels,
    height_of,
    marks,
    nice_range,
    plan_lines,
    x_title,
    y_axis,
    year_labels,
    year_ticks,
)

HEIGHT = 350  # the cut-off charts' viewBox height
PANEL = 130  # the height of each of the pool chart's two plots
MIN_CRS_SPAN = 100  # a cut-off axis spans at least this many points, so small moves look small
PoolPoint = tuple[str, date, int, int, int]  # (round label, date, total, above 500, 451 to 500)


def cutoff_chart(series: Sequence[tuple[str, Sequence[DrawRow]]], id: str, title: str, since: date | None = None,
                 *, table: bool = True, t: Texts = ENGLISH) -> Markup:
    """CRS cut-off over time, one line per (name, draws) series; a legend when there are several.

    With `since`, only the draws from that day on, on a time axis and a cut-off axis that fit them.
    """
    check_id(id)
    named = _named([(name, [d for d in draws if since is None or d.date >= since]) for name, draws in series])
    if not named:
        return Markup("")
    return _cutoffs(named, id, title, since, direct=False, table=table, t=t)


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
    above = [_percent(p[3], p[2]) for p in rows]
    middle = [_percent(p[4], p[2]) for p in rows]
    names = (t.gettext("Above 500"), t.gettext("451–500"))
    axes = _pool_axes(rows, above + middle, names, t)
    lines = [Line(0, "", days, [float(p[2]) for p in rows], _pool_tips(rows, above, middle, t)),
             Line(1, names[0], days, above, None), Line(2, names[1], days, middle, None)]
    plans, thinned = plan_lines(lines, axes.counts_frame)  # both plots share one width, so one plan serves
    keep = plans[0].tips
    caption = _caption(title, thinned, len(rows), len(keep), t)
    head = [t.gettext("Round"), t.gettext("Date"), t.gettext("Pool"), names[0], names[1]]
    figures = data_table(caption, head, [(None, [(round_ref(rows[i][0], t), [
        t.short_date(rows[i][1]), t.number(rows[i][2]), _share(above[i], t), _share(middle[i], t)]) for i in keep])], t)
    extra = f' data-hover="x" data-guide="{coord(axes.counts_frame.top)} {coord(axes.shares_frame.bottom)}"'
    svg = svg_chart(id, title, _pool_desc(rows, above, middle, t), height_of(axes.shares_frame),
                    _pool_body(lines, plans, axes, t), extra, t)
    return wrap_chart(svg, after=figures if table else "")


class _PoolAxes(NamedTuple):
    """The pool chart's two plots and their ticks: candidates above, shares of the pool below."""

    counts: range
    shares: range
    counts_frame: Frame
    shares_frame: Frame


def _pool_axes(rows: list[PoolPoint], percents: list[float], names: tuple[str, str], t: Texts) -> _PoolAxes:
    """Both plots get the same left margin, wide enough for the longer ticks of either, so that
    their time axes line up; the right margin leaves room for the share lines' names."""
    count_low, count_high, count_step = nice_range(0, max(p[2] for p in rows))
    share_low, share_high, share_step = nice_range(0, math.ceil(max(percents)))
    counts = range(count_low, count_high + 1, count_step)
    shares = range(share_low, share_high + 1, share_step)
    ticks = [*map(t.number, counts), *(_whole_percent(share, t) for share in shares)]
    left = max(text_width(label, FONT_WIDE) for label in ticks) + 10
    right = WIDTH - 16 - max(text_width(n, FONT_WIDE) for n in names)
    top_a = FONT_WIDE * 1.5 + 8
    bottom_a = top_a + PANEL
    top_b = bottom_a + 26 + FONT_WIDE * 1.5  # room for the second plot's axis title
    first, last = rows[0][1].toordinal(), rows[-1][1].toordinal()
    return _PoolAxes(counts, shares, Frame(left, right, top_a, bottom_a, first, last, count_low, count_high),
                     Frame(left, right, top_b, top_b + PANEL, first, last, share_low, share_high))


def _pool_tips(rows: list[PoolPoint], above: list[float], middle: list[float], t: Texts) -> list[str]:
    """One tip per draw, on the totals' line: it gives the shares too, which have no anchors of their own."""
    return [t.gettext("{round} · {date} · {candidates} · {above} above 500 · {middle} from 451 to 500").format(
        round=round_ref(label, t), date=t.date(day), candidates=t.plural(total, "{count} candidate",
                                                                         "{count} candidates"),
        above=_share(a, t), middle=_share(m, t))
        for (label, day, total, _, _), a, m in zip(rows, above, middle, strict=True)]


def _pool_body(lines: list[Line], plans: list[Plan], axes: _PoolAxes, t: Texts) -> list[str]:
    """The two plots' axes and lines; only the lower one labels the years, and only its lines are
    named, since the totals' line is the only one on the upper plot."""
    a, b = axes.counts_frame, axes.shares_frame
    title_b = a.bottom + 18 + FONT_WIDE / 2
    body = [axis_title(0, FONT_WIDE / 2, t.gettext("Candidates in the pool")),
            *y_axis(a, axes.counts, t.number), *year_ticks(a),
            axis_title(0, title_b, t.gettext("Share of the pool (%)")),
            *y_axis(b, axes.shares, lambda value: _whole_percent(value, t)), *year_ticks(b), *year_labels(b),
            x_title(b, height_of(b), t)]
    body.append(marks(lines[0], plans[0], a, dots=False))
    ends = [(line, b.y(line.values[-1])) for line in lines[1:]]
    labels = direct_labels(ends, b, [b.x(lines[0].days[-1])] * 2)
    body += [marks(line, plan, b, dots=False, extra=label)
             for line, plan, label in zip(lines[1:], plans[1:], labels, strict=True)]
    return body


def _pool_desc(rows: list[PoolPoint], above: list[float], middle: list[float], t: Texts) -> str:
    """The chart's description for screen readers: its span, and the latest figures in words."""
    latest = rows[-1]
    return " ".join([
        t.gettext("Candidates in the Express Entry pool, and the shares of it with a CRS score above 500 and from "
                  "451 to 500, at {draws} from {first} to {last}.").format(
            draws=t.plural(len(rows), "{count} draw", "{count} draws"), first=t.date(rows[0][1]),
            last=t.date(latest[1])),
        t.gettext("Latest, at {round}: {candidates}, {above} above 500, {middle} from 451 to 500.").format(
            round=round_ref(latest[0], t), candidates=t.plural(latest[2], "{count} candidate", "{count} candidates"),
            above=_share(above[-1], t), middle=_share(middle[-1], t))])


def _named(series: Sequence[tuple[str, Sequence[DrawRow]]]) -> list[tuple[int, str, list[DrawRow]]]:
    return [(i, name, sorted(draws, key=lambda d: d.sort_key)) for i, (name, draws) in enumerate(series) if draws]


def _cutoffs(named: list[tuple[int, str, list[DrawRow]]], id: str, title: str, since: date | None,
             direct: bool, table: bool, t: Texts) -> Markup:
    several = len(named) > 1
    lines = [Line(i, name, [d.date.toordinal() for d in draws], [float(d.crs) for d in draws],
                  [_cutoff_tip(name if several else "", d, t) for d in draws],
                  frozenset(k for k, d in enumerate(draws) if d.reported)) for i, name, draws in named]
    frame, ticks = _cutoff_frame(named, lines, since, direct, t)
    plans, thinned = plan_lines(lines, frame)

    body = [axis_title(0, FONT_WIDE / 2, t.gettext("CRS cut-off")), *y_axis(frame, ticks, t.number),
            *year_ticks(frame), *year_labels(frame), x_title(frame, HEIGHT, t)]
    labels = [""] * len(lines)
    if direct:
        ends = [(line, frame.y(line.values[-1])) for line in lines]
        labels = direct_labels(ends, frame, [frame.x(line.days[-1]) for line in lines])
    body += [marks(line, plan, frame, dots=True, extra=label)
             for line, plan, label in zip(lines, plans, labels, strict=True)]
    legend = _legend([(i, name) for i, name, _ in named]) if several and not direct else ""
    # Hollow dots and dashed lines need words: in the description, under the chart and in the table.
    note = t.gettext("Hollow dots and dashed lines mark unconfirmed rounds: reported by public sources, not yet "
                     "in IRCC's data.") if any(line.unconfirmed for line in lines) else ""
    desc = " ".join(filter(None, [_cutoff_desc(named, since, direct, t), note]))
    caption = _caption(title, thinned, sum(len(draws) for _, _, draws in named), sum(len(p.tips) for p in plans), t)
    if note:  # after the caption's own sentence
        caption = f"{caption if caption.endswith('.') else caption + '.'} {note}"
    groups = [(name if several else None,
               [(_round_header(draws[i], t), [t.short_date(draws[i].date), t.number(draws[i].crs)])
                for i in plan.tips])
              for (_, name, draws), plan in zip(named, plans, strict=True)]
    figures = data_table(caption, [t.gettext("Round"), t.gettext("Date"), t.gettext("CRS cut-off")], groups, t)
    after = (f'<p class="chart-note">{escape(note)}</p>' if note else "") + (figures if table else "")
    extra = "" if several else ' data-hover="x"'
    return wrap_chart(svg_chart(id, title, desc, HEIGHT, body, extra, t), legend, after)


def _cutoff_frame(named: list[tuple[int, str, list[DrawRow]]], lines: list[Line], since: date | None, direct: bool,
                  t: Texts) -> tuple[Frame, range]:
    """The plot's box and cut-off ticks: the axis fits the draws shown, and the time axis starts at `since`."""
    scores = [d.crs for _, _, draws in named for d in draws]
    low, high, step = nice_range(min(scores), max(scores), MIN_CRS_SPAN)
    ticks = range(low, high + 1, step)
    left = max(text_width(t.number(tick), FONT_WIDE) for tick in ticks) + 10
    right = WIDTH - 10 - (max(text_width(name, FONT_WIDE) for _, name, _ in named) + 6 if direct else 0)
    days = [day for line in lines for day in line.days]
    first = since.toordinal() if since else min(days)
    return Frame(left, right, FONT_WIDE * 1.5 + 8, HEIGHT - 2 * FONT_WIDE - 18, first, max(days), low, high), ticks


def _cutoff_tip(name: str, draw: DrawRow, t: Texts) -> str:
    """#254 · July 5, 2023 · CRS 486, after the line's name when a chart has several."""
    values = {"series": name, "round": round_ref(draw.label, t), "date": t.date(draw.date), "crs": t.number(draw.crs)}
    if name and draw.reported:
        return t.gettext("{series} · {round} · {date} · CRS {crs} · unconfirmed").format(**values)
    if name:
        return t.gettext("{series} · {round} · {date} · CRS {crs}").format(**values)
    if draw.reported:
        return t.gettext("{round} · {date} · CRS {crs} · unconfirmed").format(**values)
    return t.gettext("{round} · {date} · CRS {crs}").format(**values)


def _round_header(draw: DrawRow, t: Texts) -> str:
    """#254, or "#291 (unconfirmed)": a cut-off table's row header."""
    if draw.reported:
        return t.gettext("{round} (unconfirmed)").format(round=round_ref(draw.label, t))
    return round_ref(draw.label, t)


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


def _share(value: float, t: Texts) -> str:
    """A share already in percent (6.1), as Texts.percent wants a fraction (0.061)."""
    return t.percent(value / 100)


def _whole_percent(value: int, t: Texts) -> str:
    """A percentage axis's tick, 10% · 10 %: the locale's own pattern, which has no decimals (Texts.percent has one)."""
    return format_percent(value / 100, locale=t.locale)
