"""Marks a message for the catalog, to be translated where it is shown (pybabel extracts N_ and NP_).

A leaf module: the model's declarations mark their help text with it, and import nothing else here.
"""
from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark for the catalog, translate later")
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 (the same, for a message with a plural)
    return singular, plural
