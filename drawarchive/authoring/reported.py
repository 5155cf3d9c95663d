"""What a reported round said that IRCC's data says differently, in sentences for the confirmed file."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from drawarchive.authoring.drawfile import normalized

# field -> how the reported value is described; the name covers category and list version.
COMPARED = {
    "date": "as held on {}",
    "name": "as {}",
    "invitations": "as {} invitations",
    "crs": "with a CRS cut-off of {}",
    "programs": "as open to {}",
    "time": "with a round time of {}",
    "tie_break": "with a tie-breaking rule of {}",
}


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
    for field, phrase in COMPARED.items():
        said, says = reported.get(field), normalized(field, official.get(field))
        if said is not None and said != says:
            found.append(f"Reported {phrase.format(describe(said))}; IRCC's data says {describe(says)}.")
    return found
