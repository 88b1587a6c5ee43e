"""Small text helpers for messages and labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["capitalized", "plural", "singular", "years_text"]

_PLURALS: Final = {
    "municipality": "municipalities",
    "region": "regions",
    "county": "counties",
}

# Levels named by a code-like identifier, and the words a text uses for them: the
# NUTS levels of the European panel ("nuts3" is a NUTS 3 region).
_WORDS: Final = {
    "nuts3": "NUTS 3 region",
    "nuts2": "NUTS 2 region",
    "nuts1": "NUTS 1 region",
}


def singular(level: str) -> str:
    """How a text names one unit of ``level``: ``"NUTS 3 region"`` for ``"nuts3"``.

    Any other level is its own word (``"municipality"``, ``"country"``).

    Examples
    --------
    >>> singular("nuts3"), singular("nuts1"), singular("municipality")
    ('NUTS 3 region', 'NUTS 1 region', 'municipality')
    """
    return _WORDS.get(level, level)


def capitalized(text: str) -> str:
    """``text`` with its first letter upper case and the rest as it is.

    Unlike :meth:`str.capitalize`, which lowers the rest ("Nuts 3 regions").

    Examples
    --------
    >>> capitalized("municipalities"), capitalized("NUTS 3 regions")
    ('Municipalities', 'NUTS 3 regions')
    """
    return text[:1].upper() + text[1:]


def plural(level: str) -> str:
    """``"municipalities"`` for ``"municipality"``, and so on.

    The NUTS levels of the European panel read as words: ``"nuts3"`` gives
    ``"NUTS 3 regions"``.

    Examples
    --------
    >>> plural("county"), plural("district"), plural("valley")
    ('counties', 'districts', 'valleys')
    >>> [plural(level) for level in ("nuts3", "nuts2", "nuts1", "country")]
    ['NUTS 3 regions', 'NUTS 2 regions', 'NUTS 1 regions', 'countries']
    """
    word = singular(level)
    if word in _PLURALS:
        return _PLURALS[word]
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


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
