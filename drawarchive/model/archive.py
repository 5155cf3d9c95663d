"""The archive: everything the site shows, read before anything renders."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from drawarchive.model.categories import Category, DrawName, Program, Translation
from drawarchive.model.draws import Draw, DrawRow
from drawarchive.model.values import SOURCE_LANG, Checked


@dataclass(frozen=True)  # not slotted: its cached views live in __dict__
class Archive:
    """Everything the site shows. Draws are sorted oldest first."""

    draws: tuple[Draw, ...]
    categories: tuple[Category, ...]
    translations: tuple[Translation, ...] = ()
    lang: str = SOURCE_LANG  # the language this archive's texts are shown in
    checked: Checked | None = None  # when import last read IRCC's data (content/checked.yml)
    live: Checked | None = None  # the deploy's own read-only check of IRCC's data, when it succeeded

    @cached_property
    def _by_slug(self) -> dict[str, Category]:
        return {c.slug: c for c in self.categories}

    def category(self, slug: str) -> Category:
        return self._by_slug[slug]

    def draws_in(self, slug: str) -> tuple[Draw, ...]:
        return self._draws_by_category.get(slug, ())

    @cached_property
    def _draws_by_category(self) -> dict[str, tuple[Draw, ...]]:
        grouped: dict[str, list[Draw]] = {}
        for draw in self.draws:
            grouped.setdefault(draw.category, []).append(draw)
        return {slug: tuple(ds) for slug, ds in grouped.items()}

    @cached_property
    def rows(self) -> tuple[DrawRow, ...]:
        """Every draw as tables show it, oldest first."""
        return tuple(d.row() for d in self.draws)

    def rows_in(self, slug: str) -> tuple[DrawRow, ...]:
        return self._rows_by_category.get(slug, ())

    @cached_property
    def _rows_by_category(self) -> dict[str, tuple[DrawRow, ...]]:
        grouped: dict[str, list[DrawRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.category, []).append(row)
        return {slug: tuple(rows) for slug, rows in grouped.items()}

    @cached_property
    def draw_names(self) -> dict[str, tuple[Category, DrawName]]:
        """Official draw name -> (category, name entry); the importer's and `new`'s mapping."""
        return {dn.name: (c, dn) for c in self.categories for dn in c.draw_names}

    @cached_property
    def programs(self) -> tuple[Program, ...]:
        return tuple(c.program for c in self.categories if c.program)
