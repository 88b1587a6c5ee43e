"""Empirical-Bayes shrinkage of estimates (Morris 1983) and rankings by it."""

from __future__ import annotations

import numbers
import warnings
from typing import Any, Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.ranking import ranks
from ..core.typing import FloatArray, IntArray
from ..core.validation import check_option, shown
from ..errors import DataError, InvalidOptionError
from ._checks import estimates_and_errors, rescaled, variance_in_units
from ._fay_herriot import FAY_HERRIOT_METHODS, FayHerriotMethod, fay_herriot

__all__ = [
    "LATER_EDITIONS_MIN_POPULATION",
    "SHRINK_TARGETS",
    "ShrinkTarget",
    "shrink",
    "shrunk_ranking",
]

#: Where the estimates are shrunk to: a regression on covariates (Fay-Herriot),
#: zero (the index's mean) or each parent's mean.
ShrinkTarget: TypeAlias = Literal["regression", "zero", "parent"]
SHRINK_TARGETS: Final[tuple[ShrinkTarget, ...]] = ("regression", "zero", "parent")

_EPS = float(np.finfo(np.float64).eps)

#: The later editions of the barometer leave out places with fewer residents.
LATER_EDITIONS_MIN_POPULATION: Final = 1_000


def _group_codes(
    labels: pd.Index, parents: pd.Series | None
) -> tuple[IntArray, int] | None:
    if parents is None:
        return None
    if not isinstance(parents, pd.Series):
        raise DataError(
            "parents must be a pandas Series of parent codes by unit code, such as "
            "Hierarchy.mapping('municipality', 'region'); got "
            f"{type(parents).__name__}"
        )
    missing = labels.difference(parents.index)
    if len(missing):
        raise DataError(
            f"parents has no parent for unit {missing[0]!r}"
            + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
        )
    aligned = parents.reindex(labels)
    if aligned.isna().any():
        raise DataError(
            f"parents is missing for unit {aligned.index[aligned.isna()][0]!r}"
        )
    codes, uniques = pd.factorize(aligned)
    return codes.astype(np.int64), len(uniques)


def _means(
    est: FloatArray, variance: FloatArray, groups: tuple[IntArray, int] | None
) -> FloatArray:
    if groups is None:
        return np.zeros_like(est)
    codes, count = groups
    weights = 1.0 / variance
    totals = np.bincount(codes, weights=weights * est, minlength=count)
    sums = np.bincount(codes, weights=weights, minlength=count)
    return np.asarray((totals / sums)[codes], dtype=np.float64)


def _between_variance(
    est: FloatArray,
    variance: FloatArray,
    groups: tuple[IntArray, int] | None,
    lost: int,
) -> float:
    """The Paule-Mandel moment estimate of tau² (0 when the data ask for less)."""
    degrees = est.size - lost
    if degrees < 1:
        raise DataError(
            f"{est.size} units leave no degrees of freedom to estimate the spread of "
            f"real differences after {lost} means are estimated"
        )

    def excess(tau2: float) -> float:
        total = variance + tau2
        centre = _means(est, total, groups)
        return float(np.sum((est - centre) ** 2 / total)) - degrees

    if excess(0.0) <= 0:
        return 0.0
    # In the units of the (rescaled) estimates: the bracket and the tolerance
    # scale with them, so the root does not depend on the units.
    upper = float(np.var(est)) + float(variance.max())
    while excess(upper) > 0:
        upper *= 4.0
    from scipy.optimize import brentq

    tolerance = 1e-300 * upper
    return float(brentq(excess, 0.0, upper, xtol=tolerance, rtol=4 * _EPS))


