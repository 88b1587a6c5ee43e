"""Checks a panel's data pass before it is built (internal to the panel package)."""

from __future__ import annotations

import difflib
import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.typing import FloatArray, IntArray
from ..errors import AttraktivWarning, DataError
from ._schema import (
    _COMPONENT_PREFIX,
    _CORE_COLUMNS,
    _KNOWN_COLUMNS,
    DEFAULT_COMPONENTS,
)


def warn_unknown(columns: Sequence[str]) -> None:
    """Warn about columns that look like a misspelt barometer column.

    A misnamed input of a factor is caught when the factor asks for it; a misnamed
    barometer column (net migration, population, jobs) would change the numbers
    without an error, so it is named here.
    """
    for column in columns:
        if column in _KNOWN_COLUMNS or column.startswith(_COMPONENT_PREFIX):
            continue
        close = difflib.get_close_matches(column, sorted(_CORE_COLUMNS), n=1)
        if close:
            warnings.warn(
                f"column {column!r} is not in the panel's schema and is kept as an "
                f"extra column; did you mean {close[0]!r}?",
                AttraktivWarning,
                stacklevel=4,
            )


def from_population_change(
    grid: Mapping[str, FloatArray], years: IntArray
) -> FloatArray:
    """Net migration where only population and natural increase are known.

    Net migration in year y = population on 1 January of y + 1
    minus that of y, less the natural increase during y. Unknown (NaN) for the
    last year and wherever the next year is not in the data.
    """
    population = grid["population_jan1"]
    net = np.full_like(population, np.nan)
    follows = np.flatnonzero(np.diff(years) == 1)
    net[:, follows] = (
        population[:, follows + 1]
        - population[:, follows]
        - grid["natural_increase"][:, follows]
    )
    return net


# --- validation -------------------------------------------------------------


def check_numeric(data: pd.DataFrame, columns: Sequence[str]) -> None:
    for column in columns:
        dtype = data[column].dtype
        if (
            not pd.api.types.is_numeric_dtype(dtype)
            or pd.api.types.is_bool_dtype(dtype)
            # complex counts would lose their imaginary part, with only a warning
            or pd.api.types.is_complex_dtype(dtype)
        ):
            raise DataError(
                f"column {column!r} is not numeric (dtype {dtype}); the panel "
                "holds counts and scores only (unit names come from the hierarchy)"
            )


def check_required(columns: Sequence[str], derive: bool | None) -> None:
    for column in ("population_jan1", "jobs"):
        if column not in columns:
            raise DataError(
                f"data has no column {column!r}; the panel needs population_jan1, "
                "jobs and net_migration (or in_migration and out_migration)"
            )
    has_flows = "in_migration" in columns, "out_migration" in columns
    derivable = not any(has_flows) and "natural_increase" in columns
    if "net_migration" not in columns and not all(has_flows) and not derivable:
        missing = "in_migration" if not has_flows[0] else "out_migration"
        detail = (
            f"has no column {missing!r} to go with the other"
            if any(has_flows)
            else "has no column 'net_migration'"
        )
        raise DataError(
            f"data {detail}; the panel needs net_migration, or in_migration and "
            "out_migration, or natural_increase (net migration is then the "
            "population change less natural increase)"
        )
    given = [
        c for c in ("net_migration", "in_migration", "out_migration") if c in columns
    ]
    if derive is True and given:
        raise DataError(
            "derive_net_migration=True, but data has the column "
            f"{given[0]!r}; net migration is either given or derived from "
            "population change, not both"
        )
    if derive is True and "natural_increase" not in columns:
        raise DataError(
            "derive_net_migration=True needs the column 'natural_increase' "
            "(births minus deaths during the year)"
        )
    if derive is False and not given:
        raise DataError(
            "data has no column 'net_migration' (nor in_migration and "
            "out_migration) and derive_net_migration=False; give net migration, "
            "or allow it to be derived from population change"
        )
    if derive is None and not given:
        unknown = [c for c in columns if c not in _KNOWN_COLUMNS]
        unknown = [c for c in unknown if not c.startswith(_COMPONENT_PREFIX)]
        named = (
            f"; the columns {', '.join(map(repr, unknown))} are not in the "
            "panel's schema"
            if unknown
            else ""
        )
        warnings.warn(
            "data has no column 'net_migration', so net migration is derived "
            "as the population change less natural_increase"
            f"{named} (pass derive_net_migration=True to say this is meant, "
            "or rename the column that holds net migration)",
            AttraktivWarning,
            stacklevel=4,
        )


