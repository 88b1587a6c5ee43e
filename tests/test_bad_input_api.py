"""The bad-input corpus of the Python API: every bad input refused by name.

Each case calls one public function or method with one kind of bad input and
asserts the exact error class (not a subclass, not a bare ``ValueError``) and that
the message names the culprit (unit, year, column, option or value) and what would
be valid. The cases are grouped by the kind of input, not by the example that found
the problem: one validator per kind of input is used everywhere, so each group
checks it at several entry points.

A second set of cases must work and give the right numbers (statsmodels fits,
unscaled fits, the published ranking), so that a refusal never replaces an answer
the library can give.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv import (
    AttractivenessModel,
    AttractivenessResult,
    AttraktivError,
    AttraktivWarning,
    ChangeTable,
    ColumnFactor,
    DataError,
    DriverAnalysis,
    FactorRegistry,
    FlowError,
    GeographyError,
    Hierarchy,
    InvalidOptionError,
    ModelError,
    OLSManyResult,
    Panel,
    Period,
    PeriodError,
    RankDeficientError,
    attractiveness,
    spatial,
    uncertainty,
)
from attraktiv import io as aio
from attraktiv.datasets import load_change_table, load_norway, simulate_panel
from helpers import assert_close

# --- shared inputs (built once, never changed) -------------------------------------

_RNG = np.random.default_rng(20261130)
X = _RNG.normal(size=20)
Z = _RNG.normal(size=20)
Y = 1.0 + 2.0 * X - 0.5 * Z + _RNG.normal(size=20)
XZ = np.column_stack([X, Z])
FRAME = pd.DataFrame({"y": Y, "x": X, "z": Z})


@cache
def sim() -> Panel:
    """30 synthetic municipalities in 4 regions and 1 county, 2004-2011."""
    return simulate_panel(30, range(2004, 2012), rng=1)


@cache
def norway() -> Panel:
    return load_norway()


@cache
def sim_result() -> AttractivenessResult:
    return AttractivenessModel().fit(sim(), "2008-2010")


@cache
def many() -> OLSManyResult:
    return attraktiv.ols_many(np.column_stack([Y, Y + X]), X)


def data() -> pd.DataFrame:
    return sim().data


def hierarchy() -> Hierarchy:
    return sim().hierarchy


def panel_with(**columns: Any) -> Panel:
    return Panel(data().assign(**columns), hierarchy())


def cell_set(column: str, code: str, year: int, value: float) -> pd.DataFrame:
    """The simulated data with one cell changed."""
    frame = data()
    where = (frame["code"] == code) & (frame["year"] == year)
    return frame.assign(**{column: frame[column].where(~where, value)})


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def hierarchy_file(tmp: Path, sep: str = ",") -> Path:
    return write(
        tmp / "hierarchy.csv", hierarchy().to_frame().to_csv(index=False, sep=sep)
    )


def panel_file(tmp: Path, frame: pd.DataFrame | None = None, sep: str = ",") -> Path:
    hierarchy_file(tmp)
    frame = data() if frame is None else frame
    return write(tmp / "panel.csv", frame.to_csv(index=False, sep=sep))


def text_cell(tmp: Path, value: str, column: str = "jobs", row: int = 3) -> Path:
    """A panel file whose cell (row, column) holds ``value``."""
    frame = data().astype({column: object})
    frame.loc[row, column] = value
    return panel_file(tmp, frame)


@dataclass(frozen=True)
class _Returns:
    """A user factor returning what ``make`` gives (to test the factor checks)."""

    name: str
    make: Callable[[pd.Index], Any]
    description: str = "test factor"
    inputs: tuple[str, ...] = ("jobs",)

    def compute(self, panel: Panel, period: Period, level: str) -> Any:
        return self.make(panel.units(level))


def _nan_at_third(units: pd.Index) -> pd.Series:
    values = np.arange(len(units), dtype=np.float64)
    values[2] = np.nan
    return pd.Series(values, index=units)


Call = Callable[[Path], object]


def case(
    id: str, call: Call, error: type[AttraktivError], *parts: str
) -> Any:  # pytest's ParameterSet
    return pytest.param(call, error, parts, id=id)


# --- the corpus ----------------------------------------------------------------------

REGRESSION = [
    case(
        "ols-text-outcome",
        lambda t: attraktiv.ols(np.array(["a"] * 20), X),
        DataError,
        "y is not numeric (dtype <U1)",
        "give real numbers",
    ),
    case(
        "ols-none-outcome",
        lambda t: attraktiv.ols(None, X),
        DataError,
        "y is not numeric (dtype object)",
        "give real numbers",
    ),
    case(
        "ols-object-text-regressor",
        lambda t: attraktiv.ols(Y, np.array(["1"] * 20, dtype=object)),
        DataError,
        "X is not numeric (dtype object)",
        "use ols_formula for categorical columns",
    ),
    case(
        "ols-complex-regressor",
        lambda t: attraktiv.ols(Y, X + 1j),
        DataError,
        "X is not numeric (dtype complex128)",
        "give their real part explicitly",
    ),
    case(
        "ols-weights-2d",
        lambda t: attraktiv.ols(Y, X, weights=np.ones((20, 1))),
        DataError,
        "weights must be one-dimensional (one value per row), not of shape (20, 1)",
    ),
    case(
        "ols-weights-dataframe",
        lambda t: attraktiv.ols(Y, X, weights=pd.DataFrame({"w": np.ones(20)})),
        DataError,
        "weights must be one value per row (a Series or a 1-D array)",
        "not a DataFrame with columns w",
    ),
    case(
        "ols-weights-other-index",
        lambda t: attraktiv.ols(
            pd.Series(Y),
            pd.Series(X),
            weights=pd.Series(np.ones(20), index=range(100, 120)),
        ),
        DataError,
        "weights have different row labels from y and X",
    ),
    case(
        "ols-weights-text",
        lambda t: attraktiv.ols(Y, X, weights=["a"] * 20),
        DataError,
        "weights are not numbers (dtype <U1)",
    ),
    case(
        "ols-weights-negative",
        lambda t: attraktiv.ols(Y, X, weights=-np.ones(20)),
        DataError,
        "weights must be positive and finite",
        "weight is -1.0 at row 0",
    ),
    case(
        "ols-weights-nan",
        lambda t: attraktiv.ols(Y, X, weights=np.r_[1.0, np.nan, np.ones(18)]),
        DataError,
        "weights must be positive and finite, but weight is nan at row 1",
    ),
    case(
        "ols-weights-length",
        lambda t: attraktiv.ols(Y, X, weights=np.ones(19)),
        DataError,
        "weights has 19 values but y has 20 rows",
    ),
    case(
        "ols-add-intercept-text",
        lambda t: attraktiv.ols(Y, X, add_intercept="no"),  # type: ignore[arg-type]
        InvalidOptionError,
        "add_intercept='no' is not valid; give True or False",
    ),
    case(
        "ols-cov-type",
        lambda t: attraktiv.ols(Y, X, cov_type="HC9"),  # type: ignore[arg-type]
        InvalidOptionError,
        "cov_type='HC9' is not valid; choose one of 'nonrobust', 'HC0', 'HC1'",
    ),
    case(
        "ols-names-length",
        lambda t: attraktiv.ols(Y, XZ, names=["a"]),
        DataError,
        "names has 1 entries but X has 2 columns",
    ),
    case(
        "ols-names-duplicate",
        lambda t: attraktiv.ols(Y, XZ, names=["a", "a"]),
        DataError,
        "column names must be unique; 'a' appears twice",
    ),
    case(
        "ols-frame-duplicate-columns",
        lambda t: attraktiv.ols(Y, pd.DataFrame(XZ, columns=["a", "a"])),
        DataError,
        "column names must be unique; 'a' appears twice",
    ),
    case(
        "ols-rows-differ",
        lambda t: attraktiv.ols(Y[:19], X),
        DataError,
        "y has 19 rows but X has 20 rows",
    ),
    case(
        "ols-labels-differ",
        lambda t: attraktiv.ols(pd.Series(Y), pd.Series(X, index=range(5, 25))),
        DataError,
        "y and X have different row labels",
        "align them",
    ),
    case(
        "ols-nan-outcome",
        lambda t: attraktiv.ols(np.r_[Y[:4], np.nan, Y[5:]], X),
        DataError,
        "y has a missing or infinite value at row 4",
    ),
    case(
        "ols-inf-regressor",
        lambda t: attraktiv.ols(Y, pd.DataFrame({"dist": np.r_[np.inf, X[1:]]})),
        DataError,
        "column 'dist' has a missing or infinite value at row 0",
    ),
    case(
        "ols-one-observation",
        lambda t: attraktiv.ols([1.0], [2.0]),
        ModelError,
        "1 observation is too few for 2 parameters (Intercept, x0); at least 3 "
        "are needed",
    ),
    case(
        "ols-no-observation",
        lambda t: attraktiv.ols([], []),
        DataError,
        "empty input: y has no observations",
    ),
    case(
        "ols-ragged-list",
        lambda t: attraktiv.ols([1.0, 2.0, 3.0], [[1, 2], [3], [4, 5]]),
        DataError,
        "X cannot be read as a rectangular array of numbers; give rows of equal length",
    ),
    case(
        "ols-dict",
        lambda t: attraktiv.ols(Y, {"x": X}),
        DataError,
        "X must be an array, a pandas Series or DataFrame, or a list of "
        "numbers, not a dict",
    ),
    case(
        "ols-3d",
        lambda t: attraktiv.ols(Y, np.ones((20, 2, 2))),
        DataError,
        "X must be one- or two-dimensional, not 3-D",
    ),
    case(
        "ols-two-outcomes",
        lambda t: attraktiv.ols(np.column_stack([Y, Y]), X),
        DataError,
        "y must be one outcome, but it has 2 columns; use ols_many",
    ),
    case(
        "ols-collinear",
        lambda t: attraktiv.ols(Y, np.column_stack([X, 2 * X]), names=["a", "b"]),
        RankDeficientError,
        "columns 'a', 'b' are linearly dependent",
        "Drop or combine the collinear columns",
    ),
    case(
        "ols-constant-column",
        lambda t: attraktiv.ols(Y, np.column_stack([X, np.ones(20)]), names=["a", "c"]),
        RankDeficientError,
        "column 'c' is constant (every value is 1)",
        "pass add_intercept=False",
    ),
    case(
        "ols-coefficient-overflows",
        lambda t: attraktiv.ols(Y * 1e300, X * 1e-300),
        DataError,
        "the coefficient of column 'x0' for outcome 'y'",
        "is about 1e600, beyond the largest floating-point number",
        "rescale column 'x0' or the outcome",
    ),
    case(
        "ols-coefficient-underflows",
        lambda t: attraktiv.ols(Y * 1e-300, X * 1e300),
        DataError,
        "the coefficient of column 'x0' for outcome 'y' is about 1e-600, too small "
        "for a floating-point number to keep its digits",
        "multiply the outcome by 1e300",
    ),
    case(
        "ols-subnormal-column",
        lambda t: attraktiv.ols(Y, pd.DataFrame({"tiny": X * 2.0**-1070})),
        DataError,
        "the coefficient of column 'tiny' for outcome 'y'",
        "beyond the largest floating-point number",
    ),
    case(
        "ols-many-one-outcome-overflows",
        lambda t: attraktiv.ols_many(
            pd.DataFrame({"small": Y, "huge": Y * 1e300}), X * 1e-300
        ),
        DataError,
        "for outcome 'huge'",
        "beyond the largest floating-point number",
    ),
    case(
        "ols-many-duplicate-outcomes",
        lambda t: attraktiv.ols_many(
            pd.DataFrame(np.column_stack([Y, Y]), columns=["y", "y"]), X
        ),
        DataError,
        "outcome names must be unique; 'y' appears twice",
    ),
    case(
        "column-bool",
        lambda t: many().column(True),  # type: ignore[arg-type]
        InvalidOptionError,
        "outcome=True is not valid; give a name or a position below 2",
    ),
    case(
        "column-out-of-range",
        lambda t: many().column(5),
        InvalidOptionError,
        "outcome=5 is not valid; give a name or a position below 2",
    ),
    case(
        "column-float",
        lambda t: many().column(1.5),  # type: ignore[arg-type]
        InvalidOptionError,
        "outcome=1.5 is not valid",
    ),
    case(
        "column-unknown-name",
        lambda t: many().column("nope"),
        InvalidOptionError,
        "no outcome named 'nope'; the outcomes are 'y0', 'y1'",
    ),
    case(
        "formula-trailing-plus",
        lambda t: attraktiv.ols_formula("y ~ x +", FRAME),
        ModelError,
        "formula 'y ~ x +' cannot be parsed at position 6",
        "write it as 'outcome ~ a + b'",
    ),
    case(
        "formula-no-regressor",
        lambda t: attraktiv.ols_formula("y ~", FRAME),
        ModelError,
        "formula 'y ~' cannot be parsed at position 2",
        "write it as 'outcome ~ a + b'",
    ),
    case(
        "formula-juxtaposed",
        lambda t: attraktiv.ols_formula("y ~ x z", FRAME),
        ModelError,
        "formula 'y ~ x z' cannot be parsed at position 4: 'x z' is not a term",
        "join terms with '+'",
    ),
    case(
        "formula-not-text",
        lambda t: attraktiv.ols_formula(3, FRAME),  # type: ignore[arg-type]
        ModelError,
        "formula=3 is not valid; give text such as 'outcome ~ a + b'",
    ),
    case(
        "formula-no-tilde",
        lambda t: attraktiv.ols_formula("y", FRAME),
        ModelError,
        "formula 'y' has no '~'; write it as 'outcome ~ regressors'",
    ),
    case(
        "formula-two-outcomes",
        lambda t: attraktiv.ols_formula("y + z ~ x", FRAME),
        ModelError,
        "formula 'y + z ~ x' has 2 outcome terms left of '~'",
        "exactly one outcome",
    ),
    case(
        "formula-unknown-column",
        lambda t: attraktiv.ols_formula("y ~ w", FRAME),
        ModelError,
        "formula 'y ~ w' uses column 'w', which the data does not have",
        "available columns: y, x, z",
    ),
    case(
        "formula-module-name",
        lambda t: attraktiv.ols_formula("y ~ pd.x", FRAME),
        ModelError,
        "uses column 'pd', which the data does not have",
    ),
    case(
        "formula-text-outcome",
        lambda t: attraktiv.ols_formula("g ~ x", FRAME.assign(g=["a", "b"] * 10)),
        DataError,
        "outcome 'g' is not numeric (dtype str); an outcome must be numbers",
    ),
    case(
        "formula-object-numbers",
        lambda t: attraktiv.ols_formula(
            "y ~ v", FRAME.assign(v=pd.Series(X, dtype=object))
        ),
        DataError,
        "column 'v' holds numbers stored as Python objects (dtype object)",
        "pandas.to_numeric",
        ".astype('category')",
    ),
    case(
        "formula-dict-data",
        lambda t: attraktiv.ols_formula("y ~ x", {"y": Y, "x": X}),  # type: ignore[arg-type]
        DataError,
        "formula 'y ~ x': data must be a pandas DataFrame, not a dict",
    ),
    case(
        "formula-list-data",
        lambda t: attraktiv.ols_formula("y ~ x", [1, 2]),  # type: ignore[arg-type]
        DataError,
        "data must be a pandas DataFrame, not a list",
    ),
    case(
        "formula-duplicate-columns",
        lambda t: attraktiv.ols_formula(
            "y ~ x", pd.DataFrame(np.column_stack([Y, X, X]), columns=["y", "x", "x"])
        ),
        DataError,
        "the data has 2 columns named 'x'; column names must be unique",
    ),
    case(
        "formula-log-of-int64-with-na",
        lambda t: attraktiv.ols_formula(
            "y ~ np.log(v)",
            FRAME.assign(v=pd.array([1, 2, None, *([3] * 17)], dtype="Int64")),
        ),
        DataError,
        "column 'v' has a missing value at row 2",
        "fill or drop such rows first",
    ),
    case(
        "formula-weights-column",
        lambda t: attraktiv.ols_formula("y ~ x", FRAME, weights="w"),
        DataError,
        "weights column 'w' is not in the data",
    ),
    case(
        "conf-int-level-above-one",
        lambda t: attraktiv.ols(Y, X).conf_int(level=1.5),
        InvalidOptionError,
        "level=1.5 is not valid; it must be a number between 0 and 1, such as 0.95",
    ),
    case(
        "conf-int-level-bool",
        lambda t: attraktiv.ols(Y, X).conf_int(level=True),
        InvalidOptionError,
        "level=True is not valid; it must be a number between 0 and 1",
    ),
    case(
        "to-frame-level-nan",
        lambda t: attraktiv.ols(Y, X).to_frame(level=float("nan")),
        InvalidOptionError,
        "level=nan is not valid",
    ),
    case(
        "standardized-level",
        lambda t: attraktiv.ols(Y, X).standardized(level=2),
        InvalidOptionError,
        "level=2 is not valid",
    ),
    case(
        "many-conf-int-level",
        lambda t: many().conf_int(level=0),
        InvalidOptionError,
        "level=0 is not valid",
    ),
    case(
        "predict-missing-column",
        lambda t: attraktiv.ols_formula("y ~ x", FRAME).predict(
            pd.DataFrame({"z": [1.0]})
        ),
        ModelError,
        "uses column 'x', which the data does not have; available columns: z",
    ),
    case(
        "predict-text-column",
        lambda t: attraktiv.ols_formula("y ~ x", FRAME).predict(
            pd.DataFrame({"x": ["a"]})
        ),
        DataError,
        "column 'x' is not numeric (dtype str), but it was when the formula was fitted",
    ),
]

MODEL = [
    case(
        "model-formula-trailing-plus",
        lambda t: AttractivenessModel("net_migration ~ job_growth +"),
        ModelError,
        "formula 'net_migration ~ job_growth +' cannot be parsed at position 27",
        "write it as 'outcome ~ a + b'",
    ),
    case(
        "model-formula-no-regressor",
        lambda t: AttractivenessModel("net_migration ~"),
        ModelError,
        "formula 'net_migration ~' cannot be parsed at position 14",
    ),
    case(
        "model-formula-juxtaposed",
        lambda t: AttractivenessModel("net_migration ~ job_growth size"),
        ModelError,
        "'job_growth size' is not a term; join terms with '+'",
    ),
    case(
        "model-formula-not-text",
        lambda t: AttractivenessModel(5),  # type: ignore[arg-type]
        ModelError,
        "formula=5 is not valid; give text such as 'outcome ~ a + b'",
    ),
    case(
        "model-formula-no-tilde",
        lambda t: AttractivenessModel("net_migration"),
        ModelError,
        "formula 'net_migration' has no '~'; write it as 'net_migration ~ job_growth'",
    ),
    case(
        "model-formula-unknown-factor",
        lambda t: AttractivenessModel("net_migration ~ nope").fit(sim(), "2008-2010"),
        ModelError,
        "formula 'net_migration ~ nope' uses column 'nope', which the data "
        "does not have",
        "available columns: name, population_start, net_migration",
    ),
    case(
        "model-weights",
        lambda t: AttractivenessModel(weights="people"),  # type: ignore[arg-type]
        InvalidOptionError,
        "weights='people' is not valid; choose one of 'population'",
    ),
    case(
        "model-cov-type",
        lambda t: AttractivenessModel(cov_type="robust"),  # type: ignore[arg-type]
        InvalidOptionError,
        "cov_type='robust' is not valid; choose one of 'nonrobust'",
    ),
    case(
        "model-fit-dataframe",
        lambda t: AttractivenessModel().fit(data()),  # type: ignore[arg-type]
        DataError,
        "AttractivenessModel.fit needs a Panel, got DataFrame",
        "build one with attraktiv.Panel(data, hierarchy) or "
        "attraktiv.io.read_panel_csv",
    ),
    case(
        "model-fit-period-one-year-text",
        lambda t: AttractivenessModel().fit(sim(), "2008"),
        PeriodError,
        "cannot read '2008' as a period; expected 'first-last' with four-digit years",
    ),
    case(
        "model-fit-period-int",
        lambda t: AttractivenessModel().fit(sim(), 2008),  # type: ignore[arg-type]
        PeriodError,
        "cannot read 2008 as a period; expected a Period, a string such as '2008-2010'",
    ),
    case(
        "model-fit-period-not-covered",
        lambda t: AttractivenessModel().fit(sim(), "2015-2017"),
        PeriodError,
        "period 2015-2017 needs 2014 (jobs at the end of the year before the period)",
        "the panel has years 2004-2011",
    ),
    case(
        "model-fit-level",
        lambda t: AttractivenessModel().fit(sim(), "2008-2010", level="regio"),
        InvalidOptionError,
        "level='regio' is not valid; choose one of 'municipality', 'region', 'county'",
    ),
    case(
        "model-fit-level-too-few-units",
        lambda t: AttractivenessModel().fit(sim(), "2008-2010", level="county"),
        ModelError,
        "level 'county' has 1 unit, too few for the 2 parameters",
        "at least 3 are needed",
        "'region' 4",
    ),
    case(
        "model-fit-hole",
        lambda t: AttractivenessModel().fit(
            Panel(cell_set("jobs", "0003", 2010, np.nan), hierarchy()), "2008-2010"
        ),
        DataError,
        "municipality '0003' has no value (NaN) for 'jobs' in 2010",
        "needed for period 2008-2010",
    ),
    case(
        "model-fit-table-list",
        lambda t: AttractivenessModel().fit_table(
            [1, 2],
            period="2008-2010",
            level="municipality",  # type: ignore[arg-type]
        ),
        DataError,
        "fit_table needs a period table as a pandas DataFrame",
        "got list",
        "attraktiv.period_table(panel, period, level)",
    ),
    case(
        "model-fit-table-no-name",
        lambda t: AttractivenessModel().fit_table(
            pd.DataFrame({"net_migration": [1.0, 2, 3, 4]}),
            period="2008-2010",
            level="municipality",
        ),
        DataError,
        "the period table has no 'name' column",
    ),
    case(
        "long-term-too-early",
        lambda t: AttractivenessModel().long_term(sim(), 2008),
        PeriodError,
        "period 2000-2002 needs 1999",
        "the panel has years 2004-2011",
    ),
    case(
        "long-term-last-end-text",
        lambda t: AttractivenessModel().long_term(sim(), "2010"),  # type: ignore[arg-type]
        PeriodError,
        "last_end must be an integer, got '2010'",
    ),
    case(
        "long-term-count-zero",
        lambda t: AttractivenessModel().long_term(sim(), 2011, count=0),
        PeriodError,
        "count must be at least 1, got 0",
    ),
    case(
        "long-term-length-bool",
        lambda t: AttractivenessModel().long_term(sim(), 2011, length=True),
        PeriodError,
        "length must be an integer, got True",
    ),
    case(
        "long-term-default-hole",
        lambda t: AttractivenessModel().long_term(
            Panel(cell_set("population_jan1", "0003", 2009, np.nan), hierarchy()),
            count=2,
        ),
        DataError,
        "municipality '0003' has no value (NaN) for 'population_jan1' in 2009",
        "needed for period 2009-2011",
    ),
    case(
        "barometer-dataframe",
        lambda t: attraktiv.barometer(data()),  # type: ignore[arg-type]
        DataError,
        "barometer needs a Panel, got DataFrame",
        "build one with attraktiv.Panel(data, hierarchy)",
    ),
    case(
        "barometer-levels-string",
        lambda t: attraktiv.barometer(sim(), levels="region"),
        InvalidOptionError,
        "levels must be a list of levels, got the string 'region'; write "
        "levels=['region']",
    ),
    case(
        "barometer-levels-unknown",
        lambda t: attraktiv.barometer(sim(), levels=["nope"]),
        InvalidOptionError,
        "level='nope' is not valid; choose one of 'municipality', 'region', 'county'",
    ),
    case(
        "barometer-level-too-few-units",
        lambda t: attraktiv.barometer(sim(), levels=["county"], periods=["2008-2010"]),
        ModelError,
        "level 'county' has 1 unit, too few for the 2 parameters",
    ),
    case(
        "barometer-periods-string",
        lambda t: attraktiv.barometer(sim(), periods="2008-2010"),
        InvalidOptionError,
        "periods must be a list of periods, got '2008-2010'; write "
        "periods=['2008-2010']",
    ),
    case(
        "barometer-periods-empty",
        lambda t: attraktiv.barometer(sim(), periods=[]),
        InvalidOptionError,
        "periods is empty; give at least one period, such as periods=['2008-2010']",
    ),
    case(
        "barometer-model-text",
        lambda t: attraktiv.barometer(sim(), model="ols"),  # type: ignore[arg-type]
        InvalidOptionError,
        "model must be an AttractivenessModel, got str",
    ),
    case(
        "barometer-default-periods-hole",
        lambda t: attraktiv.barometer(
            Panel(cell_set("population_jan1", "0003", 2009, np.nan), hierarchy()),
            levels=["municipality"],
        ),
        DataError,
        "municipality '0003' has no value (NaN) for 'population_jan1' in 2009",
    ),
    case(
        "barometer-no-period",
        lambda t: attraktiv.barometer(simulate_panel(10, years=[2008, 2009], rng=2)),
        PeriodError,
        "the panel (years 2008-2009) covers no period of 3 years",
        "give periods explicitly",
    ),
    case(
        "latest-period-none",
        lambda t: simulate_panel(10, years=[2008, 2009], rng=2).latest_period(),
        PeriodError,
        "the panel (years 2008-2009) supports no period of 3 years",
        "a period needs its years and the year before it",
    ),
    case(
        "result-top-zero",
        lambda t: sim_result().top(0),
        InvalidOptionError,
        "n=0 is not valid; it must be at least 1",
    ),
    case(
        "result-top-text",
        lambda t: sim_result().top("5"),  # type: ignore[arg-type]
        InvalidOptionError,
        "n='5' is not valid; give a whole number",
    ),
    case(
        "result-top-bool",
        lambda t: sim_result().top(True),
        InvalidOptionError,
        "n=True is not valid; give a whole number",
    ),
    case(
        "result-bottom-negative",
        lambda t: sim_result().bottom(-1),
        InvalidOptionError,
        "n=-1 is not valid; it must be at least 1",
    ),
    case(
        "result-groups-one",
        lambda t: sim_result().groups(1),
        InvalidOptionError,
        "k=1 is not valid; it must be at least 2",
    ),
    case(
        "result-groups-text",
        lambda t: sim_result().groups("a"),  # type: ignore[arg-type]
        InvalidOptionError,
        "k='a' is not valid; give a whole number",
    ),
    case(
        "result-conf-int-level",
        lambda t: sim_result().conf_int(0),
        InvalidOptionError,
        "level=0 is not valid; it must be a number between 0 and 1",
    ),
    case(
        "period-table-dataframe",
        lambda t: attraktiv.period_table(data(), "2008-2010"),  # type: ignore[arg-type]
        DataError,
        "a period table is made from a Panel, got DataFrame",
        "build one with attraktiv.Panel(data, hierarchy)",
    ),
    case(
        "period-table-unknown-factor",
        lambda t: attraktiv.period_table(sim(), "2008-2010", factors=["nope"]),
        InvalidOptionError,
        "unknown factor 'nope'; the available factors are 'job_growth'",
    ),
    case(
        "period-table-flows-text",
        lambda t: attraktiv.period_table(sim(), "2008-2010", flows="yes"),  # type: ignore[arg-type]
        InvalidOptionError,
        "flows must be True, False or None, got 'yes'",
    ),
    case(
        "period-table-not-covered",
        lambda t: attraktiv.period_table(sim(), "2008-2020"),
        PeriodError,
        "period 2008-2020 needs 2012 (a year of the period)",
        "the panel has years 2004-2011",
    ),
]

PANEL = [
    case(
        "panel-dict-data",
        lambda t: Panel(data().to_dict(), hierarchy()),  # type: ignore[arg-type]
        DataError,
        "data must be a pandas DataFrame, got dict",
    ),
    case(
        "panel-hierarchy-text",
        lambda t: Panel(data(), "hierarchy.csv"),  # type: ignore[arg-type]
        DataError,
        "hierarchy must be an attraktiv.geography.Hierarchy, got str",
    ),
    case(
        "panel-components-string",
        lambda t: Panel(data(), hierarchy(), components="immigration"),
        DataError,
        "components must be a sequence of names, got the string 'immigration'",
    ),
    case(
        "panel-components-unknown",
        lambda t: Panel(data(), hierarchy(), components=["nope"]),
        DataError,
        "component 'nope' has no column 'net_migration_nope' in data",
    ),
    case(
        "panel-components-do-not-add-up",
        lambda t: Panel(
            data().drop(columns="net_migration_immigration"),
            hierarchy(),
            components=["domestic_immigrant", "domestic_other"],
        ),
        FlowError,
        "domestic_immigrant + domestic_other do not add up to net_migration "
        "for unit '0001'",
    ),
    case(
        "panel-flow-tolerance-negative",
        lambda t: Panel(data(), hierarchy(), flow_tolerance=-1),
        InvalidOptionError,
        "flow_tolerance=-1 is not valid; give a share of the population from 0",
    ),
    case(
        "panel-flow-tolerance-text",
        lambda t: Panel(data(), hierarchy(), flow_tolerance="0.1"),  # type: ignore[arg-type]
        InvalidOptionError,
        "flow_tolerance='0.1' is not valid",
    ),
    case(
        "panel-flow-tolerance-nan",
        lambda t: Panel(data(), hierarchy(), flow_tolerance=float("nan")),
        InvalidOptionError,
        "flow_tolerance=nan is not valid",
    ),
    case(
        "panel-derive-text",
        lambda t: Panel(data(), hierarchy(), derive_net_migration="yes"),  # type: ignore[arg-type]
        InvalidOptionError,
        "derive_net_migration must be True, False or None, got 'yes'",
    ),
    case(
        "panel-unit-column",
        lambda t: Panel(data(), hierarchy(), unit_column="kommune"),
        DataError,
        "data has no unit column 'kommune'; columns are: code, year",
    ),
    case(
        "panel-year-column",
        lambda t: Panel(data(), hierarchy(), year_column="aar"),
        DataError,
        "data has no year column 'aar'; columns are: code, year",
    ),
    case(
        "panel-year-fraction",
        lambda t: panel_with(year=data()["year"] + 0.5),
        DataError,
        "year column 'year' holds 2004.5, not a whole year",
    ),
    case(
        "panel-year-text",
        lambda t: panel_with(year=data()["year"].astype(str)),
        DataError,
        "year column 'year' must hold whole years, none missing; got dtype str",
    ),
    case(
        "panel-year-not-four-digits",
        lambda t: panel_with(year=data()["year"] - 3000),
        DataError,
        "year column 'year' holds -996 (unit '0001'); years must have four digits",
    ),
    case(
        "panel-duplicate-rows",
        lambda t: Panel(pd.concat([data(), data().iloc[:1]]), hierarchy()),
        DataError,
        "duplicate rows for unit '0001' in 2004; give one row per unit and year",
    ),
    case(
        "panel-duplicate-column-names",
        lambda t: Panel(pd.concat([data(), data()[["jobs"]]], axis=1), hierarchy()),
        DataError,
        "data has more than one column named 'jobs'; give each column one name",
    ),
    case(
        "panel-infinite-count",
        lambda t: Panel(cell_set("population_jan1", "0002", 2006, np.inf), hierarchy()),
        DataError,
        "column 'population_jan1' is infinite for unit '0002' in 2006",
    ),
    case(
        "panel-negative-population",
        lambda t: Panel(cell_set("population_jan1", "0002", 2006, -5.0), hierarchy()),
        DataError,
        "population_jan1 must be positive: unit '0002' in 2006 it is -5",
    ),
    case(
        "panel-negative-jobs",
        lambda t: Panel(cell_set("jobs", "0002", 2006, -5.0), hierarchy()),
        DataError,
        "jobs must not be negative: unit '0002' in 2006 it is -5",
    ),
    case(
        "panel-text-counts",
        lambda t: panel_with(jobs=data()["jobs"].astype(str)),
        DataError,
        "column 'jobs' is not numeric (dtype str); the panel holds counts and "
        "scores only",
    ),
    case(
        "panel-bool-counts",
        lambda t: panel_with(population_jan1=True),
        DataError,
        "column 'population_jan1' is not numeric (dtype bool)",
    ),
    case(
        "panel-required-column-missing",
        lambda t: Panel(data().rename(columns={"jobs": "employment"}), hierarchy()),
        DataError,
        "data has no column 'jobs'; the panel needs population_jan1, jobs and "
        "net_migration",
    ),
    case(
        "panel-unknown-unit",
        lambda t: Panel(
            pd.concat([data(), data().iloc[:1].assign(code="9999")]), hierarchy()
        ),
        DataError,
        "1 unit(s) in data are not municipality units of the hierarchy: '9999'",
        "codes are compared as text",
    ),
    case(
        "panel-no-rows",
        lambda t: Panel(data().iloc[:0], hierarchy()),
        DataError,
        "data has no rows (only a header?); give one row per unit and year",
    ),
    case(
        "panel-metadata-list",
        lambda t: Panel(data(), hierarchy(), metadata=[1]),  # type: ignore[arg-type]
        DataError,
        "metadata must be a mapping such as {'source': 'SSB'}, got list",
    ),
    case(
        "panel-units-level",
        lambda t: sim().units("nope"),
        InvalidOptionError,
        "level='nope' is not valid; choose one of 'municipality', 'region', 'county'",
    ),
    case(
        "panel-periods-available-zero",
        lambda t: sim().periods_available(0),
        PeriodError,
        "period length must be an integer >= 1, got 0",
    ),
    case(
        "panel-period-counts-flows-text",
        lambda t: sim().period_counts("2008-2010", flows="yes"),  # type: ignore[arg-type]
        InvalidOptionError,
        "flows='yes' is not valid; give True or False",
    ),
    case(
        "period-reversed",
        lambda t: Period(2010, 2008),
        PeriodError,
        "period ends before it starts: last year 2008 is before first year 2010",
    ),
    case(
        "period-year-zero",
        lambda t: Period(0, 2),
        PeriodError,
        "period years must have four digits (1000 to 9999), got first=0, last=2",
    ),
    case(
        "period-five-digit-year",
        lambda t: Period(2008, 10000),
        PeriodError,
        "period years must have four digits (1000 to 9999), got first=2008, last=10000",
    ),
    case(
        "period-fraction",
        lambda t: Period(2008.5, 2010),  # type: ignore[arg-type]
        PeriodError,
        "period years must be integers, got first=2008.5, last=2010",
    ),
    case(
        "period-bool",
        lambda t: Period(True, 2010),
        PeriodError,
        "period years must be integers, got first=True, last=2010",
    ),
    case(
        "as-period-list",
        lambda t: attraktiv.as_period([2008, 2010]),  # type: ignore[arg-type]
        PeriodError,
        "cannot read [2008, 2010] as a period; expected a Period, a string",
    ),
    case(
        "as-period-text",
        lambda t: attraktiv.as_period("abc"),
        PeriodError,
        "cannot read 'abc' as a period; expected 'first-last' with four-digit years",
    ),
    case(
        "as-period-three-years",
        lambda t: attraktiv.as_period((2008, 2009, 2010)),  # type: ignore[arg-type]
        PeriodError,
        "expected a tuple of two years (first, last)",
    ),
    case(
        "rolling-periods-reversed",
        lambda t: attraktiv.rolling_periods(2012, 2010),
        PeriodError,
        "last_end 2010 is before first_end 2012",
    ),
    case(
        "rolling-periods-length-zero",
        lambda t: attraktiv.rolling_periods(2010, 2012, 0),
        PeriodError,
        "period length must be at least 1, got 0",
    ),
    case(
        "rolling-periods-text",
        lambda t: attraktiv.rolling_periods("2010", 2012),  # type: ignore[arg-type]
        PeriodError,
        "first_end must be an integer, got '2010'",
    ),
    case(
        "long-term-periods-count",
        lambda t: attraktiv.long_term_periods(2012, count=-1),
        PeriodError,
        "count must be at least 1, got -1",
    ),
    case(
        "long-term-periods-length",
        lambda t: attraktiv.long_term_periods(2012, length=2.5),  # type: ignore[arg-type]
        PeriodError,
        "length must be an integer, got 2.5",
    ),
]

GEOGRAPHY = [
    case(
        "hierarchy-no-units",
        lambda t: Hierarchy(hierarchy().to_frame().iloc[:0]),
        GeographyError,
        "the hierarchy table has no rows; it needs one row per municipality unit",
    ),
    case(
        "hierarchy-list",
        lambda t: Hierarchy([1, 2]),  # type: ignore[arg-type]
        DataError,
        "the hierarchy table must be a pandas DataFrame, got list",
    ),
    case(
        "hierarchy-levels-string",
        lambda t: Hierarchy(hierarchy().to_frame(), levels="municipality"),
        GeographyError,
        "levels must be a sequence of level names, not the string 'municipality'",
    ),
    case(
        "hierarchy-no-code-column",
        lambda t: Hierarchy(hierarchy().to_frame().drop(columns="municipality_code")),
        DataError,
        "no code column for level(s) 'municipality': 'municipality_code' not among",
        "pass levels or code_columns to change them",
    ),
    case(
        "hierarchy-unknown-code",
        lambda t: hierarchy().parent("9999", "municipality"),
        GeographyError,
        "'9999' is not a municipality code of this hierarchy",
    ),
    case(
        "change-table-empty",
        lambda t: ChangeTable(pd.DataFrame()),
        DataError,
        "column(s) 'original', 'year', 'target', 'weight' not in the frame",
    ),
    case(
        "rebase-list",
        lambda t: attraktiv.rebase([1], load_change_table()),  # type: ignore[arg-type]
        DataError,
        "data must be a pandas DataFrame, got list",
    ),
]

FACTORS = [
    case(
        "registry-duplicate-name",
        lambda t: FactorRegistry(
            [ColumnFactor("q", "jobs", "d"), ColumnFactor("q", "jobs", "d")]
        ),
        InvalidOptionError,
        "a factor named 'q' is already registered; pass replace=True to replace it",
    ),
    case(
        "registry-get-unknown",
        lambda t: FactorRegistry().get("siz"),
        InvalidOptionError,
        "unknown factor 'siz'; the available factors are 'job_growth'",
        "'size'",
    ),
    case(
        "registry-register-text",
        lambda t: FactorRegistry().register("size"),  # type: ignore[arg-type]
        InvalidOptionError,
        "'size' is not a factor: it lacks name, description, inputs, compute",
    ),
    case(
        "registry-unregister-unknown",
        lambda t: FactorRegistry().unregister("nope"),
        InvalidOptionError,
        "unknown factor 'nope'",
    ),
    case(
        "column-factor-over-period",
        lambda t: ColumnFactor("q", "jobs", "d", over_period="middle"),  # type: ignore[arg-type]
        InvalidOptionError,
        "over_period='middle' is not valid; choose one of 'first', 'mean', 'sum'",
    ),
    case(
        "column-factor-aggregate",
        lambda t: ColumnFactor("q", "jobs", "d", aggregate="median"),  # type: ignore[arg-type]
        InvalidOptionError,
        "aggregate='median' is not valid; choose one of 'population_mean', 'sum'",
    ),
    case(
        "column-factor-empty-name",
        lambda t: ColumnFactor("", "jobs", "d"),
        InvalidOptionError,
        "ColumnFactor name='' is not valid; give non-empty text",
    ),
    case(
        "column-factor-column-number",
        lambda t: ColumnFactor("q", 5, "d"),  # type: ignore[arg-type]
        InvalidOptionError,
        "ColumnFactor column=5 is not valid; give non-empty text (the panel "
        "column's name)",
    ),
    case(
        "column-factor-description-number",
        lambda t: ColumnFactor("q", "jobs", 3),  # type: ignore[arg-type]
        InvalidOptionError,
        "ColumnFactor description=3 is not valid; give non-empty text",
    ),
    case(
        "published-tables-factors-list",
        lambda t: attraktiv.published_tables(sim(), factors=["size"]),  # type: ignore[arg-type]
        InvalidOptionError,
        "factors=list is not valid; give a mapping of level to factors",
    ),
    case(
        "column-factor-missing-column",
        lambda t: attraktiv.period_table(
            sim(), "2008-2010", factors=[ColumnFactor("q", "nope", "d")]
        ),
        DataError,
        "factor 'q' cannot be computed for period 2008-2010: the panel has no input "
        "column 'nope'",
    ),
    case(
        "column-factor-text-column",
        lambda t: attraktiv.period_table(
            panel_with(label="a"),
            "2008-2010",
            factors=[ColumnFactor("q", "label", "d")],
        ),
        DataError,
        "column 'label' is not numeric (dtype str)",
    ),
    case(
        "factor-returns-nan",
        lambda t: DriverAnalysis([_Returns("holes", _nan_at_third)]).fit(
            sim(), "2008-2010"
        ),
        DataError,
        "factor 'holes' has no value (NaN or infinite) at level 'municipality' in "
        "period 2008-2010 for 1 unit: '0003'",
    ),
    case(
        "factor-returns-text",
        lambda t: DriverAnalysis(
            [_Returns("text", lambda u: pd.Series(["a"] * len(u), index=u))]
        ).fit(sim(), "2008-2010"),
        DataError,
        "factor 'text' returned non-numeric values (dtype str) at level 'municipality'",
    ),
    case(
        "factor-returns-too-few-units",
        lambda t: DriverAnalysis(
            [
                _Returns(
                    "short", lambda u: pd.Series(np.arange(len(u) - 1.0), index=u[:-1])
                )
            ]
        ).fit(sim(), "2008-2010"),
        DataError,
        "factor 'short' has no value (NaN or infinite)",
        "for 1 unit: '0030'",
    ),
    case(
        "factor-returns-list",
        lambda t: DriverAnalysis([_Returns("list", lambda u: [1.0] * len(u))]).fit(
            sim(), "2008-2010"
        ),
        DataError,
        "factor 'list' returned list at level 'municipality' in period 2008-2010",
        "compute must return a pandas Series indexed by unit code",
    ),
    case(
        "driver-factors-string",
        lambda t: DriverAnalysis("job_growth"),  # type: ignore[arg-type]
        InvalidOptionError,
        "factors must be a list of factors or names, got 'job_growth'",
    ),
    case(
        "driver-factors-empty",
        lambda t: DriverAnalysis([]),
        InvalidOptionError,
        "factors is empty; give at least one factor",
    ),
    case(
        "driver-factors-duplicate",
        lambda t: DriverAnalysis(["size", "size"]),
        InvalidOptionError,
        "factor 'size' is given more than once",
    ),
    case(
        "driver-cov-type",
        lambda t: DriverAnalysis(["size"], cov_type="x"),  # type: ignore[arg-type]
        InvalidOptionError,
        "cov_type='x' is not valid",
    ),
    case(
        "driver-weights",
        lambda t: DriverAnalysis(["size"], weights="x"),  # type: ignore[arg-type]
        InvalidOptionError,
        "weights='x' is not valid; choose one of 'population'",
    ),
    case(
        "driver-outcome-unknown",
        lambda t: DriverAnalysis(["size"], outcome="nope").fit(sim(), "2008-2010"),
        InvalidOptionError,
        "outcome='nope' is not a flow of this panel; choose one of 'net_migration'",
    ),
    case(
        "driver-fit-dataframe",
        lambda t: DriverAnalysis(["size"]).fit(data()),  # type: ignore[arg-type]
        DataError,
        "a driver analysis needs a Panel, got DataFrame",
        "or fit a ready table with DriverAnalysis.fit_table",
    ),
    case(
        "driver-fit-period",
        lambda t: DriverAnalysis(["size"]).fit(sim(), "2020-2022"),
        PeriodError,
        "period 2020-2022 needs 2019",
        "the panel has years 2004-2011",
    ),
    case(
        "driver-fit-level",
        lambda t: DriverAnalysis(["size"]).fit(sim(), "2008-2010", level="x"),
        InvalidOptionError,
        "level='x' is not valid",
    ),
    case(
        "driver-fit-table-missing-factor",
        lambda t: DriverAnalysis(["size"]).fit_table(
            pd.DataFrame({"net_migration": [1.0, 2, 3, 4]}), "2008-2010"
        ),
        DataError,
        "the table has no column 'size' (period 2008-2010); its columns are "
        "net_migration",
    ),
    case(
        "driver-fit-table-list",
        lambda t: DriverAnalysis(["size"]).fit_table([1], "2008-2010"),  # type: ignore[arg-type]
        DataError,
        "table must be a DataFrame, got list",
    ),
    case(
        "driver-relative-importance-normalized-text",
        lambda t: (
            DriverAnalysis(["size", "job_growth"])
            .fit(sim(), "2008-2010")
            .relative_importance(normalized="yes")
        ),  # type: ignore[arg-type]
        InvalidOptionError,
        "normalized='yes' is not valid; give True or False",
    ),
    case(
        "driver-table-value",
        lambda t: DriverAnalysis(["size"]).fit(sim(), "2008-2010").table("gamma"),  # type: ignore[arg-type]
        InvalidOptionError,
        "value='gamma' is not valid; choose one of 'beta', 'std_error'",
    ),
    case(
        "driver-data-period",
        lambda t: DriverAnalysis(["size"]).fit(sim(), "2008-2010").data("2001-2003"),
        InvalidOptionError,
        "period 2001-2003 is not in this result; its periods are 2008-2010",
    ),
    case(
        "published-tables-dataframe",
        lambda t: attraktiv.published_tables(data()),  # type: ignore[arg-type]
        DataError,
        "needs a Panel, got DataFrame",
    ),
    case(
        "published-tables-period",
        lambda t: attraktiv.published_tables(sim(), periods=["2030-2032"]),
        PeriodError,
        "period 2030-2032 needs 2029",
    ),
]

DATASETS_AND_FILES = [
    case(
        "simulate-rng-text",
        lambda t: simulate_panel(10, rng="abc"),  # type: ignore[arg-type]
        InvalidOptionError,
        "rng='abc' is not valid; give a numpy.random.Generator, a whole-number seed",
    ),
    case(
        "simulate-noise-inf",
        lambda t: simulate_panel(10, noise_sd=float("inf")),
        InvalidOptionError,
        "noise_sd=inf is not valid; it must be finite (and >= 0)",
    ),
    case(
        "simulate-noise-negative",
        lambda t: simulate_panel(10, noise_sd=-1),
        InvalidOptionError,
        "noise_sd=-1.0 is not valid; it must be >= 0",
    ),
    case(
        "simulate-no-units",
        lambda t: simulate_panel(0),
        InvalidOptionError,
        "n_units must be at least 2, got 0",
    ),
    case(
        "simulate-fractional-units",
        lambda t: simulate_panel(10.5),  # type: ignore[arg-type]
        InvalidOptionError,
        "n_units must be an integer, got 10.5",
    ),
    case(
        "simulate-years-gap",
        lambda t: simulate_panel(10, years=[2008, 2010, 2011]),
        InvalidOptionError,
        "years must be consecutive and increasing, got [2008, 2010, 2011]",
    ),
    case(
        "simulate-unknown-coefficient",
        lambda t: simulate_panel(10, coefficients={"nope": 1.0}),
        InvalidOptionError,
        "unknown coefficient(s) 'nope'; choose from 'intercept', 'job_growth'",
    ),
    case(
        "simulate-coefficient-nan",
        lambda t: simulate_panel(10, coefficients={"job_growth": float("nan")}),
        InvalidOptionError,
        "coefficient 'job_growth' must be finite, got nan",
    ),
    case(
        "simulate-years-text",
        lambda t: simulate_panel(10, years="2008"),  # type: ignore[arg-type]
        InvalidOptionError,
        "years='2008' is not valid; give consecutive whole years, such as range(2002",
    ),
    case(
        "simulate-coefficients-list",
        lambda t: simulate_panel(10, coefficients=[1]),  # type: ignore[arg-type]
        InvalidOptionError,
        "coefficients=list is not valid; give a mapping of factor to coefficient",
    ),
    case(
        "simulate-coefficient-text",
        lambda t: simulate_panel(10, coefficients={"job_growth": "1"}),  # type: ignore[dict-item]
        InvalidOptionError,
        "coefficient 'job_growth' must be a number, got '1'",
    ),
    case(
        "load-norway-borders",
        lambda t: load_norway(borders=2020),  # type: ignore[arg-type]
        InvalidOptionError,
        "borders must be 2017 or 2024; got 2020",
    ),
    case(
        "change-table-level",
        lambda t: load_change_table("region"),  # type: ignore[arg-type]
        InvalidOptionError,
        "level must be one of 'municipality', 'county'; got 'region'",
    ),
    case(
        "csv-header-only",
        lambda t: aio.read_panel_csv(
            write(t / "panel.csv", ",".join(data().columns) + "\n"), hierarchy_file(t)
        ),
        DataError,
        "panel.csv' has a header but no rows; give one row per unit and year",
    ),
    case(
        "csv-folder",
        lambda t: aio.read_panel_csv(t, hierarchy_file(t)),
        DataError,
        "is a folder, not a panel file; give the CSV file itself",
    ),
    case(
        "csv-missing-file",
        lambda t: aio.read_panel_csv(t / "nope.csv", hierarchy_file(t)),
        DataError,
        "no panel file at",
        "nope.csv'",
    ),
    case(
        "csv-empty-file",
        lambda t: aio.read_panel_csv(write(t / "panel.csv", ""), hierarchy_file(t)),
        DataError,
        "panel.csv' is empty; expected a CSV file with a header",
    ),
    case(
        "csv-missing-hierarchy",
        lambda t: aio.read_panel_csv(panel_file(t), t / "none.csv"),
        DataError,
        "no hierarchy file at",
        "give one with a '<level>_code' column per level",
    ),
    case(
        "csv-text-cell",
        lambda t: aio.read_panel_csv(text_cell(t, "x")),
        DataError,
        "line 5: column 'jobs' of unit '0001' in 2007 is 'x', which is not a number",
        "leave the cell empty for an unknown value",
    ),
    case(
        "csv-statbank-marker-cell",
        lambda t: aio.read_panel_csv(text_cell(t, "..", "population_jan1", 10)),
        DataError,
        "line 12: column 'population_jan1' of unit '0002' in 2006 is '..'",
    ),
    case(
        "csv-thousands-space-cell",
        lambda t: aio.read_panel_csv(text_cell(t, "1 234", "net_migration", 0)),
        DataError,
        "line 2: column 'net_migration' of unit '0001' in 2004 is '1 234'",
    ),
    case(
        "csv-text-year",
        lambda t: aio.read_panel_csv(text_cell(t, "2007a", "year")),
        DataError,
        "line 5: column 'year' of unit '0001' is '2007a', which is not a number",
    ),
    case(
        "csv-missing-marker-in-period",
        lambda t: AttractivenessModel().fit(
            aio.read_panel_csv(text_cell(t, "n/a", "population_jan1", 4)), "2008-2010"
        ),
        DataError,
        "municipality '0001' has no value (NaN) for 'population_jan1' in 2008",
    ),
    case(
        "csv-hierarchy-without-lowest-code",
        lambda t: aio.read_hierarchy_csv(
            write(
                t / "h.csv",
                hierarchy()
                .to_frame()
                .drop(columns="municipality_code")
                .to_csv(index=False),
            )
        ),
        GeographyError,
        "region code(s) on more than one row",
        "its code column is missing: add it and name the level first in levels",
    ),
    case(
        "csv-hierarchy-header-only",
        lambda t: aio.read_hierarchy_csv(
            write(t / "h.csv", ",".join(hierarchy().to_frame().columns) + "\n")
        ),
        GeographyError,
        "the hierarchy table has no rows",
    ),
    case(
        "csv-hierarchy-missing",
        lambda t: aio.read_hierarchy_csv(t / "none.csv"),
        DataError,
        "no file at",
        "none.csv'",
    ),
    case(
        "csv-hierarchy-no-code-columns",
        lambda t: aio.read_hierarchy_csv(write(t / "h.csv", "name,kind\nOslo,city\n")),
        DataError,
        "the hierarchy has no '<level>_code' columns; expected for example "
        "municipality_code",
    ),
    case(
        "statbank-not-an-export",
        lambda t: aio.read_statbank(write(t / "sb.csv", "hello\nworld\n")),
        DataError,
        "is not a StatBank export this reader knows (first line 'hello')",
    ),
    case(
        "jsonstat-not-json",
        lambda t: aio.read_jsonstat("{not json"),
        DataError,
        "the input is not JSON (line 1, column 2",
        "expected a JSON-stat 2.0 dataset",
    ),
    case(
        "jsonstat-number",
        lambda t: aio.read_jsonstat(5),  # type: ignore[arg-type]
        DataError,
        "read_jsonstat reads a path, JSON text, bytes or a parsed dict; got int",
    ),
    case(
        "to-borders-year",
        lambda t: aio.to_borders(
            pd.DataFrame({"code": ["0301"], "year": [2010], "value": [1.0]}), 2020
        ),
        PeriodError,
        "borders=2020 is not supported",
        "so borders=2024 is the one choice",
    ),
]


@cache
def county_weights() -> spatial.SpatialWeights:
    return spatial.contiguity_weights("county")


def county_values() -> pd.Series:
    codes = county_weights().codes
    return pd.Series(np.arange(len(codes), dtype=np.float64) ** 1.5, index=codes)


EST = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
SE = pd.Series([0.5, 0.5, 0.5, 0.5], index=list("abcd"))

SPATIAL_AND_UNCERTAINTY = [
    case(
        "morans-i-rng-text",
        lambda t: spatial.morans_i(county_values(), county_weights(), rng="x"),  # type: ignore[arg-type]
        InvalidOptionError,
        "rng='x' is not valid; give a numpy.random.Generator, a whole-number seed",
    ),
    case(
        "local-morans-rng-float",
        lambda t: spatial.local_morans(county_values(), county_weights(), rng=1.5),  # type: ignore[arg-type]
        InvalidOptionError,
        "rng=1.5 is not valid",
    ),
    case(
        "morans-i-permutations",
        lambda t: spatial.morans_i(county_values(), county_weights(), permutations=-1),
        InvalidOptionError,
        "permutations=-1 is not valid; it must be at least 0",
    ),
    case(
        "local-morans-permutations-fraction",
        lambda t: spatial.local_morans(
            county_values(), county_weights(), permutations=9.5
        ),  # type: ignore[arg-type]
        InvalidOptionError,
        "permutations=9.5 is not valid; give a whole number",
    ),
    case(
        "morans-i-alternative",
        lambda t: spatial.morans_i(
            county_values(), county_weights(), alternative="bigger"
        ),  # type: ignore[arg-type]
        InvalidOptionError,
        "alternative='bigger' is not valid; choose one of 'two-sided', "
        "'greater', 'less'",
    ),
    case(
        "morans-i-islands",
        lambda t: spatial.morans_i(county_values(), county_weights(), islands="ignore"),  # type: ignore[arg-type]
        InvalidOptionError,
        "islands='ignore' is not valid; choose one of 'raise', 'keep', 'drop'",
    ),
    case(
        "morans-i-missing-value",
        lambda t: spatial.morans_i(
            county_values().where(county_values().index != "04"), county_weights()
        ),
        DataError,
        "values are missing or not finite for 04",
        "weights.subset",
    ),
    case(
        "morans-i-length",
        lambda t: spatial.morans_i(np.arange(3.0), county_weights()),
        DataError,
        "values have shape (3,); the weights have 19 units",
    ),
    case(
        "morans-i-weights-text",
        lambda t: spatial.morans_i(county_values(), "rook"),  # type: ignore[arg-type]
        InvalidOptionError,
        "weights=str is not valid; give SpatialWeights",
    ),
    case(
        "morans-i-text-values",
        lambda t: spatial.morans_i(county_values().astype(str), county_weights()),
        DataError,
        "values have dtype str; give numbers",
    ),
    case(
        "morans-i-codes",
        lambda t: spatial.morans_i(
            county_values().set_axis("x" + county_values().index), county_weights()
        ),
        GeographyError,
        "the values do not match the 19 units of the weights: no value for 01",
        "Subset the weights with weights.subset(values.index)",
    ),
    case(
        "clustering-by-period-dataframe",
        lambda t: spatial.clustering_by_period(data()),  # type: ignore[arg-type]
        DataError,
        "clustering_by_period needs a Panel, got DataFrame",
    ),
    case(
        "clustering-by-period-periods-string",
        lambda t: spatial.clustering_by_period(sim(), periods="2008-2010"),  # type: ignore[arg-type]
        InvalidOptionError,
        "periods must be a list of periods, got '2008-2010'; "
        "write periods=['2008-2010']",
    ),
    case(
        "contiguity-criterion",
        lambda t: spatial.contiguity_weights("county", criterion="bishop"),  # type: ignore[arg-type]
        InvalidOptionError,
        "criterion='bishop' is not valid; choose one of 'rook', 'queen'",
    ),
    case(
        "contiguity-level",
        lambda t: spatial.contiguity_weights("state"),
        InvalidOptionError,
        "level='state' is not valid; choose one of 'municipality', 'region', 'county'",
    ),
    case(
        "contiguity-link-islands-text",
        lambda t: spatial.contiguity_weights("county", link_islands="yes"),  # type: ignore[arg-type]
        InvalidOptionError,
        "link_islands='yes' is not valid; give True or False",
    ),
    case(
        "rank-intervals-level",
        lambda t: uncertainty.rank_intervals(EST, SE, level=1.2),
        InvalidOptionError,
        "level=1.2 is not valid; it must be a number between 0 and 1",
    ),
    case(
        "rank-intervals-draws",
        lambda t: uncertainty.rank_intervals(EST, SE, draws=0),
        InvalidOptionError,
        "draws=0 is not valid; it must be at least 100",
    ),
    case(
        "rank-intervals-draws-fraction",
        lambda t: uncertainty.rank_intervals(EST, SE, draws=10.5),  # type: ignore[arg-type]
        InvalidOptionError,
        "draws=10.5 is not valid; give a whole number",
    ),
    case(
        "rank-intervals-method",
        lambda t: uncertainty.rank_intervals(EST, SE, method="exact"),  # type: ignore[arg-type]
        InvalidOptionError,
        "method='exact' is not valid; choose one of 'bootstrap', 'overlap'",
    ),
    case(
        "rank-intervals-simultaneous-text",
        lambda t: uncertainty.rank_intervals(EST, SE, simultaneous="yes"),  # type: ignore[arg-type]
        InvalidOptionError,
        "simultaneous='yes' is not valid; give True or False",
    ),
    case(
        "rank-intervals-negative-errors",
        lambda t: uncertainty.rank_intervals(EST, -SE),
        DataError,
        "std_errors must be positive and finite",
        "has -0.5",
    ),
    case(
        "rank-intervals-nan-error",
        lambda t: uncertainty.rank_intervals(EST, SE.where(SE.index != "b")),
        DataError,
        "std_errors must be positive and finite; unit 'b' has nan",
    ),
    case(
        "rank-intervals-units-differ",
        lambda t: uncertainty.rank_intervals(EST, SE.iloc[:3]),
        DataError,
        "std_errors do not match the units of estimates: missing for 'd'",
    ),
    case(
        "rank-intervals-rng-text",
        lambda t: uncertainty.rank_intervals(EST, SE, rng="abc"),  # type: ignore[arg-type]
        InvalidOptionError,
        "rng='abc' is not valid; give a numpy.random.Generator",
    ),
    case(
        "rank-intervals-text-estimates",
        lambda t: uncertainty.rank_intervals(EST.astype(str), SE),
        DataError,
        "estimates must be numbers (integers or floats), got dtype str",
        "pandas.to_numeric",
    ),
    case(
        "rank-intervals-boolean-errors",
        lambda t: uncertainty.rank_intervals(EST, SE > 0),
        DataError,
        "std_errors must be numbers (integers or floats), got dtype bool",
    ),
    case(
        "index-std-errors-dataframe",
        lambda t: attractiveness.index_std_errors(data()),  # type: ignore[arg-type]
        DataError,
        "index_std_errors needs an AttractivenessResult, got DataFrame",
        "attraktiv.AttractivenessModel().fit(panel, period)",
    ),
    case(
        "top-set-tau-zero",
        lambda t: uncertainty.top_set(EST, SE, 0),
        InvalidOptionError,
        "tau=0 is not valid; it must be a whole number from 1 to 4 (the number "
        "of units)",
    ),
    case(
        "top-set-tau-too-big",
        lambda t: uncertainty.top_set(EST, SE, 10),
        InvalidOptionError,
        "tau=10 is not valid; it must be a whole number from 1 to 4",
    ),
    case(
        "shrink-negative-errors",
        lambda t: uncertainty.shrink(EST, -SE),
        DataError,
        "std_errors must be positive and finite",
    ),
    case(
        "index-std-errors-model",
        lambda t: attractiveness.index_std_errors(sim_result(), variance_model="cubic"),  # type: ignore[arg-type]
        InvalidOptionError,
        "variance_model='cubic' is not valid; choose one of 'floor', 'power'",
    ),
    case(
        "gross-migration-no-columns",
        lambda t: attractiveness.gross_migration(sim(), "2008-2010"),
        DataError,
        "the panel has no gross flows; it needs columns in_migration and out_migration",
    ),
    case(
        "shrunk-toward",
        lambda t: sim_result().shrunk(toward="mean"),  # type: ignore[arg-type]
        InvalidOptionError,
        "toward='mean' is not valid; choose one of 'regression', 'zero', 'parent'",
    ),
]


def _plot() -> Any:
    pytest.importorskip("matplotlib")
    from attraktiv import plot

    return plot


PLOTS = [
    case(
        "plot-scatter-top",
        lambda t: _plot().scatter(sim_result(), top=-1),
        InvalidOptionError,
        "top=-1 is not valid; it must be at least 0",
    ),
    case(
        "plot-scatter-label-units",
        lambda t: _plot().scatter(sim_result(), label_units=["9999"]),
        GeographyError,
        "label_units: 9999 not among the result's 30 municipalities",
        "codes look like '0001'",
    ),
    case(
        "plot-choropleth-values",
        lambda t: _plot().choropleth([1, 2, 3]),
        InvalidOptionError,
        "values=list is not valid; give an AttractivenessResult, a LongTermResult or "
        "a pandas Series by unit code",
    ),
    case(
        "plot-choropleth-level",
        lambda t: _plot().choropleth(pd.Series([1.0], index=["0301"]), level="state"),
        InvalidOptionError,
        "level='state' is not valid; choose one of 'municipality', 'region', 'county'",
    ),
    case(
        "plot-choropleth-k",
        lambda t: _plot().choropleth(
            pd.Series([1.0, 2.0], index=["0301", "1103"]), k=1
        ),
        InvalidOptionError,
        "k=1 is not valid; it must be at least 2",
    ),
    case(
        "plot-long-term-n",
        lambda t: _plot().long_term_bars(
            AttractivenessModel().long_term(sim(), 2011, count=2), n=0
        ),
        InvalidOptionError,
        "n=0 is not valid; it must be at least 1",
    ),
    case(
        "plot-styled-betas-decimals",
        lambda t: _plot().styled_betas(
            DriverAnalysis(["size"]).fit(sim(), "2008-2010"), decimals=-1
        ),
        InvalidOptionError,
        "decimals=-1 is not valid; it must be at least 0",
    ),
    case(
        "plot-beta-table-text",
        lambda t: _plot().beta_table("x"),  # type: ignore[arg-type]
        InvalidOptionError,
        "driver_result=str is not valid; give a DriverResult",
    ),
    case(
        "plot-unique-names-list",
        lambda t: _plot().unique_names([1, 2]),  # type: ignore[arg-type]
        InvalidOptionError,
        "names=list is not valid; give a pandas Series of names by unit code",
    ),
]

CORPUS = [
    *REGRESSION,
    *MODEL,
    *PANEL,
    *GEOGRAPHY,
    *FACTORS,
    *DATASETS_AND_FILES,
    *SPATIAL_AND_UNCERTAINTY,
    *PLOTS,
]


def test_corpus_is_large_enough() -> None:
    ids = [param.id for param in CORPUS]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 110


@pytest.mark.parametrize(("call", "error", "parts"), CORPUS)
def test_bad_input_is_refused_by_name(
    call: Call, error: type[AttraktivError], parts: tuple[str, ...], tmp_path: Path
) -> None:
    with pytest.raises(AttraktivError) as info:
        call(tmp_path)
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    message = str(info.value)
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"


# --- warnings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "meant"),
    [
        ("populaton_jan1", "population_jan1"),
        ("net_migraton", "net_migration"),
        ("jobz", "jobs"),
    ],
)
def test_misnamed_column_is_named_in_a_warning(column: str, meant: str) -> None:
    frame = data().assign(**{column: 1.0})
    message = (
        f"column {column!r} is not in the panel's schema and is kept as an extra "
        f"column; did you mean {meant!r}?"
    )
    with pytest.warns(AttraktivWarning, match=f"^{re.escape(message)}$"):
        Panel(frame, hierarchy())


def test_misnamed_required_column_is_named_twice() -> None:
    frame = data().rename(columns={"jobs": "job"})
    with (
        pytest.warns(AttraktivWarning, match=re.escape("did you mean 'jobs'?")),
        pytest.raises(DataError, match=re.escape("data has no column 'jobs'")),
    ):
        Panel(frame, hierarchy())


# --- inputs that must work, with the right numbers ----------------------------


def _statsmodels(y: np.ndarray, x: np.ndarray) -> Any:
    return sm.OLS(y, sm.add_constant(x)).fit()


def _same_fit(scaled: Any, plain: Any, y_factor: float, x_factor: float) -> None:
    """``scaled`` is the fit of (y * y_factor) on (x * x_factor): same t, rescaled b."""
    factor = np.array([y_factor, y_factor / x_factor])
    assert_close(scaled.params.to_numpy(), plain.params.to_numpy() * factor, rtol=1e-12)
    assert_close(
        scaled.std_errors.to_numpy(), plain.std_errors.to_numpy() * factor, rtol=1e-12
    )
    assert_close(scaled.tvalues.to_numpy(), plain.tvalues.to_numpy(), rtol=1e-12)
    assert_close(scaled.rsquared, plain.rsquared, rtol=1e-12)


@pytest.mark.parametrize(
    ("y_factor", "x_factor"),
    [
        (1e-300, 1.0),
        (1e300, 1.0),
        (1.0, 1e300),
        (1.0, 1e200),
        (1.0, 1e-170),
        (1.0, 1e-300),
        (2.0**-1000, 1.0),
        (1e150, 1e-150),
        (1e-150, 1e150),
    ],
)
def test_scale_gives_the_unscaled_answer(y_factor: float, x_factor: float) -> None:
    plain = attraktiv.ols(Y, X)
    _same_fit(attraktiv.ols(Y * y_factor, X * x_factor), plain, y_factor, x_factor)


def test_a_zero_intercept_of_a_tiny_outcome_is_not_refused() -> None:
    # y = 2x exactly, times 1e-300: the intercept is zero up to rounding (about
    # 1e-316 here), far below where doubles keep digits, and that is no error.
    fit = attraktiv.ols(2.0 * X * 1e-300, X)
    assert abs(fit.params.iloc[0]) < 1e-310
    assert_close(fit.params.iloc[1], 2e-300, rtol=1e-14)


def test_fit_matches_statsmodels() -> None:
    ours = attraktiv.ols(Y, XZ)
    theirs = _statsmodels(Y, XZ)
    assert_close(ours.params.to_numpy(), theirs.params, rtol=1e-12)
    assert_close(ours.std_errors.to_numpy(), theirs.bse, rtol=1e-12)
    assert_close(ours.pvalues.to_numpy(), theirs.pvalues, rtol=1e-9)


def test_weights_series_with_the_same_index_match_statsmodels() -> None:
    index = pd.Index([f"u{i}" for i in range(20)])
    weights = pd.Series(np.linspace(1.0, 3.0, 20), index=index)
    ours = attraktiv.ols(
        pd.Series(Y, index=index), pd.Series(X, index=index), weights=weights
    )
    theirs = sm.WLS(Y, sm.add_constant(X), weights=weights.to_numpy()).fit()
    assert_close(ours.params.to_numpy(), theirs.params, rtol=1e-12)
    assert_close(ours.std_errors.to_numpy(), theirs.bse, rtol=1e-12)


def test_boolean_outcome_is_read_as_zero_one() -> None:
    flag = np.median(Y) < Y
    assert_close(
        attraktiv.ols(flag, X).params.to_numpy(),
        _statsmodels(flag.astype(np.float64), X).params,
        rtol=1e-12,
    )
    formula = attraktiv.ols_formula("b ~ x", FRAME.assign(b=flag))
    assert_close(
        formula.params.to_numpy(),
        _statsmodels(flag.astype(np.float64), X).params,
        rtol=1e-12,
    )


def test_text_regressor_in_a_formula_is_categorical() -> None:
    groups = np.array(["a", "b", "c", "d"] * 5)
    ours = attraktiv.ols_formula("y ~ g", FRAME.assign(g=groups))
    dummies = np.column_stack([groups == g for g in "bcd"]).astype(np.float64)
    assert_close(ours.params.to_numpy(), _statsmodels(Y, dummies).params, rtol=1e-12)


def test_each_column_of_ols_many_is_its_own_fit() -> None:
    fits = many()
    for j, y in enumerate([Y, Y + X]):
        assert_close(
            fits.column(j).params.to_numpy(), _statsmodels(y, X).params, rtol=1e-12
        )
    assert fits.column(-1).outcome == "y1"


def test_numpy_booleans_are_options() -> None:
    a = attraktiv.ols(Y, X, add_intercept=np.True_)
    b = attraktiv.ols(Y, X, add_intercept=True)
    assert_close(a.params.to_numpy(), b.params.to_numpy(), rtol=0.0)


def test_the_published_order_for_2008_2010() -> None:
    result = AttractivenessModel().fit(norway(), "2008-2010")
    assert result.top(3)["name"].tolist() == ["Ullensaker", "Ulstein", "Rennesøy"]


def test_barometer_agrees_with_the_fit() -> None:
    tidy = attraktiv.barometer(norway(), levels=["region"], periods=["2008-2010"])
    total = tidy[tidy["flow"] == "total"].set_index("code")["attractiveness"]
    fitted = AttractivenessModel().fit(norway(), "2008-2010", level="region").index
    assert_close(total.loc[fitted.index].to_numpy(), fitted.to_numpy(), rtol=1e-12)


def test_default_periods_of_the_bundled_data() -> None:
    available = norway().periods_available()
    assert [p.label for p in available] == [f"{e - 2}-{e}" for e in range(2005, 2017)]
    assert norway().latest_period() == Period(2014, 2016)
    long_term = AttractivenessModel().long_term(norway())
    assert [p.label for p in long_term.periods] == [
        "2008-2010",
        "2011-2013",
        "2014-2016",
    ]


def test_a_year_without_any_value_is_left_out_of_the_defaults() -> None:
    frame = data()
    panel = Panel(
        frame.assign(
            net_migration=frame["net_migration"].where(frame["year"] != 2011)
        ).drop(columns=[c for c in frame.columns if c.startswith("net_migration_")]),
        hierarchy(),
    )
    gap = "period 2009-2011 has no value of 'net_migration' in 2011 for any unit"
    assert panel.periods_available()[-1] == Period(2008, 2010)
    with pytest.warns(AttraktivWarning) as caught:
        assert panel.latest_period() == Period(2008, 2010)
    assert [str(w.message) for w in caught] == [
        f"{gap}; the latest period with data is 2008-2010"
    ]
    with pytest.warns(AttraktivWarning) as caught:
        tidy = attraktiv.barometer(panel, levels=["municipality"])
    assert [str(w.message) for w in caught] == [
        f"barometer leaves out {gap}; give periods to choose them"
    ]
    assert set(tidy["period"]) == {f"{e - 2}-{e}" for e in range(2007, 2011)}


def test_a_hole_outside_the_needed_years_changes_nothing() -> None:
    # jobs are needed at the end of 2007 and 2010 only for 2008-2010
    holed = Panel(cell_set("jobs", "0003", 2009, np.nan), hierarchy())
    a = AttractivenessModel().fit(holed, "2008-2010").index
    b = AttractivenessModel().fit(sim(), "2008-2010").index
    assert_close(a.to_numpy(), b.to_numpy(), rtol=0.0)


def test_panel_csv_reads_back_exactly(tmp_path: Path) -> None:
    read = aio.read_panel_csv(panel_file(tmp_path))
    pd.testing.assert_frame_equal(read.data, sim().data)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_panel_and_hierarchy_csv_with_other_delimiters(
    tmp_path: Path, sep: str
) -> None:
    hierarchy_path = hierarchy_file(tmp_path, sep)
    pd.testing.assert_frame_equal(
        aio.read_hierarchy_csv(hierarchy_path).to_frame(), hierarchy().to_frame()
    )
    panel_path = write(tmp_path / "panel.csv", data().to_csv(index=False, sep=sep))
    read = aio.read_panel_csv(panel_path, hierarchy_path)
    pd.testing.assert_frame_equal(read.data, sim().data)


@pytest.mark.parametrize("marker", ["", "NA", "n/a", "null"])
def test_missing_markers_outside_the_period_change_nothing(
    tmp_path: Path, marker: str
) -> None:
    # row 0 is unit 0001 in 2004, which 2008-2010 does not need
    read = aio.read_panel_csv(text_cell(tmp_path, marker, "population_jan1", 0))
    assert np.isnan(read.data.loc[0, "population_jan1"])
    a = AttractivenessModel().fit(read, "2008-2010").index
    b = AttractivenessModel().fit(sim(), "2008-2010").index
    assert_close(a.to_numpy(), b.to_numpy(), rtol=1e-15)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2008-2010", Period(2008, 2010)),
        ("2008–2010", Period(2008, 2010)),
        (" 2008 - 2010 ", Period(2008, 2010)),
        ((2008, 2010), Period(2008, 2010)),
        ((np.int64(1000), np.int64(1002)), Period(1000, 1002)),
        ("9997-9999", Period(9997, 9999)),
    ],
)
def test_periods_read_back(value: Any, expected: Period) -> None:
    period = attraktiv.as_period(value)
    assert period == expected
    assert attraktiv.as_period(period.label) == period


def test_seed_and_generator_give_the_same_simulation() -> None:
    a = simulate_panel(12, range(2005, 2010), rng=3)
    b = simulate_panel(12, range(2005, 2010), rng=np.random.default_rng(3))
    pd.testing.assert_frame_equal(a.data, b.data)


def test_morans_i_seed_and_generator_agree() -> None:
    a = spatial.morans_i(county_values(), county_weights(), permutations=99, rng=5)
    b = spatial.morans_i(
        county_values(), county_weights(), permutations=99, rng=np.random.default_rng(5)
    )
    assert a.pvalue_permutation == b.pvalue_permutation
    assert a.statistic == b.statistic


def test_model_with_a_longer_formula_fits() -> None:
    model = AttractivenessModel("net_migration ~ job_growth + log_population")
    result = model.fit(sim(), "2008-2010")
    table = attraktiv.period_table(sim(), "2008-2010", factors=["size"])
    theirs = _statsmodels(
        table["net_migration"].to_numpy(),
        table[["job_growth", "log_population"]].to_numpy(),
    )
    assert_close(result.regression.params.to_numpy(), theirs.params, rtol=1e-10)


def test_a_result_hands_out_copies() -> None:
    result = AttractivenessModel().fit(sim(), "2008-2010")
    before = result.source.copy()
    source = result.source
    source.iloc[0, 0] = "changed"
    pd.testing.assert_frame_equal(result.source, before)
    index = result.index
    index.iloc[0] = 1e9
    assert result.index.iloc[0] != 1e9


def test_a_failed_report_leaves_no_folder(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from attraktiv.report import write_report

    holed = Panel(cell_set("population_jan1", "0003", 2009, np.nan), hierarchy())
    message = (
        "municipality '0003' has no value (NaN) for 'population_jan1' in 2009, "
        "needed for period 2009-2011"
    )
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        write_report(tmp_path / "new" / "report", holed, levels=["municipality"])
    assert list(tmp_path.iterdir()) == []
    existing = tmp_path / "kept"
    existing.mkdir()
    with pytest.raises(DataError):
        write_report(existing, holed, levels=["municipality"])
    assert existing.is_dir()


def test_renaming_handed_out_labels_changes_no_result() -> None:
    index = pd.Index([f"u{i}" for i in range(20)], name="unit")
    single = attraktiv.ols(pd.Series(Y, index=index), pd.Series(X, index=index))
    single.row_labels.rename("changed", inplace=True)
    assert single.row_labels.name == "unit"
    assert single.resid.index.name == "unit"
    fits = attraktiv.ols_many(pd.DataFrame({"a": Y, "b": Y + X}, index=index), X)
    fits.row_labels.rename("changed", inplace=True)
    assert fits.column("a").row_labels.name == "unit"
    result = AttractivenessModel().fit(sim(), "2008-2010")
    result.regression.row_labels.rename("changed", inplace=True)
    assert result.index.index.name == "code"
    counts = sim().period_counts("2008-2010")
    counts.codes.rename("changed", inplace=True)
    assert counts.codes.name == "code"


def test_spatial_results_hand_out_copies() -> None:
    weights = county_weights()
    weights.codes.rename("changed", inplace=True)
    assert weights.codes.name == "code"
    lisa = spatial.local_morans(county_values(), weights, permutations=0)
    statistic = lisa.statistic
    first = float(statistic.iloc[0])
    statistic.iloc[0] = first + 1.0
    assert float(lisa.statistic.iloc[0]) == first
    moran = spatial.morans_i(county_values(), weights, permutations=9, rng=1)
    with pytest.raises(ValueError, match="read-only"):
        moran.null_distribution[0] = 0.0
    moran.codes.rename("changed", inplace=True)
    assert moran.codes.name == "code"
