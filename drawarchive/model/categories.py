"""Categories, their occupation lists, and the texts content/ has in other languages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from drawarchive.model.values import SOURCE_LANG, Source


@dataclass(frozen=True, slots=True)
class Occupation:
    noc: str
    title: str
    inferred: bool = False
    title_lang: str = SOURCE_LANG


@dataclass(frozen=True, slots=True)
class OccupationList:
    """One version of a category's eligibility list. `occupations` is None when the list is unknown."""

    category: str
    version: int
    year: int | None = None
    start: date | None = None
    end: date | None = None
    note: str = ""
    sources: tuple[Source, ...] = ()
    occupations: tuple[Occupation, ...] | None = None

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(o.noc for o in self.occupations or ())


@dataclass(frozen=True, slots=True)
class DrawName:
    """An official IRCC draw name, and the list version it implies."""

    name: str
    version: int | None = None


@dataclass(frozen=True, slots=True)
class Program:
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    name: str
    short_name: str
    kind: str  # general | program | category
    order: int
    description: str
    draw_names: tuple[DrawName, ...] = ()
    versions: tuple[OccupationList, ...] = ()
    program: Program | None = None
    body: str = ""
    path: str = ""
    text_lang: str = SOURCE_LANG  # of name, short_name and description
    body_lang: str = SOURCE_LANG

    def version(self, number: int) -> OccupationList | None:
        return next((v for v in self.versions if v.version == number), None)

    @property
    def has_occupations(self) -> bool:
        return any(v.occupations for v in self.versions)


@dataclass(frozen=True, slots=True)
class CategoryText:
    """A category's texts in another language (content/categories/<slug>.<lang>.md), and the official
    round names IRCC gives in that language."""

    slug: str
    name: str
    short_name: str
    description: str
    draw_names: tuple[tuple[str, str], ...] = ()  # official name in English -> in this language
    round_names: tuple[tuple[str, str], ...] = ()  # round -> its name, where IRCC named one round otherwise
    body: str = ""


@dataclass(frozen=True, slots=True)
class DrawText:
    """A draw's notes in another language (content/draws/<year>/<round>.<lang>.md)."""

    label: str
    notes: tuple[str, ...] = ()
    body: str = ""


@dataclass(frozen=True, slots=True)
class Translation:
    """Everything in one more language: the texts content/ has in it; the rest stays English, marked so."""

    lang: str
    categories: tuple[CategoryText, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()  # NOC code -> official title (CNP 2021 for French)
    draws: tuple[DrawText, ...] = ()


