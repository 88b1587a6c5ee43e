"""Reading tables exported from Statistics Norway's StatBank web interface."""

from __future__ import annotations

import csv
import os
import re
from typing import IO, Final

import numpy as np
import pandas as pd

from ..core.source import decode_text, read_path_bytes, shown
from ..core.typing import FloatArray
from ..errors import DataError
from ._borders import check_borders, drop_nonexistent, to_borders
from ._counts import is_population

__all__ = ["read_statbank"]

Source = str | os.PathLike[str] | bytes | IO[bytes]

#: SSB's markers for a missing value: not available, confidential, not applicable.
MISSING_MARKERS: Final = ("..", ":", ".")
#: SSB's marker for an exact zero.
ZERO_MARKER: Final = "-"

_DELIMITERS: Final = ("\t", ";", ",")
_DELIMITER_NAMES: Final = {"\t": "tab", ";": "semicolon", ",": "comma"}
# A year stands alone ("2005") or after the contents ("Persons 2005"): not the
# last four digits of a longer number ("Persons 20188"), nor year 0000.
_YEAR_HEADER: Final = re.compile(
    r"^(?P<contents>(?:.*?[^0-9])?)\s*(?P<year>[1-9][0-9]{3})$"
)
_SPACE: Final = re.compile(r"\s+")
_TABLE_NUMBER: Final = re.compile(r"^\s*\d+\s*:\s*")
_REGION: Final = re.compile(r"^(?:[KF]-)?(?P<code>[0-9]+)\s+(?P<name>\S.*)$")
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
    if isinstance(source, bytes | bytearray):
        return bytes(source), "the input (source)"
    if isinstance(source, str | os.PathLike):
        return read_path_bytes(source, argument="source", what="StatBank export")
    if not callable(getattr(source, "read", None)):
        raise DataError(
            "source is not valid: read_statbank reads a path, bytes or a file opened "
            f"in binary mode ('rb'); got {type(source).__name__}"
        )
    try:
        data = source.read()
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read the StatBank export: {err}") from None
    if not isinstance(data, bytes):
        raise DataError(
            "read_statbank reads bytes: give a path, bytes or a file opened in "
            "binary mode ('rb')"
        )
    name = getattr(source, "name", None)
    return data, repr(str(name)) if isinstance(name, str) else "the input (source)"


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


def _year_columns(
    year_headers: list[str], where: str, line: int
) -> tuple[list[str], list[int]]:
    """Contents and year of each year column; a repeated one is refused.

    Columns that differ only in spacing (``"Persons 2005"`` and
    ``"Persons  2005"``) are the same column.
    """
    parsed = [_YEAR_HEADER.match(cell) for cell in year_headers]
    bad = [year_headers[i] for i, match in enumerate(parsed) if match is None]
    if bad:
        raise DataError(
            f"{where}, line {line}: column(s) {shown(bad)} after the year "
            f"columns are not years; {_LAYOUT_HELP}"
        )
    contents = [_SPACE.sub(" ", m.group("contents")).strip() for m in parsed if m]
    years = [int(m.group("year")) for m in parsed if m is not None]
    seen: dict[tuple[str, int], str] = {}
    for heading, label, year in zip(year_headers, contents, years, strict=True):
        key = (_SPACE.sub("", label).casefold(), year)
        if key in seen:
            raise DataError(
                f"{where}, line {line}: columns {seen[key]!r} and {heading!r} are "
                "the same year of the same contents; each may appear once"
            )
        seen[key] = heading
    return contents, years


def _rows(
    lines: list[str],
    header_line: int,
    n_fields: int,
    delimiter: str,
    where: str,
) -> tuple[list[list[str]], list[int], list[str]]:
    """The data rows, their line numbers and the footnotes after the table.

    A footnote is StatBank's: after a blank line that ends the table, one text
    per line. Anything else without the header's fields (a row cut short) is
    an error, as is a quoted field that does not close: signs of a truncated
    file. (A file cut inside its last number cannot be told from a complete
    one: a missing final line end is common in files written by hand.)
    """
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    footnotes: list[str] = []
    ended = False
    for number in range(header_line + 1, len(lines)):
        line = lines[number]
        if not line.strip():
            ended = ended or bool(rows)
            continue
        if line.count('"') % 2:
            raise DataError(
                f"{where}, line {number + 1}: a quoted field does not close; the "
                "file looks truncated"
            )
        row = _split([line], delimiter)[0]
        if ended and len([cell for cell in row if cell.strip()]) == 1:
            footnotes.append(line.strip().strip('"'))
        elif len(row) == n_fields and not ended:
            rows.append(row)
            line_numbers.append(number + 1)
        else:
            hint = ""
            if ended:
                hint = " after the blank line that ends the table"
            elif len(row) < n_fields:
                hint = "; the row is cut short (is the file truncated?)"
            raise DataError(
                f"{where}, line {number + 1}: {len(row)} field(s) where the header "
                f"has {n_fields}{hint}"
            )
    if not rows:
        raise DataError(f"{where} has a header but no rows of data")
    return rows, line_numbers, footnotes


