"""Loading the bundled data, against the barometer it feeds, in the same run.

1. ``load_norway()`` in a fresh process (its first call, imports already done) and
   again in the same process (later calls). Targets: first call under 150 ms,
   later calls under 20 ms.
2. The ratio of each to ``attraktiv.barometer`` on the loaded panel (3 levels x 12
   periods), timed in the same run: loading should not cost more than the analysis
   it feeds (it cost 60-100x before the counts were precomputed).

Not a test; run from the repository root: ``python benchmarks/bench_loading.py``
(``--runs`` fresh processes, default 5).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

import attraktiv
from _timing import best_of
from attraktiv.datasets import load_norway

_FRESH = """
import json, time
import attraktiv
from attraktiv.datasets import load_norway
start = time.perf_counter()
load_norway()
first = time.perf_counter() - start
later = []
for _ in range(20):
    start = time.perf_counter()
    load_norway()
    later.append(time.perf_counter() - start)
print(json.dumps({"first": first, "later": min(later)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    firsts, laters = [], []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", _FRESH], capture_output=True, text=True, check=True
        )
        times = json.loads(out.stdout)
        firsts.append(times["first"])
        laters.append(times["later"])
    panel = load_norway()
    barometer = best_of(lambda: attraktiv.barometer(panel), 5, warm_up=True)
    first, later = statistics.median(firsts), statistics.median(laters)
    print(
        f"load_norway() first call, median of {args.runs} fresh processes: "
        f"{first * 1e3:.1f} ms (min {min(firsts) * 1e3:.1f}, max "
        f"{max(firsts) * 1e3:.1f}); target < 150 ms"
    )
    print(f"load_norway() later calls: {later * 1e3:.2f} ms; target < 20 ms")
    print(f"barometer(panel), 3 levels x 12 periods: {barometer * 1e3:.1f} ms")
    print(
        f"ratio first load / barometer: {first / barometer:.2f}x; "
        f"later load / barometer: {later / barometer:.2f}x"
    )


if __name__ == "__main__":
    main()
