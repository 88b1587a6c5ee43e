"""The public least-squares API: :func:`ols`, :func:`ols_many`, :func:`ols_formula`.

Each validates and labels its input (:mod:`attraktiv.regression._inputs`, formulas
in :mod:`attraktiv.regression.formula`), then calls the same kernel
(:func:`attraktiv.regression._kernel.estimate`) through :func:`_estimate`, which
turns the kernel's findings into the library's errors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import pandas as pd

from .._typing import COV_TYPES, CovType, FloatArray
from .._validation import check_flag, check_option
from ..errors import DataError, ModelError, RankDeficientError
from ._inputs import (
    INTERCEPT,
    Prepared,
    check_outcomes,
    check_unique,
    describe_rows,
    outcome_scale,
    prepare,
    validated,
)
from ._kernel import Collinearity, LeastSquares, estimate
from ._lazy import DaskArray, LazyOLSManyResult, is_dask_array, ols_many_lazy
from .formula import FormulaArrays, FormulaSpec, design_from_formula, formula_arrays
from .results import OLSManyResult, OLSResult

__all__ = [
    "INTERCEPT",
    "FormulaArrays",
    "FormulaSpec",
    "design_from_formula",
    "fit_arrays",
    "formula_arrays",
    "ols",
    "ols_formula",
    "ols_many",
]

#: Sums of squared residuals outside [2**-400, 2**400] may have under- or
#: overflowed on the way; the outcomes' magnitudes are then checked and, when far
#: from 1, the fit is repeated on outcomes rescaled by powers of two (exactly).
_SMALLEST_SS = 2.0**-400
_LARGEST_SS = 2.0**400


def _rank_error(problem: Collinearity, names: Sequence[str]) -> RankDeficientError:
    parts = []
    culprits: list[str] = []
    for dependent, involved in zip(problem.dependent, problem.involved, strict=True):
        culprits += [names[i] for i in involved]
        if len(involved) > 1:
            columns = ", ".join(repr(names[i]) for i in involved)
            parts.append(f"columns {columns} are linearly dependent")
        else:
            parts.append(f"column {names[dependent]!r} is numerically zero")
    return RankDeficientError(
        f"the design is rank deficient (rank {problem.rank} < {len(names)} columns): "
        + "; ".join(parts)
        + ". Drop or combine the collinear columns",
        columns=[name for name in names if name in set(culprits)],
        rank=problem.rank,
    )


#: Leverage this close to 1 means one row alone determines a coefficient.
_FULL_LEVERAGE = 1e-8


def _check_leverage(leverage: FloatArray, labels: pd.Index, cov_type: CovType) -> None:
    """Refuse robust covariances when a row's residual is zero by construction.

    A row with leverage 1 (a column that is non-zero for it alone) fits exactly, so
    it contributes nothing to a sandwich estimator: its coefficient's robust standard
    error is then meaningless (HC0, HC1) or a ratio of rounding errors (HC2, HC3).
    """
    full = (1.0 - leverage) <= _FULL_LEVERAGE
    if full.any():
        raise ModelError(
            f"{describe_rows(labels, full)} has leverage 1: a column singles it out, "
            f"so its residual is zero by construction and {cov_type} standard errors "
            "are undefined. Use cov_type='nonrobust', or drop the column that is "
            "non-zero for that row alone"
        )


def _estimate(
    prepared: Prepared,
    cov_type: CovType,
    *,
    single: bool = False,
    refine: bool | None = None,
) -> tuple[LeastSquares, FloatArray | None]:
    """Run the kernel on checked input and turn its findings into errors.

    ``single``: the fit of one outcome, named ``y`` in messages. ``refine``: as
    the kernel's (None: decided by size). Returns the fit and the powers of two
    the outcomes were multiplied by (None: not rescaled).
    """
    x, y, w = prepared.x, prepared.y, prepared.weights
    fit = estimate(x, y, w, centre=prepared.has_constant, refine=refine)
    if isinstance(fit, Collinearity):
        raise _rank_error(fit, prepared.param_names)
    ssr = fit.ssr
    if not (math.isfinite(ssr[0]) if ssr.shape[0] == 1 else np.isfinite(ssr).all()):
        # y was not checked up front: one pass fewer over thousands of outcomes.
        check_outcomes(y, ("y",) if single else prepared.outcomes, prepared.row_labels)
    y_scale = None
    if (
        not (float(ssr.min()) >= _SMALLEST_SS and float(ssr.max()) <= _LARGEST_SS)
        and (y_scale := outcome_scale(y)) is not None
    ):
        scaled = estimate(
            x, y * y_scale, w, centre=prepared.has_constant, refine=refine
        )
        if isinstance(scaled, Collinearity):  # pragma: no cover - same design
            raise _rank_error(scaled, prepared.param_names)
        fit = scaled
    if cov_type != "nonrobust":
        _check_leverage(fit.leverage, prepared.row_labels, cov_type)
    return fit, y_scale


def _result_fields(
    prepared: Prepared,
    fit: LeastSquares,
    y_scale: FloatArray | None,
    cov_type: CovType,
    formula_spec: FormulaSpec | None,
) -> dict[str, Any]:
    """The fields :class:`OLSResult` and :class:`OLSManyResult` share."""
    x = prepared.x
    return {
        "param_names": prepared.param_names,
        "nobs": x.shape[0],
        "df_resid": fit.df_resid,
        "rank": x.shape[1],
        "cov_type": cov_type,
        "has_constant": prepared.has_constant,
        "weighted": prepared.weights is not None,
        "row_labels": prepared.row_labels,
        "_fit": fit,
        "_x": x,
        "_weights": prepared.weights,
        "formula_spec": formula_spec,
        "_x_scale": prepared.x_scale,
        "_y_scale": y_scale,
    }


def _fit(
    prepared: Prepared,
    cov_type: CovType,
    formula_spec: FormulaSpec | None = None,
    *,
    refine: bool | None = None,
) -> OLSManyResult:
    """Fit every outcome of checked input."""
    fit, y_scale = _estimate(prepared, cov_type, refine=refine)
    fields = _result_fields(prepared, fit, y_scale, cov_type, formula_spec)
    return OLSManyResult(outcomes=prepared.outcomes, **fields)


def _fit_one(
    prepared: Prepared, cov_type: CovType, formula_spec: FormulaSpec | None = None
) -> OLSResult:
    """Fit the single outcome of checked input (as ``_fit(...).column(0)``)."""
    fit, y_scale = _estimate(prepared, cov_type, single=True)
    fields = _result_fields(prepared, fit, y_scale, cov_type, formula_spec)
    return OLSResult(outcome=prepared.outcomes[0], **fields)


def fit_arrays(
    y: FloatArray,
    x: FloatArray,
    *,
    names: Sequence[str],
    outcomes: Sequence[str],
    row_labels: pd.Index,
    weights: FloatArray | None = None,
    cov_type: CovType = "nonrobust",
    formula_spec: FormulaSpec | None = None,
    has_constant: bool | None = None,
) -> OLSManyResult:
    """:func:`ols_many` for callers that already hold float arrays and labels.

    The same checks and the same kernel, without converting pandas input; the
    design is used as given (no intercept is added). For code that fits many
    tables (the barometer, the driver analysis, relative importance).

    Parameters
    ----------
    y : ndarray, shape (n, k)
        The outcomes, one per column.
    x : ndarray, shape (n, p)
        The design, with its constant column if it has one.
    names, outcomes : sequence of str
        Names of the columns of ``x`` and of ``y`` (each unique).
    row_labels : pandas.Index
        Labels of the rows.
    weights : ndarray, shape (n,), optional
        Positive analytic weights.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
        Covariance estimator of the standard errors.
    formula_spec : FormulaSpec, optional
        The formula that built ``x`` (:attr:`FormulaArrays.spec`), kept with the
        fit so that :meth:`OLSResult.predict` can encode new data.
    has_constant : bool, optional
        Whether the design holds a constant column, which makes R² centred. By
        default a constant column is looked for; False fixes R² uncentred
        whatever the columns' values (as for a fit on a triangular factor).

    Returns
    -------
    OLSManyResult

    Raises
    ------
    DataError, ModelError, RankDeficientError, InvalidOptionError
        As :func:`ols_many`.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from attraktiv.regression import fit_arrays
    >>> x = np.column_stack([np.ones(5), np.arange(5.0)])
    >>> y = np.array([[0.1], [1.2], [1.9], [3.1], [4.0]])
    >>> fits = fit_arrays(y, x, names=["Intercept", "t"], outcomes=["y"],
    ...                   row_labels=pd.RangeIndex(5))
    >>> fits.params["y"].round(3).tolist()
    [0.12, 0.97]
    """
    cov_type = check_option("cov_type", cov_type, COV_TYPES)
    if not isinstance(y, np.ndarray) or not isinstance(x, np.ndarray):
        raise DataError(
            "fit_arrays takes NumPy arrays y (n, k) and x (n, p); use ols_many for "
            "other input"
        )
    if y.dtype.kind not in "biuf" or x.dtype.kind not in "biuf":
        raise DataError(
            f"fit_arrays takes real numbers, not y of dtype {y.dtype} and x of "
            f"dtype {x.dtype}"
        )
    if y.ndim != 2 or x.ndim != 2 or y.shape[0] != x.shape[0]:
        raise DataError(f"y has shape {y.shape} but x has shape {x.shape}")
    if y.shape[0] == 0 or y.shape[1] == 0:
        raise DataError("empty input: y has no observations")
    for what, labels, size in (
        ("names", names, x.shape[1]),
        ("outcomes", outcomes, y.shape[1]),
        ("row_labels", row_labels, y.shape[0]),
    ):
        if len(labels) != size:
            raise DataError(f"{what} has {len(labels)} entries for {size}")
    outcomes = [str(name) for name in outcomes]
    check_unique(outcomes, "outcome")
    prepared = validated(
        np.asarray(y, dtype=np.float64),  # read only by the fit itself
        np.asarray(x, dtype=np.float64),  # copied into the result's design
        outcomes=outcomes,
        names=[str(name) for name in names],
        labels=row_labels.view(),  # the result's own: renaming theirs is theirs
        weights=weights,
        add_intercept=False,
        has_constant=None
        if has_constant is None
        else check_flag("has_constant", has_constant),
    )
    return _fit(prepared, cov_type, formula_spec)


def ols(
    y: Any,
    X: Any,
    *,
    weights: Any = None,
    add_intercept: bool = True,
    cov_type: CovType = "nonrobust",
    names: Sequence[str] | None = None,
) -> OLSResult:
    """Fit one outcome by ordinary (or weighted) least squares.

    Parameters
    ----------
    y : array_like or pandas.Series, shape (n,)
        The outcome.
    X : array_like or pandas.DataFrame, shape (n, p) or (n,)
        Regressors. Column names come from a DataFrame, from ``names``, or are
        ``x0, x1, ...``.
    weights : array_like, shape (n,), optional
        Positive analytic weights: minimise :math:`\\sum_i w_i e_i^2` (as
        statsmodels' WLS).
    add_intercept : bool, default True
        Prepend a constant column named ``Intercept``.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
        Covariance estimator of the standard errors.
    names : sequence of str, optional
        Names of the columns of ``X``.

    Returns
    -------
    OLSResult

    Raises
    ------
    DataError
        Missing, infinite or non-numeric values, non-positive weights, mismatched
        lengths, empty input; the message names the column and row.
    ModelError
        Fewer observations than parameters plus one.
    RankDeficientError
        A constant column beside the intercept, or collinear columns (named).
    InvalidOptionError
        An unknown ``cov_type``.

    See Also
    --------
    ols_many : many outcomes sharing one design, in one factorisation.
    ols_formula : the same fit from a formula over a DataFrame.

    Notes
    -----
    The design is scaled to unit column norms and factorised by Householder QR with
    column pivoting; :math:`X'X` is never formed. Iterative refinement follows, with
    residuals as accurate as if computed in twice the working precision (see
    :doc:`/accuracy`). On the NIST StRD linear regression datasets every certified
    value is met to at least 13 significant digits.

    Examples
    --------
    >>> import numpy as np, attraktiv
    >>> job_growth = np.array([-2.0, 0.5, 1.0, 3.0, 4.5, 6.0])
    >>> net_migration = np.array([-1.5, 0.2, 1.4, 1.9, 3.6, 3.9])
    >>> res = attraktiv.ols(net_migration, job_growth, names=["job_growth"])
    >>> res.to_frame().round(4)
                estimate  std_error  statistic  pvalue  ci_low  ci_high
    parameter
    Intercept     0.0880     0.2392     0.3679  0.7316 -0.5760   0.7520
    job_growth    0.6902     0.0698     9.8922  0.0006  0.4965   0.8839
    """
    cov_type = check_option("cov_type", cov_type, COV_TYPES)
    prepared = prepare(
        y, X, weights=weights, add_intercept=add_intercept, names=names, many=False
    )
    return _fit_one(prepared, cov_type)


@overload
def ols_many(
    Y: DaskArray,
    X: Any,
    *,
    weights: Any = None,
    add_intercept: bool = True,
    cov_type: CovType = "nonrobust",
    names: Sequence[str] | None = None,
) -> LazyOLSManyResult: ...


@overload
def ols_many(
    Y: Any,
    X: Any,
    *,
    weights: Any = None,
    add_intercept: bool = True,
    cov_type: CovType = "nonrobust",
    names: Sequence[str] | None = None,
) -> OLSManyResult: ...


def ols_many(
    Y: Any,
    X: Any,
    *,
    weights: Any = None,
    add_intercept: bool = True,
    cov_type: CovType = "nonrobust",
    names: Sequence[str] | None = None,
) -> OLSManyResult | LazyOLSManyResult:
    """Fit many outcomes that share one design, in one factorisation.

    Parameters
    ----------
    Y : array_like, pandas.DataFrame or dask.array.Array, shape (n, k)
        The outcomes, one per column (named from a DataFrame, else ``y0, y1, ...``).
        A Dask array (chunked along outcomes) gives a lazy result.
    X : array_like or pandas.DataFrame, shape (n, p) or (n,)
        Regressors, as in :func:`ols` (in memory, also for a Dask ``Y``).
    weights : array_like, shape (n,), optional
        Positive analytic weights, shared by every outcome.
    add_intercept : bool, default True
        Prepend a constant column named ``Intercept``.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
        Covariance estimator of the standard errors.
    names : sequence of str, optional
        Names of the columns of ``X``.

    Returns
    -------
    OLSManyResult
        Coefficients k-wide, residuals n × k, R² and sigma per outcome;
        ``result.column(j)`` equals ``ols(Y[:, j], X, ...)`` to rounding.
        For a Dask ``Y``, a :class:`~attraktiv.regression.LazyOLSManyResult`
        whose statistics are Dask arrays and whose ``compute()`` gives this
        result, with the same numbers (see :doc:`/scaling`).

    Raises
    ------
    DataError, ModelError, RankDeficientError, InvalidOptionError
        As :func:`ols`.

    Notes
    -----
    The QR factorisation of the design is computed once. Blocks of up to
    :data:`attraktiv.regression._kernel.EXTENDED_LIMIT` elements are refined as in
    :func:`ols`, larger ones are not, for speed; either way the results are those
    of :func:`ols` to about 13 significant digits.

    A Dask ``Y`` is fitted chunk by chunk: the design is checked (and a rank
    deficiency refused) when ``ols_many`` is called, each chunk of outcome columns
    is one task that runs the same engine, and every chunk takes the refinement
    decision the whole ``n × k`` problem would get, so that the numbers are those
    of the in-memory fit (up to the order in which BLAS sums a narrower block,
    when the problem is too large to be refined). Chunks along the rows are joined
    first (a fit needs all the rows of an outcome).

    Examples
    --------
    >>> import numpy as np, pandas as pd, attraktiv
    >>> x = pd.DataFrame({"job_growth": [-2.0, 0.5, 1.0, 3.0, 4.5, 6.0]})
    >>> flows = pd.DataFrame({"abroad": [0.1, 0.3, 0.2, 0.6, 0.5, 0.9],
    ...                       "domestic": [-1.6, -0.1, 1.2, 1.3, 3.1, 3.0]})
    >>> res = attraktiv.ols_many(flows, x)
    >>> res.params.round(4)
                abroad  domestic
    parameter
    Intercept   0.2303   -0.1423
    job_growth  0.0937    0.5965
    """
    cov_type = check_option("cov_type", cov_type, COV_TYPES)
    if is_dask_array(Y):
        return ols_many_lazy(
            Y,
            X,
            weights=weights,
            add_intercept=check_flag("add_intercept", add_intercept),
            cov_type=cov_type,
            names=names,
        )
    prepared = prepare(
        Y, X, weights=weights, add_intercept=add_intercept, names=names, many=True
    )
    return _fit(prepared, cov_type)


def ols_formula(
    formula: str,
    data: pd.DataFrame,
    *,
    weights: str | Any = None,
    cov_type: CovType = "nonrobust",
) -> OLSResult:
    """Fit one outcome by least squares from a formula.

    Parameters
    ----------
    formula : str
        A patsy formula, ``"outcome ~ x1 + x2"``; the intercept is included unless
        the formula says ``- 1`` or ``+ 0``.
    data : pandas.DataFrame
        The columns the formula refers to.
    weights : str or array_like, optional
        A column of ``data`` (by name) or an array of positive analytic weights.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
        Covariance estimator of the standard errors.

    Returns
    -------
    OLSResult
        The same result :func:`ols` gives for the design the formula builds, with
        the formula's :class:`~attraktiv.regression.FormulaSpec` kept as
        ``formula_spec`` (for :meth:`~attraktiv.OLSResult.predict`).

    Raises
    ------
    ModelError
        A formula that is not text or cannot be parsed (the position is named),
        has not exactly one outcome, or names a column the data lacks.
    DataError
        ``data`` is not a DataFrame; a column used is missing values or appears
        twice; the outcome is not numeric (booleans are read as 0/1); and as
        :func:`ols`.
    RankDeficientError, InvalidOptionError
        As :func:`ols`.

    Examples
    --------
    >>> import pandas as pd, attraktiv
    >>> data = pd.DataFrame({"net_migration": [-1.5, 0.2, 1.4, 1.9, 3.6, 3.9],
    ...                      "job_growth": [-2.0, 0.5, 1.0, 3.0, 4.5, 6.0]})
    >>> res = attraktiv.ols_formula("net_migration ~ job_growth", data)
    >>> res.params.round(4)
    parameter
    Intercept     0.0880
    job_growth    0.6902
    Name: estimate, dtype: float64
    """
    cov_type = check_option("cov_type", cov_type, COV_TYPES)
    arrays = formula_arrays(formula, data)
    if isinstance(weights, str):
        if weights not in data.columns:
            raise DataError(f"weights column {weights!r} is not in the data")
        weights = data[weights]
    n = arrays.y.shape[0]
    if n == 0:
        raise DataError("empty input: y has no observations")
    prepared = validated(
        arrays.y[:, None],
        arrays.x,
        outcomes=[arrays.outcome],
        names=arrays.names,
        labels=data.index.view(),  # the result's own: renaming theirs is theirs
        weights=weights,
        add_intercept=False,
    )
    return _fit_one(prepared, cov_type, arrays.spec)
