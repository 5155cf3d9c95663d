"""The pieces every chart is drawn with (charts.py, bars.py): the SVG element, its text, its
figures table, and the numbers they are written with."""
from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from drawarchive.languages.texts import Texts

WIDTH = 600
FONT = 12  # the desktop font size, also the fallback when the stylesheet is missing
FONT_WIDE = 20  # the largest size the stylesheet sets (phones): every layout leaves room for it
EM = 0.6  # a generous average glyph width in ems, so estimated labels never collide
ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Strokes keep their on-screen width however far the viewBox is scaled. An attribute, not CSS:
# the Nu HTML Checker's CSS validator rejects the property.
CRISP = ' vector-effect="non-scaling-stroke"'


def data_table(caption: str, head: list[str], groups: Sequence[tuple[str | None, Sequence[tuple[str, list[str]]]]],
           t: Texts) -> str:
    """The chart's figures: a row header and cells per row; a row group per named series.

    Cells (numbers and dates) are right-aligned by the stylesheet, and so are their column headings.
    Few, short columns: the table fits a 360px phone.
    """
    num = ' class="num"'
    cols = "".join(f'<th scope="col"{num if i else ""}>{escape(h)}</th>' for i, h in enumerate(head))
    bodies = []
    for name, rows in groups:
        out = [f'<tr><th scope="rowgroup" colspan="{len(head)}">{escape(name)}</th></tr>'] if name else []
        for header, cells in rows:
            tds = "".join(f"<td>{escape(c)}</td>" for c in cells)  # the stylesheet aligns them: fewer bytes
            out.append(f'<tr><th scope="row">{escape(header)}</th>{tds}</tr>')
        bodies.append("<tbody>" + "".join(out) + "</tbody>")
    summary = escape(t.gettext("The figures"))
    return (f'<details class="chart-data"><summary>{summary}</summary><div class="table-wrap"><table>'
            f"<caption>{escape(caption)}</caption><thead><tr>{cols}</tr></thead>{''.join(bodies)}</table></div>"
            "</details>")


def svg_chart(id: str, title: str, desc: str, height: float, body: list[str], extra: str, t: Texts) -> str:
    # static/charts.js describes the keys with data-keys: the script has no words of its own.
    keys = escape(t.gettext("Arrow keys, Home and End read each value."))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {coord(height)}" width="100%" '
            f'font-size="{FONT}" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc"{extra} '
            f'data-keys="{keys}">'
            f'<title id="{id}-title">{escape(title)}</title><desc id="{id}-desc">{escape(desc)}</desc>'
            + "".join(body) + "</svg>")


def wrap_chart(svg: str, before: str = "", after: str = "") -> Markup:
    # Everything interpolated above went through escape() or is a number we formatted.
    return Markup(f'<div class="chart">{before}{svg}{after}</div>')


def axis_title(x: float, y: float, content: str, anchor: str = "start") -> str:
    return svg_text(x, y, content, "axis-title", anchor)


def svg_text(x: float, y: float, content: str, cls: str, anchor: str = "start", extra: str = "") -> str:
    align = "" if anchor == "start" else f' text-anchor="{anchor}"'
    # dy centres the text on y without dominant-baseline, which older Safari ignores.
    return f'<text class="{cls}" x="{coord(x)}" y="{coord(y)}" dy=".35em"{align}{extra}>{escape(content)}</text>'


def text_width(text: str, size: float) -> float:
    return len(text) * size * EM


def coord(value: float) -> str:
    """One decimal, no trailing '.0' and no '-0': fixed text for fixed input."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def check_id(id: str) -> None:
    if not ID.fullmatch(id):
        raise ValueError(f"chart id must be a letter then letters, digits, '-' or '_': {id!r}")
