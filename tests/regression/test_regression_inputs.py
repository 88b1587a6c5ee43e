"""Bad input of every kind is refused at its root, with the culprit named.

Each class of bad input has one validator in the engine; these tests give each class
to every entry point that takes it and check the exact error class and message.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv.errors import (
    AttraktivError,
    DataError,
    InvalidOptionError,
    ModelError,
    RankDeficientError,
)
from attraktiv.regression import fit_arrays


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    index = pd.Index([f"u{i}" for i in range(8)], name="code")
    return pd.DataFrame(
        {
            "y": rng.normal(size=8),
            "x": rng.normal(size=8),
            "z": rng.normal(size=8),
            "flag": [True, False, True, True, False, False, True, False],
            "group": list("abcabcab"),
        },
        index=index,
    )


def raises(kind: type[AttraktivError], message: str) -> pytest.RaisesExc:
    return pytest.raises(kind, match="^" + re.escape(message) + "$")


# --- outcomes -----------------------------------------------------------------------


def test_bool_outcome_in_a_formula_is_read_as_zero_one(frame: pd.DataFrame) -> None:
    res = attraktiv.ols_formula("flag ~ x", frame)
    assert res.outcome == "flag"
    expected = sm.OLS(frame["flag"].astype(float), sm.add_constant(frame[["x"]])).fit()
    np.testing.assert_allclose(res.params, expected.params, rtol=1e-12)


def test_text_outcome_in_a_formula_is_refused(frame: pd.DataFrame) -> None:
    with raises(
        DataError,
        "formula 'group ~ x': outcome 'group' is not numeric (dtype str); an "
        "outcome must be numbers (booleans are read as 0/1)",
    ):
        attraktiv.ols_formula("group ~ x", frame)


def test_categorical_outcome_expression_is_refused(frame: pd.DataFrame) -> None:
    with raises(
        DataError,
        "formula 'C(group) ~ x': outcome 'C(group)' is not numeric (it encodes as "
        "3 columns); an outcome must be numbers (booleans are read as 0/1)",
    ):
        attraktiv.ols_formula("C(group) ~ x", frame)


def test_outcome_expression_is_evaluated(frame: pd.DataFrame) -> None:
    data = frame.assign(y=frame["y"].abs() + 1.0)
    res = attraktiv.ols_formula("np.log(y) ~ x", data)
    expected = sm.OLS(np.log(data["y"]), sm.add_constant(data[["x"]])).fit()
    np.testing.assert_allclose(res.params, expected.params, rtol=1e-12)


@pytest.mark.parametrize(
    ("y", "message"),
    [
        (
            np.array(list("abcdefgh"), dtype=object),
            "y is not numeric (dtype object); give real numbers (booleans are read "
            "as 0/1), or use ols_formula for categorical columns",
        ),
        (
            pd.Series(list("abcdefgh")),
            "y is not numeric (dtype str); give real numbers (booleans are read as "
            "0/1), or use ols_formula for categorical columns",
        ),
        (
            np.arange(8) + 1j,
            "y is not numeric (dtype complex128); complex numbers cannot be fitted; "
            "give their real part explicitly",
        ),
    ],
)
def test_non_numeric_array_outcomes(y: object, message: str) -> None:
    x = np.random.default_rng(1).normal(size=8)
    with raises(DataError, message):
        attraktiv.ols(y, x)


def test_text_outcome_column_in_many(frame: pd.DataFrame) -> None:
    with raises(
        DataError,
        "column 'group' of Y is not numeric (dtype str); give real numbers "
        "(booleans are read as 0/1), or use ols_formula for categorical columns",
    ):
        attraktiv.ols_many(frame[["y", "group"]], frame[["x"]])


def test_two_outcomes_with_one_name(frame: pd.DataFrame) -> None:
    with raises(DataError, "outcome names must be unique; 'y' appears twice"):
        attraktiv.ols_many(pd.concat([frame["y"], frame["y"]], axis=1), frame["x"])
    with raises(DataError, "outcome names must be unique; 'y' appears twice"):
        fit_arrays(
            np.ones((8, 2)) * np.arange(8.0)[:, None] ** [1, 2],
            np.ones((8, 1)),
            names=["Intercept"],
            outcomes=["y", "y"],
            row_labels=pd.RangeIndex(8),
        )


# --- regressors ---------------------------------------------------------------------


def test_complex_regressors_are_refused(frame: pd.DataFrame) -> None:
    with raises(
        DataError,
        "column 'c' of X is not numeric (dtype complex128); complex numbers cannot "
        "be fitted; give their real part explicitly",
    ):
        attraktiv.ols(frame["y"], frame[["x"]].assign(c=frame["z"] + 1j))
    with raises(
        DataError,
        "X is not numeric (dtype complex128); complex numbers cannot be fitted; "
        "give their real part explicitly",
    ):
        attraktiv.ols(frame["y"].to_numpy(), frame["x"].to_numpy() + 0j)


def test_bool_regressors_are_zero_one(frame: pd.DataFrame) -> None:
    res = attraktiv.ols(frame["y"], frame[["x", "flag"]])
    exog = sm.add_constant(frame[["x", "flag"]].astype(float))
    np.testing.assert_allclose(
        res.params, sm.OLS(frame["y"], exog).fit().params, rtol=1e-12
    )


def test_ragged_lists_are_refused() -> None:
    with raises(
        DataError,
        "X cannot be read as a rectangular array of numbers; give rows of equal length",
    ):
        attraktiv.ols([1.0, 2.0, 3.0, 4.0], [[1.0, 2.0], [1.0], [3.0, 4.0], [5.0, 6]])


def test_a_dict_is_not_an_array() -> None:
    with raises(
        DataError,
        "X must be an array, a pandas Series or DataFrame, or a list of numbers, "
        "not a dict",
    ):
        attraktiv.ols([1.0, 2.0, 3.0], {"x": [1.0, 2.0, 3.0]})


def test_text_factor_columns_are_categories_in_formulas(frame: pd.DataFrame) -> None:
    res = attraktiv.ols_formula("y ~ x + group", frame)
    assert res.param_names == ("Intercept", "group[T.b]", "group[T.c]", "x")
    with raises(
        DataError,
        "column 'group' of X is not numeric (dtype str); give real numbers "
        "(booleans are read as 0/1), or use ols_formula for categorical columns",
    ):
        attraktiv.ols(frame["y"], frame[["x", "group"]])


# --- options ------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["no", 1, None, np.float64(1.0)])
def test_add_intercept_must_be_a_bool(frame: pd.DataFrame, flag: object) -> None:
    with raises(
        InvalidOptionError, f"add_intercept={flag!r} is not valid; give True or False"
    ):
        attraktiv.ols(frame["y"], frame["x"], add_intercept=flag)  # type: ignore[arg-type]
    with raises(
        InvalidOptionError, f"add_intercept={flag!r} is not valid; give True or False"
    ):
        attraktiv.ols_many(frame[["y"]], frame["x"], add_intercept=flag)  # type: ignore[arg-type]


def test_numpy_bool_is_a_bool(frame: pd.DataFrame) -> None:
    res = attraktiv.ols(frame["y"], frame["x"], add_intercept=np.bool_(False))
    assert res.param_names == ("x",)


@pytest.mark.parametrize("position", [True, False, np.True_])
def test_column_refuses_bools(frame: pd.DataFrame, position: object) -> None:
    fits = attraktiv.ols_many(frame[["y", "z"]], frame["x"])
    with raises(
        InvalidOptionError,
        f"outcome={position!r} is not valid; give a name or a position below 2",
    ):
        fits.column(position)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "level", [0.0, 1.0, 1.5, -0.1, True, False, float("nan"), "95%"]
)
def test_level_is_checked_everywhere(frame: pd.DataFrame, level: object) -> None:
    res = attraktiv.ols(frame["y"], frame["x"])
    fits = attraktiv.ols_many(frame[["y", "z"]], frame["x"])
    message = (
        f"level={level!r} is not valid; it must be a number between 0 and 1, such "
        "as 0.95"
    )
    methods = (res.conf_int, res.to_frame, res.standardized)
    for method in (*methods, fits.conf_int, fits.to_frame):
        with raises(InvalidOptionError, message):
            method(level)  # type: ignore[arg-type]


def test_level_accepts_numpy_floats(frame: pd.DataFrame) -> None:
    res = attraktiv.ols(frame["y"], frame["x"])
    pd.testing.assert_frame_equal(
        res.conf_int(np.float64(0.9)), res.to_frame(0.9)[["ci_low", "ci_high"]]
    )


# --- weights ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (
            np.ones((8, 1)),
            "weights must be one-dimensional (one value per row), not of shape (8, 1)",
        ),
        (
            pd.DataFrame({"w": np.ones(8)}),
            "weights must be one value per row (a Series or a 1-D array), not a "
            "DataFrame with columns w",
        ),
        (["a"] * 8, "weights are not numbers (dtype <U1)"),
        (np.ones(8) + 0j, "weights are not numbers (dtype complex128)"),
        (np.ones(8, dtype=bool), "weights are not numbers (dtype bool)"),
        (
            {"w": 1.0},
            "weights must be an array, a pandas Series or DataFrame, or a "
            "list of numbers, not a dict",
        ),
    ],
)
def test_bad_weights_are_library_errors(
    frame: pd.DataFrame, weights: object, message: str
) -> None:
    with raises(DataError, message):
        attraktiv.ols(frame["y"], frame["x"], weights=weights)
    with raises(DataError, message):
        attraktiv.ols_many(frame[["y", "z"]], frame["x"], weights=weights)


def test_weights_series_with_other_labels_is_refused(frame: pd.DataFrame) -> None:
    weights = pd.Series(np.ones(8), index=range(8))
    with raises(DataError, "weights have different row labels from y and X"):
        attraktiv.ols(frame["y"], frame["x"], weights=weights)
    with raises(DataError, "weights have different row labels from y and X"):
        attraktiv.ols_formula("y ~ x", frame, weights=weights)


def test_text_weights_column_in_a_formula(frame: pd.DataFrame) -> None:
    with raises(DataError, "weights are not numbers (dtype str)"):
        attraktiv.ols_formula("y ~ x", frame, weights="group")


# --- sizes --------------------------------------------------------------------------


def test_one_observation() -> None:
    with raises(
        ModelError,
        "1 observation is too few for 2 parameters (Intercept, x0); at least 3 are "
        "needed",
    ):
        attraktiv.ols([1.0], [2.0])
    with raises(
        ModelError,
        "1 observation is too few for 1 parameter (x0); at least 2 are needed",
    ):
        attraktiv.ols([1.0], [2.0], add_intercept=False)


def test_rank_deficient_error_carries_the_columns(frame: pd.DataFrame) -> None:
    x = frame[["x", "z"]].assign(both=frame["x"] + frame["z"])
    with pytest.raises(RankDeficientError) as caught:
        attraktiv.ols(frame["y"], x)
    assert caught.value.columns == ("x", "z", "both")
    assert caught.value.rank == 3
    assert str(caught.value) == (
        "the design is rank deficient (rank 3 < 4 columns): columns 'x', 'z', "
        "'both' are linearly dependent. Drop or combine the collinear columns"
    )
    with pytest.raises(RankDeficientError) as caught:
        attraktiv.ols(frame["y"], frame[["x"]].assign(c=2.0))
    assert caught.value.columns == ("c",)
    assert caught.value.rank is None


def test_rank_deficient_error_survives_pickling() -> None:
    import pickle

    error = RankDeficientError("collinear", columns=["a", "b"], rank=1)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.columns, again.rank) == ("collinear", ("a", "b"), 1)


@pytest.mark.parametrize("level", [0.95, 0.5])
def test_tables_of_many_outcomes_are_those_of_each_outcome(
    frame: pd.DataFrame, level: float
) -> None:
    fits = attraktiv.ols_many(frame[["y", "z"]], frame[["x", "flag"]], cov_type="HC1")
    table = fits.to_frame(level)
    assert table.index.names == ["outcome", "parameter"]
    for outcome in ("y", "z"):
        one = fits.column(outcome)
        pd.testing.assert_frame_equal(
            table.loc[outcome], one.to_frame(level), check_names=False
        )
        pd.testing.assert_frame_equal(
            fits.conf_int(level).loc[outcome], one.conf_int(level), check_names=False
        )


@pytest.mark.parametrize("dtype", ["<f8", ">f8", "<f4", "int64"])
def test_arrays_of_other_dtypes_fit_as_their_float64_values(dtype: str) -> None:
    # float64 arrays are used as they are; anything else is converted first.
    rng = np.random.default_rng(12)
    x = np.round(rng.normal(size=(25, 2)) * 8)
    y = np.round(x @ [1.0, -0.5] + rng.normal(size=25) * 4)
    as_given = attraktiv.ols(y.astype(dtype), x.astype(dtype))
    as_float = attraktiv.ols(y, x)
    pd.testing.assert_frame_equal(as_given.to_frame(), as_float.to_frame())
    pd.testing.assert_series_equal(as_given.resid, as_float.resid)
    # the design the result keeps is its own: changing the input changes nothing
    given = x.astype(dtype)
    result = attraktiv.ols(y, given)
    before = result.fitted.copy()
    given[:] = 0
    pd.testing.assert_series_equal(result.fitted, before)
