"""The attractiveness index: actual minus expected net migration.

Across all units of one level and one period, least squares fits net migration on
job growth (or any structural model given as a formula over the period table); the
residual of each unit is its attractiveness index, in percentage points of its
population. Flow components get their own indices from the same design, fitted in one
batched solve, so they add up to the total index exactly.

The family, laid out as linearmodels lays out its models: :mod:`.model`
(:class:`AttractivenessModel`), :mod:`.results` (:class:`AttractivenessResult`,
:class:`LongTermResult`), :mod:`.covariance` (the index's standard errors:
:func:`index_std_errors`, :func:`gross_migration`,
:func:`residual_variance_function`) and :mod:`.barometer` (:func:`barometer`, every
level, period and flow in one tidy table).

Examples
--------
>>> import attraktiv
>>> from attraktiv.datasets import load_norway
>>> result = attraktiv.AttractivenessModel().fit(load_norway(), period="2008-2010")
>>> result.top(3)[["rank", "name"]]
      rank      name
code
0235     1  Ullensaker
1516     2     Ulstein
1142     3    Rennesøy
"""

from __future__ import annotations

from ..core.deprecation import announce_moved
from .barometer import TOTAL, barometer
from .covariance import (
    VARIANCE_MODELS,
    VarianceFunction,
    VarianceModel,
    gross_migration,
    index_std_errors,
    residual_variance_function,
)
from .model import AttractivenessModel
from .results import AttractivenessResult, LongTermResult

__all__ = [
    "TOTAL",
    "VARIANCE_MODELS",
    "AttractivenessModel",
    "AttractivenessResult",
    "LongTermResult",
    "VarianceFunction",
    "VarianceModel",
    "barometer",
    "gross_migration",
    "index_std_errors",
    "residual_variance_function",
]

# The standard errors lived in attraktiv.uncertainty until 0.1; that path still
# works, with a warning, until 0.2.0.
announce_moved(
    "attraktiv.uncertainty",
    __name__,
    {
        "VARIANCE_MODELS": VARIANCE_MODELS,
        "VarianceFunction": VarianceFunction,
        "VarianceModel": VarianceModel,
        "gross_migration": gross_migration,
        "index_std_errors": index_std_errors,
        "residual_variance_function": residual_variance_function,
    },
)
