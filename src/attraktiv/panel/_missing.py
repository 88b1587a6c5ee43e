"""Units left out of a period: the ``missing="drop"`` side of the panel.

A panel built with ``missing="drop"`` fits each period on the units that have
every value it needs. The helpers here find those units, hand out their counts
without copying columns nobody reads, and word the one note a fit gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from ..core.text import plural, singular
from ..core.typing import BoolArray, FloatArray
from ..errors import DataError
from ..periods import Period
from ._schema import _read_only
from .counts import _LevelArrays

__all__ = ["complete_units", "kept_arrays", "left_out_note"]


class _Columns(Mapping[str, FloatArray]):
    """A level's columns for the units of ``keep``, each sliced when first read.

    A period's fit reads a few of the panel's columns; slicing them all for every
    period and level would cost more than the fit.
    """

    def __init__(self, columns: Mapping[str, FloatArray], keep: BoolArray) -> None:
        self._columns = columns
        self._keep = keep
        self._sliced: dict[str, FloatArray] = {}

    def __getitem__(self, column: str) -> FloatArray:
        sliced = self._sliced.get(column)
        if sliced is None:
            sliced = _read_only(self._columns[column][:, self._keep])
            self._sliced[column] = sliced
        return sliced

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)


def complete_units(
    arrays: _LevelArrays,
    cells: Sequence[tuple[str, tuple[int, ...]]],
    year_pos: Mapping[int, int],
) -> BoolArray:
    """Per unit of ``arrays``: whether every (column, years) of ``cells`` is known."""
    known = np.ones(len(arrays.codes), dtype=np.bool_)
    for column, years in cells:
        rows = arrays.counts[column][[year_pos[y] for y in years]]
        known &= ~np.isnan(rows).any(axis=0)
    return known


def kept_arrays(
    arrays: _LevelArrays, keep: BoolArray, period: Period, level: str
) -> _LevelArrays:
    """``arrays`` for the units of ``keep`` only; refused when none is kept."""
    if not keep.any():
        raise DataError(
            f"no {singular(level)} has every value period {period.label} needs "
            "(population at the start, net migration in each year, jobs before "
            "and at the end); choose another period"
        )
    # replace(): whatever else the level's arrays carry stays as it is
    return replace(
        arrays,
        codes=arrays.codes[keep],
        counts=_Columns(arrays.counts, keep),
        names=arrays.names[keep],
        order=arrays.order[keep],
    )


def left_out_note(
    period: Period, level: str, left: pd.Index, total: int, top: pd.Series | None
) -> str:
    """The note on the units ``left`` out of ``period``, counted per top unit.

    ``top`` maps a unit of ``level`` to its top-level unit; None when ``level`` is
    the top level (the units are then named).
    """
    if len(left) == 0:
        return ""
    if top is None:
        where = ", ".join(map(str, left))
    else:
        parents = top.reindex(left).to_numpy(dtype=str)
        names, counts = np.unique(parents, return_counts=True)
        order = np.lexsort((names, -counts))
        where = ", ".join(f"{names[i]} {counts[i]}" for i in order)
    return (
        f"period {period.label}: {len(left)} of {total} {plural(level)} left out "
        f"for want of population, net migration or jobs ({where})"
    )
