"""Bad arguments of the regression helpers, refused by name (issue 21).

``fit_arrays``, ``covariance``, ``std_errors`` and ``plain_arrays`` are helpers for
code that holds arrays already, but public: each checks its arguments at entry. Each
case asserts the exact error class and the exact message, which names the argument.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv import regression
from attraktiv.errors import DataError, InvalidOptionError, ModelError
from attraktiv.regression import covariance as cov
from attraktiv.regression import formula as fml
from helpers import refused

RNG = np.random.default_rng(21)
X = RNG.normal(size=(20, 2))
Y = X @ np.array([1.0, 0.5]) + RNG.normal(size=20)
COV_TYPES = "choose one of 'nonrobust', 'HC0', 'HC1', 'HC2', 'HC3'"
A_FIT = "is not valid; give a LeastSquares (the kernel's fit, as OLSResult keeps it)"
NAMES = "is not valid; give a list of names as text"


@cache
def fitted() -> attraktiv.OLSResult:
    return attraktiv.ols(Y, X)


def fit_arrays(**changed: object) -> object:
    keywords: dict[str, object] = {
        "names": ["a", "b"],
        "outcomes": ["y"],
        "row_labels": pd.RangeIndex(20),
    }
    keywords.update(changed)
    return regression.fit_arrays(Y[:, None], X, **keywords)  # type: ignore[arg-type]


CASES = [
    # names of the factors: a list of text
    pytest.param(
        lambda: regression.lmg(X, Y, names=7),
        InvalidOptionError,
        f"names=7 {NAMES}",
        id="lmg-names-int",
    ),
    pytest.param(
        lambda: regression.lmg(X, Y, names="ab"),
        InvalidOptionError,
        "names='ab' is one string; give a list of names, such as names=['ab']",
        id="lmg-names-text",
    ),
    pytest.param(
        lambda: regression.vif(X, names=float("nan")),
        InvalidOptionError,
        f"names=nan {NAMES}",
        id="vif-names-nan",
    ),
    pytest.param(
        lambda: regression.vif(X, names=["a"]),
        DataError,
        "names must give one name per column of x (2), not 1",
        id="vif-names-count",
    ),
    pytest.param(
        lambda: regression.vif(X, names=["a", 2]),
        InvalidOptionError,
        "names must hold names as non-empty text; got 2",
        id="vif-names-not-text",
    ),
    pytest.param(
        lambda: regression.subset_rsquared(X, Y, names=b"ab"),
        InvalidOptionError,
        f"names=b'ab' {NAMES}",
        id="subset_rsquared-names-bytes",
    ),
    pytest.param(
        lambda: regression.subset_rsquared(X, Y, names=pd.DataFrame({"a": [1]})),
        InvalidOptionError,
        f"names=a DataFrame {NAMES}",
        id="subset_rsquared-names-frame",
    ),
    # vif's rows: one more than the factors and the intercept
    pytest.param(
        lambda: regression.vif(X[:3]),
        ModelError,
        "x has 3 rows for 2 factors: each factor's regression on the others and an "
        "intercept needs at least 4",
        id="vif-x-rows",
    ),
    pytest.param(
        lambda: regression.vif([]),
        ModelError,
        "x has 0 rows for 1 factor: each factor's regression on the others and an "
        "intercept needs at least 3",
        id="vif-x-empty",
    ),
    pytest.param(
        lambda: regression.vif(pd.DataFrame({"a": [1.0, 2.0]})),
        ModelError,
        "x has 2 rows for 1 factor: each factor's regression on the others and an "
        "intercept needs at least 3",
        id="vif-x-two-rows",
    ),
    # shapley_shares: R² values of every subset
    pytest.param(
        lambda: regression.shapley_shares({"a": 1}),
        DataError,
        "r2=a dict is not valid; give an array or list of numbers",
        id="shapley_shares-dict",
    ),
    pytest.param(
        lambda: regression.shapley_shares("r2"),
        DataError,
        "r2='r2' is not valid; give an array or list of numbers",
        id="shapley_shares-text",
    ),
    pytest.param(
        lambda: regression.shapley_shares(np.zeros(4)),
        DataError,
        "r2 has shape (4,); give a 2-D array, at least one value",
        id="shapley_shares-one-dimension",
    ),
    pytest.param(
        lambda: regression.shapley_shares(np.array([[0.0], [1.5]])),
        DataError,
        "r2 must hold R² values between 0 and 1; got 1.5",
        id="shapley_shares-above-one",
    ),
    pytest.param(
        lambda: regression.shapley_shares(pd.DataFrame({"a": [1.0, 2.0]})),
        DataError,
        "r2 must hold R² values between 0 and 1; got 2.0",
        id="shapley_shares-frame-above-one",
    ),
    pytest.param(
        lambda: regression.shapley_shares(np.array([[0.0], [np.nan]])),
        DataError,
        "r2 must be finite numbers; got nan",
        id="shapley_shares-nan",
    ),
    pytest.param(
        lambda: regression.shapley_shares([["0"], ["0.5"]]),
        DataError,
        "r2 must be numbers (integers or floats), got a list of dtype <U3",
        id="shapley_shares-text-cells",
    ),
    # covariance and std_errors: a kernel fit and one of the five estimators
    pytest.param(
        lambda: cov.covariance(None, "HC1"),
        InvalidOptionError,
        f"fit=None {A_FIT}",
        id="covariance-fit-none",
    ),
    pytest.param(
        lambda: cov.covariance(fitted(), "HC1"),
        InvalidOptionError,
        f"fit=an OLSResult {A_FIT}",
        id="covariance-fit-result",
    ),
    pytest.param(
        lambda: cov.covariance(fitted()._fit, "HC9"),
        InvalidOptionError,
        f"cov_type='HC9' is not valid; {COV_TYPES}",
        id="covariance-cov_type",
    ),
    pytest.param(
        lambda: cov.std_errors({"a": 1}, "HC1"),
        InvalidOptionError,
        f"fit=a dict {A_FIT}",
        id="std_errors-fit-dict",
    ),
    pytest.param(
        lambda: cov.std_errors(fitted()._fit, None),
        InvalidOptionError,
        f"cov_type=None is not valid; {COV_TYPES}",
        id="std_errors-cov_type-none",
    ),
    pytest.param(
        lambda: cov.std_errors(fitted()._fit, "hc1"),
        InvalidOptionError,
        f"cov_type='hc1' is not valid; {COV_TYPES}",
        id="std_errors-cov_type-case",
    ),
    # fit_arrays: its labels and its formula
    pytest.param(
        lambda: fit_arrays(names=None),
        InvalidOptionError,
        f"names=None {NAMES}",
        id="fit_arrays-names-none",
    ),
    pytest.param(
        lambda: fit_arrays(names=pd.DataFrame({"a": [1.0], "b": [2.0]})),
        InvalidOptionError,
        f"names=a DataFrame {NAMES}",
        id="fit_arrays-names-frame",
    ),
    pytest.param(
        lambda: fit_arrays(outcomes={"y": 1}),
        InvalidOptionError,
        f"outcomes=a dict {NAMES}",
        id="fit_arrays-outcomes-dict",
    ),
    pytest.param(
        lambda: fit_arrays(outcomes=7),
        InvalidOptionError,
        f"outcomes=7 {NAMES}",
        id="fit_arrays-outcomes-int",
    ),
    pytest.param(
        lambda: fit_arrays(row_labels=list(range(20))),
        InvalidOptionError,
        "row_labels=a list is not valid; give a Index (one label per row)",
        id="fit_arrays-row_labels-list",
    ),
    pytest.param(
        lambda: fit_arrays(formula_spec="y ~ a + b"),
        InvalidOptionError,
        "formula_spec='y ~ a + b' is not valid; give a FormulaSpec or None "
        "(FormulaArrays.spec)",
        id="fit_arrays-formula_spec-text",
    ),
    # plain_arrays: a spec and a mapping of columns
    pytest.param(
        lambda: fml.plain_arrays("y ~ x", {"y": [1.0]}),
        InvalidOptionError,
        "spec='y ~ x' is not valid; give a FormulaSpec (from plain_spec or "
        "formula_arrays)",
        id="plain_arrays-spec",
    ),
    pytest.param(
        lambda: fml.plain_arrays(fml.plain_spec("y ~ x"), "yx"),
        InvalidOptionError,
        "columns='yx' is not valid; give a dict (or a DataFrame) of column names to "
        "one-dimensional arrays",
        id="plain_arrays-columns-text",
    ),
    pytest.param(
        lambda: fml.plain_arrays(fml.plain_spec("y ~ x"), [("y", [1.0])]),
        InvalidOptionError,
        "columns=a list is not valid; give a dict (or a DataFrame) of column names to "
        "one-dimensional arrays",
        id="plain_arrays-columns-pairs",
    ),
    # standardized: draws and rng checked whatever the method
    pytest.param(
        lambda: fitted().standardized(draws="many"),
        InvalidOptionError,
        "draws='many' is not valid; give a whole number",
        id="standardized-draws-text",
    ),
    pytest.param(
        lambda: fitted().standardized(draws=5),
        InvalidOptionError,
        "draws=5 is not valid; it must be at least 10",
        id="standardized-draws-few",
    ),
    pytest.param(
        lambda: fitted().standardized(method="bootstrap", draws=10**12),
        InvalidOptionError,
        "draws=1,000,000,000,000 is too many for 20 units (20,000,000,000,000 values "
        "drawn, beyond the budget of 1,000,000,000); give at most 50,000,000",
        id="standardized-draws-huge",
    ),
    pytest.param(
        lambda: fitted().standardized(rng="seed"),
        InvalidOptionError,
        "rng='seed' is not valid; give a numpy.random.Generator, a whole-number seed "
        ">= 0, or None",
        id="standardized-rng-text",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_a_bad_argument_is_refused_by_name(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    assert refused(call, error) == message


def test_checked_helpers_give_statsmodels_standard_errors() -> None:
    # The checks at entry change nothing of the numbers: HC1 against statsmodels.
    reference = sm.OLS(Y, sm.add_constant(X)).fit(cov_type="HC1")
    np.testing.assert_allclose(
        cov.std_errors(fitted()._fit, "HC1")[:, 0], reference.bse, rtol=1e-12
    )
    np.testing.assert_allclose(
        cov.covariance(fitted()._fit, "HC1")[0], reference.cov_params(), rtol=1e-12
    )


def test_shapley_shares_of_two_factors_by_hand() -> None:
    # LMG_1 = (R²(1) + R²(1,2) - R²(2)) / 2, and likewise for factor 2.
    r2 = np.array([[0.0], [0.555], [0.184], [0.649]])
    shares = regression.shapley_shares(r2)[:, 0]
    assert math.isclose(shares[0], (0.555 + 0.649 - 0.184) / 2)
    assert math.isclose(shares[1], (0.184 + 0.649 - 0.555) / 2)


def test_plain_arrays_gives_none_for_a_mapping_without_the_columns() -> None:
    # As documented: the caller then takes formula_arrays, whose errors name them.
    spec = fml.plain_spec("y ~ x")
    assert fml.plain_arrays(spec, {"a": np.ones(3)}) is None
    assert fml.plain_arrays(spec, pd.DataFrame({"a": [1.0, 2.0]})) is None
    arrays = fml.plain_arrays(spec, pd.DataFrame({"y": [1.0, 2.0], "x": [3.0, 5.0]}))
    assert arrays is not None
    assert arrays.x.tolist() == [[1.0, 3.0], [1.0, 5.0]]


def test_vif_of_the_smallest_sample_it_allows() -> None:
    # Three rows for one factor: VIF is 1 by definition.
    assert regression.vif(np.array([[1.0], [2.0], [4.0]])).tolist() == [1.0]
