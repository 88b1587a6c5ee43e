"""Reading tables exported from Statistics Norway's StatBank web interface."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import IO, Final

import numpy as np
import pandas as pd

from ..core.typing import FloatArray
from ..errors import DataError
from ._borders import drop_nonexistent, to_borders

__all__ = ["read_statbank"]

Source = str | os.PathLike[str] | bytes | IO[bytes]

#: SSB's markers for a missing value: not available, confidential, not applicable.
MISSING_MARKERS: Final = ("..", ":", ".")
#: SSB's marker for an exact zero.
ZERO_MARKER: Final = "-"

_DELIMITERS: Final = ("\t", ";", ",")
_DELIMITER_NAMES: Final = {"\t": "tab", ";": "semicolon", ",": "comma"}
_YEAR_HEADER: Final = re.compile(r"^(?P<contents>.*?)\s*(?P<year>\d{4})$")
_REGION: Final = re.compile(r"^(?:[KF]-)?(?P<code>\d+)\s+(?P<name>\S.*)$")
_REGION_HEADERS: Final = frozenset(
    {"region", "kommune", "fylke", "municipality", "county"}
)
_REGION_LIKE: Final = re.compile(r"^(?:[KF]-)?(?:\d{2}|\d{4})\s+\S")
_LAYOUT_HELP: Final = (
    "expected StatBank's export with a header of one or more row labels (such as "
    '"region", "age") followed by one column per year ("2005") or per contents '
    'and year ("Persons 2005"), separated by tabs, semicolons or commas'
)


def _read_bytes(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, "the input"
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise DataError(f"no StatBank export at {str(path)!r}")
        return path.read_bytes(), repr(str(path))
    data = source.read()
    if not isinstance(data, bytes):
        raise DataError(
            "read_statbank reads bytes: give a path, bytes or a file opened in "
            "binary mode ('rb')"
        )
    name = getattr(source, "name", None)
    return data, repr(str(name)) if isinstance(name, str) else "the input"


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 with or without BOM, else Latin-1 (StatBank's)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _split(lines: list[str], delimiter: str) -> list[list[str]]:
    return [next(csv.reader([line], delimiter=delimiter)) for line in lines]


def _header_at(rows: list[list[str]]) -> int | None:
    """The first row with a year column after at least one label column."""
    for number, row in enumerate(rows):
        labelled = len(row) >= 2 and not _YEAR_HEADER.match(row[0].strip())
        if labelled and any(_YEAR_HEADER.match(cell.strip()) for cell in row[1:]):
            return number
        if any(cell.strip() for cell in row) and len(row) >= 2:
            return None
    return None


def _layout(lines: list[str], where: str) -> tuple[str, int]:
    """The delimiter and the header's line index, tried in StatBank's orders."""
    nonblank = [(i, line) for i, line in enumerate(lines) if line.strip()][:12]
    for delimiter in _DELIMITERS:
        rows = _split([line for _, line in nonblank], delimiter)
        header = _header_at(rows)
        if header is None:
            continue
        # The first row of data decides; later rows are checked one by one.
        following = rows[header + 1 : header + 2]
        if following and len(following[0]) == len(rows[header]):
            return delimiter, nonblank[header][0]
    first = nonblank[0][1][:80] if nonblank else ""
    raise DataError(
        f"{where} is not a StatBank export this reader knows (first line "
        f"{first!r}); {_LAYOUT_HELP}"
    )


def _region_column(stubs: list[str], table: pd.DataFrame) -> str | None:
    for name in stubs:
        if name.strip().lower() in _REGION_HEADERS:
            return name
    for name in stubs:
        if table[name].str.match(_REGION_LIKE).all():
            return name
    return None


def _to_numbers(
    cells: pd.Series[str], delimiter: str
) -> tuple[FloatArray, pd.Series[str]]:
    # Most cells are plain numbers: parse them at once, and clean only the rest.
    plain = pd.to_numeric(cells, errors="coerce")
    values = plain.to_numpy(dtype=np.float64, na_value=np.nan).copy()
    status = pd.Series(pd.NA, index=cells.index, dtype="str")
    rest = np.isnan(values)
    if rest.any():
        values[rest], status[rest] = _clean_numbers(cells[rest], delimiter)
    return values, status


def _clean_numbers(
    cells: pd.Series[str], delimiter: str
) -> tuple[FloatArray, pd.Series[str]]:
    text = cells.str.strip()
    status = text.where(text.isin([*MISSING_MARKERS, ZERO_MARKER]))
    digits = text.str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    if delimiter != ",":
        # Semicolon and tab exports from a Norwegian interface write 1,5 for 1.5.
        digits = digits.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(digits.where(status.isna()), errors="coerce")
    values = numbers.to_numpy(dtype=np.float64, na_value=np.nan).copy()
    values[status.eq(ZERO_MARKER).to_numpy(dtype=bool)] = 0.0
    return values, status


def read_statbank(source: Source, *, borders: int | None = None) -> pd.DataFrame:
    """Read a table exported from Statistics Norway's StatBank web interface.

    Parameters
    ----------
    source : path, bytes or binary file
        The export, as StatBank writes it: tab-, semicolon- or comma-separated,
        Latin-1 or UTF-8 (with or without a byte-order mark), with a header of
        row labels (``"region"``, ``"age"``, ...) and one column per year
        (``"2005"``) or per contents and year (``"Persons 2005"``). Title lines
        before the header and footnote lines after the table are allowed.
    borders : int, optional
        Move every code to the municipalities (or counties) of this year's
        borders with the bundled change table (see :func:`to_borders`); only
        2024 is supported. By default codes stay as published.

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per cell: ``code`` and ``name`` (split from the region
        label ``"0101 Halden"``; absent if the table has no region), one text
        column per other row label (named by its header, e.g. ``age``),
        ``contents`` (when the year columns carry one, e.g. ``"Persons"``),
        ``year`` (int64), ``value`` (float64; NaN where SSB marks it missing)
        and ``status`` (SSB's marker, ``".."``, ``":"``, ``"."`` or ``"-"``;
        missing where the cell holds a number). Rows follow the file, year
        fastest. ``frame.attrs`` keeps the source, the encoding, the
        delimiter and any title and footnote lines. With ``borders`` the
        columns are those of :func:`to_borders`.

    Raises
    ------
    DataError
        If the file is missing, its layout unknown (no label and year
        columns), a row has the wrong number of fields, a region label has no
        code, or a cell is neither a number nor one of SSB's markers (the
        message names the file, line and column).
    PeriodError, GeographyError
        With ``borders``, as for :func:`to_borders`.

    Notes
    -----
    SSB marks a value that is not available with ``..``, a confidential one
    with ``:``, a logically impossible one with ``.`` (all read as NaN) and an
    exact zero with ``-`` (read as 0). Exports of municipalities list the codes
    of several vintages of borders at once and show 0 for a code in a year in
    which it did not exist. Such a (code, year) has no row in the result: the
    bundled change table (:func:`attraktiv.datasets.load_change_table`) says
    which code was valid in which year, and a code and year it does not list,
    whose values are all 0 or missing, is dropped. A 0 of a code valid in that
    year is a real 0 and stays. Codes and years outside the table are kept as
    published.

    Examples
    --------
    >>> from attraktiv.io import read_statbank
    >>> export = (
    ...     '"region";"age";"Persons 2017";"Persons 2018"\\n'
    ...     '"1601 Trondheim";"0 years";2139;0\\n'
    ...     '"5001 Trondheim";"0 years";0;2121\\n'
    ...     '"0301 Oslo";"0 years";..;-\\n'
    ... ).encode("latin-1")
    >>> read_statbank(export)
       code       name      age contents  year   value status
    0  1601  Trondheim  0 years  Persons  2017  2139.0    NaN
    1  5001  Trondheim  0 years  Persons  2018  2121.0    NaN
    2  0301       Oslo  0 years  Persons  2017     NaN     ..
    3  0301       Oslo  0 years  Persons  2018     0.0      -
    >>> read_statbank(export, borders=2024)[["code", "name", "year", "value"]]
       code         name  year   value
    0  0301  Oslo-Oslove  2017     NaN
    1  0301  Oslo-Oslove  2018     0.0
    2  5001    Trondheim  2017  2139.0
    3  5001    Trondheim  2018  2121.0
    """
    data, where = _read_bytes(source)
    text, encoding = _decode(data)
    lines = text.splitlines()
    delimiter, header_line = _layout(lines, where)
    header = [cell.strip() for cell in _split([lines[header_line]], delimiter)[0]]
    titles = [line.strip() for line in lines[:header_line] if line.strip()]
    n_stubs = next(i for i, cell in enumerate(header) if _YEAR_HEADER.match(cell))
    stubs, year_headers = header[:n_stubs], header[n_stubs:]
    parsed = [_YEAR_HEADER.match(cell) for cell in year_headers]
    bad = [year_headers[i] for i, match in enumerate(parsed) if match is None]
    if bad:
        raise DataError(
            f"{where}, line {header_line + 1}: column(s) {bad!r} after the year "
            f"columns are not years; {_LAYOUT_HELP}"
        )
    if len(set(stubs)) != len(stubs) or len(set(year_headers)) != len(year_headers):
        raise DataError(
            f"{where}, line {header_line + 1}: the header repeats a column: {header!r}"
        )
    contents = [m.group("contents") for m in parsed if m is not None]
    years = [int(m.group("year")) for m in parsed if m is not None]

    rows: list[list[str]] = []
    line_numbers: list[int] = []
    footnotes: list[str] = []
    for number in range(header_line + 1, len(lines)):
        line = lines[number]
        if not line.strip():
            continue
        row = _split([line], delimiter)[0]
        if len(row) == len(header) and not footnotes:
            rows.append(row)
            line_numbers.append(number + 1)
        elif len([cell for cell in row if cell.strip()]) == 1 and rows:
            footnotes.append(line.strip().strip('"'))
        else:
            raise DataError(
                f"{where}, line {number + 1}: {len(row)} field(s) where the header "
                f"has {len(header)}"
            )
    if not rows:
        raise DataError(f"{where} has a header but no rows of data")

    table = pd.DataFrame(rows, columns=pd.Index(header), dtype="str")
    # Labels repeat on many rows (every age of a municipality): work on the
    # distinct ones.
    for name in stubs:
        positions, distinct = pd.factorize(table[name])
        table[name] = pd.Series(distinct, dtype="str").str.strip().to_numpy()[positions]
    region = _region_column(stubs, table)
    labels: dict[str, pd.Series[str]] = {}
    if region is not None:
        positions, distinct = pd.factorize(table[region])
        parts = pd.Series(distinct, dtype="str").str.extract(_REGION)
        split = pd.DataFrame(
            {column: parts[column].to_numpy()[positions] for column in parts}
        )
        unsplit = split["code"].isna().to_numpy()
        if unsplit.any():
            first = int(np.flatnonzero(unsplit)[0])
            raise DataError(
                f"{where}, line {line_numbers[first]}: region "
                f"{table[region].iloc[first]!r} is not a code and a name "
                '(such as "0101 Halden")'
            )
        labels["code"] = split["code"].astype("str")
        labels["name"] = split["name"].str.strip().astype("str")
    for name in stubs:
        if name != region:
            labels[name] = table[name].astype("str")

    n_rows, n_years = len(table), len(year_headers)
    cells = pd.Series(table[year_headers].to_numpy().reshape(-1), dtype="str").fillna(
        ""
    )
    values, status = _to_numbers(cells, delimiter)
    unread = np.isnan(values) & status.isna().to_numpy()
    if unread.any():
        first = int(np.flatnonzero(unread)[0])
        at_row, at_column = divmod(first, n_years)
        raise DataError(
            f"{where}, line {line_numbers[at_row]}, "
            f"column {year_headers[at_column]!r}: "
            f"{cells.iloc[first]!r} is neither a number nor one of SSB's markers "
            f"{', '.join(map(repr, [*MISSING_MARKERS, ZERO_MARKER]))}"
        )
    long: dict[str, object] = {
        name: np.repeat(series.to_numpy(), n_years) for name, series in labels.items()
    }
    if any(contents):
        long["contents"] = np.tile(np.asarray(contents, dtype=object), n_rows)
    long["year"] = np.tile(np.asarray(years, dtype=np.int64), n_rows)
    long["value"] = values
    long["status"] = status.to_numpy()
    frame = pd.DataFrame(long)
    for name in frame.columns:
        if name not in ("year", "value"):
            frame[name] = frame[name].astype("str")
    frame.attrs = {
        "source": where,
        "encoding": encoding,
        "delimiter": _DELIMITER_NAMES[delimiter],
        "titles": titles,
        "notes": footnotes,
    }
    frame = drop_nonexistent(frame)
    if borders is not None:
        return to_borders(frame, borders, where=where)
    return frame
