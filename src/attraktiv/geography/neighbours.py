"""The one neighbour rule: a unit's neighbours are the rest of its parent.

The neighbours of a municipality are the other municipalities of its region; of a
region, the other regions of its county. Two extensions make the rule total:

- a unit that is its parent's only member takes the next level up: the rest of its
  grandparent, ..., at last the rest of the country (Oslo, alone in its region and
  county, has the rest of Norway);
- where levels do not nest, a unit's ancestor on a higher level is the unit that
  holds most of its lowest-level members, ties going to the smallest code (8 of
  Norway's 85 economic regions of 2017 straddle county borders).

:class:`~attraktiv.geography.Hierarchy` offers the rule as its methods
``ancestor_groups``, ``neighbours`` and ``neighbour_totals``; the panel's
neighbour job growth is built on ``neighbour_totals``. The functions here use only
the public methods of the hierarchy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.typing import FloatArray, IntArray
from ..errors import DataError
from ._common import Levelled, _require_code


def _ancestor_groups(hierarchy: Levelled, level: str) -> tuple[IntArray, ...]:
    """For each level above ``level``: a group number per unit of ``level``.

    The arrays are aligned with ``hierarchy.units(level)`` and read-only.
    """
    codes = hierarchy.units(level)
    levels = hierarchy.levels
    lowest = hierarchy.lowest_level
    own = codes.get_indexer(pd.Index(hierarchy.mapping(lowest, level)))
    groups: list[IntArray] = []
    for ancestor in levels[levels.index(level) + 1 :]:
        # Positions in the ancestor's sorted codes: the smallest position is the
        # smallest code, so ties can be broken on integers.
        width = len(hierarchy.units(ancestor))
        above = hierarchy.units(ancestor).get_indexer(
            pd.Index(hierarchy.mapping(lowest, ancestor))
        )
        pair, members = np.unique(
            own.astype(np.int64) * width + above, return_counts=True
        )
        unit, candidate = np.divmod(pair, width)
        # per unit: most members first, then the smallest code
        best = np.lexsort((candidate, -members, unit))
        first = np.r_[True, unit[best][1:] != unit[best][:-1]]
        chosen = np.full(len(codes), np.nan)
        chosen[unit[best][first]] = candidate[best][first]
        # numbered in order of first appearance along the codes, as before
        group, _ = pd.factorize(chosen)
        groups.append(np.asarray(group, dtype=np.int64))
    result = tuple(groups)
    for group in result:
        group.flags.writeable = False
    return result


def _neighbour_totals(
    hierarchy: Levelled, values: FloatArray, level: str
) -> FloatArray:
    """For each unit of ``level``: the total of ``values`` over its neighbours."""
    n_units = len(hierarchy.units(level))
    try:
        values = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(
            f"values must be numbers, one row per {level} unit; got "
            f"{type(values).__name__} that does not convert to floats"
        ) from None
    if values.ndim != 2 or values.shape[0] != n_units:
        raise DataError(
            f"values must have one row per {level} unit ({n_units}), "
            f"got shape {values.shape}"
        )
    totals = np.full(values.shape, np.nan)
    unresolved = np.ones(n_units, dtype=np.bool_)
    for group in hierarchy.ancestor_groups(level):
        take = unresolved & (np.bincount(group)[group] > 1)
        rows = np.flatnonzero(take)
        parents = group[rows]
        for j in range(values.shape[1]):
            totals[rows, j] = np.bincount(group, weights=values[:, j])[parents]
        unresolved &= ~take
    if n_units > 1:
        totals[unresolved] = values.sum(axis=0)
    neighbours: FloatArray = totals - values
    return neighbours


def _neighbours(hierarchy: Levelled, code: str, level: str) -> pd.Index:
    """Sorted codes of the neighbours of one unit."""
    codes = hierarchy.units(level)
    _require_code(code, codes, level)
    where = int(codes.get_indexer(pd.Index([code], dtype="str"))[0])
    everyone = codes
    for group in hierarchy.ancestor_groups(level):
        same = codes[group == group[where]]
        if len(same) > 1:
            everyone = same
            break
    others: pd.Index = pd.Index(everyone[everyone != code], name="code", dtype="str")
    return others
