"""Reading tables of codes from CSV files whatever their delimiter.

Spreadsheet programs in Norwegian (and many other) locales save CSV files with
semicolons, and some exports use tabs. Read with commas, such a file is one column
whose name is the whole header, and every later check would blame the wrong thing.
:func:`read_code_csv` detects the delimiter instead.
"""

from __future__ import annotations

import io
import os
from typing import IO, cast

import pandas as pd

from ..core.validation import check_path, shown
from ..errors import DataError, InvalidOptionError

__all__ = ["read_code_csv"]

# The delimiters read_code_csv recognises, in the order it prefers them.
_DELIMITERS: tuple[str, ...] = (",", ";", "\t")


def _shown(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else repr(delimiter)


def _where(source: str | os.PathLike[str] | IO[str], argument: str) -> str:
    """The source for a message: its path, quoted, or "the input" for a buffer."""
    if isinstance(source, str | os.PathLike):
        return repr(os.fspath(source))
    return "the input" if argument == "source" else f"the input ({argument})"


def _delimiters_tried() -> str:
    """The delimiters tried, for a message: ``',', ';' and tab``."""
    shown = [_shown(delimiter) for delimiter in _DELIMITERS]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def read_code_csv(source: str | os.PathLike[str] | IO[str]) -> pd.DataFrame:
    """Read a CSV table with every column as text, detecting its delimiter.

    Parameters
    ----------
    source : str, path-like or text buffer
        The CSV file, delimited by commas, semicolons or tabs. Every column is
        read as text, so codes keep leading zeros and a code such as ``"NA"``
        stays a code; only empty cells are missing.

    Returns
    -------
    pandas.DataFrame
        The table, one column per field of the header, named without the
        spaces around it.

    Raises
    ------
    DataError
        If there is no file at ``source``, it is empty, or it cannot be parsed,
        rows with more fields than the header included (the message names the
        file and the delimiter used), or its header names a column twice.

    Notes
    -----
    The file is read with commas first. If that gives a single column whose name
    holds a semicolon or a tab, it is read again with the one of the two that
    occurs more often in that name (the semicolon on a tie). A file with a single
    column and none of these delimiters is returned as it is; whether one column
    is enough is for the caller to say.

    Examples
    --------
    >>> import io
    >>> text = "municipality_code;region_code\\n0101;3001\\n0104;3003\\n"
    >>> read_code_csv(io.StringIO(text))
      municipality_code region_code
    0              0101        3001
    1              0104        3003
    """
    return _read_codes(source, "source")


def _read_codes(given: object, argument: str) -> pd.DataFrame:
    """:func:`read_code_csv` of ``given``, whose messages name ``argument``."""
    source: str | os.PathLike[str] | IO[str]
    if isinstance(given, str | os.PathLike):
        source = check_path(argument, given)
    elif callable(getattr(given, "read", None)):
        source = cast("IO[str]", given)
    else:
        raise InvalidOptionError(
            f"{argument}={shown(given)} is not valid; give a path (text or "
            "pathlib.Path) or an open text file"
        )
    where = _where(source, argument)
    if isinstance(source, str | os.PathLike):
        reread: str | os.PathLike[str] | IO[str] = source
    else:
        # A buffer can be read only once: keep its text for a second attempt.
        content = source.read()
        if isinstance(content, bytes):  # a binary buffer despite the annotation
            source, reread = io.BytesIO(content), io.BytesIO(content)
        else:
            source, reread = io.StringIO(content), io.StringIO(content)
    frame = _read(source, ",", where, argument)
    if frame.shape[1] == 1:
        header = str(frame.columns[0])
        counts = {d: header.count(d) for d in _DELIMITERS[1:]}
        best = max(counts, key=lambda d: counts[d])
        if counts[best]:
            frame = _read(reread, best, where, argument)
    return frame


def _read(
    source: str | os.PathLike[str] | IO[str], delimiter: str, where: str, argument: str
) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = pd.read_csv(
            source, sep=delimiter, dtype=str, keep_default_na=False, na_values=[""]
        )
    except FileNotFoundError:
        raise DataError(
            f"no file at {where}; {argument} must name an existing file"
        ) from None
    except pd.errors.EmptyDataError:
        raise DataError(
            f"{where} is empty; expected a CSV file with a header"
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as err:
        message = str(err).strip()
        first = message.splitlines()[0] if message else type(err).__name__
        raise DataError(
            f"cannot read {where} as CSV delimited by {_shown(delimiter)}: {first}"
        ) from None
    if not isinstance(frame.index, pd.RangeIndex):
        # pandas makes the surplus leading fields of every row an index.
        raise DataError(
            f"cannot read {where} as CSV delimited by {_shown(delimiter)}: its "
            f"rows have more fields than its header has columns ({frame.shape[1]})"
        )
    # " jobs" is the column jobs: spaces around a header name are not part of it.
    names = [str(column).strip() for column in frame.columns]
    frame.columns = pd.Index(names)
    for column in names:
        # pandas renames the second 'jobs' of a header 'jobs.1' and the panel
        # would silently keep the first: a repeated column is refused instead.
        stem, dot, number = column.rpartition(".")
        if dot and number.isdigit() and stem in names:
            raise DataError(
                f"cannot read {where}: its header names the column {stem!r} more "
                "than once; each column may appear once"
            )
    return frame
