"""Border changes: a :class:`ChangeTable` of codes between vintages, and :func:`rebase`.

Borders change. A :class:`ChangeTable` maps the codes valid in a year onto the
codes of a target vintage, with weights for splits, and :func:`rebase`
re-expresses a unit-year table of counts in the target borders, conserving every
yearly total.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_integer_dtype, is_numeric_dtype

from ..core.frozen import hand_out_copies
from ..core.validation import check_text
from ..errors import DataError, GeographyError
from ._common import (
    _as_codes,
    _as_years,
    _count_columns,
    _few,
    _few_repr,
    _missing_codes,
    _quoted,
    _require_columns,
    _require_frame,
    _require_name,
    _shown_name,
    _sum_groups,
)
from .reading import _read_codes

__all__ = ["ChangeTable", "rebase"]

_WEIGHT_TOLERANCE = 1e-9


def _few_unit_years(codes: pd.Series[str], years: pd.Series[int]) -> tuple[int, str]:
    """Count distinct (code, year) pairs and list the first few for a message."""
    pairs = pd.DataFrame({"code": codes.to_numpy(), "year": years.to_numpy()})
    pairs = pairs.drop_duplicates().sort_values(["year", "code"])
    listed = [f"{code!r} in {year}" for code, year in pairs.itertuples(index=False)]
    return len(listed), _few(listed)


def _outside_years(table: pd.DataFrame, years: Iterable[object]) -> str:
    """Name the years the change table lacks altogether ("" if none), for a message."""
    covered = set(table["year"].tolist())
    outside = sorted({year for year in years if year not in covered}, key=repr)
    if not outside:
        return ""
    first, last = table["year"].min(), table["year"].max()
    return (
        f"; year(s) {_few([str(year) for year in outside])} are outside it "
        f"(its years run from {first} to {last})"
    )


@dataclass(frozen=True, eq=False)
class ChangeTable:
    """Maps codes valid in a year onto codes of a target vintage, with split weights.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``original`` (a code valid in ``year``), ``year``, ``target`` (a
        code of the target vintage) and ``weight`` (the share of the original
        unit that goes to the target). Stored normalised: codes as text, years as
        int64, weights as float64, sorted by ``(year, original, target)``.

    Raises
    ------
    DataError
        If a column is absent or a value is missing or of the wrong type.
    GeographyError
        If the table has no rows, a weight is outside (0, 1], an (original, year,
        target) row repeats, or the weights of an original code in a year do not
        sum to 1 (within 1e-9).

    See Also
    --------
    rebase : Re-express counts in the target borders.

    Notes
    -----
    The weights of one original unit and year sum to one, so a count split by
    them is conserved. A merge is a set of weight-1 rows with
    one target. Instances compare by identity; compare ``frame`` for content.

    Examples
    --------
    >>> import pandas as pd
    >>> changes = ChangeTable.from_frame(pd.DataFrame({
    ...     "original": ["0101", "0102", "0103", "0103"],
    ...     "year": [2017, 2017, 2017, 2017],
    ...     "target": ["3101", "3101", "3102", "3103"],
    ...     "weight": [1.0, 1.0, 0.25, 0.75],
    ... }))
    >>> changes.targets("0103", 2017)
    target
    3102    0.25
    3103    0.75
    Name: weight, dtype: float64
    """

    frame: pd.DataFrame

    def __post_init__(self) -> None:
        frame = _require_frame(self.frame, "the change table")
        _require_columns(frame, ["original", "year", "target", "weight"])
        if not len(frame):
            raise GeographyError(
                "the change table has no rows; it needs a row (original, year, "
                "target, weight) for every code and year it places"
            )
        original = _as_codes(frame["original"], "column 'original'")
        target = _as_codes(frame["target"], "column 'target'")
        for name, codes in (("original", original), ("target", target)):
            missing = _missing_codes(codes)
            if missing.any():
                rows = frame.index[missing.to_numpy()].tolist()
                raise DataError(
                    f"column {name!r} has missing codes, in row(s) {_few_repr(rows)}"
                )
        year = _as_years(frame["year"], "column 'year'")
        if not is_numeric_dtype(frame["weight"].dtype) or is_bool_dtype(
            frame["weight"].dtype
        ):
            raise DataError("column 'weight' must be numeric")
        weight = frame["weight"].astype("float64")
        if weight.isna().any():
            rows = frame.index[weight.isna().to_numpy()].tolist()
            raise DataError(
                f"column 'weight' has missing values, in row(s) {_few_repr(rows)}"
            )
        table = pd.DataFrame(
            {
                "original": original.to_numpy(),
                "year": year.to_numpy(),
                "target": target.to_numpy(),
                "weight": weight.to_numpy(),
            }
        ).astype({"original": "str", "target": "str"})

        outside = ~((table["weight"] > 0) & (table["weight"] <= 1))
        if outside.any():
            listed = [
                f"{o!r} in {y} -> {t!r}: {w!r}"
                for o, y, t, w in table[outside].itertuples(index=False)
            ]
            raise GeographyError(f"weights must lie in (0, 1]; got {_few(listed)}")
        repeated = table.duplicated(["original", "year", "target"])
        if repeated.any():
            listed = [
                f"{o!r} in {y} -> {t!r}"
                for o, y, t, _ in table[repeated].itertuples(index=False)
            ]
            raise GeographyError(f"change table rows repeat: {_few(listed)}")
        sums = table.groupby(["original", "year"], sort=True)["weight"].sum()
        off = sums[(sums - 1.0).abs() > _WEIGHT_TOLERANCE]
        if len(off):
            listed = [
                f"{o!r} in {y} sum to {total!r}"
                for o, y, total in off.reset_index().itertuples(index=False)
            ]
            raise GeographyError(
                f"weights of an original code and year must sum to 1; {_few(listed)}"
            )
        table = table.sort_values(["year", "original", "target"]).reset_index(drop=True)
        object.__setattr__(self, "frame", table)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        original: str = "original",
        year: str = "year",
        target: str = "target",
        weight: str = "weight",
    ) -> ChangeTable:
        """Build a change table from a frame with any column names.

        Parameters
        ----------
        frame : pandas.DataFrame
            The table.
        original, year, target, weight : str
            The names of its columns.

        Returns
        -------
        ChangeTable
            The validated table.

        Raises
        ------
        DataError, GeographyError
            As for :class:`ChangeTable`.
        """
        frame = _require_frame(frame, "frame")
        options = {
            "original": original,
            "year": year,
            "target": target,
            "weight": weight,
        }
        for option, name in options.items():
            _require_name(name, option)
        _require_columns(frame, options)
        renamed = frame.loc[:, [original, year, target, weight]]
        renamed.columns = pd.Index(["original", "year", "target", "weight"])
        return cls(renamed)

    @classmethod
    def from_csdata(
        cls,
        path_or_frame: str | os.PathLike[str] | pd.DataFrame,
        *,
        granularity: str = "municip",
    ) -> ChangeTable:
        """Read a redistricting table in the csdata format of ``splverse``.

        Parameters
        ----------
        path_or_frame : str, path-like or pandas.DataFrame
            A CSV file (delimited by commas, semicolons or tabs; see
            :func:`~attraktiv.geography.read_code_csv`), or its contents, with columns
            ``location_code_current``, ``location_code_original``, ``calyear``,
            ``weighting`` and ``granularity_geo``; codes look like
            ``"municip_nor0301"``.
        granularity : str, default "municip"
            The rows to keep (``"municip"``, ``"county"``, ...). The prefix
            ``f"{granularity}_nor"`` is stripped from the codes.

        Returns
        -------
        ChangeTable
            Original code and calendar year mapped onto the current code.

        Raises
        ------
        DataError
            If the file cannot be read, a column is absent, or a value is
            missing or malformed.
        GeographyError
            If no row has the granularity, a code lacks the prefix, or the
            weights are invalid (see :class:`ChangeTable`).

        Notes
        -----
        The Norwegian table ``redistricting_b2024.csv`` maps the codes valid in
        each year from 1940 onto the borders of 2024.

        Examples
        --------
        >>> import pandas as pd
        >>> raw = pd.DataFrame({
        ...     "location_code_current": ["municip_nor4204"] * 2 + ["county_nor42"],
        ...     "location_code_original": ["municip_nor1001", "municip_nor1017",
        ...                                "county_nor10"],
        ...     "calyear": ["2017.0", "2017.0", "2017.0"],
        ...     "weighting": ["1.0", "1.0", "1.0"],
        ...     "granularity_geo": ["municip", "municip", "county"],
        ... })
        >>> ChangeTable.from_csdata(raw).frame
          original  year target  weight
        0     1001  2017   4204     1.0
        1     1017  2017   4204     1.0
        """
        granularity = check_text("granularity", granularity)
        if isinstance(path_or_frame, pd.DataFrame):
            raw = path_or_frame
            where = "path_or_frame"
        else:
            raw = _read_codes(path_or_frame, "path_or_frame")
            where = f"path_or_frame {_shown_name(os.fspath(path_or_frame))}"
        columns = {
            "location_code_original": "original",
            "calyear": "year",
            "location_code_current": "target",
            "weighting": "weight",
        }
        _require_columns(raw, [*columns, "granularity_geo"], where)
        rows = raw.loc[raw["granularity_geo"].eq(granularity).to_numpy(), list(columns)]
        if not len(rows):
            present = sorted(set(raw["granularity_geo"].dropna().astype(str)))
            raise GeographyError(
                f"no rows of granularity {granularity!r}; the table has "
                + (_quoted(present) if present else "no rows with a granularity")
            )
        prefix = f"{granularity}_nor"
        table: dict[str, Any] = {}
        for column in ("location_code_original", "location_code_current"):
            codes = rows[column].astype("str")
            missing = _missing_codes(codes)
            if missing.any():
                raise DataError(
                    f"column {column!r} has missing codes, in row(s) "
                    f"{_few_repr(codes.index[missing.to_numpy()].tolist())}"
                )
            lacking = ~codes.str.startswith(prefix).fillna(False)
            if lacking.any():
                raise GeographyError(
                    f"codes in {column!r} without the prefix {prefix!r}: "
                    f"{_few_repr(sorted(set(codes[lacking].astype(str))))}"
                )
            table[columns[column]] = codes.str.slice(len(prefix)).to_numpy()
        for column in ("calyear", "weighting"):
            try:
                table[columns[column]] = pd.to_numeric(rows[column]).to_numpy()
            except (ValueError, TypeError) as err:
                raise DataError(f"column {column!r} is not numeric: {err}") from None
        return cls(pd.DataFrame(table)[["original", "year", "target", "weight"]])

    def targets(self, code: str, year: int) -> pd.Series[float]:
        """Where the unit ``code`` of ``year`` goes, with its weights.

        Parameters
        ----------
        code : str
            A code valid in ``year``.
        year : int
            The year the code is valid in.

        Returns
        -------
        pandas.Series
            Weight (named ``"weight"``) by target code (index named ``"target"``),
            sorted by target; the weights sum to one.

        Raises
        ------
        DataError
            If ``year`` is not an integer.
        GeographyError
            If the table has no row for ``code`` in ``year`` (the message says
            when ``year`` is outside the table's years).
        """
        if isinstance(year, bool) or not isinstance(year, int | np.integer):
            raise DataError(f"year must be an integer, got {year!r}")
        code = check_text("code", code)
        frame = self.frame
        rows = frame[(frame["original"].eq(code) & frame["year"].eq(year)).to_numpy()]
        if not len(rows):
            raise GeographyError(
                f"the change table has no row for code {code!r} in {year!r}"
                + _outside_years(frame, [year])
            )
        weights: pd.Series[float] = pd.Series(
            rows["weight"].to_numpy(),
            index=pd.Index(rows["target"].to_numpy(), name="target", dtype="str"),
            name="weight",
        )
        return weights


# A table is shared (the bundled ones are cached): reads get a copy, so nothing a
# caller does to ``frame`` reaches another.
hand_out_copies(ChangeTable, "frame")


def rebase(
    data: pd.DataFrame,
    changes: ChangeTable,
    *,
    unit_column: str = "code",
    year_column: str = "year",
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Re-express a unit-year table of counts in the borders of the target vintage.

    Parameters
    ----------
    data : pandas.DataFrame
        Counts, one row per unit and year, with the codes valid in that year.
    changes : ChangeTable
        Maps each (code, year) onto target codes with weights.
    unit_column : str, default "code"
        The column of unit codes.
    year_column : str, default "year"
        The column of years.
    columns : sequence of str, optional
        The count columns; default every numeric, non-boolean column other than
        the year (and the codes).

    Returns
    -------
    pandas.DataFrame
        One row per target code and year, sorted by ``(year, code)``, with the
        unit, year and count columns in their input order; other columns are
        dropped.

    Raises
    ------
    DataError
        If a column is absent or not numeric, a column option is not one column
        name (or ``columns`` is a single string), a code or year is missing, or a
        unit-year repeats.
    GeographyError
        If some (code, year) pairs have no row in the change table (the message
        names the first few, their number, and the years the table lacks
        altogether).

    Notes
    -----
    Each original count :math:`x_{o,y}` is split by the weights and summed per
    target and year:

    .. math:: x'_{t,y} = \\sum_o w_{o,y,t}\\, x_{o,y}

    Since the weights of each original unit sum to one, every yearly total is
    conserved up to float rounding. When every weight used is 1 (merges and
    renamings only), integer columns stay integers and the sums are exact. A
    missing count makes its target's count missing.

    Examples
    --------
    >>> import pandas as pd
    >>> changes = ChangeTable.from_frame(pd.DataFrame({
    ...     "original": ["0101", "0102", "0103", "0103"],
    ...     "year": [2017, 2017, 2017, 2017],
    ...     "target": ["3101", "3101", "3102", "3103"],
    ...     "weight": [1.0, 1.0, 0.25, 0.75],
    ... }))
    >>> counts = pd.DataFrame({
    ...     "code": ["0101", "0102", "0103"],
    ...     "year": [2017, 2017, 2017],
    ...     "population": [100, 50, 40],
    ... })
    >>> rebase(counts, changes)
       code  year  population
    0  3101  2017       150.0
    1  3102  2017        10.0
    2  3103  2017        30.0
    """
    data = _require_frame(data, "data")
    if not isinstance(changes, ChangeTable):
        raise DataError(f"changes must be a ChangeTable, got {type(changes).__name__}")
    _require_name(unit_column, "unit_column")
    _require_name(year_column, "year_column")
    if unit_column == year_column:
        raise DataError(f"unit_column and year_column are both {unit_column!r}")
    _require_columns(
        data, {"unit_column": unit_column, "year_column": year_column}, "data"
    )
    counts = _count_columns(data, columns, [unit_column, year_column])
    codes = _as_codes(data[unit_column], f"column {unit_column!r}")
    missing = _missing_codes(codes)
    if missing.any():
        rows = data.index[missing.to_numpy()].tolist()
        raise DataError(
            f"column {unit_column!r} has missing codes, in row(s) {_few_repr(rows)}"
        )
    years = _as_years(data[year_column], f"column {year_column!r}")
    keys = pd.DataFrame({"original": codes.to_numpy(), "year": years.to_numpy()})
    repeated = keys.duplicated(keep=False).to_numpy()
    if repeated.any():
        n, listed = _few_unit_years(codes[repeated], years[repeated])
        raise DataError(f"{n} unit-year(s) appear on more than one row: {listed}")

    keys["row"] = np.arange(len(keys))
    placed = keys.merge(changes.frame, on=["original", "year"], how="left", sort=False)
    unplaced = placed["target"].isna().to_numpy()
    if unplaced.any():
        n, listed = _few_unit_years(
            placed["original"][unplaced], placed["year"][unplaced]
        )
        raise GeographyError(
            f"{n} unit-year(s) in column {unit_column!r} are not in the change "
            f"table: {listed}"
            + _outside_years(changes.frame, placed["year"][unplaced].unique())
        )
    source_rows = placed["row"].to_numpy()
    weights = placed["weight"].to_numpy(dtype=np.float64)
    # Merges and renamings (all weights 1) keep integer counts exact.
    whole = bool(np.all(weights == 1.0))
    parts: dict[str, Any] = {
        year_column: placed["year"].to_numpy(),
        unit_column: placed["target"].array,
    }
    for column in counts:
        values = data[column].iloc[source_rows].reset_index(drop=True)
        if whole and is_integer_dtype(values.dtype):
            parts[column] = values
        else:
            # Nullable columns stay nullable, so missing counts stay missing.
            nullable = isinstance(values.dtype, pd.api.extensions.ExtensionDtype)
            parts[column] = (
                values.astype("Float64" if nullable else "float64") * weights
            )
    work = pd.DataFrame(parts)
    totals = _sum_groups(work, [year_column, unit_column], counts)
    order = [c for c in data.columns if c in {unit_column, year_column, *counts}]
    return totals.loc[:, order]
