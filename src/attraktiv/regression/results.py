"""Results of least-squares fits: immutable, labelled, and cheap to create.

Labelled pandas objects are built on first access and cached; the underlying arrays
never change, so a result behaves as a value. A different covariance estimator is a
new fit, never a change to an existing result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..core.frozen import computed_once, hand_out_copies, kept_name
from ..core.typing import CovType, FloatArray, IntArray, SeedLike
from ..core.validation import (
    check_draws,
    check_instance,
    check_level,
    check_option,
    check_rng,
)
from ..errors import DataError, InvalidOptionError, ModelError
from ._inputs import is_positions
from ._kernel import LeastSquares, OutcomesChangedError
from ._standardized import (
    STANDARDIZED_METHODS,
    StandardizedMethod,
    bootstrap_standardized,
    delta_standardized,
    moment_factor,
)
from ._statistics import (
    TABLE_COLUMNS,
    Summary,
    _coefficient_factor,
    _column_spread,
    _condition_number,
    _critical_value,
    _in_units,
    _outcome_index,
    _outcome_spread,
    _parameter_index,
    _per_outcome,
    _ratio,
    _read_only,
    _rsquared,
    _two_sided_pvalue,
    check_representable,
)
from .covariance import _std_errors, covariance, std_errors
from .formula import FormulaSpec

__all__ = ["OLSManyResult", "OLSResult", "Summary", "residual_values"]


def _outcomes_changed(
    changed: OutcomesChangedError, outcomes: tuple[str, ...]
) -> DataError:
    """The engine's finding that outcomes changed, as a DataError naming them.

    A fit of very many outcomes keeps the outcomes it was given rather than a
    residual matrix the same size (see
    :class:`~attraktiv.regression._kernel.LeastSquares`); if the caller changed
    them in place since, its residuals, and what needs them (robust covariances
    of one outcome), are gone. Raised from ``try``/``except`` at each use rather
    than a context manager: entering one cost more than reading the residuals of
    a single fit.
    """
    names = [outcomes[int(i)] for i in changed.columns[:3]]
    more = len(changed.columns) - len(names)
    listed = ", ".join(map(repr, names)) + (f" and {more} more" if more else "")
    return DataError(
        f"the values of outcome {listed} were changed in place after the fit, "
        "so its residuals cannot be recomputed (a fit whose residuals would "
        "exceed 64 MiB keeps the outcomes it was given, not a residual matrix of "
        "the same size). Every other statistic of the fit is unaffected; refit, "
        "or fit a copy of the outcomes (Y.copy()) to change them afterwards"
    )


def _residuals(fit: LeastSquares, outcomes: tuple[str, ...]) -> FloatArray:
    """The fit's residuals, (n, k); a fit of very many outcomes recomputes them."""
    try:
        return fit.resid
    except OutcomesChangedError as changed:
        raise _outcomes_changed(changed, outcomes) from None


def residual_values(result: OLSManyResult) -> FloatArray:
    """``result.resid`` as a read-only array (n, k), without its labels.

    For pipelines that fit many tables and read only the numbers (the
    barometer): the DataFrame around them cost about 10 us a fit. Raises as
    :attr:`OLSManyResult.resid` does.
    """
    result = check_instance("result", result, OLSManyResult, "a fit of ols_many")
    return _per_outcome(_residuals(result._fit, result.outcomes), result._y_scale, 1)


