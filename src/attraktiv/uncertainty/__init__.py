"""How sure is a rank? Rank confidence sets and shrinkage of estimates.

A league table of places is partly noise: a municipality of 450 residents moves
two percentage points when ten people move. This subpackage puts numbers on it,
for any estimates with standard errors (a pandas Series by unit, or arrays):

- :func:`rank_intervals` and :func:`top_set` — confidence sets for ranks and for
  the set of the top :math:`\\tau` units (Mogstad, Romano, Shaikh and Wilhelm,
  2024), marginal or simultaneous;
- :func:`shrink` and :func:`shrunk_ranking` — empirical-Bayes estimates with
  unequal variances (Morris, 1983) and a ranking by them;
- :func:`fay_herriot` — shrinkage toward a regression on covariates, with
  unequal known variances (Fay and Herriot, 1979).

It never imports the index. The index's standard errors, which need the fitted
model and the panel, are :func:`attraktiv.attractiveness.index_std_errors`; a
fitted index applies this package through its methods
(:meth:`~attraktiv.AttractivenessResult.rank_intervals`,
:meth:`~attraktiv.AttractivenessResult.top_set`,
:meth:`~attraktiv.AttractivenessResult.shrunk`).

Examples
--------
>>> import attraktiv
>>> from attraktiv.datasets import load_norway
>>> from attraktiv.uncertainty import rank_intervals
>>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
>>> sets = rank_intervals(result.index, result.std_errors()["std_error"], rng=2011)
>>> sets.loc[["0235", "1835"]]
      rank  rank_low  rank_high
code
0235     1         1         66
1835     5         1        421
"""

from __future__ import annotations

from typing import Any

from ..core.deprecation import moved_name
from ._deprecated import result_rank_intervals, result_top_set
from ._fay_herriot import (
    FAY_HERRIOT_METHODS,
    FayHerriotMethod,
    FayHerriotResult,
    fay_herriot,
)
from ._ranks import RANK_METHODS, RankMethod, rank_intervals, top_set
from ._shrinkage import (
    LATER_EDITIONS_MIN_POPULATION,
    SHRINK_TARGETS,
    ShrinkTarget,
    shrink,
    shrunk_ranking,
)

__all__ = [
    "FAY_HERRIOT_METHODS",
    "LATER_EDITIONS_MIN_POPULATION",
    "RANK_METHODS",
    "SHRINK_TARGETS",
    "FayHerriotMethod",
    "FayHerriotResult",
    "RankMethod",
    "ShrinkTarget",
    "fay_herriot",
    "rank_intervals",
    "result_rank_intervals",
    "result_top_set",
    "shrink",
    "shrunk_ranking",
    "top_set",
]


def __getattr__(name: str) -> Any:
    """The names that moved to :mod:`attraktiv.attractiveness`, until 0.2.0."""
    return moved_name(__name__, name, announcer="attraktiv.attractiveness")
