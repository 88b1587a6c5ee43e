"""The barometer: every level × period × flow of the index in one tidy table."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.ranking import descending_order
from ..core.typing import FloatArray, IntArray
from ..core.validation import check_names
from ..errors import AttraktivWarning, InvalidOptionError, PeriodError
from ..panel import Panel, gap_text
from ..periods import Period, as_periods
from .model import AttractivenessModel, _require_panel, warn_left_out

__all__ = ["TOTAL", "barometer"]

#: The ``flow`` of the index of total net migration in :func:`barometer`'s table.
TOTAL: Final = "total"


def barometer(
    panel: Panel,
    *,
    levels: Sequence[str] | None = None,
    periods: Sequence[Period | str] | None = None,
    model: AttractivenessModel | None = None,
) -> pd.DataFrame:
    """Every level × period × flow in one call, as one tidy table.

    Parameters
    ----------
    panel : Panel
    levels : sequence of str, optional
        Default: every level of the panel's hierarchy.
    periods : sequence of Period or str, optional
        Default: every period of :meth:`Panel.periods_available`. A value missing
        for some units in one of them raises :class:`DataError` naming the unit,
        year and column; it is never skipped quietly. A period whose years are in
        the panel but which is left out because a column has no value for any
        unit in a year it needs is named in an :class:`AttraktivWarning`. On a
        panel built with ``missing="drop"`` such units are left out of the period
        instead, with one :class:`AttraktivWarning` per period counting those of
        the finest level asked (:meth:`Panel.missing_note`).
    model : AttractivenessModel, optional
        Default: the published model, ``net_migration ~ job_growth``.

    Returns
    -------
    pandas.DataFrame
        Columns ``level, period, flow, code, name, attractiveness, rank``; ``flow``
        is ``"total"`` for the index of total net migration and the component name
        for each flow. Sorted by level, period, flow and rank (ties by code). The
        label columns (``level``, ``period``, ``flow``, ``code``, ``name``) are
        categoricals, so a table of millions of rows stays small.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> tidy = attraktiv.barometer(load_norway(), levels=["region"])
    >>> int(tidy.groupby("period").size().iloc[0])
    85
    """
    if isinstance(levels, str):
        raise InvalidOptionError(
            f"levels must be a list of levels, got the string {levels!r}; write "
            f"levels=[{levels!r}]"
        )
    if levels is not None and not isinstance(levels, Sequence):
        raise InvalidOptionError(
            f"levels must be a list of levels, got {type(levels).__name__}; choose "
            f"from {', '.join(map(repr, panel.levels))}"
        )
    _require_panel(panel, "barometer")
    if model is not None and not isinstance(model, AttractivenessModel):
        raise InvalidOptionError(
            f"model must be an AttractivenessModel, got {type(model).__name__}"
        )
    model = model or AttractivenessModel()
    if levels is not None:
        levels = check_names("levels", levels, empty=True)
    chosen_levels = (
        [panel.resolve_level(level) for level in levels]
        if levels is not None
        else list(panel.levels)
    )
    if not chosen_levels:
        raise InvalidOptionError(
            "levels is empty; give at least one of "
            f"{', '.join(map(repr, panel.levels))}"
        )
    if isinstance(periods, str | Period):
        raise InvalidOptionError(
            f"periods must be a list of periods, got {str(periods)!r}; write "
            f"periods=[{str(periods)!r}]"
        )
    if periods is None:
        chosen_periods, gaps = panel.periods_and_gaps(3)
        if gaps:
            warnings.warn(
                "barometer leaves out "
                + "; ".join(gap_text(*gap) for gap in gaps)
                + "; give periods to choose them",
                AttraktivWarning,
                stacklevel=2,
            )
    else:
        chosen_periods = as_periods(periods)
    if panel.missing == "drop":
        finest = min(chosen_levels, key=panel.levels.index)
        for period in sorted(set(chosen_periods)):
            warn_left_out(panel, period, finest)
    if not chosen_periods:
        raise (
            InvalidOptionError(
                "periods is empty; give at least one period, such as "
                "periods=['2008-2010'], or None for every period the panel covers"
            )
            if periods is not None
            else PeriodError(
                f"the panel (years {panel.years[0]}-{panel.years[-1]}) covers no "
                "period of 3 years and the year before it; give periods explicitly"
            )
        )
    return _tidy(panel, model, sorted(set(chosen_levels)), chosen_periods)


def _categorical(
    codes: npt.NDArray[np.integer], categories: pd.Index | list[str]
) -> pd.Categorical:
    dtype: pd.CategoricalDtype = pd.CategoricalDtype(categories)
    return pd.Categorical.from_codes(codes, dtype=dtype)


def _tidy(
    panel: Panel,
    model: AttractivenessModel,
    levels: Sequence[str],
    periods: Sequence[Period],
) -> pd.DataFrame:
    """The tidy barometer, built from arrays in its final order.

    Rows come out sorted by level, period (label), flow and rank, ties by code, so
    nothing is sorted afterwards; the label columns are categoricals, whose codes
    are small integers whatever the number of rows.
    """
    by_label = sorted(set(periods), key=lambda p: p.label)
    period_labels = [p.label for p in by_label]
    unit_codes = pd.Index(
        pd.unique(
            np.concatenate([panel.units(level).to_numpy(object) for level in levels])
        )
    )
    # one entry per block of rows (a level, period and flow): its labels and size
    block_level: list[int] = []
    block_period: list[int] = []
    block_flow: list[int] = []
    block_size: list[int] = []
    flow_names: list[str] = []
    code_of: list[npt.NDArray[np.int32]] = []
    names: list[npt.NDArray[np.int32]] = []
    level_names = {
        level: panel.hierarchy.names(level)
        .reindex(panel.units(level))
        .to_numpy(dtype=object)
        for level in levels
    }
    name_index = pd.Index(pd.unique(np.concatenate(list(level_names.values()))))
    values: list[FloatArray] = []
    ranks: list[IntArray] = []
    for level_position, level in enumerate(levels):
        all_codes = panel.units(level)
        # positions of the level's units among all codes and all names, once
        level_positions = unit_codes.get_indexer(all_codes).astype(np.int32)
        name_positions = name_index.get_indexer(level_names[level]).astype(np.int32)
        indices = model._level_indices(panel, level)
        for period_position, period in enumerate(by_label):
            # a panel with missing="drop" fits only the units with every value:
            # their positions among the level's units come with the fit
            outcomes, residuals, fitted = indices(period)
            level_codes = level_positions[fitted]
            name_codes = name_positions[fitted]
            # one contiguous row per flow, so each sort and gather reads memory
            # in order
            by_flow = np.ascontiguousarray(residuals.T)
            columns = {TOTAL: by_flow[0]}
            for j, column in enumerate(outcomes[1:], start=1):
                columns[column.removeprefix("net_migration_")] = by_flow[j]
            for flow in sorted(columns):
                index = columns[flow]
                # units are in code order, so ties come out by code
                order, rank = descending_order(index)
                if flow not in flow_names:
                    flow_names.append(flow)
                block_level.append(level_position)
                block_period.append(period_position)
                block_flow.append(flow_names.index(flow))
                block_size.append(len(index))
                code_of.append(level_codes[order])
                names.append(name_codes[order])
                values.append(index[order])
                ranks.append(rank)
    flow_categories = sorted(flow_names)
    remap = [flow_categories.index(f) for f in flow_names]
    sizes = np.asarray(block_size, dtype=np.int64)

    def labels(blocks: list[int]) -> npt.NDArray[np.int8 | np.int16]:
        # few labels: the smallest integers that hold them, one value per block
        dtype = np.int8 if max(blocks, default=0) < 127 else np.int16
        return np.repeat(np.asarray(blocks, dtype=dtype), sizes)

    return pd.DataFrame(
        {
            "level": _categorical(labels(block_level), list(levels)),
            "period": _categorical(labels(block_period), period_labels),
            "flow": _categorical(
                labels([remap[f] for f in block_flow]), flow_categories
            ),
            "code": _categorical(np.concatenate(code_of), unit_codes),
            "name": _categorical(np.concatenate(names), name_index),
            "attractiveness": np.concatenate(values),
            "rank": np.concatenate(ranks),
        },
        # every array above is new and held nowhere else: no need for pandas's copy
        copy=False,
    )
