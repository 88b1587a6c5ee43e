"""``--factor`` on the command: factors shown beside the ranking, names checked."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from attraktiv import period_table
from attraktiv.cli import main
from attraktiv.datasets import load_norway
from attraktiv.factors import DEFAULT_REGISTRY, ColumnFactor, register_factor


def csv_ranking(*extra: str) -> pd.DataFrame:
    out = io.StringIO()
    argv = ["barometer", "--period", "2008-2010", "--level", "region"]
    assert main([*argv, "--top", "85", "--format", "csv", *extra], out=out) == 0
    return pd.read_csv(io.StringIO(out.getvalue()), dtype={"code": str}).set_index(
        "code"
    )


def test_barometer_shows_registered_factors_beside_the_ranking() -> None:
    jobs = ColumnFactor(
        "jobs_at_start", "jobs", "jobs at the end of the period's first year (jobs)",
        aggregate="sum",
    )  # fmt: skip
    register_factor(jobs)
    try:
        shown = csv_ranking("--factor", "size", "--factor", "jobs_at_start")
    finally:
        DEFAULT_REGISTRY.unregister("jobs_at_start")
    assert list(shown.columns[-2:]) == ["size", "jobs_at_start"]
    np.testing.assert_allclose(
        shown["size"], np.log(shown["population_start"]), rtol=1e-12
    )
    # a user's column factor, against a groupby of the municipalities by hand
    panel = load_norway()
    data = panel.data.query("year == 2008").set_index("code")
    parent = panel.hierarchy.mapping("municipality", "region")
    by_hand = data["jobs"].groupby(parent).sum()
    np.testing.assert_array_equal(shown["jobs_at_start"], by_hand.reindex(shown.index))
    table = period_table(panel, "2008-2010", "region")
    plain = csv_ranking("--factor", "neighbour_growth")
    np.testing.assert_allclose(
        plain["neighbour_growth"],
        table["neighbour_job_growth"].reindex(plain.index),
        rtol=1e-12,
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["barometer", "--factor", "ferry"],
            "attraktiv barometer: error: --factor ferry is not a registered factor; "
            "the registered factors are job_growth, labour_market_integration, size, "
            "neighbour_growth, culture_index, cafe_density, education_level, "
            "university, housing_construction\n",
        ),
        (
            ["barometer", "--long-term", "--factor", "size"],
            "attraktiv barometer: error: --factor cannot be combined with "
            "--long-term: a factor's value is for one period\n",
        ),
    ],
)
def test_barometer_refuses_a_factor_it_cannot_show(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err == message
