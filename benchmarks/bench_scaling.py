"""Scaling: memory and time per unit, per outcome and per bootstrap draw.

Measures what ``docs/scaling.rst`` reports, on this machine:

1. ``ols_many`` in memory, 426 units (Norway's municipalities) and 2 regressors,
   10,000 outcomes: time and peak memory per outcome, against a statsmodels loop
   in the same run (per outcome, and the ratio).
2. ``ols_many`` with 100,000 units (about Europe's local administrative units),
   3 regressors and 200 outcomes: time and memory per unit and outcome, against
   statsmodels on a few of the outcomes.
3. The same fits from a Dask array chunked along outcomes (``scheduler="threads"``),
   coefficients and R² only: the outcomes are generated chunk by chunk and never
   held whole, so the peak memory is that of a few chunks.
4. ``rank_intervals`` (parametric bootstrap): time and memory per draw for 426,
   2,000 and 10,000 units, in chunks of draws, in memory and as Dask tasks.

Peak memory is the largest traced allocation (``tracemalloc``, which NumPy reports
to), measured in a separate call from the timing. Not a test; run from the
repository root: ``python benchmarks/bench_scaling.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

import dask
import dask.array as da
import numpy as np
import statsmodels.api as sm

from _timing import best_of
from attraktiv import ols_many
from attraktiv.uncertainty import rank_intervals

MIB = 2.0**20


def peak_mib(function: Callable[[], object]) -> float:
    """Largest memory traced during one call of ``function``, in MiB."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def statsmodels_seconds(y: np.ndarray, x: np.ndarray, count: int) -> float:
    """Seconds per outcome of a statsmodels OLS loop over ``count`` outcomes."""
    design = sm.add_constant(x)

    def loop() -> None:
        for j in range(count):
            fit = sm.OLS(y[:, j], design).fit()
            _ = fit.params, fit.bse, fit.rsquared

    return best_of(loop, 3) / count


def in_memory(n: int, p: int, k: int, peer_outcomes: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p))
    y = x @ rng.normal(size=(p, k)) + rng.normal(size=(n, k))
    seconds = best_of(lambda: ols_many(y, x).params, 3)
    peak = peak_mib(lambda: ols_many(y, x).params)
    data = y.nbytes / MIB
    peer = statsmodels_seconds(y, x, peer_outcomes)
    print(
        f"in memory  n={n:>7,} p={p} k={k:>6,}: {seconds * 1e3:8.1f} ms "
        f"({seconds / k * 1e6:7.2f} us per outcome, "
        f"{seconds / (n * k) * 1e9:6.2f} ns per unit and outcome); "
        f"peak {peak:7.1f} MiB = {peak / data:4.2f} x the outcomes "
        f"({peak * MIB / (n * k):5.1f} bytes per unit and outcome); "
        f"statsmodels {peer * 1e6:8.1f} us per outcome, "
        f"ratio {peer * k / seconds:6.1f}x"
    )


def lazy(n: int, p: int, k: int, chunk: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p))
    beta = rng.normal(size=(p, 1))
    y = x @ beta + rng.normal(size=(n, k))

    def memory() -> None:
        fit = ols_many(y, x)
        _ = fit.params, fit.rsquared

    outcomes = da.from_array(y, chunks=(n, chunk), name=False)  # no hashing

    def chunked(scheduler: str) -> None:
        fit = ols_many(outcomes, x)
        dask.compute(fit.params, fit.rsquared, scheduler=scheduler)

    seconds = best_of(memory, 3)
    dask_seconds = best_of(lambda: chunked("synchronous"), 3)
    threads_seconds = best_of(lambda: chunked("threads"), 3)
    # Outcomes generated chunk by chunk inside the graph are never held whole:
    # the peak is that of the chunks in flight, against the whole in memory.
    generated = da.random.default_rng(seed).normal(size=(n, k), chunks=(n, chunk))

    def chunked_generated() -> None:
        fit = ols_many(generated, x)
        dask.compute(fit.params, fit.rsquared, scheduler="threads")

    def memory_generated() -> None:
        outcomes = np.random.default_rng(seed).normal(size=(n, k))
        fit = ols_many(outcomes, x)
        _ = fit.params, fit.rsquared

    dask_peak = peak_mib(chunked_generated)
    peak = peak_mib(memory_generated)
    print(
        f"Dask       n={n:>7,} p={p} k={k:>6,} in chunks of {chunk:>5,}: "
        f"{dask_seconds * 1e3:8.1f} ms synchronous, {threads_seconds * 1e3:8.1f} ms "
        f"threads, {seconds * 1e3:8.1f} ms in memory ({dask_seconds / k * 1e6:6.2f} "
        f"against {seconds / k * 1e6:6.2f} us per outcome); peak {dask_peak:7.1f} "
        f"MiB against {peak:7.1f} MiB in memory, outcomes generated"
    )


def ranks(units: int, draws: int, chunks: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    est = rng.normal(size=units)
    se = rng.uniform(0.3, 1.0, size=units)
    for simultaneous in (False, True):

        def run(backend: str = "numpy", simultaneous: bool = simultaneous) -> None:
            rank_intervals(
                est,
                se,
                draws=draws,
                rng=1,
                chunks=chunks,
                backend=backend,  # type: ignore[arg-type]
                simultaneous=simultaneous,
            )

        start = time.perf_counter()
        run()
        seconds = time.perf_counter() - start
        with dask.config.set(scheduler="threads"):
            start = time.perf_counter()
            run("dask")
            dask_seconds = time.perf_counter() - start
        peak = peak_mib(run)
        kind = "simultaneous" if simultaneous else "marginal    "
        print(
            f"ranks {kind} n={units:>6,} draws={draws:>5,} chunks={chunks:>4}: "
            f"{seconds:6.2f} s ({seconds / draws * 1e3:6.2f} ms per draw, "
            f"{seconds / draws / units * 1e6:5.2f} us per draw and unit; Dask "
            f"threads {dask_seconds:6.2f} s); peak {peak:6.1f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller problems")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    in_memory(426, 2, 10_000 // scale, 300, seed=1)
    in_memory(100_000 // scale, 3, 200, 5, seed=2)
    lazy(426, 2, 100_000 // scale, 10_000 // scale, seed=3)
    lazy(100_000 // scale, 3, 1_000, 100, seed=4)
    ranks(426, 2_000, 500, seed=5)
    ranks(2_000, 1_000, 250, seed=6)
    if not args.quick:
        ranks(10_000, 500, 100, seed=7)


if __name__ == "__main__":
    main()
