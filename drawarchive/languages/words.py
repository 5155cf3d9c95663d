"""How facts read to people, in either language: values, titles and summaries of draws.

Used by the templates, the feeds and the charts; the words come from the gettext catalog and
the dates and numbers from CLDR, both through i18n.Texts.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from drawarchive.languages.texts import N_, Texts
from drawarchive.model import Category, DataNote, Difference, Draw, RoundNumber
from drawarchive.model.fields import DRAW_FIELDS, FIELDS, Field

# A category's kind (content/categories/*.md, `kind`) as readers know it.
KIND_NAMES = {"general": N_("general"), "program": N_("program"), "category": N_("occupation or language")}


def kind_name(kind: str, t: Texts) -> str:
    return t.gettext(KIND_NAMES[kind])


def field_name(field: str, t: Texts) -> str:
    """A field's name as readers know it (its declared label)."""
    return t.gettext(FIELDS[field].label)


def round_ref(label: str, t: Texts) -> str:
    """#254 · nº 254"""
    return t.gettext("#{round}").format(round=label)


def format_value(value: Any, t: Texts) -> str:
    """Any fact as a reader reads it: a date, a time, a number, or a list of program codes."""
    if isinstance(value, datetime):
        return t.datetime(value)
    if isinstance(value, date):
        return t.date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return t.number(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value))
    return t.gettext("none") if value is None else str(value)


def readable(draw: Draw, category: Category, t: Texts) -> dict[str, str]:
    """Every field of a draw as a reader reads it, by name: what titles and summaries fill their messages with."""
    said = {f.name: _read(draw.value(f.name), f, t) for f in DRAW_FIELDS}
    return said | {"category": category.name}


def _read(value: Any, field: Field, t: Texts) -> str:
    if value is None:
        return ""
    if field.counted:
        return t.plural(value, *field.counted)
    if isinstance(value, RoundNumber):
        return round_ref(value.text, t)
    return str(value) if field.plain else format_value(value, t)


def draw_title(draw: Draw, category: Category, t: Texts) -> str:
    """#254 · STEM occupations · 500 invitations · CRS 486 (reported rounds say so first)"""
    title = t.gettext("{round} · {category} · {invitations} · CRS {crs}").format_map(readable(draw, category, t))
    return t.gettext("Reported: {title}").format(title=title) if draw.reported else title


def draw_summary(draw: Draw, category: Category, t: Texts) -> str:
    """One sentence, and a few more where the draw needs them: the page's description and the feed entry.
    A field declared with a `summary` phrase adds it when the draw gives the field."""
    said = readable(draw, category, t)
    parts = [t.gettext("Round {round} on {date} ({category}): {invitations} issued; the lowest-ranked candidate "
                       "invited had a CRS score of {crs}.").format_map(said)]
    parts += [t.gettext(f.summary).format_map(said) for f in DRAW_FIELDS if f.summary and said[f.name]]
    parts += [t.gettext("The {field} is corrected from IRCC's {official}.").format(
        field=field_name(c.field, t).lower(), official=format_value(c.official, t)) for c in draw.corrections]
    if draw.reported:
        sources = ", ".join(s.label.split(":")[0] for s in draw.reported_by)
        parts.append(t.gettext("Reported by {sources}; not yet in IRCC's data.").format(sources=sources))
    return " ".join(parts)


# How each kind of data note reads (model/values.py, DataNote): the figures fill it in.
NOTES = {
    "no year": N_("The official {field} ({official!r}) gives no year; the draw's year, {year}, is assumed."),
    "subtotal": N_("The {band} subtotal ({published}) is not the sum of its five bands ({sum})."),
    "total": N_("The pool total ({published}) is not the sum of its bands ({sum})."),
}
TIMES = {"time": N_("round time"), "tie_break": N_("tie-break time")}


def import_notes(draw: Draw, t: Texts) -> dict[str, list[str]]:
    """What import wrote of a draw, in sentences: its notes on IRCC's record, and the reported values IRCC
    gave otherwise."""
    return {"data_notes": [data_note(note, draw.date, t) for note in draw.data_notes],
            "differences": [difference(found, t) for found in draw.reported_differences]}


def data_note(note: DataNote, day: date, t: Texts) -> str:
    """A note import wrote as data, as a sentence in the language of t; `day` is the draw's date."""
    if note.kind == "time and date":
        if note.days < 0:
            message = t.ngettext("The official round time ({official}) is {count} day before the draw date, {date}.",
                                 "The official round time ({official}) is {count} days before the draw date, {date}.",
                                 -note.days)
        else:
            message = t.ngettext("The official round time ({official}) is {count} day after the draw date, {date}.",
                                 "The official round time ({official}) is {count} days after the draw date, {date}.",
                                 note.days)
        return message.format(official=note.official, count=t.number(abs(note.days)), date=t.date(day))
    return t.gettext(NOTES[note.kind]).format(
        field=t.gettext(TIMES.get(note.field, "")), official=note.official, year=note.year,
        band=note.band.replace("-", "–"), published=t.number(note.published), sum=t.number(note.sum))


def difference(found: Difference, t: Texts) -> str:
    """What a reported round said that IRCC's data says otherwise, as a sentence in the language of t."""
    said = t.gettext(FIELDS[found.field].compared).format(_described(found.reported, t))
    return t.gettext("Reported {said}; IRCC's data says {official}.").format(said=said,
                                                                            official=_described(found.official, t))


def _described(value: Any, t: Texts) -> str:
    """A value as a difference quotes it: numbers in the language's way, dates and times as written."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return t.number(value)
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S} UTC"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return t.gettext("“{text}”").format(text=value)
