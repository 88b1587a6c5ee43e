"""Relative importance (LMG shares of R²) and variance inflation factors.

Both are functions of the R² of regressions among the columns of one data set, so
both are computed here, beside the engine, and every one of those regressions is a
call of the validated engine (:func:`~attraktiv.regression.fit_arrays`). The data
are first checked by fitting the full model (:func:`~attraktiv.ols_many`), so bad
input gets the engine's errors, naming the column or row at fault.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..core.typing import FloatArray
from ..core.validation import check_names, check_values
from ..errors import DataError, ModelError
from ._inputs import check_unique, numeric_matrix, positions
from .model import fit_arrays, ols_many

__all__ = ["MAX_LMG_FACTORS", "lmg", "shapley_shares", "subset_rsquared", "vif"]

#: Relative importance fits ``2**k - 1`` models; more factors than this are refused.
MAX_LMG_FACTORS: Final = 15

#: How far an R² from a fit may stray outside [0, 1] by rounding.
_R2_SLACK: Final = 1e-9


def _popcount(masks: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    counts = np.zeros_like(masks)
    remaining = masks.copy()
    while remaining.any():
        counts += remaining & 1
        remaining >>= 1
    return counts


def _factors(x: Any, names: Sequence[str] | None) -> tuple[FloatArray, list[str]]:
    """The factors as a float array with their names (``x0, x1, ...`` by default)."""
    values, generated = numeric_matrix(x, "x", "x")
    found = list(generated)
    if names is not None:
        given = check_names("names", names)
        if len(given) != values.shape[1]:
            raise DataError(
                f"names must give one name per column of x ({values.shape[1]}), "
                f"not {len(given)}"
            )
        found = list(given)
    return values, found


def _checked(
    x: Any, y: Any, weights: Any, names: Sequence[str] | None
) -> tuple[FloatArray, FloatArray, FloatArray | None, list[str], list[str]]:
    """Factors, outcomes and weights, checked by the engine's fit of the full model.

    The fit refuses what the regressions on subsets would: missing values, constant
    or collinear factors (naming them), too few rows, bad weights.
    """
    xa, factor_names = _factors(x, names)
    ya, given_names = numeric_matrix(y, "y", "y")
    outcome_names = list(given_names)
    check_unique(outcome_names, "outcome")
    if ya.shape[1] == 0:
        raise DataError("y has no columns: give at least one outcome")
    full = ols_many(ya, xa, weights=weights, names=factor_names)
    return xa, ya, full._weights, factor_names, outcome_names


def _centred_factor(data: FloatArray, weights: FloatArray | None) -> FloatArray:
    """Triangular factor ``T`` of the centred (weighted) columns of ``data``.

    ``T'T`` equals the centred cross-product matrix of ``data``, so a least-squares
    fit of a column of ``T`` on other columns of ``T`` (without intercept) has the
    coefficients and the residual sum of squares of the fit with intercept on the
    data: the same problem in as many rows as ``data`` has columns instead of
    ``n``. This is an exact reduction of the data, not a fit; the fits that follow
    go through the engine.
    """
    if weights is None:
        centred = data - data.mean(axis=0)
    else:
        share = weights / weights.sum()
        centred = (data - share @ data) * np.sqrt(weights)[:, None]
    return np.asarray(np.linalg.qr(centred, mode="r"), dtype=np.float64)


def _uncentred_rsquared(
    design: FloatArray, outcomes: FloatArray, names: list[str], outcome_names: list[str]
) -> FloatArray:
    """R² of each outcome column on ``design``, both columns of a centred factor."""
    fits = fit_arrays(
        outcomes,
        design,
        names=names,
        outcomes=outcome_names,
        row_labels=positions(design.shape[0]),
        has_constant=False,  # the factor is centred: raw sums of squares are centred
    )
    return np.asarray(fits._rsquared, dtype=np.float64)


def subset_rsquared(
    x: Any,
    y: Any,
    weights: Any = None,
    *,
    names: Sequence[str] | None = None,
) -> FloatArray:
    """R² of every subset of the columns of ``x`` (with an intercept), for each y.

    Parameters
    ----------
    x : array_like or pandas.DataFrame, shape (n, k)
        The factors (without the constant), of full column rank beside it.
    y : array_like, pandas.Series or pandas.DataFrame, shape (n,) or (n, m)
        Outcomes that share the design; each subset is one batched engine call.
    weights : array_like, shape (n,), optional
        Positive analytic weights (weighted R²).
    names : sequence of str, optional
        Names of the factors, for error messages (default: a DataFrame's columns,
        else ``x0, x1, ...``).

    Returns
    -------
    ndarray, shape (2**k, m)
        Row ``s`` holds the R² of the subset whose bit ``j`` is set when column
        ``j`` is in it; row 0 (the intercept alone) is 0.

    Raises
    ------
    DataError, ModelError, RankDeficientError
        As :func:`attraktiv.ols_many` for the full model: missing values, constant
        or collinear factors (named), too few observations, bad weights.

    Notes
    -----
    The full model is fitted first, to check the data. Every subset is then fitted
    by the engine (:func:`~attraktiv.regression.fit_arrays`), all outcomes at once,
    on the triangular factor :math:`T` of the centred data,
    :math:`T'T = [\\tilde X \\; \\tilde Y]'[\\tilde X \\; \\tilde Y]`: the same
    normal equations, residual and total sums of squares as the fit with an
    intercept on the :math:`n` rows, in :math:`k + m` rows.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.regression import subset_rsquared
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(50, 2))
    >>> y = (x @ [1.0, 0.5] + rng.normal(size=50))[:, None]
    >>> subset_rsquared(x, y).round(3).ravel().tolist()
    [0.0, 0.555, 0.184, 0.649]
    """
    xa, ya, wa, factor_names, outcome_names = _checked(x, y, weights, names)
    k = xa.shape[1]
    factor = _centred_factor(np.column_stack([xa, ya]), wa)
    tx, ty = factor[:, :k], factor[:, k:]
    r2 = np.zeros((2**k, ya.shape[1]))
    for mask in range(1, 2**k):
        columns = [j for j in range(k) if mask >> j & 1]
        r2[mask] = _uncentred_rsquared(
            tx[:, columns], ty, [factor_names[j] for j in columns], outcome_names
        )
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

    Raises
    ------
    DataError
        If ``r2`` is not a two-dimensional array of R² values (finite, between 0
        and 1) with ``2**k`` rows.

    Notes
    -----
    .. math::

        \\mathrm{LMG}_j = \\sum_{S \\subseteq F \\setminus \\{j\\}}
            \\frac{|S|! \\, (k - |S| - 1)!}{k!}
            \\left[ R^2(S \\cup \\{j\\}) - R^2(S) \\right]

    References
    ----------
    .. [1] Lindeman, R. H., Merenda, P. F. and Gold, R. Z. (1980). Introduction to
       Bivariate and Multivariate Analysis. Scott, Foresman, Glenview.
    .. [2] Grömping, U. (2006). Relative importance for linear regression in R: the
       package relaimpo. Journal of Statistical Software 17(1).

    Examples
    --------
    Two factors: each gets half its R² alone plus half of what it adds to the other.

    >>> import numpy as np
    >>> from attraktiv.regression import shapley_shares
    >>> r2 = np.array([[0.0], [0.555], [0.184], [0.649]])
    >>> shapley_shares(r2).ravel().round(4).tolist()
    [0.51, 0.139]
    """
    values = check_values("r2", r2, ndim=2)
    rows = values.shape[0]
    if rows < 2 or rows & (rows - 1):
        raise DataError(
            f"r2 must have 2**k rows (one per subset of k factors) and one column "
            f"per outcome, not shape {values.shape}"
        )
    outside = np.flatnonzero(((values < -_R2_SLACK) | (values > 1 + _R2_SLACK)).ravel())
    if outside.size:
        raise DataError(
            f"r2 must hold R² values between 0 and 1; got "
            f"{float(values.ravel()[outside[0]])!r}"
        )
    k = rows.bit_length() - 1
    masks = np.arange(2**k, dtype=np.int64)
    sizes = _popcount(masks)
    weight_by_size = np.array(
        [
            math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
            for s in range(k)
        ]
    )
    shares = np.empty((k, values.shape[1]))
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        increments = values[without | (1 << j)] - values[without]
        shares[j] = weight_by_size[sizes[without]] @ increments
    return shares


