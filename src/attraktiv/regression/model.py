"""The public least-squares API: input checks, labels and options.

:func:`ols`, :func:`ols_many` and :func:`ols_formula` validate and label their input,
then all call the same kernel (:func:`attraktiv.regression._kernel.estimate`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import patsy

from .._typing import COV_TYPES, BoolArray, CovType, FloatArray
from .._validation import check_option
from ..errors import DataError, ModelError, RankDeficientError
from ._kernel import Collinearity, LeastSquares, estimate
from .results import OLSManyResult, OLSResult

__all__ = [
    "FormulaArrays",
    "design_from_formula",
    "fit_arrays",
    "formula_arrays",
    "ols",
    "ols_formula",
    "ols_many",
]

INTERCEPT = "Intercept"


class _Prepared(NamedTuple):
    """Validated arrays with their labels, ready for the kernel."""

    x: FloatArray
    y: FloatArray
    weights: FloatArray | None
    param_names: tuple[str, ...]
    outcomes: tuple[str, ...]
    row_labels: pd.Index
    has_constant: bool


def _describe_rows(labels: pd.Index, bad: BoolArray) -> str:
    """``row 'u3'``, or ``row 'u3' (and 2 other rows)`` when several are bad."""
    positions = np.flatnonzero(bad)
    first = labels[positions[0]]
    more = len(positions) - 1
    if more:
        return f"row {first!r} (and {more} other row{'s' if more > 1 else ''})"
    return f"row {first!r}"


def _numeric_matrix(data: Any, what: str, prefix: str) -> tuple[FloatArray, list[str]]:
    """A 2-D float array and column names from a DataFrame, Series or array."""
    if isinstance(data, pd.DataFrame):
        names = [str(c) for c in data.columns]
        for name, dtype in zip(names, data.dtypes, strict=True):
            if not (
                pd.api.types.is_numeric_dtype(dtype)
                or pd.api.types.is_bool_dtype(dtype)
            ):
                raise DataError(
                    f"column {name!r} of {what} is not numeric (dtype {dtype}); "
                    "encode categories as numbers or use ols_formula"
                )
        try:
            values = data.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError) as err:
            raise DataError(f"{what} cannot be converted to numbers: {err}") from None
        return values, names
    if isinstance(data, pd.Series):
        if not pd.api.types.is_numeric_dtype(data.dtype):
            raise DataError(f"{what} is not numeric (dtype {data.dtype})")
        name = prefix if data.name is None else str(data.name)
        return data.to_numpy(dtype=np.float64, na_value=np.nan)[:, None], [name]
    array = np.asarray(data)
    if array.dtype.kind not in "biuf":
        raise DataError(
            f"{what} is not numeric (dtype {array.dtype}); give numbers, or use "
            "ols_formula for categorical columns"
        )
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise DataError(f"{what} must be one- or two-dimensional, not {array.ndim}-D")
    names = [f"{prefix}{j}" for j in range(array.shape[1])]
    return np.asarray(array, dtype=np.float64), names


def _check_outcomes(y: FloatArray, names: Sequence[str], labels: pd.Index) -> None:
    """Raise naming the first outcome and row with a missing or infinite value."""
    bad = ~np.isfinite(y)
    if bad.any():
        j = int(np.flatnonzero(bad.any(axis=0))[0])
        what = "y" if len(names) == 1 and names[0] == "y" else f"outcome {names[j]!r}"
        where = _describe_rows(labels, bad[:, j])
        raise DataError(f"{what} has a missing or infinite value at {where}")


def _row_labels(*objects: Any) -> pd.Index | None:
    """The row labels of pandas input, as an index of the result's own (a view).

    A view, so that renaming the caller's index later does not rename the result's.
    """
    labels: pd.Index | None = None
    for obj in objects:
        if isinstance(obj, pd.Series | pd.DataFrame):
            if labels is None:
                labels = obj.index
            elif not labels.equals(obj.index):
                raise DataError(
                    "y and X have different row labels; align them (for example "
                    "with X.loc[y.index]) before fitting"
                )
    return None if labels is None else labels.view()


@lru_cache(maxsize=64)
def _shared_positions(n: int) -> pd.RangeIndex:
    return pd.RangeIndex(n)


def _positions(n: int) -> pd.Index:
    """Row labels ``0, ..., n - 1`` for unlabelled input: a view of a kept index.

    A view, so that renaming what a result hands out cannot reach the kept one.
    """
    return _shared_positions(n).view()


def _prepare(
    y: Any,
    x: Any,
    *,
    weights: Any,
    add_intercept: bool,
    names: Sequence[str] | None,
    many: bool,
) -> _Prepared:
    xa, xnames = _numeric_matrix(x, "X", "x")
    if many:
        ya, ynames = _numeric_matrix(y, "Y", "y")
    else:
        if isinstance(y, pd.DataFrame) and y.shape[1] == 1:
            y = y.iloc[:, 0]
        ya, ynames = _numeric_matrix(y, "y", "y")
        if ya.shape[1] != 1:
            raise DataError(
                f"y must be one outcome, but it has {ya.shape[1]} columns; use "
                "ols_many for several outcomes"
            )
        if not isinstance(y, pd.Series) or y.name is None:
            ynames = ["y"]
    if names is not None:
        names = [str(n) for n in names]
        if len(names) != xa.shape[1]:
            raise DataError(
                f"names has {len(names)} entries but X has {xa.shape[1]} columns"
            )
        xnames = names
    n = ya.shape[0]
    if n == 0 or ya.shape[1] == 0:
        raise DataError("empty input: y has no observations")
    if xa.shape[0] != n:
        raise DataError(f"y has {n} rows but X has {xa.shape[0]} rows")
    labels = _row_labels(y, x)
    if labels is None:
        labels = _positions(n)
    # y is checked after the fit, from its sum of squared residuals: one pass fewer.
    return _validated(
        ya,
        xa,
        outcomes=ynames,
        names=xnames,
        row_labels=labels,
        weights=weights,
        add_intercept=add_intercept,
    )


def _validated(
    ya: FloatArray,
    xa: FloatArray,
    *,
    outcomes: Sequence[str],
    names: Sequence[str],
    row_labels: pd.Index,
    weights: Any,
    add_intercept: bool,
) -> _Prepared:
    """Check float arrays with their labels (outcomes are checked after the fit).

    The design returned is a new array in Fortran order (the kernel works on its
    columns; the result keeps it, so it must not be the caller's), with the
    intercept in front when asked for.
    """
    n = ya.shape[0]
    labels = row_labels
    xnames = list(names)
    if add_intercept and INTERCEPT in xnames:
        raise DataError(
            f"X has a column named {INTERCEPT!r} and add_intercept=True; rename "
            "it or pass add_intercept=False"
        )
    offset = 1 if add_intercept else 0
    design = np.empty((n, xa.shape[1] + offset), order="F")
    if add_intercept:
        design[:, 0] = 1.0
    design[:, offset:] = xa
    given = design[:, offset:]
    # The spread of each column finds non-finite values (NaN and infinities make
    # it non-finite) and constant columns in one pass over contiguous columns. In
    # Python floats: inf - inf is NaN there, without a floating-point warning.
    spread = [
        high - low
        for high, low in zip(
            given.max(axis=0).tolist(), given.min(axis=0).tolist(), strict=True
        )
    ]
    if not all(math.isfinite(value) for value in spread):
        bad_x = ~np.isfinite(given)
        if bad_x.any():
            j = int(np.flatnonzero(bad_x.any(axis=0))[0])
            where = _describe_rows(labels, bad_x[:, j])
            raise DataError(
                f"column {xnames[j]!r} has a missing or infinite value at {where}"
            )

    wa: FloatArray | None = None
    if weights is not None:
        if isinstance(weights, pd.Series) and not weights.index.equals(labels):
            raise DataError("weights have different row labels from y and X")
        # A copy: the result keeps the weights, so they must not be the caller's.
        wa = np.array(weights, dtype=np.float64).reshape(-1)
        if wa.shape[0] != n:
            raise DataError(f"weights has {wa.shape[0]} values but y has {n} rows")
        bad_w = ~(np.isfinite(wa) & (wa > 0))
        if bad_w.any():
            value = float(wa[np.flatnonzero(bad_w)[0]])
            where = _describe_rows(labels, bad_w)
            raise DataError(
                f"weights must be positive and finite, but weight is {value!r} at "
                f"{where}"
            )

    constant = [col for col, value in enumerate(spread) if value == 0]
    for col in constant:
        if given[0, col] == 0:
            raise DataError(f"column {xnames[col]!r} is all zeros")
        if add_intercept:
            raise RankDeficientError(
                f"column {xnames[col]!r} is constant (every value is "
                f"{given[0, col]:g}); beside the intercept it is collinear with it. "
                "Drop it, or pass add_intercept=False"
            )
    xa = design
    if add_intercept:
        xnames = [INTERCEPT, *xnames]
    if xa.shape[1] == 0:
        raise DataError("X has no columns and add_intercept=False: nothing to fit")
    seen: set[str] = set()
    for name in xnames:
        if name in seen:
            raise DataError(f"column names must be unique; {name!r} appears twice")
        seen.add(name)
    p = xa.shape[1]
    if n <= p:
        raise ModelError(
            f"{n} observations are too few for {p} parameters "
            f"({', '.join(xnames)}); at least {p + 1} are needed"
        )
    return _Prepared(
        x=xa,
        y=ya,
        weights=wa,
        param_names=tuple(xnames),
        outcomes=tuple(outcomes),
        row_labels=labels,
        has_constant=bool(add_intercept or constant),
    )


def _rank_error(problem: Collinearity, names: Sequence[str]) -> RankDeficientError:
    parts = []
    for dependent, involved in zip(problem.dependent, problem.involved, strict=True):
        if len(involved) > 1:
            columns = ", ".join(repr(names[i]) for i in involved)
            parts.append(f"columns {columns} are linearly dependent")
        else:
            parts.append(f"column {names[dependent]!r} is numerically zero")
    return RankDeficientError(
        f"the design is rank deficient (rank {problem.rank} < {len(names)} columns): "
        + "; ".join(parts)
        + ". Drop or combine the collinear columns"
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
            f"{_describe_rows(labels, full)} has leverage 1: a column singles it out, "
            f"so its residual is zero by construction and {cov_type} standard errors "
            "are undefined. Use cov_type='nonrobust', or drop the column that is "
            "non-zero for that row alone"
        )


def _estimate(
    prepared: _Prepared, cov_type: CovType, *, single: bool = False
) -> LeastSquares:
    """Run the kernel on checked input and turn its findings into errors.

    ``single``: the fit of one outcome, named ``y`` in messages.
    """
    x, y, w = prepared.x, prepared.y, prepared.weights
    fit = estimate(x, y, w, centre=prepared.has_constant)
    if isinstance(fit, Collinearity):
        raise _rank_error(fit, prepared.param_names)
    ssr = fit.ssr
    if not (math.isfinite(ssr[0]) if ssr.shape[0] == 1 else np.isfinite(ssr).all()):
        # y was not checked up front: one pass fewer over thousands of outcomes.
        _check_outcomes(y, ("y",) if single else prepared.outcomes, prepared.row_labels)
        first = prepared.outcomes[int(np.flatnonzero(~np.isfinite(ssr))[0])]
        raise DataError(
            f"the sum of squared residuals of outcome {first!r} overflows; its "
            "values are too large for double precision: rescale it"
        )
    if cov_type != "nonrobust":
        _check_leverage(fit.leverage, prepared.row_labels, cov_type)
    return fit


def _result_fields(
    prepared: _Prepared, fit: LeastSquares, cov_type: CovType
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
    }


def _fit(prepared: _Prepared, cov_type: CovType) -> OLSManyResult:
    """Fit every outcome of checked input."""
    fit = _estimate(prepared, cov_type)
    return OLSManyResult(
        outcomes=prepared.outcomes, **_result_fields(prepared, fit, cov_type)
    )


def _fit_one(prepared: _Prepared, cov_type: CovType) -> OLSResult:
    """Fit the single outcome of checked input (as ``_fit(...).column(0)``)."""
    fit = _estimate(prepared, cov_type, single=True)
    return OLSResult(
        outcome=prepared.outcomes[0], **_result_fields(prepared, fit, cov_type)
    )


def fit_arrays(
    y: FloatArray,
    x: FloatArray,
    *,
    names: Sequence[str],
    outcomes: Sequence[str],
    row_labels: pd.Index,
    weights: FloatArray | None = None,
    cov_type: CovType = "nonrobust",
) -> OLSManyResult:
    """:func:`ols_many` for callers that already hold float arrays and labels.

    The same checks and the same kernel, without converting pandas input; the
    design is used as given (no intercept is added). For library code that fits
    many tables (the barometer, the driver analysis).

    Parameters
    ----------
    y : ndarray, shape (n, k)
    x : ndarray, shape (n, p)
    names, outcomes : sequence of str
        Names of the columns of ``x`` and of ``y``.
    row_labels : pandas.Index
        Labels of the rows.
    weights : ndarray, shape (n,), optional
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"

    Returns
    -------
    OLSManyResult
    """
    cov_type = check_option("cov_type", cov_type, COV_TYPES)
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
    prepared = _validated(
        np.asarray(y, dtype=np.float64),  # read only by the fit itself
        np.asarray(x, dtype=np.float64),  # copied into the result's design
        outcomes=outcomes,
        names=names,
        row_labels=row_labels.view(),  # the result's own: renaming theirs is theirs
        weights=weights,
        add_intercept=False,
    )
    return _fit(prepared, cov_type)


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
    prepared = _prepare(
        y, X, weights=weights, add_intercept=add_intercept, names=names, many=False
    )
    return _fit_one(prepared, cov_type)


def ols_many(
    Y: Any,
    X: Any,
    *,
    weights: Any = None,
    add_intercept: bool = True,
    cov_type: CovType = "nonrobust",
    names: Sequence[str] | None = None,
) -> OLSManyResult:
    """Fit many outcomes that share one design, in one factorisation.

    Parameters
    ----------
    Y : array_like or pandas.DataFrame, shape (n, k)
        The outcomes, one per column (named from a DataFrame, else ``y0, y1, ...``).
    X : array_like or pandas.DataFrame, shape (n, p) or (n,)
        Regressors, as in :func:`ols`.
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
    prepared = _prepare(
        Y, X, weights=weights, add_intercept=add_intercept, names=names, many=True
    )
    return _fit(prepared, cov_type)


def design_from_formula(
    formula: str, data: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Outcome and design matrices of a patsy formula, with clear errors.

    Parameters
    ----------
    formula : str
        A patsy formula such as ``"net_migration ~ job_growth"``.
    data : pandas.DataFrame
        The columns the formula refers to.

    Returns
    -------
    (outcome, design) : tuple of pandas.DataFrame
        The outcome column(s) and the design (with an ``Intercept`` column unless
        the formula removes it), indexed like ``data``.

    Raises
    ------
    ModelError
        If the formula cannot be parsed or evaluated (an unknown column is named).
    DataError
        If a column the formula uses has missing values (rows are never dropped).

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"y": [1.0, 2.0, 4.0], "x": [0.0, 1.0, 2.0]})
    >>> outcome, design = design_from_formula("y ~ x", data)
    >>> list(design.columns)
    ['Intercept', 'x']
    """
    if "~" not in formula:
        raise ModelError(
            f"formula {formula!r} has no '~'; write it as 'outcome ~ regressors'"
        )
    simple = _simple_design(formula, data)
    if simple is not None:
        outcome = pd.DataFrame({simple.outcome: simple.y}, index=data.index)
        design = pd.DataFrame(simple.x, index=data.index, columns=list(simple.names))
        return outcome, design
    return _patsy_design(formula, data)


def _patsy_design(
    formula: str, data: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The matrices patsy builds, with its errors turned into the library's."""
    try:
        outcome, design = patsy.dmatrices(
            formula, data, return_type="dataframe", NA_action="raise", eval_env=0
        )
    except patsy.PatsyError as err:
        message = str(err).splitlines()[0]
        missing = [
            name
            for name in _formula_names(formula)
            if name not in data.columns and name not in _BUILTIN_NAMES
        ]
        if missing:
            raise ModelError(
                f"formula {formula!r} uses column {missing[0]!r}, which the data "
                f"does not have; available columns: {', '.join(map(str, data.columns))}"
            ) from None
        with_missing = [
            name
            for name in dict.fromkeys(_formula_names(formula))
            if name in data.columns and data[name].isna().any()
        ]
        if with_missing:
            name = with_missing[0]
            bad = data[name].isna().to_numpy()
            raise DataError(
                f"formula {formula!r}: column {name!r} has a missing value at "
                f"{_describe_rows(data.index, bad)}; fill or drop such rows first "
                "(rows are never dropped silently)"
            ) from None
        raise ModelError(f"formula {formula!r} cannot be used: {message}") from None
    return outcome, design


