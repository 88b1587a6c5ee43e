"""Building a hierarchy's tables from a frame, with every consistency check.

:class:`~attraktiv.geography.Hierarchy` keeps what :func:`_build` returns; the checks
live here so that the class reads as its methods.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataError, GeographyError
from ._common import (
    _as_codes,
    _few,
    _few_repr,
    _missing_codes,
    _quoted,
    _require_columns,
    _require_frame,
)


@dataclass(frozen=True)
class _Built:
    """The validated content of a hierarchy."""

    levels: tuple[str, ...]
    nested: bool
    # One row per lowest-level unit, a code column per level, sorted.
    table: pd.DataFrame
    # Name by code, per level.
    names: dict[str, pd.Series[str]]
    # Sorted codes, per level.
    units: dict[str, pd.Index]


def _build(
    frame: pd.DataFrame,
    levels: Sequence[str],
    code_columns: Mapping[str, str] | None,
    name_columns: Mapping[str, str] | None,
    nested: bool,
) -> _Built:
    """Validate a hierarchy table; see :class:`Hierarchy` for what is refused."""
    frame = _require_frame(frame, "the hierarchy table")
    _refuse_joined_header(frame)
    level_names = _level_names(levels)
    if not isinstance(nested, bool | np.bool_):
        raise GeographyError(f"nested must be True or False, got {nested!r}")
    for option, given in (
        ("code_columns", code_columns),
        ("name_columns", name_columns),
    ):
        if given is not None and not isinstance(given, Mapping):
            raise GeographyError(
                f"{option} must map level names to column names, "
                f"got {type(given).__name__} {given!r}"
            )
        unknown = [key for key in given or {} if key not in level_names]
        if unknown:
            raise GeographyError(
                f"{option} names unknown level(s) {_quoted(unknown)}; "
                f"levels are {_quoted(level_names)}"
            )
    code_columns = dict(code_columns or {})
    name_columns = dict(name_columns or {})

    wanted = {level: code_columns.get(level, f"{level}_code") for level in level_names}
    absent = [level for level in level_names if wanted[level] not in frame.columns]
    if absent:
        raise DataError(
            f"the hierarchy table (frame) has no code column for level(s) "
            f"{_quoted(absent)}: {_quoted(wanted[level] for level in absent)} "
            f"not among its columns {_quoted(map(str, frame.columns))}; levels, "
            f"lowest first, are {_quoted(level_names)} with code columns "
            f"{_quoted(wanted.values())} (pass levels or code_columns to change them)"
        )
    if not len(frame):
        raise GeographyError(
            f"the hierarchy table has no rows; it needs one row per "
            f"{level_names[0]} unit, at least one"
        )
    codes: dict[str, pd.Series[str]] = {}
    names: dict[str, pd.Series[str]] = {}
    for level in level_names:
        code_column = wanted[level]
        level_codes = _as_codes(frame[code_column], f"column {code_column!r}")
        missing = _missing_codes(level_codes)
        if missing.any():
            rows = frame.index[missing.to_numpy()].tolist()
            raise GeographyError(
                f"column {code_column!r} (level {level!r}) has "
                f"{int(missing.sum())} missing code(s), in row(s) {_few_repr(rows)}"
            )
        codes[level] = level_codes.reset_index(drop=True)
        name_column = name_columns.get(level)
        if name_column is None and f"{level}_name" in frame.columns:
            name_column = f"{level}_name"
        if name_column is None:
            names[level] = codes[level]
            continue
        _require_columns(frame, [name_column])
        level_names_column = frame[name_column]
        if level_names_column.isna().any():
            rows = frame.index[level_names_column.isna().to_numpy()].tolist()
            raise GeographyError(
                f"column {name_column!r} (level {level!r}) has missing name(s), "
                f"in row(s) {_few_repr(rows)}"
            )
        names[level] = level_names_column.astype("str").reset_index(drop=True)

    table = pd.DataFrame(codes)
    _check_lowest_unique(table, level_names, _unused_code_columns(frame, wanted))
    _check_one_level_per_code(table, level_names)
    if nested:
        for lower, upper in itertools.pairwise(level_names):
            straddling = _straddling(_pairs_of(table, lower, upper))
            if straddling:
                raise GeographyError(
                    f"{lower} unit(s) in more than one {upper}: {straddling}; "
                    f"every {lower} must lie in exactly one {upper} "
                    "(pass nested=False if the levels do not nest)"
                )
    return _Built(
        levels=level_names,
        nested=bool(nested),
        table=table.sort_values(list(level_names)).reset_index(drop=True),
        names={
            level: _check_names(codes[level], names[level], level)
            for level in level_names
        },
        units={
            level: pd.Index(np.sort(table[level].unique()), name="code", dtype="str")
            for level in level_names
        },
    )


def _refuse_joined_header(frame: pd.DataFrame) -> None:
    """Refuse a table of one column whose name is a whole delimited header."""
    if frame.shape[1] != 1:
        return
    header = str(frame.columns[0])
    joined = [d for d in (",", ";", "\t") if d in header]
    if joined:
        shown = " and ".join("tab" if d == "\t" else repr(d) for d in joined)
        raise DataError(
            f"the hierarchy table has one column, {header!r}, whose name holds "
            f"{shown}: the file was read with the wrong delimiter; read it with "
            "Hierarchy.from_csv or attraktiv.geography.read_code_csv, which "
            "detect ',', ';' and tab"
        )


def _unused_code_columns(frame: pd.DataFrame, wanted: Mapping[str, str]) -> list[str]:
    """Columns named like codes (``*_code``) that no level uses."""
    used = set(wanted.values())
    return [
        str(column)
        for column in frame.columns
        if str(column).endswith("_code") and column not in used
    ]


def _level_names(levels: Sequence[str]) -> tuple[str, ...]:
    if isinstance(levels, str):
        raise GeographyError(
            f"levels must be a sequence of level names, not the string {levels!r}"
        )
    if isinstance(levels, bytes | bytearray):
        # Bytes iterate as numbers: b"kommune" is not seven levels.
        raise GeographyError(
            "levels must be a sequence of level names as text, not bytes"
        )
    try:
        level_names = tuple(levels)
    except TypeError:
        raise GeographyError(
            f"levels must be a sequence of level names, lowest first, got "
            f"{type(levels).__name__} {levels!r}"
        ) from None
    if not level_names:
        raise GeographyError("levels is empty; a hierarchy needs at least one level")
    for level in level_names:
        if not isinstance(level, str) or not level:
            raise GeographyError(
                f"levels must hold level names as non-empty text, got {level!r}"
            )
    repeated = sorted({lv for lv in level_names if level_names.count(lv) > 1})
    if repeated:
        raise GeographyError(f"level name(s) {_quoted(repeated)} appear twice")
    return level_names


def _check_lowest_unique(
    table: pd.DataFrame, levels: tuple[str, ...], unused: list[str]
) -> None:
    lowest = levels[0]
    counts = table[lowest].value_counts()
    repeated = counts[counts > 1].sort_index()
    if len(repeated):
        listed = [f"{code!r} ({n} rows)" for code, n in repeated.items()]
        if unused:
            hint = (
                f"column(s) {_quoted(unused)} hold codes of no level: if the rows "
                "are units of a lower level, name it first in levels"
            )
        else:
            hint = (
                "if the rows are units of a lower level, its code column is "
                "missing: add it and name the level first in levels"
            )
        raise GeographyError(
            f"{lowest} code(s) on more than one row: {_few(listed)}; the table "
            f"needs one row per {lowest}, the lowest of the levels "
            f"{_quoted(levels)}; {hint}"
        )


def _check_one_level_per_code(table: pd.DataFrame, levels: tuple[str, ...]) -> None:
    if len(levels) < 2:
        return
    on_level = pd.concat(
        [
            pd.DataFrame({"code": table[level].unique(), "level": level})
            for level in levels
        ],
        ignore_index=True,
    )
    shared = on_level[on_level["code"].duplicated(keep=False)]
    if len(shared):
        listed = [
            f"{code!r} ({' and '.join(group['level'])})"
            for code, group in shared.groupby("code", sort=True)
        ]
        raise GeographyError(
            f"code(s) used on more than one level: {_few(listed)}; "
            "a code must name one unit on one level"
        )


def _check_names(
    codes: pd.Series[str], names: pd.Series[str], level: str
) -> pd.Series[str]:
    pairs = pd.DataFrame({"code": codes, "name": names}).drop_duplicates()
    conflicting = pairs[pairs["code"].duplicated(keep=False)]
    if len(conflicting):
        listed = [
            f"{level} {code!r} is called "
            + " and ".join(repr(name) for name in sorted(group["name"]))
            for code, group in conflicting.groupby("code", sort=True)
        ]
        raise GeographyError(
            f"unit(s) with more than one name: {_few(listed)}; a code needs one name"
        )
    by_code = pairs.set_index("code")["name"].sort_index()
    by_code.index.name = "code"
    return by_code


def _pairs_of(
    table: pd.DataFrame,
    lower: str,
    upper: str,
    lower_units: pd.Index | None = None,
    upper_units: pd.Index | None = None,
) -> pd.DataFrame:
    """Distinct (lower, upper) code pairs of the table, sorted.

    Given the sorted codes of both levels, the pairs are found as integers (one
    hash look-up per row and one integer sort) rather than by sorting strings.
    """
    if lower_units is not None and upper_units is not None:
        low = lower_units.get_indexer(pd.Index(table[lower]))
        up = upper_units.get_indexer(pd.Index(table[upper]))
        if low.min(initial=0) >= 0 and up.min(initial=0) >= 0:
            width = len(upper_units)
            position = np.sort(low.astype(np.int64) * width + up)
            distinct = np.r_[True, position[1:] != position[:-1]]
            low, up = np.divmod(position[distinct], width)
            return pd.DataFrame(
                {
                    "lower": lower_units.take(low).to_numpy(),
                    "upper": upper_units.take(up).to_numpy(),
                },
                copy=False,
            )
    pairs = table[[lower, upper]].drop_duplicates()
    pairs.columns = pd.Index(["lower", "upper"])
    return pairs.sort_values(["lower", "upper"]).reset_index(drop=True)


def _straddling(pairs: pd.DataFrame) -> str:
    """Describe the units that lie in more than one upper unit ("" if none)."""
    lower = pairs["lower"].to_numpy()
    if not (lower[1:] == lower[:-1]).any():  # the pairs are sorted by lower
        return ""
    repeated = pairs[pairs["lower"].duplicated(keep=False)]
    if not len(repeated):
        return ""
    listed = [
        f"{code!r} (in " + " and ".join(repr(up) for up in group["upper"]) + ")"
        for code, group in repeated.groupby("lower", sort=True)
    ]
    return _few(listed)
