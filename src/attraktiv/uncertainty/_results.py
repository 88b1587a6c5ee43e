"""Rank confidence sets of a fitted attractiveness index."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._ranking import rank_series
from .._typing import SeedLike
from ._ranks import RankMethod, rank_intervals, top_set
from ._standard_errors import VarianceModel, index_std_errors

if TYPE_CHECKING:
    from ..attractiveness import AttractivenessResult

__all__ = ["result_rank_intervals", "result_top_set"]


def _by_rank(frame: pd.DataFrame) -> pd.DataFrame:
    order = np.lexsort((frame.index.to_numpy(), frame["rank"].to_numpy()))
    return frame.iloc[order]


def result_rank_intervals(
    result: AttractivenessResult,
    level: float = 0.95,
    simultaneous: bool = False,
    *,
    draws: int = 2000,
    rng: SeedLike = None,
    method: RankMethod = "bootstrap",
    gross_flows: pd.Series | None = None,
    variance_model: VarianceModel = "floor",
) -> pd.DataFrame:
    """Confidence sets for the rank of every unit of a fitted index.

    Parameters
    ----------
    result : AttractivenessResult
        A fitted index.
    level : float, default 0.95
        Coverage probability, strictly between 0 and 1.
    simultaneous : bool, default False
        Marginal sets (each covers its unit's rank with probability ``level``) or
        simultaneous ones (all at once).
    draws, rng, method
        As :func:`rank_intervals`.
    gross_flows, variance_model
        As :func:`index_std_errors`, which gives the standard errors.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit code, most attractive first: ``name``, ``rank``,
        ``rank_low``, ``rank_high``, ``attractiveness``, ``std_error`` and
        ``method`` (how the standard errors were found: ``"counts"`` or
        ``"residual-floor"``/``"residual-power"``).

    Raises
    ------
    InvalidOptionError, DataError, ModelError
        As :func:`rank_intervals` and :func:`index_std_errors`.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.uncertainty import result_rank_intervals
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    >>> result_rank_intervals(result, rng=1).head(3)[["name", "rank_low", "rank_high"]]
                name  rank_low  rank_high
    code
    0235  Ullensaker         1         67
    1516     Ulstein         1         87
    1142    Rennesøy         1        153
    """
    errors = index_std_errors(
        result, gross_flows=gross_flows, variance_model=variance_model
    )
    index = result.index
    sets = rank_intervals(
        index,
        errors["std_error"],
        level=level,
        simultaneous=simultaneous,
        draws=draws,
        rng=rng,
        method=method,
    )
    frame = pd.DataFrame(
        {
            "name": result.source["name"],
            "rank": sets["rank"],
            "rank_low": sets["rank_low"],
            "rank_high": sets["rank_high"],
            "attractiveness": index,
            "std_error": errors["std_error"],
            "method": errors["method"],
        }
    )
    return _by_rank(frame)


def result_top_set(
    result: AttractivenessResult,
    tau: int,
    level: float = 0.95,
    *,
    draws: int = 2000,
    rng: SeedLike = None,
    method: RankMethod = "bootstrap",
    gross_flows: pd.Series | None = None,
    variance_model: VarianceModel = "floor",
) -> pd.DataFrame:
    """The units of a fitted index that may be among its top ``tau``.

    Parameters
    ----------
    result : AttractivenessResult
        A fitted index.
    tau : int
        How many top units, from 1 to the number of units.
    level : float, default 0.95
        Probability that the set holds all of the true top ``tau``.
    draws, rng, method
        As :func:`top_set`.
    gross_flows, variance_model
        As :func:`index_std_errors`.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit code, most attractive first: ``name``, ``rank``,
        ``attractiveness``, ``std_error``, ``method``.

    Raises
    ------
    InvalidOptionError, DataError, ModelError
        As :func:`top_set` and :func:`index_std_errors`.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.uncertainty import result_top_set
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    >>> top = result_top_set(result, 1, rng=1)
    >>> len(top), top.index[0]
    (136, '0235')
    """
    errors = index_std_errors(
        result, gross_flows=gross_flows, variance_model=variance_model
    )
    index = result.index
    chosen = top_set(
        index,
        errors["std_error"],
        tau,
        level=level,
        draws=draws,
        rng=rng,
        method=method,
    )
    ranks = rank_series(index)
    frame = pd.DataFrame(
        {
            "name": result.source["name"],
            "rank": ranks,
            "attractiveness": index,
            "std_error": errors["std_error"],
            "method": errors["method"],
        }
    ).loc[chosen]
    return _by_rank(frame)
