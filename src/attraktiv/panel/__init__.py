"""The data panel: validated unit × year counts plus the geography they belong to.

A :class:`Panel` holds raw yearly counts (population, migration, jobs and the inputs
of the explanatory factors) for the lowest-level units of a hierarchy, sums them to
every higher level, and hands out the counts of a level for a period
(:class:`PeriodCounts`). It knows counts, years and levels; the rates computed from
them live with the factors (:mod:`attraktiv.factors`) and the period table that every
analysis uses is assembled above both (:func:`attraktiv.period_table`).

Examples
--------
>>> from attraktiv.datasets import load_norway
>>> panel = load_norway()
>>> panel.units("region")[:3].tolist()
['3001', '3002', '3003']
>>> counts = panel.period_counts("2008-2010")
>>> int(counts.start("population_jan1")[counts.codes.get_loc("0301")])
560484
"""

from __future__ import annotations

from ._panel import MISSING_OPTIONS, MissingOption, Panel, require_panel
from ._schema import (
    COLUMN_AGGREGATIONS,
    DEFAULT_COMPONENTS,
    INPUT_COLUMNS,
    ColumnAggregation,
    gap_text,
)
from .counts import PeriodCounts

__all__ = [
    "COLUMN_AGGREGATIONS",
    "DEFAULT_COMPONENTS",
    "INPUT_COLUMNS",
    "MISSING_OPTIONS",
    "ColumnAggregation",
    "MissingOption",
    "Panel",
    "PeriodCounts",
    "gap_text",
    "require_panel",
]
