"""Empirical-Bayes shrinkage of the index (Morris 1983) and rankings by it."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import brentq

from .._ranking import ranks
from .._typing import FloatArray, IntArray
from .._validation import check_option
from ..errors import DataError, InvalidOptionError
from ._checks import estimates_and_errors, rescaled, variance_in_units
from ._standard_errors import VarianceModel, index_std_errors

if TYPE_CHECKING:
    from ..attractiveness import AttractivenessResult

__all__ = [
    "LATER_EDITIONS_MIN_POPULATION",
    "SHRINK_TARGETS",
    "ShrinkTarget",
    "shrink",
    "shrunk_ranking",
]

#: Where the estimates are shrunk to: zero (the index's mean) or each parent's mean.
ShrinkTarget: TypeAlias = Literal["zero", "parent"]
SHRINK_TARGETS: Final[tuple[ShrinkTarget, ...]] = ("zero", "parent")

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
    tolerance = 1e-300 * upper
    return float(brentq(excess, 0.0, upper, xtol=tolerance, rtol=4 * _EPS))


def shrink(
    estimates: pd.Series | npt.ArrayLike,
    std_errors: pd.Series | npt.ArrayLike,
    *,
    parents: pd.Series | None = None,
    lost_degrees: int = 0,
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
    lost_degrees : int, default 0
        Degrees of freedom already used up by the estimates (for residuals of a
        regression: its number of coefficients).

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

    Notes
    -----
    The model of Morris (1983): :math:`\\hat\\theta_i \\mid \\theta_i \\sim
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
    est, se, labels = estimates_and_errors(estimates, std_errors)
    if (
        isinstance(lost_degrees, bool)
        or not isinstance(lost_degrees, numbers.Integral)
        or lost_degrees < 0
    ):
        raise InvalidOptionError(
            f"lost_degrees={lost_degrees!r} is not valid; give a whole number >= 0"
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


def shrunk_ranking(
    result: AttractivenessResult,
    *,
    toward: ShrinkTarget = "zero",
    parents: pd.Series | None = None,
    min_population: int | None = None,
    gross_flows: pd.Series | None = None,
    variance_model: VarianceModel = "floor",
) -> pd.DataFrame:
    """A ranking by empirical-Bayes (shrunk) index, beside the published one.

    Parameters
    ----------
    result : AttractivenessResult
        A fitted index.
    toward : {"zero", "parent"}, default "zero"
        Shrink toward zero, the mean of the index; or toward the mean of each
        unit's parent (``parents`` needed).
    parents : pandas.Series, optional
        The parent code of each unit, by unit code, e.g.
        ``panel.hierarchy.mapping("municipality", "region")``.
    min_population : int, optional
        Leave out units with fewer residents at the start of the period (the rule
        of the later editions: :data:`LATER_EDITIONS_MIN_POPULATION`, 1,000). The
        shrinkage is estimated on all units first.
    gross_flows, variance_model
        As :func:`index_std_errors`, which gives the standard errors.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit code, highest shrunk index first: ``name``,
        ``population_start``, ``attractiveness``, ``rank`` (by it, among the
        units shown), ``std_error``, ``shrinkage``, ``shrunk``, ``posterior_sd``,
        ``rank_shrunk`` (by ``shrunk``, among the units shown) and ``method``
        (of the standard errors).

    Raises
    ------
    InvalidOptionError
        For an unknown ``toward``, ``toward="parent"`` without ``parents``, or a
        negative ``min_population``.
    DataError, ModelError
        As :func:`index_std_errors` and :func:`shrink`.

    Notes
    -----
    See :func:`shrink` for the model. **Why toward zero by default:** the index
    is a least-squares residual, so it averages zero by construction, and zero
    is what the model expects of a place it knows nothing more about. Shrinking
    toward the parent region's mean borrows strength from neighbours, which is
    better when attractiveness is regional, but a region holds only a handful of
    municipalities, so its mean is itself noisy and partly made of the unit's own
    estimate, and a small place in a popular region is then credited with its
    neighbours' migration. The regression's coefficients count as lost degrees
    of freedom when :math:`\\tau^2` is estimated.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.uncertainty import shrunk_ranking
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    >>> table = shrunk_ranking(result)
    >>> table.loc[["0235", "1816", "1835"], ["name", "rank", "shrunk", "rank_shrunk"]]
                name  rank  shrunk  rank_shrunk
    code
    0235  Ullensaker     1    6.79            1
    1816   Vevelstad     4    1.30           66
    1835       Træna     5    1.23           73
    """
    toward = check_option("toward", toward, SHRINK_TARGETS)
    if toward == "parent" and parents is None:
        raise InvalidOptionError(
            "toward='parent' needs parents: the parent code of every unit, e.g. "
            "panel.hierarchy.mapping('municipality', 'region')"
        )
    if min_population is not None and (
        isinstance(min_population, bool)
        or not isinstance(min_population, numbers.Real)
        or not min_population >= 0
    ):
        raise InvalidOptionError(
            f"min_population={min_population!r} is not valid; give a number of "
            f"residents >= 0, such as {LATER_EDITIONS_MIN_POPULATION}"
        )
    errors = index_std_errors(
        result, gross_flows=gross_flows, variance_model=variance_model
    )
    index = result.index
    table = shrink(
        index,
        errors["std_error"],
        parents=parents if toward == "parent" else None,
        lost_degrees=len(result.regression.param_names),
    )
    frame = pd.DataFrame(
        {
            "name": result.source["name"],
            "population_start": result.source["population_start"],
            "attractiveness": index,
            "rank": 0,
            "std_error": table["std_error"],
            "shrinkage": table["shrinkage"],
            "shrunk": table["shrunk"],
            "posterior_sd": table["posterior_sd"],
            "rank_shrunk": 0,
            "method": errors["method"],
        }
    )
    if min_population is not None:
        frame = frame[frame["population_start"] >= min_population]
    frame["rank"] = ranks(frame["attractiveness"].to_numpy(np.float64))
    frame["rank_shrunk"] = ranks(frame["shrunk"].to_numpy(np.float64))
    order = np.lexsort((frame.index.to_numpy(), frame["rank_shrunk"].to_numpy()))
    return frame.iloc[order]
