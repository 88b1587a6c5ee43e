"""Fay-Herriot shrinkage toward a regression mean, with known unequal variances.

A pure function of estimates, their standard errors and a covariate design: no
index, panel or result is needed, so any table of estimates can be shrunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.typing import FloatArray
from ..core.validation import check_flag, check_level, check_option, check_values
from ..errors import DataError, ModelError
from ._checks import estimates_and_errors, rescaled, variance_in_units

__all__ = [
    "FAY_HERRIOT_METHODS",
    "FayHerriotMethod",
    "FayHerriotResult",
    "fay_herriot",
]

#: How the between-unit variance tau² is estimated.
FayHerriotMethod: TypeAlias = Literal["reml", "paule-mandel"]
FAY_HERRIOT_METHODS: Final[tuple[FayHerriotMethod, ...]] = ("reml", "paule-mandel")

_EPS = float(np.finfo(np.float64).eps)


@dataclass(frozen=True, repr=False)
class _Fit:
    """GLS of the (rescaled) estimates on the design at one tau²."""

    weights: FloatArray  # 1 / (tau² + D_i)
    coefficients: FloatArray
    resid: FloatArray
    inverse: FloatArray  # (X'WX)^-1
    leverage: FloatArray  # x_i' (X'WX)^-1 x_i


def _gls(y: FloatArray, design: FloatArray, d: FloatArray, tau2: float) -> _Fit:
    weights = 1.0 / (tau2 + d)
    p = design.shape[1]
    if p == 0:
        empty = np.zeros((0, 0))
        return _Fit(weights, np.zeros(0), y, empty, np.zeros_like(y))
    gram = design.T @ (weights[:, None] * design)
    inverse = np.asarray(np.linalg.inv(gram), dtype=np.float64)
    coefficients = inverse @ (design.T @ (weights * y))
    resid = y - design @ coefficients
    leverage = np.einsum("ij,jk,ik->i", design, inverse, design)
    return _Fit(weights, coefficients, resid, inverse, leverage)


def _reml_score(y: FloatArray, design: FloatArray, d: FloatArray, tau2: float) -> float:
    """Twice the derivative of the REML log-likelihood in tau²: y'P²y - tr P."""
    fit = _gls(y, design, d, tau2)
    trace = float(np.sum(fit.weights) - np.sum(fit.weights**2 * fit.leverage))
    return float(np.sum((fit.weights * fit.resid) ** 2)) - trace


def _paule_mandel_excess(
    y: FloatArray, design: FloatArray, d: FloatArray, tau2: float
) -> float:
    """Weighted residual sum of squares minus its degrees of freedom."""
    fit = _gls(y, design, d, tau2)
    degrees = float(y.size - design.shape[1])
    return float(np.sum(fit.weights * fit.resid**2)) - degrees


def _between_variance(
    y: FloatArray, design: FloatArray, d: FloatArray, method: FayHerriotMethod
) -> float:
    """The root in tau² >= 0 of the method's estimating equation (0 if none)."""
    equation = _reml_score if method == "reml" else _paule_mandel_excess

    def value(tau2: float) -> float:
        return equation(y, design, d, tau2)

    if value(0.0) <= 0.0:
        return 0.0
    upper = float(np.var(y)) + float(d.max())
    while value(upper) > 0.0:
        upper *= 4.0
    from scipy.optimize import brentq

    return float(brentq(value, 0.0, upper, xtol=1e-300 * upper, rtol=4 * _EPS))


def _design(
    covariates: pd.DataFrame | npt.ArrayLike | None,
    labels: pd.Index,
    add_intercept: bool,
) -> tuple[FloatArray, tuple[str, ...]]:
    n = len(labels)
    if covariates is None:
        columns: list[FloatArray] = []
        names: list[str] = []
    elif isinstance(covariates, pd.DataFrame):
        if not covariates.index.equals(labels):
            missing = labels.difference(covariates.index)
            if len(missing) or covariates.index.has_duplicates:
                raise DataError(
                    "covariates must have one row per unit of estimates; "
                    + (
                        f"no row for {missing[0]!r}"
                        if len(missing)
                        else "some units are repeated"
                    )
                )
            covariates = covariates.reindex(labels)
        names = [str(c) for c in covariates.columns]
        columns = []
        for name, column in zip(names, covariates.columns, strict=True):
            given = covariates[column]
            if not pd.api.types.is_numeric_dtype(given.dtype) or (
                pd.api.types.is_bool_dtype(given.dtype)
            ):
                raise DataError(
                    f"covariate {name!r} has dtype {given.dtype}; give numbers"
                )
            columns.append(given.to_numpy(dtype=np.float64, na_value=np.nan))
    else:
        array = check_values("covariates", covariates, ndim=(1, 2), finite=False)
        if array.ndim == 1:
            array = array[:, None]
        if array.ndim != 2 or array.shape[0] != n:
            raise DataError(
                f"covariates have shape {array.shape}; give one row per unit ({n} rows)"
            )
        columns = [array[:, j] for j in range(array.shape[1])]
        names = [f"x{j}" for j in range(array.shape[1])]
    for name, values in zip(names, columns, strict=True):
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise DataError(
                f"covariate {name!r} is missing or not finite for unit "
                f"{labels[int(bad[0])]!r}"
            )
    if add_intercept:
        columns.insert(0, np.ones(n))
        names.insert(0, "Intercept")
    design = np.column_stack(columns) if columns else np.empty((n, 0))
    if design.shape[1] >= n:
        raise ModelError(
            f"{design.shape[1]} regression coefficients leave no degrees of freedom "
            f"for tau² with {n} units"
        )
    if design.shape[1] and np.linalg.matrix_rank(design) < design.shape[1]:
        raise ModelError(
            "the covariates are linearly dependent (with the intercept): "
            + ", ".join(repr(name) for name in names)
            + "; drop or combine some"
        )
    return design, tuple(names)


