"""Small text helpers for messages and labels."""

from __future__ import annotations

from typing import Final

__all__ = ["plural"]

_PLURALS: Final = {
    "municipality": "municipalities",
    "region": "regions",
    "county": "counties",
}


def plural(level: str) -> str:
    """``"municipalities"`` for ``"municipality"``, and so on.

    Examples
    --------
    >>> plural("county"), plural("district"), plural("valley")
    ('counties', 'districts', 'valleys')
    """
    if level in _PLURALS:
        return _PLURALS[level]
    if level.endswith("y") and level[-2:-1] not in tuple("aeiou"):
        return level[:-1] + "ies"
    return level + "s"
