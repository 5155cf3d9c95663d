"""The deploy's read-only check of IRCC's rounds data: which round is IRCC's newest, and on what day.

It downloads and parses as import does (the same address checks, deadline and size limits), reads only
each round's number and date as import reads them, and writes nothing. The build then says on every
page what it found. A failure is an ImportFailed, and the pages keep the last successful check.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from drawarchive.authoring.ircc import READERS, Reading, RoundError, round_label
from drawarchive.authoring.ircc_data import TIMEOUT, ImportFailed, load_rounds
from drawarchive.authoring.ircc_fetch import is_url, source_name
from drawarchive.model import Archive, Checked
from drawarchive.model.fields import DRAW_FIELDS

NO_ARCHIVE = Archive((), ())  # a round's number and date are read without the categories
# The two fields the check reads, with import's own readers (model/fields.py declares where each comes from)
_ROUND, _DATE = (ircc for name in ("round", "date") for f in DRAW_FIELDS if f.name == name
                  for ircc in (f.ircc,) if ircc is not None)


def check_ircc(source: str, timeout: float = TIMEOUT, today: Callable[[], date] = date.today) -> Checked:
    """IRCC's newest round in the data at `source` (an address), checked today. Every round's number and
    date must read: one that doesn't could be the newest, and a check that might miss it claims nothing."""
    if not is_url(source):
        raise ImportFailed(f"{source_name(source)}: not an http(s) URL (expected the address of IRCC's rounds "
                           "JSON: a check is of IRCC's data as it is today)")
    rounds = load_rounds(source, timeout)
    newest: tuple[int, str, date] | None = None
    for index, raw in enumerate(rounds):
        try:
            _strings(raw)
            reading = Reading(raw, NO_ARCHIVE)
            number = READERS[_ROUND.read](reading, _ROUND.key)
            day = READERS[_DATE.read](reading, _DATE.key)
        except RoundError as error:
            raise ImportFailed(f"{source_name(source)}: round {round_label(raw, index)}: {error}") from None
        label = str(number)
        key = (int(label.rstrip("ab")), label, day)
        newest = max(newest or key, key)
    if newest is None:
        raise ImportFailed(f"{source_name(source)}: the rounds list is empty (expected IRCC's rounds)")
    return Checked(today(), source_name(source), newest[1], newest[2])


def _strings(raw: object) -> None:
    """The two keys as IRCC writes every value, strings: what the rest of a round holds is import's concern."""
    if not isinstance(raw, dict):
        raise RoundError("round", f"a {type(raw).__name__}", "an object of IRCC's fields", quote=False)
    for key in (_ROUND.key, _DATE.key):
        if not isinstance(raw.get(key), str):
            raise RoundError(key, "missing" if key not in raw else "not a string", "a string, as IRCC writes "
                             "every value", quote=False)