def resolve_components(
    components: Sequence[str] | None, columns: Sequence[str]
) -> tuple[str, ...]:
    if components is None:
        return tuple(c for c in DEFAULT_COMPONENTS if _COMPONENT_PREFIX + c in columns)
    if isinstance(components, str):
        raise DataError(
            f"components must be a sequence of names, got the string {components!r}"
        )
    if isinstance(components, bytes | Mapping | pd.DataFrame) or not isinstance(
        components, Sequence | pd.Index | np.ndarray
    ):
        raise DataError(
            f"components must be a sequence of names, got {type(components).__name__}"
        )
    resolved = tuple(components)
    if not all(isinstance(c, str) and c for c in resolved):
        raise DataError(f"components must be names as text, got {list(resolved)!r}")
    if len(set(resolved)) != len(resolved):
        raise DataError(f"components are repeated: {list(resolved)}")
    for component in resolved:
        if _COMPONENT_PREFIX + component not in columns:
            raise DataError(
                f"component {component!r} has no column "
                f"'{_COMPONENT_PREFIX}{component}' in data"
            )
    return resolved


#: A message for a bad cell, given the cell's description, unit and year positions.
Problem = Callable[[str, int, int], str]


def _code_key(code: str) -> str:
    """A code without spaces, with ASCII digits and without leading zeros."""
    return unicodedata.normalize("NFKC", code).strip().lstrip("0")


def near_codes(unknown: Sequence[str], known: pd.Index) -> str:
    """The unknown codes that differ from a known one only in spaces or digits.

    Spaces, full-width digits and lost leading zeros: the pairs show the reader
    which side to clean.
    """
    keys = {_code_key(str(code)): str(code) for code in known}
    pairs = [
        f"{code!r} for {keys[_code_key(code)]!r}"
        for code in unknown
        if _code_key(code) in keys
    ]
    if not pairs:
        return ""
    return (
        "; they differ from the hierarchy's codes only in spaces, digit width or "
        "leading zeros: " + ", ".join(pairs[:5])
    )


def infinite_cell(column: str) -> Problem:
    return lambda cell, _unit, _year: f"column {column!r} is infinite for {cell}"


def negative_cell(column: str, values: FloatArray) -> Problem:
    return lambda cell, unit, year: (
        f"{column} must not be negative: {cell} it is {values[unit, year]:g}"
    )


def above_whole(part: str, whole: str, low: FloatArray, high: FloatArray) -> Problem:
    return lambda cell, unit, year: (
        f"{part} cannot exceed {whole}, of which they are a part: {cell} has "
        f"{low[unit, year]:g} {part} but {high[unit, year]:g} {whole}"
    )


def checked_years(
    years_raw: pd.Series, codes: npt.NDArray[np.object_], year_column: str
) -> IntArray:
    """The year column as four-digit whole years, or the first bad row named."""
    no_year = years_raw.isna().to_numpy()
    if no_year.any():
        row = int(np.flatnonzero(no_year)[0])
        raise DataError(
            f"year column {year_column!r} has no year for unit {codes[row]!r} "
            f"(row {row}); every row needs a whole year such as 2008"
        )
    if not pd.api.types.is_numeric_dtype(years_raw):
        raise DataError(
            f"year column {year_column!r} must hold whole years, none missing; "
            f"got dtype {years_raw.dtype}"
        )
    year_values = years_raw.to_numpy(dtype=np.float64)
    if not np.isfinite(year_values).all():
        row = int(np.flatnonzero(~np.isfinite(year_values))[0])
        raise DataError(
            f"year column {year_column!r} holds {year_values[row]:g} (unit "
            f"{codes[row]!r}); years must be whole numbers such as 2008"
        )
    if not np.all(year_values == np.round(year_values)):
        bad = year_values[year_values != np.round(year_values)][0]
        raise DataError(
            f"year column {year_column!r} holds {float(bad)!r}, not a whole year"
        )
    year_ints = year_values.astype(np.int64)
    outside = (year_ints < 1000) | (year_ints > 9999)
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise DataError(
            f"year column {year_column!r} holds {year_ints[row]} (unit "
            f"{codes[row]!r}); years must have four digits (1000 to 9999), as "
            "periods such as '2008-2010' do"
        )
    return year_ints
