"""Units left out of a period: the ``missing="drop"`` side of the panel.

A panel built with ``missing="drop"`` fits each period on the units that have
every value it needs. The helpers here find those units, hand out their counts
without copying columns nobody reads, and word the one note a fit gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from ..core.text import plural, singular
from ..core.typing import BoolArray, IntArray
from ..errors import DataError
from ..periods import Period
from .counts import _LevelArrays

__all__ = ["complete_units", "kept_arrays", "left_out_note"]


def complete_units(
    unknown: Callable[[str], BoolArray],
    cells: Sequence[tuple[str, tuple[int, ...]]],
    year_pos: Mapping[int, int],
    units: int,
) -> BoolArray:
    """Per unit (of ``units``), whether every (column, years) of ``cells`` is known.

    ``unknown(column)`` is the column's ``years x units`` mask of NaN cells, made
    once per level and column: a period then costs an *or* of a few rows.
    """
    missing = np.zeros(units, dtype=np.bool_)
    for column, years in cells:
        mask = unknown(column)
        for year in years:
            np.logical_or(missing, mask[year_pos[year]], out=missing)
    return ~missing


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
    # its own memory, read-only: the views handed out cannot be made writeable
    positions = np.flatnonzero(keep).copy()
    positions.flags.writeable = False
    # replace(): whatever else the level's arrays carry stays as it is; the
    # columns stay whole, read a row at a time through ``keep`` (a period reads
    # a few rows of a few columns: slicing whole columns cost more than its fit)
    return replace(
        arrays,
        codes=arrays.codes[positions],
        names=arrays.names[positions],
        order=arrays.order[positions],
        keep=positions,
    )


def left_out_note(
    period: Period,
    level: str,
    left: pd.Index,
    total: int,
    tops: tuple[pd.Index, IntArray] | None,
) -> str:
    """The note on the units ``left`` out of ``period``, counted per top unit.

    ``tops`` holds the sorted codes of the top level and, per unit of ``left``,
    the position of its top-level unit among them; None when ``level`` is the
    top level (the units are then named). Top units with most units left out
    come first, ties by code.
    """
    if len(left) == 0:
        return ""
    if tops is None:
        where = ", ".join(map(str, left))
    else:
        top_codes, parents = tops
        counts = np.bincount(parents, minlength=len(top_codes))
        present = np.flatnonzero(counts)
        # stable: among equal counts the codes stay in their sorted order
        order = present[np.argsort(-counts[present], kind="stable")]
        where = ", ".join(f"{top_codes[i]} {counts[i]}" for i in order)
    return (
        f"period {period.label}: {len(left)} of {total} {plural(level)} left out "
        f"for want of population, net migration or jobs ({where})"
    )
