"""Time of ``import attraktiv`` in fresh processes, against ``import pandas``.

Each import runs in a new interpreter (``python -X importtime -c ...``), and the
total cumulative time of the top-level module is read from its report;
``import pandas`` alone, measured alternately in the same run, is the peer
(attraktiv needs pandas, so its import can never be cheaper), in wall time and
in CPU time (``time.process_time`` around the import). Printed: the median and
range of each, their ratio, and which heavy modules ``import
attraktiv`` left unloaded. Target: ``import attraktiv`` under 150 ms at a
quiet moment.

Not a test; run from the repository root: ``python benchmarks/bench_import.py``
(``--runs`` for the number of processes per statement, default 9).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HEAVY = ("scipy", "matplotlib", "dask", "tqdm", "numpy.f2py", "numpy.testing")
_ENVIRONMENT = {
    **os.environ,
    "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
}


def import_time(module: str) -> float:
    """Seconds that importing ``module`` took in a fresh interpreter."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=_ENVIRONMENT,
    )
    for line in reversed(completed.stderr.splitlines()):
        fields = [field.strip() for field in line.split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1]) / 1e6
    raise RuntimeError(f"no import time reported for {module}")


def import_cpu(module: str) -> float:
    """CPU seconds that importing ``module`` took in a fresh interpreter.

    Steadier than wall time on a shared machine, where waiting for a core counts
    in the wall time but not here.
    """
    code = (
        f"import time; start = time.process_time(); import {module}; "
        "print(time.process_time() - start)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=_ENVIRONMENT,
    )
    return float(completed.stdout)


def loaded_heavy() -> list[str]:
    """Heavy modules present after ``import attraktiv`` in a fresh interpreter."""
    code = "import attraktiv, sys, json; print(json.dumps(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=_ENVIRONMENT,
    )
    modules = json.loads(completed.stdout)
    return [name for name in HEAVY if name in modules]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    ours, pandas, ours_cpu, pandas_cpu = [], [], [], []
    for _ in range(args.runs):  # alternately, so that load changes hit both
        ours.append(import_time("attraktiv"))
        pandas.append(import_time("pandas"))
        ours_cpu.append(import_cpu("attraktiv"))
        pandas_cpu.append(import_cpu("pandas"))
    median_ours = statistics.median(ours)
    median_pandas = statistics.median(pandas)
    for label, times in (
        ("import attraktiv", ours),
        ("import pandas", pandas),
        ("  CPU attraktiv", ours_cpu),
        ("  CPU pandas", pandas_cpu),
    ):
        print(
            f"{label:<17} median {statistics.median(times) * 1e3:7.1f} ms  "
            f"(range {min(times) * 1e3:.1f}-{max(times) * 1e3:.1f}, {args.runs} runs)"
        )
    print(
        f"ratio attraktiv / pandas: {median_ours / median_pandas:.2f} "
        f"(attraktiv's own share {(median_ours - median_pandas) * 1e3:.1f} ms)"
    )
    print(
        f"CPU ratio attraktiv / pandas: "
        f"{statistics.median(ours_cpu) / statistics.median(pandas_cpu):.2f}"
    )
    heavy = loaded_heavy()
    print(f"heavy modules loaded by import attraktiv: {heavy or 'none'}")
    print("target: import attraktiv < 150 ms at a quiet moment")


if __name__ == "__main__":
    main()
