"""Border-change tables in attraktiv.geography.changes, shared by io and datasets."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import attraktiv.datasets
from attraktiv.errors import InvalidOptionError
from attraktiv.geography.changes import (
    CHANGE_TABLE_BORDERS,
    load_change_table,
    target_names,
)


def test_datasets_shows_the_same_function() -> None:
    assert attraktiv.datasets.load_change_table is load_change_table
    assert CHANGE_TABLE_BORDERS == 2024


@pytest.mark.parametrize("level", ["municipality", "county"])
def test_every_target_has_a_name_and_weights_sum_to_one(level: str) -> None:
    table = load_change_table(level).frame  # type: ignore[arg-type]
    names = target_names(level)  # type: ignore[arg-type]
    assert set(table["target"]) <= set(names.index)
    sums = table.groupby(["original", "year"])["weight"].sum()
    assert sums.to_numpy() == pytest.approx(1.0, abs=1e-12)


def test_what_a_caller_changes_reaches_no_other_caller() -> None:
    first = load_change_table()
    frame = first.frame
    frame.loc[:, "weight"] = 0.0
    frame.columns = pd.Index(["a", "b", "c", "d"])
    assert list(first.frame.columns) == ["original", "year", "target", "weight"]
    assert first.frame["weight"].gt(0).all()
    second = load_change_table()
    assert second is not first
    pd.testing.assert_frame_equal(second.frame, first.frame)
    names = target_names()
    names.iloc[:] = "changed"
    assert target_names()["0301"] == "Oslo-Oslove"
    # The 2018 merger of Trondheim and Klæbu, as the published table has it.
    assert second.targets("1662", 2017).to_dict() == {"5001": 1.0}


def test_unknown_level_is_refused() -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("level must be one of 'municipality', 'county'; got 'fylke'"),
    ):
        target_names("fylke")  # type: ignore[arg-type]
