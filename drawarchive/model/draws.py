"""A draw: one round of invitations, as the site shows it."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any

from drawarchive.model.fields import DRAW_FIELDS, FIELDS
from drawarchive.model.values import (
    OFFICIAL,
    REPORTED,
    SOURCE_LANG,
    Correction,
    DataNote,
    Difference,
    PoolDistribution,
    RoundNumber,
    Source,
)

Day = date  # inside Draw, `date` names the field


@dataclass(frozen=True, slots=True, kw_only=True)
class Draw:
    """One round of invitations.

    The facts are IRCC's (status "official") or, until IRCC's data has the round, as public sources
    reported them (status "reported"; time, tie-break, programs, source and pool may then be unknown).
    A fact a person corrected holds the corrected value; `corrections` keeps the official one.

    Each attribute named like a field holds that field (model/fields.py declares them all); a declared
    field the code has no use for yet has no attribute, and is kept in `extra`, validated and exported.
    """

    round: RoundNumber
    date: date
    time: datetime | None = None
    name: str = ""
    category: str = ""
    list_version: int | None = None
    invitations: int = 0
    crs: int = 0
    tie_break: datetime | None = None
    programs: tuple[str, ...] = ()
    source: str | None = None
    pool: PoolDistribution | None = None
    data_notes: tuple[DataNote, ...] = ()
    status: str = OFFICIAL
    reported_by: tuple[Source, ...] = ()
    reported_differences: tuple[Difference, ...] = ()
    corrections: tuple[Correction, ...] = ()
    notes: tuple[str, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()  # declared fields without an attribute, in declaration order
    body: str = ""
    path: str = ""
    # On a page in another language: the language each text is in (the English one where there is no other).
    name_lang: str = SOURCE_LANG
    notes_lang: str = SOURCE_LANG
    body_lang: str = SOURCE_LANG

    @classmethod
    def of(cls, values: Mapping[str, Any], corrections: tuple[Correction, ...] = (), body: str = "",
           path: str = "") -> Draw:
        """A Draw from a file's checked values, each as the model holds it; a corrected value in place of
        IRCC's, which its correction keeps."""
        facts = {**values, **{c.field: c.value for c in corrections}}
        held = {name: _held(name, value) for name, value in facts.items() if name in _ATTRIBUTES and value is not None}
        extra = tuple((name, value) for name, value in facts.items() if name not in _ATTRIBUTES and value is not None)
        return cls(**{**held, "corrections": corrections}, extra=extra, body=body, path=path)

    def value(self, name: str) -> Any:
        """A field's value by its name: an attribute's, or one kept in `extra`; None if not given."""
        if name in _ATTRIBUTES:
            return getattr(self, name)
        return next((value for key, value in self.extra if key == name), None)

    def row(self) -> Draw:
        """The draw as lists, tables and charts show it: only the fields declared `listed`, so that an edit
        to a note or a source re-renders the draw's own page, not every list the draw is in. A row keeps
        which fields were corrected, not how."""
        kept = replace(self, **{name: default for name, default in _DEFAULTS.items() if name not in _LISTED})
        return replace(kept, corrections=tuple(Correction(c.field, None, None, "", "") for c in kept.corrections))

    @property
    def label(self) -> str:
        return str(self.round)

    @property
    def sort_key(self) -> tuple[Day, RoundNumber]:
        return (self.date, self.round)

    @property
    def moment(self) -> datetime:
        """The round time, or midnight UTC on its date while the time is not known: feeds need one."""
        return self.time or datetime(self.date.year, self.date.month, self.date.day, tzinfo=UTC)

    @property
    def reported(self) -> bool:
        return self.status == REPORTED

    @property
    def corrected(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.corrections)

    def correction(self, field: str) -> Correction | None:
        return next((c for c in self.corrections if c.field == field), None)


DrawRow = Draw  # a draw as lists show it: Draw.row()
_ATTRIBUTES = frozenset(f.name for f in fields(Draw)) & frozenset(FIELDS)
_DEFAULTS = {f.name: f.default for f in fields(Draw) if f.default is not MISSING}
_LISTED = frozenset(f.name for f in DRAW_FIELDS if f.listed)


def _held(name: str, value: Any) -> Any:
    """A checked value as the model holds it: lists as tuples, and a pool and sources as their values."""
    model = FIELDS[name].model
    if model is PoolDistribution:
        return PoolDistribution.of(value["as_of"], value["bands"], value["total"])
    if model is Source:
        return tuple(Source(s["label"], s["url"] or "") for s in value)
    if model in (DataNote, Difference):  # records whose fields are the model's own
        return tuple(model(**{k: _frozen(v) for k, v in item.items() if v is not None}) for item in value)
    return tuple(value) if isinstance(value, list) else value


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
