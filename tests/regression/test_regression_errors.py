"""Bad input to the engine raises the library's own errors, with exact messages."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.errors import (
    AttraktivError,
    DataError,
    InvalidOptionError,
    ModelError,
    RankDeficientError,
)


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    index = pd.Index([f"u{i}" for i in range(10)], name="code")
    return pd.DataFrame(
        {
            "nm": rng.normal(size=10),
            "a": rng.normal(size=10),
            "b": rng.normal(size=10),
        },
        index=index,
    )


def raises(kind: type[AttraktivError], message: str) -> pytest.RaisesExc:
    return pytest.raises(kind, match="^" + re.escape(message) + "$")


def test_every_error_is_an_attraktiv_error() -> None:
    for kind in (DataError, ModelError, RankDeficientError, InvalidOptionError):
        assert issubclass(kind, AttraktivError)
        assert issubclass(kind, ValueError)


def test_missing_outcome_names_the_row(frame: pd.DataFrame) -> None:
    y = frame["nm"].where(frame.index != "u3")
    with raises(DataError, "y has a missing or infinite value at row 'u3'"):
        attraktiv.ols(y, frame[["a", "b"]])


def test_infinite_regressor_names_column_and_rows(frame: pd.DataFrame) -> None:
    x = frame[["a", "b"]].copy()
    x.loc[["u4", "u6", "u7"], "b"] = np.inf
    with raises(
        DataError,
        "column 'b' has a missing or infinite value at row 'u4' (and 2 other rows)",
    ):
        attraktiv.ols(frame["nm"], x)


def test_missing_outcome_in_many_names_the_outcome(frame: pd.DataFrame) -> None:
    outcomes = pd.DataFrame({"p": frame["nm"], "q": frame["nm"].where(frame.a > -5)})
    outcomes.loc["u1", "q"] = np.nan
    with raises(DataError, "outcome 'q' has a missing or infinite value at row 'u1'"):
        attraktiv.ols_many(outcomes, frame[["a"]])


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (
            np.r_[np.ones(9), 0.0],
            "weights must be positive and finite, but weight is 0.0 at row 'u9'",
        ),
        (
            -np.ones(10),
            "weights must be positive and finite, but weight is -1.0 at row 'u0' "
            "(and 9 other rows)",
        ),
        (
            np.r_[np.nan, np.ones(9)],
            "weights must be positive and finite, but weight is nan at row 'u0'",
        ),
        (np.ones(9), "weights has 9 values but y has 10 rows"),
    ],
)
def test_bad_weights(frame: pd.DataFrame, weights: np.ndarray, message: str) -> None:
    with raises(DataError, message):
        attraktiv.ols(frame["nm"], frame[["a", "b"]], weights=weights)


def test_mismatched_lengths() -> None:
    with raises(DataError, "y has 9 rows but X has 10 rows"):
        attraktiv.ols(np.zeros(9), np.ones((10, 2)))


def test_different_row_labels(frame: pd.DataFrame) -> None:
    with raises(
        DataError,
        "y and X have different row labels; align them (for example with "
        "X.loc[y.index]) before fitting",
    ):
        attraktiv.ols(frame["nm"], frame[["a"]].iloc[::-1])


def test_too_few_observations(frame: pd.DataFrame) -> None:
    with raises(
        ModelError,
        "3 observations are too few for 3 parameters (Intercept, a, b); "
        "at least 4 are needed",
    ):
        attraktiv.ols(frame["nm"][:3], frame[["a", "b"]][:3])


def test_constant_column_beside_intercept(frame: pd.DataFrame) -> None:
    with raises(
        RankDeficientError,
        "column 'c' is constant (every value is 5); beside the intercept it is "
        "collinear with it. Drop it, or pass add_intercept=False",
    ):
        attraktiv.ols(frame["nm"], frame[["a"]].assign(c=5.0))


def test_zero_column(frame: pd.DataFrame) -> None:
    with raises(DataError, "column 'z' is all zeros"):
        attraktiv.ols(frame["nm"], frame[["a"]].assign(z=0.0))


def test_collinear_columns_are_named(frame: pd.DataFrame) -> None:
    x = frame[["a", "b"]].assign(c=2 * frame.a - frame.b)
    with raises(
        RankDeficientError,
        "the design is rank deficient (rank 3 < 4 columns): columns 'a', 'b', 'c' "
        "are linearly dependent. Drop or combine the collinear columns",
    ):
        attraktiv.ols(frame["nm"], x)


def test_collinearity_is_never_dropped_silently_in_many(frame: pd.DataFrame) -> None:
    x = frame[["a"]].assign(a2=frame.a * 3.0)
    with pytest.raises(
        RankDeficientError, match="columns 'a', 'a2' are linearly dependent"
    ):
        attraktiv.ols_many(frame[["nm", "b"]], x)


def test_two_constant_columns_without_intercept(frame: pd.DataFrame) -> None:
    x = frame[["a"]].assign(one=1.0, two=2.0)
    with pytest.raises(RankDeficientError, match="rank 2 < 3 columns"):
        attraktiv.ols(frame["nm"], x, add_intercept=False)


def test_non_numeric_column(frame: pd.DataFrame) -> None:
    with raises(
        DataError,
        "column 's' of X is not numeric (dtype str); give real numbers (booleans "
        "are read as 0/1), or use ols_formula for categorical columns",
    ):
        attraktiv.ols(frame["nm"], frame[["a"]].assign(s="x"))


def test_non_numeric_array() -> None:
    with pytest.raises(DataError, match=r"^X is not numeric \(dtype <U1\)"):
        attraktiv.ols(np.zeros(3), np.array(["a", "b", "c"]))


def test_empty_input() -> None:
    with raises(DataError, "empty input: y has no observations"):
        attraktiv.ols(np.zeros(0), np.zeros((0, 1)))


def test_no_columns_without_intercept() -> None:
    with raises(DataError, "X has no columns and add_intercept=False: nothing to fit"):
        attraktiv.ols(np.zeros(4), np.zeros((4, 0)), add_intercept=False)


def test_unknown_cov_type(frame: pd.DataFrame) -> None:
    with raises(
        InvalidOptionError,
        "cov_type='HC4' is not valid; choose one of 'nonrobust', 'HC0', 'HC1', "
        "'HC2', 'HC3'",
    ):
        attraktiv.ols(frame["nm"], frame[["a"]], cov_type="HC4")  # type: ignore[arg-type]


def test_names_must_match_and_be_unique() -> None:
    x = np.ones((5, 2)) + np.arange(10).reshape(5, 2) ** 2
    with raises(DataError, "names has 1 entries but X has 2 columns"):
        attraktiv.ols(np.arange(5.0), x, names=["a"])
    with raises(DataError, "column names must be unique; 'a' appears twice"):
        attraktiv.ols(np.arange(5.0), x, names=["a", "a"])


def test_intercept_name_clash(frame: pd.DataFrame) -> None:
    with raises(
        DataError,
        "X has a column named 'Intercept' and add_intercept=True; rename it or pass "
        "add_intercept=False",
    ):
        attraktiv.ols(frame["nm"], frame[["a"]].rename(columns={"a": "Intercept"}))


def test_several_outcomes_to_ols(frame: pd.DataFrame) -> None:
    with raises(
        DataError,
        "y must be one outcome, but it has 2 columns; use ols_many for several "
        "outcomes",
    ):
        attraktiv.ols(frame[["nm", "b"]], frame[["a"]])


def test_formula_unknown_column(frame: pd.DataFrame) -> None:
    with raises(
        ModelError,
        "formula 'nm ~ a + zz' uses column 'zz', which the data does not have; "
        "available columns: nm, a, b",
    ):
        attraktiv.ols_formula("nm ~ a + zz", frame)


def test_formula_without_tilde(frame: pd.DataFrame) -> None:
    with raises(
        ModelError, "formula 'nm a' has no '~'; write it as 'outcome ~ regressors'"
    ):
        attraktiv.ols_formula("nm a", frame)


def test_formula_missing_value_names_column_and_row(frame: pd.DataFrame) -> None:
    data = frame.copy()
    data.loc["u2", "a"] = np.nan
    with raises(
        DataError,
        "formula 'nm ~ a': column 'a' has a missing value at row 'u2'; fill or drop "
        "such rows first (rows are never dropped silently)",
    ):
        attraktiv.ols_formula("nm ~ a", data)


def test_formula_weights_column(frame: pd.DataFrame) -> None:
    with raises(DataError, "weights column 'w' is not in the data"):
        attraktiv.ols_formula("nm ~ a", frame, weights="w")
    data = frame.assign(w=np.linspace(1, 2, 10))
    by_name = attraktiv.ols_formula("nm ~ a", data, weights="w")
    by_array = attraktiv.ols(data["nm"], data[["a"]], weights=data["w"])
    np.testing.assert_allclose(by_name.params, by_array.params, rtol=1e-13)


def test_conf_int_level_is_checked(frame: pd.DataFrame) -> None:
    res = attraktiv.ols(frame["nm"], frame[["a"]])
    with raises(
        InvalidOptionError,
        "level=95 is not valid; it must be a number between 0 and 1, such as 0.95",
    ):
        res.conf_int(95)


def test_standardized_needs_a_varying_outcome(frame: pd.DataFrame) -> None:
    res = attraktiv.ols(np.full(10, 3.0), frame[["a"]])
    with raises(
        ModelError,
        "the outcome 'y' is constant, so standardized coefficients are undefined",
    ):
        res.standardized()


def test_column_lookup_errors(frame: pd.DataFrame) -> None:
    res = attraktiv.ols_many(frame[["nm", "b"]], frame[["a"]])
    assert res.column("b").outcome == "b"
    assert res.column(-1).outcome == "b"
    with raises(InvalidOptionError, "no outcome named 'z'; the outcomes are 'nm', 'b'"):
        res.column("z")
    with raises(
        InvalidOptionError,
        "outcome=2 is not valid; give a name or a position below 2",
    ):
        res.column(2)


def test_results_are_immutable(frame: pd.DataFrame) -> None:
    res = attraktiv.ols(frame["nm"], frame[["a"]])
    with pytest.raises(AttributeError):
        res.nobs = 3  # type: ignore[misc]


def test_summary_text_and_html(frame: pd.DataFrame) -> None:
    res = attraktiv.ols(frame["nm"], frame[["a", "b"]], cov_type="HC1")
    text = str(res.summary())
    assert text.startswith("OLS fit of nm\n=============\n")
    assert "Covariance          HC1" in text
    html = res.summary()._repr_html_()
    assert "<h4>OLS fit of nm</h4>" in html
    assert html.count("<tr>") >= 9 + 3


@pytest.mark.parametrize("cov_type", ["HC0", "HC1", "HC2", "HC3"])
def test_robust_errors_refuse_a_row_with_full_leverage(
    frame: pd.DataFrame, cov_type: str
) -> None:
    # METHOD's university factor is 0 where there is none: one unit with a
    # university singles itself out and fits exactly.
    x = frame[["a"]].assign(university=[2.5] + [0.0] * 9)
    with raises(
        ModelError,
        f"row 'u0' has leverage 1: a column singles it out, so its residual is zero "
        f"by construction and {cov_type} standard errors are undefined. Use "
        "cov_type='nonrobust', or drop the column that is non-zero for that row "
        "alone",
    ):
        attraktiv.ols(frame["nm"], x, cov_type=cov_type)  # type: ignore[arg-type]
    fit = attraktiv.ols(frame["nm"], x)
    assert np.isfinite(fit.std_errors).all()


def test_fit_arrays_checks_its_labels() -> None:
    from attraktiv.regression import fit_arrays

    x = np.column_stack([np.ones(5), np.arange(5.0)])
    y = np.arange(5.0)[:, None] ** 2
    labels = pd.RangeIndex(5)
    with raises(DataError, "names has 1 entries for 2"):
        fit_arrays(y, x, names=["a"], outcomes=["y"], row_labels=labels)
    with raises(DataError, "outcomes has 2 entries for 1"):
        fit_arrays(y, x, names=["c", "a"], outcomes=["y", "z"], row_labels=labels)
    with raises(DataError, "row_labels has 4 entries for 5"):
        fit_arrays(y, x, names=["c", "a"], outcomes=["y"], row_labels=labels[:4])
    with raises(DataError, "empty input: y has no observations"):
        fit_arrays(
            y[:0], x[:0], names=["c", "a"], outcomes=["y"], row_labels=labels[:0]
        )
    fit = fit_arrays(y, x, names=["c", "a"], outcomes=["y"], row_labels=labels)
    x[:] = 0.0  # the result keeps its own copy
    np.testing.assert_allclose(
        fit.fitted["y"],
        attraktiv.ols(y[:, 0], x[:, 1:] + np.arange(5.0)[:, None]).fitted,
    )


def test_huge_outcome_is_fitted_in_its_own_units() -> None:
    # Its sum of squares overflows double precision; the fit is scale invariant.
    x = np.arange(6.0)
    y = np.array([1e200, -1e200, 1e200, -1e200, 1e200, -1e200])
    res = attraktiv.ols(y, x)
    same = attraktiv.ols(y * 1e-200, x)
    np.testing.assert_allclose(res.params, same.params * 1e200, rtol=1e-13)
    np.testing.assert_allclose(res.tvalues, same.tvalues, rtol=1e-13)
    assert res.rsquared == pytest.approx(same.rsquared, rel=1e-13)
    assert res.ssr == np.inf  # the true value, beyond the double range


def test_a_column_of_infinities_is_named_without_a_warning(
    frame: pd.DataFrame,
) -> None:
    # inf - inf in the range check must not surface as a RuntimeWarning (which the
    # test settings turn into an error) before the DataError
    frame = frame.assign(b=np.inf)
    message = (
        "column 'b' has a missing or infinite value at row 'u0' (and 9 other rows)"
    )
    with raises(DataError, message):
        attraktiv.ols(frame["nm"], frame[["a", "b"]])


def test_rsquared_of_an_outcome_that_does_not_vary_is_nan() -> None:
    x = np.arange(10.0)
    assert np.isnan(attraktiv.ols(np.zeros(10), x).rsquared)
    assert np.isnan(attraktiv.ols(np.full(10, 3.0), x).rsquared)
    many = attraktiv.ols_many(np.column_stack([np.zeros(10), x**2]), x)
    assert np.isnan(many.rsquared.iloc[0])
    assert 0.9 < many.rsquared.iloc[1] < 1.0


def test_column_statistics_do_not_depend_on_what_was_read_first() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(15, 5))
    Y = 100 + 10 * rng.normal(size=(15, 8))
    first_columns = [attraktiv.ols_many(Y, x).column(j).rsquared for j in range(8)]
    first_all = attraktiv.ols_many(Y, x).rsquared.to_numpy()
    assert first_columns == first_all.tolist()