def _check_rows(
    table: pd.DataFrame,
    stubs: list[str],
    labels: dict[str, pd.Series[str]],
    line_numbers: list[int],
    where: str,
) -> None:
    """No two rows with the same labels; the last region not cut short.

    Two rows whose labels agree (after the region label is split into code and
    name) are refused: kept, they would be counted twice. StatBank exports
    every combination of the labels chosen, so a last region with fewer rows
    than every other is a truncated file.
    """
    keys = pd.DataFrame({k: v for k, v in labels.items() if k != "name"})
    repeated = keys.duplicated(keep=False).to_numpy()
    if repeated.any():
        rows = np.flatnonzero(repeated)
        first = rows[0]
        twin = next(int(r) for r in rows[1:] if keys.iloc[r].equals(keys.iloc[first]))
        shown = ", ".join(f"{k}={v!r}" for k, v in keys.iloc[first].items())
        raise DataError(
            f"{where}, lines {line_numbers[first]} and {line_numbers[twin]}: the "
            f"same row twice ({shown}); each combination of labels may appear once"
        )
    if len(stubs) < 2:
        return
    counts = table.groupby(stubs[0], sort=False).size()
    full = int(counts.iloc[0])
    # Two full groups before it establish the pattern; a hand-made table of
    # two regions may be ragged on purpose.
    if (
        len(counts) > 2
        and int(counts.iloc[-1]) < full
        and (counts.iloc[:-1] == full).all()
    ):
        raise DataError(
            f"{where}, line {line_numbers[-1]}: the last {stubs[0]} "
            f"{counts.index[-1]!r} has {int(counts.iloc[-1])} row(s) where every "
            f"other has {full}; the file looks truncated"
        )


def read_statbank(
    source: Source, *, borders: int | None = None, encoding: str | None = None
) -> pd.DataFrame:
    """Read a table exported from Statistics Norway's StatBank web interface.

    Parameters
    ----------
    source : path, bytes or binary file
        The export, as StatBank writes it: tab-, semicolon- or comma-separated,
        Latin-1 or UTF-8 (with or without a byte-order mark), with a header of
        row labels (``"region"``, ``"age"``, ...) and one column per year
        (``"2005"``) or per contents and year (``"Persons 2005"``). Title lines
        before the header are allowed, and footnotes after the table: after a
        blank line, one text per line.
    borders : int, optional
        Move every code to the municipalities (or counties) of this year's
        borders with the bundled change table (see :func:`to_borders`); only
        2024 is supported. By default codes stay as published.
    encoding : str, optional
        The file's encoding, when it is not one the reader can tell by itself:
        a byte-order mark (UTF-8, UTF-16, UTF-32), UTF-8, or Latin-1 without
        bytes 0x80-0x9F (which Windows-1252 uses for letters).

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
        If the file is missing, its encoding unclear, its layout unknown (no
        label and year columns), two year columns are the same year, a row has
        the wrong number of fields, two rows have the same labels, a region
        label has no code or one of 3, 5 or 7 digits (a leading zero lost), a
        year column is not a year from 1000 (``"Persons 20188"``), a cell is
        neither a number nor one of SSB's markers, a number is infinite, or a
        count of people is negative (the message names the file, line and
        column). So is a file that looks truncated: a
        row cut short, a quoted field without its closing quote, or a last
        region with fewer rows than the others.
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
    if borders is not None:
        check_borders(borders)
    data, where = _read_bytes(source)
    text, encoding = decode_text(data, where, encoding=encoding, fallback="latin-1")
    lines = text.splitlines()
    delimiter, header_line = _layout(lines, where)
    header = [cell.strip() for cell in _split([lines[header_line]], delimiter)[0]]
    titles = [line.strip() for line in lines[:header_line] if line.strip()]
    n_stubs = next(i for i, cell in enumerate(header) if _YEAR_HEADER.match(cell))
    stubs, year_headers = header[:n_stubs], header[n_stubs:]
    contents, years = _year_columns(year_headers, where, header_line + 1)
    if len(set(stubs)) != len(stubs):
        raise DataError(
            f"{where}, line {header_line + 1}: the header repeats a column: {header!r}"
        )
    rows, line_numbers, footnotes = _rows(
        lines, header_line, len(header), delimiter, where
    )

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
                f"{shown(table[region].iloc[first])} is not a code and a name "
                '(such as "0101 Halden")'
            )
        lost = split["code"].str.len().isin([3, 5, 7]).to_numpy()
        if lost.any():
            # SSB's codes have 2 (counties), 4 (municipalities), 6 or 8
            # digits: an odd length is a code whose leading zero was lost.
            first = int(np.flatnonzero(lost)[0])
            code = split["code"].iloc[first]
            raise DataError(
                f"{where}, line {line_numbers[first]}: region code {code!r} has "
                f"{len(code)} digits; SSB's codes have an even number (0301, 03), "
                f"so a leading zero looks lost (0{code}?)"
            )
        labels["code"] = split["code"].astype("str")
        labels["name"] = split["name"].str.strip().astype("str")
    for name in stubs:
        if name != region:
            labels[name] = table[name].astype("str")
    _check_rows(table, stubs, labels, line_numbers, where)

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
            f"{shown(cells.iloc[first])} is neither a number nor one of SSB's markers "
            f"{', '.join(map(repr, [*MISSING_MARKERS, ZERO_MARKER]))}"
        )
    # Without contents in the year columns, the title ("07459: Population, by
    # region and year") says what is counted.
    title = _TABLE_NUMBER.sub("", titles[-1].strip('"')) if titles else ""
    measured = [label or title for label in contents]
    people = np.asarray([is_population(label) for label in measured], dtype=bool)
    impossible = np.isinf(values) | (np.tile(people, n_rows) & (values < 0))
    if impossible.any():
        first = int(np.flatnonzero(impossible)[0])
        at_row, at_column = divmod(first, n_years)
        why = (
            "is infinite; give a finite number or one of SSB's markers"
            if np.isinf(values[first])
            else "is negative, and a count of people cannot be"
        )
        raise DataError(
            f"{where}, line {line_numbers[at_row]}, "
            f"column {year_headers[at_column]!r}: {shown(cells.iloc[first])} {why}"
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
