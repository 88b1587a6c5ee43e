"""Which years of each column have values: scanned once per panel and column."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..core.typing import BoolArray, FloatArray


class _YearScans:
    """Per column and year of a panel's lowest level: units with and without values.

    The columns are ``years x units`` arrays. Checking the cells of every period
    and level then costs a look-up rather than a scan of the column.
    """

    def __init__(self, counts: Mapping[str, FloatArray]) -> None:
        self._counts = counts
        self._missing: dict[str, BoolArray] = {}
        self._known: dict[str, BoolArray] = {}
        self._any_missing: dict[tuple[str, tuple[int, ...]], bool] = {}

    def missing(self, column: str) -> BoolArray:
        """Per year, whether some unit has no value (NaN) in ``column``."""
        cached = self._missing.get(column)
        if cached is None:
            cached = _read_only(np.isnan(self._counts[column]).any(axis=1))
            self._missing[column] = cached
        return cached

    def any_missing(self, column: str, positions: tuple[int, ...]) -> bool:
        """Whether some unit has no value in ``column`` in any year at ``positions``.

        Kept per column and years: the barometer asks it for every level of a
        period (a fancy index and a reduction, some 3 us, against a look-up).
        """
        key = (column, positions)
        cached = self._any_missing.get(key)
        if cached is None:
            cached = bool(self.missing(column)[list(positions)].any())
            self._any_missing[key] = cached
        return cached

    def known(self, column: str) -> BoolArray:
        """Per year, whether some unit has a value in ``column``."""
        cached = self._known.get(column)
        if cached is None:
            cached = _read_only(~np.isnan(self._counts[column]).all(axis=1))
            self._known[column] = cached
        return cached


def _read_only(flags: object) -> BoolArray:
    array = np.asarray(flags, dtype=np.bool_)
    array.flags.writeable = False
    return array
