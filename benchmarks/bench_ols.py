"""Speed of the least-squares engine against statsmodels, side by side in one run.

1. Many outcomes, one design: 426 rows (the municipalities), intercept plus one
   regressor, 3,000 and 10,000 outcome columns (a bootstrap or a panel of
   outcomes). ``attraktiv.ols_many`` reading params, residuals and standard
   errors, against a loop of statsmodels ``OLS(y, X).fit()`` reading ``params``,
   ``resid`` and ``bse`` of each fit. Best of a few repeats after a warm-up.
   Target: >= 100x at default settings, >= 50x with ``--load`` (two spinning
   processes keep the cores busy during the measurement).
2. One fit: ``attraktiv.ols`` against ``statsmodels.OLS(...).fit()``, median over
   many repeats, each side reading the same statistics: params, residuals and
   standard errors with NumPy arrays (statsmodels handed the design with its
   constant ready-made), from the same raw NumPy ``x`` (each library adds the
   constant: ``sm.add_constant`` inside the timing), and with pandas input; then
   params and standard errors alone (statsmodels computes the residuals for
   ``bse`` all the same, as its scale), with NumPy arrays and with both libraries
   handed the same ready design (``add_intercept=False`` for attraktiv). With
   NumPy input statsmodels returns bare arrays, attraktiv labelled Series (about
   8 us each). Target: not slower.

Not a test; run from the repository root: ``python benchmarks/bench_ols.py``
(``--load`` for the measurement on busy cores). See benchmarks/README.md for the
OpenBLAS environment variables.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm

import attraktiv
from _timing import best_of, busy_cores, median_of
from attraktiv import ols, ols_many

N_ROWS = 426


def _blas_report() -> str:
    """The BLAS kernel in use: threadpoolctl if installed, else NumPy's build info."""
    env = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}
    lines = [f"OPENBLAS_* environment: {env or 'none set'}"]
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        config: Any = np.show_config(mode="dicts")
        blas = config.get("Build Dependencies", {}).get("blas", {})
        lines.append(
            f"BLAS (numpy build info; install threadpoolctl for the runtime kernel): "
            f"{blas.get('name')} {blas.get('version')}"
        )
    else:
        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                lines.append(
                    f"BLAS: {pool.get('internal_api')} {pool.get('version')}, "
                    f"kernel {pool.get('architecture')}, "
                    f"{pool.get('num_threads')} threads"
                )
    return "\n".join(lines)


