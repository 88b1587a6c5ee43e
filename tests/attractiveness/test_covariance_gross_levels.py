"""Gross flows outside the schema are counts: summed to higher levels, as declared."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.attractiveness import gross_migration
from attraktiv.datasets import simulate_panel
from attraktiv.errors import AttraktivWarning

FLOWS = ("immigration", "emigration", "domestic_in", "domestic_out")


def test_gross_flows_of_four_columns_are_summed_to_regions() -> None:
    panel = simulate_panel(40, rng=3)
    data = panel.data
    rng = np.random.default_rng(8)
    for column in FLOWS:
        data[column] = rng.integers(0, 50, len(data)).astype(float)
    with pytest.warns(AttraktivWarning, match="is not in the panel's schema"):
        panel = attraktiv.Panel(data, panel.hierarchy)
    # not summed by default: the panel's schema does not know these columns
    assert "immigration" not in panel.aggregate("region").columns
    got = gross_migration(panel, "2008-2010", "region")
    rows = data[data["year"].between(2008, 2010)]
    parent = panel.hierarchy.mapping("municipality", "region")
    by_hand = rows[list(FLOWS)].sum(axis=1).groupby(rows["code"].map(parent)).sum()
    pd.testing.assert_series_equal(
        got, by_hand.rename("gross_migration").rename_axis("code"), check_exact=True
    )
