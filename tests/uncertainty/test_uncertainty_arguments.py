"""Bad arguments of the shrinkage and rank functions, refused by name (issue 21).

Options are checked whatever the target (``tau2_method`` and ``lost_degrees`` without
covariates too), so that a bad value is never silently ignored. Each case asserts the
exact error class and the exact message, which names the argument.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from attraktiv import uncertainty
from attraktiv.errors import DataError, InvalidOptionError
from helpers import refused

EST = pd.Series([1.0, 2.0, -0.5, 0.3, 4.0], index=list("abcde"))
SE = pd.Series([0.5, 1.0, 0.8, 0.4, 2.0], index=list("abcde"))
METHODS = "choose one of 'reml', 'paule-mandel'"
NUMBERS = "is not valid; give an array or list of numbers"
NO_DEGREES = (
    "is not valid for 5 units: it leaves no degrees of freedom for the spread of "
    "real differences; give at most 4"
)

CASES = [
    pytest.param(
        lambda: uncertainty.shrink(EST, SE, tau2_method="ml"),
        InvalidOptionError,
        f"tau2_method='ml' is not valid; {METHODS}",
        id="shrink-tau2_method-unknown",
    ),
    pytest.param(
        lambda: uncertainty.shrink(EST, SE, tau2_method=None),
        InvalidOptionError,
        f"tau2_method=None is not valid; {METHODS}",
        id="shrink-tau2_method-none",
    ),
    pytest.param(
        lambda: uncertainty.shrink(
            EST, SE, parents=EST.index.to_series(), tau2_method=1
        ),
        InvalidOptionError,
        f"tau2_method=1 is not valid; {METHODS}",
        id="shrink-tau2_method-with-parents",
    ),
    pytest.param(
        lambda: uncertainty.shrunk_ranking(EST, SE, tau2_method=7),
        InvalidOptionError,
        f"tau2_method=7 is not valid; {METHODS}",
        id="shrunk_ranking-tau2_method",
    ),
    pytest.param(
        lambda: uncertainty.shrink(EST, SE, lost_degrees=10**12),
        InvalidOptionError,
        f"lost_degrees=1,000,000,000,000 {NO_DEGREES}",
        id="shrink-lost_degrees-huge",
    ),
    pytest.param(
        lambda: uncertainty.shrink(EST, SE, lost_degrees=5),
        InvalidOptionError,
        f"lost_degrees=5 {NO_DEGREES}",
        id="shrink-lost_degrees-all",
    ),
    pytest.param(
        lambda: uncertainty.shrink(EST, SE, lost_degrees="1"),
        InvalidOptionError,
        "lost_degrees='1' is not valid; give a whole number >= 0",
        id="shrink-lost_degrees-text",
    ),
    pytest.param(
        lambda: uncertainty.shrink(EST, SE, covariates=np.ones(5), lost_degrees=-1),
        InvalidOptionError,
        "lost_degrees=-1 is not valid; give a whole number >= 0",
        id="shrink-lost_degrees-negative-with-covariates",
    ),
    pytest.param(
        lambda: uncertainty.shrunk_ranking(EST, SE, lost_degrees=10**12),
        InvalidOptionError,
        f"lost_degrees=1,000,000,000,000 {NO_DEGREES}",
        id="shrunk_ranking-lost_degrees-huge",
    ),
    pytest.param(
        lambda: uncertainty.shrink(EST, SE, covariates={"a": 1}),
        DataError,
        f"covariates=a dict {NUMBERS}",
        id="shrink-covariates-dict",
    ),
    pytest.param(
        lambda: uncertainty.shrink(EST, SE, covariates="population"),
        DataError,
        f"covariates='population' {NUMBERS}",
        id="shrink-covariates-text",
    ),
    pytest.param(
        lambda: uncertainty.shrunk_ranking(EST, SE, covariates=b"x"),
        DataError,
        f"covariates=b'x' {NUMBERS}",
        id="shrunk_ranking-covariates-bytes",
    ),
    pytest.param(
        lambda: uncertainty.fay_herriot(EST, SE, covariates={"a": 1}),
        DataError,
        f"covariates=a dict {NUMBERS}",
        id="fay_herriot-covariates-dict",
    ),
    pytest.param(
        lambda: uncertainty.fay_herriot(EST, SE, covariates=list("abcde")),
        DataError,
        "covariates must be numbers (integers or floats), got a list of dtype <U1",
        id="fay_herriot-covariates-letters",
    ),
    pytest.param(
        lambda: uncertainty.fay_herriot(EST, SE, covariates=[True, False] * 2 + [True]),
        DataError,
        "covariates must be numbers (integers or floats), got a list of dtype bool",
        id="fay_herriot-covariates-bool",
    ),
    pytest.param(
        lambda: uncertainty.fay_herriot(EST, SE, covariates=[[[1.0]] * 5]),
        DataError,
        "covariates has shape (1, 5, 1); give a 1-D array or a 2-D array, at least "
        "one value",
        id="fay_herriot-covariates-three-dimensions",
    ),
    pytest.param(
        lambda: uncertainty.fay_herriot(EST, SE, covariates=[1.0, 2.0, np.nan, 0, 1]),
        DataError,
        "covariate 'x0' is missing or not finite for unit 'c'",
        id="fay_herriot-covariates-nan-named-by-unit",
    ),
    pytest.param(
        lambda: uncertainty.rank_intervals(EST, SE, draws=200, chunks=201, rng=1),
        InvalidOptionError,
        "chunks=201 is not valid; it must be at most 200",
        id="rank_intervals-chunks-above-draws",
    ),
    pytest.param(
        lambda: uncertainty.rank_intervals(EST, SE, draws=200, chunks=10**12, rng=1),
        InvalidOptionError,
        "chunks=1,000,000,000,000 is not valid; it must be at most 200",
        id="rank_intervals-chunks-huge",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_a_bad_argument_is_refused_by_name(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    assert refused(call, error) == message


def test_covariates_as_a_list_equal_covariates_as_a_frame() -> None:
    # The checked array path and the DataFrame path give the same fit.
    values = [1.0, 3.0, 2.0, 5.0, 4.0]
    from_list = uncertainty.fay_herriot(EST, SE, covariates=values).to_frame()
    from_frame = uncertainty.fay_herriot(
        EST, SE, covariates=pd.DataFrame({"x0": values}, index=EST.index)
    ).to_frame()
    pd.testing.assert_frame_equal(from_list, from_frame)


def test_the_largest_lost_degrees_still_shrinks() -> None:
    # Four of five degrees used up: one left, the moment equation still solves.
    table = uncertainty.shrink(EST, SE, lost_degrees=4)
    assert np.isfinite(table["tau2"]).all()
    weights = table["shrinkage"].to_numpy()
    assert ((weights >= 0) & (weights <= 1)).all()


def test_chunks_equal_to_draws_is_one_chunk() -> None:
    one = uncertainty.rank_intervals(EST, SE, draws=200, chunks=200, rng=3)
    # The ranks of the estimates themselves, and sets that contain them.
    assert one["rank"].tolist() == [3, 2, 5, 4, 1]
    assert (one["rank_low"] <= one["rank"]).all()
    assert (one["rank"] <= one["rank_high"]).all()
