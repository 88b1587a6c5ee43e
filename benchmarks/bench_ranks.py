"""Speed of the rank confidence sets (``attraktiv.uncertainty.rank_intervals``).

1. 426 units (Norway's municipalities) with 2,000 parametric bootstrap draws,
   marginal and simultaneous sets, against a plain NumPy implementation of the same
   computation (one draw at a time, the full n x n matrix of |t|) in the same run,
   on the same estimates and the same random draws, so the sets must be identical.
   Target: under one second on a 2-core machine.
2. The set of the top 20 of 426 units (the same bootstrap, simultaneous).
3. 100,000 units with ``method="overlap"`` (no draws, n log n).

There is no statsmodels peer for rank confidence sets, so the reference is the
direct implementation. Times are the best of a few runs, wall clock and CPU (on a
shared machine the CPU time is the steadier of the two).

Not a test; run from the repository root: ``python benchmarks/bench_ranks.py``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from _timing import best_of
from attraktiv.uncertainty import rank_intervals, top_set


def direct(
    est: np.ndarray, se: np.ndarray, draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The marginal sets, one bootstrap draw at a time (the reference)."""
    n = est.size
    scale = 1.0 / np.sqrt(se[:, None] ** 2 + se[None, :] ** 2)
    np.fill_diagonal(scale, 0.0)
    maxima = np.empty((draws, n))
    for d in range(draws):
        errors = se * rng.standard_normal(n)
        maxima[d] = (np.abs(errors[:, None] - errors[None, :]) * scale).max(axis=1)
    critical = np.quantile(maxima, 0.95, axis=0, method="higher")
    t = (est[None, :] - est[:, None]) * scale
    np.fill_diagonal(t, 0.0)
    above = (t > critical[:, None]).sum(axis=1)
    below = (t < -critical[:, None]).sum(axis=1)
    return 1 + above, n - below


def cpu_best(function: Callable[[], object], repeats: int) -> float:
    """The least CPU time of ``repeats`` calls."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=426)
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2011)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    n = args.units
    # like the index of Norway's municipalities: sd about 2 pp, errors 0.1-4 pp
    se = np.exp(rng.normal(-0.3, 0.6, n))
    est = rng.normal(0.0, 1.7, n) + se * rng.standard_normal(n)

    def marginal() -> object:
        return rank_intervals(est, se, draws=args.draws, rng=1)

    def joint() -> object:
        return rank_intervals(est, se, draws=args.draws, rng=1, simultaneous=True)

    def top() -> object:
        return top_set(est, se, 20, draws=args.draws, rng=1)

    def reference() -> object:
        return direct(est, se, args.draws, np.random.default_rng(1))

    sets = rank_intervals(est, se, draws=args.draws, rng=1)
    low, high = direct(est, se, args.draws, np.random.default_rng(1))
    same = bool(
        (sets["rank_low"].to_numpy() == low).all()
        and (sets["rank_high"].to_numpy() == high).all()
    )
    timed = {
        "rank_intervals, marginal": marginal,
        "rank_intervals, simultaneous": joint,
        "top_set(tau=20)": top,
        "direct NumPy loop, marginal": reference,
    }
    print(f"{n} units, {args.draws:,} draws; identical sets: {same}")
    print(f"  {'':32s}{'wall (s)':>10s}{'CPU (s)':>10s}")
    results = {}
    for label, function in timed.items():
        repeats = 1 if function is reference else args.repeats
        wall = best_of(function, repeats, warm_up=function is marginal)
        cpu = cpu_best(function, repeats)
        results[label] = (wall, cpu)
        print(f"  {label:32s}{wall:10.3f}{cpu:10.3f}")
    ours, theirs = (
        results["rank_intervals, marginal"],
        results["direct NumPy loop, marginal"],
    )
    print(
        f"  ratio direct / attraktiv: {theirs[0] / ours[0]:.1f}x wall, "
        f"{theirs[1] / ours[1]:.1f}x CPU"
    )

    big = 100_000
    est_big = rng.normal(0.0, 1.7, big)
    se_big = np.exp(rng.normal(-0.3, 0.6, big))

    def overlap() -> object:
        return rank_intervals(est_big, se_big, method="overlap")

    wall = best_of(overlap, args.repeats)
    print(f"{big:,} units, method='overlap': {wall:.3f} s wall")


if __name__ == "__main__":
    main()
