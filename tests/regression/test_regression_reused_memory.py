"""Memory of large residual matrices is reused, never while anything refers to it.

Residual matrices of 32 to 64 MiB (``_blocks._FRESH_BYTES`` to
``_REUSED_BYTES``) take memory given back by fits that are gone (see
``_blocks._ReusedMemory``). These tests move those limits so that small fits
take the path, and check that a fit's residuals stay its own while it, or any
view of them, lives, and that the memory of a dropped fit is what the next one
writes into, with the right numbers.
"""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import attraktiv
from attraktiv.regression import _blocks

N, K = 60, 6000  # above EXTENDED_LIMIT: the unrefined path, residuals kept


@pytest.fixture(autouse=True)
def _every_matrix_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_blocks, "_FRESH_BYTES", 0)
    monkeypatch.setattr(_blocks, "_REUSED_BYTES", N * K * 8)
    monkeypatch.setattr(_blocks, "_RESIDUAL_MEMORY", _blocks._ReusedMemory())


def _data(seed: int, order: str = "C") -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, 2))
    y = x @ rng.normal(size=(2, K)) + rng.normal(size=(N, K))
    return np.asarray(y, order=order), x  # type: ignore[call-overload]


def _expected(y: np.ndarray, x: np.ndarray, params: np.ndarray) -> np.ndarray:
    """The oracle: y - X b from the coefficients the fit reports."""
    result: np.ndarray = y - np.column_stack([np.ones(N), x]) @ params
    return result


def _address(values: np.ndarray) -> int:
    address: int = values.__array_interface__["data"][0]
    return address


@pytest.mark.parametrize("order", ["C", "F"])
def test_a_live_fit_keeps_its_residuals(order: str) -> None:
    y, x = _data(1, order)
    first = attraktiv.ols_many(y, x)
    kept = first.resid.to_numpy().copy()
    others = [attraktiv.ols_many(_data(seed, order)[0], x) for seed in (2, 3)]
    np.testing.assert_array_equal(first.resid.to_numpy(), kept)
    np.testing.assert_allclose(
        kept, _expected(y, x, first.params.to_numpy()), rtol=0, atol=1e-12
    )
    for other in others:
        assert not np.shares_memory(first.resid.to_numpy(), other.resid.to_numpy())


def test_a_view_of_the_residuals_outlives_the_fit() -> None:
    y, x = _data(4)
    fit = attraktiv.ols_many(y, x)
    column = fit.resid["y17"]  # a Series over the fit's memory
    values = fit.resid.to_numpy()
    expected = values.copy()
    del fit
    gc.collect()
    later = attraktiv.ols_many(_data(5)[0], x)
    np.testing.assert_array_equal(values, expected)
    np.testing.assert_array_equal(column.to_numpy(), expected[:, 17])
    assert not np.shares_memory(values, later.resid.to_numpy())


@pytest.mark.parametrize("order", ["C", "F"])
def test_the_memory_of_a_dropped_fit_is_reused(order: str) -> None:
    y, x = _data(6, order)
    address = _address(attraktiv.ols_many(y, x).resid.to_numpy())
    gc.collect()
    y2, _ = _data(7, order)
    again = attraktiv.ols_many(y2, x)
    resid = again.resid.to_numpy()
    assert _address(resid) == address
    np.testing.assert_allclose(
        resid, _expected(y2, x, again.params.to_numpy()), rtol=0, atol=1e-12
    )
    # a fit made while that one lives gets memory of its own
    smaller = attraktiv.ols_many(y2[:, : K // 2].copy(order=order), x)
    assert not np.shares_memory(smaller.resid.to_numpy(), resid)


def test_fits_in_threads_never_share_residuals() -> None:
    x = _data(0)[0][:, :2].copy()
    outcomes = [_data(seed)[0] for seed in range(10, 18)]

    def fit(y: np.ndarray) -> attraktiv.OLSManyResult:
        result = attraktiv.ols_many(y, x)
        result.resid  # noqa: B018 - read in the thread
        return result

    with ThreadPoolExecutor(max_workers=4) as pool:
        fits = list(pool.map(fit, outcomes))
    arrays = [result.resid.to_numpy() for result in fits]
    for i, (y, result) in enumerate(zip(outcomes, fits, strict=True)):
        np.testing.assert_allclose(
            arrays[i], _expected(y, x, result.params.to_numpy()), rtol=0, atol=1e-12
        )
        for other in arrays[i + 1 :]:
            assert not np.shares_memory(arrays[i], other)


def test_larger_matrices_are_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_blocks, "_REUSED_BYTES", N * K * 8 - 1)
    y, x = _data(20)
    attraktiv.ols_many(y, x).resid  # noqa: B018 - made and dropped
    gc.collect()
    assert _blocks._RESIDUAL_MEMORY._spare is None
