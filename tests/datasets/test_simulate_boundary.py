"""Bad arguments of simulate_panel: the class and the culprit (issue 21)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from attraktiv.datasets import simulate_panel
from attraktiv.datasets._simulate import MAX_NOISE_SD
from attraktiv.errors import InvalidOptionError


@pytest.mark.parametrize(
    ("years", "shown"),
    [
        (None, "years=None"),
        (2008, "years=2008"),
        (math.nan, "years=nan"),
        (math.inf, "years=inf"),
        (10**12, "years=1000000000000"),
        ("2008", "years='2008'"),
        (b"2008", "years=b'2008'"),
        ({2008: 1, 2009: 2}, "years=a dict"),
        (pd.DataFrame({"a": [2008]}), "years=a DataFrame"),
        ([2008.0, 2009.0], "years=a list"),
        ([True, False], "years=a list"),
    ],
    ids=[
        "none",
        "int",
        "nan",
        "inf",
        "huge",
        "text",
        "bytes",
        "dict",
        "frame",
        "floats",
        "bools",
    ],
)
def test_years_must_be_whole_years(years: object, shown: str) -> None:
    with pytest.raises(InvalidOptionError) as info:
        simulate_panel(10, years=years, rng=1)  # type: ignore[arg-type]
    assert type(info.value) is InvalidOptionError
    assert str(info.value) == (
        f"{shown} is not valid; give consecutive whole years, such as range(2002, 2017)"
    )


def test_years_as_an_array_of_whole_years() -> None:
    panel = simulate_panel(10, years=np.arange(2004, 2008), rng=1)
    assert panel.years == (2004, 2005, 2006, 2007)


@pytest.mark.parametrize(
    ("noise_sd", "message"),
    [
        (10.5, "noise_sd=10.5 is not valid; it must be at most 10 percentage points"),
        (10**12, "noise_sd=1e+12 is not valid; it must be at most 10 percentage"),
        (math.nan, "noise_sd=nan is not valid; it must be finite (and >= 0)"),
        ("1.5", "noise_sd='1.5' is not valid; give a finite number >= 0"),
    ],
    ids=["above", "huge", "nan", "text"],
)
def test_noise_sd_is_bounded(noise_sd: object, message: str) -> None:
    with pytest.raises(InvalidOptionError) as info:
        simulate_panel(10, noise_sd=noise_sd, rng=1)  # type: ignore[arg-type]
    assert type(info.value) is InvalidOptionError
    assert str(info.value).startswith(message)


def test_noise_sd_at_its_bound_and_as_a_whole_number() -> None:
    # The largest noise leaves every population positive; a whole number is a
    # valid noise (7 percentage points), the same as 7.0.
    at_bound = simulate_panel(200, noise_sd=MAX_NOISE_SD, rng=5)
    assert (at_bound.data["population_jan1"] > 0).all()
    pd.testing.assert_frame_equal(
        simulate_panel(20, noise_sd=7, rng=2).data,
        simulate_panel(20, noise_sd=7.0, rng=2).data,
    )


@pytest.mark.parametrize(
    ("coefficients", "culprit"),
    [
        ({"a": 1}, "unknown coefficient(s) 'a'; choose from 'intercept'"),
        ({"size": 1.0, "b": 2.0}, "unknown coefficient(s) 'size', 'b'; choose from"),
    ],
    ids=["one", "two"],
)
def test_unknown_coefficients_name_the_argument(
    coefficients: dict[str, float], culprit: str
) -> None:
    with pytest.raises(InvalidOptionError) as info:
        simulate_panel(10, coefficients=coefficients, rng=1)
    assert type(info.value) is InvalidOptionError
    assert culprit in str(info.value)
    assert str(info.value).endswith("as the keys of coefficients")
