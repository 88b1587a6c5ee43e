"""as_periods at the boundary: the argument named, an empty list refused (issue 21)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import attraktiv
from attraktiv.errors import AttraktivError, InvalidOptionError, PeriodError
from attraktiv.periods import Period, as_periods


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (None, "name=None"),
        (7, "name=7"),
        (math.nan, "name=nan"),
        ({"a": 1}, "name=a dict"),
        (pd.DataFrame({"a": [1]}), "name=a DataFrame"),
        (b"periods", "name=b'periods'"),
        ("", "name=''"),
        ("x" * 300, "(300 characters)"),
        ([], "name=a list"),
    ],
    ids=["none", "int", "nan", "dict", "frame", "bytes", "empty", "long", "list"],
)
def test_name_must_be_one_line_of_text(name: object, shown: str) -> None:
    with pytest.raises(InvalidOptionError) as info:
        as_periods(["2008-2010"], name)  # type: ignore[arg-type]
    assert type(info.value) is InvalidOptionError
    assert shown in str(info.value)


@pytest.mark.parametrize(
    "values",
    [[], (), pd.Index([], dtype=object)],
    ids=["list", "tuple", "index"],
)
def test_an_empty_sequence_is_refused(values: object) -> None:
    with pytest.raises(InvalidOptionError) as info:
        as_periods(values)
    assert type(info.value) is InvalidOptionError
    assert str(info.value) == (
        "periods is empty; give at least one period, such as periods=['2008-2010']"
    )


def test_messages_use_the_callers_name() -> None:
    with pytest.raises(InvalidOptionError, match=r"^windows is empty; .*windows=\["):
        as_periods([], "windows")
    with pytest.raises(PeriodError) as info:
        as_periods("2008-2010", "windows")
    assert type(info.value) is PeriodError
    assert str(info.value).startswith("windows='2008-2010' is not valid")
    with pytest.raises(PeriodError, match=r"^windows: cannot read 'x' as a period"):
        as_periods(["x"], "windows")


def test_valid_periods_with_a_custom_name() -> None:
    assert as_periods(["2008-2010", (2011, 2013)], "windows") == [
        Period(2008, 2010),
        Period(2011, 2013),
    ]


def test_callers_refuse_an_empty_list_of_periods() -> None:
    # barometer, DriverAnalysis.fit and clustering_by_period read their periods
    # with as_periods: each refuses [] with the same class, naming periods.
    from attraktiv.datasets import load_example
    from attraktiv.spatial import clustering_by_period, hierarchy_weights

    panel = load_example()
    weights = hierarchy_weights("municipality", panel.hierarchy)
    calls = [
        lambda: attraktiv.barometer(panel, periods=[]),
        lambda: attraktiv.DriverAnalysis(["size"]).fit(panel, periods=[]),
        lambda: clustering_by_period(panel, weights=weights, periods=[]),
    ]
    for call in calls:
        with pytest.raises(AttraktivError) as info:
            call()
        assert type(info.value) is InvalidOptionError
        assert str(info.value).startswith("periods is empty; give at least one period")
