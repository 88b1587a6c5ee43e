"""The shape issue 10 left: one language across results, one way into the engine."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv import AttractivenessModel, DriverAnalysis, period_table
from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.errors import DataError, InvalidOptionError, RankDeficientError
from attraktiv.factors import (
    BUILTIN_FACTORS,
    PUBLISHED_HIGHER,
    PUBLISHED_LOWEST,
    published_factors,
    usable_factors,
)


@pytest.fixture(scope="module")
def norway() -> attraktiv.Panel:
    return load_norway()


@pytest.fixture(scope="module")
def result(norway: attraktiv.Panel) -> attraktiv.AttractivenessResult:
    return AttractivenessModel().fit(norway, "2008-2010")


def test_default_level_is_the_hierarchys_finest(norway: attraktiv.Panel) -> None:
    assert AttractivenessModel().fit(norway, "2008-2010").level == "municipality"
    assert len(period_table(norway, "2008-2010")) == 426
    drivers = DriverAnalysis(["size"]).fit(norway, periods="2008-2010")
    assert drivers.level == "municipality"
    renamed = norway.hierarchy.to_frame().rename(
        columns=lambda c: c.replace("municipality", "kommune")
    )
    levels = ["kommune", "region", "county"]
    hierarchy = attraktiv.Hierarchy(renamed, levels=levels, nested=False)
    panel = attraktiv.Panel(norway.data, hierarchy, components=norway.components)
    assert AttractivenessModel().fit(panel, "2008-2010").level == "kommune"


def test_predict_gives_expected_net_migration_for_new_data(
    result: attraktiv.AttractivenessResult,
) -> None:
    table = result.table
    predicted = result.predict(table[["job_growth"]])
    np.testing.assert_allclose(predicted, result.expected, rtol=0, atol=1e-12)
    assert predicted.name == "expected"
    fit = sm.OLS(table["net_migration"], sm.add_constant(table["job_growth"])).fit()
    new = pd.DataFrame({"job_growth": [-5.0, 0.0, 12.5]}, index=["a", "b", "c"])
    np.testing.assert_allclose(
        result.predict(new), fit.predict(sm.add_constant(new)), rtol=1e-12
    )
    with pytest.raises(attraktiv.ModelError, match="job_growth"):
        result.predict(pd.DataFrame({"jobs": [1.0]}))


def test_conf_int_means_the_same_on_every_result(
    result: attraktiv.AttractivenessResult, norway: attraktiv.Panel
) -> None:
    pd.testing.assert_frame_equal(
        result.conf_int(level=0.9), result.regression.conf_int(level=0.9)
    )
    drivers = DriverAnalysis(["job_growth", "size"]).fit(
        norway, periods=["2008-2010"], level="region"
    )
    intervals = drivers.conf_int(level=0.9)
    frame = drivers.to_frame(level=0.9)
    np.testing.assert_array_equal(intervals["ci_low"], frame["ci_low"])
    betas = drivers.results[0].standardized(0.9)
    np.testing.assert_allclose(
        intervals["ci_high"], betas.loc[["job_growth", "size"], "ci_high"], rtol=1e-14
    )
    with pytest.raises(InvalidOptionError):
        drivers.to_frame(level=1.5)
    with pytest.raises(InvalidOptionError, match="importance must be True or False"):
        drivers.to_frame(importance="yes")  # type: ignore[arg-type]
    assert drivers.table("pvalue").iloc[0, 0] == frame["pvalue"].iloc[0]


def test_the_source_table_cannot_change_a_result(
    result: attraktiv.AttractivenessResult,
) -> None:
    before = result.ranking()
    source = result.source
    source["name"] = "X"
    source["net_migration"] = 0.0
    table = result.table
    table.loc[:, "job_growth"] = 99.0
    pd.testing.assert_frame_equal(result.ranking(), before)


def test_analyses_say_a_panel_is_needed(norway: attraktiv.Panel) -> None:
    frame = norway.data
    for call in (
        lambda: AttractivenessModel().fit(frame, "2008-2010"),  # type: ignore[arg-type]
        lambda: attraktiv.barometer(frame),  # type: ignore[arg-type]
        lambda: DriverAnalysis(["size"]).fit(frame),  # type: ignore[arg-type]
        lambda: period_table(frame, "2008-2010"),  # type: ignore[arg-type]
    ):
        with pytest.raises(DataError, match=r"Panel, got DataFrame; build one with"):
            call()


def test_barometer_levels_must_be_a_list(norway: attraktiv.Panel) -> None:
    message = (
        "levels must be a list of levels, got the string 'region'; write "
        "levels=['region']"
    )
    with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
        attraktiv.barometer(norway, levels="region")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="level='regions'"):
        attraktiv.barometer(norway, levels=["regions"])


def test_the_published_sets_are_defined_once(norway: attraktiv.Panel) -> None:
    assert published_factors(norway) == PUBLISHED_LOWEST
    assert published_factors(norway, "region") == PUBLISHED_HIGHER
    assert published_factors(norway, "county") == PUBLISHED_HIGHER
    names = {f.name for f in BUILTIN_FACTORS}
    assert set(PUBLISHED_LOWEST) <= names
    assert set(PUBLISHED_HIGHER) <= names
    lowest_only = {f.name for f in BUILTIN_FACTORS if f.lowest_only}
    assert not lowest_only & set(PUBLISHED_HIGHER)
    kept, dropped = usable_factors(norway, PUBLISHED_LOWEST)
    assert kept == (
        "job_growth",
        "labour_market_integration",
        "size",
        "neighbour_growth",
        "education_level",
    )
    assert dropped["cafe_density"] == "the panel has no input column cafe_jobs"
    with pytest.raises(InvalidOptionError, match=r"^unknown factor 'ferry'; the avai"):
        usable_factors(norway, ["ferry"])


def test_rank_deficient_error_names_the_collinear_factors_as_data() -> None:
    panel = simulate_panel(60, rng=2)
    data = panel.data
    data["cafe_copy"] = data["cafe_jobs"] * 2.0
    copy = attraktiv.ColumnFactor(
        "cafe_copy", "cafe_copy", "twice the café jobs (jobs)", aggregate="sum"
    )
    cafes = attraktiv.ColumnFactor(
        "cafes", "cafe_jobs", "café jobs (jobs)", aggregate="sum"
    )
    panel = attraktiv.Panel(data, panel.hierarchy)
    with pytest.raises(RankDeficientError) as caught:
        DriverAnalysis([cafes, copy, "size"]).fit(panel, periods="2008-2010")
    assert caught.value.columns == ("cafes", "cafe_copy")
    assert "factors 'cafes', 'cafe_copy' are perfectly collinear" in str(caught.value)


def test_only_the_factors_asked_for_are_computed(norway: attraktiv.Panel) -> None:
    calls: list[str] = []

    class Counting:
        name = "counting"
        description = "population (persons)"
        inputs = ("population_jan1",)

        def compute(self, panel, period, level):  # type: ignore[no-untyped-def]
            calls.append(str(period))
            counts = panel.counts(period, level)
            return pd.Series(counts.start("population_jan1"), index=counts.codes)

    period_table(norway, "2008-2010")
    assert calls == []
    table = period_table(norway, "2008-2010", factors=[Counting()])
    assert calls == ["2008-2010"]
    assert list(table.columns) == [
        "name",
        "population_start",
        "net_migration",
        "job_growth",
        "counting",
    ]
    np.testing.assert_array_equal(table["counting"], table["population_start"])
