"""Bad arguments of the factor helpers, refused by name (issue 21).

Each case asserts the exact error class and the exact message, which names the
argument at fault; the values the helpers accept on purpose (None as the lowest level
of a factor's compute, an empty list of factors, an empty list of published tables)
are checked for their result.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv import Period, factors
from attraktiv.datasets import load_example
from attraktiv.errors import DataError, InvalidOptionError, PeriodError
from helpers import refused

PERIOD = Period(2008, 2010)
NOT_A_FACTOR = (
    " is not a factor: it needs name, description, inputs and compute(panel, "
    "period, level) (see attraktiv.factors.Factor; attraktiv.factors.get_factor "
    "gives a registered one by name)"
)
LEVELS = "choose one of 'municipality', 'region', 'county'"
BUILD = (
    "; build one with attraktiv.Panel(data, hierarchy) or attraktiv.io.read_panel_csv"
)


@cache
def example() -> attraktiv.Panel:
    return load_example()


def job_growth() -> Any:
    return attraktiv.get_factor("job_growth")


def size() -> Any:
    return attraktiv.get_factor("size")


CASES = [
    # aggregation_of, input_aggregation, column_of: a factor, nothing else
    pytest.param(
        lambda: factors.aggregation_of(None),
        InvalidOptionError,
        "factor=None" + NOT_A_FACTOR,
        id="aggregation_of-none",
    ),
    pytest.param(
        lambda: factors.aggregation_of("size"),
        InvalidOptionError,
        "factor='size'" + NOT_A_FACTOR,
        id="aggregation_of-name",
    ),
    pytest.param(
        lambda: factors.aggregation_of(pd.DataFrame({"a": [1.0]})),
        InvalidOptionError,
        "factor=a DataFrame" + NOT_A_FACTOR,
        id="aggregation_of-frame",
    ),
    pytest.param(
        lambda: factors.input_aggregation({"name": "x"}),
        InvalidOptionError,
        "factor=a dict" + NOT_A_FACTOR,
        id="input_aggregation-dict",
    ),
    pytest.param(
        lambda: factors.input_aggregation(7),
        InvalidOptionError,
        "factor=7" + NOT_A_FACTOR,
        id="input_aggregation-int",
    ),
    pytest.param(
        lambda: factors.column_of(7),
        InvalidOptionError,
        "factor=7" + NOT_A_FACTOR,
        id="column_of-int",
    ),
    pytest.param(
        lambda: factors.column_of("log_population"),
        InvalidOptionError,
        "factor='log_population'" + NOT_A_FACTOR,
        id="column_of-name",
    ),
    pytest.param(
        lambda: factors.column_of([]),
        InvalidOptionError,
        "factor=a list" + NOT_A_FACTOR,
        id="column_of-list",
    ),
    # defined_at: a factor, a panel and one of its levels
    pytest.param(
        lambda: factors.defined_at("job_growth", example(), "municipality"),
        InvalidOptionError,
        "factor='job_growth'" + NOT_A_FACTOR,
        id="defined_at-factor",
    ),
    pytest.param(
        lambda: factors.defined_at(job_growth(), example().data, "municipality"),
        DataError,
        "defined_at needs a Panel as panel, got DataFrame" + BUILD,
        id="defined_at-panel-frame",
    ),
    pytest.param(
        lambda: factors.defined_at(job_growth(), None, "municipality"),
        DataError,
        "defined_at needs a Panel as panel, got NoneType" + BUILD,
        id="defined_at-panel-none",
    ),
    pytest.param(
        lambda: factors.defined_at(job_growth(), example(), "parish"),
        InvalidOptionError,
        f"level='parish' is not valid; {LEVELS}",
        id="defined_at-level-unknown",
    ),
    pytest.param(
        lambda: factors.defined_at(job_growth(), example(), None),
        InvalidOptionError,
        f"level=None is not valid; {LEVELS}",
        id="defined_at-level-none",
    ),
    pytest.param(
        lambda: factors.defined_at(job_growth(), example(), float("nan")),
        InvalidOptionError,
        f"level=nan is not valid; {LEVELS}",
        id="defined_at-level-nan",
    ),
    # formula_factors: a formula with a ~, a panel, one of its levels
    pytest.param(
        lambda: factors.formula_factors(None, example(), "municipality"),
        InvalidOptionError,
        "formula=None is not valid; give a non-empty text",
        id="formula_factors-formula-none",
    ),
    pytest.param(
        lambda: factors.formula_factors(b"y ~ x", example(), "municipality"),
        InvalidOptionError,
        "formula=b'y ~ x' is not valid; give a non-empty text",
        id="formula_factors-formula-bytes",
    ),
    pytest.param(
        lambda: factors.formula_factors("", example(), "municipality"),
        InvalidOptionError,
        "formula='' is not valid; give a non-empty text",
        id="formula_factors-formula-empty",
    ),
    pytest.param(
        lambda: factors.formula_factors("job_growth + size", example(), "municipality"),
        InvalidOptionError,
        "formula='job_growth + size' is not a model formula; give one such as "
        "'net_migration ~ job_growth + log_population'",
        id="formula_factors-formula-no-tilde",
    ),
    pytest.param(
        lambda: factors.formula_factors("x" * 10_000, example(), "region"),
        InvalidOptionError,
        "formula='"
        + "x" * 58
        + "… (10,000 characters) is not a model formula; give one such as "
        "'net_migration ~ job_growth + log_population'",
        id="formula_factors-formula-long",
    ),
    pytest.param(
        lambda: factors.formula_factors("net_migration ~ size", "panel", "region"),
        DataError,
        "formula_factors needs a Panel as panel, got str" + BUILD,
        id="formula_factors-panel",
    ),
    pytest.param(
        lambda: factors.formula_factors("net_migration ~ size", example(), 3),
        InvalidOptionError,
        f"level=3 is not valid; {LEVELS}",
        id="formula_factors-level-int",
    ),
    pytest.param(
        lambda: factors.formula_factors("net_migration ~ size", example(), []),
        InvalidOptionError,
        f"level=a list is not valid; {LEVELS}",
        id="formula_factors-level-list",
    ),
    # require_finite: a Series, a factor's name, a level's name, a period
    pytest.param(
        lambda: factors.require_finite([1.0], "size", "municipality", PERIOD),
        InvalidOptionError,
        "values=a list is not valid; give a Series (the factor's values by unit code)",
        id="require_finite-values-list",
    ),
    pytest.param(
        lambda: factors.require_finite(None, "size", "municipality", PERIOD),
        InvalidOptionError,
        "values=None is not valid; give a Series (the factor's values by unit code)",
        id="require_finite-values-none",
    ),
    pytest.param(
        lambda: factors.require_finite(pd.Series([1.0]), "", "municipality", PERIOD),
        InvalidOptionError,
        "name='' is not valid; give a non-empty text",
        id="require_finite-name-empty",
    ),
    pytest.param(
        lambda: factors.require_finite(pd.Series([1.0]), 7, "municipality", PERIOD),
        InvalidOptionError,
        "name=7 is not valid; give a non-empty text",
        id="require_finite-name-int",
    ),
    pytest.param(
        lambda: factors.require_finite(pd.Series([1.0]), "size", None, PERIOD),
        InvalidOptionError,
        "level=None is not valid; give a non-empty text",
        id="require_finite-level-none",
    ),
    pytest.param(
        lambda: factors.require_finite(pd.Series([1.0]), "size", "region", "soon"),
        PeriodError,
        "cannot read 'soon' as a period; expected 'first-last' with four-digit years, "
        "such as '2008-2010' (hyphen or en dash)",
        id="require_finite-period",
    ),
    # the methods of a built-in factor
    pytest.param(
        lambda: job_growth().defined_at(None, "municipality"),
        DataError,
        "factor 'job_growth' needs a Panel as panel, got NoneType" + BUILD,
        id="BuiltinFactor.defined_at-panel",
    ),
    pytest.param(
        lambda: job_growth().defined_at(example(), "parish"),
        InvalidOptionError,
        f"level='parish' is not valid; {LEVELS}",
        id="BuiltinFactor.defined_at-level",
    ),
    pytest.param(
        lambda: job_growth().counts([], PERIOD, "municipality"),
        DataError,
        "factor 'job_growth' needs a Panel as panel, got list" + BUILD,
        id="BuiltinFactor.counts-panel",
    ),
    pytest.param(
        lambda: job_growth().counts(example(), PERIOD, None),
        InvalidOptionError,
        f"level=None is not valid; {LEVELS}",
        id="BuiltinFactor.counts-level",
    ),
    pytest.param(
        lambda: job_growth().require(7, PERIOD, "municipality"),
        DataError,
        "factor 'job_growth' needs a Panel as panel, got int" + BUILD,
        id="BuiltinFactor.require-panel",
    ),
    pytest.param(
        lambda: job_growth().require(example(), "2010/2012", "municipality"),
        PeriodError,
        "cannot read '2010/2012' as a period; expected 'first-last' with four-digit "
        "years, such as '2008-2010' (hyphen or en dash)",
        id="BuiltinFactor.require-period",
    ),
    pytest.param(
        lambda: job_growth().require(example(), PERIOD, ""),
        InvalidOptionError,
        f"level='' is not valid; {LEVELS}",
        id="BuiltinFactor.require-level",
    ),
    pytest.param(
        lambda: job_growth().values(example()),
        InvalidOptionError,
        "counts=a Panel is not valid; give a PeriodCounts (from Panel.counts(period, "
        "level))",
        id="BuiltinFactor.values-panel",
    ),
    pytest.param(
        lambda: job_growth().values(None),
        InvalidOptionError,
        "counts=None is not valid; give a PeriodCounts (from Panel.counts(period, "
        "level))",
        id="BuiltinFactor.values-none",
    ),
    # the texts of a column factor: one line each, of a sensible length
    pytest.param(
        lambda: attraktiv.ColumnFactor("x" * 201, "jobs", "jobs"),
        InvalidOptionError,
        "ColumnFactor name='" + "x" * 58 + "… (201 characters)"
        " is not valid; give one line of at most 200 characters (the "
        "factor's name)",
        id="ColumnFactor-name-long",
    ),
    pytest.param(
        lambda: attraktiv.ColumnFactor("jobs_start", "jobs\nx", "jobs"),
        InvalidOptionError,
        "ColumnFactor column='jobs\\nx' is not valid; give one line of at most 200 "
        "characters (the panel column's name)",
        id="ColumnFactor-column-newline",
    ),
    pytest.param(
        lambda: attraktiv.ColumnFactor("jobs_start", "jobs", "d" * 1001),
        InvalidOptionError,
        "ColumnFactor description='dddddddddddddddddddddddddddddddddddddddddddddddddd"
        "dddddddd… (1,001 characters) is not valid; give one line of at most 1000 "
        "characters (what the factor measures, in words)",
        id="ColumnFactor-description-long",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_a_bad_argument_is_refused_by_name(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    assert refused(call, error) == message


def test_the_helpers_still_answer_for_a_factor() -> None:
    assert factors.aggregation_of(attraktiv.get_factor("culture_index")) == (
        "population_mean"
    )
    assert factors.column_of(size()) == "log_population"
    assert factors.defined_at(
        attraktiv.get_factor("labour_market_integration"), example(), "region"
    ) is (False)
    assert job_growth().defined_at(example(), "region") is True
    names = [
        f.name
        for f in factors.formula_factors(
            "net_migration ~ job_growth + log_population", example(), "region"
        )
    ]
    assert names == ["size"]
    # A formula over several lines, as the model reads it.
    split = factors.formula_factors(
        "net_migration ~ job_growth\n + log_population", example(), "region"
    )
    assert [f.name for f in split] == ["size"]


def test_none_is_the_lowest_level_of_a_factors_compute() -> None:
    # As documented: the walker allows None for compute's level, and only there.
    lowest = job_growth().compute(example(), PERIOD, "municipality")
    by_default = job_growth().compute(example(), PERIOD, None)
    pd.testing.assert_series_equal(by_default, lowest)
    column = attraktiv.ColumnFactor("jobs_start", "jobs", "jobs at the start")
    pd.testing.assert_series_equal(
        column.compute(example(), PERIOD, None),
        column.compute(example(), PERIOD, "municipality"),
    )


def test_an_empty_list_of_factors_keeps_and_drops_none() -> None:
    assert factors.usable_factors(example(), []) == ((), {})
    assert factors.factors_known(example(), [], "2008-2010") == ((), {})


def test_published_as_an_empty_list_shows_the_factor_in_no_table() -> None:
    registry = attraktiv.FactorRegistry()
    column = attraktiv.ColumnFactor("jobs_start", "jobs", "jobs at the start")
    registry.register(column, published=[])
    assert "jobs_start" in registry
    assert "jobs_start" not in registry.published("lowest")
    assert "jobs_start" not in registry.published("higher")


def test_require_finite_names_the_units_without_a_value() -> None:
    values = pd.Series([1.0, np.nan, np.inf], index=["0301", "1103", "5001"])
    with pytest.raises(DataError) as caught:
        factors.require_finite(values, "size", "municipality", PERIOD)
    assert str(caught.value) == (
        "factor 'size' has no value (NaN or infinite) at level 'municipality' in "
        "period 2008-2010 for 2 units: '1103', '5001'; complete its input data, or "
        "leave the factor out"
    )
