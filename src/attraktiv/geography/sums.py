"""Sums over the hierarchy: counts up to a higher level, and parent totals.

Higher-level counts are sums of their members' counts, never averages of rates.
Integer columns stay integers, and a missing value makes its group's sum missing:
it is never read as zero. :class:`~attraktiv.geography.Hierarchy` offers these as
its methods ``aggregate`` and ``parent_totals``; the functions here use only the
public methods of the hierarchy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import is_numeric_dtype

from ..errors import DataError, GeographyError
from ._common import (
    Levelled,
    _as_codes,
    _column_names,
    _count_columns,
    _few_repr,
    _missing_codes,
    _require_columns,
    _require_frame,
    _require_name,
    _SeriesOrFrame,
    _sum_groups,
)


def _aggregate(
    hierarchy: Levelled,
    frame: pd.DataFrame,
    to_level: str,
    *,
    from_level: str | None,
    unit_column: str,
    by: Sequence[str],
    columns: Sequence[str] | None,
) -> pd.DataFrame:
    """Sum the counts of ``frame`` per unit of ``to_level`` and ``by`` group."""
    frame = _require_frame(frame, "frame")
    from_level = hierarchy.lowest_level if from_level is None else from_level
    mapping = hierarchy.mapping(from_level, to_level)
    _require_name(unit_column, "unit_column")
    keys = _column_names("by", by)
    if unit_column in keys:
        raise DataError(f"unit_column {unit_column!r} is also in by")
    _require_columns(frame, {"unit_column": unit_column, "by": keys})
    counts = _count_columns(frame, columns, [unit_column, *keys])
    codes = _locate(
        frame[unit_column],
        hierarchy.units(from_level),
        from_level,
        f"column {unit_column!r}",
    )
    targets = mapping.iloc[mapping.index.get_indexer(pd.Index(codes))].to_numpy()
    work = frame.loc[:, [*keys, *counts]]
    work.insert(0, unit_column, targets)
    totals = _sum_groups(work, [*keys, unit_column], counts)
    order = [c for c in frame.columns if c in {unit_column, *keys, *counts}]
    return totals.loc[:, order]


def _locate(
    values: pd.Series[Any] | pd.Index, units: pd.Index, level: str, what: str
) -> pd.Series[str]:
    """Codes of ``values`` checked against ``units``, the codes of ``level``."""
    codes = _as_codes(pd.Series(values), what)
    missing = _missing_codes(codes)
    if missing.any():
        rows = codes.index[missing.to_numpy()].tolist()
        raise DataError(
            f"{what} has {int(missing.sum())} missing code(s), "
            f"in row(s) {_few_repr(rows)}"
        )
    known = codes.isin(units)
    if not known.all():
        unknown = sorted(set(codes[~known].tolist()))
        raise GeographyError(
            f"{len(unknown)} code(s) in {what} are not {level} codes of the "
            f"hierarchy: {_few_repr(unknown)}"
        )
    return codes


def _parent_totals(
    hierarchy: Levelled, values: _SeriesOrFrame, level: str
) -> _SeriesOrFrame:
    """For every unit, the total of its parent's members on the same level."""
    if not isinstance(values, pd.Series | pd.DataFrame):
        raise DataError(
            f"values must be a pandas Series or DataFrame, got {type(values).__name__}"
        )
    units = hierarchy.units(level)
    dtypes = [values.dtype] if isinstance(values, pd.Series) else list(values.dtypes)
    if not all(is_numeric_dtype(dtype) for dtype in dtypes):
        raise DataError("parent_totals needs numeric values")
    codes = _locate(values.index, units, level, "the index of values")
    repeated = codes[codes.duplicated()]
    if len(repeated):
        raise DataError(
            f"{level} code(s) repeated in the index of values: "
            f"{_few_repr(sorted(set(repeated.tolist())))}"
        )
    absent = units.difference(pd.Index(codes))
    if len(absent):
        raise GeographyError(
            f"values lack {len(absent)} {level} unit(s) of the hierarchy: "
            f"{_few_repr(absent.tolist())}; parent totals need every unit"
        )
    if level == hierarchy.levels[-1]:
        groups: npt.NDArray[Any] = np.zeros(len(codes), dtype=np.int64)
    else:
        parents = hierarchy.ancestor_groups(level)[0]
        groups = parents[units.get_indexer(pd.Index(codes))]
    totals: _SeriesOrFrame = values.groupby(groups).transform("sum", skipna=False)
    return totals
