"""Explanatory factors of migration: a protocol, the nine built-ins and a registry.

A factor turns a :class:`~attraktiv.panel.Panel` into one number per unit of a level
for a period. Anything with a ``name``, a ``description``, the ``inputs`` it reads
from the panel and a ``compute(panel, period, level)`` method is a factor
(:class:`Factor`), so researchers add their own without touching the library: pass
the object to :class:`attraktiv.drivers.DriverAnalysis`, or register it under a
name in a :class:`FactorRegistry` (or the default one, with :func:`register_factor`).

The package has one home for each part:

- :mod:`~attraktiv.factors.base`: the :class:`Factor` protocol, how a factor
  declares its aggregation to higher levels (:func:`aggregation_of`), and the checks
  every factor's values pass;
- :mod:`~attraktiv.factors.builtin`: the nine built-in factors, each one
  :class:`BuiltinFactor` that owns its inputs, formula, aggregation and published
  tables;
- :mod:`~attraktiv.factors.column`: :class:`ColumnFactor`, a factor read from one
  input column;
- :mod:`~attraktiv.factors.registry`: :class:`FactorRegistry` and the default
  registry, the one source of truth for factors by name;
- :mod:`~attraktiv.factors.published`: the published set of each level
  (:func:`published_factors`), the factors a panel can give and those known in a
  period, all read from the registry.

The nine factors of the published barometer are registered under these names:

=============================  =============================  ========================
name                           period-table column            unit of measure
=============================  =============================  ========================
``job_growth``                 ``job_growth``                 % over the period
``labour_market_integration``  ``labour_market_integration``  percentage points
``size``                       ``log_population``             log persons
``neighbour_growth``           ``neighbour_job_growth``       % over the period
``culture_index``              ``culture_index``              score
``cafe_density``               ``cafe_density``               % of the population
``education_level``            ``education_level``            % of employed residents
``university``                 ``university``                 % of the population
``housing_construction``       ``housing_construction``       % of the population
=============================  =============================  ========================

Each declares how it aggregates to higher levels (:func:`aggregation_of`): all as
``"ratio_of_sums"`` (the formula recomputed from the members' summed counts), but
``culture_index`` (``"population_mean"``) and ``labour_market_integration``
(``"lowest_only"``).

Examples
--------
>>> from attraktiv.factors import available_factors, get_factor
>>> available_factors()[:3]
('job_growth', 'labour_market_integration', 'size')
>>> get_factor("size").inputs
('population_jan1',)

A factor of your own, read from an input column (here an invented distance to the
nearest city, in km, averaged over a region's municipalities by population):

>>> from attraktiv.factors import ColumnFactor
>>> distance = ColumnFactor(
...     "distance_to_city", column="distance_km",
...     description="road distance to the nearest city (km)")
>>> distance.inputs
('distance_km', 'population_jan1')
"""

from __future__ import annotations

from .base import (
    FACTOR_AGGREGATIONS,
    Factor,
    FactorAggregation,
    aggregation_of,
    check_factor,
    compute_factor,
    defined_at,
    input_aggregation,
    require_finite,
)
from .builtin import BUILTIN_FACTORS, PUBLISHED_AT, BuiltinFactor, PublishedAt
from .column import ColumnFactor
from .published import (
    PUBLISHED_HIGHER,
    PUBLISHED_LOWEST,
    column_of,
    factors_known,
    formula_factors,
    index_factor,
    published_factors,
    usable_factors,
)
from .registry import (
    DEFAULT_REGISTRY,
    FactorRegistry,
    available_factors,
    factor_values,
    get_factor,
    register_factor,
)

__all__ = [
    "BUILTIN_FACTORS",
    "DEFAULT_REGISTRY",
    "FACTOR_AGGREGATIONS",
    "PUBLISHED_AT",
    "PUBLISHED_HIGHER",
    "PUBLISHED_LOWEST",
    "BuiltinFactor",
    "ColumnFactor",
    "Factor",
    "FactorAggregation",
    "FactorRegistry",
    "PublishedAt",
    "aggregation_of",
    "available_factors",
    "check_factor",
    "column_of",
    "compute_factor",
    "defined_at",
    "factor_values",
    "factors_known",
    "formula_factors",
    "get_factor",
    "index_factor",
    "input_aggregation",
    "published_factors",
    "register_factor",
    "require_finite",
    "usable_factors",
]
