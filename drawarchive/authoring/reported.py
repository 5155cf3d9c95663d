"""What a reported round said that IRCC's data says differently, in sentences for the confirmed file."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from drawarchive.authoring.drawfile import normalized
from drawarchive.model.fields import DRAW_FIELDS


def describe(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S} UTC"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return f"“{value}”"


def differences(reported: dict[str, Any], official: dict[str, Any]) -> list[str]:
    """One sentence per value the report gave that IRCC's data gives otherwise, such as
    "Reported as 3,500 invitations; IRCC's data says 3,550."; unknown values are not differences."""
    found = []
    for field in (f for f in DRAW_FIELDS if f.compared):
        said, says = reported.get(field.name), normalized(field.name, official.get(field.name))
        if said is not None and said != says:
            found.append(f"Reported {field.compared.format(describe(said))}; IRCC's data says {describe(says)}.")
    return found
