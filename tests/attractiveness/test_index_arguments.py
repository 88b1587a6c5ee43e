"""Bad arguments of the index model and its results, refused by name (issue 21).

Each case asserts the exact error class and the exact message, which names the
argument at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.attractiveness import VarianceFunction, residual_variance_function
from attraktiv.datasets import load_example, load_norway
from attraktiv.errors import DataError, InvalidOptionError, PeriodError
from helpers import refused

NAMES = "is not valid; give a list of names as text"
MIN_POPULATION = (
    "is not valid; give a number of residents from 0 to the largest start population "
    "(560,484), such as 1000"
)
TEXT = "is not valid; give a non-empty text"


@cache
def example() -> attraktiv.Panel:
    return load_example()


@cache
def result() -> attraktiv.AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")


@cache
def variance() -> VarianceFunction:
    return residual_variance_function(result())


def fit_table(level: object) -> object:
    table = attraktiv.period_table(example(), "2008-2010")
    return attraktiv.AttractivenessModel().fit_table(
        table,
        period="2008-2010",
        level=level,  # type: ignore[arg-type]
    )


CASES = [
    # fit_table's level labels the result: one line of text
    pytest.param(
        lambda: fit_table(None), InvalidOptionError, f"level=None {TEXT}", id="ft-none"
    ),
    pytest.param(
        lambda: fit_table(7), InvalidOptionError, f"level=7 {TEXT}", id="ft-int"
    ),
    pytest.param(
        lambda: fit_table(""), InvalidOptionError, f"level='' {TEXT}", id="ft-empty"
    ),
    pytest.param(
        lambda: fit_table("x" * 300),
        InvalidOptionError,
        "level='xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (300 "
        "characters) is not valid; give one line of at most 200 characters",
        id="ft-long",
    ),
    # long_term: periods that reach before the panel are named by count and length
    pytest.param(
        lambda: attraktiv.AttractivenessModel().long_term(example(), 2013, count=7),
        PeriodError,
        "period 1993-1995 needs 1992 (the year before it), but the panel has years "
        "2007-2013: count=7 periods of length=3 years ending in 2013 reach back too "
        "far; give count=2 or less, or a shorter length",
        id="long_term-count",
    ),
    pytest.param(
        lambda: attraktiv.AttractivenessModel().long_term(example(), 2013, length=4),
        PeriodError,
        "period 2002-2005 needs 2001 (the year before it), but the panel has years "
        "2007-2013: count=3 periods of length=4 years ending in 2013 reach back too "
        "far; give count=1 or less, or a shorter length",
        id="long_term-length-with-end",
    ),
    pytest.param(
        lambda: attraktiv.AttractivenessModel().long_term(example(), length=7),
        PeriodError,
        "the panel (years 2007-2013) supports no period of 7 years (length=7): a "
        "period needs its years and the year before it, with population, net "
        "migration and jobs known in them",
        id="long_term-length",
    ),
    # barometer's levels: a list of level names
    pytest.param(
        lambda: attraktiv.barometer(example(), levels=b"region"),
        InvalidOptionError,
        f"levels=b'region' {NAMES}",
        id="barometer-levels-bytes",
    ),
    pytest.param(
        lambda: attraktiv.barometer(example(), levels=[7]),
        InvalidOptionError,
        "levels must hold names as non-empty text; got 7",
        id="barometer-levels-int",
    ),
    pytest.param(
        lambda: attraktiv.barometer(example(), levels=[None]),
        InvalidOptionError,
        "levels must hold names as non-empty text; got None",
        id="barometer-levels-none-inside",
    ),
    # shrunk: parents only toward the parents, a min_population some unit has
    pytest.param(
        lambda: result().shrunk(parents=result().source["name"]),
        InvalidOptionError,
        "parents are used only with toward='parent', not toward='regression'; pass "
        "toward='parent' to shrink toward each parent's mean, or leave parents out",
        id="shrunk-parents-without-toward",
    ),
    pytest.param(
        lambda: result().shrunk(toward="zero", parents=result().source["name"]),
        InvalidOptionError,
        "parents are used only with toward='parent', not toward='zero'; pass "
        "toward='parent' to shrink toward each parent's mean, or leave parents out",
        id="shrunk-parents-toward-zero",
    ),
    pytest.param(
        lambda: result().shrunk(toward="parent", parents={"0301": "R1"}),
        InvalidOptionError,
        "parents=a dict is not valid; give a pandas Series of the parent code of each "
        "unit, by unit code, e.g. panel.hierarchy.mapping('municipality', 'region')",
        id="shrunk-parents-dict",
    ),
    pytest.param(
        lambda: result().shrunk(min_population=float("inf")),
        InvalidOptionError,
        f"min_population=inf {MIN_POPULATION}",
        id="shrunk-min_population-inf",
    ),
    pytest.param(
        lambda: result().shrunk(min_population=10**12),
        InvalidOptionError,
        f"min_population=1000000000000 {MIN_POPULATION}",
        id="shrunk-min_population-huge",
    ),
    pytest.param(
        lambda: result().shrunk(min_population=-1),
        InvalidOptionError,
        f"min_population=-1 {MIN_POPULATION}",
        id="shrunk-min_population-negative",
    ),
    # sampling_variance: one positive population per unit
    pytest.param(
        lambda: variance().sampling_variance(None),
        DataError,
        "population=None is not valid; give an array or list of numbers",
        id="sampling_variance-none",
    ),
    pytest.param(
        lambda: variance().sampling_variance(7),
        DataError,
        "population has shape (); give one value per unit, at least one value",
        id="sampling_variance-scalar",
    ),
    pytest.param(
        lambda: variance().sampling_variance([]),
        DataError,
        "population has shape (0,); give one value per unit, at least one value",
        id="sampling_variance-empty",
    ),
    pytest.param(
        lambda: variance().sampling_variance(["1000"]),
        DataError,
        "population must be numbers (integers or floats), got a list of dtype <U4",
        id="sampling_variance-text",
    ),
    pytest.param(
        lambda: variance().sampling_variance([1000.0, 0.0]),
        DataError,
        "population must be finite numbers above 0; got 0.0",
        id="sampling_variance-zero",
    ),
    pytest.param(
        lambda: variance().sampling_variance([np.inf]),
        DataError,
        "population must be finite numbers above 0; got inf",
        id="sampling_variance-inf",
    ),
    pytest.param(
        lambda: variance().sampling_variance(pd.DataFrame({"a": [1.0, 2.0]})),
        DataError,
        "population has shape (2, 1); give one value per unit, at least one value",
        id="sampling_variance-frame",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_a_bad_argument_is_refused_by_name(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    assert refused(call, error) == message


def test_the_largest_population_as_min_population_ranks_one_unit() -> None:
    population = result().source["population_start"]
    table = result().shrunk(min_population=population.max())
    assert table.index.tolist() == [population.idxmax()]
    assert table["rank_shrunk"].tolist() == [1]


def test_sampling_variance_is_the_fitted_function() -> None:
    function = variance()
    population = np.array([1000.0, 4000.0, 250_000.0])
    if function.model == "floor":
        expected = function.params["kappa"] / population
    else:
        expected = function.params["a"] * population ** -function.params["gamma"]
    np.testing.assert_allclose(
        function.sampling_variance(list(population)), expected, rtol=1e-15
    )
    # A Series of populations reads as its values.
    np.testing.assert_allclose(
        function.sampling_variance(pd.Series(population)), expected, rtol=1e-15
    )


def test_long_term_with_the_count_that_fits() -> None:
    model = attraktiv.AttractivenessModel()
    periods = model.long_term(example(), 2013, count=2).periods
    assert [p.label for p in periods] == ["2008-2010", "2011-2013"]
