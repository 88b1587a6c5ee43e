"""Relative importance of the factors: subset R², LMG shares and VIF (internal).

The numbers behind :meth:`DriverResult.relative_importance` and
:meth:`DriverResult.vif`.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from .._typing import FloatArray
from ..errors import RankDeficientError
from ..regression._kernel import Collinearity, estimate

__all__ = ["shapley_shares", "subset_rsquared", "variance_inflation"]


def _popcount(masks: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    counts = np.zeros_like(masks)
    remaining = masks.copy()
    while remaining.any():
        counts += remaining & 1
        remaining >>= 1
    return counts


def _compress(x: FloatArray, y: FloatArray, weights: FloatArray | None) -> FloatArray:
    """Triangular factor ``T`` of the centred (weighted) data ``[x y]``.

    ``T'T`` equals the centred cross-product matrix of ``[x y]``, so a least-squares
    fit of a column of ``T`` on other columns of ``T`` (without intercept) has the
    coefficients and the residual sum of squares of the fit with intercept on the
    data: the same problem in ``k + m`` rows instead of ``n``.
    """
    data = np.column_stack([x, y])
    if weights is None:
        centred = data - data.mean(axis=0)
    else:
        share = weights / weights.sum()
        centred = (data - share @ data) * np.sqrt(weights)[:, None]
    return np.asarray(np.linalg.qr(centred, mode="r"), dtype=np.float64)


def _rsquared(design: FloatArray, y: FloatArray) -> FloatArray:
    """R² of each column of ``y`` on ``design``, both columns of a centred factor."""
    fit = estimate(design, y, centre=False)
    if isinstance(fit, Collinearity):  # pragma: no cover - the full design is checked
        raise RankDeficientError("a subset of the factors is rank deficient")
    return np.asarray(1.0 - fit.ssr / fit.raw_ss, dtype=np.float64)


def subset_rsquared(
    x: FloatArray, y: FloatArray, weights: FloatArray | None = None
) -> FloatArray:
    """R² of every subset of the columns of ``x`` (with an intercept), for each y.

    Parameters
    ----------
    x : ndarray, shape (n, k)
        The factors (without the constant), of full column rank beside it.
    y : ndarray, shape (n, m)
        Outcomes that share the design; each subset is one batched engine call.
    weights : ndarray, shape (n,), optional
        Analytic weights (weighted R²).

    Returns
    -------
    ndarray, shape (2**k, m)
        Row ``s`` holds the R² of the subset whose bit ``j`` is set when column
        ``j`` is in it; row 0 (the intercept alone) is 0.

    Notes
    -----
    Every fit goes through the least-squares engine
    (:func:`attraktiv.regression._kernel.estimate`), all outcomes at once, on the
    triangular factor :math:`T` of the centred data,
    :math:`T'T = [\\tilde X \\; \\tilde Y]'[\\tilde X \\; \\tilde Y]`: the same
    normal equations, residual and total sums of squares as the fit with an
    intercept on the :math:`n` rows, in :math:`k + m` rows.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(50, 2))
    >>> y = (x @ [1.0, 0.5] + rng.normal(size=50))[:, None]
    >>> subset_rsquared(x, y).round(3).ravel().tolist()
    [0.0, 0.555, 0.184, 0.649]
    """
    k = x.shape[1]
    factor = _compress(x, y, weights)
    tx, ty = factor[:, :k], factor[:, k:]
    r2 = np.zeros((2**k, y.shape[1]))
    for mask in range(1, 2**k):
        columns = [j for j in range(k) if mask >> j & 1]
        r2[mask] = _rsquared(tx[:, columns], ty)
    return r2


def shapley_shares(r2: FloatArray) -> FloatArray:
    """Shapley (LMG) shares of each column from the R² of every subset.

    Parameters
    ----------
    r2 : ndarray, shape (2**k, m)
        As returned by :func:`subset_rsquared`.

    Returns
    -------
    ndarray, shape (k, m)
        The share of factor ``j`` for each outcome; the shares sum to the R² of
        the full model.

    Notes
    -----
    .. math::

        \\mathrm{LMG}_j = \\sum_{S \\subseteq F \\setminus \\{j\\}}
            \\frac{|S|! \\, (k - |S| - 1)!}{k!}
            \\left[ R^2(S \\cup \\{j\\}) - R^2(S) \\right]

    Examples
    --------
    Two factors: each gets half its R² alone plus half of what it adds to the other.

    >>> import numpy as np
    >>> r2 = np.array([[0.0], [0.555], [0.184], [0.649]])
    >>> shapley_shares(r2).ravel().round(4).tolist()
    [0.51, 0.139]
    """
    k = r2.shape[0].bit_length() - 1
    masks = np.arange(2**k, dtype=np.int64)
    sizes = _popcount(masks)
    weight_by_size = np.array(
        [
            math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
            for s in range(k)
        ]
    )
    shares = np.empty((k, r2.shape[1]))
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        increments = r2[without | (1 << j)] - r2[without]
        shares[j] = weight_by_size[sizes[without]] @ increments
    return shares


def variance_inflation(x: FloatArray, weights: FloatArray | None = None) -> FloatArray:
    """Variance inflation factor of each column of ``x`` (with an intercept)."""
    k = x.shape[1]
    if k == 1:
        return np.ones(1)
    factor = _compress(x, np.zeros((len(x), 0)), weights)
    vif = np.empty(k)
    for j in range(k):
        others = np.delete(factor, j, axis=1)
        r2 = float(_rsquared(others, factor[:, j : j + 1])[0])
        vif[j] = 1.0 / (1.0 - r2)
    return vif
