"""Speed of the whole barometer against the same fits done with statsmodels.

1. Bundled data: 3 levels x 12 rolling periods (36 fits of ``net_migration ~
   job_growth``), from the period tables to every unit's index.
2. Simulated panel (426 municipalities and their regions and counties, three flow
   components): 3 levels x 12 periods x 4 outcomes (the total and each flow).

Each is timed three ways in one run, on the same precomputed period tables:
``AttractivenessModel.fit_table`` (what ``attraktiv.barometer`` does for each level
and period), a statsmodels loop with the formula API (``smf.ols(formula,
table).fit().resid`` per outcome: the same input, a table and a formula) and a
statsmodels loop with the array API (``sm.OLS(y, X).fit().resid`` per outcome, the
design built by hand). Target: at least 10x faster than the statsmodels loop that does
the same fits from the same input (the formula loop); the array loop, which skips the
formula, is printed for reference.

Not a test; run from the repository root: ``python benchmarks/bench_barometer.py``.
"""

from __future__ import annotations

import time

import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

import attraktiv
from _timing import best_of
from attraktiv import period_table
from attraktiv.datasets import load_norway, simulate_panel

FORMULA = "net_migration ~ job_growth"


def tables_of(panel: attraktiv.Panel) -> list[tuple[str, str, pd.DataFrame]]:
    return [
        (level, str(period), period_table(panel, period, level))
        for level in panel.levels
        for period in panel.periods_available()
    ]


def outcomes_of(table: pd.DataFrame) -> list[str]:
    return ["net_migration"] + [
        c for c in table.columns if c.startswith("net_migration_")
    ]


def run(name: str, panel: attraktiv.Panel) -> None:
    tables = tables_of(panel)
    model = attraktiv.AttractivenessModel(FORMULA)

    def ours() -> None:
        for level, period, table in tables:
            result = model.fit_table(table, period=period, level=level)
            _ = result.index, result.flows

    def statsmodels_formula() -> None:
        for _level, _period, table in tables:
            for outcome in outcomes_of(table):
                _ = smf.ols(f"{outcome} ~ job_growth", table).fit().resid

    def statsmodels_arrays() -> None:
        for _level, _period, table in tables:
            design = sm.add_constant(table["job_growth"])
            for outcome in outcomes_of(table):
                _ = sm.OLS(table[outcome], design).fit().resid

    # The same numbers before timing anything.
    for level, period, table in tables[:: max(1, len(tables) // 6)]:
        result = model.fit_table(table, period=period, level=level)
        for outcome in outcomes_of(table):
            theirs = smf.ols(f"{outcome} ~ job_growth", table).fit().resid
            ours_resid = (
                result.index
                if outcome == "net_migration"
                else result.flows[outcome.removeprefix("net_migration_")]
            )
            pd.testing.assert_series_equal(
                ours_resid, theirs, check_names=False, rtol=1e-9, atol=1e-12
            )

    fits = sum(len(outcomes_of(t)) for _, _, t in tables)
    t_ours = best_of(ours, warm_up=True)
    t_formula = best_of(statsmodels_formula, warm_up=True)
    t_arrays = best_of(statsmodels_arrays, warm_up=True)
    print(f"\n{name}: {len(tables)} level-periods, {fits} outcome fits")
    print(f"  attraktiv fit_table           {t_ours * 1e3:8.1f} ms")
    print(
        f"  statsmodels formula loop      {t_formula * 1e3:8.1f} ms"
        f"   ratio {t_formula / t_ours:6.1f}x  (the same fits; target >= 10)"
    )
    print(
        f"  statsmodels array loop        {t_arrays * 1e3:8.1f} ms"
        f"   ratio {t_arrays / t_ours:6.1f}x  (hand-built designs; reference)"
    )


def main() -> None:
    norway = load_norway()
    start = time.perf_counter()
    attraktiv.barometer(norway)
    print(
        "attraktiv.barometer on the bundled data (3 levels x 12 periods, "
        f"period tables included): {(time.perf_counter() - start) * 1e3:.0f} ms"
    )
    run("Bundled Norwegian data", norway)
    run("Simulated panel with flows", simulate_panel(426, range(2002, 2017), rng=1))


if __name__ == "__main__":
    main()