def lmg(
    x: Any,
    y: Any,
    weights: Any = None,
    *,
    names: Sequence[str] | None = None,
) -> FloatArray:
    """Relative importance of each factor: its LMG (Shapley) share of R².

    Parameters
    ----------
    x : array_like or pandas.DataFrame, shape (n, k)
        The factors (without the constant), at most :data:`MAX_LMG_FACTORS`.
    y : array_like, pandas.Series or pandas.DataFrame, shape (n,) or (n, m)
        The outcomes.
    weights : array_like, shape (n,), optional
        Positive analytic weights.
    names : sequence of str, optional
        Names of the factors, for error messages.

    Returns
    -------
    ndarray, shape (k, m)
        Factors × outcomes; each column sums to the R² of the full model.

    Raises
    ------
    ModelError
        With more than :data:`MAX_LMG_FACTORS` factors.
    DataError, RankDeficientError
        As :func:`subset_rsquared`.

    See Also
    --------
    subset_rsquared, shapley_shares : the two steps.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.regression import lmg
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(50, 2))
    >>> y = x @ [1.0, 0.5] + rng.normal(size=50)
    >>> lmg(x, y).ravel().round(3).tolist()
    [0.51, 0.139]
    """
    k = _factors(x, names)[0].shape[1]
    if k > MAX_LMG_FACTORS:
        raise ModelError(
            f"relative importance fits 2^k - 1 models; with {k} factors that is "
            f"{2**k - 1:,}. It is limited to {MAX_LMG_FACTORS} factors"
        )
    return shapley_shares(subset_rsquared(x, y, weights, names=names))


