"""Bar charts: labelled bars from zero, horizontal or vertical, with their values at the ends
(see charts.py for what every chart holds and how static/charts.js reads it)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from datetime import date

from markupsafe import Markup, escape

from drawarchive.languages.texts import ENGLISH, Texts
from drawarchive.render.svg import (
    CRISP,
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

ROW, BAR = 28, 18  # horizontal bar rows
COLUMN_HEIGHT = 200  # vertical bars' tallest column


def bar_chart(rows: Sequence[tuple[str, int]], id: str, title: str, horizontal: bool = True,
              sub: Set[str] = frozenset(), *, value_axis: str = "", label_axis: str = "",
              partial: Mapping[str, str] | None = None, amount: Callable[[int], str] | None = None,
              gaps: Set[str] = frozenset(), parts: Mapping[str, str] | None = None, table: bool = True,
              t: Texts = ENGLISH) -> Markup:
    """Labelled bars, starting at zero, with their values at the bar ends.

    Labels in `sub` are indented and lighter. `value_axis` (a plural noun: "Invitations") titles
    the value axis, and `label_axis` heads the table's first column; both, like the labels, are
    the caller's words in the page's language. `amount` words one bar's value for its tip
    ("2015 · 31,063 invitations"). Without it, an axis that `t` calls "Invitations" or
    "Candidates" counts in those words (through the catalog's plural forms), another axis reads
    "Things: 5", and no axis a bare number. A label in `partial` ({"2026": "to October 1"}) is a
    partial period: its bar is light with a dashed outline, its label starred, and a note under
    the chart says so. A label in `gaps` is a period without draws: an empty slot that says so. A
    label in `parts` has its value's part named after it, in the figures and the table: "(6,000 in
    unconfirmed rounds)".
    """
    check_id(id)
    if not rows:
        return Markup("")
    partial = partial or {}
    top = max(max(value, 0) for _, value in rows) or 1  # all zero: flat bars, no division by zero
    named = [t.gettext("{label} ({note})").format(label=label, note=partial[label]) if label in partial else label
             for label, _ in rows]
    words, none = amount or _amount(value_axis, t), t.gettext("no draws")
    values = [none if label in gaps else t.number(value) for label, value in rows]
    said = _with_parts(rows, values, parts or {})
    tips = [t.gettext("{label} · {amount}").format(label=name, amount=none if label in gaps else words(value))
            for name, (label, value) in zip(named, rows, strict=True)]
    desc = _description(named, said, value_axis, t)
    draw = _hbars if horizontal else _vbars
    body, height = draw(rows, top, sub | gaps, partial, tips, value_axis, values)
    notes = _partial_notes(rows, partial, t)
    # the table is made only when shown: a draw page's pool chart has a table of its own
    figures_table = data_table(title, [label_axis or t.gettext("Label"), value_axis or t.gettext("Value")],
                               [(None, [(name, [value]) for name, value in zip(named, said, strict=True)])],
                               t) if table else ""
    svg = svg_chart(id, title, desc, height, body, f' data-hover="{"y" if horizontal else "x"}"', t)
    return wrap_chart(svg, after=notes + figures_table)


def _with_parts(rows: Sequence[tuple[str, int]], values: list[str], parts: Mapping[str, str]) -> list[str]:
    """Each value as the figures and the table give it: with its part named ("135,215 (15,350 in …)")."""
    return [f"{value} {parts[label]}" if label in parts else value
            for (label, _), value in zip(rows, values, strict=True)]


def _description(named: list[str], said: list[str], value_axis: str, t: Texts) -> str:
    figures = "; ".join(t.gettext("{label}: {value}").format(label=name, value=value)
                        for name, value in zip(named, said, strict=True)) + "."
    return t.gettext("{axis}. {figures}").format(axis=value_axis, figures=figures) if value_axis else figures


def _partial_notes(rows: Sequence[tuple[str, int]], partial: Mapping[str, str], t: Texts) -> str:
    return "".join('<p class="chart-note">{}</p>'.format(
        escape(t.gettext("* Partial: {label}, {note}.").format(label=label, note=note)))
        for label, note in partial.items() if label in dict(rows))


def _amount(value_axis: str, t: Texts) -> Callable[[int], str]:
    """How a bar's tip words its value: counted in the axis's own words when they are known."""
    if value_axis and value_axis == t.gettext("Invitations"):
        return lambda n: t.plural(n, "{count} invitation", "{count} invitations")
    if value_axis and value_axis == t.gettext("Candidates"):
        return lambda n: t.plural(n, "{count} candidate", "{count} candidates")
    if value_axis:
        return lambda n: t.gettext("{axis}: {value}").format(axis=value_axis, value=t.number(n))
    return t.number



def _hbars(rows: Sequence[tuple[str, int]], top: int, sub: Set[str], partial: Mapping[str, str],
           tips: list[str], value_axis: str, values: list[str]) -> tuple[list[str], float]:
    indent = 14
    head = ROW if value_axis else 0
    shown = [label + "*" if label in partial else label for label, _ in rows]
    label_w = min(WIDTH * 0.4, max(text_width(s, FONT_WIDE) + indent * (label in sub)
                                   for s, (label, _) in zip(shown, rows, strict=True)) + 10)
    value_w = max(text_width(text, FONT_WIDE) for text in values) + 8
    span = WIDTH - label_w - value_w
    out = [axis_title(label_w, head / 2, value_axis)] if value_axis else []
    out.append(f'<path class="axis"{CRISP} d="M{coord(label_w)} {head}V{head + len(rows) * ROW}"/>')
    for i, (label, value) in enumerate(rows):
        mid, is_sub = head + i * ROW + ROW / 2, label in sub
        length, thick = _length(value, top, span), BAR - 4 * is_sub
        cls = " sub" if is_sub else ""
        out.append(_bar(label_w, mid - thick / 2, length, thick, cls, label in partial, tips[i]))
        out.append(svg_text(indent * is_sub, mid, shown[i], "label" + cls))
        out.append(svg_text(label_w + length + 5, mid, values[i], "value"))
    return out, head + len(rows) * ROW


def _vbars(rows: Sequence[tuple[str, int]], top: int, sub: Set[str], partial: Mapping[str, str],
           tips: list[str], value_axis: str, values: list[str]) -> tuple[list[str], float]:
    """Columns; values above and labels below, turned upright when they are wider than a column."""
    slot = WIDTH / len(rows)
    head = FONT_WIDE + 10 if value_axis else 0
    shown = [label + "*" if label in partial else label for label, _ in rows]
    value_h, turn_values = _column_text_height(values, slot)
    label_h, turn_labels = _column_text_height(shown, slot)
    base = head + value_h + COLUMN_HEIGHT
    out = [axis_title(0, head / 2, value_axis)] if value_axis else []
    out.append(f'<path class="axis"{CRISP} d="M0 {coord(base)}H{WIDTH}"/>')
    for i, ((label, value), text) in enumerate(zip(rows, values, strict=True)):
        cx, length = slot * i + slot / 2, _length(value, top, COLUMN_HEIGHT)
        cls = " sub" if label in sub else ""
        out.append(_bar(cx - slot * 0.35, base - length, slot * 0.7, length, cls, label in partial, tips[i]))
        out.append(_column_text(cx, base - length - 4, text, "value" + cls, turn_values, up=True))
        out.append(_column_text(cx, base + 6, shown[i], "label" + cls, turn_labels, up=False))
    return out, base + label_h


def _bar(x: float, y: float, width: float, height: float, cls: str, partial: bool, tip: str) -> str:
    # A partial period's bar is lighter with a dashed outline, which needs a crisp stroke.
    extra = f' class="bar{cls} partial"{CRISP}' if partial else f' class="bar{cls}"'
    return (f'<rect{extra} x="{coord(x)}" y="{coord(y)}" width="{coord(width)}" height="{coord(height)}" '
            f'data-tip="{escape(tip)}"/>')


def _length(value: int, top: int, span: float) -> float:
    # A small count still gets a visible sliver; zero and below get nothing.
    return 0 if value <= 0 else max(span * value / top, 1.5)


def _column_text_height(texts: list[str], slot: float) -> tuple[float, bool]:
    """Room a column's text needs above or below it, and whether it must be turned upright."""
    widest = max(text_width(text, FONT_WIDE) for text in texts)
    turn = widest > slot - 4
    return (widest + 10 if turn else FONT_WIDE + 10), turn


