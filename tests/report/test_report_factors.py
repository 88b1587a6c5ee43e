"""User factors in the report and the command: registered, passed, refused."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.cli import main
from attraktiv.datasets import simulate_panel
from attraktiv.errors import InvalidOptionError
from attraktiv.factors import (
    DEFAULT_REGISTRY,
    ColumnFactor,
    available_factors,
    register_factor,
)
from attraktiv.report import write_report

matplotlib.use("Agg")

REGISTERED = (
    "job_growth, labour_market_integration, size, neighbour_growth, culture_index, "
    "cafe_density, education_level, university, housing_construction"
)


@pytest.mark.slow
def test_registered_and_passed_factors_are_in_the_driver_tables(
    tmp_path: Path,
) -> None:
    panel = simulate_panel(n_units=150, years=range(2005, 2012), rng=2)
    data = panel.data
    codes = data["code"].astype(int).to_numpy()
    data["price"] = 20_000.0 + 150.0 * (codes % 13) + 10.0 * (data["year"] - 2005)
    panel = attraktiv.Panel(data, panel.hierarchy)
    price = ColumnFactor(
        "price_level", "price", "house price (NOK per m²)", aggregate="population_mean"
    )
    growth = ColumnFactor(
        "price_growth",
        "price",
        "growth of the house price (% of the first year)",
        over_period="growth",
        aggregate="population_mean",
    )
    register_factor(price)
    try:
        done = write_report(
            tmp_path,
            panel,
            period="2009-2011",
            levels=["region"],
            factors=[growth, "education_level"],
        )
    finally:
        DEFAULT_REGISTRY.unregister("price_level")
    drivers = pd.read_csv(tmp_path / "drivers_region.csv")
    factors = list(dict.fromkeys(drivers["factor"]))
    # the published set, the registered factor, then those passed, in that order
    assert factors == [
        "job_growth",
        "size",
        "neighbour_growth",
        "culture_index",
        "cafe_density",
        "university",
        "housing_construction",
        "price_level",
        "price_growth",
        "education_level",
    ]
    assert np.isfinite(drivers["beta"]).all()
    page = done.index.read_text(encoding="utf-8")
    assert "price_level, price_growth, education_level for net migration" in page
    assert "price_growth" not in available_factors()  # passed, not registered


def test_an_unknown_factor_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("unknown factor 'ferry'; the available factors are 'job_g"),
    ):
        write_report(tmp_path / "out", factors=["size", "ferry"])
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("factors='university' is not valid; give a list of factors"),
    ):
        write_report(tmp_path / "out", factors="university")  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_the_report_command_refuses_an_unknown_factor_listing_the_registered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["report", "--out", str(tmp_path / "r"), "--factor", "size", "--factor", "x y"]
    )
    assert status == 2
    assert capsys.readouterr().err == (
        "attraktiv report: error: --factor 'x y' is not a registered factor; the "
        f"registered factors are {REGISTERED}\n"
    )
    assert not (tmp_path / "r").exists()


@pytest.mark.slow
def test_the_report_command_shows_a_factor_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # education_level is published for municipalities only; asked for, it is shown
    # for regions too, in the periods whose first year the bundled data knows it in
    # (2009-2014).
    command = ["report", "--out", str(tmp_path), "--level", "region"]
    status = main([*command, "--factor", "education_level"])
    assert status == 0
    capsys.readouterr()
    drivers = pd.read_csv(tmp_path / "drivers_region.csv")
    shown = drivers.loc[drivers["factor"] == "education_level", "period"]
    assert sorted(shown) == [f"{y}-{y + 2}" for y in range(2009, 2015)]
