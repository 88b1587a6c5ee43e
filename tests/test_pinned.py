"""The numbers of the bundled data do not move (restructuring and speed work).

The reference files in ``tests/data/pinned`` were written by ``make_pinned.py`` beside
them, before the restructuring of the driver path; a change meant to move a number
rewrites them in a commit that says why.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

PINNED = Path(__file__).parent / "data" / "pinned"


def _maker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_pinned", PINNED / "make_pinned.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(PINNED / name, dtype={"code": "str", "period": "str"})


def _assert_same(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(actual.columns) == list(expected.columns)
    assert len(actual) == len(expected)
    for column in expected.columns:
        want = expected[column]
        got = actual[column]
        if pd.api.types.is_float_dtype(want):
            np.testing.assert_allclose(
                got.to_numpy(dtype=float),
                want.to_numpy(),
                rtol=1e-12,
                atol=1e-12,
                err_msg=column,
            )
        else:
            assert got.astype("str").tolist() == want.astype("str").tolist(), column


@pytest.fixture(scope="module")
def maker():  # type: ignore[no-untyped-def]
    return _maker()


@pytest.mark.smoke
def test_barometer_of_bundled_data_is_pinned(maker) -> None:  # type: ignore[no-untyped-def]
    _assert_same(maker.pinned_barometer(), _read("barometer_norway.csv"))


def test_driver_tables_are_pinned(maker) -> None:  # type: ignore[no-untyped-def]
    _assert_same(maker.pinned_drivers(), _read("drivers.csv"))


def test_pins_can_fail(maker) -> None:  # type: ignore[no-untyped-def]
    moved = _read("barometer_norway.csv")
    moved.loc[0, "attractiveness"] += 1e-9
    with pytest.raises(AssertionError):
        _assert_same(maker.pinned_barometer(), moved)
