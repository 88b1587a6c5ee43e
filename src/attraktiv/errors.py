"""The exceptions attraktiv raises.

Every error the library raises on bad input is a subclass of :class:`AttraktivError`,
so ``except attraktiv.AttraktivError`` catches all of them. Messages name the unit,
year, period or column at fault and say what would be valid.

Examples
--------
>>> import attraktiv
>>> try:
...     attraktiv.Period(2010, 2008)
... except attraktiv.AttraktivError as err:
...     print(type(err).__name__)
PeriodError
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "AttraktivError",
    "AttraktivWarning",
    "DataError",
    "FlowError",
    "GeographyError",
    "InvalidOptionError",
    "ModelError",
    "PeriodError",
    "RankDeficientError",
]


class AttraktivError(Exception):
    """Base class of every error attraktiv raises on bad input.

    A message quotes the value at fault; a value of thousands of characters (a
    pasted file, a runaway string) is cut to its start and its length, so that
    every message stays readable wherever it was raised.

    Examples
    --------
    >>> err = AttraktivError("unknown factor '" + "x" * 5000 + "'")
    >>> str(err)[-40:]
    'xxxxxxxxxxxxxxxxxxxx… (5,002 characters)'
    """

    def __init__(self, *args: object) -> None:
        if args and isinstance(args[0], str):
            args = (_cut_long_words(args[0]), *args[1:])
        super().__init__(*args)


#: A run of characters without a space longer than this is cut in a message.
_LONGEST_WORD = 160


def _cut_long_words(message: str) -> str:
    if len(message) <= _LONGEST_WORD:
        return message
    words = message.split(" ")
    return " ".join(
        f"{word[:80]}… ({len(word):,} characters)"
        if len(word) > _LONGEST_WORD
        else word
        for word in words
    )


class InvalidOptionError(AttraktivError, ValueError):
    """An option got a value outside its allowed set."""


class DataError(AttraktivError, ValueError):
    """Input data is malformed: NaN, wrong shape or type, duplicate or missing rows."""


class ModelError(AttraktivError, ValueError):
    """A model cannot be estimated as specified (too few observations, bad formula)."""


class RankDeficientError(ModelError):
    """The design is (numerically) rank deficient; the message names the columns.

    Parameters
    ----------
    message : str
        What is wrong and what would be valid.
    columns : sequence of str, default ()
        The columns at fault, in the design's order: the collinear ones, or the
        constant column beside the intercept.
    rank : int, optional
        The numerical rank of the design, when it was computed.

    Attributes
    ----------
    columns : tuple of str
        The columns at fault (empty when unknown).
    rank : int or None
        The numerical rank of the design, or None.

    Examples
    --------
    >>> import numpy as np, attraktiv
    >>> x = np.column_stack([[1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0]])
    >>> try:
    ...     attraktiv.ols([1.0, 3.0, 2.0, 5.0], x, names=["a", "b"])
    ... except attraktiv.RankDeficientError as err:
    ...     print(err.columns, err.rank)
    ('a', 'b') 2
    """

    def __init__(
        self, message: str, *, columns: Sequence[str] = (), rank: int | None = None
    ) -> None:
        super().__init__(message)
        self.columns: tuple[str, ...] = tuple(str(c) for c in columns)
        self.rank: int | None = rank

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only data survives pickling (multiprocessing, caching).
        return (_rank_deficient, (str(self), self.columns, self.rank))


def _rank_deficient(
    message: str, columns: tuple[str, ...], rank: int | None
) -> RankDeficientError:
    return RankDeficientError(message, columns=columns, rank=rank)


class GeographyError(AttraktivError, ValueError):
    """A hierarchy or border-change table is inconsistent, or a unit is unknown."""


class PeriodError(AttraktivError, ValueError):
    """A period is invalid or not covered by the data."""


class FlowError(DataError):
    """Flow components do not add up to the total they decompose."""


class AttraktivWarning(UserWarning):
    """Something the library did that the user did not ask for, said out loud.

    For example: net migration derived from population change because the data have
    no ``net_migration`` column, or a column whose name is close to one of the
    panel's schema (``netmig`` for ``net_migration``) kept as an unknown column.
    """
