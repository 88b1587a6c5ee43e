"""Border-change tables: Norway's code changes since 1940, mapped onto 2024 borders.

The one home of the change tables that both :mod:`attraktiv.io` (placing SSB's
tables in the 2024 borders) and :mod:`attraktiv.datasets` (the bundled panel in 2024
borders) use. The tables ship, compressed, with the bundled data
(``attraktiv/datasets/data``, with their provenance); they are read once and cached.

Examples
--------
>>> from attraktiv.geography.changes import load_change_table, target_names
>>> load_change_table().targets("0301", 2017).index.tolist()
['0301']
>>> target_names("county")["03"]
'Oslo-Oslove'
"""

from __future__ import annotations

import copy
from functools import lru_cache
from importlib.resources import files
from typing import Final, Literal

import pandas as pd

from ..core.validation import shown
from ..errors import InvalidOptionError
from .borders import ChangeTable

__all__ = ["CHANGE_TABLE_BORDERS", "ChangeLevel", "load_change_table", "target_names"]

_PACKAGE: Final = "attraktiv.datasets"
_CHANGES: Final = "redistricting_b2024.csv.gz"
_NAMES: Final = "names_b2024.csv.gz"

#: The borders the bundled change table maps onto.
CHANGE_TABLE_BORDERS: Final = 2024

ChangeLevel = Literal["municipality", "county"]

# The csdata table keeps the units outside the mainland (Svalbard, Jan Mayen) and
# the "unknown" codes (9999, 99) in granularities of their own; SSB's tables list
# them beside the ordinary units, so each level takes all three.
_GRANULARITIES: Final[dict[str, tuple[str, ...]]] = {
    "municipality": ("municip", "notmainlandmunicip", "missingmunicip"),
    "county": ("county", "notmainlandcounty", "missingcounty"),
}


def _check_level(level: object) -> str:
    # Only text can name a level; a list or a frame is refused before it reaches a
    # cache or a dictionary, where it would be an unhashable TypeError.
    if not isinstance(level, str) or level not in _GRANULARITIES:
        raise InvalidOptionError(
            f"level must be one of 'municipality', 'county'; got {shown(level)}"
        )
    return level


@lru_cache(maxsize=1)
def _raw_changes() -> pd.DataFrame:
    with files(_PACKAGE).joinpath("data", _CHANGES).open("rb") as handle:
        return pd.read_csv(
            handle,
            compression="gzip",
            dtype=str,
            keep_default_na=False,
            na_values=[""],
        )


@lru_cache(maxsize=2)
def _cached_change_table(level: str) -> ChangeTable:
    raw = _raw_changes()
    frames = [
        ChangeTable.from_csdata(raw, granularity=granularity).frame
        for granularity in _GRANULARITIES[level]
    ]
    return ChangeTable(pd.concat(frames, ignore_index=True))


def target_names(level: ChangeLevel = "municipality") -> pd.Series[str]:
    """Names of the units of the 2024 borders, by code.

    Parameters
    ----------
    level : {"municipality", "county"}, default "municipality"
        Municipality codes (``"0301"``) or county codes (``"03"``), including the
        units outside the mainland and the "unknown" codes.

    Returns
    -------
    pandas.Series
        Names (text) indexed by code; a new Series on each call.

    Raises
    ------
    InvalidOptionError
        If ``level`` is not one of the two above.

    Examples
    --------
    >>> from attraktiv.geography.changes import target_names
    >>> target_names()["5001"]
    'Trondheim'
    """
    return _target_names(_check_level(level)).copy()


@lru_cache(maxsize=2)
def _target_names(level: str) -> pd.Series[str]:
    with files(_PACKAGE).joinpath("data", _NAMES).open("rb") as handle:
        raw = pd.read_csv(handle, compression="gzip", dtype=str, keep_default_na=False)
    parts = []
    for granularity in _GRANULARITIES[level]:
        rows = raw[raw["granularity_geo"].eq(granularity).to_numpy()]
        codes = rows["location_code"].str.slice(len(f"{granularity}_nor"))
        parts.append(
            pd.Series(rows["location_name"].to_numpy(), index=codes.to_numpy())
        )
    names: pd.Series[str] = pd.concat(parts).astype("str")
    return names


def load_change_table(level: ChangeLevel = "municipality") -> ChangeTable:
    """Every Norwegian code in use since 1940, mapped onto the 2024 borders.

    Parameters
    ----------
    level : {"municipality", "county"}, default "municipality"
        Municipality codes (four digits, ``"0301"``) or county codes (two digits,
        ``"03"``). The units outside the mainland (Svalbard, Jan Mayen) and SSB's
        "unknown" codes (``"9999"``, ``"99"``) are included; they map onto
        themselves.

    Returns
    -------
    ChangeTable
        One row per code, calendar year in which the code was valid, and 2024
        code, with the share of the old unit that goes to the 2024 unit
        (``weight``; 1.0 for a plain merge or renaming). A new object on each
        call; it is read once, and its ``frame`` is handed out as a copy, so the
        call is cheap and nothing a caller does reaches another.

    Raises
    ------
    InvalidOptionError
        If ``level`` is not one of the two above.

    See Also
    --------
    attraktiv.rebase : Re-express counts in the 2024 borders with this table.
    attraktiv.io.read_statbank : Reads SSB exports, using this table to know
        which code existed in which year.

    Notes
    -----
    The table is the ``redistricting_b2024`` table of the csdata R package
    (niphr/csdata, MIT licence), built from Statistics Norway's classification
    service (Klass); it ships with attraktiv, compressed, and is read without the
    network. Municipality years run from 1940 and county years from 1975 up to
    2034: years after 2024 carry the 2024 codes forward, as the table's authors
    published it, so they are right only as long as no border changes after 2024.

    Where a municipality was split, the weights are the table's fixed shares
    (0.5, or 0.35/0.35/0.3), not population shares: a split count is conserved
    in total but shared out by those fixed proportions.

    Examples
    --------
    >>> from attraktiv.geography.changes import load_change_table
    >>> changes = load_change_table()
    >>> changes.targets("1601", 2017)  # Trondheim before the 2018 merger
    target
    5001    1.0
    Name: weight, dtype: float64
    >>> changes.targets("1507", 2020)  # Ålesund 2020-2023, split in 2024
    target
    1508    0.5
    1580    0.5
    Name: weight, dtype: float64
    >>> int(changes.frame["year"].min()), int(changes.frame["year"].max())
    (1940, 2034)
    """
    # A shallow copy: the frame is handed out as a copy on every read, so sharing it
    # is safe, and validating the 25,000 rows again is not needed.
    return copy.copy(_cached_change_table(_check_level(level)))
