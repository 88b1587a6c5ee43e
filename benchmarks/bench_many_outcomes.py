"""ols_many from 10,000 to 1,000,000 outcomes: time per outcome and peak memory.

Each size runs in a fresh Python process (so that peak memory is that size's
own): 426 rows, an intercept and one regressor, ``Y`` generated in memory
(float64, C order), then ``attraktiv.ols_many(Y, x)`` reading ``params``,
``std_errors`` and ``rsquared``. Printed per size: microseconds per outcome of
the first fit in the process (cold: the engine's arrays are fresh memory) and
the best of four more (warm, ``WARM_FITS``), in wall and in CPU time
(steadier on a shared machine), the time to read ``resid`` once (recomputed
from the outcomes, see docs), and the peak resident memory above the process's
memory before ``Y`` was made, as a multiple of ``Y``'s size (``resource``
module). Then each size's cost per outcome as a ratio to the smallest size's,
and, as a peer, batched ``numpy.linalg.lstsq`` on the smallest size in the same
process. Targets: the cost per outcome within +-30 % of the smallest size's, and
peak memory at most 1.5x the outcomes.

Not a test; run from the repository root:
``python benchmarks/bench_many_outcomes.py`` (``--max 100000`` to stop before a
million outcomes, which need about 3.5 GB for ``Y`` and 4 GB in all).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

N_ROWS = 426
SIZES = (10_000, 100_000, 1_000_000)

#: Warm fits after the first: the smallest size reaches its steady cost only after
#: three or four fits in a process (glibc maps its arrays of 128 KiB and more
#: afresh until frees of such arrays raise its threshold, and the kernel zeroes
#: fresh pages): 1.2, 1.0, 0.85, then 0.80 us per outcome at 10,000 outcomes.
WARM_FITS = 4


def _rss() -> int:
    """Resident memory of this process, bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak() -> int:
    """Peak resident memory of this process so far, bytes (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def child(outcomes: int, seed: int, peer: bool) -> dict[str, float]:
    """Measure one size in this process."""
    import numpy as np

    import attraktiv

    rng = np.random.default_rng(seed)
    x = rng.normal(0.5, 1.5, size=N_ROWS)
    attraktiv.ols_many(rng.normal(size=(N_ROWS, 20)), x).rsquared  # noqa: B018
    before = max(_rss(), _peak())
    Y = rng.standard_normal((N_ROWS, outcomes))
    Y += 0.2 + 0.4 * x[:, None]

    def fit() -> object:
        result = attraktiv.ols_many(Y, x)
        return result, result.params, result.std_errors, result.rsquared

    start, cpu = time.perf_counter(), time.process_time()
    result = fit()[0]
    cold = time.perf_counter() - start
    cold_cpu = time.process_time() - cpu
    peak = _peak() - before
    warm, warm_cpu = [], []
    for _ in range(WARM_FITS):
        start, cpu = time.perf_counter(), time.process_time()
        fit()
        warm.append(time.perf_counter() - start)
        warm_cpu.append(time.process_time() - cpu)
    start = time.perf_counter()
    result.resid  # type: ignore[attr-defined]  # noqa: B018
    resid = time.perf_counter() - start
    out = {
        "outcomes": outcomes,
        "cold_us": cold / outcomes * 1e6,
        "warm_us": min(warm) / outcomes * 1e6,
        "cold_cpu_us": cold_cpu / outcomes * 1e6,
        "warm_cpu_us": min(warm_cpu) / outcomes * 1e6,
        "resid_us": resid / outcomes * 1e6,
        "peak_ratio": peak / Y.nbytes,
        "y_mib": Y.nbytes / 2**20,
    }
    if peer:
        design = np.column_stack([np.ones(N_ROWS), x])
        np.linalg.lstsq(design, Y[:, :100], rcond=None)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            np.linalg.lstsq(design, Y, rcond=None)
            times.append(time.perf_counter() - start)
        out["lstsq_us"] = min(times) / outcomes * 1e6
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest size")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--peer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.seed, args.peer)))
        return
    sizes = [size for size in SIZES if size <= args.max] or [args.max]
    print(f"ols_many, {N_ROWS} rows x 2 columns, each size in a fresh process")
    print(
        f"{'outcomes':>10} {'Y MiB':>8} {'cold us':>8} {'warm us':>8} "
        f"{'cold cpu':>9} {'warm cpu':>9} {'resid us':>9} {'peak/Y':>7} "
        f"{'warm/first':>11}"
    )
    source = str(Path(__file__).resolve().parents[1] / "src")
    environment = {**os.environ, "PYTHONPATH": source}
    first: dict[str, float] | None = None
    for size in sizes:
        command = [sys.executable, __file__, "--child", str(size)]
        command += ["--seed", str(args.seed)] + (["--peer"] if first is None else [])
        completed = subprocess.run(
            command, capture_output=True, text=True, check=True, env=environment
        )
        row = json.loads(completed.stdout)
        first = first or row
        print(
            f"{size:>10,} {row['y_mib']:>8.0f} {row['cold_us']:>8.2f} "
            f"{row['warm_us']:>8.2f} {row['cold_cpu_us']:>9.2f} "
            f"{row['warm_cpu_us']:>9.2f} {row['resid_us']:>9.2f} "
            f"{row['peak_ratio']:>7.2f} {row['warm_us'] / first['warm_us']:>10.2f}x"
        )
    assert first is not None
    print(
        f"peer at {sizes[0]:,} outcomes: numpy.linalg.lstsq "
        f"{first['lstsq_us']:.2f} us per outcome, "
        f"{first['lstsq_us'] / first['warm_us']:.1f}x ols_many's (warm)"
    )
    print("targets: warm/first within 0.7-1.3x; peak/Y at most 1.5")


if __name__ == "__main__":
    main()
