"""The domain model: every draw, category and occupation list, read before anything renders.

values.py holds what a draw is made of, fields.py declares every field of a draw and of a category
once, draws.py the Draw, categories.py the categories and their lists, archive.py the Archive.
"""
from drawarchive.model.archive import Archive
from drawarchive.model.categories import (
    Category,
    CategoryText,
    DrawName,
    DrawText,
    Occupation,
    OccupationList,
    Program,
    Translation,
)
from drawarchive.model.draws import Draw, DrawRow
from drawarchive.model.values import (
    NOTE_KINDS,
    OFFICIAL,
    POOL_BANDS,
    POOL_SUBBANDS,
    POOL_TOP_BANDS,
    REPORTED,
    Checked,
    Correction,
    DataNote,
    Difference,
    PoolDistribution,
    RoundNumber,
    Source,
    format_utc,
)

__all__ = [
    "NOTE_KINDS",
    "OFFICIAL",
    "POOL_BANDS",
    "POOL_SUBBANDS",
    "POOL_TOP_BANDS",
    "REPORTED",
    "Archive",
    "Category",
    "CategoryText",
    "Checked",
    "Correction",
    "DataNote",
    "Difference",
    "Draw",
    "DrawName",
    "DrawRow",
    "DrawText",
    "Occupation",
    "OccupationList",
    "PoolDistribution",
    "Program",
    "RoundNumber",
    "Source",
    "Translation",
    "format_utc",
]
