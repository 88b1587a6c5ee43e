"""Bad arguments of the panel, its counts and its helpers, refused by name (issue 21).

Each case asserts the exact error class and the exact message, which names the
argument; the values accepted on purpose (None as the lowest level, no flow
components, no period of 10**12 years) are checked for their result.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pytest

import attraktiv
from attraktiv import Period
from attraktiv import panel as pnl
from attraktiv.datasets import load_example
from attraktiv.errors import DataError, InvalidOptionError, PeriodError
from helpers import refused

PERIOD = Period(2008, 2010)
COUNTS = "(the counts have: population_jan1, natural_increase, net_migration, jobs)"
NO_PERIOD = (
    "a period needs its years and the year before it, with population, net migration "
    "and jobs known in them"
)


@cache
def example() -> attraktiv.Panel:
    return load_example()


@cache
def counts() -> attraktiv.PeriodCounts:
    return example().counts(PERIOD, "municipality")


CASES = [
    # the unit and year columns are named by text
    pytest.param(
        lambda: attraktiv.Panel(
            example().data, example().hierarchy, unit_column=["code"]
        ),
        DataError,
        "unit_column=a list is not valid; give the name of the unit column of data as "
        "text",
        id="Panel-unit_column-list",
    ),
    pytest.param(
        lambda: attraktiv.Panel(
            example().data, example().hierarchy, year_column={"y": 1}
        ),
        DataError,
        "year_column=a dict is not valid; give the name of the year column of data as "
        "text",
        id="Panel-year_column-dict",
    ),
    pytest.param(
        lambda: attraktiv.Panel(example().data, example().hierarchy, unit_column=None),
        DataError,
        "unit_column=None is not valid; give the name of the unit column of data as "
        "text",
        id="Panel-unit_column-none",
    ),
    # a period length the panel cannot hold is named
    pytest.param(
        lambda: example().latest_period(7),
        PeriodError,
        f"the panel (years 2007-2013) supports no period of 7 years (length=7): "
        f"{NO_PERIOD}",
        id="latest_period-length-7",
    ),
    pytest.param(
        lambda: example().latest_period(10**12),
        PeriodError,
        "the panel (years 2007-2013) supports no period of 1,000,000,000,000 years "
        f"(length=1,000,000,000,000): {NO_PERIOD}",
        id="latest_period-length-huge",
    ),
    pytest.param(
        lambda: example().periods_available(0),
        PeriodError,
        "period length must be an integer >= 1, got 0",
        id="periods_available-length-0",
    ),
    # PeriodCounts: a column's name and a whole year
    pytest.param(
        lambda: counts().start(["jobs"]),
        DataError,
        f"column=a list is not valid; give the name of a panel column as text {COUNTS}",
        id="PeriodCounts.start-column-list",
    ),
    pytest.param(
        lambda: counts().end({"jobs": 1}),
        DataError,
        f"column=a dict is not valid; give the name of a panel column as text {COUNTS}",
        id="PeriodCounts.end-column-dict",
    ),
    pytest.param(
        lambda: counts().before(None),
        DataError,
        f"column=None is not valid; give the name of a panel column as text {COUNTS}",
        id="PeriodCounts.before-column-none",
    ),
    pytest.param(
        lambda: counts().total(7),
        DataError,
        f"column=7 is not valid; give the name of a panel column as text {COUNTS}",
        id="PeriodCounts.total-column-int",
    ),
    pytest.param(
        lambda: counts().at("jobs", [2009]),
        PeriodError,
        "year=a list is not valid; give a whole year of the panel (2007-2013)",
        id="PeriodCounts.at-year-list",
    ),
    pytest.param(
        lambda: counts().at("jobs", "2009"),
        PeriodError,
        "year='2009' is not valid; give a whole year of the panel (2007-2013)",
        id="PeriodCounts.at-year-text",
    ),
    pytest.param(
        lambda: counts().at("jobs", 2009.0),
        PeriodError,
        "year=2009.0 is not valid; give a whole year of the panel (2007-2013)",
        id="PeriodCounts.at-year-float",
    ),
    pytest.param(
        lambda: counts().at("jobs", True),
        PeriodError,
        "year=True is not valid; give a whole year of the panel (2007-2013)",
        id="PeriodCounts.at-year-bool",
    ),
    pytest.param(
        lambda: counts().at("jobs", 1990),
        PeriodError,
        "period 2008-2010 needs 1990 (a year of the data), but the panel has years "
        "2007-2013",
        id="PeriodCounts.at-year-outside",
    ),
    pytest.param(
        lambda: counts().neighbour_totals(None),
        DataError,
        "values=None is not valid; give an array or list of numbers",
        id="PeriodCounts.neighbour_totals-none",
    ),
    pytest.param(
        lambda: counts().neighbour_totals("jobs"),
        DataError,
        "values='jobs' is not valid; give an array or list of numbers",
        id="PeriodCounts.neighbour_totals-text",
    ),
    pytest.param(
        lambda: counts().neighbour_totals(np.ones(3)),
        DataError,
        "values has 3 rows; give one per unit of municipality (18), in the order of "
        "codes",
        id="PeriodCounts.neighbour_totals-rows",
    ),
    pytest.param(
        lambda: counts().neighbour_totals(np.ones((18, 1, 1))),
        DataError,
        "values has shape (18, 1, 1); give a 1-D array or a 2-D array, at least one "
        "value",
        id="PeriodCounts.neighbour_totals-three-dimensions",
    ),
    # gap_text and require_panel: their message material
    pytest.param(
        lambda: pnl.gap_text("2008-2010", "jobs", 2009),
        InvalidOptionError,
        "period='2008-2010' is not valid; give a Period",
        id="gap_text-period",
    ),
    pytest.param(
        lambda: pnl.gap_text(PERIOD, None, 2009),
        InvalidOptionError,
        "column=None is not valid; give a non-empty text",
        id="gap_text-column",
    ),
    pytest.param(
        lambda: pnl.gap_text(PERIOD, "jobs", 10**12),
        InvalidOptionError,
        "year=1,000,000,000,000 is not valid; it must be at most 9,999",
        id="gap_text-year-huge",
    ),
    pytest.param(
        lambda: pnl.gap_text(PERIOD, "jobs", "2009"),
        InvalidOptionError,
        "year='2009' is not valid; give a whole number",
        id="gap_text-year-text",
    ),
    pytest.param(
        lambda: pnl.require_panel(example(), None),
        InvalidOptionError,
        "needs=None is not valid; give a non-empty text",
        id="require_panel-needs",
    ),
    pytest.param(
        lambda: pnl.require_panel(example(), "x needs a Panel", alternative=7),
        InvalidOptionError,
        "alternative=7 is not valid; give text (or leave it out)",
        id="require_panel-alternative-int",
    ),
    pytest.param(
        lambda: pnl.require_panel(example(), "x needs a Panel", alternative="y" * 600),
        InvalidOptionError,
        "alternative='yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy… (600 "
        "characters) is not valid; give one line of at most 500 characters",
        id="require_panel-alternative-long",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_a_bad_argument_is_refused_by_name(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    assert refused(call, error) == message


def test_no_period_is_longer_than_the_panel() -> None:
    # 10**12 years: none, as for any length the panel's years cannot hold.
    assert example().periods_available(10**12) == []
    assert example().periods_and_gaps(10**12) == ([], [])
    assert example().periods_available(7) == []
    assert example().periods_available(6) == [Period(2008, 2013)]


def test_none_is_the_lowest_level_and_an_empty_list_no_components() -> None:
    assert example().resolve_level(None) == "municipality"
    panel = attraktiv.Panel(example().data, example().hierarchy, components=[])
    assert panel.components == ()


def test_neighbour_totals_of_ones_count_the_neighbours() -> None:
    # Each unit's neighbours are the rest of its parent: with ones, their number.
    totals = counts().neighbour_totals(np.ones(18))
    hierarchy = example().hierarchy
    parents = hierarchy.mapping("municipality", "region").loc[counts().codes]
    sizes = parents.map(parents.value_counts()).to_numpy(dtype=float)
    alone = sizes == 1
    assert (~alone).sum() > 10
    np.testing.assert_array_equal(totals[~alone], sizes[~alone] - 1)
    # Unknown values stay unknown rather than being refused.
    with_nan = np.ones(18)
    with_nan[0] = np.nan
    assert np.isnan(counts().neighbour_totals(with_nan)).any()


def test_gap_text_says_which_column_and_year() -> None:
    assert pnl.gap_text(Period(2014, 2016), "net_migration", 2016) == (
        "period 2014-2016 has no value of 'net_migration' in 2016 for any unit"
    )