@dataclass(frozen=True, repr=False)
class FayHerriotResult:
    """Fay-Herriot shrinkage of estimates toward a regression mean.

    Created by :func:`fay_herriot`.

    Attributes
    ----------
    tau2 : float
        The between-unit variance of the true values around the regression mean.
    coefficients : pandas.Series
        The generalized least-squares coefficients of the regression mean.
    method : {"reml", "paule-mandel"}
        How ``tau2`` was estimated.
    """

    tau2: float
    coefficients: pd.Series
    method: FayHerriotMethod
    _table: pd.DataFrame = field(compare=False)

    def __repr__(self) -> str:
        return (
            f"FayHerriotResult(units={len(self._table)}, tau2={self.tau2:.6g}, "
            f"method={self.method!r}, coefficients={list(self.coefficients.index)})"
        )

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """One row per unit: estimates, shrinkage, posterior means and intervals.

        Parameters
        ----------
        level : float, default 0.95
            Coverage of ``ci_low`` and ``ci_high``.

        Returns
        -------
        pandas.DataFrame
            Indexed like the estimates: ``estimate``, ``std_error``,
            ``prior_mean``, ``shrinkage``, ``shrunk``, ``posterior_sd``, ``rmse``,
            ``ci_low`` and ``ci_high`` (see :func:`fay_herriot`).
        """
        from scipy.special import ndtri

        q = float(-ndtri((1.0 - check_level(level)) / 2.0))
        table = self._table.copy()
        table["ci_low"] = table["shrunk"] - q * table["rmse"]
        table["ci_high"] = table["shrunk"] + q * table["rmse"]
        return table


