"""How facts read to people, in either language: values, titles and summaries of draws.

Used by the templates, the feeds and the charts; the words come from the gettext catalog and
the dates and numbers from CLDR, both through i18n.Texts.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from markupsafe import Markup, escape

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


def programs_named(codes: Iterable[str], categories: Iterable[Category]) -> tuple[Category, ...]:
    """The programs `codes` name (FSW, CEC, ...: the codes of draw files and of the data), as readers know
    them in the categories' language: each one's program category, with its name and short name
    (content/categories/fsw.md says FSW; fsw.fr.md says PTQF, as IRCC does)."""
    by_code = {c.program.code: c for c in categories if c.program}
    return tuple(by_code[code] for code in codes)


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
    """A feed entry's title, what readers scan for first, as list views cut titles short:
    Canadian Experience Class: CRS 518, 2,000 invitations · #446 · September 29, 2026 (unconfirmed)"""
    title = t.gettext("{category}: CRS {crs}, {invitations} · {round} · {date}").format_map(
        readable(draw, category, t))
    return t.gettext("{title} (unconfirmed)").format(title=title) if draw.reported else title


def draw_summary(draw: Draw, category: Category, t: Texts) -> str:
    """One sentence, and a few more where the draw needs them: the page's description.
    A field declared with a `summary` phrase adds it when the draw gives the field."""
    said = readable(draw, category, t)
    first = t.gettext("Round {round} on {date} ({category}): {invitations} issued; the lowest-ranked candidate "
                      "invited had a CRS score of {crs}.").format_map(said)
    return " ".join([first, *_phrases(said, t), *_record(draw, t)])


def entry_summary(draw: Draw, category: Category, t: Texts) -> str:
    """A feed entry's summary: what its title (draw_title) leaves out, never what it says. The eligible
    programs, the fields' `summary` phrases (the tie-break), IRCC's round time where it contradicts the date,
    corrections, and who reported a round IRCC's data doesn't have yet."""
    said = readable(draw, category, t)
    parts = [t.gettext("{field}: {value}.").format(field=field_name("programs", t), value=said["programs"])
             ] if draw.programs else []
    parts += _phrases(said, t)
    parts += [_time_note(note, draw.time, t) for note in draw.data_notes if note.kind == "time and date"]
    return " ".join(parts + _record(draw, t))


def _phrases(said: dict[str, str], t: Texts) -> list[str]:
    return [t.gettext(f.summary).format_map(said) for f in DRAW_FIELDS if f.summary and said[f.name]]


def _record(draw: Draw, t: Texts) -> list[str]:
    """What people changed or added to IRCC's record: corrections, and a reported round's sources."""
    parts = [t.gettext("The {field} is corrected from IRCC's {official}.").format(
        field=field_name(c.field, t).lower(), official=format_value(c.official, t)) for c in draw.corrections]
    if draw.reported:
        sources = ", ".join(s.label.split(":")[0] for s in draw.reported_by)
        parts.append(t.gettext("Unconfirmed: reported by {sources}; not yet in IRCC's data.").format(sources=sources))
    return parts


def _time_note(note: DataNote, official: datetime | None, t: Texts) -> str:
    """IRCC's round time on another day than the round's: said without the date, which the title gives, and
    in the language's words where the time is known (IRCC's text otherwise)."""
    if note.days < 0:
        message = t.ngettext("IRCC's round time ({official}) is {count} day before the round's date.",
                             "IRCC's round time ({official}) is {count} days before the round's date.", -note.days)
    else:
        message = t.ngettext("IRCC's round time ({official}) is {count} day after the round's date.",
                             "IRCC's round time ({official}) is {count} days after the round's date.", note.days)
    said = t.datetime(official) if official else note.official
    return message.format(official=said, count=t.number(abs(note.days)))


# How each kind of data note reads (model/values.py, DataNote): the figures fill it in.
NOTES = {
    "no year": N_("The official {field} ('{official}') gives no year; the draw's year, {year}, is assumed."),
    "subtotal": N_("The {band} subtotal ({published}) is not the sum of its five bands ({sum})."),
    "total": N_("The pool total ({published}) is not the sum of its bands ({sum})."),
}
TIMES = {"time": N_("round time"), "tie_break": N_("tie-break time")}


def import_notes(draw: Draw, t: Texts, html: bool = False) -> dict[str, list[str]]:
    """What import wrote of a draw, in sentences: its notes on IRCC's record (as HTML where `html`, see
    data_note), and the reported values IRCC gave otherwise."""
    return {"data_notes": [data_note(note, draw.date, t, html) for note in draw.data_notes],
            "differences": [difference(found, t) for found in draw.reported_differences]}


def data_note(note: DataNote, day: date, t: Texts, html: bool = False) -> str:
    """A note import wrote as data, as a sentence in the language of t; `day` is the draw's date. As HTML
    where `html`: IRCC's text it quotes is then marked as English on other languages' pages (the note is
    about what IRCC's record says, so it quotes it word for word; the page gives the time in its language)."""
    message = _note_message(note, t)
    official: str = note.official
    if html:
        message = Markup(escape(message))
        if t.lang != IRCC_DATA_LANG:
            official = Markup('<span lang="{}">{}</span>').format(IRCC_DATA_LANG, note.official)
    return message.format(
        official=official, count=t.number(abs(note.days)), date=t.date(day),
        field=t.gettext(TIMES[note.field]) if note.field else "", year=note.year, band=note.band.replace("-", "–"),
        published=t.number(note.published), sum=t.number(note.sum))


IRCC_DATA_LANG = "en"  # the language of IRCC's rounds data, which import reads


def _note_message(note: DataNote, t: Texts) -> str:
    if note.kind == "time and date":
        if note.days < 0:
            message = t.ngettext("The official round time ({official}) is {count} day before the draw date, {date}.",
                                 "The official round time ({official}) is {count} days before the draw date, {date}.",
                                 -note.days)
        else:
            message = t.ngettext("The official round time ({official}) is {count} day after the draw date, {date}.",
                                 "The official round time ({official}) is {count} days after the draw date, {date}.",
                                 note.days)
        return message
    return t.gettext(NOTES[note.kind])


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
