"""Which code existed in which year, and moving tidy SSB frames to 2024 borders."""

from __future__ import annotations

from typing import Final, cast

import numpy as np
import pandas as pd

from ..core.text import years_text
from ..core.validation import check_text
from ..errors import DataError, GeographyError, PeriodError
from ..geography import rebase
from ..geography.changes import (
    CHANGE_TABLE_BORDERS,
    ChangeLevel,
    load_change_table,
    target_names,
)

__all__ = ["to_borders"]

#: Columns of a tidy frame that are not dimensions of the table.
_NOT_DIMENSIONS: Final = frozenset({"code", "name", "year", "value", "status"})

# SSB's four-digit codes are municipalities, two-digit codes counties.
_LEVEL_BY_WIDTH: Final[dict[int, ChangeLevel]] = {4: "municipality", 2: "county"}


def _few(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def _levels(codes: pd.Series[str]) -> pd.Series[str]:
    """The level of each code by its form: four digits, two digits, or neither."""
    digits = codes.str.fullmatch(r"\d+").fillna(False).to_numpy(dtype=bool)
    widths = codes.str.len().to_numpy()
    level = np.full(len(codes), "", dtype=object)
    for width, name in _LEVEL_BY_WIDTH.items():
        level[digits & (widths == width)] = name
    return pd.Series(level, index=codes.index, dtype="str")


def _valid_pairs(level: ChangeLevel) -> pd.DataFrame:
    frame = load_change_table(level).frame
    return frame.loc[:, ["original", "year"]].drop_duplicates()


def drop_nonexistent(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the rows of a code in a year in which it did not exist.

    SSB lists codes of several vintages of borders in one table and fills the
    years in which a code was not in use with 0 (or a missing marker). A
    (code, year) is dropped when the bundled change table knows the code, covers
    the year, does not list the code as valid in that year, and every value of
    the code in that year is 0 or missing. A value other than 0 is SSB's data
    and stays (moving it to other borders then names it as unplaceable); codes
    and years the table does not cover are kept as they are.
    """
    if "code" not in frame.columns or "year" not in frame.columns or not len(frame):
        return frame
    codes = frame["code"].astype("str")
    years = frame["year"].to_numpy(dtype=np.int64)
    level = _levels(codes)
    dead = np.zeros(len(frame), dtype=bool)
    for name in _LEVEL_BY_WIDTH.values():
        rows = level.eq(name).to_numpy()
        if not rows.any():
            continue
        valid = _valid_pairs(name)
        known = codes.isin(pd.Index(valid["original"].unique())).to_numpy(dtype=bool)
        covered = (years >= valid["year"].min()) & (years <= valid["year"].max())
        keys = pd.MultiIndex.from_arrays([codes.to_numpy(), years])
        listed = pd.MultiIndex.from_frame(valid)
        dead |= rows & known & covered & ~keys.isin(listed)
    if not dead.any():
        return frame
    empty = frame["value"].fillna(0.0).eq(0.0).to_numpy()
    pairs = pd.DataFrame({"code": codes.to_numpy(), "year": years, "empty": empty})
    all_empty = pairs.groupby(["code", "year"], sort=False)["empty"].transform("all")
    drop = dead & all_empty.to_numpy(dtype=bool)
    kept: pd.DataFrame = frame.loc[~drop].reset_index(drop=True)
    return kept


def _check_cube(work: pd.DataFrame, cells: int, where: str) -> None:
    counts = work.groupby(["code", "year"], sort=False).size()
    if (counts == cells).all():
        return
    repeated = work.duplicated(["code", "year", "_cell"])
    if repeated.any():
        row = work[repeated.to_numpy()].iloc[0]
        raise DataError(
            f"{where}: code {row['code']!r} in {int(row['year'])} has the same "
            "combination of the other dimensions on more than one row"
        )
    short = counts[counts != cells].index[0]
    raise DataError(
        f"{where}: code {short[0]!r} in {short[1]} has {counts[short]} of the "
        f"{cells} combinations of the other dimensions; every code and year needs "
        "all of them to be moved to other borders"
    )


def _spans(years: pd.Series[int]) -> str:
    """Years as runs: ``1940-2019, 2024``."""
    return years_text(sorted({int(year) for year in years}))


def _check_placeable(
    codes: pd.Series[str], years: pd.Series[int], level: ChangeLevel
) -> None:
    table = load_change_table(level).frame
    first, last = int(table["year"].min()), int(table["year"].max())
    outside = sorted({int(y) for y in years.unique() if not first <= y <= last})
    if outside:
        raise PeriodError(
            f"year(s) {_few([str(y) for y in outside])} are outside the change "
            f"table, which covers {level} codes of {first}-{last}"
        )
    pairs = pd.DataFrame({"original": codes.to_numpy(), "year": years.to_numpy()})
    pairs = pairs.drop_duplicates()
    matched = pairs.merge(
        table.loc[:, ["original", "year"]].drop_duplicates(),
        how="left",
        indicator=True,
    )
    lacking = matched[matched["_merge"].eq("left_only").to_numpy()]
    if not len(lacking):
        return
    described = []
    ordered = lacking.sort_values(["original", "year"])
    for code, year in zip(ordered["original"], ordered["year"], strict=True):
        valid = table.loc[table["original"].eq(code).to_numpy(), "year"]
        if len(valid):
            described.append(f"{code!r} in {year} (valid {_spans(valid)})")
        else:
            described.append(f"{code!r} in {year} (unknown code)")
        if len(described) > 5:
            break
    count = len(lacking)
    shown = ", ".join(described[:5])
    if count > 5:
        shown += f" and {count - 5} more"
    raise GeographyError(
        f"{count} {level} code-year(s) cannot be placed in the "
        f"{CHANGE_TABLE_BORDERS} borders: {shown}; drop them (for "
        "example the whole country or 'unknown' rows) before moving the rest"
    )


def _whole_years(frame: pd.DataFrame, where: str) -> pd.Series[int]:
    """The year column as int64; a fraction (2017.7), text or a gap is refused."""
    raw = frame["year"]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values) | (values != np.round(values))
        bad |= (values < 1) | (values > 9999)
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        shown = _plain(raw.iloc[at])
        raise PeriodError(
            f"{where}: year {shown!r} of code {str(frame['code'].iloc[at])!r} is "
            "not a whole year from 1 to 9999; give years as integers such as 2017"
        )
    return pd.Series(values.astype(np.int64), index=frame.index, dtype=np.int64)


def _plain(value: object) -> object:
    """A NumPy scalar as the Python value it holds, for a message."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _numeric_values(frame: pd.DataFrame, where: str) -> None:
    """The value column holds numbers (NaN for missing), none infinite."""
    raw = frame["value"]
    if raw.dtype == bool or not (
        pd.api.types.is_numeric_dtype(raw) or raw.isna().all()
    ):
        raise DataError(
            f"{where}: the value column holds {raw.dtype} data, not numbers; "
            "convert it with pandas.to_numeric first"
        )
    values = raw.to_numpy(dtype=np.float64, na_value=np.nan)
    infinite = np.isinf(values)
    if infinite.any():
        at = int(np.flatnonzero(infinite)[0])
        raise DataError(
            f"{where}: the value of code {str(frame['code'].iloc[at])!r} in "
            f"{_plain(frame['year'].iloc[at])!r} is infinite; counts must be finite"
        )


def check_borders(borders: object) -> None:
    """Refuse any ``borders`` but the change table's year (2024) with a PeriodError.

    Readers and the client call it before any work, so a wrong year is named
    before a file is parsed or a table fetched.
    """
    if isinstance(borders, bool) or not isinstance(borders, int | np.integer):
        raise PeriodError(f"borders must be a year (int); got {borders!r:.40}")
    if int(borders) != CHANGE_TABLE_BORDERS:
        raise PeriodError(
            f"borders={borders!r} is not supported: the bundled change table maps "
            f"codes onto the {CHANGE_TABLE_BORDERS} borders only, so "
            f"borders={CHANGE_TABLE_BORDERS} is the one choice; read without "
            "borders to keep the codes as published"
        )


def to_borders(
    frame: pd.DataFrame, borders: int, *, where: str = "the table"
) -> pd.DataFrame:
    """Move a tidy frame of counts to the municipalities of ``borders``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A tidy frame as :func:`read_statbank` or :func:`read_jsonstat` return:
        ``code``, ``year``, ``value`` and one column per other dimension
        (``name`` and ``status`` are replaced).
    borders : int
        The year whose borders to use. The bundled change table maps onto the
        2024 borders only, so 2024 is the one year supported.
    where : str, default "the table"
        How messages name the data: one line of at most 1,000 characters.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``name`` (the 2024 name), the other dimensions, ``year`` and
        ``value``, sorted by code, the other dimensions (in their order of first
        appearance) and year. Counts of merged units are summed and counts of
        split units shared out by the table's weights, so every total of a year
        and combination of the other dimensions is conserved. A missing value
        makes its target's value missing. The ``status`` flags are dropped: a sum
        has no single flag.

    Raises
    ------
    PeriodError
        If ``borders`` is not 2024, a year is not a whole number (2017.7 is
        refused, not cut to 2017), or a year is outside the change table.
    GeographyError
        If a code cannot be placed: not a two- or four-digit code, unknown to the
        change table, or not valid in its year (the message names them).
    DataError
        If ``frame`` is not a DataFrame, has no rows or lacks a column, a value is not a
        number or is infinite, or a code and year lack a combination of the
        other dimensions or repeat one.

    Examples
    --------
    >>> import pandas as pd
    >>> from attraktiv.io import to_borders
    >>> counts = pd.DataFrame({
    ...     "code": ["1601", "1662", "0301"],
    ...     "year": [2017, 2017, 2017],
    ...     "value": [190000.0, 6000.0, 660000.0],
    ... })
    >>> to_borders(counts, 2024)
       code         name  year     value
    0  0301  Oslo-Oslove  2017  660000.0
    1  5001    Trondheim  2017  196000.0
    """
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            "to_borders moves a pandas DataFrame with code, year and value columns; "
            f"got {type(frame).__name__}"
        )
    if not isinstance(where, str):
        raise DataError(f"where must be text; got {type(where).__name__}")
    where = check_text("where", where, limit=1_000)
    check_borders(borders)
    absent = [c for c in ("code", "year", "value") if c not in frame.columns]
    if absent:
        raise DataError(
            f"{where} has no {', '.join(map(repr, absent))} column; moving to "
            "other borders needs code, year and value columns in frame"
        )
    if frame.empty:
        raise DataError(
            f"{where} has no rows; moving to other borders needs at least one "
            "code, year and value"
        )
    dimensions = [c for c in frame.columns if c not in _NOT_DIMENSIONS]
    codes = frame["code"].astype("str")
    years = _whole_years(frame, where)
    _numeric_values(frame, where)
    level = _levels(codes)
    odd = sorted(set(codes[level.eq("").to_numpy()]))
    if odd:
        raise GeographyError(
            f"{where} has code(s) {_few([repr(c) for c in odd])} that are neither "
            "municipalities (four digits) nor counties (two digits); they cannot "
            f"be placed in the {CHANGE_TABLE_BORDERS} borders"
        )
    cell_keys = frame.loc[:, dimensions].astype("str")
    if dimensions:
        # Cells numbered in their order of first appearance, like the source.
        cell = cell_keys.groupby(dimensions, sort=False).ngroup().to_numpy()
        combinations = cell_keys.drop_duplicates()
    else:
        cell = np.zeros(len(frame), dtype=np.int64)
        combinations = cell_keys.iloc[:1]
    n_cells = len(combinations)
    parts = []
    for label in dict.fromkeys(level):
        # _levels gives only the values of _LEVEL_BY_WIDTH here: odd codes raised.
        name = cast("ChangeLevel", label)
        rows = level.eq(name).to_numpy()
        _check_placeable(codes[rows], years[rows], name)
        work = pd.DataFrame(
            {
                "code": codes[rows].to_numpy(),
                "year": years[rows].to_numpy(),
                "_cell": cell[rows],
                "value": frame["value"].to_numpy(dtype=np.float64)[rows],
            }
        )
        _check_cube(work, n_cells, where)
        # Every code and year has every cell (checked above), so a pivot is exact.
        wide = work.pivot(index=["code", "year"], columns="_cell", values="value")  # noqa: PD010
        columns = [f"c{i}" for i in wide.columns]
        wide.columns = pd.Index(columns)
        moved = rebase(
            wide.reset_index(),
            load_change_table(name),
            columns=columns,
        )
        long = moved.melt(
            id_vars=["code", "year"], var_name="_cell", value_name="value"
        )
        long["_cell"] = long["_cell"].str.slice(1).astype("int64")
        long["name"] = long["code"].map(target_names(name)).astype("str")
        parts.append(long)
    result = pd.concat(parts, ignore_index=True)
    result = result.sort_values(["code", "_cell", "year"], kind="stable")
    out: dict[str, object] = {
        "code": result["code"].astype("str").to_numpy(),
        "name": result["name"].to_numpy(),
    }
    chosen = result["_cell"].to_numpy()
    for dimension in dimensions:
        values = combinations[dimension].to_numpy()
        out[dimension] = pd.array(values[chosen], dtype="str")
    out["year"] = result["year"].to_numpy(dtype=np.int64)
    out["value"] = result["value"].to_numpy(dtype=np.float64)
    tidy = pd.DataFrame(out)
    tidy.attrs = {**frame.attrs, "borders": CHANGE_TABLE_BORDERS}
    return tidy
