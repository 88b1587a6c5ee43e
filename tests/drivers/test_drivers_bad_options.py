"""Driver options refused at the boundary: the exact class, the argument named.

Issue 21 (point 4): the driver analysis, its results and the classifying
functions check every argument before any work, through the one validation layer,
and the refusal names the argument and what would be valid.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.core.validation import check_probabilities
from attraktiv.datasets import load_example
from attraktiv.drivers import (
    DriverAnalysis,
    cell_class,
    published_tables,
    significance_class,
)
from attraktiv.errors import DataError, InvalidOptionError, PeriodError


@cache
def _result() -> attraktiv.DriverResult:
    return DriverAnalysis(["job_growth", "size"]).fit(load_example(), "2008-2010")


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "net_migration": [1.0, 3.0, 2.0, 5.0, 4.0, 6.5],
            "job_growth": [0.0, 2.0, 1.0, 4.0, 2.5, 5.0],
            "size": [8.0, 9.5, 8.2, 9.9, 10.4, 9.0],
        }
    )


# --- cell_class and significance_class ---


@pytest.mark.parametrize(
    ("beta", "pvalue", "expected"),
    [
        (0.5, 0.001, "strong positive"),
        (-0.5, 0.05, "weak negative"),
        (7, 0.5, "not significant"),  # a whole number is a beta too
        (10**12, 0.0, "strong positive"),
        (float("nan"), 0.01, "not estimated"),
        (0.3, float("nan"), "not estimated"),
        (np.float64(-0.2), np.float64(0.0099), "strong negative"),
        (0.2, 1, "not significant"),
    ],
)
def test_cell_class_classes_numbers_and_missing_values(
    beta: float, pvalue: float, expected: str
) -> None:
    assert cell_class(beta, pvalue) == expected


@pytest.mark.parametrize(
    ("beta", "pvalue", "message"),
    [
        (None, 0.01, "beta=None is not valid; give a number"),
        ("0.5", 0.01, "beta='0.5' is not valid; give a number"),
        (float("inf"), 0.01, "beta=inf is not valid; give a finite number"),
        (True, 0.01, "beta=True is not valid; give a number"),
        (0.5, None, "pvalue=None is not valid; give a number"),
        (0.5, 7, "pvalue=7 is not valid; give a finite number between 0.0 and 1.0"),
        (0.5, -0.01, "pvalue=-0.01 is not valid; give a finite number between"),
        (0.5, float("inf"), "pvalue=inf is not valid"),
        (float("nan"), [0.5], "pvalue=a list is not valid; give a number"),
    ],
)
def test_cell_class_refuses_what_is_not_a_beta_or_pvalue(
    beta: object, pvalue: object, message: str
) -> None:
    with pytest.raises(InvalidOptionError) as info:
        cell_class(beta, pvalue)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_significance_class_reads_lists_arrays_and_series() -> None:
    expected = ["p<0.01", "0.01<=p<0.1", "ns", "ns"]
    values = [0.001, 0.05, 0.5, float("nan")]
    assert significance_class(values).tolist() == expected
    assert significance_class(np.array(values)).tolist() == expected
    assert significance_class(pd.Series(values, index=list("abcd"))).tolist() == (
        expected
    )
    assert significance_class((0, 1)).tolist() == ["p<0.01", "ns"]


@pytest.mark.parametrize(
    ("pvalues", "message"),
    [
        (None, "pvalues=None is not valid; give an array or list of numbers"),
        ("0.01", "pvalues='0.01' is not valid; give an array or list of numbers"),
        ({"a": 0.1}, "pvalues=a dict is not valid; give an array or list"),
        (0.01, "pvalues has shape (); give one value per unit, at least one value"),
        ([], "pvalues has shape (0,); give one value per unit, at least one value"),
        (pd.DataFrame({"p": [0.1]}), "pvalues has shape (1, 1); give one value"),
        (np.ones((2, 2)) / 2, "pvalues has shape (2, 2); give one value per unit"),
        ([0.1, "x"], "pvalues must be numbers (integers or floats)"),
        ([0.1, 7], "pvalues must be probabilities from 0 to 1 (NaN for a missing"),
        ([float("inf")], "pvalues must be probabilities from 0 to 1"),
        (
            [-0.5],
            "pvalues must be probabilities from 0 to 1 (NaN for a missing one);"
            " got -0.5",
        ),
    ],
)
def test_significance_class_refuses_what_is_not_pvalues(
    pvalues: object, message: str
) -> None:
    with pytest.raises(DataError) as info:
        significance_class(pvalues)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_check_probabilities_keeps_values_and_missing() -> None:
    out = check_probabilities("p", pd.Series([0.0, 1.0, None]))
    np.testing.assert_array_equal(out, [0.0, 1.0, np.nan])


# --- DriverAnalysis ---


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        (7, "outcome=7 is not valid; give a non-empty text"),
        ("", "outcome='' is not valid; give a non-empty text"),
        ("x" * 300, "outcome='xxx"),
        (["immigration"], "outcome=a list is not valid; give a non-empty text"),
    ],
)
def test_driver_analysis_refuses_an_outcome_that_is_not_a_name(
    outcome: object, message: str
) -> None:
    with pytest.raises(InvalidOptionError) as info:
        DriverAnalysis(["size"], outcome)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("periods", ["municipality", "", "2010"])
def test_driver_fit_names_periods_for_text_that_is_no_period(periods: str) -> None:
    analysis = DriverAnalysis(["job_growth", "size"])
    with pytest.raises(PeriodError) as info:
        analysis.fit(load_example(), periods)
    assert str(info.value).startswith(f"periods: cannot read {periods!r} as a period")


def test_driver_fit_still_reads_one_period_and_a_year_pair() -> None:
    analysis = DriverAnalysis(["job_growth", "size"])
    by_label = analysis.fit(load_example(), "2008-2010").table()
    by_pair = analysis.fit(load_example(), (2008, 2010)).table()
    pd.testing.assert_frame_equal(by_label, by_pair)


@pytest.mark.parametrize(
    ("level", "message"),
    [
        (None, "level=None is not valid; give a non-empty text"),
        (7, "level=7 is not valid; give a non-empty text"),
        ("", "level='' is not valid; give a non-empty text"),
    ],
)
def test_fit_table_refuses_a_level_that_is_not_a_name(
    level: object, message: str
) -> None:
    analysis = DriverAnalysis(["job_growth", "size"])
    with pytest.raises(InvalidOptionError) as info:
        analysis.fit_table(_table(), "2008-2010", level=level)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_fit_table_names_the_table_without_an_outcome_column() -> None:
    analysis = DriverAnalysis(["job_growth", "size"])
    with pytest.raises(DataError) as info:
        analysis.fit_table(_table().drop(columns="net_migration"), "2008-2010")
    assert str(info.value) == (
        "the table has no outcome column ('net_migration' or "
        "'net_migration_<flow>'); its columns are job_growth, size"
    )


def test_fit_table_lists_at_most_twelve_columns() -> None:
    wide = pd.DataFrame({f"c{i}": [1.0] for i in range(40)})
    with pytest.raises(DataError) as info:
        DriverAnalysis(["size"]).fit_table(wide, "2008-2010")
    assert str(info.value).endswith("c10, c11 and 28 more")


# --- DriverResult: method, draws and rng ---


@pytest.mark.parametrize("name", ["to_frame", "conf_int", "table"])
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("method", pd.DataFrame({"a": [1]}), "method=a DataFrame is not valid"),
        ("method", "jackknife", "method='jackknife' is not valid; choose one of"),
        ("draws", None, "draws=None is not valid; give a whole number"),
        ("draws", 2.5, "draws=2.5 is not valid; give a whole number"),
        ("draws", 9, "draws=9 is not valid; it must be at least 10"),
        ("draws", 10**12, "draws=1,000,000,000,000 is too many for 18 units"),
        ("rng", "seed", "rng='seed' is not valid; give a numpy.random.Generator"),
        ("rng", 1.5, "rng=1.5 is not valid"),
    ],
)
def test_driver_result_checks_method_draws_and_rng_with_every_method(
    name: str, option: str, value: object, message: str
) -> None:
    # draws and rng matter to the bootstrap only, but a bad one is refused with the
    # default delta method too: it would otherwise pass unseen.
    with pytest.raises(InvalidOptionError) as info:
        getattr(_result(), name)(**{option: value})
    assert str(info.value).startswith(message)


def test_delta_betas_do_not_depend_on_rng_or_draws() -> None:
    result = _result()
    first: Any = result.to_frame(rng=1, draws=10)
    second: Any = result.to_frame(rng=np.random.default_rng(99), draws=5000)
    pd.testing.assert_frame_equal(first, second)


# --- published_tables ---


@pytest.mark.parametrize(
    ("factors", "error", "message"),
    [
        ({"a": 1}, InvalidOptionError, "factors: level='a' is not valid; choose"),
        ({7: ["size"]}, InvalidOptionError, "factors: level=7 is not valid"),
        (
            {"municipality": "size"},
            InvalidOptionError,
            "factors['municipality']='size' is not valid; give a list of factors",
        ),
        (
            {"municipality": 7},
            InvalidOptionError,
            "factors['municipality']=7 is not valid",
        ),
        ({"municipality": []}, InvalidOptionError, "factors is empty"),
    ],
)
def test_published_tables_names_factors_for_a_bad_mapping(
    factors: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        published_tables(load_example(), ["2008-2010"], factors=factors)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("periods", ["municipality", "x" * 300])
def test_published_tables_names_periods(periods: str) -> None:
    with pytest.raises(PeriodError, match=r"^periods: cannot read"):
        published_tables(load_example(), periods)
