"""A fit of very many outcomes keeps no residual matrix, yet stays a value.

Beyond ``_KEPT_RESIDUALS`` elements (64 MiB) the engine keeps the outcomes it was
given (a view of the caller's float64 array) instead of an n x k residual matrix,
and recomputes residuals when asked for. These tests lower that limit (so that
small arrays take the path) and check the memory that saves (traced
allocations, not time), that the recomputed residuals are the fit's, and that
changing the caller's array afterwards changes no statistic.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.errors import DataError
from attraktiv.regression import _blocks, _kernel
from helpers import refused

N, K = 50, 8000


@pytest.fixture(autouse=True)
def _recomputed_residuals(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every unrefined fit in this module keeps no residuals."""
    monkeypatch.setattr(_kernel, "_KEPT_RESIDUALS", 0)


def _outcomes(order: str = "C") -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(24)
    x = rng.normal(size=(N, 2))
    y = x @ rng.normal(size=(2, K)) + rng.normal(size=(N, K))
    assert y.size > _kernel.EXTENDED_LIMIT  # the path that keeps no residuals
    return np.asarray(y, order=order), x  # type: ignore[call-overload]


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("weighted", [False, True])
def test_recomputed_residuals_are_those_of_the_fit(order: str, weighted: bool) -> None:
    y, x = _outcomes(order)
    weights = np.linspace(0.5, 2.0, N) if weighted else None
    fits = attraktiv.ols_many(y, x, weights=weights)
    design = np.column_stack([np.ones(N), x])
    resid = fits.resid.to_numpy()
    # the oracle: y - X b from the coefficients the fit reports
    expected = y - design @ fits.params.to_numpy()
    np.testing.assert_allclose(resid, expected, rtol=0, atol=1e-13)
    # the same numbers on every access, and their sums of squares are the fit's
    np.testing.assert_array_equal(fits.resid.to_numpy(), resid)
    w = np.ones(N) if weights is None else weights
    np.testing.assert_allclose(
        (w[:, None] * resid**2).sum(axis=0), fits.ssr.to_numpy(), rtol=1e-13
    )


def test_the_fit_allocates_a_fraction_of_the_outcomes() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(426, 1))
    y = rng.normal(size=(426, 10_000))  # 34 MB, the size of bench_ols.py
    attraktiv.ols_many(y[:, :10], x)  # first-use imports are not the fit's
    tracemalloc.start()
    try:
        fits = attraktiv.ols_many(y, x)
        fits.params, fits.std_errors, fits.rsquared  # noqa: B018
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Before: the residual matrix alone was y.nbytes; now two blocks of 1 MiB and
    # arrays of a few values per outcome (coefficients, sums of squares, names):
    # about a tenth of y.
    assert peak < 0.2 * y.nbytes


def test_changing_the_outcomes_afterwards_changes_no_statistic() -> None:
    y, x = _outcomes()
    kept = attraktiv.ols_many(y.copy(), x, cov_type="HC1")
    fits = attraktiv.ols_many(y, x, cov_type="HC1")
    y[3, 5] += 1.0
    y[:, 100] = 0.0
    for name in ("params", "std_errors", "tvalues", "pvalues", "fitted"):
        pd.testing.assert_frame_equal(getattr(fits, name), getattr(kept, name))
    for name in ("ssr", "sigma", "rsquared", "rsquared_adj"):
        pd.testing.assert_series_equal(getattr(fits, name), getattr(kept, name))
    with pytest.raises(DataError) as caught:
        fits.resid  # noqa: B018
    assert str(caught.value) == (
        "the values of outcome 'y5', 'y100' were changed in place after the fit, "
        "so its residuals cannot be recomputed (a fit whose residuals would exceed "
        "64 MiB keeps the outcomes it was given, not a residual matrix of the same "
        "size). Every other statistic of the fit is unaffected; refit, or fit a "
        "copy of the outcomes (Y.copy()) to change them afterwards"
    )
    # an outcome whose values are unchanged still has its residuals
    pd.testing.assert_series_equal(fits.column(0).resid, kept.column(0).resid)
    with pytest.raises(DataError, match="outcome 'y5' were changed"):
        fits.column(5).resid  # noqa: B018


def test_exchanging_two_values_is_noticed() -> None:
    y, x = _outcomes()
    fits = attraktiv.ols_many(y, x)
    y[[0, 1], 7] = y[[1, 0], 7]  # the same values, in other rows
    with pytest.raises(DataError, match="outcome 'y7' were changed"):
        fits.resid  # noqa: B018


def test_a_changed_data_frame_is_noticed_too() -> None:
    # A float64 DataFrame hands its values over without a copy, so the fit keeps
    # a view of them like it does of an array.
    y, x = _outcomes()
    frame = pd.DataFrame(y, columns=[f"o{j}" for j in range(K)])
    fits = attraktiv.ols_many(frame, x)
    expected = fits.params.copy()
    frame.iloc[0, 2] = 99.0
    pd.testing.assert_frame_equal(fits.params, expected)
    with pytest.raises(DataError, match="outcome 'o2' were changed"):
        fits.resid  # noqa: B018


