"""The archive in another language: the texts content/ has in it, and the English ones marked as such.

Nothing is translated here: official names and titles come from the official sources recorded in
content/ (IRCC's French round names, Statistics Canada's CNP 2021 titles), and where a text has no
version in the language, the English one stays, with its language marked so pages can say so.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from drawarchive.model import Archive, Category, Draw, DrawText, OccupationList, Translation


def localize(archive: Archive, lang: str) -> Archive:
    if lang == archive.lang:
        return archive
    found = _translation(archive, lang)
    categories = tuple(_category(c, found) for c in archive.categories)
    draws = tuple(map(draw_localizer(archive, lang), archive.draws))
    localized = Archive(draws, categories, archive.translations, lang, archive.checked, archive.live)
    localized.__dict__["rows"] = archive.rows  # rows hold no text, so every language shares one set
    return localized


def draw_localizer(archive: Archive, lang: str) -> Callable[[Draw], Draw]:
    """Shows one of archive's draws in lang, as localize() does (serve's quick path localizes one draw alone)."""
    if lang == archive.lang:
        return lambda d: d
    found = _translation(archive, lang)
    names = {t.slug: dict(t.draw_names) for t in found.categories}
    rounds = {label: name for t in found.categories for label, name in t.round_names}
    notes = {d.label: d for d in found.draws}
    return lambda d: _draw(d, lang, rounds.get(d.label) or names.get(d.category, {}).get(d.name), notes.get(d.label))


def _translation(archive: Archive, lang: str) -> Translation:
    return next((t for t in archive.translations if t.lang == lang), Translation(lang))


def _category(category: Category, found: Translation) -> Category:
    text = next((t for t in found.categories if t.slug == category.slug), None)
    titles = dict(found.titles)
    versions = tuple(_titled(v, titles, found.lang) for v in category.versions)
    if text is None:
        return replace(category, versions=versions)
    body = text.body if text.body.strip() else category.body
    return replace(category, name=text.name, short_name=text.short_name, description=text.description,
                   versions=versions, body=body, text_lang=found.lang,
                   body_lang=found.lang if text.body.strip() else category.body_lang)


def _titled(version: OccupationList, titles: dict[str, str], lang: str) -> OccupationList:
    if version.occupations is None:
        return version
    return replace(version, occupations=tuple(
        replace(o, title=titles[o.noc], title_lang=lang) if o.noc in titles else o for o in version.occupations))


def _draw(draw: Draw, lang: str, name: str | None, text: DrawText | None) -> Draw:
    if name:
        draw = replace(draw, name=name, name_lang=lang)
    if text is not None and text.notes:
        draw = replace(draw, notes=text.notes, notes_lang=lang)
    if text is not None and text.body.strip():
        draw = replace(draw, body=text.body, body_lang=lang)
    return draw