@dataclass(frozen=True, repr=False)
class OLSResult:
    """The fit of one outcome by (weighted) least squares.

    Created by :func:`attraktiv.ols`, :func:`attraktiv.ols_formula` or
    :meth:`OLSManyResult.column`; never constructed by hand. Every statistic is a
    labelled pandas object or a float. Tests and intervals use Student's t with
    ``df_resid`` degrees of freedom for every covariance type.

    Attributes
    ----------
    outcome : str
        Name of the dependent variable.
    param_names : tuple of str
        Names of the coefficients, in the design's column order.
    nobs : int
        Number of observations.
    df_resid : int
        Residual degrees of freedom, ``nobs - rank``.
    rank : int
        Rank of the design (always its number of columns: rank-deficient designs
        raise :class:`~attraktiv.errors.RankDeficientError`).
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}
        Covariance estimator of the standard errors.
    has_constant : bool
        Whether the design has a constant column (then R² is centred).
    weighted : bool
        Whether the fit is weighted least squares.
    row_labels : pandas.Index
        Labels of the observations.
    formula_spec : FormulaSpec or None
        The formula's encoding for a fit made from a formula (so that
        :meth:`predict` encodes new data the same way), else None.

    Examples
    --------
    >>> import numpy as np, attraktiv
    >>> x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    >>> y = np.array([1.1, 1.9, 3.2, 3.9, 5.1])
    >>> res = attraktiv.ols(y, x, names=["x"])
    >>> res.params.round(3)
    parameter
    Intercept    0.04
    x            1.00
    Name: estimate, dtype: float64
    >>> round(res.rsquared, 4)
    0.9929
    """

    outcome: str
    param_names: tuple[str, ...]
    nobs: int
    df_resid: int
    rank: int
    cov_type: CovType
    has_constant: bool
    weighted: bool
    row_labels: pd.Index = field(compare=False)
    _fit: LeastSquares = field(compare=False)
    _x: FloatArray = field(compare=False)
    _weights: FloatArray | None = field(compare=False)
    formula_spec: FormulaSpec | None = field(default=None, compare=False)
    _x_scale: FloatArray | None = field(default=None, compare=False)
    _y_scale: FloatArray | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self._x_scale is not None or self._y_scale is not None:
            check_representable(
                self._fit.params[:, :1],
                self._se_fitted[:, None],
                _coefficient_factor(self._x_scale, self._y_scale),
                self.param_names,
                (self.outcome,),
                self._x,
                self._fit.outcomes_t[:1],
            )

    @classmethod
    def _from_fields(cls, fields: dict[str, Any]) -> OLSResult:
        """``OLSResult(**fields)``, built without the dataclass's ``__init__``.

        ``fields`` holds every field (defaults included) and becomes the result's
        own dictionary, with ``row_labels`` moved where :func:`hand_out_copies`
        keeps it; ``__post_init__`` runs as in the constructor when it has
        something to check (a rescaled fit). The generated
        ``__init__`` of a frozen dataclass sets each of the fifteen fields through
        ``object.__setattr__``, which cost about 3 us of a single fit of 426 rows
        and two columns. A test checks that both build the same object.
        """
        fields[_KEPT_LABELS] = fields.pop("row_labels")
        result = object.__new__(cls)
        object.__setattr__(result, "__dict__", fields)
        if fields["_x_scale"] is not None or fields["_y_scale"] is not None:
            result.__post_init__()  # which checks nothing else
        return result

    def __repr__(self) -> str:
        params = ", ".join(f"{name}={value:.6g}" for name, value in self.params.items())
        return (
            f"OLSResult(outcome={self.outcome!r}, nobs={self.nobs}, "
            f"cov_type={self.cov_type!r}, params: {params})"
        )

    @cached_property
    def condition_number(self) -> float:
        """Largest over smallest singular value of the (weighted) design."""
        return _condition_number(self._fit, self._x_scale)

    @computed_once
    def _column_sd(self) -> FloatArray:
        return _column_spread(self._x, self._weights)

    @computed_once
    def _outcome_sd(self) -> float:
        return float(_outcome_spread(self._fit, self._weights)[0])

    # Arrays are computed once and read-only; every pandas object handed out is new,
    # so nothing a caller does to it can change the result.
    # The fit may be of rescaled columns (see _coefficient_factor); statistics that
    # carry units are converted on the way out, t statistics need no conversion.
    @computed_once
    def _factor(self) -> IntArray | None:
        factor = _coefficient_factor(self._x_scale, self._y_scale)
        return None if factor is None else factor[:, 0]

    @computed_once
    def _params(self) -> FloatArray:
        if self._x_scale is None and self._y_scale is None:
            return self._fit.params[:, 0]  # a view of the fit's read-only array
        return _in_units(self._fit.params[:, 0], self._factor)

    @computed_once
    def _se_fitted(self) -> FloatArray:
        try:
            values = _std_errors(self._fit, self.cov_type)[:, 0]
        except OutcomesChangedError as changed:
            raise _outcomes_changed(changed, (self.outcome,)) from None
        values.setflags(write=False)
        return values

    @computed_once
    def _se(self) -> FloatArray:
        if self._x_scale is None and self._y_scale is None:
            return self._se_fitted
        return _in_units(self._se_fitted, self._factor)

    @computed_once
    def _t(self) -> FloatArray:
        return _read_only(_ratio(self._fit.params[:, 0], self._se_fitted))

    @computed_once
    def _cov(self) -> FloatArray:
        try:
            cov = covariance(self._fit, self.cov_type)[0]
        except OutcomesChangedError as changed:
            raise _outcomes_changed(changed, (self.outcome,)) from None
        factor = self._factor
        if factor is None:
            return _read_only(cov)
        return _in_units(cov, factor[:, None] * factor[None, :])

    @computed_once
    def _fitted(self) -> FloatArray:
        fitted = _per_outcome(self._x @ self._fit.params[:, 0], self._y_scale, 1)
        return _read_only(fitted)

    # --- coefficients -------------------------------------------------------------
    def _series(self, values: FloatArray, name: str) -> pd.Series:
        # A new index (a view of a kept one for a design of a few columns) and a
        # writable copy of the values.
        index = _parameter_index(self.param_names)
        return pd.Series(values, index=index, name=name)

    @property
    def params(self) -> pd.Series:
        """Estimated coefficients, labelled by parameter."""
        return self._series(self._params, "estimate")

    @property
    def std_errors(self) -> pd.Series:
        """Standard errors of the coefficients under ``cov_type``."""
        return self._series(self._se, "std_error")

    @property
    def tvalues(self) -> pd.Series:
        """Student t statistics, ``params / std_errors``."""
        return self._series(self._t, "statistic")

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values from Student's t with ``df_resid`` degrees of freedom."""
        return self._series(_two_sided_pvalue(self._t, self.df_resid), "pvalue")

    @property
    def cov_params(self) -> pd.DataFrame:
        """Covariance matrix of the coefficients under ``cov_type``."""
        index = _parameter_index(self.param_names)
        return pd.DataFrame(
            self._cov, index=index, columns=index.rename(None), copy=False
        )

    # --- observations -------------------------------------------------------------
    def _by_row(self, values: FloatArray, name: str) -> pd.Series:
        """A new Series of ``values`` (copied) labelled by row."""
        labels = self.__dict__[_KEPT_LABELS]
        if is_positions(labels, self.nobs):
            # pandas' default index is that RangeIndex, and new: 1 us less than
            # passing a view of the kept one (a tenth of a Series' cost).
            return pd.Series(values, name=name)
        return pd.Series(values, index=labels.view(), name=name)

    @property
    def resid(self) -> pd.Series:
        """Residuals ``y - X b`` (unweighted), labelled by row."""
        kept = self._fit._resid
        if kept is None or self._y_scale is not None:
            values = _per_outcome(
                _residuals(self._fit, (self.outcome,))[:, 0], self._y_scale, 1
            )
        else:
            values = kept[:, 0]  # computed by the fit: reading it is labelling it
        return self._by_row(values, "resid")

    @property
    def fitted(self) -> pd.Series:
        """Fitted values ``X b``, labelled by row."""
        return self._by_row(self._fitted, "fitted")

    # --- fit statistics -----------------------------------------------------------
    @property
    def ssr(self) -> float:
        """(Weighted) sum of squared residuals."""
        return float(_per_outcome(self._fit.ssr, self._y_scale, 2)[0])

    @property
    def sigma(self) -> float:
        """Residual standard deviation, ``sqrt(ssr / df_resid)``."""
        fitted_sigma = np.sqrt(self._fit.ssr / self.df_resid)
        return float(_per_outcome(fitted_sigma, self._y_scale, 1)[0])

    @property
    def rsquared(self) -> float:
        """R², centred when the design has a constant column, uncentred otherwise.

        NaN when the outcome does not vary (its total sum of squares is zero).
        """
        return float(_rsquared(self._fit, self.has_constant, self._weights)[0])

    @property
    def rsquared_adj(self) -> float:
        """Adjusted R², ``1 - (1 - R²) (n - c) / df_resid`` with c = 1 if centred."""
        centred = 1 if self.has_constant else 0
        return 1.0 - (1.0 - self.rsquared) * (self.nobs - centred) / self.df_resid

    # --- tables -------------------------------------------------------------------
    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals of the coefficients.

        Parameters
        ----------
        level : float, default 0.95
            Coverage probability, strictly between 0 and 1.

        Returns
        -------
        pandas.DataFrame
            Columns ``ci_low`` and ``ci_high``, one row per parameter.
        """
        q = _critical_value(check_level(level), self.df_resid)
        b, se = self._params, self._se
        return pd.DataFrame(
            {"ci_low": b - q * se, "ci_high": b + q * se},
            index=_parameter_index(self.param_names),
        )

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Coefficient table.

        Parameters
        ----------
        level : float, default 0.95
            Coverage of the interval columns.

        Returns
        -------
        pandas.DataFrame
            Columns ``estimate, std_error, statistic, pvalue, ci_low, ci_high``.
        """
        return self._table(self._columns(level), _parameter_index(self.param_names))

    def _columns(self, level: float, *, fitted: bool = False) -> dict[str, FloatArray]:
        """The coefficient table's columns as arrays.

        One DataFrame is built at the end: assembling it from Series cost more than
        the fit itself. ``fitted``: in the units of the (possibly rescaled) fit.
        """
        q = _critical_value(check_level(level), self.df_resid)
        estimate = self._fit.params[:, 0] if fitted else self._params
        std_error = self._se_fitted if fitted else self._se
        statistic = self._t
        return {
            "estimate": estimate,
            "std_error": std_error,
            "statistic": statistic,
            "pvalue": _two_sided_pvalue(statistic, self.df_resid),
            "ci_low": estimate - q * std_error,
            "ci_high": estimate + q * std_error,
        }

    @staticmethod
    def _table(columns: dict[str, FloatArray], index: pd.Index) -> pd.DataFrame:
        return pd.DataFrame(columns, index=index, columns=list(TABLE_COLUMNS))

    def standardized(
        self,
        level: float = 0.95,
        *,
        method: StandardizedMethod = "delta",
        draws: int = 999,
        rng: SeedLike = None,
    ) -> pd.DataFrame:
        """Standardized coefficients (betas) with standard errors and intervals.

        Parameters
        ----------
        level : float, default 0.95
            Coverage of the interval columns.
        method : {"delta", "delta-asymptotic", "bootstrap"}, default "delta"
            How standard errors and intervals account for the sampling of the
            standard deviations: the delta method with small-sample corrections
            (a leverage factor on its fourth-moment part, Satterthwaite degrees
            of freedom and a skewness correction of the interval), the
            asymptotic delta method (a Wald interval with the residual degrees of
            freedom), or a pairs bootstrap (the standard deviation of the
            resampled betas and their percentile interval).
        draws : int, default 999
            Bootstrap resamples (``method="bootstrap"`` only; checked for every
            method): at least 10, and ``draws × nobs`` within the library's
            budget of drawn values.
        rng : numpy.random.Generator, int or None
            Source of the bootstrap's randomness (checked for every method).

        Returns
        -------
        pandas.DataFrame
            Columns ``estimate, std_error, statistic, pvalue, ci_low, ci_high``, one
            row per non-constant column of the design. ``statistic`` and
            ``pvalue`` are the t-test of :math:`b_j = 0` (the same hypothesis as
            :math:`\\beta_j = 0`), so ``statistic`` is not ``estimate /
            std_error``. With the default method the interval is not centred
            on the estimate.

        Raises
        ------
        ModelError
            If the outcome is constant (its standard deviation is zero), the design
            has no constant column, or too many bootstrap resamples leave a factor
            without spread.
        InvalidOptionError
            For an unknown ``method`` or a bad ``draws`` or ``rng``.

        Notes
        -----
        .. math:: \\beta_j = b_j \\, \\frac{s(x_j)}{s(y)}

        is the coefficient of :math:`x_j` when every variable is z-scored (with
        weights, :math:`s` is the weighted standard deviation, ddof 0). The sign is
        part of the result.

        The sample standard deviations vary from sample to sample, so the interval
        ``CI(b) s(x_j) / s(y)`` is too narrow for skewed factors and too wide for
        strongly correlated ones. The delta method linearizes :math:`\\beta_j` in
        :math:`b`, the factors' covariance and the residual variance (Yuan and
        Chan, 2011; Jones and Waller, 2013). The covariance type carries through:
        with ``"nonrobust"`` the errors are taken to be independent of the factors
        (classical covariance of :math:`b`, fourth moments of the factors and
        residuals for the spreads); with an HC type the whole linearization is a
        sandwich (HC0: the asymptotically distribution-free delta method), with
        the HC type's residual adjustment on the part from :math:`b`
        (:func:`attraktiv.regression._standardized.delta_standardized`).

        The variance of a sample standard deviation depends on the factor's
        fourth moment, which samples of skewed factors underestimate: with a
        lognormal factor the asymptotic delta method (``"delta-asymptotic"``)
        covers 82-95 % instead of 95 %. The default ``"delta"`` makes three
        small-sample corrections:

        - it multiplies each row's contribution to the moments by HC4's
          leverage factor :math:`(1 - h_i)^{-\\delta_i/2}`, :math:`\\delta_i =
          \\min(4, h_i/\\bar h)` (Cribari-Neto, 2004); the part from :math:`b`
          keeps the covariance type's own adjustment;
        - its t quantile takes Satterthwaite degrees of freedom,
          :math:`2(\\sum_i c_i)^2 / \\sum_i (c_i - \\bar c)^2` with :math:`c_i`
          the square of row :math:`i`'s contribution to the linearization (at
          most the residual degrees of freedom): a variance carried by a few
          rows is a noisy estimate, and the interval widens accordingly;
        - the Cornish-Fisher expansion (Hall, 1992) corrects the t quantiles
          for the bias and skewness of the studentized beta to order
          :math:`n^{-1/2}` (estimated from the rows' cubes and the betas'
          curvature in the moments; the skewness held where the expansion
          stays an increasing quantile function): a sample that lacks a skewed
          factor's large values has a small beta and a small standard error
          together, and betas near one are bounded, so the interval reaches
          further on one side than on the other.

        With normal and binary factors the leverage factor is near one and the
        degrees of freedom near the residual ones. Over normal, lognormal and
        binary factors, n of 85 and 426, correlations 0.2-0.95 and one or four
        factors the default covers at least 93 % in every cell, under the
        classical and the HC3 covariance; the validation page has the measured
        table.

        The p-value of :math:`\\beta_j = 0` stays the t-test of :math:`b_j`: the
        two hypotheses are the same, and the t-test is exact under normal errors.

        References
        ----------
        .. [1] Yuan, K.-H. and Chan, W. (2011). Biases and standard errors of
           standardized regression coefficients. *Psychometrika* 76(4), 670-690.
        .. [2] Jones, J. A. and Waller, N. G. (2013). Computing confidence
           intervals for standardized regression coefficients. *Psychological
           Methods* 18(4), 435-453.
        .. [3] Cribari-Neto, F. (2004). Asymptotic inference under
           heteroskedasticity of unknown form. *Computational Statistics & Data
           Analysis* 45(2), 215-233.
        .. [4] Satterthwaite, F. E. (1946). An approximate distribution of
           estimates of variance components. *Biometrics Bulletin* 2(6),
           110-114.
        .. [5] Hall, P. (1992). *The Bootstrap and Edgeworth Expansion*.
           Springer, New York (chapter 2).

        Examples
        --------
        >>> import numpy as np, attraktiv
        >>> rng = np.random.default_rng(0)
        >>> x = rng.normal(size=(50, 2))
        >>> y = x @ np.array([1.0, -0.5]) + rng.normal(size=50)
        >>> attraktiv.ols(y, x).standardized()[["estimate", "std_error"]].round(3)
                   estimate  std_error
        parameter
        x0            0.748      0.073
        x1           -0.340      0.094
        """
        level = check_level(level)
        method = check_option("method", method, STANDARDIZED_METHODS)
        # Checked whatever the method, so that a bad value is never ignored.
        count = check_draws("draws", draws, self.nobs, minimum=10)
        generator = check_rng(rng)
        if not self._outcome_sd > 0:
            raise ModelError(
                f"the outcome {self.outcome!r} is constant, so standardized "
                "coefficients are undefined"
            )
        if not self.has_constant:
            raise ModelError(
                "standardized coefficients need a design with a constant column "
                "(an intercept): without one the betas are not those of the "
                "z-scored variables"
            )
        # A constant column's weighted spread can be rounding noise, not zero.
        keep = (self._column_sd > 0) & (self._x != self._x[:1]).any(axis=0)
        # In the units of the fit: beta is free of units, the rescaled quantities
        # are far from overflow.
        columns = {
            name: values[keep]
            for name, values in self._columns(level, fitted=True).items()
        }
        columns["estimate"] = columns["estimate"] * (
            self._column_sd[keep] / self._outcome_sd
        )
        x = self._x[:, keep]
        if method != "bootstrap":
            slope_cov = covariance(self._fit, self.cov_type)[0][np.ix_(keep, keep)]
            leverage = self._fit.leverage
            delta = delta_standardized(
                x,
                _residuals(self._fit, (self.outcome,))[:, 0],
                self._fit.params[keep, 0],
                slope_cov,
                self._weights,
                leverage if self.cov_type in ("HC2", "HC3") else None,
                self.cov_type,
                self.df_resid,
                moment_factor(leverage) if method == "delta" else None,
            )
            std_error = delta.std_error
            if method == "delta":
                from scipy.special import stdtrit

                dof = np.minimum(delta.dof, self.df_resid)
                low, high = delta.bounds(
                    np.asarray(stdtrit(dof, 0.5 + level / 2.0), dtype=np.float64),
                    columns["estimate"],
                )
            else:
                q = _critical_value(level, self.df_resid)
                low = columns["estimate"] - q * std_error
                high = columns["estimate"] + q * std_error
        else:
            resid = _residuals(self._fit, (self.outcome,))[:, 0]
            y = x @ self._fit.params[keep, 0] + resid
            betas = bootstrap_standardized(x, y, self._weights, count, generator)
            betas = betas[np.isfinite(betas).all(axis=1)]
            if betas.shape[0] < 0.9 * count:
                raise ModelError(
                    f"{count - betas.shape[0]} of {count} bootstrap resamples left a "
                    "factor or the outcome without spread; the bootstrap is "
                    "unreliable here, use method='delta'"
                )
            std_error = betas.std(axis=0, ddof=1)
            low, high = np.quantile(betas, [0.5 - level / 2, 0.5 + level / 2], axis=0)
        columns["std_error"] = np.asarray(std_error, dtype=np.float64)
        columns["ci_low"] = np.asarray(low, dtype=np.float64)
        columns["ci_high"] = np.asarray(high, dtype=np.float64)
        return self._table(columns, _parameter_index(self.param_names)[keep])

    def summary(self) -> Summary:
        """A printable summary (text with ``str``, HTML in notebooks)."""
        info = (
            ("Outcome", self.outcome),
            ("Method", "weighted least squares" if self.weighted else "least squares"),
            ("Observations", str(self.nobs)),
            ("Residual df", str(self.df_resid)),
            ("R-squared", f"{self.rsquared:.6g}"),
            ("Adj. R-squared", f"{self.rsquared_adj:.6g}"),
            ("Residual std. dev.", f"{self.sigma:.6g}"),
            ("Covariance", self.cov_type),
            ("Condition number", f"{self.condition_number:.4g}"),
        )
        return Summary(
            title=f"OLS fit of {self.outcome}", info=info, table=self.to_frame()
        )

    def predict(self, data: pd.DataFrame) -> pd.Series:
        """Expected values of the outcome for new data, ``X_new b``.

        Parameters
        ----------
        data : pandas.DataFrame
            For a fit from a formula, the columns its right-hand side uses: they
            are encoded as the fit's data were (:meth:`FormulaSpec.design`: the same
            category levels and transformations). For a fit from arrays, one column
            per parameter, named as :attr:`param_names` (``Intercept`` may be left
            out: it is 1).

        Returns
        -------
        pandas.Series
            Named ``predicted``, indexed like ``data``.

        Raises
        ------
        ModelError
            A column the design needs is missing (named), or a category the fit
            did not see appears.
        DataError
            ``data`` is not a DataFrame, or a column has a missing or non-numeric
            value.

        Examples
        --------
        >>> import pandas as pd, attraktiv
        >>> data = pd.DataFrame({"y": [1.0, 3.1, 4.9, 7.2], "x": [0.0, 1.0, 2.0, 3.0]})
        >>> res = attraktiv.ols_formula("y ~ x", data)
        >>> res.predict(pd.DataFrame({"x": [4.0, 5.0]}, index=["a", "b"])).round(3)
        a     9.15
        b    11.19
        Name: predicted, dtype: float64
        """
        if self.formula_spec is not None:
            design = self.formula_spec.design(data).to_numpy(dtype=np.float64)
        else:
            design = self._array_design(data)
        with np.errstate(over="ignore", under="ignore"):
            values = design @ self._params
        return pd.Series(values, index=data.index, name="predicted")

    def _array_design(self, data: pd.DataFrame) -> FloatArray:
        """The design of new data for a fit without a formula, by parameter name."""
        if not isinstance(data, pd.DataFrame):
            raise DataError(
                f"data must be a pandas DataFrame, not a {type(data).__name__}"
            )
        names = list(self.param_names)
        needed = [name for name in names if name != "Intercept"]
        missing = [name for name in needed if name not in data.columns]
        if missing:
            raise ModelError(
                f"data lacks column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(map(repr, missing))} of the fit; it needs "
                f"{', '.join(map(repr, needed))}"
            )
        columns = []
        for name in names:
            if name == "Intercept" and name not in data.columns:
                columns.append(np.ones(len(data)))
                continue
            column = data[name]
            if isinstance(column, pd.DataFrame) or not (
                pd.api.types.is_numeric_dtype(column.dtype)
                and not pd.api.types.is_complex_dtype(column.dtype)
            ):
                raise DataError(
                    f"column {name!r} of data must be one column of real numbers"
                )
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
            bad = ~np.isfinite(values)
            if bad.any():
                raise DataError(
                    f"column {name!r} has a missing or infinite value at row "
                    f"{data.index[int(np.flatnonzero(bad)[0])]!r}"
                )
            columns.append(values)
        return np.column_stack(columns) if columns else np.empty((len(data), 0))