def test_a_fit_below_the_limit_keeps_its_residuals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_kernel, "_KEPT_RESIDUALS", 2**23)  # the default
    y, x = _outcomes()
    fits = attraktiv.ols_many(y, x)
    assert fits._fit._resid is not None  # kept
    monkeypatch.setattr(_kernel, "_KEPT_RESIDUALS", 0)
    recomputed = attraktiv.ols_many(y.copy(), x)
    assert recomputed._fit._resid is None  # recomputed on demand
    expected = fits.resid.copy()
    y[:] = 0.0
    pd.testing.assert_frame_equal(fits.resid, expected)
    # both paths give the residuals of the same coefficients
    np.testing.assert_allclose(
        recomputed.resid.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-13
    )


def test_robust_errors_of_one_changed_outcome_are_refused() -> None:
    y, x = _outcomes()
    kept = attraktiv.ols_many(y.copy(), x, cov_type="HC3")
    fits = attraktiv.ols_many(y, x, cov_type="HC3")
    y[0, 9] = -y[0, 9]
    # outcome 0 is unchanged: its single-outcome result recomputes its residuals
    pd.testing.assert_frame_equal(fits.column(0).cov_params, kept.column(0).cov_params)
    with pytest.raises(DataError, match="outcome 'y9' were changed"):
        fits.column(9).std_errors  # noqa: B018
    # the fit's own table was computed when it was made
    pd.testing.assert_frame_equal(fits.std_errors, kept.std_errors)


@pytest.mark.parametrize("weighted", [False, True])
def test_sums_of_squares_are_those_of_the_residuals_near_and_far_from_zero(
    weighted: bool,
) -> None:
    """Streamed sums of squares by Pythagoras where that keeps the digits, else not.

    Outcomes centred near zero take the difference of two sums of squares; those
    with a mean a million times their noise would lose 40 bits that way, and
    take the residuals' own. Either way the sums are those of the residuals.
    """
    rng = np.random.default_rng(8)
    x = rng.normal(size=(N, 2))
    y = x @ rng.normal(size=(2, K)) + rng.normal(size=(N, K))
    y[:, 1::3] += 1e6  # every third outcome far from zero, in every block
    weights = np.linspace(0.5, 2.0, N) if weighted else None
    fits = attraktiv.ols_many(y, x, weights=weights)
    design = np.column_stack([np.ones(N), x])
    resid = y - design @ fits.params.to_numpy()
    w = np.ones(N) if weights is None else weights
    np.testing.assert_allclose(
        fits.ssr.to_numpy(), (w[:, None] * resid**2).sum(axis=0), rtol=1e-12
    )
    # the oracle for the far ones: the same outcomes moved back near zero
    near = attraktiv.ols_many(y[:, 1::3] - 1e6, x, weights=weights)
    np.testing.assert_allclose(
        fits.ssr.to_numpy()[1::3], near.ssr.to_numpy(), rtol=1e-9
    )


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("weighted", [False, True])
def test_any_selection_of_outcomes_recomputes_the_same_residuals(
    monkeypatch: pytest.MonkeyPatch, order: str, weighted: bool
) -> None:
    """One outcome or all: the same residuals (to their rounding), no false alarm.

    Checksums are added up tile by tile; a selection is read in other panels
    than the fit took (narrow panels here, and 50 rows: six tiles and a
    partial one), so its checksums must not depend on the panels.
    """
    monkeypatch.setattr(_blocks, "_PANEL_COLUMNS", 300)
    y, x = _outcomes(order)
    weights = np.linspace(0.5, 2.0, N) if weighted else None
    fits = attraktiv.ols_many(y, x, weights=weights)
    whole = fits.resid.to_numpy()
    design = np.column_stack([np.ones(N), x])
    np.testing.assert_allclose(
        whole, y - design @ fits.params.to_numpy(), rtol=0, atol=1e-13
    )
    for j in (0, 1, 299, 300, 301, 4321, K - 1):
        np.testing.assert_allclose(
            fits.column(j).resid.to_numpy(), whole[:, j], rtol=0, atol=1e-14
        )
    # a permutation of one outcome's values is noticed by that outcome alone
    y[[10, 40], 4321] = y[[40, 10], 4321]
    np.testing.assert_allclose(
        fits.column(4320).resid.to_numpy(), whole[:, 4320], rtol=0, atol=1e-14
    )
    with pytest.raises(DataError, match="outcome 'y4321' were changed"):
        fits.column(4321).resid  # noqa: B018
    with pytest.raises(DataError, match="outcome 'y4321' were changed"):
        fits.resid  # noqa: B018


def test_a_single_fit_that_keeps_its_outcome_says_so_without_ols_many(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One outcome of more than 2**23 rows streams too: the message fits ``ols``."""
    monkeypatch.setattr(_kernel, "EXTENDED_LIMIT", 0)  # as for 2**23 rows and more
    monkeypatch.setattr(_kernel, "_KEPT_RESIDUALS", 0)
    rng = np.random.default_rng(7)
    x = rng.normal(size=200)
    y = 1.0 + 0.5 * x + rng.normal(size=200)
    fit = attraktiv.ols(y, x)
    before = fit.resid.to_numpy()
    np.testing.assert_allclose(before, y - fit.fitted.to_numpy(), atol=1e-12)
    y[17] += 1.0
    message = refused(lambda: fit.resid, DataError, "outcome 'y' were changed")
    assert "ols_many" not in message
    assert "fit a copy of the outcomes (Y.copy())" in message