_SIMPLE_FORMULA = re.compile(
    r"^\s*(?P<outcome>[A-Za-z_]\w*)\s*~\s*(?P<terms>[\w\s+\-]*)$"
)
_IDENTIFIER = re.compile(r"^[A-Za-z_]\w*$")


@dataclass(frozen=True)
class FormulaArrays:
    """Outcome and design of a formula as arrays with their names."""

    outcome: str
    y: FloatArray
    names: tuple[str, ...]
    x: FloatArray


def formula_arrays(formula: str, data: pd.DataFrame) -> FormulaArrays:
    """:func:`design_from_formula` as arrays, for callers that fit many times.

    Parameters
    ----------
    formula : str
        A patsy formula.
    data : pandas.DataFrame
        The columns it refers to.

    Returns
    -------
    FormulaArrays
        ``y`` has shape (n,), ``x`` (n, p), in the order of ``data``'s rows.
    """
    if "~" not in formula:
        raise ModelError(
            f"formula {formula!r} has no '~'; write it as 'outcome ~ regressors'"
        )
    simple = _simple_design(formula, data)
    if simple is not None:
        return simple
    outcome, design = _patsy_design(formula, data)
    return FormulaArrays(
        outcome=str(outcome.columns[0]),
        y=outcome.iloc[:, 0].to_numpy(dtype=np.float64),
        names=tuple(str(c) for c in design.columns),
        x=design.to_numpy(dtype=np.float64),
    )


