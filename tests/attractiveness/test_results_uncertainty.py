"""The index's uncertainty as methods of its result, and the names that moved.

The result's methods label what :mod:`attraktiv.uncertainty` computes from the index
and its standard errors; the old functions that took a result, and the standard
errors' old home, still work until 0.2.0 with a ``DeprecationWarning``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv import attractiveness, uncertainty
from attraktiv.datasets import load_norway
from attraktiv.errors import DataError, InvalidOptionError
from helpers import assert_close


@pytest.fixture(scope="module")
def norway_result() -> attraktiv.AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")


def test_rank_intervals_label_and_order_the_sets_of_the_index(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    sets = norway_result.rank_intervals(rng=2, draws=300)
    assert list(sets.columns) == [
        "name",
        "rank",
        "rank_low",
        "rank_high",
        "attractiveness",
        "std_error",
        "method",
    ]
    assert sets.index[:2].tolist() == ["0235", "1516"]
    assert sets["rank"].is_monotonic_increasing
    assert set(sets["method"]) == {"residual-floor"}
    ranking = norway_result.ranking()
    pd.testing.assert_series_equal(
        sets["rank"], ranking["rank"].reindex(sets.index), check_names=False
    )
    # the same sets as the function of the index and its standard errors
    bare = uncertainty.rank_intervals(
        norway_result.index, norway_result.std_errors()["std_error"], rng=2, draws=300
    )
    pd.testing.assert_frame_equal(
        sets[["rank", "rank_low", "rank_high"]], bare.loc[sets.index]
    )
    top = norway_result.top_set(3, rng=2, draws=300)
    assert top.index[0] == "0235"
    assert top["rank"].is_monotonic_increasing
    chosen = uncertainty.top_set(
        norway_result.index,
        norway_result.std_errors()["std_error"],
        3,
        rng=2,
        draws=300,
    )
    assert set(top.index) == set(chosen)


def test_shrunk_ranking_of_norway(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    table = norway_result.shrunk(toward="zero")
    assert list(table.columns) == [
        "name",
        "population_start",
        "attractiveness",
        "rank",
        "std_error",
        "prior_mean",
        "shrinkage",
        "shrunk",
        "posterior_sd",
        "rank_shrunk",
        "method",
    ]
    assert table["rank_shrunk"].is_monotonic_increasing
    assert table["shrunk"].is_monotonic_decreasing
    assert len(table) == 426
    # small places move most: Træna and Vevelstad (under 500 residents) fall
    assert table.loc["0235", "rank_shrunk"] == 1
    assert table.loc["1835", "rank"] == 5
    assert table.loc["1835", "rank_shrunk"] > 50
    assert table.loc["1835", "shrinkage"] > table.loc["0235", "shrinkage"]
    # Morris's weight by hand: B = s² / (s² + tau²), tau² the same for every unit
    bare = uncertainty.shrink(
        norway_result.index,
        table["std_error"].reindex(norway_result.index.index),
        lost_degrees=2,
    )
    tau2 = bare["tau2"].iloc[0]
    se = table["std_error"]
    assert_close(table["shrinkage"], se**2 / (se**2 + tau2), rtol=1e-12)
    kept = norway_result.shrunk(min_population=1000)
    assert (kept["population_start"] >= 1000).all()
    assert sorted(kept["rank"]) == list(range(1, len(kept) + 1))
    assert "1835" not in kept.index
    # the shrinkage itself was estimated on every unit
    default = norway_result.shrunk()
    assert_close(kept["shrunk"], default.loc[kept.index, "shrunk"], rtol=1e-12)
    parents = load_norway().hierarchy.mapping("municipality", "region")
    by_region = norway_result.shrunk(toward="parent", parents=parents)
    assert by_region.loc["0235", "rank_shrunk"] == 1


def test_shrunk_toward_the_regression_on_size_by_default(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    """Issue 20: Træna from rank 5 to about 224, Utsira to about 394."""
    table = norway_result.shrunk()
    assert table.equals(norway_result.shrunk(toward="regression"))
    source = norway_result.source
    errors = norway_result.std_errors()["std_error"]
    # An independent Fay-Herriot fit (REML) on the same estimates and errors.
    covariates = pd.DataFrame(
        {"size": np.log(source["population_start"].to_numpy(dtype=float))},
        index=source.index,
    )
    expected = uncertainty.fay_herriot(norway_result.index, errors, covariates)
    frame = expected.to_frame().reindex(table.index)
    assert_close(table["shrunk"], frame["shrunk"], rtol=1e-12, atol=1e-14)
    assert_close(table["prior_mean"], frame["prior_mean"], rtol=1e-12, atol=1e-14)
    slope = float(expected.coefficients["size"])
    assert 0.6 < slope < 0.7
    ranks = table["rank_shrunk"]
    assert ranks["0235"] == 1
    assert 200 < ranks["1835"] < 250
    assert 380 < ranks["1151"] < 410
    assert 200 < ranks["1816"] < 230
    # The small places sink below zero: their size predicts a low index.
    assert table.loc["1835", "prior_mean"] < -1.0
    pm = norway_result.shrunk(tau2_method="paule-mandel")
    assert 215 < pm.loc["1835", "rank_shrunk"] < 235
    with_jobs = norway_result.shrunk(covariates="np.log(population_start) + job_growth")
    assert not with_jobs["shrunk"].equals(table["shrunk"])


def test_shrunk_covariates_must_be_a_right_hand_side(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    with pytest.raises(
        InvalidOptionError, match=re.escape("covariates='y ~ x' is not valid")
    ):
        norway_result.shrunk(covariates="y ~ x")
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("covariates='np.log(population)' cannot be used"),
    ):
        norway_result.shrunk(covariates="np.log(population)")
    with pytest.raises(InvalidOptionError, match="removes the intercept"):
        norway_result.shrunk(covariates="0 + np.log(population_start)")


def test_shrunk_bad_options(norway_result: attraktiv.AttractivenessResult) -> None:
    with pytest.raises(
        InvalidOptionError, match=re.escape("toward='parent' needs parents")
    ):
        norway_result.shrunk(toward="parent")
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "toward='region' is not valid; choose one of 'regression', 'zero', 'parent'"
        ),
    ):
        norway_result.shrunk(toward="region")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError, match=re.escape("min_population=-5 is not valid")
    ):
        norway_result.shrunk(min_population=-5)
    parents = pd.Series("3001", index=norway_result.source.index[1:])
    with pytest.raises(
        DataError, match=re.escape("parents has no parent for unit '0101'")
    ):
        norway_result.shrunk(toward="parent", parents=parents)
    with pytest.raises(InvalidOptionError, match=re.escape("level=2 is not valid")):
        norway_result.rank_intervals(2)


def test_old_calls_with_a_result_warn_and_give_the_methods_tables(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    removed = re.escape("will be removed in 0.2.0")
    with pytest.warns(DeprecationWarning, match=removed + ".*result.rank_intervals"):
        old = uncertainty.result_rank_intervals(
            norway_result, 0.9, True, draws=300, rng=4
        )
    pd.testing.assert_frame_equal(
        old, norway_result.rank_intervals(0.9, True, draws=300, rng=4)
    )
    with pytest.warns(DeprecationWarning, match=removed + ".*result.top_set"):
        old = uncertainty.result_top_set(norway_result, 3, 0.8, draws=300, rng=4)
    pd.testing.assert_frame_equal(old, norway_result.top_set(3, 0.8, draws=300, rng=4))
    with pytest.warns(DeprecationWarning, match=removed + ".*result.shrunk"):
        old = uncertainty.shrunk_ranking(norway_result, min_population=1000)
    pd.testing.assert_frame_equal(old, norway_result.shrunk(min_population=1000))
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("shrunk_ranking got an unknown keyword 'towards'"),
    ):
        uncertainty.shrunk_ranking(norway_result, towards="zero")
    with pytest.raises(
        DataError,
        match=re.escape("result_top_set needs an AttractivenessResult, got DataFrame"),
    ):
        uncertainty.result_top_set(norway_result.source, 3)


@pytest.mark.parametrize(
    "name",
    [
        "VARIANCE_MODELS",
        "VarianceFunction",
        "VarianceModel",
        "gross_migration",
        "index_std_errors",
        "residual_variance_function",
    ],
)
def test_standard_errors_old_home_warns_and_hands_on_the_same_object(name: str) -> None:
    message = (
        f"attraktiv.uncertainty.{name} is deprecated and will be removed in 0.2.0; "
        "import it from attraktiv.attractiveness instead"
    )
    with pytest.warns(DeprecationWarning, match=re.escape(message)):
        old = getattr(uncertainty, name)
    assert old is getattr(attractiveness, name)
    assert name not in uncertainty.__all__


def test_std_errors_method_is_the_function_of_the_result(
    norway_result: attraktiv.AttractivenessResult,
) -> None:
    method = norway_result.std_errors(variance_model="power")
    function = attractiveness.index_std_errors(norway_result, variance_model="power")
    pd.testing.assert_frame_equal(method, function)
    # sampling and expected parts add in quadrature
    assert_close(
        method["std_error"] ** 2,
        method["std_error_sampling"] ** 2 + method["std_error_expected"] ** 2,
        rtol=1e-12,
    )
    assert np.isfinite(method["std_error"]).all()
