"""How facts read to people, in either language: values, titles and summaries of draws.

Used by the templates, the feeds and the charts; the words come from the gettext catalog and
the dates and numbers from CLDR, both through i18n.Texts.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from drawarchive.languages.texts import N_, Texts
from drawarchive.model.draws import Category, Draw

# A correctable field's name as readers know it; the order is the draw page's.
FIELD_NAMES = {"date": N_("Date"), "time": N_("Round time"), "invitations": N_("Invitations issued"),
               "crs": N_("CRS cut-off"), "tie_break": N_("Tie-breaking rule"), "programs": N_("Eligible programs")}


# A category's kind (content/categories/*.md, `kind`) as readers know it.
KIND_NAMES = {"general": N_("general"), "program": N_("program"), "category": N_("occupation or language")}


def kind_name(kind: str, t: Texts) -> str:
    return t.gettext(KIND_NAMES[kind])


def field_name(field: str, t: Texts) -> str:
    return t.gettext(FIELD_NAMES[field])


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


def invitations(count: int, t: Texts) -> str:
    return t.plural(count, "{count} invitation", "{count} invitations")


def draw_title(draw: Draw, category: Category, t: Texts) -> str:
    """#254 · STEM occupations · 500 invitations · CRS 486 (reported rounds say so first)"""
    title = t.gettext("{round} · {category} · {invitations} · CRS {crs}").format(
        round=round_ref(draw.label, t), category=category.name, invitations=invitations(draw.invitations, t),
        crs=draw.crs)
    return t.gettext("Reported: {title}").format(title=title) if draw.reported else title


def draw_summary(draw: Draw, category: Category, t: Texts) -> str:
    """One sentence, and a few more where the draw needs them: the page's description and the feed entry."""
    parts = [t.gettext("Round {round} on {date} ({category}): {invitations} issued; the lowest-ranked candidate "
                       "invited had a CRS score of {crs}.").format(
        round=round_ref(draw.label, t), date=t.date(draw.date), category=category.name,
        invitations=invitations(draw.invitations, t), crs=draw.crs)]
    if draw.tie_break:
        parts.append(t.gettext("Tie-breaking rule: {time}.").format(time=t.datetime(draw.tie_break)))
    parts += [t.gettext("The {field} is corrected from IRCC's {official}.").format(
        field=field_name(c.field, t).lower(), official=format_value(c.official, t)) for c in draw.corrections]
    if draw.reported:
        sources = ", ".join(s.label.split(":")[0] for s in draw.reported_by)
        parts.append(t.gettext("Reported by {sources}; not yet in IRCC's data.").format(sources=sources))
    return " ".join(parts)