def _column_text(cx: float, y: float, content: str, cls: str, turn: bool, up: bool) -> str:
    if turn:  # reads bottom to top, starting at the column's end
        anchor = "start" if up else "end"
        return svg_text(cx, y, content, cls, anchor, f' transform="rotate(-90 {coord(cx)} {coord(y)})"')
    return svg_text(cx, y - FONT_WIDE / 2 if up else y + FONT_WIDE / 2, content, cls, "middle")


def per_year_chart(per_year: tuple[tuple[int, int, int], ...], through: date | None, t: Texts, id: str = "per-year",
                   title: str = "", table: bool = True) -> Markup:
    """Invitations per year, each (year, invitations, of them in unconfirmed rounds). The year still
    running, that of `through` (the archive's latest draw, never the clock), is marked partial "so far";
    a year that is over never is, however early its last draw. A year's figure says what unconfirmed
    rounds add to it.

    A year between the first and the last without a draw keeps its slot, empty and labelled, so that the
    pause shows rather than two distant years standing side by side.
    """
    partial = {str(through.year): t.gettext("so far, to {date}").format(date=t.month_day(through))} if through else {}
    totals = {year: invitations for year, invitations, _ in per_year}
    parts = {str(year): t.plural(unconfirmed, "({count} in unconfirmed rounds)", "({count} in unconfirmed rounds)")
             for year, _, unconfirmed in per_year if unconfirmed}
    years = range(min(totals), max(totals) + 1) if totals else range(0)
    return bar_chart([(str(year), totals.get(year, 0)) for year in years], id,
                     title or t.gettext("Invitations issued per year"), horizontal=False,
                     value_axis=t.gettext("Invitations"), label_axis=t.gettext("Year"), partial=partial, parts=parts,
                     gaps=frozenset(str(year) for year in years if year not in totals), table=table, t=t)
