"""Private helpers shared by the geography modules: code and year columns, messages."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar, cast

import numpy as np
import pandas as pd
from pandas.api.types import (
    infer_dtype,
    is_bool_dtype,
    is_float_dtype,
    is_integer_dtype,
    is_numeric_dtype,
    is_object_dtype,
    is_string_dtype,
)

from ..core.typing import IntArray
from ..core.validation import shown
from ..errors import DataError, GeographyError


class Levelled(Protocol):
    """What the neighbour rule and the sums need of a hierarchy.

    :class:`~attraktiv.geography.Hierarchy` satisfies it; ``neighbours`` and
    ``sums`` are typed against this protocol rather than the class, so the class
    may import them without a cycle.
    """

    @property
    def levels(self) -> tuple[str, ...]: ...

    @property
    def lowest_level(self) -> str: ...

    def units(self, level: str) -> pd.Index: ...

    def mapping(self, from_level: str, to_level: str) -> pd.Series[str]: ...

    def ancestor_groups(self, level: str) -> tuple[IntArray, ...]: ...


_SeriesOrFrame = TypeVar("_SeriesOrFrame", "pd.Series[Any]", pd.DataFrame)

# How many offending items an error message lists before it says "and N more".
_SHOWN = 5


def _few(items: Sequence[str]) -> str:
    """Join the first items of a list for an error message, counting the rest."""
    shown = ", ".join(items[:_SHOWN])
    if len(items) > _SHOWN:
        shown += f" and {len(items) - _SHOWN} more ({len(items)} in all)"
    return shown


def _few_repr(items: Iterable[object]) -> str:
    return _few([repr(item) for item in items])


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(repr(name) for name in names)


def _as_codes(series: pd.Series[Any], what: str) -> pd.Series[str]:
    """Unit codes as text; integers become ``str(int)``, missing stays missing.

    Floats are refused: a code read as a float has lost its leading zeros.
    """
    dtype = series.dtype
    if is_bool_dtype(dtype):
        raise DataError(f"{what} must hold codes as text, not booleans")
    if is_float_dtype(dtype):
        raise DataError(
            f"{what} holds floats; read codes as text (dtype=str) "
            "so that leading zeros survive"
        )
    if is_object_dtype(dtype) or not (
        is_integer_dtype(dtype) or is_string_dtype(dtype)
    ):
        kind = infer_dtype(series, skipna=True)
        if kind not in ("string", "integer", "mixed-integer", "empty"):
            raise DataError(f"{what} must hold codes as text or integers, got {kind}")
    codes: pd.Series[str] = series.astype("str")
    return codes


def _missing_codes(codes: pd.Series[str]) -> pd.Series[bool]:
    return codes.isna() | codes.eq("")


def _as_years(series: pd.Series[Any], what: str) -> pd.Series[int]:
    """Years as int64; integral floats are accepted, anything else is refused."""
    if series.isna().any():
        rows = series.index[series.isna()].tolist()
        raise DataError(f"{what} has missing years, in row(s) {_few_repr(rows)}")
    dtype = series.dtype
    if is_integer_dtype(dtype) and not is_bool_dtype(dtype):
        years: pd.Series[int] = series.astype("int64")
        return years
    if is_float_dtype(dtype):
        values = series.to_numpy(dtype=np.float64)
        fractional = values != np.round(values)
        if not fractional.any():
            return series.astype("int64")
        bad = series[fractional].tolist()
        raise DataError(f"{what} must hold whole years, got {_few_repr(bad)}")
    raise DataError(f"{what} must hold integer years, got dtype {dtype}")


def _require_frame(frame: object, what: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            f"{what} must be a pandas DataFrame, got {type(frame).__name__}"
        )
    if not frame.columns.is_unique:
        repeated = frame.columns[frame.columns.duplicated()].unique()
        raise DataError(
            f"{what} has more than one column named "
            f"{' and '.join(repr(str(name)) for name in repeated)}; "
            "every column needs a name of its own"
        )
    return frame


def _require_columns(
    frame: pd.DataFrame,
    columns: Iterable[Hashable] | Mapping[str, Hashable | list[Hashable]],
    where: str = "the frame",
) -> None:
    """Refuse columns absent from ``frame``.

    Given as a mapping of option name to column name (or list of names), the
    message names the options that chose the absent columns, as the caller wrote
    them: ``column(s) 'code' not in data (unit_column); its columns are 'a'``.
    """
    options = columns if isinstance(columns, Mapping) else {"": list(columns)}
    absent: list[Hashable] = []
    culprits: list[str] = []
    for option, value in options.items():
        names = value if isinstance(value, list) else [value]
        missing = [name for name in names if name not in frame.columns]
        if missing:
            absent += missing
            culprits.append(option)
    if absent:
        named = f" ({', '.join(culprits)})" if any(culprits) else ""
        raise DataError(
            f"column(s) {_quoted(map(str, absent))} not in {where}{named}; "
            f"its columns are {_quoted(map(str, frame.columns))}"
        )


def _column_names(option: str, value: object) -> list[str]:
    """A sequence-of-column-names option as a list; one string or a mapping refused."""
    if isinstance(value, str):
        raise DataError(
            f"{option} must be a sequence of column names, not the string {value!r}"
        )
    if isinstance(value, bytes | Mapping | pd.DataFrame) or not isinstance(
        value, Iterable
    ):
        raise DataError(
            f"{option} must be a sequence of column names, got {_shown_name(value)}"
        )
    # Typed as text, as the options are; a frame's other hashable labels pass.
    names = cast("list[str]", list(value))
    for name in names:
        _require_name(name, f"each of {option}")
    return names


def _count_columns(
    frame: pd.DataFrame, columns: Sequence[str] | None, keys: Sequence[str]
) -> list[str]:
    """The additive columns to sum: given ones checked, else every numeric one."""
    if columns is None:
        return [
            str(column)
            for column in frame.columns
            if column not in keys
            and is_numeric_dtype(frame[column].dtype)
            and not is_bool_dtype(frame[column].dtype)
        ]
    chosen = _column_names("columns", columns)
    if not chosen:
        raise DataError(
            "columns is empty; give the count columns to sum, or None for every "
            "numeric column"
        )
    _require_columns(frame, {"columns": chosen})
    clash = [column for column in chosen if column in keys]
    if clash:
        raise DataError(
            f"column(s) {_quoted(clash)} are keys ({_quoted(keys)}), not counts to sum"
        )
    not_numeric = [c for c in chosen if not is_numeric_dtype(frame[c].dtype)]
    if not_numeric:
        raise DataError(f"column(s) {_quoted(not_numeric)} are not numeric")
    return chosen


def _sum_groups(
    frame: pd.DataFrame, keys: list[str], columns: list[str]
) -> pd.DataFrame:
    """Sum ``columns`` per ``keys``; a missing cell makes its group's sum missing."""
    grouped = frame.groupby(keys, sort=True, dropna=False, observed=True)
    # skipna=False: a missing count must never be read as zero.
    totals = grouped[columns].sum(skipna=False)
    return totals.reset_index()


def _require_code(code: object, units: pd.Index, level: str) -> None:
    """Refuse a code that is not one of ``units``, the codes of ``level``."""
    try:
        known = code in units
    except TypeError:  # unhashable, such as a list of codes
        known = False
    if not known:
        raise GeographyError(
            f"{_shown_name(code)} is not a {level} code of this hierarchy "
            f"(level={level!r})"
        )


def _require_name(name: object, option: str) -> None:
    """Refuse a column-name option that cannot name a column (a list, say)."""
    if not isinstance(name, Hashable) or isinstance(name, tuple):
        raise DataError(f"{option} must be one column name, got {_shown_name(name)}")


def _shown_name(value: object) -> str:
    """A short value as its repr (``['code']``), a long or many-line one by its type."""
    text = repr(value)
    return text if len(text) <= 60 and "\n" not in text else shown(value)
