"""The public least-squares API: :func:`ols`, :func:`ols_many`, :func:`ols_formula`.

Each validates and labels its input (:mod:`attraktiv.regression._inputs`, formulas
in :mod:`attraktiv.regression.formula`), then calls the same kernel
(:func:`attraktiv.regression._kernel.estimate`) through
:mod:`attraktiv.regression._fitting`, which turns the kernel's findings into the
library's errors. A Dask array of outcomes goes to
:mod:`attraktiv.regression._lazy`, which fits its chunks through the same module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import pandas as pd

from ..core.dask import DaskArray, is_dask_array
from ..core.typing import COV_TYPES, CovType, FloatArray
from ..core.validation import check_flag, check_instance, check_names, check_option
from ..errors import DataError
from ._fitting import fit_prepared, fit_prepared_one
from ._inputs import INTERCEPT, check_unique, prepare, validated
from ._lazy import LazyOLSManyResult, ols_many_lazy
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
    names = check_names("names", names)
    outcomes = check_names("outcomes", outcomes)
    check_instance("row_labels", row_labels, pd.Index, "one label per row")
    check_instance(
        "formula_spec", formula_spec, FormulaSpec, "FormulaArrays.spec", none=True
    )
    for what, labels, size in (
        ("names", names, x.shape[1]),
        ("outcomes", outcomes, y.shape[1]),
        ("row_labels", row_labels, y.shape[0]),
    ):
        if len(labels) != size:
            raise DataError(f"{what} has {len(labels)} entries for {size}")
    check_unique(outcomes, "outcome")
    prepared = validated(
        np.asarray(y, dtype=np.float64),  # read only by the fit itself
        np.asarray(x, dtype=np.float64),  # copied into the result's design
        outcomes=list(outcomes),
        names=list(names),
        labels=row_labels.view(),  # the result's own: renaming theirs is theirs
        weights=weights,
        add_intercept=False,
        has_constant=None
        if has_constant is None
        else check_flag("has_constant", has_constant),
    )
    return fit_prepared(prepared, cov_type, formula_spec)


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
    return fit_prepared_one(prepared, cov_type)


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
    of :func:`ols` to about 13 significant digits. Those whose residual matrix
    would exceed 64 MiB are fitted in one pass over memory and keep a view of
    ``Y`` instead of a residual matrix, so memory stays near that of ``Y``; their
    ``resid`` is recomputed when read and refused
    (:class:`~attraktiv.errors.DataError`) if ``Y`` was changed in place since.
    Pass ``Y.copy()`` to change ``Y`` afterwards.

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
    return fit_prepared(prepared, cov_type)


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
    return fit_prepared_one(prepared, cov_type, arrays.spec)
