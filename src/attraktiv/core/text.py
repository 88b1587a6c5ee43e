"""Small text helpers for messages and labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["plural", "years_text"]

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


def years_text(years: Sequence[int]) -> str:
    """``2002-2016`` for a run of years, ``2003, 2005-2007`` when there are gaps.

    Examples
    --------
    >>> years_text([2003, 2005, 2006, 2007]), years_text([])
    ('2003, 2005-2007', 'none')
    """
    if not years:
        return "none"
    runs: list[str] = []
    start = previous = years[0]
    for year in [*years[1:], None]:
        if year is not None and year == previous + 1:
            previous = year
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if year is not None:
            start = previous = year
    return ", ".join(runs)
