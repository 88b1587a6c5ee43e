"""Reading Eurostat's bulk TSV files (``demo_r_gind3.tsv.gz`` and the like)."""

from __future__ import annotations

import gzip
import os
import re
from typing import IO, Final

import numpy as np
import pandas as pd

from ..core.source import decode_text, read_path_bytes, shown
from ..errors import DataError

__all__ = ["EUROSTAT_FLAGS", "read_eurostat"]

EurostatSource = str | os.PathLike[str] | bytes | IO[bytes]

#: Eurostat's flags and what they mean; a cell may carry several (``"bp"``).
EUROSTAT_FLAGS: Final[dict[str, str]] = {
    "b": "break in time series",
    "c": "confidential",
    "d": "definition differs",
    "e": "estimated",
    "f": "forecast",
    "n": "not significant",
    "p": "provisional",
    "r": "revised",
    "s": "Eurostat estimate",
    "u": "low reliability",
    "z": "not applicable",
}
# ASCII digits only: "２７３５６" is not how Eurostat writes a number.
_CELL: Final = re.compile(
    r"^\s*(?P<number>[-+]?[0-9]+(?:\.[0-9]+)?|:)\s*(?P<flags>\S*)\s*$"
)
#: Digits of one cell: a count or a rate never needs more (1e400 would be infinite).
MAX_CELL_DIGITS: Final = 30
#: Indicator codes of stocks of people (population on 1 January, persons
#: employed), which cannot be negative; changes and rates can.
_STOCKS: Final = frozenset({"JAN", "EMP", "SAL", "SELF"})
_LAYOUT: Final = (
    "expected Eurostat's bulk TSV layout: a header whose first field is the "
    "dimensions joined by commas and ending in '\\time' (such as "
    "'unit,indic_de,geo\\time'), then one tab-separated column per period"
)


def _read_bytes(source: EurostatSource) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, "the input"
    if isinstance(source, str | os.PathLike):
        return read_path_bytes(source, argument="source", what="Eurostat TSV file")
    if not hasattr(source, "read"):
        raise DataError(
            "read_eurostat reads a path, bytes or a file opened in binary mode; "
            f"got {type(source).__name__}"
        )
    data = source.read()
    if not isinstance(data, bytes):
        raise DataError(
            "read_eurostat reads bytes: open the file in binary mode ('rb')"
        )
    name = getattr(source, "name", None)
    return data, shown(name) if isinstance(name, str) else "the input"


def _dimensions(first: str, where: str) -> list[str]:
    head, separator, _time = first.rpartition("\\")
    names = [name.strip() for name in head.split(",")]
    if not separator or not all(names):
        raise DataError(f"{where}: the header starts with {first!r}; {_LAYOUT}")
    taken = {"value", "flags", "year", "period"}
    clashing = [name for name in names if name in taken]
    repeated = [name for name in names if names.count(name) > 1]
    if clashing or repeated:
        bad = (clashing or repeated)[0]
        raise DataError(
            f"{where}: dimension {bad!r} would overwrite a column of the tidy "
            f"frame or repeats; {_LAYOUT}"
        )
    return names


def _check_keys(keys: list[str], dimensions: list[str], where: str) -> None:
    """Every row's key complete and once: a repeated row would be counted twice."""
    seen: dict[tuple[str, ...], int] = {}
    for number, key in enumerate(keys, start=2):
        parts = tuple(part.strip() for part in key.split(","))
        empty = [name for name, part in zip(dimensions, parts, strict=True) if not part]
        if empty:
            raise DataError(
                f"{where}: line {number} has the key {key!r}, with no value for "
                f"dimension {empty[0]!r}"
            )
        if parts in seen:
            raise DataError(
                f"{where}: lines {seen[parts]} and {number} have the same key "
                f"{','.join(parts)!r}; each row may appear once"
            )
        seen[parts] = number


def _check_numbers(
    numbers: pd.Series[float],
    cells: pd.Series[str],
    keys: list[str],
    periods: list[str],
    where: str,
) -> None:
    """No number too long to be a count, none negative where people are counted."""
    digits = cells.str.count(r"[0-9]").to_numpy()
    values = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
    stock = np.repeat(
        [any(part.strip() in _STOCKS for part in key.split(",")) for key in keys],
        len(periods),
    )
    bad = (digits > MAX_CELL_DIGITS) | ~np.isfinite(np.nan_to_num(values, nan=0.0))
    negative = stock & (values < 0)
    for wrong, why in (
        (bad, f"more than {MAX_CELL_DIGITS} digits (not a finite count)"),
        (negative, "negative, and a count of people (JAN, EMP) cannot be"),
    ):
        if wrong.any():
            first = int(np.flatnonzero(wrong)[0])
            at_row, at_column = divmod(first, len(periods))
            raise DataError(
                f"{where}: the cell of {keys[at_row]!r} in {periods[at_column]} is "
                f"{shown(cells.iloc[first].strip())}, {why}"
            )


