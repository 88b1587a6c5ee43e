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

import numpy as np
import pytest

import attraktiv
from attraktiv.errors import DataError
from attraktiv.regression import _blocks, _kernel


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
    sm = pytest.importorskip("statsmodels.api")
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
