"""Wall-clock timing shared by the benchmark scripts (not a test module)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


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
