"""Reading a user's own panel and hierarchy from CSV files in the documented schema."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import pandas as pd

from ..core.source import decode_text, path_kind, shown, where_path
from ..errors import DataError, GeographyError
from ..geography import Hierarchy, read_code_csv
from ..panel import Panel

__all__ = ["read_hierarchy_csv", "read_panel_csv"]

PathLike = str | os.PathLike[str]


def _levels_from_columns(columns: Sequence[str]) -> tuple[str, ...]:
    levels = tuple(c.removesuffix("_code") for c in columns if c.endswith("_code"))
    if not levels:
        raise DataError(
            "the hierarchy has no '<level>_code' columns; expected for example "
            "municipality_code, region_code, county_code"
        )
    return levels


def read_hierarchy_csv(
    source: PathLike | IO[str], levels: Sequence[str] | None = None
) -> Hierarchy:
    """Read a hierarchy table: one row per lowest-level unit.

    Parameters
    ----------
    source : path or text buffer
        CSV with columns ``<level>_code`` and (optionally) ``<level>_name`` for
        every level, lowest level first. A file may be UTF-8 (with or without
        a byte-order mark), UTF-16 or UTF-32 with a byte-order mark, or
        Latin-1 without bytes 0x80-0x9F.
    levels : sequence of str, optional
        The levels, lowest first; by default taken from the ``*_code`` columns in
        their order.

    Returns
    -------
    Hierarchy
        Levels that do not nest (a region in two counties) are accepted; see
        :class:`~attraktiv.geography.Hierarchy` (``nested=False``).

    Raises
    ------
    DataError
        If the file has no ``*_code`` columns.
    GeographyError
        If the hierarchy is inconsistent.
    """
    if not isinstance(source, str | os.PathLike):
        if not callable(getattr(source, "read", None)):
            raise DataError(
                "source is not valid: read_hierarchy_csv reads the path of a "
                f"hierarchy file or a text buffer; got {type(source).__name__}"
            )
    elif path_kind(Path(source), "source") == "folder":
        raise DataError(
            f"source {where_path(Path(source))} is a folder, not a hierarchy file; "
            "give the CSV file itself (for example its 'hierarchy.csv')"
        )
    if isinstance(levels, str | bytes) or not (
        levels is None or isinstance(levels, Sequence)
    ):
        raise GeographyError(
            "levels must be a sequence of level names, lowest first, such as "
            f"('municipality', 'region'); got {type(levels).__name__} {levels!r:.40}"
        )
    if (
        isinstance(source, str | os.PathLike)
        and path_kind(Path(source), "source") == "file"
    ):
        source, _ = _decoded(Path(source))
    # Commas, semicolons or tabs; every cell text without the spaces around it
    # ("0104 " is the code 0104), an empty one "" as before.
    frame = read_code_csv(source).fillna("")
    frame = frame.apply(lambda column: column.str.strip())
    chosen = (
        tuple(levels)
        if levels is not None
        else _levels_from_columns([str(c) for c in frame.columns])
    )
    return Hierarchy(frame, chosen, nested=False)


def read_panel_csv(
    path: PathLike,
    hierarchy: PathLike | Hierarchy | None = None,
    *,
    components: Sequence[str] | None = None,
) -> Panel:
    """Read a user's panel: a unit × year CSV in the documented schema.

    Parameters
    ----------
    path : path
        CSV with columns ``code`` (the lowest level's unit codes, read as text so
        leading zeros survive), ``year``, and the count columns of
        :class:`~attraktiv.panel.Panel` (``population_jan1``, ``natural_increase``,
        ``net_migration`` or ``in_migration`` and ``out_migration``, ``jobs``, ...).
        Empty cells, and the markers ``NA``, ``N/A``, ``n/a``, ``NaN``, ``nan``,
        ``null``, ``NULL``, ``None``, ``#N/A`` and ``<NA>``, are unknown values;
        any other text in a number column is an error naming its line, unit, year
        and column. Commas, semicolons or tabs may separate the fields. Every
        row has the header's fields (an unknown value is an empty field, so a
        row cut short is an error); the encodings are those of
        :func:`read_hierarchy_csv`.
    hierarchy : path or Hierarchy, optional
        The hierarchy CSV (see :func:`read_hierarchy_csv`); default:
        ``hierarchy.csv`` in the same folder as ``path``.
    components : sequence of str, optional
        Names of flow components (columns ``net_migration_<name>``).

    Returns
    -------
    Panel

    Raises
    ------
    DataError
        If a file is missing or does not follow the schema (the message names the
        file and column).
    """
    if not isinstance(path, str | os.PathLike) or not str(os.fspath(path)).strip():
        raise DataError(
            "path must be the path of a panel file (CSV); got "
            f"{type(path).__name__} {path!r:.40}"
        )
    if not (hierarchy is None or isinstance(hierarchy, str | os.PathLike | Hierarchy)):
        raise DataError(
            "hierarchy must be the path of a hierarchy file, a Hierarchy or None; "
            f"got {type(hierarchy).__name__}"
        )
    if components is not None and (
        isinstance(components, str | bytes)
        or not isinstance(components, Sequence)
        or not all(isinstance(name, str) and name.strip() for name in components)
    ):
        raise DataError(
            "components must be a sequence of names, such as ['domestic', "
            f"'international']; got {type(components).__name__} {components!r:.40}"
        )
    path = Path(path)
    kind = path_kind(path, "path")
    if kind == "folder":
        raise DataError(
            f"{where_path(path)} is a folder, not a panel file; give the CSV file "
            "itself (for example its 'panel.csv')"
        )
    if kind != "file":
        raise DataError(
            f"no panel file at {where_path(path)}; path must name an existing file"
        )
    if hierarchy is None:
        hierarchy = path.with_name("hierarchy.csv")
    if not isinstance(hierarchy, Hierarchy):
        hierarchy_path = Path(hierarchy)
        kind = path_kind(hierarchy_path, "hierarchy")
        if kind == "folder":
            raise DataError(
                f"hierarchy {where_path(hierarchy_path)} is a folder, not a "
                "hierarchy file; give the CSV file itself (for example its "
                "'hierarchy.csv')"
            )
        if kind != "file":
            raise DataError(
                f"no hierarchy file at {where_path(hierarchy_path)}; give one with a "
                "'<level>_code' column per level"
            )
        hierarchy = read_hierarchy_csv(hierarchy_path)
    source, text = _decoded(path)
    # A row of empty fields (",,,,," as spreadsheets save a blank row) is no row.
    data = read_code_csv(source).dropna(how="all").reset_index(drop=True)
    _check_complete_rows(path, text, len(data.columns))
    for column in ("code", "year"):
        if column not in data.columns:
            raise DataError(
                f"the panel file {str(path)!r} has no {column!r} column; its "
                f"columns are {', '.join(map(str, data.columns))}"
            )
    if data.empty:
        raise DataError(
            f"the panel file {str(path)!r} has a header but no rows; give one row "
            "per unit and year"
        )
    return Panel(_numbers(data, path), hierarchy, components=components)


def _decoded(path: Path) -> tuple[Path | io.StringIO, str]:
    """What to hand to the CSV reader for ``path``, and the file's text.

    UTF-8 (with or without BOM) is read from the path as before; UTF-16 or
    UTF-32 with a byte-order mark and unambiguous Latin-1 are decoded here;
    anything else (Latin-1 behind a UTF-8 BOM, Windows-1252 bytes) is a
    DataError naming the file and the byte.
    """
    where = repr(str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DataError(f"cannot read {where}: {err.strerror or err}") from None
    try:
        text, encoding = decode_text(
            data, "the file", fallback="latin-1", remedy="save it as UTF-8"
        )
    except DataError as err:
        raise DataError(f"cannot read {where} as CSV: {err}") from None
    if encoding in ("utf-8", "utf-8-sig"):
        return path, text
    header = next((line for line in text.splitlines() if line.strip()), "")
    if text.strip() and not any(mark in header for mark in ",;\t"):
        # Bytes that only look like a byte-order mark decode to nonsense.
        raise DataError(
            f"cannot read {where} as CSV: read as {encoding}, its first line "
            f"{shown(header)} has no comma, semicolon or tab; save it as UTF-8"
        )
    return io.StringIO(text), text


def _check_complete_rows(path: Path, text: str, n_fields: int) -> None:
    """Every row has the header's fields: a row cut short is not empty cells.

    The CSV reader fills the missing fields of a short row with unknown
    values, so a file cut off in its last row would read as a unit whose
    counts are unknown. Empty cells are written as empty fields (``0101,,3``).
    """
    lines = text.splitlines()
    header = next((line for line in lines if line.strip()), "")
    delimiter = next(
        (
            candidate
            for candidate in (",", ";", "\t")
            if len(next(csv.reader([header], delimiter=candidate))) == n_fields
        ),
        None,
    )
    if delimiter is None or n_fields < 2:
        return
    # Lines split as the text reader does (CR, LF or CRLF), so a file with
    # old Mac line ends is not one unquoted field with line ends inside.
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise DataError(
                f"the panel file {str(path)!r}, line {reader.line_num}: {err}; "
                "every field must be a code, a year or a number"
            ) from None
        if row and any(cell.strip() for cell in row) and len(row) < n_fields:
            cut = "; the file looks truncated" if reader.line_num >= len(lines) else ""
            raise DataError(
                f"the panel file {str(path)!r}, line {reader.line_num}: "
                f"{len(row)} field(s) where the header has {n_fields}{cut}; "
                "write an unknown value as an empty field"
            )


#: Cell texts read as unknown values besides an empty cell (pandas' usual markers).
MISSING_MARKERS: Final = frozenset(
    {"NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "#N/A", "<NA>"}
)


#: How a year may be written in a panel file: digits, perhaps signed or with a
#: fraction (refused later with their own messages); "1e3" is a number to pandas,
#: not a year.
_YEAR_TEXT = r"[+-]?[0-9]+(?:\.[0-9]*)?"


def _numbers(data: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Every column but ``code`` as numbers; other text is named by its cell."""
    columns: dict[str, Any] = {"code": data["code"].str.strip()}
    for column in data.columns:
        if column == "code":
            continue
        text = data[column].str.strip()
        text = text.where(~text.isin(MISSING_MARKERS) & (text != ""))
        numbers = pd.to_numeric(text, errors="coerce")
        bad = numbers.isna() & text.notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            year = data["year"].iloc[row] if column != "year" else None
            unit = data["code"].iloc[row]
            in_year = "" if year is None else f" in {year}"
            more = int(bad.sum()) - 1
            raise DataError(
                f"the panel file {str(path)!r}, line {row + 2}: column {column!r} "
                f"of unit {unit!r}{in_year} is {data[column].iloc[row]!r}, which is "
                f"not a number{f' (and {more} more cells)' if more else ''}; give a "
                "number, or leave the cell empty for an unknown value"
            )
        if column == "year":
            _check_year_text(text, numbers, data, path)
        columns[column] = numbers
    return pd.DataFrame(columns)


def _check_year_text(
    text: pd.Series, numbers: pd.Series, data: pd.DataFrame, path: Path
) -> None:
    """Refuse finite years written other than in digits (``1e3``: the year 1000).

    Infinite and missing years are refused later, with the panel's own message.
    """
    finite = pd.Series(np.isfinite(numbers.to_numpy(dtype=float, na_value=np.nan)))
    odd = finite & ~text.str.fullmatch(_YEAR_TEXT).fillna(False)
    if odd.any():
        row = int(np.flatnonzero(odd.to_numpy())[0])
        raise DataError(
            f"the panel file {str(path)!r}, line {row + 2}: the year of unit "
            f"{data['code'].iloc[row]!r} is {data['year'].iloc[row]!r}, which is not "
            "a year written in digits; write it as, for example, 2008"
        )
