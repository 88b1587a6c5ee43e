"""attraktiv: how attractive places are to live in.

Residual-based attractiveness analysis of places (the Norwegian residential
attractiveness barometer of Telemarksforsking): net migration is regressed on job
growth across units, and the residual is each unit's attractiveness index.
"""

from __future__ import annotations

from ._version import __version__
from .attractiveness import (
    AttractivenessModel,
    AttractivenessResult,
    LongTermResult,
    barometer,
)
from .drivers import DriverAnalysis, DriverResult, published_tables
from .errors import (
    AttraktivError,
    AttraktivWarning,
    DataError,
    FlowError,
    GeographyError,
    InvalidOptionError,
    ModelError,
    PeriodError,
    RankDeficientError,
)
from .factors import (
    ColumnFactor,
    Factor,
    FactorRegistry,
    available_factors,
    get_factor,
    register_factor,
)
from .geography import ChangeTable, Hierarchy, rebase
from .panel import Panel, PeriodCounts
from .periods import Period, as_period, long_term_periods, rolling_periods
from .regression import OLSManyResult, OLSResult, ols, ols_formula, ols_many
from .tables import period_table

__all__ = [
    "AttractivenessModel",
    "AttractivenessResult",
    "AttraktivError",
    "AttraktivWarning",
    "ChangeTable",
    "ColumnFactor",
    "DataError",
    "DriverAnalysis",
    "DriverResult",
    "Factor",
    "FactorRegistry",
    "FlowError",
    "GeographyError",
    "Hierarchy",
    "InvalidOptionError",
    "LongTermResult",
    "ModelError",
    "OLSManyResult",
    "OLSResult",
    "Panel",
    "Period",
    "PeriodCounts",
    "PeriodError",
    "RankDeficientError",
    "__version__",
    "as_period",
    "available_factors",
    "barometer",
    "get_factor",
    "long_term_periods",
    "ols",
    "ols_formula",
    "ols_many",
    "period_table",
    "published_tables",
    "rebase",
    "register_factor",
    "rolling_periods",
]
