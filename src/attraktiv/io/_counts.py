"""Which published measures are counts of people, so cannot be negative."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["is_population"]

# A measure named as a stock of people: "Persons", "Population", "Personer",
# "Befolkning", "Folkemengde" (Norwegian), not a change or a net flow of them.
_PEOPLE: Final = re.compile(
    r"^\s*(?:persons|personer|population|befolkning|folkemengde?|people|"
    r"inhabitants|innbyggere|residents)\b",
    re.IGNORECASE,
)
_CHANGE: Final = re.compile(
    r"\b(?:change|changes|growth|net|endring|endringer|vekst|netto|"
    r"tilvekst|difference|differanse)\b",
    re.IGNORECASE,
)


def is_population(label: str) -> bool:
    """Whether a contents label names a count of people, which is never negative.

    Examples
    --------
    >>> is_population("Persons"), is_population("Befolkning 1. januar")
    (True, True)
    >>> is_population("Population change"), is_population("Net migration")
    (False, False)
    """
    return bool(_PEOPLE.match(label)) and not _CHANGE.search(label)
