"""Outcomes in a Dask array: ols_many fits them chunk by chunk, lazily, with the
numbers of the in-memory fit; rank intervals draw their bootstrap in chunks with the
same numbers in memory and under Dask's local schedulers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv.errors import DataError, InvalidOptionError, RankDeficientError
from attraktiv.regression import LazyOLSManyResult
from attraktiv.regression._kernel import EXTENDED_LIMIT
from attraktiv.uncertainty import rank_intervals
from attraktiv.uncertainty._ranks import critical_values

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")

EPS = float(np.finfo(np.float64).eps)
SCHEDULERS = ("synchronous", "threads")
STATISTICS = (
    "params",
    "std_errors",
    "tvalues",
    "pvalues",
    "resid",
    "fitted",
    "ssr",
    "sigma",
    "rsquared",
    "rsquared_adj",
)


def _problem(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.column_stack([rng.normal(size=n), rng.uniform(-3, 3, size=n)])
    y = (
        0.5
        + x @ rng.normal(size=(2, k))
        + rng.normal(size=(n, k)) * rng.uniform(0.1, 10, size=k)
    )
    return x, y


def _same_to_rounding(
    actual: np.ndarray, desired: np.ndarray, scale: np.ndarray | None = None
) -> None:
    """Equal up to 16 units in the last place of each outcome's scale.

    ``scale``: per outcome (default: the magnitude of ``desired`` itself). BLAS
    sums the projection ``Q'y`` of a narrow block in another order than that of a
    wide one, so a chunked fit may differ from the in-memory fit in the last bits
    of the data, never by more.
    """
    actual = np.asarray(actual, dtype=np.float64)
    desired = np.asarray(desired, dtype=np.float64)
    assert actual.shape == desired.shape
    bound = 16 * EPS * (np.abs(desired) if scale is None else scale)
    bad = ~(np.abs(actual - desired) <= bound)
    assert not bad.any(), (
        f"{int(bad.sum())} differ; largest difference "
        f"{float(np.max(np.abs(actual - desired))):.3e}"
    )


def test_importing_attraktiv_does_not_import_dask_or_tqdm() -> None:
    code = (
        "import sys, attraktiv, attraktiv.regression, attraktiv.uncertainty, "
        "attraktiv.report, attraktiv.cli\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'tqdm'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("scheduler", SCHEDULERS)
@pytest.mark.parametrize(
    ("k", "chunk"),
    [(300, 128), (300, 300), (1500, 500), (1500, 128)],
)
def test_lazy_fit_gives_the_in_memory_numbers(
    scheduler: str, k: int, chunk: int
) -> None:
    n = 426
    x, y = _problem(n, k)
    memory = attraktiv.ols_many(y, x)
    lazy = attraktiv.ols_many(da.from_array(y, chunks=(n, chunk)), x)
    assert isinstance(lazy, LazyOLSManyResult)
    assert lazy.chunks == tuple(
        y[:, i : i + chunk].shape[1] for i in range(0, k, chunk)
    )
    with dask.config.set(scheduler=scheduler):
        computed = lazy.compute()
        arrays = dask.compute(*(getattr(lazy, name) for name in STATISTICS))
    assert computed.outcomes == memory.outcomes
    data_scale = np.abs(y).max(axis=0)  # x is of order 1
    # Fitted values are X b, a product BLAS sums in an order that depends on the
    # width of the block: equal to rounding only. Everything else is computed
    # column by column.
    exact = [name for name in STATISTICS if name != "fitted"]
    for name, array in zip(STATISTICS, arrays, strict=True):
        if name in exact:  # the lazy arrays are the computed result's
            np.testing.assert_array_equal(array, getattr(computed, name).to_numpy())
        else:
            _same_to_rounding(array, getattr(computed, name).to_numpy(), data_scale)
    if n * k <= EXTENDED_LIMIT:
        # Refined fits are correctly rounded, whatever the block.
        for name in exact:
            np.testing.assert_array_equal(
                getattr(computed, name).to_numpy(), getattr(memory, name).to_numpy()
            )
    for name in ("params", "resid", "fitted"):
        desired = getattr(memory, name).to_numpy()
        _same_to_rounding(getattr(computed, name).to_numpy(), desired, data_scale)
    for name in ("std_errors", "ssr", "sigma"):
        desired = getattr(memory, name).to_numpy()
        _same_to_rounding(getattr(computed, name).to_numpy(), desired)
    for name in ("rsquared", "rsquared_adj"):  # 1 - ssr / tss: absolute rounding
        desired = getattr(memory, name).to_numpy()
        _same_to_rounding(getattr(computed, name).to_numpy(), desired, np.ones(k))
    _same_to_rounding(
        computed.tvalues.to_numpy(),
        memory.tvalues.to_numpy(),
        data_scale / memory.std_errors.to_numpy(),
    )
    pd.testing.assert_frame_equal(
        computed.column(7).to_frame(), memory.column(7).to_frame(), rtol=1e-14
    )


@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_chunks_give_identical_numbers_under_every_scheduler(scheduler: str) -> None:
    n, k = 426, 1000
    x, y = _problem(n, k, seed=3)
    lazy = attraktiv.ols_many(da.from_array(y, chunks=(n, 250)), x)
    reference = lazy.compute(scheduler="synchronous")
    with dask.config.set(scheduler=scheduler):
        again = lazy.compute()
    for name in STATISTICS:
        np.testing.assert_array_equal(
            getattr(again, name).to_numpy(), getattr(reference, name).to_numpy()
        )


def test_lazy_fit_agrees_with_statsmodels_weighted_and_robust() -> None:
    n, k = 200, 40
    x, y = _problem(n, k, seed=5)
    rng = np.random.default_rng(6)
    weights = rng.uniform(0.5, 2.0, size=n)
    frame = pd.DataFrame(
        x, columns=["job_growth", "wage"], index=[f"u{i}" for i in range(n)]
    )
    lazy = attraktiv.ols_many(
        da.from_array(y, chunks=(50, 16)), frame, weights=weights, cov_type="HC3"
    )
    result = lazy.compute(scheduler="synchronous")
    assert result.param_names == ("Intercept", "job_growth", "wage")
    assert list(result.row_labels) == list(frame.index)
    for j in (0, 17, 39):
        peer = sm.WLS(y[:, j], sm.add_constant(x), weights=weights).fit(cov_type="HC3")
        np.testing.assert_allclose(result.params.iloc[:, j], peer.params, rtol=1e-10)
        np.testing.assert_allclose(result.std_errors.iloc[:, j], peer.bse, rtol=1e-10)
        np.testing.assert_allclose(result.rsquared.iloc[j], peer.rsquared, rtol=1e-10)
    memory = attraktiv.ols_many(y, frame, weights=weights, cov_type="HC3")
    _same_to_rounding(result.std_errors.to_numpy(), memory.std_errors.to_numpy())
    assert lazy.condition_number == pytest.approx(memory.condition_number, rel=1e-12)


def test_one_outcome_and_row_chunks() -> None:
    x, y = _problem(120, 1, seed=8)
    lazy = attraktiv.ols_many(da.from_array(y[:, 0], chunks=40), x, names=["a", "b"])
    assert lazy.outcomes == ("y0",)
    assert lazy.param_names == ("Intercept", "a", "b")
    result = lazy.compute(scheduler="synchronous")
    single = attraktiv.ols(y[:, 0], x, names=["a", "b"])
    np.testing.assert_allclose(result.column(0).params, single.params, rtol=1e-14)


def test_nothing_is_read_before_compute() -> None:
    def unavailable() -> np.ndarray:
        raise RuntimeError("the outcomes were read")

    x, _ = _problem(50, 1)
    y = da.from_delayed(dask.delayed(unavailable)(), shape=(50, 3), dtype=np.float64)
    lazy = attraktiv.ols_many(y, x)
    assert repr(lazy) == (
        "LazyOLSManyResult(3 outcomes in 1 chunks, nobs=50, "
        "parameters=['Intercept', 'x0', 'x1'], cov_type='nonrobust')"
    )
    with pytest.raises(RuntimeError, match="the outcomes were read"):
        lazy.params.compute(scheduler="synchronous")


def test_a_rank_deficient_design_is_refused_at_once_as_in_memory() -> None:
    x, y = _problem(60, 4)
    design = np.column_stack([x, x[:, 0] * 2.0])
    with pytest.raises(RankDeficientError) as in_memory:
        attraktiv.ols_many(y, design)
    with pytest.raises(RankDeficientError) as lazy:
        attraktiv.ols_many(da.from_array(y, chunks=(60, 2)), design)
    assert str(lazy.value) == str(in_memory.value)


def test_a_missing_outcome_value_is_named_at_compute_time() -> None:
    x, y = _problem(30, 10)
    y[5, 7] = np.nan
    lazy = attraktiv.ols_many(da.from_array(y, chunks=(30, 4)), x)
    with pytest.raises(DataError) as error:
        lazy.compute(scheduler="synchronous")
    assert str(error.value) == "outcome 'y7' has a missing or infinite value at row 5"


def test_bad_dask_input() -> None:
    x, _ = _problem(30, 1)
    with pytest.raises(DataError) as text:
        attraktiv.ols_many(da.from_array(np.array([["a"] * 2] * 30)), x)
    assert str(text.value) == (
        "Y is not numeric (dtype <U1); give real numbers (booleans are read as 0/1)"
    )
    with pytest.raises(DataError) as rows:
        attraktiv.ols_many(da.zeros((31, 2)), x)
    assert str(rows.value) == "y has 31 rows but X has 30 rows"
    with pytest.raises(DataError) as cube:
        attraktiv.ols_many(da.zeros((30, 2, 2)), x)
    assert str(cube.value) == "Y must be one- or two-dimensional, not 3-D"
    unknown = da.from_array(np.ones((30, 2)), chunks=(10, 2))
    unknown = unknown[unknown[:, 0] > 0]
    with pytest.raises(DataError) as sizes:
        attraktiv.ols_many(unknown, x)
    assert str(sizes.value) == (
        "Y has chunks of unknown size; call Y.compute_chunk_sizes() first"
    )


def test_asking_for_dask_without_it_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "dask.array", None)
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(InvalidOptionError) as error:
        rank_intervals(np.arange(5.0), np.ones(5), chunks=100, backend="dask", rng=1)
    assert str(error.value) == (
        "backend='dask' needs Dask, which is not installed; install it with "
        'pip install "attraktiv[dask]"'
    )


@pytest.mark.parametrize("simultaneous", [False, True])
@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_rank_bootstrap_in_chunks_is_the_same_in_memory_and_under_dask(
    simultaneous: bool, scheduler: str
) -> None:
    rng = np.random.default_rng(11)
    se = rng.uniform(0.2, 1.0, size=150)
    common = {"level": 0.9, "simultaneous": simultaneous, "draws": 1000, "chunks": 300}
    memory = critical_values(se, generator=np.random.default_rng(4), **common)
    with dask.config.set(scheduler=scheduler):
        lazy = critical_values(
            se, generator=np.random.default_rng(4), backend="dask", **common
        )
    np.testing.assert_array_equal(lazy, memory)
    estimates = rng.normal(size=150)
    sets = rank_intervals(estimates, se, rng=2, chunks=256, simultaneous=simultaneous)
    with dask.config.set(scheduler=scheduler):
        dask_sets = rank_intervals(
            estimates, se, rng=2, chunks=256, backend="dask", simultaneous=simultaneous
        )
    pd.testing.assert_frame_equal(dask_sets, sets)


def test_chunked_draws_estimate_the_same_critical_values() -> None:
    # Another stream, the same distribution: the simultaneous critical value
    # from 4,000 draws has a Monte Carlo standard error of about 0.02 here.
    se = np.random.default_rng(12).uniform(0.2, 1.0, size=100)
    whole = critical_values(
        se, level=0.9, simultaneous=True, draws=4000, generator=np.random.default_rng(1)
    )
    chunked = critical_values(
        se,
        level=0.9,
        simultaneous=True,
        draws=4000,
        generator=np.random.default_rng(1),
        chunks=700,
    )
    assert not np.array_equal(whole, chunked)
    assert abs(whole[0] - chunked[0]) < 0.1


def test_rank_chunk_options_are_checked() -> None:
    est, se = np.arange(5.0), np.ones(5)
    with pytest.raises(InvalidOptionError) as no_chunks:
        rank_intervals(est, se, backend="dask")
    assert str(no_chunks.value) == (
        "backend='dask' computes chunks of draws as tasks; give chunks= as well "
        "(for example chunks=500)"
    )
    with pytest.raises(InvalidOptionError, match="chunks"):
        rank_intervals(est, se, chunks=0)
    with pytest.raises(InvalidOptionError, match="backend"):
        rank_intervals(est, se, chunks=100, backend="spark")  # type: ignore[arg-type]


def test_chunks_of_a_large_problem_are_not_refined_as_in_memory() -> None:
    # An ill-conditioned design (powers of t, condition number about 3e5): plain
    # and refined QR differ by eps * cond, far above rounding. Chunks of 128
    # outcomes are small enough to be refined on their own, but the whole
    # 426 x 1,500 problem is not, so the chunks must not be either.
    rng = np.random.default_rng(2)
    n, k = 426, 1500
    t = np.linspace(1.0, 3.0, n)
    x = np.column_stack([t**j for j in range(1, 6)])
    y = x @ rng.normal(size=(5, k)) + rng.normal(size=(n, k))
    memory = attraktiv.ols_many(y, x)
    lazy = attraktiv.ols_many(da.from_array(y, chunks=(n, 128)), x)
    computed = lazy.compute(scheduler="synchronous").params.to_numpy()
    refined = np.column_stack(
        [
            attraktiv.ols_many(y[:, j : j + 128], x).params.to_numpy()
            for j in range(0, k, 128)
        ]
    )
    expected = memory.params.to_numpy()
    scale = np.abs(y).max(axis=0)
    lazy_gap = (np.abs(computed - expected) / scale).max()
    refined_gap = (np.abs(refined - expected) / scale).max()
    # Equal up to BLAS's summation order amplified by the condition number ...
    assert lazy_gap <= 16 * EPS * memory.condition_number
    # ... and far closer than the refined fits of the same chunks would be.
    assert lazy_gap * 5 < refined_gap