def shrink(
    estimates: pd.Series | npt.ArrayLike,
    std_errors: pd.Series | npt.ArrayLike,
    *,
    parents: pd.Series | None = None,
    covariates: pd.DataFrame | npt.ArrayLike | None = None,
    lost_degrees: int = 0,
    tau2_method: FayHerriotMethod = "reml",
) -> pd.DataFrame:
    """Empirical-Bayes (posterior mean) estimates with unequal variances.

    Parameters
    ----------
    estimates : pandas.Series or array_like
        One estimate per unit.
    std_errors : pandas.Series or array_like
        Their sampling standard errors (positive).
    parents : pandas.Series, optional
        A group label per unit (by the estimates' labels): shrink toward each
        group's mean instead of toward zero.
    covariates : pandas.DataFrame or array_like, optional
        Shrink toward a regression on these columns and an intercept instead
        (:func:`fay_herriot`); not with ``parents``.
    lost_degrees : int, default 0
        Degrees of freedom already used up by the estimates (for residuals of a
        regression: its number of coefficients); for the zero and parent targets.
    tau2_method : {"reml", "paule-mandel"}, default "reml"
        How :math:`\\tau^2` is estimated with ``covariates`` (the zero and parent
        targets use Paule-Mandel).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``estimates``: ``estimate``, ``std_error``, ``prior_mean``,
        ``shrinkage`` (the weight :math:`B_i` on the prior mean), ``shrunk`` and
        ``posterior_sd``. The between-unit variance :math:`\\hat\\tau^2` is the
        same in every row, in column ``tau2``.

    Raises
    ------
    DataError
        As :func:`rank_intervals`, or when ``parents`` lacks a unit.
    InvalidOptionError
        For both ``parents`` and ``covariates``, or an unknown ``tau2_method``.
    ModelError
        As :func:`fay_herriot`, with ``covariates``.

    Notes
    -----
    With ``covariates`` the prior mean is the regression's and ``posterior_sd``
    also counts the uncertainty of its coefficients; see :func:`fay_herriot`.
    Otherwise, the model of Morris (1983): :math:`\\hat\\theta_i \\mid \\theta_i \\sim
    N(\\theta_i, s_i^2)` with :math:`s_i` known and :math:`\\theta_i \\sim
    N(\\mu_i, \\tau^2)`, with :math:`\\mu_i = 0` or the precision-weighted mean of
    unit :math:`i`'s group. The posterior mean and standard deviation are

    .. math::

        \\theta_i^* = \\mu_i + (1 - B_i)(\\hat\\theta_i - \\mu_i), \\qquad
        B_i = \\frac{s_i^2}{s_i^2 + \\tau^2}, \\qquad
        \\operatorname{sd}_i = s_i \\sqrt{1 - B_i}.

    :math:`\\tau^2` is the moment estimate of Paule and Mandel: the root of
    :math:`\\sum_i (\\hat\\theta_i - \\hat\\mu_i)^2 / (s_i^2 + \\tau^2) = n - p`, with
    :math:`p` = ``lost_degrees`` plus the number of group means; 0 when even
    :math:`\\tau^2 = 0` leaves the sum below :math:`n - p` (then every estimate is
    shrunk all the way). The posterior standard deviation ignores the
    uncertainty of :math:`\\hat\\tau^2` and :math:`\\hat\\mu_i`, small for
    hundreds of units.

    References
    ----------
    .. [1] Morris, C. N. (1983). Parametric empirical Bayes inference: theory and
       applications. *Journal of the American Statistical Association* 78(381),
       47-55.
    .. [2] Paule, R. C. and Mandel, J. (1982). Consensus values and weighting
       factors. *Journal of Research of the National Bureau of Standards* 87(5),
       377-385.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.uncertainty import shrink
    >>> table = shrink(np.array([4.0, 4.0, -1.0, 0.5, -3.5]),
    ...                np.array([4.0, 0.5, 1.0, 1.0, 1.0]))
    >>> table[["estimate", "shrinkage", "shrunk"]].round(2)
          estimate  shrinkage  shrunk
    code
    0          4.0       0.72    1.13
    1          4.0       0.04    3.85
    2         -1.0       0.14   -0.86
    3          0.5       0.14    0.43
    4         -3.5       0.14   -3.02
    """
    # Checked whatever the target, so that a bad value is never ignored.
    tau2_method = check_option("tau2_method", tau2_method, FAY_HERRIOT_METHODS)
    if (
        isinstance(lost_degrees, bool)
        or not isinstance(lost_degrees, numbers.Integral)
        or lost_degrees < 0
    ):
        raise InvalidOptionError(
            f"lost_degrees={shown(lost_degrees)} is not valid; give a whole number >= 0"
        )
    if covariates is not None:
        if parents is not None:
            raise InvalidOptionError(
                "give parents or covariates, not both: the prior mean is either each "
                "parent's mean or a regression on the covariates"
            )
        return _toward_regression(estimates, std_errors, covariates, tau2_method)
    est, se, labels = estimates_and_errors(estimates, std_errors)
    if lost_degrees >= est.size:
        raise InvalidOptionError(
            f"lost_degrees={int(lost_degrees):,} is not valid for {est.size} units: "
            f"it leaves no degrees of freedom for the spread of real differences; "
            f"give at most {est.size - 1}"
        )
    groups = _group_codes(labels, parents)
    # Computed in units where the largest standard error is about 1 (exactly, by
    # a power of two), so that squares neither overflow nor lose digits.
    scaled_est, scaled_se, exponent = rescaled(est, se, labels)
    variance = scaled_se**2
    lost = int(lost_degrees) + (groups[1] if groups is not None else 0)
    tau2 = _between_variance(scaled_est, variance, groups, lost)
    prior = _means(scaled_est, variance + tau2, groups)
    weight = variance / (variance + tau2)
    shrunk = prior + (1.0 - weight) * (scaled_est - prior)
    tau2_in_units = variance_in_units(tau2, exponent)
    return pd.DataFrame(
        {
            "estimate": est,
            "std_error": se,
            "prior_mean": np.ldexp(prior, exponent),
            "shrinkage": weight,
            "shrunk": np.ldexp(shrunk, exponent),
            "posterior_sd": np.ldexp(scaled_se * np.sqrt(1.0 - weight), exponent),
            "tau2": np.full(est.size, tau2_in_units),
        },
        index=labels,
    )


