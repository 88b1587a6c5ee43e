"""Write the pinned numbers of the bundled data (run from the repository root).

    python tests/data/pinned/make_pinned.py

Run it only when a change is meant to move a number, and say why in the commit: the
files pin the tidy barometer of the bundled Norwegian data and the driver tables (the
bundled data's own factors over every period, its real factors for the periods
where all are known, and the eight published tables of a seeded simulated panel) so
that restructuring and speed work cannot change a result unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import attraktiv
from attraktiv.datasets import load_norway, simulate_panel

HERE = Path(__file__).parent
BUNDLED_FACTORS = ("job_growth", "size", "neighbour_growth")
# The bundled data's real factors where all of them are known: education level in
# 2009-2014 (read in a period's first year), labour-market integration for
# municipalities only.
REAL_FACTORS = {
    "municipality": (*BUNDLED_FACTORS, "labour_market_integration", "education_level"),
    "region": (*BUNDLED_FACTORS, "education_level"),
}
REAL_PERIODS = ("2009-2011", "2010-2012", "2011-2013", "2012-2014")


def pinned_barometer() -> pd.DataFrame:
    """Every level, period, flow and unit of the bundled data."""
    return attraktiv.barometer(load_norway())


def pinned_drivers() -> pd.DataFrame:
    """Driver tables: the bundled data per level, and the published simulated set."""
    panel = load_norway()
    pieces = []
    for level in panel.levels:
        result = attraktiv.DriverAnalysis(list(BUNDLED_FACTORS)).fit(panel, level=level)
        frame = result.to_frame(importance=True)
        frame.insert(0, "table", f"norway/{level}/net_migration")
        pieces.append(frame)
    for level, factors in REAL_FACTORS.items():
        result = attraktiv.DriverAnalysis(list(factors)).fit(
            panel, periods=list(REAL_PERIODS), level=level
        )
        frame = result.to_frame(importance=True)
        frame.insert(0, "table", f"norway/{level}/net_migration/real_factors")
        pieces.append(frame)
    tables = attraktiv.published_tables(simulate_panel(426, rng=3))
    for (level, outcome), result in sorted(tables.items()):
        frame = result.to_frame(importance=True)
        frame.insert(0, "table", f"simulated/{level}/{outcome}")
        pieces.append(frame)
    return pd.concat(pieces, ignore_index=True)


if __name__ == "__main__":
    for name, frame in (
        ("barometer_norway.csv", pinned_barometer()),
        ("drivers.csv", pinned_drivers()),
    ):
        frame.to_csv(HERE / name, index=False, float_format="%.17g")