def read_eurostat(source: EurostatSource) -> pd.DataFrame:
    """Read one of Eurostat's bulk TSV files into a tidy frame, flags kept.

    Parameters
    ----------
    source : path, bytes or binary file
        A bulk download such as ``demo_r_gind3.tsv`` or ``demo_r_gind3.tsv.gz``
        (gzip is recognised by its content), its bytes, or a file opened with
        ``"rb"``.

    Returns
    -------
    pandas.DataFrame
        One row per cell, in the file's row order and then its period order:
        one text column per dimension of the header, named as there (``unit``,
        ``indic_de``, ...), except the geographic one, ``geo``, which becomes
        ``code`` (NUTS codes as published, ``AT130``; extra-regio codes such as
        ``ATZZZ`` are kept: they are Eurostat's rows); ``year`` (int64) when
        every period is a year, else ``period`` (text, ``"2019Q1"``);
        ``value`` (float64, NaN for ``:``) and ``flags`` (text, ``""`` when
        none; ``"bp"`` for a break in series that is also provisional).

    Raises
    ------
    DataError
        If the source is missing, empty, not text, or not in the bulk layout
        (the message quotes the header); if a row has more or fewer fields than
        the header, or its dimensions do not match the header's; if a period
        repeats; if two rows have the same key or a key has an empty
        dimension; or if a cell is neither a number nor ``:`` with known flags
        (:data:`EUROSTAT_FLAGS`), has more than 30 digits, or is negative in a
        row of a stock of people (indicator ``JAN``, ``EMP``, ``SAL`` or
        ``SELF``), naming the row's key, the period and the cell.

    Notes
    -----
    In the bulk files a cell is a number followed by a space and the flags
    (``12345 e``, ``12345 bp``), or ``:`` for a value Eurostat does not have,
    possibly with a flag (``: c`` confidential, ``: z`` not applicable).
    Eurostat's population change (``GROW`` in ``demo_r_gind3``) excludes census
    breaks, flagged ``b``; the difference of two January populations does not.

    Examples
    --------
    >>> text = (
    ...     "unit,indic_de,geo\\\\time\\t2016 \\t2015 \\n"
    ...     "NR,GROW,AT130\\t27356 \\t42889 \\n"
    ...     "NR,GROW,DE300\\t60512 bp\\t:  \\n"
    ... ).encode()
    >>> read_eurostat(text)
      unit indic_de   code  year    value flags
    0   NR     GROW  AT130  2016  27356.0
    1   NR     GROW  AT130  2015  42889.0
    2   NR     GROW  DE300  2016  60512.0    bp
    3   NR     GROW  DE300  2015      NaN
    """
    data, where = _read_bytes(source)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise DataError(f"{where} is not a readable gzip file: {err}") from None
    text, _ = decode_text(data, where)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise DataError(f"{where} is empty; {_LAYOUT}")
    header = lines[0].split("\t")
    dimensions = _dimensions(header[0], where)
    periods = [p.strip() for p in header[1:]]
    if not periods or not all(periods):
        raise DataError(f"{where}: the header has no periods after {header[0]!r}")
    repeated = [p for p in periods if periods.count(p) > 1]
    if repeated:
        raise DataError(f"{where}: period {repeated[0]!r} appears twice in the header")
    rows = [line.split("\t") for line in lines[1:]]
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise DataError(
                f"{where}: line {number} ({row[0]!r}) has {len(row)} fields, the "
                f"header {len(header)}"
            )
        if len(row[0].split(",")) != len(dimensions):
            raise DataError(
                f"{where}: line {number} has the key {row[0]!r}, not one value per "
                f"dimension {','.join(dimensions)}"
            )
    if not rows:
        raise DataError(f"{where} has a header but no rows; {_LAYOUT}")
    keys = [row[0] for row in rows]
    _check_keys(keys, dimensions, where)
    cells = pd.Series(
        np.asarray([row[1:] for row in rows], dtype=object).reshape(-1), dtype="str"
    )
    parts = cells.str.extract(_CELL)
    flags = parts["flags"].fillna("")
    unknown = flags.str.contains(f"[^{''.join(EUROSTAT_FLAGS)}]", regex=True)
    bad = parts["number"].isna() | unknown
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        at_row, at_column = divmod(first, len(periods))
        raise DataError(
            f"{where}: the cell of {keys[at_row]!r} in {periods[at_column]} is "
            f"{cells.iloc[first]!r}, not a number or ':' followed by Eurostat's flags "
            f"({''.join(EUROSTAT_FLAGS)})"
        )
    numbers = parts["number"].replace(":", None).astype("float64")
    _check_numbers(numbers, cells, keys, periods, where)
    key_parts = [key.split(",") for key in keys]
    columns: dict[str, object] = {}
    for position, name in enumerate(dimensions):
        values = np.asarray([k[position].strip() for k in key_parts], dtype=object)
        columns["code" if name == "geo" else name] = np.repeat(values, len(periods))
    if all(re.fullmatch(r"\d{4}", p) for p in periods):
        columns["year"] = np.tile(np.asarray([int(p) for p in periods]), len(rows))
    else:
        columns["period"] = np.tile(np.asarray(periods, dtype=object), len(rows))
    columns["value"] = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
    columns["flags"] = flags.to_numpy(dtype=object)
    frame = pd.DataFrame(columns)
    for name in frame.columns:
        if name not in ("year", "value"):
            frame[name] = frame[name].astype("str")
    return frame