def _toward_regression(
    estimates: pd.Series | npt.ArrayLike,
    std_errors: pd.Series | npt.ArrayLike,
    covariates: pd.DataFrame | npt.ArrayLike,
    tau2_method: object,
) -> pd.DataFrame:
    """:func:`shrink`'s table from :func:`fay_herriot`."""
    method = check_option("tau2_method", tau2_method, FAY_HERRIOT_METHODS)
    result = fay_herriot(estimates, std_errors, covariates, method=method)
    table = result.to_frame()[
        ["estimate", "std_error", "prior_mean", "shrinkage", "shrunk", "posterior_sd"]
    ]
    return table.assign(tau2=result.tau2)


#: The keywords of the old call ``shrunk_ranking(result, ...)``, deprecated in 0.1.
_RESULT_KEYWORDS: Final = ("toward", "min_population", "gross_flows", "variance_model")


def _shrunk_ranking_of_result(
    result: Any, parents: pd.Series | None, keywords: dict[str, Any]
) -> pd.DataFrame:
    """The old call ``shrunk_ranking(result, ...)``: ``result.shrunk(...)``."""
    unknown = [key for key in keywords if key not in _RESULT_KEYWORDS]
    if unknown:
        raise InvalidOptionError(
            f"shrunk_ranking got an unknown keyword {unknown[0]!r}; a fitted index "
            f"takes {', '.join(_RESULT_KEYWORDS)} and parents"
        )
    warnings.warn(
        "shrunk_ranking(result, ...) is deprecated and will be removed in 0.2.0; "
        "call result.shrunk(...) instead (shrunk_ranking now takes estimates and "
        "standard errors)",
        DeprecationWarning,
        stacklevel=3,
    )
    table: pd.DataFrame = result.shrunk(parents=parents, **keywords)
    return table


