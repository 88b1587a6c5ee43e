"""How sure is a rank? Standard errors, rank confidence sets and shrinkage.

A league table of places is partly noise: a municipality of 450 residents moves
two percentage points when ten people move. This subpackage puts numbers on it:

- :func:`index_std_errors` — the standard error of every unit's index, from gross
  migration counts where they are known (:func:`gross_migration` sums them from a
  panel), otherwise from a variance function fitted to the residuals
  (:func:`residual_variance_function`);
- :func:`rank_intervals` and :func:`top_set` — confidence sets for ranks and for
  the set of the top :math:`\\tau` units (Mogstad, Romano, Shaikh and Wilhelm,
  2024), marginal or simultaneous; :func:`result_rank_intervals` and
  :func:`result_top_set` apply them to a fitted index;
- :func:`shrink` and :func:`shrunk_ranking` — empirical-Bayes estimates with
  unequal variances (Morris, 1983) and a ranking by them, with the later editions'
  minimum-population rule as an option; :func:`fay_herriot` shrinks toward a
  regression on covariates instead (Fay and Herriot, 1979).

Examples
--------
>>> import attraktiv
>>> from attraktiv.datasets import load_norway
>>> from attraktiv.uncertainty import result_rank_intervals
>>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
>>> sets = result_rank_intervals(result, rng=2011)
>>> sets.loc[["0235", "1835"], ["name", "rank", "rank_low", "rank_high"]]
            name  rank  rank_low  rank_high
code
0235  Ullensaker     1         1         66
1835       Træna     5         1        421
"""

from __future__ import annotations

from ._fay_herriot import (
    FAY_HERRIOT_METHODS,
    FayHerriotMethod,
    FayHerriotResult,
    fay_herriot,
)
from ._ranks import RANK_METHODS, RankMethod, rank_intervals, top_set
from ._results import result_rank_intervals, result_top_set
from ._shrinkage import (
    LATER_EDITIONS_MIN_POPULATION,
    SHRINK_TARGETS,
    ShrinkTarget,
    shrink,
    shrunk_ranking,
)
from ._standard_errors import (
    VARIANCE_MODELS,
    VarianceFunction,
    VarianceModel,
    gross_migration,
    index_std_errors,
    residual_variance_function,
)

__all__ = [
    "FAY_HERRIOT_METHODS",
    "LATER_EDITIONS_MIN_POPULATION",
    "RANK_METHODS",
    "SHRINK_TARGETS",
    "VARIANCE_MODELS",
    "FayHerriotMethod",
    "FayHerriotResult",
    "RankMethod",
    "ShrinkTarget",
    "VarianceFunction",
    "VarianceModel",
    "fay_herriot",
    "gross_migration",
    "index_std_errors",
    "rank_intervals",
    "residual_variance_function",
    "result_rank_intervals",
    "result_top_set",
    "shrink",
    "shrunk_ranking",
    "top_set",
]
