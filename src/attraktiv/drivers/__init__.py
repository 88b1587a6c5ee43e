"""Driver analysis: what characterises attractive places.

:mod:`~attraktiv.drivers.analysis` fits the factors (:class:`DriverAnalysis`,
:func:`published_tables`); :mod:`~attraktiv.drivers.results` holds what comes out
(:class:`DriverResult`: standardized betas, their significance, VIF and LMG).

Examples
--------
>>> from attraktiv.datasets import load_norway
>>> from attraktiv.drivers import DriverAnalysis
>>> analysis = DriverAnalysis(["job_growth", "neighbour_growth", "size"])
>>> result = analysis.fit(load_norway(), periods=["2008-2010"], level="region")
>>> result.table().round(3)
period_end         2010
factor
job_growth        0.322
neighbour_growth  0.111
size              0.401
"""

from __future__ import annotations

from ..regression.importance import shapley_shares, subset_rsquared
from .analysis import DriverAnalysis, published_tables
from .results import (
    FRAME_COLUMNS,
    MAX_LMG_FACTORS,
    SIGNIFICANCE_CLASSES,
    DriverResult,
    TableValue,
    cell_class,
    significance_class,
)

__all__ = [
    "FRAME_COLUMNS",
    "MAX_LMG_FACTORS",
    "SIGNIFICANCE_CLASSES",
    "DriverAnalysis",
    "DriverResult",
    "TableValue",
    "cell_class",
    "published_tables",
    "shapley_shares",
    "significance_class",
    "subset_rsquared",
]