def vif(
    x: Any,
    weights: Any = None,
    *,
    names: Sequence[str] | None = None,
) -> FloatArray:
    """Variance inflation factor of each column of ``x`` (beside an intercept).

    Parameters
    ----------
    x : array_like or pandas.DataFrame, shape (n, k)
        The factors (without the constant).
    weights : array_like, shape (n,), optional
        Positive analytic weights (the R² are weighted).
    names : sequence of str, optional
        Names of the factors, for error messages.

    Returns
    -------
    ndarray, shape (k,)
        :math:`1 / (1 - R_j^2)`, with :math:`R_j^2` the R² of factor ``j`` on
        the others and an intercept; 1 for a single factor.

    Raises
    ------
    DataError, ModelError, RankDeficientError
        Missing values, constant or collinear factors (named), too few rows, bad
        weights.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.regression import vif
    >>> x = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0], [5.0, 6.0]])
    >>> vif(x).round(4).tolist()
    [2.3889, 2.3889]
    """
    xa, factor_names = _factors(x, names)
    k = xa.shape[1]
    if xa.shape[0] < k + 2:
        raise ModelError(
            f"x has {xa.shape[0]} row{'s' if xa.shape[0] != 1 else ''} for {k} "
            f"factor{'s' if k != 1 else ''}: each factor's regression on the others "
            f"and an intercept needs at least {k + 2}"
        )
    # The full model's fit checks the factors (an outcome is needed: any will do).
    xa, _, wa, factor_names, _ = _checked(
        xa, np.arange(xa.shape[0], dtype=np.float64), weights, factor_names
    )
    if k == 1:
        return np.ones(1)
    factor = _centred_factor(xa, wa)
    result = np.empty(k)
    for j in range(k):
        others = [i for i in range(k) if i != j]
        r2 = float(
            _uncentred_rsquared(
                factor[:, others],
                factor[:, j : j + 1],
                [factor_names[i] for i in others],
                [factor_names[j]],
            )[0]
        )
        result[j] = 1.0 / (1.0 - r2)
    return result
