"""What should the index be shrunk toward? Evidence from the bundled data.

Two tables, from the bundled Norwegian data (``load_norway``):

1. ``--ranks``: the rank of Træna, Vevelstad, Utsira and Ullensaker in 2008-2010
   by the published index and by the index shrunk toward each target: zero (Morris),
   the region's mean, and a regression on log start population (Fay-Herriot, REML
   and Paule-Mandel), with the prior mean of each under the regression.
2. ``--forecast``: how well each shrunk index of one period predicts the next
   period's published index (mean squared error over all municipalities and over
   those under 2,000 residents), for every pair of consecutive three-year periods.
   The next period's index is a noisy measurement of the same kind of quantity
   with independent noise, so a lower error means a better estimate of the
   persistent part.

Run from the repository root::

    python benchmarks/validate_shrinkage_target.py \\
        --ranks docs/_tables/shrinkage_ranks.csv \\
        --forecast docs/_tables/shrinkage_forecast.csv

It prints both tables and, with the options, writes them as CSV for the
documentation (:doc:`uncertainty` and :doc:`validation`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import attraktiv
from attraktiv.datasets import load_norway

PLACES = {"1835": "Træna", "1816": "Vevelstad", "1151": "Utsira", "0235": "Ullensaker"}
PAIRS = (
    ("2005-2007", "2008-2010"),
    ("2008-2010", "2011-2013"),
    ("2011-2013", "2014-2016"),
)
SMALL = 2000


def _targets(
    result: attraktiv.AttractivenessResult, parents: pd.Series
) -> dict[str, pd.DataFrame]:
    return {
        "zero": result.shrunk(toward="zero"),
        "region": result.shrunk(toward="parent", parents=parents),
        "size (REML)": result.shrunk(),
        "size (Paule-Mandel)": result.shrunk(tau2_method="paule-mandel"),
    }


def rank_table(panel: attraktiv.Panel) -> pd.DataFrame:
    """Ranks of the four places by the published and each shrunk index."""
    result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")
    parents = panel.hierarchy.mapping("municipality", "region")
    tables = _targets(result, parents)
    first = tables["zero"]
    rows = []
    for code, name in PLACES.items():
        row: dict[str, object] = {
            "place": name,
            "population": int(first.loc[code, "population_start"]),
            "index": round(float(first.loc[code, "attractiveness"]), 2),
            "published rank": int(first.loc[code, "rank"]),
        }
        for target, table in tables.items():
            row[f"toward {target}"] = int(table.loc[code, "rank_shrunk"])
        row["size prior mean"] = round(
            float(tables["size (REML)"].loc[code, "prior_mean"]), 2
        )
        rows.append(row)
    return pd.DataFrame(rows)


def forecast_table(panel: attraktiv.Panel) -> pd.DataFrame:
    """Mean squared error of each estimate as a forecast of the next period's index."""
    model = attraktiv.AttractivenessModel()
    parents = panel.hierarchy.mapping("municipality", "region")
    rows = []
    for first, second in PAIRS:
        now = model.fit(panel, first)
        later = model.fit(panel, second).index
        common = now.index.index.intersection(later.index)
        estimates = {"published": now.shrunk(toward="zero")["attractiveness"]}
        for target, table in _targets(now, parents).items():
            estimates[target] = table["shrunk"]
        small = now.source["population_start"].reindex(common) < SMALL
        for subset, mask in (("all", slice(None)), (f"under {SMALL:,}", small)):
            row: dict[str, object] = {"periods": f"{first} → {second}"}
            row["units"] = subset
            for name, values in estimates.items():
                error = values.reindex(common) - later.reindex(common)
                row[name] = round(float(np.mean(error[mask] ** 2)), 2)
            rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ranks", type=Path, default=None)
    parser.add_argument("--forecast", type=Path, default=None)
    args = parser.parse_args(argv)
    panel = load_norway()
    for table, path in (
        (rank_table(panel), args.ranks),
        (forecast_table(panel), args.forecast),
    ):
        print(table.to_string(index=False), end="\n\n")
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            table.to_csv(path, index=False, lineterminator="\n")
    print("written" if args.ranks or args.forecast else "", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
