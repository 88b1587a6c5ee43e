"""Speed of the European barometer (Eurostat NUTS 3, bundled with attraktiv).

1. ``load_europe()``: its first call in a fresh interpreter (the package already
   imported; reading the files and building the panel), and later calls. Target:
   first call below 0.5 s.
2. The barometer of every period (15) at every level (NUTS 3, NUTS 2, NUTS 1,
   country): ``attraktiv.barometer``'s first call on a freshly loaded panel (the
   loading not timed; the call sums the levels and finds each period's units),
   and a second call on the same panel, against a statsmodels loop of the same
   fits (``smf.ols("net_migration ~ job_growth", table).fit().resid`` on the same
   period tables, built beforehand and not timed), checked to give the same
   indices first, and against its own fits alone (``fit_arrays`` on the same
   arrays, residuals read). Target: the first call below 0.1 s; the ratios are
   printed.
3. ``attraktiv report --dataset europe`` as a user runs it (``--report``).
   Target: below 60 s.

Not a test; run from the repository root: ``python benchmarks/bench_europe.py``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

import attraktiv
from _timing import best_of
from attraktiv import period_table
from attraktiv.datasets import load_europe
from attraktiv.errors import AttraktivWarning
from attraktiv.regression import fit_arrays

FORMULA = "net_migration ~ job_growth"
_FIRST_LOAD = (
    "import time, attraktiv.datasets as d\n"
    "start = time.perf_counter(); d.load_europe()\n"
    "first = time.perf_counter() - start\n"
    "start = time.perf_counter(); d.load_europe()\n"
    "print(first, time.perf_counter() - start)\n"
)


def loading(repeats: int) -> None:
    firsts, laters = [], []
    for _ in range(repeats):
        answer = subprocess.run(
            [sys.executable, "-c", _FIRST_LOAD],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        first, later = map(float, answer.stdout.split())
        firsts.append(first)
        laters.append(later)
    print(
        f"load_europe(): first call {min(firsts) * 1000:.0f} ms (best of {repeats} "
        f"fresh interpreters, median {np.median(firsts) * 1000:.0f} ms); later "
        f"calls {min(laters) * 1000:.1f} ms"
    )


def barometer(repeats: int) -> None:
    panel = load_europe()
    periods = [p.label for p in panel.periods_available()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttraktivWarning)
        tables = [
            (level, period, period_table(panel, period, level, factors=()))
            for level in panel.levels
            for period in periods
        ]

        def ours() -> pd.DataFrame:
            return attraktiv.barometer(panel, periods=periods)

        tidy = ours()

    def statsmodels_loop() -> list[pd.Series]:
        return [smf.ols(FORMULA, table).fit().resid for _, _, table in tables]

    designs = [
        (
            table[["net_migration"]].to_numpy(),
            np.column_stack([np.ones(len(table)), table["job_growth"].to_numpy()]),
            table.index,
        )
        for _, _, table in tables
    ]

    def own_fits() -> None:
        # the engine alone on the same arrays, residuals read as the barometer does
        for y, x, labels in designs:
            _ = fit_arrays(
                y,
                x,
                names=["Intercept", "job_growth"],
                outcomes=["net_migration"],
                row_labels=labels,
            ).resid.to_numpy()

    theirs = statsmodels_loop()
    for (level, period, _table), resid in zip(tables, theirs, strict=True):
        rows = tidy[(tidy["level"] == level) & (tidy["period"] == period)]
        mine = rows.set_index(rows["code"].astype(str))["attractiveness"]
        np.testing.assert_allclose(
            mine.loc[resid.index].to_numpy(), resid.to_numpy(), atol=1e-9
        )
    fits = len(tables)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttraktivWarning)
        fresh = [_first_barometer(periods) for _ in range(repeats)]
        ours_time = best_of(ours, repeats)
    theirs_time = best_of(statsmodels_loop, repeats)
    own_time = best_of(own_fits, repeats, warm_up=True)
    fresh_wall = [wall for wall, _ in fresh]
    fresh_cpu = [cpu for _, cpu in fresh]
    print(
        f"barometer, {len(panel.levels)} levels x {len(periods)} periods = {fits} "
        f"fits ({len(tidy):,} rows): first call on a freshly loaded panel (summing "
        f"the levels) {min(fresh_wall) * 1000:.0f} ms (median "
        f"{np.median(fresh_wall) * 1000:.0f} ms, CPU {min(fresh_cpu) * 1000:.0f} ms); "
        f"again on that panel {ours_time * 1000:.0f} ms; its {fits} fits alone "
        f"(fit_arrays, residuals read) {own_time * 1000:.0f} ms: first call "
        f"{min(fresh_wall) / own_time:.1f}x, again {ours_time / own_time:.1f}x its "
        f"own fits; statsmodels loop of the same fits from ready tables "
        f"{theirs_time * 1000:.0f} ms: {theirs_time / min(fresh_wall):.1f}x slower "
        f"than the first call, {theirs_time / ours_time:.1f}x than the second"
    )


def _first_barometer(periods: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of the barometer's first call on a new panel.

    Loading is not timed here (it is item 1): the target is the barometer after
    loading.
    """
    panel = load_europe()
    wall, cpu = time.perf_counter(), time.process_time()
    attraktiv.barometer(panel, periods=periods)
    return time.perf_counter() - wall, time.process_time() - cpu


def report() -> None:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "attraktiv.cli",
                "report",
                "--dataset",
                "europe",
                "--out",
                folder,
                "--no-progress",
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "MPLBACKEND": "Agg"},
        )
        print(f"attraktiv report --dataset europe: {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--report", action="store_true", help="also time the report")
    args = parser.parse_args()
    print(f"load average {_load()} at the start")
    loading(args.repeats)
    barometer(args.repeats)
    if args.report:
        report()
    print(f"load average {_load()} at the end")


def _load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