def _data(outcomes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(0.5, 1.5, size=N_ROWS)  # e.g. job growth, percent
    Y = 0.2 + 0.4 * x[:, None] + rng.normal(0.0, 1.0, size=(N_ROWS, outcomes))
    return x, Y


def bench_many(outcomes: int, repeats: int, seed: int, target: float) -> None:
    x, Y = _data(outcomes, seed)
    x_col = x[:, None]
    exog = sm.add_constant(x)

    def ours() -> object:
        result = ols_many(Y, x_col)
        return result.params, result.resid, result.std_errors

    def theirs() -> object:
        out = []
        for j in range(Y.shape[1]):
            fit = sm.OLS(Y[:, j], exog).fit()
            out.append((fit.params, fit.resid, fit.bse))
        return out

    # Same numbers before timing anything (and the warm-up).
    check = ols_many(Y[:, :50], x_col)
    for j in range(50):
        fit = sm.OLS(Y[:, j], exog).fit()
        np.testing.assert_allclose(check.params.iloc[:, j], fit.params, rtol=1e-9)
        np.testing.assert_allclose(check.std_errors.iloc[:, j], fit.bse, rtol=1e-9)
        np.testing.assert_allclose(check.resid.iloc[:, j], fit.resid, atol=1e-9)
    ours()

    t_ours = best_of(ours, repeats)
    t_theirs = best_of(theirs, max(1, repeats // 2))
    print(f"\n1. {N_ROWS} rows x 2 columns, {outcomes:,} outcomes")
    print(
        f"   attraktiv.ols_many          {t_ours * 1e3:10.1f} ms  (best of {repeats})"
    )
    print(
        f"   statsmodels OLS loop        {t_theirs * 1e3:10.1f} ms  "
        f"(best of {max(1, repeats // 2)})"
    )
    print(
        f"   speed-up                    {t_theirs / t_ours:10.1f} x  "
        f"(target >= {target:g})"
    )


def bench_single(repeats: int, seed: int) -> None:
    x, Y = _data(1, seed)
    y = Y[:, 0]
    x_col = x[:, None]
    exog = sm.add_constant(x)
    frame = pd.DataFrame({"job_growth": x})
    series = pd.Series(y, name="net_migration")
    frame_exog = sm.add_constant(frame)

    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            "NumPy arrays",
            lambda: _read(ols(y, x_col)),
            lambda: _read_sm(sm.OLS(y, exog).fit()),
        ),
        (
            "same raw x",
            lambda: _read(ols(y, x_col)),
            lambda: _read_sm(sm.OLS(y, sm.add_constant(x)).fit()),
        ),
        (
            "ready design",
            lambda: _read(ols(y, exog, add_intercept=False)),
            lambda: _read_sm(sm.OLS(y, exog).fit()),
        ),
        (
            "pandas input",
            lambda: _read(ols(series, frame)),
            lambda: _read_sm(sm.OLS(series, frame_exog).fit()),
        ),
        (
            "params+se",
            lambda: _read_two(ols(y, x_col)),
            lambda: _read_two_sm(sm.OLS(y, exog).fit()),
        ),
        (
            "ready design",
            lambda: _read_two(ols(y, exog, add_intercept=False)),
            lambda: _read_two_sm(sm.OLS(y, exog).fit()),
        ),
    ]
    print(f"\n2. one fit, {N_ROWS} rows x 2 columns (median of {repeats})")
    print("   params, resid and standard errors read:")
    for label, ours, theirs in cases:
        if label == "params+se":
            print("   params and standard errors read:")
        for _ in range(20):
            ours()
            theirs()
        t_ours = median_of(ours, repeats)
        t_theirs = median_of(theirs, repeats)
        print(
            f"   {label:<13} attraktiv.ols {t_ours * 1e6:8.0f} us   "
            f"statsmodels {t_theirs * 1e6:8.0f} us   "
            f"ratio {t_theirs / t_ours:5.2f} x  (target >= 1)"
        )


def _read(result: attraktiv.OLSResult) -> object:
    return result.params, result.resid, result.std_errors


def _read_sm(fit: Any) -> object:
    return fit.params, fit.resid, fit.bse


def _read_two(result: attraktiv.OLSResult) -> object:
    return result.params, result.std_errors


def _read_two_sm(fit: Any) -> object:
    return fit.params, fit.bse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outcomes", type=int, nargs="+", default=[3_000, 10_000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--single-repeats", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument(
        "--load",
        action="store_true",
        help="keep every core busy with spinning processes while measuring",
    )
    args = parser.parse_args()

    print(
        f"attraktiv {attraktiv.__version__}, numpy {np.__version__}, "
        f"statsmodels {sm.__version__ if hasattr(sm, '__version__') else '?'}, "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs"
    )
    print(_blas_report())
    load: contextlib.AbstractContextManager[Any] = (
        busy_cores() if args.load else contextlib.nullcontext()
    )
    with load as spinning:
        if spinning:
            print(f"Load: {len(spinning)} spinning processes (pids {spinning})")
        for outcomes in args.outcomes:
            bench_many(outcomes, args.repeats, args.seed, 50 if args.load else 100)
        bench_single(args.single_repeats, args.seed)
    # The engine limits BLAS threads inside its calls only: the same as before.
    print("\nAfter the measurement:")
    print(_blas_report())


if __name__ == "__main__":
    main()
