"""The whole pipeline, not only its regressions: barometer, drivers, period tables.

1. ``attraktiv.barometer(load_norway())`` (3 levels x 12 periods) against the time of
   its own 36 least-squares fits (``attraktiv.regression.fit_arrays`` on the same
   arrays, residuals read) and against a statsmodels loop that fits the same 36
   models from the same period tables (``smf.ols(formula, table).fit().resid``).
   Targets: within 3x its own fits, under 30 ms.
2. 100,000 simulated units x 20 years: ``barometer`` (all levels, periods and
   flows) plus ``published_tables`` (the driver analysis with every factor), timed
   together, in a fresh process whose peak resident memory is read from the
   operating system. Targets: under 3 s together, peak memory under 2 GB.
3. The period table of one level and period for those 100,000 units. Target: under
   20 ms (warm).

Not a test; run from the repository root: ``python benchmarks/bench_pipeline.py``
(``--units`` and ``--years`` change the size of part 2).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import numpy as np
import statsmodels.formula.api as smf

import attraktiv
from _timing import best_of
from attraktiv import period_table
from attraktiv.datasets import load_norway
from attraktiv.regression import fit_arrays

_LARGE = """
import json, resource, sys, time
import attraktiv
from attraktiv.datasets import simulate_panel
units, first, last = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
panel = simulate_panel(units, range(first, last + 1), rng=0)
simulated = time.perf_counter() - started
started = time.perf_counter()
tidy = attraktiv.barometer(panel)
barometer = time.perf_counter() - started
started = time.perf_counter()
tables = attraktiv.published_tables(panel)
drivers = time.perf_counter() - started
started = time.perf_counter()
attraktiv.period_table(panel, f"{last - 2}-{last}")
first_table = time.perf_counter() - started
times = []
for _ in range(7):
    started = time.perf_counter()
    attraktiv.period_table(panel, f"{last - 2}-{last}")
    times.append(time.perf_counter() - started)
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "simulate": simulated, "barometer": barometer, "drivers": drivers,
    "rows": len(tidy), "tables": len(tables), "period_table_first": first_table,
    "period_table": min(times), "peak_mib": peak_kib / 1024,
}))
"""


def bundled(repeats: int) -> None:
    panel = load_norway()
    attraktiv.barometer(panel)  # warm: level sums and caches
    whole = best_of(lambda: attraktiv.barometer(panel), repeats)
    pieces = []
    tables = []
    for level in panel.levels:
        for period in panel.periods_available():
            table = period_table(panel, period, level, factors=())
            tables.append(table)
            x = np.column_stack([np.ones(len(table)), table["job_growth"].to_numpy()])
            y = table[["net_migration"]].to_numpy()
            pieces.append((y, x, table.index))

    def fits() -> None:
        for y, x, labels in pieces:
            _ = fit_arrays(
                y,
                x,
                names=["Intercept", "job_growth"],
                outcomes=["net_migration"],
                row_labels=labels,
            ).resid

    def statsmodels_loop() -> None:
        for table in tables:
            _ = smf.ols("net_migration ~ job_growth", table).fit().resid

    own = best_of(fits, repeats, warm_up=True)
    peer = best_of(statsmodels_loop, max(3, repeats // 3), warm_up=True)
    print("1. barometer(load_norway()): 3 levels x 12 periods, 36 fits")
    print(f"   barometer          {whole * 1e3:8.1f} ms   (target < 30 ms)")
    print(f"   its 36 fits alone  {own * 1e3:8.1f} ms")
    print(f"   ratio              {whole / own:8.2f} x  (target <= 3x)")
    print(f"   statsmodels loop   {peer * 1e3:8.1f} ms   ({peer / whole:.1f}x slower)")


def large(units: int, first: int, last: int) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _LARGE, str(units), str(first), str(last)],
        check=True,
        capture_output=True,
        text=True,
    )
    r = json.loads(out.stdout)
    together = r["barometer"] + r["drivers"]
    print(f"2. {units:,} units x {last - first + 1} years (fresh process)")
    print(f"   simulate_panel     {r['simulate']:8.2f} s    (not part of the target)")
    print(f"   barometer          {r['barometer']:8.2f} s    ({r['rows']:,} rows)")
    print(f"   published_tables   {r['drivers']:8.2f} s    ({r['tables']} tables)")
    print(f"   together           {together:8.2f} s    (target < 3 s)")
    print(f"   peak memory        {r['peak_mib']:8.0f} MiB  (target < 2048 MiB)")
    print(f"3. period table, one level and period, {units:,} units")
    print(f"   first call         {r['period_table_first'] * 1e3:8.1f} ms")
    print(f"   warm               {r['period_table'] * 1e3:8.1f} ms   (target < 20 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    started = time.perf_counter()
    bundled(args.repeats)
    large(args.units, 2016 - args.years + 1, 2016)
    print(f"(benchmark took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
