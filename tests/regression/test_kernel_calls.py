"""The engine's cheaper calls compute what the plainer ones did, to the last bit.

The single fit calls ``ndarray.dot`` where ``@`` would reach the same BLAS routine
through the matmul ufunc, and SciPy's LAPACK wrappers with positional arguments
(their default workspace sizes given explicitly). Both are only cheaper if they
are the same computation: these tests compare them bit for bit, on the layouts
the engine uses (columns of ``q`` from LAPACK in Fortran order, rows of the
design and of the outcomes in C order), so that a NumPy or SciPy release that
routes them differently shows here rather than as changed digits of a fit.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import lapack

import attraktiv
from attraktiv.regression import _kernel


def _layouts(
    rng: np.random.Generator, n: int, p: int, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``q`` (n, p) from LAPACK, the design's rows, outcomes' rows, a bread."""
    design = rng.normal(size=(n, p)) * np.exp(rng.normal(scale=5.0, size=p))
    packed, _, tau, _, _ = lapack.dgeqp3(np.asfortranarray(design))
    q, _, _ = lapack.dorgqr(packed, tau)
    xt = np.ascontiguousarray(design.T)
    yt = np.ascontiguousarray(rng.normal(size=(k, n)) * 1e3)
    bread = rng.normal(size=(p, p))
    return q, xt, yt, bread


@pytest.mark.parametrize("k", [1, 3, 40])
def test_dot_is_the_matmul_of_the_engine_bit_for_bit(k: int) -> None:
    rng = np.random.default_rng(2024)
    for _ in range(60):
        n = int(rng.integers(4, 900))
        p = int(rng.integers(1, min(n - 1, 10) + 1))
        q, xt, yt, bread = _layouts(rng, n, p, k)
        projected = q.T @ yt.T
        assert np.array_equal(q.T.dot(yt.T), projected)
        params = bread @ projected
        assert np.array_equal(bread.dot(projected), params)
        assert np.array_equal(params.T.dot(xt), params.T @ xt)


def test_lapack_by_position_is_lapack_by_keyword() -> None:
    rng = np.random.default_rng(7)
    for n, p in [(5, 1), (40, 2), (426, 2), (300, 7)]:
        a = np.asfortranarray(rng.normal(size=(n, p)))
        by_keyword = lapack.dgeqp3(a.copy(order="F"), overwrite_a=1)
        by_position = lapack.dgeqp3(a.copy(order="F"), 3 * (p + 1), 1)
        for kept, given in zip(by_keyword, by_position, strict=True):
            assert np.array_equal(kept, given)
        packed, _, tau, _, _ = by_keyword
        q_keyword, _, _ = lapack.dorgqr(packed.copy(order="F"), tau, overwrite_a=1)
        q_position, _, _ = lapack.dorgqr(packed.copy(order="F"), tau, 3 * p, 1)
        assert np.array_equal(q_keyword, q_position)
        r = np.triu(packed[:p])
        assert np.array_equal(lapack.dtrtri(r)[0], lapack.dtrtri(r, lower=0)[0])


def test_the_refined_single_fit_matches_its_definition() -> None:
    # One refinement step written out with @ from the engine's own factors: the
    # fit must be exactly that, residuals included.
    rng = np.random.default_rng(3)
    x = np.column_stack([np.ones(426), rng.normal(0.5, 1.5, size=426)])
    y = 0.2 + 0.4 * x[:, 1] + rng.normal(size=426)
    fit = _kernel.estimate(np.asfortranarray(x), y[:, None])
    assert isinstance(fit, _kernel.LeastSquares)
    xt = np.ascontiguousarray(x.T)
    params = fit.bread @ (fit.q.T @ y[:, None])
    resid = y[None, :] - params.T @ xt
    correction = fit.bread @ (fit.q.T @ resid.T)
    resid -= correction.T @ xt
    assert np.array_equal(fit.params, params + correction)
    assert np.array_equal(fit.resid, resid.T)
    assert fit.ssr[0] == resid[0] @ resid[0]
    # and the public fit hands out those numbers
    result = attraktiv.ols(y, x, add_intercept=False)
    assert np.array_equal(result.params.to_numpy(), fit.params[:, 0])
    assert np.array_equal(result.resid.to_numpy(), fit.resid[:, 0])
