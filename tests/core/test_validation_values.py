"""``check_values``: one check for arguments that must be numbers (issue 21)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attraktiv.core.validation import check_values
from attraktiv.errors import DataError

NUMBERS = "is not valid; give an array or list of numbers"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, f"population=None {NUMBERS}"),
        ("1000", f"population='1000' {NUMBERS}"),
        (b"1000", f"population=b'1000' {NUMBERS}"),
        ({"a": 1.0}, f"population=a dict {NUMBERS}"),
        ({1.0, 2.0}, f"population=a set {NUMBERS}"),
        (7, "population has shape (); give one value per unit, at least one value"),
        ([], "population has shape (0,); give one value per unit, at least one value"),
        (
            [[1.0, 2.0]],
            "population has shape (1, 2); give one value per unit, at least one value",
        ),
        (
            ["a", "b"],
            "population must be numbers (integers or floats), got a list of dtype <U1",
        ),
        (
            [True, False],
            "population must be numbers (integers or floats), got a list of dtype bool",
        ),
        (
            [1.0, "2"],
            "population must be numbers (integers or floats), got a list of dtype <U32",
        ),
        ([1.0, np.nan], "population must be finite numbers above 0; got nan"),
        ([1.0, -np.inf], "population must be finite numbers above 0; got -inf"),
        ([5.0, -2.0], "population must be finite numbers above 0; got -2.0"),
        (
            [[1.0], [2.0, 3.0]],
            "population cannot be read as an array of numbers; give rows of equal "
            "length",
        ),
    ],
)
def test_what_is_not_positive_numbers_is_refused_by_name(
    value: object, message: str
) -> None:
    with pytest.raises(DataError) as caught:
        check_values("population", value, positive=True)
    assert type(caught.value) is DataError
    assert str(caught.value) == message


def test_numbers_come_back_as_floats() -> None:
    np.testing.assert_array_equal(check_values("x", [1, 2]), np.array([1.0, 2.0]))
    series = pd.Series([0.5, -1.5], index=["a", "b"])
    assert check_values("x", series).tolist() == [0.5, -1.5]
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    assert check_values("x", frame, ndim=2).tolist() == [[1.0, 3.0], [2.0, 4.0]]
    held = np.array([1, 2.5], dtype=object)  # numbers held as Python objects
    assert check_values("x", held).dtype == np.float64


def test_unknown_values_pass_when_asked() -> None:
    values = check_values("values", [1.0, np.nan], finite=False)
    assert np.isnan(values[1])
    assert check_values("values", np.ones((2, 3)), ndim=(1, 2)).shape == (2, 3)
