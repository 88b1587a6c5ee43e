"""BLAS threading inside the engine: one thread where threads do not pay, and the
caller's settings untouched outside every call. No timing here (see
benchmarks/bench_ols.py)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import statsmodels.api as sm
from threadpoolctl import threadpool_info, threadpool_limits

import attraktiv
from attraktiv.regression import _kernel


def _blas_threads() -> list[int]:
    return [
        pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"
    ]


@contextlib.contextmanager
def _two_threads() -> Iterator[None]:
    """BLAS at two threads (skip where the libraries cannot be raised to two)."""
    with threadpool_limits(limits=2, user_api="blas"):
        threads = _blas_threads()
        if not threads or min(threads) < 2:
            pytest.skip(f"BLAS cannot run two threads here: {threads}")
        yield


def _data(k: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(0.5, 1.5, size=(426, 1))
    return x, 0.2 + 0.4 * x + rng.normal(size=(426, k))


def _threads_seen_by_lapack(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Record the BLAS thread counts while the engine factorises a design."""
    seen: list[list[int]] = []
    factorise = _kernel._pivoted_qr

    def recording(*args: Any) -> Any:
        seen.append(_blas_threads())
        return factorise(*args)

    monkeypatch.setattr(_kernel, "_pivoted_qr", recording)
    return seen


@pytest.mark.parametrize("k", [1, 3000])
def test_callers_thread_setting_is_restored(k: int) -> None:
    x, y = _data(k)
    with _two_threads():
        before = threadpool_info()
        attraktiv.ols_many(y, x)
        assert threadpool_info() == before
    with threadpool_limits(limits=1, user_api="blas"):
        before = threadpool_info()
        attraktiv.ols_many(y, x)
        assert threadpool_info() == before


def test_thin_problem_runs_blas_on_one_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = _threads_seen_by_lapack(monkeypatch)
    x, y = _data(3000)
    with _two_threads():
        attraktiv.ols_many(y, x)
        assert _blas_threads() == [2] * len(_blas_threads())
    assert seen
    assert all(threads == [1] * len(threads) for threads in seen)


def test_tiny_and_large_problems_keep_the_callers_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tiny: OpenBLAS would not start threads anyway, so the limit is skipped.
    assert isinstance(_kernel._blas_threads(426, 2, 1), contextlib.nullcontext)
    # Large and wide: threads pay.
    assert isinstance(_kernel._blas_threads(50_000, 128, 100), contextlib.nullcontext)
    # Thin with many outcomes, or a few dozen columns: one thread.
    assert _kernel._blas_threads(426, 2, 3000) is _kernel._ONE_BLAS_THREAD
    assert _kernel._blas_threads(426, 32, 1) is _kernel._ONE_BLAS_THREAD
    seen = _threads_seen_by_lapack(monkeypatch)
    x, y = _data(1)
    with _two_threads():
        attraktiv.ols(y[:, 0], x)
    assert seen == [[2] * len(seen[0])]


@pytest.mark.parametrize("k", [40, 3000])
def test_results_agree_with_and_without_the_limit(
    k: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Multithreaded BLAS sums some products in another order, so agreement is to
    # rounding, not bitwise; with BLAS at one thread either way it is bitwise.
    x, y = _data(k)
    limited = attraktiv.ols_many(y, x)
    monkeypatch.setattr(
        _kernel, "_blas_threads", lambda n, p, k: contextlib.nullcontext()
    )
    with _two_threads():
        free = attraktiv.ols_many(y, x)
    with threadpool_limits(limits=1, user_api="blas"):
        single = attraktiv.ols_many(y, x)
    for name in ("params", "resid", "std_errors", "tvalues", "pvalues", "rsquared"):
        ours = getattr(limited, name).to_numpy()
        np.testing.assert_array_equal(ours, getattr(single, name).to_numpy())
        np.testing.assert_allclose(
            ours, getattr(free, name).to_numpy(), rtol=1e-12, atol=1e-14
        )
    reference = sm.OLS(y[:, 7], sm.add_constant(x)).fit()
    np.testing.assert_allclose(limited.params.iloc[:, 7], reference.params, rtol=1e-10)
    np.testing.assert_allclose(limited.std_errors.iloc[:, 7], reference.bse, rtol=1e-10)


def test_concurrent_calls_restore_the_callers_setting() -> None:
    x, y = _data(3000)
    expected = attraktiv.ols_many(y, x).params.to_numpy()
    errors: list[BaseException] = []
    results: list[np.ndarray] = []

    def work() -> None:
        try:
            for _ in range(3):
                results.append(attraktiv.ols_many(y, x).params.to_numpy())
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    with _two_threads():
        before = threadpool_info()
        workers = [threading.Thread(target=work) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert threadpool_info() == before
    assert not errors
    assert len(results) == 12
    # Some OpenBLAS builds ignore thread counts set from threads other than the
    # main one, so these fits may have run multithreaded: equal to rounding.
    for params in results:
        np.testing.assert_allclose(params, expected, rtol=1e-12, atol=1e-15)


def test_limit_restores_after_an_error() -> None:
    x, y = _data(3000)
    y[5, 17] = np.nan
    with _two_threads():
        before = threadpool_info()
        with pytest.raises(attraktiv.DataError, match="'y17'"):
            attraktiv.ols_many(y, x)
        assert threadpool_info() == before
