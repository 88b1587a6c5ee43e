"""Review of the streamed fit of many outcomes: false alarms, missed changes, numbers.

A fit whose residual matrix would exceed ``_KEPT_RESIDUALS`` keeps checksums
of the outcomes instead and recomputes residuals on demand, refusing them if
the outcomes changed in place. These tests lower the limits (every unrefined
fit streams, in panels of a few columns, over a number of rows that is not a
multiple of the 8-row tiles) and check both directions: outcomes left as they
were never raise (any layout, selection or covariance type), and outcomes
changed in place are noticed, however small the change is beside the
outcome's magnitude. Numbers are checked against statsmodels and against the
fit of each outcome alone.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv.errors import DataError
from attraktiv.regression import _blocks, _kernel, _lazy

N, K = 21, 19  # 21 rows: two tiles of 8 and a partial one; 19 = 8 + 8 + 3 columns
COV_TYPES = ("HC0", "HC1", "HC2", "HC3")


@pytest.fixture(autouse=True)
def _streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fit of many outcomes streams, in panels of 8 columns."""
    monkeypatch.setattr(_kernel, "_KEPT_RESIDUALS", 0)
    monkeypatch.setattr(_kernel, "EXTENDED_LIMIT", 0)
    monkeypatch.setattr(_blocks, "_PANEL_COLUMNS", 8)


@pytest.mark.parametrize("order", ["C", "F"])
def test_exchanged_values_of_an_outcome_far_from_zero_are_noticed(order: str) -> None:
    """Two values of an outcome near 1e15 exchanged: two residuals change by 2.

    The row-weighted float checksum changes by (w_i - w_j)(a - b), below the
    rounding of a sum near 1e16, and the integer sum of bits does not change
    under a permutation: both must not miss it.
    """
    rng = np.random.default_rng(11)
    n, k = 29, 19
    x = rng.normal(size=(n, 2))
    y = np.asarray(rng.normal(size=(n, k)), order=order)  # type: ignore[call-overload]
    y[:, 3] += 1e15
    y[2, 3], y[19, 3] = 1e15 + 1.0, 1e15 - 1.0
    fits = attraktiv.ols_many(y, x)
    before = fits.resid.to_numpy()[:, 3]
    y[[2, 19], 3] = y[[19, 2], 3]
    # the residuals of the changed data are not the fit's (the oracle: y - X b)
    design = np.column_stack([np.ones(n), x])
    after = y[:, 3] - design @ fits.params.to_numpy()[:, 3]
    assert np.abs(after - before).max() > 1.5  # 2, to rounding
    with pytest.raises(DataError, match="outcome 'y3' were changed"):
        fits.resid  # noqa: B018
    with pytest.raises(DataError, match="outcome 'y3' were changed"):
        fits.column(3).resid  # noqa: B018


@pytest.mark.parametrize("order", ["C", "F"])
def test_exchanged_counts_far_apart_are_noticed(order: str) -> None:
    """Counts near a million in 150,100 rows: two rows 75,025 apart exchanged.

    75,025 is a Fibonacci number, so the golden-ratio row weights of the two
    rows differ by 6e-6 only; the values differ by 1. Each exchange is noticed,
    and exchanging them back makes the residuals readable again.
    """
    rng = np.random.default_rng(12)
    n = 150_100
    x = rng.normal(size=(n, 1))
    y = np.asarray(  # type: ignore[call-overload]
        1e6 + rng.integers(0, 100, size=(n, 2)), dtype=np.float64, order=order
    )
    pairs = [(0, 75_025), (75_000, 150_025)]
    for a, b in pairs:
        y[a, 1], y[b, 1] = 1_000_001.0, 1_000_002.0
    fits = attraktiv.ols_many(y, x)
    expected = fits.resid.to_numpy()
    for a, b in pairs:
        y[[a, b], 1] = y[[b, a], 1]
        with pytest.raises(DataError, match="outcome 'y1' were changed"):
            fits.resid  # noqa: B018
        y[[a, b], 1] = y[[b, a], 1]
        np.testing.assert_array_equal(fits.resid.to_numpy(), expected)


