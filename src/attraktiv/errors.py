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

__all__ = [
    "AttraktivError",
    "DataError",
    "FlowError",
    "GeographyError",
    "InvalidOptionError",
    "ModelError",
    "PeriodError",
    "RankDeficientError",
]


class AttraktivError(Exception):
    """Base class of every error attraktiv raises on bad input."""


class InvalidOptionError(AttraktivError, ValueError):
    """An option got a value outside its allowed set."""


class DataError(AttraktivError, ValueError):
    """Input data is malformed: NaN, wrong shape or type, duplicate or missing rows."""


class ModelError(AttraktivError, ValueError):
    """A model cannot be estimated as specified (too few observations, bad formula)."""


class RankDeficientError(ModelError):
    """The design is (numerically) rank deficient; the message names the columns."""


class GeographyError(AttraktivError, ValueError):
    """A hierarchy or border-change table is inconsistent, or a unit is unknown."""


class PeriodError(AttraktivError, ValueError):
    """A period is invalid or not covered by the data."""


class FlowError(DataError):
    """Flow components do not add up to the total they decompose."""