@lru_cache(maxsize=512)
def _parse_simple(formula: str) -> tuple[str, tuple[str, ...], bool] | None:
    """(outcome, regressors, intercept) of a plain ``y ~ a + b`` formula, or None."""
    match = _SIMPLE_FORMULA.match(formula)
    if match is None:
        return None
    terms = re.sub(r"\s+", "", match["terms"])
    intercept = True
    names: list[str] = []
    for signed in re.findall(r"[+\-]?[^+\-]+", terms):
        sign, term = (
            ("-", signed[1:]) if signed[0] == "-" else ("+", signed.lstrip("+"))
        )
        if term in ("0", "1"):
            intercept = (term == "1") == (sign == "+")
        elif sign == "+" and _IDENTIFIER.match(term) and term not in names:
            names.append(term)
        else:
            return None
    return match["outcome"], tuple(names), intercept


def _simple_design(formula: str, data: pd.DataFrame) -> FormulaArrays | None:
    """The design of ``y ~ a + b`` over numeric columns, without patsy, or None.

    Formulas of plain numeric column names joined by ``+`` (with ``+ 1``, ``+ 0``
    or ``- 1``) are what the barometer fits thousands of times; building them
    directly gives exactly what patsy would, at a fraction of the cost. Anything
    else (transformations, interactions, categories) goes to patsy.
    """
    parsed = _parse_simple(formula)
    if parsed is None:
        return None
    outcome, names, intercept = parsed
    arrays: dict[str, FloatArray] = {}
    for name in [outcome, *names]:
        if name not in data.columns:
            return None
        column = data[name]
        dtype = column.dtype
        if dtype == np.float64:  # the common case, without the general checks
            values = column.to_numpy()
        elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(
            dtype
        ):
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            return None
        missing = np.isnan(values)
        if missing.any():
            raise DataError(
                f"formula {formula!r}: column {name!r} has a missing value at "
                f"{_describe_rows(data.index, missing)}; fill or drop such rows "
                "first (rows are never dropped silently)"
            )
        arrays[name] = values
    offset = 1 if intercept else 0
    x = np.empty((len(data), len(names) + offset), order="F")  # the kernel's order
    if intercept:
        x[:, 0] = 1.0
    for j, name in enumerate(names, start=offset):
        x[:, j] = arrays[name]
    return FormulaArrays(
        outcome=outcome,
        y=arrays[outcome],
        names=((INTERCEPT,) if intercept else ()) + tuple(names),
        x=x,
    )


_BUILTIN_NAMES = frozenset(
    {"np", "C", "I", "Q", "center", "standardize", "scale", "log"}
)


def _formula_names(formula: str) -> list[str]:
    """Identifier-like tokens of a formula, in order."""
    return re.findall(r"[A-Za-z_][A-Za-z0-9_]*", formula)


def ols_formula(
    formula: str,
    data: pd.DataFrame,
    *,
    weights: Any = None,
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
        The same result :func:`ols` gives for the design the formula builds.

    Raises
    ------
    ModelError
        A formula that cannot be parsed or names a column the data lacks.
    DataError, RankDeficientError, InvalidOptionError
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
    outcome, design = design_from_formula(formula, data)
    if isinstance(weights, str):
        if weights not in data.columns:
            raise DataError(f"weights column {weights!r} is not in the data")
        weights = data[weights].to_numpy(dtype=np.float64, na_value=np.nan)
    prepared = _prepare(
        outcome.iloc[:, 0].rename(str(outcome.columns[0])),
        design,
        weights=weights,
        add_intercept=False,
        names=None,
        many=False,
    )
    return _fit_one(prepared, cov_type)