def _mask(labels: pd.Index, among: pd.Series | npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """``among`` as one boolean per unit, aligned to the estimates' labels."""
    if isinstance(among, pd.Series):
        missing = labels.difference(among.index)
        if len(missing) or among.index.has_duplicates:
            raise DataError(
                "among must hold one True or False per unit; "
                + (
                    f"unit {missing[0]!r} has none"
                    if len(missing)
                    else "some units are repeated"
                )
            )
        among = among.reindex(labels).to_numpy()
    mask = np.asarray(among)
    if mask.dtype != np.bool_ or mask.shape != (len(labels),):
        raise DataError(
            f"among must be one True or False per unit ({len(labels)}), got dtype "
            f"{mask.dtype} and shape {mask.shape}"
        )
    return mask


def shrunk_ranking(
    estimates: pd.Series | npt.ArrayLike,
    std_errors: pd.Series | npt.ArrayLike | None = None,
    *,
    parents: pd.Series | None = None,
    covariates: pd.DataFrame | npt.ArrayLike | None = None,
    lost_degrees: int = 0,
    tau2_method: FayHerriotMethod = "reml",
    among: pd.Series | npt.ArrayLike | None = None,
    **deprecated: Any,
) -> pd.DataFrame:
    """A ranking by empirical-Bayes (shrunk) estimate, beside the ranking by estimate.

    Parameters
    ----------
    estimates, std_errors : pandas.Series or array_like
        As :func:`shrink`.
    parents, covariates, lost_degrees, tau2_method
        As :func:`shrink`.
    among : pandas.Series or array_like of bool, optional
        Rank only these units (True), such as those with at least
        :data:`LATER_EDITIONS_MIN_POPULATION` residents; the shrinkage is
        estimated on all units first. Default: every unit.
    **deprecated
        Only for the old call ``shrunk_ranking(result, toward=...,
        min_population=..., gross_flows=..., variance_model=...)`` with a fitted
        index, which still works until 0.2.0 (with a ``DeprecationWarning``):
        call ``result.shrunk(...)`` instead.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`shrink` for the units ranked, highest shrunk
        estimate first (ties by label), with ``rank`` (by ``estimate``) and
        ``rank_shrunk`` (by ``shrunk``), both among the units ranked.

    Raises
    ------
    DataError
        As :func:`shrink`, or ``among`` that is not one boolean per unit.
    InvalidOptionError
        As :func:`shrink`, or a keyword of the old call with estimates.

    Notes
    -----
    See :func:`shrink` for the model. Noisy estimates are pulled furthest, so the
    ranking by ``shrunk`` favours estimates that are both high and precise. Tied
    values share the better rank.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.uncertainty import shrunk_ranking
    >>> table = shrunk_ranking(np.array([4.0, 4.0, -1.0, 0.5, -3.5]),
    ...                        np.array([4.0, 0.5, 1.0, 1.0, 1.0]))
    >>> table[["estimate", "rank", "shrunk", "rank_shrunk"]].round(2)
          estimate  rank  shrunk  rank_shrunk
    code
    1          4.0     1    3.85            1
    0          4.0     1    1.13            2
    3          0.5     3    0.43            3
    2         -1.0     4   -0.86            4
    4         -3.5     5   -3.02            5
    """
    if callable(getattr(estimates, "shrunk", None)) and std_errors is None:
        return _shrunk_ranking_of_result(estimates, parents, deprecated)
    if deprecated:
        raise InvalidOptionError(
            f"shrunk_ranking got the keyword {next(iter(deprecated))!r}, which only "
            "a fitted index takes: call result.shrunk(...) for it"
        )
    if std_errors is None:
        raise DataError(
            "shrunk_ranking needs std_errors: one standard error per estimate"
        )
    table = shrink(
        estimates,
        std_errors,
        parents=parents,
        covariates=covariates,
        lost_degrees=lost_degrees,
        tau2_method=tau2_method,
    )
    if among is not None:
        table = table[_mask(table.index, among)].copy()
    table.insert(1, "rank", ranks(table["estimate"].to_numpy(np.float64)))
    table["rank_shrunk"] = ranks(table["shrunk"].to_numpy(np.float64))
    order = np.lexsort((table.index.to_numpy(), table["rank_shrunk"].to_numpy()))
    return table.iloc[order]