def fay_herriot(
    estimates: pd.Series | npt.ArrayLike,
    std_errors: pd.Series | npt.ArrayLike,
    covariates: pd.DataFrame | npt.ArrayLike | None = None,
    *,
    add_intercept: bool = True,
    method: FayHerriotMethod = "reml",
) -> FayHerriotResult:
    """Shrink estimates toward a regression on covariates (Fay and Herriot, 1979).

    Parameters
    ----------
    estimates : pandas.Series or array_like
        One estimate per unit.
    std_errors : pandas.Series or array_like
        Their known sampling standard errors (positive).
    covariates : pandas.DataFrame or array_like, optional
        The regression's columns, one row per unit (a DataFrame is aligned to the
        estimates' labels). None: the mean is the intercept alone, or zero
        without it.
    add_intercept : bool, default True
        Add a constant column.
    method : {"reml", "paule-mandel"}, default "reml"
        Estimate :math:`\\tau^2` by restricted maximum likelihood, or by the moment
        equation of Paule and Mandel.

    Returns
    -------
    FayHerriotResult
        :meth:`FayHerriotResult.to_frame` gives the per-unit table.

    Raises
    ------
    DataError
        For estimates or standard errors that are not finite (standard errors
        not positive), that do not match, or covariates with missing values.
    ModelError
        For covariates that are linearly dependent or leave no degrees of
        freedom.
    InvalidOptionError
        For an unknown ``method``.

    Notes
    -----
    The model: :math:`\\hat\\theta_i = x_i'\\beta + v_i + e_i` with
    :math:`v_i \\sim N(0, \\tau^2)` and :math:`e_i \\sim N(0, D_i)`,
    :math:`D_i = s_i^2` known. Given :math:`\\tau^2`, :math:`\\hat\\beta` is the
    GLS estimate with weights :math:`1/(\\tau^2 + D_i)`, the prior mean is
    :math:`\\mu_i = x_i'\\hat\\beta`, and

    .. math::

        \\theta_i^* = \\mu_i + (1 - B_i)(\\hat\\theta_i - \\mu_i), \\qquad
        B_i = \\frac{D_i}{\\tau^2 + D_i}.

    REML solves :math:`y'P^2y = \\operatorname{tr} P` with :math:`P = V^{-1} -
    V^{-1}X(X'V^{-1}X)^{-1}X'V^{-1}`, :math:`V = \\operatorname{diag}(\\tau^2 +
    D_i)`; Paule-Mandel solves :math:`\\sum_i (\\hat\\theta_i - \\mu_i)^2 /
    (\\tau^2 + D_i) = n - p`. Either gives 0 when the data ask for less.

    ``posterior_sd`` is :math:`\\sqrt{g_1 + g_2}`, the posterior standard
    deviation given :math:`\\tau^2` with a flat prior on :math:`\\beta`:
    :math:`g_1 = \\tau^2 D_i / (\\tau^2 + D_i)` and :math:`g_2 = B_i^2 x_i'
    (X'V^{-1}X)^{-1} x_i`. ``rmse`` adds twice :math:`g_3 = B_i^2 \\bar V /
    (\\tau^2 + D_i)` for the estimation of :math:`\\tau^2`, with :math:`\\bar V`
    its asymptotic variance (:math:`2 / \\sum_j (\\tau^2 + D_j)^{-2}` for REML,
    :math:`2 n / (\\sum_j (\\tau^2 + D_j)^{-1})^2` for Paule-Mandel): the
    estimator of mean squared error of Prasad and Rao (1990) and Datta and
    Lahiri (2000). The intervals are ``shrunk`` :math:`\\pm z` ``rmse``.

    Everything is computed in units where the largest standard error is about
    1 (exactly, by a power of two), so the result does not depend on the units.

    References
    ----------
    .. [1] Fay, R. E. and Herriot, R. A. (1979). Estimates of income for small
       places: an application of James-Stein procedures to census data.
       *Journal of the American Statistical Association* 74(366), 269-277.
    .. [2] Prasad, N. G. N. and Rao, J. N. K. (1990). The estimation of the mean
       squared error of small-area estimators. *Journal of the American
       Statistical Association* 85(409), 163-171.
    .. [3] Datta, G. S. and Lahiri, P. (2000). A unified measure of uncertainty
       of estimated best linear unbiased predictors in small area estimation
       problems. *Statistica Sinica* 10, 613-627.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.uncertainty import fay_herriot
    >>> size = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    >>> estimates = np.array([-2.9, 0.8, -1.5, 2.6, 0.1, 3.9])
    >>> std_errors = np.array([0.5, 0.8, 1.2, 0.6, 1.0, 0.7])
    >>> result = fay_herriot(estimates, std_errors, size)
    >>> round(result.tau2, 3), result.coefficients.round(3).tolist()
    (2.502, [-3.124, 1.064])
    >>> result.to_frame()[["estimate", "prior_mean", "shrunk", "rmse"]].round(2)
          estimate  prior_mean  shrunk  rmse
    code
    0         -2.9       -2.06   -2.82  0.51
    1          0.8       -1.00    0.43  0.80
    2         -1.5        0.07   -0.93  1.10
    3          2.6        1.13    2.42  0.60
    4          0.1        2.19    0.70  0.97
    5          3.9        3.26    3.79  0.72
    """
    est, se, labels = estimates_and_errors(estimates, std_errors)
    method = check_option("method", method, FAY_HERRIOT_METHODS)
    design, names = _design(
        covariates, labels, check_flag("add_intercept", add_intercept)
    )
    y, scaled_se, exponent = rescaled(est, se, labels)
    d = scaled_se**2
    tau2 = _between_variance(y, design, d, method)
    fit = _gls(y, design, d, tau2)
    prior = y - fit.resid
    shrinkage = d * fit.weights
    shrunk = prior + (1.0 - shrinkage) * fit.resid
    g1 = tau2 * d * fit.weights
    g2 = shrinkage**2 * fit.leverage
    if method == "reml":
        tau2_variance = 2.0 / float(np.sum(fit.weights**2))
    else:
        tau2_variance = 2.0 * y.size / float(np.sum(fit.weights)) ** 2
    g3 = shrinkage**2 * fit.weights * tau2_variance

    def units(values: FloatArray, power: int = 1) -> FloatArray:
        with np.errstate(over="ignore", under="ignore"):
            return np.asarray(np.ldexp(values, power * exponent), dtype=np.float64)

    table = pd.DataFrame(
        {
            "estimate": est,
            "std_error": se,
            "prior_mean": units(prior),
            "shrinkage": shrinkage,
            "shrunk": units(shrunk),
            "posterior_sd": units(np.sqrt(g1 + g2)),
            "rmse": units(np.sqrt(g1 + g2 + 2.0 * g3)),
        },
        index=labels,
    )
    # A coefficient of covariate x_j has units of the estimates per unit of x_j.
    coefficients = pd.Series(
        units(fit.coefficients), index=pd.Index(names), name="coefficient"
    )
    return FayHerriotResult(
        tau2=variance_in_units(tau2, exponent),
        coefficients=coefficients,
        method=method,
        _table=table,
    )