hand_out_copies(OLSResult, "row_labels")
_KEPT_LABELS = kept_name("row_labels")


@dataclass(frozen=True, repr=False)
class OLSManyResult:
    """Least-squares fits of many outcomes that share one design.

    Created by :func:`attraktiv.ols_many`. Coefficient statistics are DataFrames with
    one row per parameter and one column per outcome; observation statistics have one
    row per observation and one column per outcome. :meth:`column` gives the full
    :class:`OLSResult` of any one outcome, the same as fitting it alone (to
    rounding: the refinement decides for the block as a whole).

    Examples
    --------
    >>> import numpy as np, attraktiv
    >>> x = np.arange(6.0)
    >>> Y = np.column_stack([2 * x + 1 + [0, .1, -.1, 0, .1, -.1], -x])
    >>> res = attraktiv.ols_many(Y, x, names=["x"])
    >>> res.params.round(3)
                   y0   y1
    parameter
    Intercept  1.029  0.0
    x          1.989 -1.0
    """

    outcomes: tuple[str, ...]
    param_names: tuple[str, ...]
    nobs: int
    df_resid: int
    rank: int
    cov_type: CovType
    has_constant: bool
    weighted: bool
    row_labels: pd.Index = field(compare=False)
    _fit: LeastSquares = field(compare=False)
    _x: FloatArray = field(compare=False)
    _weights: FloatArray | None = field(compare=False)
    formula_spec: FormulaSpec | None = field(default=None, compare=False)
    _x_scale: FloatArray | None = field(default=None, compare=False)
    _y_scale: FloatArray | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self._x_scale is not None or self._y_scale is not None:
            check_representable(
                self._fit.params,
                self._se_fitted,
                self._factor,
                self.param_names,
                self.outcomes,
                self._x,
                self._fit.outcomes_t,
            )

    def __repr__(self) -> str:
        return (
            f"OLSManyResult({len(self.outcomes)} outcomes, nobs={self.nobs}, "
            f"parameters={list(self.param_names)}, cov_type={self.cov_type!r})"
        )

    @cached_property
    def condition_number(self) -> float:
        """Largest over smallest singular value of the (weighted) design."""
        return _condition_number(self._fit, self._x_scale)

    @cached_property
    def _outcome_index(self) -> pd.Index:
        return _outcome_index(self.outcomes)

    def _frame(self, values: FloatArray) -> pd.DataFrame:
        return pd.DataFrame(
            values,
            index=_parameter_index(self.param_names),
            columns=self._outcome_index.view(),
            copy=False,
        )

    def _outcome_series(self, values: FloatArray, name: str) -> pd.Series:
        return pd.Series(values, index=self._outcome_index.view(), name=name)

    # Arrays are computed once and read-only; every pandas object handed out is new.
    # Statistics with units are converted from the (possibly rescaled) fit.
    @cached_property
    def _factor(self) -> IntArray | None:
        return _coefficient_factor(self._x_scale, self._y_scale)

    @cached_property
    def _se_fitted(self) -> FloatArray:
        return _read_only(std_errors(self._fit, self.cov_type))

    @cached_property
    def _se(self) -> FloatArray:
        return _in_units(self._se_fitted, self._factor)

    @cached_property
    def _t(self) -> FloatArray:
        return _read_only(_ratio(self._fit.params, self._se_fitted))

    @cached_property
    def _fitted(self) -> FloatArray:
        fitted = _read_only(self._x @ self._fit.params)
        return _per_outcome(fitted, self._y_scale, 1)

    @property
    def _rsquared(self) -> FloatArray:
        return _rsquared(self._fit, self.has_constant, self._weights)

    @property
    def params(self) -> pd.DataFrame:
        """Coefficients, parameters × outcomes."""
        return self._frame(_in_units(self._fit.params, self._factor))

    @property
    def std_errors(self) -> pd.DataFrame:
        """Standard errors under ``cov_type``, parameters × outcomes."""
        return self._frame(self._se)

    @property
    def tvalues(self) -> pd.DataFrame:
        """Student t statistics, parameters × outcomes."""
        return self._frame(self._t)

    @property
    def pvalues(self) -> pd.DataFrame:
        """Two-sided p-values (Student's t, ``df_resid``), parameters × outcomes."""
        return self._frame(_two_sided_pvalue(self._t, self.df_resid))

    @property
    def resid(self) -> pd.DataFrame:
        """Residuals ``y - X b`` (unweighted), observations × outcomes.

        When the residual matrix would exceed 64 MiB the fit keeps the outcomes
        instead, and each read recomputes the residuals. If the outcomes were
        changed in place since the fit, this raises
        :class:`~attraktiv.errors.DataError` naming them (every other statistic
        is unaffected).
        """
        return pd.DataFrame(
            residual_values(self),
            index=self.row_labels,  # already a new view (hand_out_copies)
            columns=self._outcome_index.view(),
            copy=False,
        )

    @property
    def fitted(self) -> pd.DataFrame:
        """Fitted values ``X b``, observations × outcomes."""
        return pd.DataFrame(
            self._fitted,
            index=self.row_labels,  # already a new view (hand_out_copies)
            columns=self._outcome_index.view(),
            copy=False,
        )

    @property
    def ssr(self) -> pd.Series:
        """(Weighted) sum of squared residuals per outcome."""
        return self._outcome_series(
            _per_outcome(self._fit.ssr, self._y_scale, 2), "ssr"
        )

    @property
    def sigma(self) -> pd.Series:
        """Residual standard deviation per outcome."""
        sigma = np.sqrt(self._fit.ssr / self.df_resid)
        return self._outcome_series(_per_outcome(sigma, self._y_scale, 1), "sigma")

    @property
    def rsquared(self) -> pd.Series:
        """R² per outcome (centred when the design has a constant column).

        NaN for an outcome that does not vary.
        """
        return self._outcome_series(self._rsquared, "rsquared")

    @property
    def rsquared_adj(self) -> pd.Series:
        """Adjusted R² per outcome."""
        centred = 1 if self.has_constant else 0
        r2 = self._rsquared
        values = 1.0 - (1.0 - r2) * (self.nobs - centred) / self.df_resid
        return self._outcome_series(values, "rsquared_adj")

    def _long_index(self) -> pd.MultiIndex:
        return pd.MultiIndex.from_product(
            [list(self.outcomes), list(self.param_names)],
            names=["outcome", "parameter"],
        )

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Coefficient table of every outcome, as :meth:`OLSResult.to_frame`.

        Parameters
        ----------
        level : float, default 0.95
            Coverage of the interval columns, strictly between 0 and 1.

        Returns
        -------
        pandas.DataFrame
            Indexed by (outcome, parameter); columns ``estimate, std_error,
            statistic, pvalue, ci_low, ci_high``. The rows of one outcome equal
            ``column(outcome).to_frame(level)``.

        Examples
        --------
        >>> import numpy as np, attraktiv
        >>> x = np.arange(6.0)
        >>> noise = np.array([0, .1, -.1, 0, .1, -.1])
        >>> Y = np.column_stack([2 * x + 1 + noise, -x + noise[::-1]])
        >>> attraktiv.ols_many(Y, x, names=["x"]).to_frame()["estimate"].round(3)
        outcome  parameter
        y0       Intercept    1.029
                 x            1.989
        y1       Intercept   -0.029
                 x           -0.989
        Name: estimate, dtype: float64
        """
        q = _critical_value(check_level(level), self.df_resid)
        # Outcome-major order: transpose the (parameter, outcome) arrays.
        estimate = _in_units(self._fit.params, self._factor).T.ravel()
        std_error = self._se.T.ravel()
        statistic = self._t.T.ravel()
        columns = {
            "estimate": estimate,
            "std_error": std_error,
            "statistic": statistic,
            "pvalue": _two_sided_pvalue(statistic, self.df_resid),
            "ci_low": estimate - q * std_error,
            "ci_high": estimate + q * std_error,
        }
        return pd.DataFrame(
            columns, index=self._long_index(), columns=list(TABLE_COLUMNS)
        )

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals of every outcome's coefficients.

        Parameters
        ----------
        level : float, default 0.95
            Coverage probability, strictly between 0 and 1.

        Returns
        -------
        pandas.DataFrame
            Indexed by (outcome, parameter); columns ``ci_low`` and ``ci_high``,
            as :meth:`OLSResult.conf_int` of each outcome.
        """
        return self.to_frame(level)[["ci_low", "ci_high"]]

    def column(self, outcome: int | str) -> OLSResult:
        """The full result of one outcome.

        Parameters
        ----------
        outcome : int or str
            Position or name of the outcome.

        Returns
        -------
        OLSResult
            The same as fitting that outcome alone on the same design, to
            rounding.

        Raises
        ------
        InvalidOptionError
            If there is no such outcome (booleans are not positions).
        """
        if isinstance(outcome, str):
            if outcome not in self.outcomes:
                raise InvalidOptionError(
                    f"no outcome named {outcome!r}; the outcomes are "
                    + ", ".join(repr(o) for o in self.outcomes[:10])
                    + (" ..." if len(self.outcomes) > 10 else "")
                )
            position = self.outcomes.index(outcome)
        elif (
            isinstance(outcome, int | np.integer)
            and not isinstance(outcome, bool)
            and (-len(self.outcomes) <= outcome < len(self.outcomes))
        ):
            position = int(outcome) % len(self.outcomes)  # negative counts back
        else:
            raise InvalidOptionError(
                f"outcome={outcome!r} is not valid; give a name or a position "
                f"below {len(self.outcomes)}"
            )
        return OLSResult(
            outcome=self.outcomes[position],
            param_names=self.param_names,
            nobs=self.nobs,
            df_resid=self.df_resid,
            rank=self.rank,
            cov_type=self.cov_type,
            has_constant=self.has_constant,
            weighted=self.weighted,
            row_labels=self.row_labels,
            _weights=self._weights,
            _fit=self._fit.select(slice(position, position + 1)),
            _x=self._x,
            formula_spec=self.formula_spec,
            _x_scale=self._x_scale,
            _y_scale=(
                None
                if self._y_scale is None
                else self._y_scale[position : position + 1]
            ),
        )


hand_out_copies(OLSManyResult, "row_labels")
