"""What a reported round said that IRCC's data says differently, as data for the confirmed file."""
from __future__ import annotations

from typing import Any

from drawarchive.authoring.drawfile import normalized
from drawarchive.model.fields import DRAW_FIELDS


def differences(reported: dict[str, Any], official: dict[str, Any]) -> list[dict[str, Any]]:
    """Each value the report gave that IRCC's data gives otherwise, as {field, reported, official} (a page
    words it: "Reported as 3,500 invitations; IRCC's data says 3,550."); unknown values are no difference.
    The fields compared are those declared with a `compared` phrase (model/fields.py)."""
    found = []
    for field in (f for f in DRAW_FIELDS if f.compared):
        said, says = reported.get(field.name), normalized(field.name, official.get(field.name))
        if said is not None and said != says:
            found.append({"field": field.name, "reported": said, "official": says})
    return found
