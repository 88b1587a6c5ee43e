"""The panel's schema: its columns, and the small texts its messages share."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias

from ..core.typing import FloatArray
from ..core.validation import check_count, check_instance, check_text
from ..periods import Period

#: The barometer's flow components, used when their columns are present.
DEFAULT_COMPONENTS: Final[tuple[str, ...]] = (
    "immigration",
    "domestic_immigrant",
    "domestic_other",
)

#: Input columns of the schema beyond the barometer's own (read by the factors).
INPUT_COLUMNS: Final[tuple[str, ...]] = (
    "in_commuters",
    "out_commuters",
    "employed_residents",
    "cafe_jobs",
    "higher_education",
    "education_known",
    "university_staff",
    "dwellings_completed",
    "culture_index",
)

_CORE_COLUMNS: Final = (
    "population_jan1",
    "natural_increase",
    "net_migration",
    "in_migration",
    "out_migration",
    "jobs",
)
# Counts that cannot be negative (net flows and scores can).
_NON_NEGATIVE: Final = (
    "jobs",
    "in_migration",
    "out_migration",
    "in_commuters",
    "out_commuters",
    "employed_residents",
    "cafe_jobs",
    "higher_education",
    "education_known",
    "university_staff",
    "dwellings_completed",
)
#: How a column goes from the lowest level to a higher one: the sum of the members'
#: values (counts), or their mean weighted by population on 1 January of the same
#: year (scores, prices, rates).
ColumnAggregation: TypeAlias = Literal["sum", "population_mean"]
COLUMN_AGGREGATIONS: Final[tuple[ColumnAggregation, ...]] = ("sum", "population_mean")
# The schema's counts: summed to higher levels without being asked. Any other column
# (a score, a price, a user's own) is aggregated only as a caller declares.
_COUNTS: Final = frozenset((*_CORE_COLUMNS, *_NON_NEGATIVE))
_COMPONENT_PREFIX: Final = "net_migration_"
_FLOW_TOLERANCE: Final = 1e-6

_KNOWN_COLUMNS: Final = frozenset((*_CORE_COLUMNS, *INPUT_COLUMNS))


def _read_only(array: FloatArray) -> FloatArray:
    array.flags.writeable = False
    return array


def _more(count: int) -> str:
    return "" if count <= 1 else f" (and {count - 1} more)"


def gap_text(period: Period, column: str, year: int) -> str:
    """Why a period is left out of the defaults, for a warning or an error.

    Parameters
    ----------
    period : Period
        The period left out.
    column : str
        The column with no value.
    year : int
        The year it has none in.

    Returns
    -------
    str

    Raises
    ------
    InvalidOptionError
        If ``period`` is not a Period, ``column`` not a line of text or ``year``
        not a four-digit year.

    Examples
    --------
    >>> gap_text(Period(2014, 2016), "net_migration", 2016)
    "period 2014-2016 has no value of 'net_migration' in 2016 for any unit"
    """
    check_instance("period", period, Period)
    check_text("column", column)
    check_count("year", year, minimum=1000, maximum=9999)
    return f"period {period.label} has no value of {column!r} in {year} for any unit"
