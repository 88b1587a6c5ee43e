"""Time Panel.period_table on the bundled Norwegian data and on a large synthetic panel.

Run: ``python benchmarks/bench_period_table.py``. Prints wall-clock times (best of a
few repeats; "cold" includes building the panel and its level caches).
"""

from __future__ import annotations

import time

from _timing import best_of
from attraktiv import period_table
from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.panel import Panel


def all_periods(panel: Panel, levels: tuple[str, ...]) -> None:
    for period in panel.periods_available():
        for level in levels:
            period_table(panel, period, level=level)


def report(label: str, seconds: float) -> None:
    print(f"  {label:<52}{seconds:8.4f}")


def main() -> None:
    print("attraktiv period_table benchmark (seconds, best of repeats)")

    report("load_norway()", best_of(load_norway, 5))
    norway = load_norway()
    n_periods = len(norway.periods_available())
    n_units = len(norway.units("municipality"))

    def cold_municipalities() -> None:
        all_periods(load_norway(), ("municipality",))

    report(
        f"{n_units} municipalities x {n_periods} periods, cold (with load)",
        best_of(cold_municipalities, 5),
    )
    report(
        f"{n_units} municipalities x {n_periods} periods, warm",
        best_of(lambda: all_periods(norway, ("municipality",)), 5),
    )
    report(
        f"85 regions x {n_periods} periods, warm",
        best_of(lambda: all_periods(norway, ("region",)), 5),
    )
    report(
        f"3 levels x {n_periods} periods, warm",
        best_of(lambda: all_periods(norway, norway.levels), 5),
    )

    started = time.perf_counter()
    big = simulate_panel(100_000, range(1997, 2017), rng=0)
    report("simulate_panel(100_000 units, 20 years)", time.perf_counter() - started)
    started = time.perf_counter()
    period_table(big, "2014-2016")
    report("100,000 units, one period, first call", time.perf_counter() - started)
    report(
        "100,000 units, one period, warm",
        best_of(lambda: period_table(big, "2014-2016"), 3),
    )
    started = time.perf_counter()
    all_periods(big, ("municipality",))
    n_big = len(big.periods_available())
    report(f"100,000 units x {n_big} periods", time.perf_counter() - started)
    started = time.perf_counter()
    period_table(big, "2014-2016", level="region")
    report(
        "100,000 units -> regions, one period, first call",
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
