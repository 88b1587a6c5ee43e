"""Moran's I of the attractiveness index, period by period."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core.typing import SeedLike
from ..core.validation import check_rng, check_text
from ..errors import InvalidOptionError
from ..periods import as_periods
from ._moran import Alternative, IslandPolicy, morans_i
from ._weights import SpatialWeights, contiguity_weights

if TYPE_CHECKING:
    from ..attractiveness import AttractivenessModel
    from ..panel import Panel
    from ..periods import Period

__all__ = ["clustering_by_period"]

_COLUMNS = (
    "period",
    "I",
    "expected",
    "z",
    "p_analytic",
    "p_permutation",
    "n",
)


def clustering_by_period(
    panel: Panel,
    level: str = "municipality",
    *,
    weights: SpatialWeights | None = None,
    model: AttractivenessModel | None = None,
    periods: list[Period] | None = None,
    permutations: int = 999,
    rng: SeedLike = None,
    alternative: Alternative = "two-sided",
    islands: IslandPolicy = "raise",
) -> pd.DataFrame:
    """Whether attractiveness clusters in space: Moran's I of the index, by period.

    Parameters
    ----------
    panel : Panel
        The data.
    level : str, default "municipality"
        The level of the units; with the default ``weights`` one of the bundled
        map's levels ("municipality", "region", "county").
    weights : SpatialWeights, optional
        Default: ``contiguity_weights(level, link_islands=True)``, rook contiguity
        on the bundled map with each island linked to its nearest unit, so that
        every unit has a neighbour.
    model : AttractivenessModel, optional
        Default: the published model, ``net_migration ~ job_growth``.
    periods : list of Period, optional
        Default: every period of ``panel.periods_available()``.
    permutations : int, default 999
    rng : numpy.random.Generator, int or None
        One generator serves all periods in turn, so a seed fixes the whole table.
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
    islands : {"raise", "keep", "drop"}, default "raise"
        As in :func:`morans_i`.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``period`` (its label), ``I``, ``expected``, ``z``
        and ``p_analytic`` (under randomization), ``p_permutation``, ``n``.

    Raises
    ------
    InvalidOptionError
        If ``level`` is not a level of the panel, ``periods`` is empty or not a
        list of periods, and as :func:`morans_i`.
    GeographyError, DataError, PeriodError
        As :func:`morans_i` and :meth:`AttractivenessModel.fit
        <attraktiv.AttractivenessModel.fit>`.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.spatial import clustering_by_period
    >>> table = clustering_by_period(load_norway(), "region", permutations=99, rng=0)
    >>> table[["period", "I", "z", "n"]].tail(2).round(3)
           period      I      z   n
    10  2013-2015  0.193  2.580  85
    11  2014-2016  0.157  2.129  85
    """
    from ..attractiveness import AttractivenessModel
    from ..panel import require_panel
    from ..periods import Period

    require_panel(panel, "clustering_by_period needs a Panel")
    if isinstance(periods, str | Period):
        raise InvalidOptionError(
            f"periods must be a list of periods, got {str(periods)!r}; write "
            f"periods=[{str(periods)!r}]"
        )
    if model is None:
        model = AttractivenessModel()
    elif not isinstance(model, AttractivenessModel):
        raise InvalidOptionError(
            f"model={type(model).__name__} is not valid; give an AttractivenessModel"
        )
    level = panel.resolve_level(check_text("level", level))
    chosen = panel.periods_available() if periods is None else as_periods(periods)
    generator = check_rng(rng)
    if weights is None:
        weights = contiguity_weights(level, link_islands=True)
    rows = []
    for period in chosen:
        fitted = model.fit(panel, period, level)
        result = morans_i(
            fitted.index,
            weights,
            permutations=permutations,
            rng=generator,
            alternative=alternative,
            islands=islands,
        )
        rows.append(
            (
                fitted.period.label,
                result.statistic,
                result.expected,
                result.z_rand,
                result.pvalue_rand,
                result.pvalue_permutation,
                result.n,
            )
        )
    table = pd.DataFrame(rows, columns=list(_COLUMNS))
    return table.astype({"period": "str", "n": np.int64})
