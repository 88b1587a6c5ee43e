"""Formulas: one parser; plain sums build exactly patsy's design; specs predict."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import patsy
import pytest
import statsmodels.formula.api as smf

import attraktiv
from attraktiv.errors import DataError, ModelError
from attraktiv.regression import design_from_formula, fit_arrays, formula_arrays


@pytest.fixture
def data() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "y": rng.normal(size=9),
            "a": rng.normal(size=9),
            "b": rng.integers(0, 5, 9),
            "c": rng.normal(size=9),
            "flag": rng.integers(0, 2, 9) == 1,
            "label": list("xyzxyzxyz"),
        },
        index=pd.Index([f"u{i}" for i in range(9)], name="code"),
    )


@pytest.mark.parametrize(
    "formula",
    [
        "y ~ a",
        "y~a+b",
        "y ~ a + b - 1",
        "y ~ 0 + a",
        "y ~ a + 1 + c",
        "y ~ 1",
        "y ~ c + a + b",
        "y ~ a + a",
        "y ~ a - 0",
        "y ~ -1 + a + 1",
    ],
)
def test_direct_design_equals_patsy(data: pd.DataFrame, formula: str) -> None:
    spec = formula_arrays(formula, data).spec
    assert spec is not None
    assert spec.design_info is None  # built without patsy
    direct = design_from_formula(formula, data)
    outcome, design = patsy.dmatrices(formula, data, return_type="dataframe")
    pd.testing.assert_frame_equal(direct[0], outcome, check_names=False)
    pd.testing.assert_frame_equal(direct[1], design, check_names=False)
    assert direct[1].index.equals(data.index)
    arrays = formula_arrays(formula, data)
    np.testing.assert_array_equal(arrays.x, design.to_numpy())
    assert arrays.names == tuple(design.columns)


@pytest.mark.parametrize(
    "formula",
    ["y ~ np.log(c**2)", "y ~ a:c", "y ~ a * c", "y ~ flag", "y ~ label"],
)
def test_everything_else_goes_to_patsy(data: pd.DataFrame, formula: str) -> None:
    spec = formula_arrays(formula, data).spec
    assert spec is not None
    assert spec.design_info is not None  # built by patsy
    _outcome, design = design_from_formula(formula, data)
    expected = patsy.dmatrices(formula, data, return_type="dataframe")
    pd.testing.assert_frame_equal(design, expected[1])
    arrays = formula_arrays(formula, data)
    np.testing.assert_array_equal(arrays.x, expected[1].to_numpy())


# --- one parser: what patsy refuses is refused, with the position ------------------


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        (
            "y ~ a +",
            "formula 'y ~ a +' cannot be parsed at position 6: expected a noun, but "
            "instead the expression ended; write it as 'outcome ~ a + b'",
        ),
        (
            "y ~",
            "formula 'y ~' cannot be parsed at position 2: expected a noun, but "
            "instead the expression ended; write it as 'outcome ~ a + b'",
        ),
        (
            "y ~ a c",
            "formula 'y ~ a c' cannot be parsed at position 4: 'a c' is not a term; "
            "join terms with '+', as in 'outcome ~ a + b'",
        ),
        (
            "~ a",
            "formula '~ a' has no outcome left of '~'; it needs exactly one outcome, "
            "as in 'outcome ~ a + b'",
        ),
        (
            "y + c ~ a",
            "formula 'y + c ~ a' has 2 outcome terms left of '~'; it needs exactly "
            "one outcome, as in 'outcome ~ a + b'",
        ),
        ("y a", "formula 'y a' has no '~'; write it as 'outcome ~ regressors'"),
    ],
)
def test_malformed_formulas_are_refused(
    data: pd.DataFrame, formula: str, message: str
) -> None:
    if formula != "y + c ~ a":  # patsy refuses them too (two outcomes it takes)
        with pytest.raises((patsy.PatsyError, SyntaxError)):
            patsy.dmatrices(formula, data, eval_env=0)
    for build in (formula_arrays, design_from_formula):
        with pytest.raises(ModelError, match="^" + re.escape(message) + "$"):
            build(formula, data)
    with pytest.raises(ModelError, match="^" + re.escape(message) + "$"):
        attraktiv.ols_formula(formula, data)


@pytest.mark.parametrize("formula", [3, None, b"y ~ a", ["y ~ a"]])
def test_a_formula_must_be_text(data: pd.DataFrame, formula: object) -> None:
    message = f"formula={formula!r} is not valid; give text such as 'outcome ~ a + b'"
    with pytest.raises(ModelError, match="^" + re.escape(message) + "$"):
        attraktiv.ols_formula(formula, data)  # type: ignore[arg-type]


def test_data_must_be_a_dataframe() -> None:
    with pytest.raises(
        DataError,
        match=re.escape("formula 'y ~ a': data must be a pandas DataFrame, not a dict"),
    ):
        attraktiv.ols_formula("y ~ a", {"y": [1.0, 2.0, 4.0], "a": [0.0, 1.0, 3.0]})  # type: ignore[arg-type]


def test_duplicated_column_names_are_refused(data: pd.DataFrame) -> None:
    doubled = pd.concat([data, data[["a"]]], axis=1)
    message = (
        "formula 'y ~ a': the data has 2 columns named 'a'; column names must be unique"
    )
    with pytest.raises(DataError, match="^" + re.escape(message) + "$"):
        attraktiv.ols_formula("y ~ a", doubled)


def test_missing_value_inside_a_transformation_is_named(data: pd.DataFrame) -> None:
    values = data.assign(b=pd.array([1, 2, 3, None, 5, 6, 7, 8, 9], dtype="Int64"))
    message = (
        "formula 'y ~ np.log(b)': column 'b' has a missing value at row 'u3'; fill "
        "or drop such rows first (rows are never dropped silently)"
    )
    with pytest.raises(DataError, match="^" + re.escape(message) + "$"):
        attraktiv.ols_formula("y ~ np.log(b)", values)


def test_module_names_are_not_columns(data: pd.DataFrame) -> None:
    # Only the data and NumPy are visible to a formula, never the library's names.
    message = (
        "formula 'y ~ INTERCEPT' uses column 'INTERCEPT', which the data does not "
        "have; available columns: y, a, b, c, flag, label"
    )
    with pytest.raises(ModelError, match="^" + re.escape(message) + "$"):
        attraktiv.ols_formula("y ~ INTERCEPT", data)


# --- the specification kept with a fit, and predictions for new data ---------------


def test_spec_of_a_plain_formula(data: pd.DataFrame) -> None:
    res = attraktiv.ols_formula("y ~ a + b - 1", data)
    spec = res.formula_spec
    assert spec is not None
    assert (spec.formula, spec.outcome, spec.terms, spec.columns, spec.intercept) == (
        "y ~ a + b - 1",
        "y",
        ("a", "b"),
        ("a", "b"),
        False,
    )
    assert spec.design_info is None


@pytest.mark.parametrize(
    "formula",
    ["y ~ a + b", "y ~ a + label", "y ~ np.log(c**2) + a:c + flag", "y ~ center(a)"],
)
def test_predict_equals_statsmodels(data: pd.DataFrame, formula: str) -> None:
    res = attraktiv.ols_formula(formula, data)
    reference = smf.ols(formula, data).fit()
    new = data.iloc[[2, 0, 5]].assign(a=[0.5, -1.0, 2.0]).set_axis(["p", "q", "r"])
    new = new.drop(columns="y")
    predicted = res.predict(new)
    assert predicted.name == "predicted"
    assert predicted.index.tolist() == ["p", "q", "r"]
    np.testing.assert_allclose(predicted, reference.predict(new), rtol=1e-12)
    # The fit's own rows give its fitted values.
    np.testing.assert_allclose(res.predict(data), res.fitted, rtol=1e-12)


def test_predict_names_missing_columns_and_unseen_levels(data: pd.DataFrame) -> None:
    plain = attraktiv.ols_formula("y ~ a + c", data)
    message = (
        "formula 'y ~ a + c' uses column 'c', which the data does not have; "
        "available columns: a"
    )
    with pytest.raises(ModelError, match="^" + re.escape(message) + "$"):
        plain.predict(data[["a"]])
    coded = attraktiv.ols_formula("y ~ a + label", data)
    with pytest.raises(ModelError, match=r"^formula 'y ~ a \+ label' cannot encode"):
        coded.predict(data[["a", "label"]].assign(label="w"))
    with pytest.raises(
        DataError,
        match=re.escape(
            "formula 'y ~ a + c': column 'c' is not numeric (dtype str), but it was "
            "when the formula was fitted"
        ),
    ):
        plain.predict(data[["a"]].assign(c="high"))


def test_predict_for_an_array_fit(data: pd.DataFrame) -> None:
    res = attraktiv.ols(data["y"], data[["a", "c"]])
    np.testing.assert_allclose(res.predict(data), res.fitted, rtol=1e-12)
    with pytest.raises(
        ModelError,
        match=re.escape("data lacks column 'c' of the fit; it needs 'a', 'c'"),
    ):
        res.predict(data[["a"]])


def test_fits_from_arrays_of_a_formula_keep_the_spec(data: pd.DataFrame) -> None:
    arrays = formula_arrays("y ~ a + label", data)
    fits = fit_arrays(
        arrays.y[:, None],
        arrays.x,
        names=arrays.names,
        outcomes=[arrays.outcome],
        row_labels=data.index,
        formula_spec=arrays.spec,
    )
    one = fits.column(0)
    assert one.formula_spec == arrays.spec
    np.testing.assert_allclose(one.predict(data), one.fitted, rtol=1e-12)
