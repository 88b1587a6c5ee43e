"""Time the driver analysis against statsmodels doing the same, and LMG.

Run: ``python benchmarks/bench_drivers.py`` (options: ``--units``, ``--repeats``,
``--seed``). The published set: eight factors, 426 synthetic municipalities (and
their regions), twelve rolling periods, four outcomes (total and three flows), both
levels: 96 regressions.

- **attraktiv**: :func:`attraktiv.drivers.published_tables` from the panel (period
  tables and factors included), then ``to_frame()`` of every result (betas, standard
  errors, intervals, p-values, classes).
- **statsmodels**: for the same 96 regressions, ``OLS`` on z-scored variables
  (outcome and factors z-scored per level and period), reading ``params``, ``bse``
  and ``pvalues``, from the same factor values (the period tables, timed apart and
  added to its time so that both sides do the same work).

Both are checked to agree (betas to 1e-10) and measured in the same run after a
warm-up, best of ``--repeats``. Then relative importance (LMG, all 255 subsets of
eight factors through the engine): one level/period/outcome, and all 96.

Timings on shared or virtual machines vary from run to run; on a machine with few
cores and other load, OpenBLAS threads make every tiny LAPACK call slow. Compare
ratios from one run, and try ``OPENBLAS_NUM_THREADS=1``.
"""

from __future__ import annotations

import argparse
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm

from _timing import best_of
from attraktiv import period_table
from attraktiv.datasets import simulate_panel
from attraktiv.drivers import PUBLISHED_FACTORS, published_tables, subset_rsquared
from attraktiv.factors import get_factor
from attraktiv.panel import Panel

OUTCOMES = (
    "net_migration",
    "net_migration_immigration",
    "net_migration_domestic_immigrant",
    "net_migration_domestic_other",
)


def design_tables(panel: Panel) -> dict[tuple[str, str], pd.DataFrame]:
    """Outcomes and factor values per (level, period), as both sides use them."""
    tables = {}
    for level, factors in PUBLISHED_FACTORS.items():
        for period in panel.periods_available():
            table = period_table(panel, period, level)
            # the period-table column of each built-in factor, under its name
            columns = {get_factor(f).column: f for f in factors}  # type: ignore[attr-defined]
            x = table[list(columns)].rename(columns=columns)
            tables[level, period.label] = pd.concat([table[list(OUTCOMES)], x], axis=1)
    return tables


def ours(panel: Panel) -> dict[tuple[str, str], pd.DataFrame]:
    results = published_tables(panel)
    return {key: result.to_frame() for key, result in results.items()}


def statsmodels_fits(
    tables: dict[tuple[str, str], pd.DataFrame],
) -> dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    out = {}
    for (level, period), data in tables.items():
        z = (data - data.mean()) / data.std()
        exog = sm.add_constant(z[list(PUBLISHED_FACTORS[level])].to_numpy())
        for outcome in OUTCOMES:
            fit = sm.OLS(z[outcome].to_numpy(), exog).fit()
            out[level, period, outcome] = (
                fit.params[1:],
                fit.bse[1:],
                fit.pvalues[1:],
            )
    return out


def statsmodels_labelled(tables: dict[tuple[str, str], pd.DataFrame]) -> None:
    """The same with DataFrames in, so statsmodels returns labelled Series too."""
    for (level, _), data in tables.items():
        z = (data - data.mean()) / data.std()
        exog = sm.add_constant(z[list(PUBLISHED_FACTORS[level])])
        for outcome in OUTCOMES:
            fit = sm.OLS(z[outcome], exog).fit()
            fit.params, fit.bse, fit.pvalues  # noqa: B018


def check(
    mine: dict[tuple[str, str], pd.DataFrame],
    theirs: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> float:
    worst = 0.0
    for (level, outcome), frame in mine.items():
        for period, rows in frame.groupby("period", sort=False):
            params, bse, pvalues = theirs[level, str(period), outcome]
            worst = max(
                worst,
                float(np.max(np.abs(rows["beta"].to_numpy() - params))),
                float(np.max(np.abs(rows["std_error"].to_numpy() - bse))),
                float(np.max(np.abs(rows["pvalue"].to_numpy() - pvalues))),
            )
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=426)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    threads = os.environ.get("OPENBLAS_NUM_THREADS", "(not set)")
    print(f"attraktiv driver benchmark (seconds, best of {args.repeats})")
    print(f"  OPENBLAS_NUM_THREADS={threads}, CPUs={os.cpu_count()}")
    panel = simulate_panel(args.units, rng=args.seed)
    n_periods = len(panel.periods_available())
    fits = len(PUBLISHED_FACTORS) * n_periods * len(OUTCOMES)
    print(
        f"  {args.units} municipalities, {len(panel.units('region'))} regions, "
        f"{n_periods} periods, {len(OUTCOMES)} outcomes, 8 factors: {fits} fits"
    )

    # warm-up (imports, level caches) and the agreement check
    tables = design_tables(panel)
    mine = ours(panel)
    worst = check(mine, statsmodels_fits(tables))
    print(f"  max |attraktiv - statsmodels| (beta, se, p)      {worst:10.2e}")

    t_tables = best_of(lambda: design_tables(panel), args.repeats)
    t_ours = best_of(lambda: ours(panel), args.repeats)
    t_sm = best_of(lambda: statsmodels_fits(tables), args.repeats)
    print(f"  period tables and factor values (both sides)     {t_tables:10.4f}")
    print(f"  attraktiv published_tables + to_frame (all)      {t_ours:10.4f}")
    print(f"  statsmodels z-scored OLS, fits only              {t_sm:10.4f}")
    print(f"  statsmodels + tables                             {t_sm + t_tables:10.4f}")
    ratio = (t_sm + t_tables) / t_ours
    print(f"  ratio (statsmodels + tables) / attraktiv         {ratio:10.2f}x")
    t_labelled = best_of(lambda: statsmodels_labelled(tables), args.repeats)
    ratio = (t_labelled + t_tables) / t_ours
    print(
        f"  statsmodels with DataFrames (labelled) + tables  "
        f"{t_labelled + t_tables:10.4f}"
    )
    print(f"  ratio (labelled statsmodels + tables) / attraktiv{ratio:10.2f}x")

    results = published_tables(panel)
    one = results["municipality", "net_migration"]
    design = one.data(one.periods[0])
    x = design[list(one.factors)].to_numpy()
    y = design[[one.outcome]].to_numpy()
    t_one = best_of(lambda: subset_rsquared(x, y), args.repeats)
    print(
        f"  LMG, 8 factors, one level/period/outcome (255 fits) {t_one * 1e3:7.1f} ms"
    )

    def all_lmg() -> None:
        # fresh results, so nothing is cached; flows sharing a design are batched
        for result in published_tables(panel).values():
            result.relative_importance()

    def fits_only() -> None:
        published_tables(panel)

    t_all = best_of(all_lmg, max(1, args.repeats // 2)) - best_of(
        fits_only, max(1, args.repeats // 2)
    )
    print(
        f"  LMG, all {fits} level/period/outcomes ({2 * n_periods} designs) "
        f"{t_all * 1e3:7.1f} ms"
    )


if __name__ == "__main__":
    main()
