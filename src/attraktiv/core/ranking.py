"""Ranks of an index: 1 for the largest value, ties sharing the better rank.

One definition for every table that ranks units: the barometer, its rankings, the
rank confidence sets, the shrunk ranking and the command line.

Examples
--------
>>> import numpy as np
>>> ranks(np.array([0.5, 2.0, 0.5, -1.0])).tolist()
[2, 1, 2, 4]
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .typing import FloatArray, IntArray

__all__ = ["descending_order", "rank_series", "ranks"]


def descending_order(values: FloatArray) -> tuple[IntArray, IntArray]:
    """The order that sorts ``values`` largest first, ties by position, and the ranks.

    Returns ``(order, ranks)``: ``values[order]`` is descending, and ``ranks[i]`` is
    the rank of ``values[order[i]]``: 1 for the largest, ties sharing the better
    rank (one more than the number of larger values).
    """
    # the one sort: the order and the ranks are both read off it
    order: IntArray = np.argsort(-values).astype(np.int64, copy=False)
    descending = values[order]
    starts = np.ones(len(values), dtype=np.bool_)
    starts[1:] = descending[1:] != descending[:-1]
    positions = np.arange(1, len(values) + 1, dtype=np.int64)
    if starts.all():  # no ties: the ranks are 1, 2, 3, ...
        return order, positions
    # ties are rare: put each run in position order
    bounds = np.append(np.flatnonzero(starts), len(values))
    for first, end in itertools.pairwise(bounds):
        if end - first > 1:
            order[first:end] = np.sort(order[first:end])
    ranks: IntArray = np.maximum.accumulate(np.where(starts, positions, 0))
    return order, ranks


def ranks(values: FloatArray) -> IntArray:
    """1 for the largest value; ties share the better rank (1 + how many are larger)."""
    order, ranks = descending_order(values)
    by_position = np.empty_like(ranks)
    by_position[order] = ranks
    return by_position


def rank_series(values: pd.Series) -> pd.Series:
    """:func:`_ranks` of a Series, by the same index."""
    return pd.Series(
        ranks(values.to_numpy(dtype=np.float64)), index=values.index, name="rank"
    )
