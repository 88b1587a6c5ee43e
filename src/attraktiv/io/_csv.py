"""Reading a user's own panel and hierarchy from CSV files in the documented schema."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from ..errors import DataError
from ..geography import Hierarchy
from ..panel import Panel

__all__ = ["read_hierarchy_csv", "read_panel_csv"]

PathLike = str | Path


def _read_csv(source: PathLike | IO[str], **options: Any) -> pd.DataFrame:
    """``pandas.read_csv``, with unreadable files turned into one clear error."""
    where = repr(str(source)) if isinstance(source, str | Path) else "the input"
    try:
        frame: pd.DataFrame = pd.read_csv(source, **options)
    except pd.errors.EmptyDataError:
        raise DataError(
            f"{where} is empty; expected a CSV file with a header"
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as err:
        first = (
            str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        )
        raise DataError(f"cannot read {where} as CSV: {first}") from None
    return frame


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
        every level, lowest level first.
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
    frame = _read_csv(source, dtype=str, keep_default_na=False)
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
        Empty cells are unknown values.
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
    path = Path(path)
    if not path.is_file():
        raise DataError(f"no panel file at {str(path)!r}")
    if hierarchy is None:
        hierarchy = path.with_name("hierarchy.csv")
    if not isinstance(hierarchy, Hierarchy):
        hierarchy_path = Path(hierarchy)
        if not hierarchy_path.is_file():
            raise DataError(
                f"no hierarchy file at {str(hierarchy_path)!r}; give one with a "
                "'<level>_code' column per level"
            )
        hierarchy = read_hierarchy_csv(hierarchy_path)
    data = _read_csv(path, dtype={"code": str})
    for column in ("code", "year"):
        if column not in data.columns:
            raise DataError(
                f"the panel file {str(path)!r} has no {column!r} column; its "
                f"columns are {', '.join(map(str, data.columns))}"
            )
    return Panel(data, hierarchy, components=components)
