"""Wall-clock timing shared by the benchmark scripts (not a test module)."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator


def timings(function: Callable[[], object], repeats: int) -> list[float]:
    """Seconds taken by each of ``repeats`` calls of ``function``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def best_of(
    function: Callable[[], object], repeats: int = 5, *, warm_up: bool = False
) -> float:
    """The fastest of ``repeats`` calls, after one untimed call if ``warm_up``."""
    if warm_up:
        function()
    return min(timings(function, repeats))


def median_of(function: Callable[[], object], repeats: int) -> float:
    """The median of ``repeats`` calls."""
    return statistics.median(timings(function, repeats))


#: A busy loop that ends by itself after this many seconds, should the benchmark
#: that started it die without stopping it.
BUSY_SECONDS = 600


@contextlib.contextmanager
def busy_cores(count: int | None = None) -> Iterator[list[int]]:
    """Keep ``count`` cores busy (default: all) with spinning Python processes.

    Yields their process ids; they are killed on exit, and each stops by itself
    after ``BUSY_SECONDS`` in any case.
    """
    if count is None:
        count = os.cpu_count() or 1
    loop = (
        "import time\n"
        f"end = time.monotonic() + {BUSY_SECONDS}\n"
        "while time.monotonic() < end:\n"
        "    pass\n"
    )
    processes = [subprocess.Popen([sys.executable, "-c", loop]) for _ in range(count)]
    try:
        time.sleep(0.5)  # let them start spinning
        yield [process.pid for process in processes]
    finally:
        for process in processes:
            process.kill()
        for process in processes:
            process.wait()
