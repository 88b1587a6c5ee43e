"""Time of ``import attraktiv`` in fresh processes, against ``import numpy``.

Each statement runs in a new interpreter, which times it from inside (wall time by
``time.perf_counter``, CPU time by ``time.process_time``, so waiting for a core on a
shared machine shows in the first only). Measured alternately in the same run, so
that a change of load hits all of them:

- ``import attraktiv`` (target: < 150 ms at a quiet moment);
- ``import numpy``, the peer: the smallest thing any numerical library loads;
- ``import pandas``, and ``from attraktiv import AttractivenessModel``: what the
  first real use costs, now that ``import attraktiv`` defers it;
- the ``attraktiv --version`` command (``python -m attraktiv --version``), as
  whole processes, against ``python -c pass`` (the interpreter's own start).

Printed: the median and range of each, the ratios of ``import attraktiv`` to
``import numpy`` (wall and CPU), the modules ``import attraktiv`` took the most
time for (a ``python -X importtime`` breakdown), and which heavy modules it left
unloaded.

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
import time
from pathlib import Path

HEAVY = ("pandas", "numpy", "scipy", "matplotlib", "dask", "tqdm", "patsy")
STATEMENTS = {
    "import attraktiv": "import attraktiv",
    "import numpy (peer)": "import numpy",
    "import pandas": "import pandas",
    "first use (model)": "from attraktiv import AttractivenessModel",
}
_ENVIRONMENT = {
    **os.environ,
    "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
}


def _python(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        check=True,
        env=_ENVIRONMENT,
    )


def statement_time(statement: str) -> tuple[float, float]:
    """Wall and CPU seconds of ``statement`` in a fresh interpreter."""
    code = (
        "import time\n"
        "wall, cpu = time.perf_counter(), time.process_time()\n"
        f"{statement}\n"
        "print(time.perf_counter() - wall, time.process_time() - cpu)\n"
    )
    wall, cpu = _python("-c", code).stdout.split()
    return float(wall), float(cpu)


def process_time(*arguments: str) -> float:
    """Wall seconds of a whole interpreter process run with ``arguments``."""
    start = time.perf_counter()
    _python(*arguments)
    return time.perf_counter() - start


def _importtime(statement: str) -> list[tuple[str, int, int]]:
    """(module, own µs, cumulative µs) of each import ``statement`` makes."""
    rows = []
    for line in _python("-X", "importtime", "-c", statement).stderr.splitlines():
        fields = [field.strip() for field in line.split("|")]
        own = fields[0].removeprefix("import time:").strip()
        if len(fields) == 3 and own.isdigit():
            rows.append((fields[2], int(own), int(fields[1])))
    return rows


def breakdown(statement: str, top: int = 8) -> list[tuple[str, int, int]]:
    """The modules that took most of ``statement``'s import time.

    From ``python -X importtime``: (module, own µs, cumulative µs), largest own
    time first, the modules of the interpreter's own start-up (``site`` and what
    it loads) left out.
    """
    start_up = {name for name, _, _ in _importtime("pass")}
    ours = [row for row in _importtime(statement) if row[0] not in start_up]
    return sorted(ours, key=lambda row: -row[1])[:top]


def loaded_heavy() -> list[str]:
    """Heavy modules present after ``import attraktiv`` in a fresh interpreter."""
    code = "import attraktiv, sys, json; print(json.dumps(sorted(sys.modules)))"
    modules = json.loads(_python("-c", code).stdout)
    return [name for name in HEAVY if name in modules]


def _line(label: str, times: list[float]) -> str:
    return (
        f"{label:<30} median {statistics.median(times) * 1e3:7.1f} ms  "
        f"(range {min(times) * 1e3:.1f}-{max(times) * 1e3:.1f}, {len(times)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    wall: dict[str, list[float]] = {label: [] for label in STATEMENTS}
    cpu: dict[str, list[float]] = {label: [] for label in STATEMENTS}
    command: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):  # alternately, so that load changes hit all
        for label, statement in STATEMENTS.items():
            seconds, cpu_seconds = statement_time(statement)
            wall[label].append(seconds)
            cpu[label].append(cpu_seconds)
        command.append(process_time("-m", "attraktiv", "--version"))
        bare.append(process_time("-c", "pass"))
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (1 minute)")
    print("wall time, inside a fresh interpreter:")
    for label in STATEMENTS:
        print("  " + _line(label, wall[label]))
    print("CPU time, inside a fresh interpreter:")
    for label in STATEMENTS:
        print("  " + _line(label, cpu[label]))
    print("whole processes:")
    print("  " + _line("python -m attraktiv --version", command))
    print("  " + _line("python -c pass (start-up)", bare))
    ours, peer = "import attraktiv", "import numpy (peer)"
    for kind, times in (("wall", wall), ("CPU", cpu)):
        print(
            f"ratio import attraktiv / import numpy ({kind}): "
            f"{statistics.median(times[ours]) / statistics.median(times[peer]):.3f}"
        )
    print(
        "attraktiv --version over the interpreter's start-up: "
        f"{(statistics.median(command) - statistics.median(bare)) * 1e3:.1f} ms"
    )
    print("import attraktiv, largest own import times (python -X importtime):")
    for name, own, cumulative in breakdown("import attraktiv"):
        print(
            f"  {name:<32} own {own / 1e3:6.2f} ms, cumulative {cumulative / 1e3:.2f}"
        )
    heavy = loaded_heavy()
    print(f"heavy modules loaded by import attraktiv: {heavy or 'none'}")
    print("target: import attraktiv < 150 ms at a quiet moment")


if __name__ == "__main__":
    main()