@pytest.mark.parametrize("cov_type", ["HC0", "HC1", "HC2", "HC3"])
def test_robust_errors_read_the_outcomes_once(
    monkeypatch: pytest.MonkeyPatch, cov_type: str
) -> None:
    """A sandwich of a streamed fit recomputes its residuals once, not per use.

    Each recomputation is a pass over every outcome (and its checksums); HC1
    took a second one for the number of rows alone. The errors are those of
    statsmodels.
    """
    reads: list[int] = []
    recompute = _kernel.recomputed_residual

    def counted(*args: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        reads.append(1)
        return recompute(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(_kernel, "recomputed_residual", counted)
    rng = np.random.default_rng(13)
    n, k = 21, 11
    x = rng.normal(size=(n, 2))
    y = x @ rng.normal(size=(2, k)) + rng.normal(size=(n, k)) * (1 + x[:, :1] ** 2)
    fits = attraktiv.ols_many(y, x, cov_type=cov_type)  # type: ignore[arg-type]
    assert len(reads) == 1
    design = sm.add_constant(x)
    for j in (0, k - 1):
        expected = sm.OLS(y[:, j], design).fit(cov_type=cov_type).bse
        np.testing.assert_allclose(
            fits.std_errors.to_numpy()[:, j], expected, rtol=1e-12
        )


def _design(p: int = 2) -> np.ndarray:
    return np.random.default_rng(20).normal(size=(N, p)) + 0.3


def _values(seed: int, rows: int = N, columns: int = K) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(rows, columns)) * rng.uniform(0.5, 50.0, size=columns)


#: Outcomes as callers hold them: each a (N, K) view or conversion, and the
#: float64 array the fit sees (the oracle's data).
LAYOUTS: dict[str, Callable[[], tuple[object, np.ndarray]]] = {
    "C": lambda: (y := _values(1), y),
    "F": lambda: (y := np.asfortranarray(_values(2)), y),
    "every other column": lambda: (y := _values(3, N, 2 * K)[:, ::2], y),
    "every other row": lambda: (y := _values(4, 2 * N)[::2], y),
    "both, of an F array": lambda: (
        y := np.asfortranarray(_values(5, 2 * N, 2 * K))[::2, ::2],
        y,
    ),
    "transposed": lambda: (y := _values(6, K, N).T, y),
    "rows reversed": lambda: (y := _values(7)[::-1], y),
    "columns reversed": lambda: (y := _values(8)[:, ::-1], y),
    "DataFrame": lambda: (
        frame := pd.DataFrame(_values(9)),
        frame.to_numpy(dtype=np.float64),
    ),
    "int": lambda: (
        y := np.random.default_rng(10).integers(-50, 50, size=(N, K)),
        y.astype(np.float64),
    ),
    "float32": lambda: (
        y := _values(11).astype(np.float32),
        y.astype(np.float64),
    ),
}


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_unchanged_outcomes_of_any_layout_raise_no_false_alarm(
    layout: str, weighted: bool
) -> None:
    """Residuals of all outcomes and of each alone, and robust errors of each.

    Each outcome alone is read in other panels than the fit's (a panel of one
    column starting anywhere), so its checksums must be the fit's all the same.
    The residuals are ``y - X b`` of the reported coefficients, the robust
    errors those of statsmodels on that outcome.
    """
    given, y = LAYOUTS[layout]()
    x = _design()
    weights = np.linspace(0.5, 2.0, N) if weighted else None
    fits = attraktiv.ols_many(given, x, weights=weights, cov_type="HC3")
    assert fits._fit._resid is None  # streamed, recomputed on demand
    design = sm.add_constant(x)
    whole = fits.resid.to_numpy()
    np.testing.assert_allclose(
        whole, y - design @ fits.params.to_numpy(), rtol=0, atol=1e-12
    )
    for j in range(K):
        np.testing.assert_allclose(
            fits.column(j).resid.to_numpy(), whole[:, j], rtol=0, atol=1e-13
        )
    model = sm.OLS if weights is None else sm.WLS
    options = {} if weights is None else {"weights": weights}
    for cov_type in COV_TYPES:
        robust = attraktiv.ols_many(given, x, weights=weights, cov_type=cov_type)  # type: ignore[arg-type]
        for j in (0, 8, K - 1):
            expected = model(y[:, j], design, **options).fit(cov_type=cov_type).bse
            np.testing.assert_allclose(
                robust.column(j).std_errors.to_numpy(), expected, rtol=1e-11
            )


def _swap(y: np.ndarray, j: int, a: int, b: int) -> None:
    y[[a, b], j] = y[[b, a], j]


def _negate(y: np.ndarray, i: int, j: int) -> None:
    y[i, j] = -y[i, j]


#: Changes in place, and the outcome each changes (of K = 19 in panels of 8,
#: N = 21 rows in tiles of 8).
CHANGES: dict[str, tuple[Callable[[np.ndarray], None], int]] = {
    "one value by its last bit": (
        lambda y: y.__setitem__((5, 4), np.nextafter(y[5, 4], np.inf)),
        4,
    ),
    "two values exchanged": (lambda y: _swap(y, 9, 0, 20), 9),
    "neighbours exchanged": (lambda y: _swap(y, 2, 7, 8), 2),
    "one outcome sorted": (lambda y: y[:, 11].sort(), 11),
    "one sign flipped": (lambda y: _negate(y, 3, 6), 6),
    "the last row, in the partial tile": (lambda y: _negate(y, N - 1, 0), 0),
    "the last outcome, in the partial panel": (
        lambda y: y.__setitem__((10, K - 1), 0.0),
        K - 1,
    ),
    "an outcome scaled by 2": (
        lambda y: y.__setitem__((slice(None), 16), y[:, 16] * 2),
        16,
    ),
}


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_in_place_is_noticed_for_that_outcome_alone(
    change: str, order: str
) -> None:
    modify, changed = CHANGES[change]
    y = np.asarray(_values(30), order=order)  # type: ignore[call-overload]
    x = _design()
    fits = attraktiv.ols_many(y, x)
    before = fits.resid.to_numpy()
    modify(y)
    with pytest.raises(DataError) as caught:
        fits.resid  # noqa: B018
    assert f"outcome 'y{changed}' were changed" in str(caught.value)
    with pytest.raises(DataError, match=f"outcome 'y{changed}' were changed"):
        fits.column(changed).resid  # noqa: B018
    # the other outcomes keep their residuals (to the rounding of the fitted
    # values, computed for one outcome alone here)
    for j in {0, changed - 1, K - 1} - {changed}:
        np.testing.assert_allclose(
            fits.column(j).resid.to_numpy(), before[:, j], rtol=0, atol=1e-12
        )


@pytest.mark.parametrize("power", [600, -600])
def test_outcomes_rescaled_by_powers_of_two_have_the_residuals_of_the_scaled_fit(
    power: int,
) -> None:
    """Outcomes near 2**600 or 2**-600 are fitted rescaled and converted back.

    That fit keeps its residuals (recomputing them in the caller's units
    would not give the rescaled fit's numbers), so nothing can raise; every
    number is that of the outcomes near 1, times the power of two, exactly.
    """
    y = _values(40)
    x = _design()
    near = attraktiv.ols_many(y, x, cov_type="HC2")
    far_y = np.ldexp(y, power)
    far = attraktiv.ols_many(far_y, x, cov_type="HC2")
    far_y[:] = 0.0  # kept residuals: changing the outcomes changes nothing
    np.testing.assert_array_equal(
        far.resid.to_numpy(), np.ldexp(near.resid.to_numpy(), power)
    )
    np.testing.assert_array_equal(
        far.params.to_numpy(), np.ldexp(near.params.to_numpy(), power)
    )
    np.testing.assert_array_equal(
        far.std_errors.to_numpy(), np.ldexp(near.std_errors.to_numpy(), power)
    )
    for j in (0, K - 1):
        np.testing.assert_array_equal(
            far.column(j).std_errors.to_numpy(),
            np.ldexp(near.column(j).std_errors.to_numpy(), power),
        )


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("add_intercept", [True, False])
@pytest.mark.parametrize("p", [1, 2])
def test_streamed_numbers_are_those_of_statsmodels(
    order: str, weighted: bool, add_intercept: bool, p: int
) -> None:
    """Coefficients, sums of squares, R² (uncentred without an intercept, from
    y itself) and standard errors of every covariance type, outcome by outcome.

    Outcome 4 is constant (its residual sum is rounding beside an intercept,
    zero to 1e-20 of its total), outcome 5 far from zero (a mean 1e6 times its
    noise: the sum of squares by Pythagoras would lose 40 bits, the exact
    fallback keeps them).
    """
    rng = np.random.default_rng(50 + p)
    x = rng.normal(size=(N, p)) + 0.3
    y = x @ rng.normal(size=(p, K)) + rng.normal(size=(N, K))
    y[:, 4] = 3.5
    y[:, 5] += 1e6
    y = np.asarray(y, order=order)  # type: ignore[call-overload]
    weights = np.linspace(0.5, 2.0, N) if weighted else None
    design = sm.add_constant(x) if add_intercept else x
    model = sm.OLS if weights is None else sm.WLS
    options = {} if weights is None else {"weights": weights}
    for cov_type in ("nonrobust", *COV_TYPES):
        fits = attraktiv.ols_many(
            y,
            x,
            weights=weights,
            add_intercept=add_intercept,
            cov_type=cov_type,  # type: ignore[arg-type]
        )
        assert fits._fit._resid is None
        for j in range(K):
            expected = model(y[:, j], design, **options).fit(cov_type=cov_type)
            scale = np.abs(y[:, j]).max()
            np.testing.assert_allclose(
                fits.params.to_numpy()[:, j],
                expected.params,
                rtol=0,
                atol=1e-12 * scale,
            )
            np.testing.assert_allclose(
                fits.resid.to_numpy()[:, j], expected.resid, rtol=0, atol=1e-12 * scale
            )
            if add_intercept and j == 4:
                assert fits.ssr.iloc[j] <= 1e-20 * N * 3.5**2
                continue
            tight = 1e-9 if j == 5 else 1e-12
            np.testing.assert_allclose(fits.ssr.iloc[j], expected.ssr, rtol=tight)
            np.testing.assert_allclose(
                fits.rsquared.iloc[j], expected.rsquared, rtol=0, atol=tight
            )
            np.testing.assert_allclose(
                fits.std_errors.to_numpy()[:, j], expected.bse, rtol=tight * 10
            )


@pytest.mark.parametrize("widths", [(8, 8, 3), (19,), (5, 14)])
def test_dask_chunks_streamed_give_the_in_memory_numbers(
    monkeypatch: pytest.MonkeyPatch, widths: tuple[int, ...]
) -> None:
    """Each chunk is a streamed fit of its own; the merged result reads them all.

    Chunks of 8, 8 and 3 outcomes (the last a partial panel), one chunk, and
    chunks that cut across panels: residuals from each chunk's own recomputation
    and every statistic are those of the in-memory fit of all outcomes (the
    same tiles; coefficients to the rounding of a narrower block), and no
    chunk raises.
    """
    da = pytest.importorskip("dask.array")
    monkeypatch.setattr(_lazy, "EXTENDED_LIMIT", 0)  # chunks take the unrefined path
    y = _values(60)
    x = _design()
    in_memory = attraktiv.ols_many(y, x, cov_type="HC1")
    lazy = attraktiv.ols_many(da.from_array(y, chunks=(N, widths)), x, cov_type="HC1")
    result = lazy.compute(scheduler="synchronous")  # type: ignore[union-attr]
    for name in ("params", "std_errors", "resid", "fitted"):
        np.testing.assert_allclose(
            getattr(result, name).to_numpy(),
            getattr(in_memory, name).to_numpy(),
            rtol=1e-13,
            atol=1e-12,
        )
    np.testing.assert_allclose(
        result.ssr.to_numpy(), in_memory.ssr.to_numpy(), rtol=1e-12
    )
    np.testing.assert_allclose(
        lazy.resid.compute(scheduler="synchronous"),  # type: ignore[union-attr]
        in_memory.resid.to_numpy(),
        rtol=0,
        atol=1e-12,
    )
    for j in (0, 7, 8, K - 1):
        np.testing.assert_allclose(
            result.column(j).resid.to_numpy(),
            y[:, j] - sm.add_constant(x) @ result.params.to_numpy()[:, j],
            rtol=0,
            atol=1e-12,
        )


@pytest.mark.parametrize("weighted", [False, True])
def test_a_fit_without_intercept_allocates_a_fraction_of_the_outcomes(
    monkeypatch: pytest.MonkeyPatch, weighted: bool
) -> None:
    """Without a constant, the outcomes' centred sums of squares need y itself.

    They were computed by centring all outcomes at once, a copy of y (two,
    weighted) in a fit whose point is to keep none: now block by block. The
    sums are numpy's, the means too.
    """
    monkeypatch.setattr(_blocks, "_PANEL_COLUMNS", 2**13)  # the default
    rng = np.random.default_rng(70)
    n, k = 426, 10_000  # 34 MB
    x = rng.normal(size=(n, 1))
    y = rng.normal(size=(n, k)) + rng.normal(size=k) * 10
    weights = np.linspace(0.5, 2.0, n) if weighted else None
    attraktiv.ols_many(y[:, :10], x, add_intercept=False)  # first-use imports
    tracemalloc.start()
    try:
        fits = attraktiv.ols_many(y, x, add_intercept=False, weights=weights)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert fits._fit._resid is None
    assert peak < 0.2 * y.nbytes
    w = np.ones(n) if weights is None else weights
    means = w @ y / w.sum()
    np.testing.assert_allclose(fits._fit.means, means, rtol=1e-14)
    np.testing.assert_allclose(fits._fit.centred_ss, w @ (y - means) ** 2, rtol=1e-12)


def test_dask_result_of_streamed_chunks_keeps_one_copy_of_the_outcomes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The merged result of chunks that keep no residuals keeps none either.

    It kept both a copy of every outcome and their residuals (twice the
    outcomes); now the copy alone, from which residuals are recomputed: those
    of the in-memory fit, for all outcomes and each alone.
    """
    da = pytest.importorskip("dask.array")
    monkeypatch.setattr(_lazy, "EXTENDED_LIMIT", 0)
    monkeypatch.setattr(_blocks, "_PANEL_COLUMNS", 2**13)  # the default
    rng = np.random.default_rng(80)
    n, k = 426, 4000
    x = rng.normal(size=(n, 1))
    y = rng.normal(size=(n, k))
    lazy = attraktiv.ols_many(da.from_array(y, chunks=(n, 1500)), x, cov_type="HC0")
    in_memory = attraktiv.ols_many(y, x, cov_type="HC0")
    tracemalloc.start()
    try:
        result = lazy.compute(scheduler="synchronous")  # type: ignore[union-attr]
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 1.2 * y.nbytes
    expected = in_memory.resid.to_numpy()
    np.testing.assert_allclose(result.resid.to_numpy(), expected, rtol=0, atol=1e-13)
    np.testing.assert_allclose(
        result.std_errors.to_numpy(), in_memory.std_errors.to_numpy(), rtol=1e-13
    )
    for j in (0, 1499, 1500, k - 1):
        np.testing.assert_allclose(
            result.column(j).resid.to_numpy(), expected[:, j], rtol=0, atol=1e-13
        )
    y[:] = 0.0  # the result's outcomes are its own copy
    np.testing.assert_allclose(
        result.column(0).resid.to_numpy(), expected[:, 0], rtol=0, atol=1e-13
    )


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_missing_value_in_the_last_panel_and_tile_is_refused(
    order: str, bad: float
) -> None:
    """Refused with the outcome and the row named, as a fit that keeps residuals."""
    y = np.asarray(_values(90), order=order)  # type: ignore[call-overload]
    y[N - 1, K - 2] = bad
    with pytest.raises(DataError) as caught:
        attraktiv.ols_many(y, _design())
    assert str(caught.value) == (
        f"outcome 'y{K - 2}' has a missing or infinite value at row {N - 1}"
    )


def test_a_rescaled_design_reads_no_residuals_until_asked() -> None:
    """A column near 1e250 is fitted rescaled; its range check needs no residuals.

    The check of coefficients too small to keep their digits compared each term
    with the outcome rebuilt as fitted values plus residuals: a fit that keeps no
    residuals recomputed them all when it was made, and ``column(j).params``
    raised once outcome j had been changed in place. It compares with the
    outcomes themselves now; only ``resid`` notices the change.
    """
    rng = np.random.default_rng(21)
    x = rng.normal(size=(N, 1)) * 1e250
    y = x @ rng.normal(size=(1, K)) * 1e-250 + rng.normal(size=(N, K))
    kept = attraktiv.ols_many(y.copy(), x)
    fits = attraktiv.ols_many(y, x)
    assert fits._x_scale is not None  # the path under test: a rescaled design
    y[0, 2] += 1.0
    pd.testing.assert_series_equal(fits.column(2).params, kept.column(2).params)
    pd.testing.assert_series_equal(fits.column(2).std_errors, kept.column(2).std_errors)
    with pytest.raises(DataError, match="outcome 'y2' were changed"):
        fits.column(2).resid  # noqa: B018
    # the coefficients, in the caller's units, are statsmodels' (x rescaled by hand)
    theirs = sm.OLS(y[:, 5], sm.add_constant(x * 1e-250)).fit()
    np.testing.assert_allclose(
        fits.params.to_numpy()[:, 5] * np.array([1.0, 1e250]),
        theirs.params,
        rtol=1e-9,
    )
