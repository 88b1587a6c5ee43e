"""How the lowest-level units of a panel gather into the units of a higher level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.typing import FloatArray, IntArray
from ..geography import Hierarchy


@dataclass(frozen=True)
class _Groups:
    """The units of one level and the sorted offsets of their lowest-level members.

    Built once per panel and level: summing any column to the level is then one
    gather (skipped when the members already come in group order) and one
    ``np.add.reduceat``, with no mapping, factorizing or sorting per column.
    """

    # the sorted codes of the level's units
    codes: pd.Index
    # per lowest-level unit (in panel order), the position of its unit in codes
    group: IntArray
    # the lowest-level units in group order (stable: panel order inside a group)
    order: IntArray
    # where each group starts in that order
    starts: IntArray
    # whether order is 0, 1, 2, ...: members of a group already lie side by side
    in_order: bool

    @classmethod
    def of(cls, hierarchy: Hierarchy, level: str, units: pd.Index) -> _Groups:
        """The groups of ``level`` for the lowest-level ``units`` of a panel."""
        mapping = hierarchy.mapping(hierarchy.lowest_level, level).astype("str")
        if not mapping.index.equals(units):  # a panel's units are the hierarchy's
            mapping = mapping.reindex(units)
        # one hash pass gives the sorted codes and each unit's position among them
        group, uniques = pd.factorize(mapping.to_numpy(dtype=object), sort=True)
        codes = pd.Index(uniques, name="code", dtype="str")
        group = group.astype(np.int64)
        order = np.argsort(group, kind="stable").astype(np.int64)
        starts = np.flatnonzero(np.r_[True, np.diff(group[order]) != 0])
        in_order = bool(np.array_equal(order, np.arange(len(order))))
        for array in (group, order, starts):
            array.flags.writeable = False
        return cls(codes, group, order, starts, in_order)

    def total(self, array: FloatArray) -> FloatArray:
        """Sum the columns of ``array`` (years x lowest-level units) by group.

        ``np.add.reduceat`` keeps NaN inside its own group, so a missing member
        makes only its parent unknown.
        """
        members = array if self.in_order else array[:, self.order]
        summed: FloatArray = np.add.reduceat(members, self.starts, axis=1)
        return summed
