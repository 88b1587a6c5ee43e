"""Periods of years: the three-year windows the barometer works on.

A period runs from its first to its last year, both included, and is written
``"2008-2010"``. Driver tables label a period by its last year alone (2010 means
2008-2010). :func:`rolling_periods` gives one period for every end year (they
overlap); :func:`long_term_periods` gives the last non-overlapping periods whose
indices add up to the long-term index.

Examples
--------
>>> from attraktiv.periods import Period, long_term_periods
>>> period = Period.parse("2008–2010")
>>> period
Period(first=2008, last=2010)
>>> print(period)
2008-2010
>>> period.years, period.label_end
((2008, 2009, 2010), 2010)
>>> [p.label for p in long_term_periods(2010)]
['2002-2004', '2005-2007', '2008-2010']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeGuard

import numpy as np
import pandas as pd

from .core.validation import check_text, shown
from .errors import InvalidOptionError, PeriodError

__all__ = ["Period", "as_period", "as_periods", "long_term_periods", "rolling_periods"]

# Either dash: the hyphen-minus people type and the en dash of printed reports.
_PERIOD_PATTERN = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_EXPECTED_FORM = (
    "expected 'first-last' with four-digit years, such as '2008-2010' (hyphen or "
    "en dash)"
)


def _is_integer(value: object) -> TypeGuard[int | np.integer[Any]]:
    # bool is an int subclass, but True is no year.
    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, int | np.integer)


#: The years a period may span: those with four digits, as in its text form.
_FIRST_YEAR: Final = 1000
_LAST_YEAR: Final = 9999


@dataclass(frozen=True, order=True)
class Period:
    """A period of whole years, from ``first`` to ``last`` inclusive.

    Parameters
    ----------
    first : int
        The first year of the period, with four digits (1000 to 9999), as in the
        text form ``"2008-2010"``.
    last : int
        The last year of the period (included); at least ``first``, at most 9999.

    Raises
    ------
    PeriodError
        If a year is not an integer, or ``last`` is before ``first``.

    Notes
    -----
    Periods are immutable and ordered by ``(first, last)``. NumPy integers are
    accepted and stored as Python ``int``.

    Examples
    --------
    >>> p = Period(2008, 2010)
    >>> p.years, p.length, p.label, p.label_end
    ((2008, 2009, 2010), 3, '2008-2010', 2010)
    >>> 2009 in p, 2011 in p
    (True, False)
    >>> Period(2005, 2007) < p
    True
    """

    first: int
    last: int

    def __post_init__(self) -> None:
        if not (_is_integer(self.first) and _is_integer(self.last)):
            raise PeriodError(
                "period years must be integers, got "
                f"first={self.first!r}, last={self.last!r}"
            )
        # Normalise NumPy integers so that equality, hashing and repr are plain.
        object.__setattr__(self, "first", int(self.first))
        object.__setattr__(self, "last", int(self.last))
        if self.last < self.first:
            raise PeriodError(
                f"period ends before it starts: last year {self.last} "
                f"is before first year {self.first}"
            )
        if not (self.first >= _FIRST_YEAR and self.last <= _LAST_YEAR):
            # The text form has four-digit years; every period must read back.
            raise PeriodError(
                f"period years must have four digits ({_FIRST_YEAR} to "
                f"{_LAST_YEAR}), got first={self.first}, last={self.last}; give "
                "calendar years, as in Period(2008, 2010)"
            )

    @classmethod
    def parse(cls, value: Period | str | tuple[int, int]) -> Period:
        """Read a period from a string, a ``(first, last)`` tuple or a Period.

        Parameters
        ----------
        value : Period, str or tuple of two int
            ``"2008-2010"`` or ``"2008–2010"`` (en dash), with optional spaces
            around the years; a tuple ``(first, last)``; or a Period, returned as is.

        Returns
        -------
        Period
            The period.

        Raises
        ------
        PeriodError
            If the text is not of the form ``first-last``, the tuple does not hold
            two years, or the years do not make a valid period.

        Examples
        --------
        >>> Period.parse(" 2008–2010 ")
        Period(first=2008, last=2010)
        >>> Period.parse((2003, 2005)).label
        '2003-2005'
        """
        if isinstance(value, Period):
            return value
        if isinstance(value, str):
            match = _PERIOD_PATTERN.fullmatch(value.strip())
            if match is None:
                raise PeriodError(
                    f"cannot read {value!r} as a period; {_EXPECTED_FORM}"
                )
            return cls(int(match.group(1)), int(match.group(2)))
        if isinstance(value, tuple):
            if len(value) != 2:
                raise PeriodError(
                    f"cannot read {value!r} as a period; "
                    "expected a tuple of two years (first, last)"
                )
            return cls(value[0], value[1])
        raise PeriodError(
            f"cannot read {value!r} as a period; expected a Period, a string "
            "such as '2008-2010' or a tuple (first, last)"
        )

    @property
    def years(self) -> tuple[int, ...]:
        """The years of the period, in order."""
        return tuple(range(self.first, self.last + 1))

    @property
    def length(self) -> int:
        """The number of years in the period."""
        return self.last - self.first + 1

    @property
    def label(self) -> str:
        """The period as text, ``"first-last"`` with a hyphen."""
        return f"{self.first}-{self.last}"

    @property
    def label_end(self) -> int:
        """The last year, by which driver tables label a period."""
        return self.last

    def __str__(self) -> str:
        return self.label

    def __contains__(self, year: object) -> bool:
        """Whether an integer ``year`` lies in the period."""
        return _is_integer(year) and self.first <= int(year) <= self.last


def as_period(value: Period | str | tuple[int, int]) -> Period:
    """Read a period; the function form of :meth:`Period.parse`.

    Parameters
    ----------
    value : Period, str or tuple of two int
        See :meth:`Period.parse`.

    Returns
    -------
    Period
        The period.

    Raises
    ------
    PeriodError
        If ``value`` cannot be read as a period.

    Examples
    --------
    >>> as_period("2001-2003").label_end
    2003
    """
    return Period.parse(value)


def _check_integers(**values: Any) -> None:
    for name, value in values.items():
        if not _is_integer(value):
            raise PeriodError(f"{name} must be an integer, got {shown(value)}")


def _check_length(length: int) -> None:
    if length < 1:
        raise PeriodError(f"period length must be at least 1, got {length}")
    if length > _LAST_YEAR - _FIRST_YEAR + 1:
        raise PeriodError(
            f"length={length:,} is not valid; a period has from 1 to "
            f"{_LAST_YEAR - _FIRST_YEAR + 1:,} years"
        )


def _check_end_year(**years: int) -> None:
    # An end year is named before any period is made from it, so that a typo such
    # as last_end=213 is not reported as a period of years 211-213.
    for name, year in years.items():
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise PeriodError(
                f"{name}={year:,} is not valid; give a year with four digits "
                f"({_FIRST_YEAR} to {_LAST_YEAR})"
            )


def rolling_periods(first_end: int, last_end: int, length: int = 3) -> list[Period]:
    """One period for every end year from ``first_end`` to ``last_end``.

    Parameters
    ----------
    first_end : int
        The last year of the first period.
    last_end : int
        The last year of the last period; at least ``first_end``.
    length : int, default 3
        Years per period.

    Returns
    -------
    list of Period
        ``last_end - first_end + 1`` overlapping periods, oldest first.

    Raises
    ------
    PeriodError
        If an argument is not an integer, ``length < 1`` or
        ``last_end < first_end``.

    Examples
    --------
    >>> [p.label for p in rolling_periods(2003, 2005)]
    ['2001-2003', '2002-2004', '2003-2005']
    """
    _check_integers(first_end=first_end, last_end=last_end, length=length)
    _check_end_year(first_end=first_end, last_end=last_end)
    _check_length(length)
    if last_end < first_end:
        raise PeriodError(f"last_end {last_end} is before first_end {first_end}")
    return [Period(end - length + 1, end) for end in range(first_end, last_end + 1)]


def long_term_periods(last_end: int, length: int = 3, count: int = 3) -> list[Period]:
    """The last ``count`` non-overlapping periods ending in ``last_end``.

    Parameters
    ----------
    last_end : int
        The last year of the most recent period.
    length : int, default 3
        Years per period.
    count : int, default 3
        Number of periods.

    Returns
    -------
    list of Period
        Adjacent periods, oldest first, covering ``length * count`` years.

    Raises
    ------
    PeriodError
        If an argument is not an integer, or ``length`` or ``count`` is below 1.

    Notes
    -----
    The long-term index of a unit is the sum of its indices over these periods.

    Examples
    --------
    >>> [p.label for p in long_term_periods(2010)]
    ['2002-2004', '2005-2007', '2008-2010']
    >>> [p.label for p in long_term_periods(2010, length=2, count=2)]
    ['2007-2008', '2009-2010']
    """
    _check_integers(last_end=last_end, length=length, count=count)
    _check_end_year(last_end=last_end)
    _check_length(length)
    if count < 1:
        raise PeriodError(f"count must be at least 1, got {count}")
    # Checked before the list is built: count=10**12 would exhaust memory.
    if last_end - count * length + 1 < _FIRST_YEAR:
        raise PeriodError(
            f"count={count:,} periods of length={length} years ending in "
            f"{last_end} would start before {_FIRST_YEAR}; give at most "
            f"{(last_end - _FIRST_YEAR + 1) // length:,} periods"
        )
    ends = [last_end - k * length for k in range(count - 1, -1, -1)]
    return [Period(end - length + 1, end) for end in ends]


def as_periods(values: object, name: str = "periods") -> list[Period]:
    """A sequence of periods (Period, text such as '2008-2010', or year pairs).

    Parameters
    ----------
    values : sequence
        The periods, each as :func:`as_period` reads it.
    name : str, default "periods"
        The argument's name, used in messages.

    Returns
    -------
    list of Period

    Raises
    ------
    PeriodError
        If ``values`` is not a list-like of periods (one string is refused, not
        split into characters) or an item is not a period; the message names the
        argument.
    InvalidOptionError
        If ``values`` is empty, or ``name`` is not one line of text.

    Examples
    --------
    >>> as_periods(["2008-2010", (2011, 2013)])
    [Period(first=2008, last=2010), Period(first=2011, last=2013)]
    >>> as_periods("2008-2010")
    Traceback (most recent call last):
    ...
    attraktiv.errors.PeriodError: periods='2008-2010' is not valid; give a list ...
    """
    name = check_text("name", name)
    if isinstance(values, str | bytes | Mapping | pd.DataFrame) or not isinstance(
        values, Sequence | pd.Index | pd.Series | np.ndarray
    ):
        raise PeriodError(
            f"{name}={shown(values)} is not valid; give a list of periods, such as "
            f"{name}=['2008-2010']"
        )
    if len(values) == 0:
        # Every caller needs a period: an empty list is a mistake, not "none".
        raise InvalidOptionError(
            f"{name} is empty; give at least one period, such as {name}=['2008-2010']"
        )
    periods = []
    for item in values:
        try:
            periods.append(as_period(item))
        except PeriodError as err:
            raise PeriodError(f"{name}: {err}") from None
    return periods
