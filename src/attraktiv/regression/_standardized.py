"""Standard errors of standardized coefficients: delta method and pairs bootstrap.

A standardized coefficient :math:`\\beta_j = b_j s(x_j) / s(y)` is a function of
the sample moments, and :math:`s(x_j)` and :math:`s(y)` vary from sample to sample
as much as :math:`b_j` does. Both functions here take the arrays of a fit (in the
units of the fit: a standardized coefficient is free of units) and return arrays;
:meth:`attraktiv.OLSResult.standardized` labels them.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple, TypeAlias

import numpy as np

from ..core.typing import CovType, FloatArray

__all__ = [
    "STANDARDIZED_METHODS",
    "DeltaStandardized",
    "StandardizedMethod",
    "bootstrap_standardized",
    "contribution_df",
    "delta_standardized",
    "moment_factor",
]

#: How the standard errors and intervals of standardized coefficients are made.
StandardizedMethod: TypeAlias = Literal["delta", "delta-asymptotic", "bootstrap"]
STANDARDIZED_METHODS: Final[tuple[StandardizedMethod, ...]] = (
    "delta",
    "delta-asymptotic",
    "bootstrap",
)
#: HC4's cap on the leverage exponent (Cribari-Neto, 2004).
_HC4_CAP: Final = 4.0


class DeltaStandardized(NamedTuple):
    """What :func:`delta_standardized` returns, one value per coefficient.

    ``bias``, ``cube`` and ``curvature`` are the ingredients of the skewness
    correction of the interval (:meth:`bounds`).
    """

    beta: FloatArray
    std_error: FloatArray
    dof: FloatArray
    bias: FloatArray
    cube: FloatArray
    curvature: FloatArray

    def bounds(
        self, quantile: FloatArray, estimate: FloatArray | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """The interval's ends, with the Cornish-Fisher correction for skewness.

        Parameters
        ----------
        quantile : ndarray, shape (p,)
            The symmetric quantile :math:`q` the interval would use uncorrected
            (Student's t with :attr:`dof` degrees of freedom, say).
        estimate : ndarray, shape (p,), optional
            The standardized betas :math:`\\hat\\beta` the interval is built
            around, when the caller computed them itself (they may differ from
            :attr:`beta` in the last bit); :attr:`beta` by default.

        Returns
        -------
        low, high : ndarray, shape (p,)
            :math:`\\hat\\beta - \\hat\\sigma(c \\pm q)` with :math:`c = \\mu +
            \\kappa (q^2 - 1)/6`, where :math:`\\mu = E[Q]/\\hat\\sigma - (C +
            2D)/(2\\hat\\sigma^3)` and :math:`\\kappa = -(2C + 3D)/\\hat\\sigma^3`
            are the mean and third cumulant of the studentized beta
            (:func:`delta_standardized`, Notes), :math:`\\kappa` held to
            :math:`|\\kappa| \\le 3/q`: the Cornish-Fisher quantile function
            :math:`z + \\kappa(z^2 - 1)/6` is increasing on :math:`[-q, q]` only
            there, and beyond it the expansion describes no distribution; and
            :math:`|c| \\le q`, so the interval never moves past its estimate
            (the estimate is at worst an end; a larger shift comes only from
            samples too small for the expansion). Where the standard error is
            zero both ends are the estimate.

        Examples
        --------
        >>> import numpy as np
        >>> from attraktiv.regression._standardized import DeltaStandardized
        >>> one = np.ones(1)
        >>> parts = DeltaStandardized(0.5 * one, 0.1 * one, 30 * one, 0 * one,
        ...                           0.0002 * one, 0 * one)
        >>> [round(float(end[0]), 4) for end in parts.bounds(2.0 * one)]
        [0.33, 0.73]
        """
        se = self.std_error
        usable = se > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = self.bias / se - (self.cube + 2.0 * self.curvature) / (2.0 * se**3)
            third = -(2.0 * self.cube + 3.0 * self.curvature) / se**3
            limit = 3.0 / quantile
        third = np.clip(third, -limit, limit)
        # the shift is held to the half-width: beyond it the expansion's bias term
        # (an O(1/n) correction) would move the interval past its own estimate,
        # which happens only where n is too small for the expansion to hold
        shift = np.clip(mean + third * (quantile**2 - 1.0) / 6.0, -quantile, quantile)
        centre = np.where(usable, shift, 0.0)
        beta = self.beta if estimate is None else estimate
        # centre + q >= 0 >= centre - q: each end lies on its side of beta exactly
        low = np.where(usable, beta - se * (centre + quantile), beta)
        high = np.where(usable, beta - se * (centre - quantile), beta)
        return np.asarray(low, np.float64), np.asarray(high, np.float64)


def _shares(weights: FloatArray | None, n: int) -> FloatArray:
    """Each row's share of the total weight (1/n unweighted)."""
    if weights is None:
        return np.full(n, 1.0 / n)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _residual_factor(
    cov_type: CovType, leverage: FloatArray | None, n: int, df_resid: int
) -> FloatArray | float:
    """What the HC estimators multiply each residual by (1 for HC0)."""
    if cov_type == "HC1":
        return float(np.sqrt(n / df_resid))
    if leverage is None:
        return 1.0
    if cov_type == "HC2":
        return np.asarray(1.0 / np.sqrt(1.0 - leverage), dtype=np.float64)
    if cov_type == "HC3":
        return np.asarray(1.0 / (1.0 - leverage), dtype=np.float64)
    return 1.0


def moment_factor(leverage: FloatArray) -> FloatArray:
    """HC4's leverage factor for each row's contribution to the moments' variance.

    Parameters
    ----------
    leverage : ndarray, shape (n,)
        The design's leverages (diagonal of the weighted hat matrix).

    Returns
    -------
    ndarray, shape (n,)
        :math:`(1 - h_i)^{-\\delta_i / 2}` with :math:`\\delta_i =
        \\min(4, h_i / \\bar h)`; infinite for a row with leverage one (a factor
        that only that row moves).

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.regression._standardized import moment_factor
    >>> moment_factor(np.array([0.1, 0.1, 0.1, 0.7])).round(3).tolist()
    [1.021, 1.021, 1.021, 5.395]
    """
    ratio = leverage / leverage.mean()
    exponent = np.minimum(_HC4_CAP, ratio)
    with np.errstate(divide="ignore"):
        factor = (1.0 - np.minimum(leverage, 1.0)) ** (-exponent / 2.0)
    return np.asarray(factor, dtype=np.float64)


def delta_standardized(
    x: FloatArray,
    resid: FloatArray,
    slopes: FloatArray,
    slope_cov: FloatArray,
    weights: FloatArray | None,
    leverage: FloatArray | None,
    cov_type: CovType,
    df_resid: int,
    moment_scale: FloatArray | None = None,
) -> DeltaStandardized:
    """Standardized coefficients, delta-method standard errors, df and skewness.

    Parameters
    ----------
    x : ndarray, shape (n, p)
        The non-constant columns of a design that has a constant column.
    resid : ndarray, shape (n,)
        The fit's (unweighted) residuals.
    slopes : ndarray, shape (p,)
        The coefficients of ``x``.
    slope_cov : ndarray, shape (p, p)
        Their covariance under ``cov_type`` (the block of the fit's).
    weights : ndarray, shape (n,), or None
        The fit's weights.
    leverage : ndarray, shape (n,), or None
        The design's leverages (needed for HC2 and HC3 only).
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}
    df_resid : int
    moment_scale : ndarray, shape (n,), or None
        A factor for each row's contribution to the moments: HC4's leverage
        factor (:func:`moment_factor`) for the small-sample version, None for the
        asymptotic delta method.

    Returns
    -------
    DeltaStandardized
        ``beta`` and ``std_error``; ``dof``, the Satterthwaite degrees of
        freedom of each variance (:func:`contribution_df`) from the rows'
        contributions :math:`\\psi_i` to the linearization (the HC type's rows,
        HC0's for "nonrobust", plus the scaled moment rows); and the terms of
        the second-order (Edgeworth) correction of the interval: ``cube``
        :math:`C = \\sum_i \\psi_i^3`, ``curvature`` :math:`D` and ``bias``
        :math:`E[Q]` (Notes).

    Notes
    -----
    With :math:`\\omega_i` the rows' shares of the weight, :math:`u_{ij}` the
    factors centred and divided by their (weighted, ddof 0) standard deviations,
    :math:`R` their correlation matrix, :math:`t_i = e_i / s(y)` and
    :math:`f_i = u_i'\\beta`, the identity :math:`s(y)^2 = b'Vb + \\sum_i \\omega_i
    e_i^2` (which holds because the fit has a constant) makes :math:`\\beta` a
    smooth function of :math:`b`, the factors' covariance :math:`V` and the
    residual variance. Its linearization has gradient
    :math:`G = I - \\beta (R\\beta)'` in :math:`b` (in standardized units) and,
    through the moments, the per-row contribution

    .. math:: m_{ij} = \\tfrac12 \\omega_i \\beta_j (u_{ij}^2 - f_i^2 - t_i^2).

    The variance is :math:`G \\Sigma_b G' + \\sum_i m_i m_i'` plus, for the HC types,
    twice the cross products of :math:`m_i` with the rows' contributions to
    :math:`b`, :math:`G R^{-1} u_i \\omega_i a_i t_i` (:math:`a_i` the residual
    factor of the HC type), whose squares sum to :math:`G \\Sigma_b G'`. With HC0
    this is the asymptotically distribution-free (sandwich) delta method;
    "nonrobust" takes the errors to be independent of the factors, so that
    :math:`b` is uncorrelated with the moments and :math:`\\Sigma_b` is the
    classical covariance (Yuan and Chan, 2011; Jones and Waller, 2013).

    The :math:`m_{ij}` depend on the fourth moments of the factors, which a
    sample of a skewed factor underestimates (a lognormal factor's kurtosis is
    about 110; samples of 426 rarely show it), and most so where the factor's
    few large values are missing. The small-sample version multiplies :math:`m_i`
    by :math:`(1 - h_i)^{-\\delta_i/2}`, :math:`\\delta_i = \\min(4, h_i / \\bar
    h)`, HC4's factor (Cribari-Neto, 2004), as a row's squared residual is in
    HC4: rows of high leverage, the ones that carry a factor's tail, count for
    more (``moment_scale``). With normal or binary factors the leverages are all
    near their mean and the factor is near one; a row with leverage near one (a
    factor whose spread is essentially that row's) makes the standard error
    large, as it should.

    The studentized :math:`T = (\\hat\\beta_j - \\beta_j)/\\hat\\sigma_j` is
    skewed: a sample that lacks a skewed factor's large values has a small
    :math:`\\hat\\beta_j` and a small :math:`\\hat\\sigma_j` together, and a
    :math:`\\beta_j` near one is bounded. To order :math:`n^{-1/2}` (Hall, 1992,
    ch. 2), with :math:`\\hat\\beta - \\beta = L + Q`, :math:`L = \\sum_i
    \\psi_i` and :math:`Q` quadratic, and :math:`M` the linear part of
    :math:`\\hat\\sigma^2 - \\sigma^2`, :math:`E[T] = E[Q]/\\sigma -
    E[LM]/(2\\sigma^3)` and :math:`\\kappa_3(T)\\sigma^3 = \\kappa_3(L) +
    3(E[L^2Q] - \\sigma^2E[Q]) - 3E[LM]`; for a smooth function of means with
    the sandwich variance these reduce to :math:`E[LM] = C + 2D` and
    :math:`\\kappa_3(T)\\sigma^3 = -2C - 3D`. :math:`C = \\sum_i \\psi_i^3` is
    taken over the same scaled rows as the variance (a skewed factor's third
    moments are underestimated as its fourth are). :math:`D` is the second
    derivative of :math:`\\beta_j`, as a function of the weighted means of the
    rows' moments :math:`r_i = (z_i, z_i z_i')` (:math:`z_i` the row's
    standardized factors and outcome), along :math:`\\sum_i \\omega_i
    \\psi^0_{ij} (r_i - \\bar r)` (:math:`\\psi^0` the asymptotic HC0 rows), and
    :math:`E[Q] = \\tfrac12 \\sum_i \\omega_i^2 \\ddot\\beta_{ij}` with
    :math:`\\ddot\\beta_{ij}` the second derivative along :math:`r_i - \\bar r`;
    both in closed form (matrix calculus). The Cornish-Fisher quantiles of
    :math:`T`, :math:`\\mu \\pm q + \\kappa(q^2 - 1)/6`, move both ends of the
    interval by the same amount (:meth:`DeltaStandardized.bounds`), with the
    skewness held where the expansion is a valid quantile function.
    """
    n = x.shape[0]
    share = _shares(weights, n)
    centred = x - share @ x
    spread = np.sqrt(share @ centred**2)
    u = centred / spread
    corr = u.T @ (share[:, None] * u)
    scaled_slopes = slopes * spread
    explained = float(scaled_slopes @ corr @ scaled_slopes)
    outcome_sd = float(np.sqrt(explained + share @ resid**2))
    beta = scaled_slopes / outcome_sd
    t = resid / outcome_sd
    f = u @ beta
    gradient = np.eye(beta.size) - np.outer(beta, corr @ beta)
    # Covariance of b in standardized units: b_j s_j / s_y.
    units = spread / outcome_sd
    beta_cov = slope_cov * np.outer(units, units)
    variance = np.einsum("jk,kl,jl->j", gradient, beta_cov, gradient)
    unscaled = 0.5 * (share[:, None] * beta[None, :]) * (u**2 - (f**2 + t**2)[:, None])
    moments = unscaled
    if moment_scale is not None:
        moments = unscaled * moment_scale[:, None]
    variance = variance + np.einsum("ij,ij->j", moments, moments)
    plain = np.linalg.solve(corr, (u * (share * t)[:, None]).T).T @ gradient.T
    # HC0's rows for "nonrobust": they only enter the df and skewness there.
    factor = (
        1.0
        if cov_type == "nonrobust"
        else _residual_factor(cov_type, leverage, n, df_resid)
    )
    from_slopes = plain * np.reshape(factor, (-1, 1))
    if cov_type != "nonrobust":
        variance = variance + 2.0 * np.einsum("ij,ij->j", from_slopes, moments)
    std_error = np.sqrt(np.maximum(variance, 0.0))
    rows = from_slopes + moments
    bias, curvature = _second_order(
        np.column_stack([u, u @ beta + t]), share, plain + unscaled
    )
    return DeltaStandardized(
        np.asarray(beta, dtype=np.float64),
        np.asarray(std_error, np.float64),
        contribution_df(rows),
        bias,
        np.asarray((rows**3).sum(axis=0), dtype=np.float64),
        curvature,
    )


def _second_derivatives(
    cov: FloatArray, mean_step: FloatArray, cov_step: FloatArray
) -> FloatArray:
    """Second derivatives of the betas along directions in the moments, (m, p).

    The betas are :math:`h(C) = A^{-1}c \\, \\sqrt{\\operatorname{diag} A} /
    \\sqrt{v}` of the covariance :math:`C = [[A, c], [c', v]]` of the
    standardized factors and outcome (``cov``, its means zero), and :math:`C` is
    the raw second moments minus the means' outer product. Along a direction
    that moves the means by ``mean_step`` (m, d) and the raw second moments by
    ``cov_step`` (m, d, d), :math:`C` moves by :math:`\\varepsilon \\Delta -
    \\varepsilon^2 \\delta\\delta'`, so the second derivative is
    :math:`h''[\\Delta, \\Delta] - 2 h'[\\delta\\delta']`, in closed form.
    """
    k = cov.shape[0] - 1
    a_inv = np.linalg.inv(cov[:k, :k])
    slopes = a_inv @ cov[:k, k]
    spread = np.sqrt(np.diag(cov)[:k])
    scale = 1.0 / np.sqrt(cov[k, k])

    def first(delta: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Derivatives of the slopes, spreads and 1/s(y) along each delta."""
        d_a, d_c, d_v = delta[:, :k, :k], delta[:, :k, k], delta[:, k, k]
        d_slopes = (d_c - d_a @ slopes) @ a_inv.T
        d_spread = np.einsum("mjj->mj", d_a) / (2.0 * spread)
        d_scale = -0.5 * d_v * scale**3
        return d_slopes, d_spread, d_scale

    def product_rule(
        d_slopes: FloatArray, d_spread: FloatArray, d_scale: FloatArray
    ) -> FloatArray:
        return np.asarray(
            (d_slopes * spread + slopes * d_spread) * scale
            + (slopes * spread) * d_scale[:, None],
            dtype=np.float64,
        )

    outer = -2.0 * mean_step[:, :, None] * mean_step[:, None, :]
    from_means = product_rule(*first(outer))
    d_slopes, d_spread, d_scale = first(cov_step)
    d_a, d_v = cov_step[:, :k, :k], cov_step[:, k, k]
    dd_slopes = -2.0 * np.einsum("ij,mjl,ml->mi", a_inv, d_a, d_slopes)
    dd_spread = -(np.einsum("mjj->mj", d_a) ** 2) / (4.0 * spread**3)
    dd_scale = 0.75 * d_v**2 * scale**5
    second = (
        (dd_slopes * spread + slopes * dd_spread) * scale
        + (slopes * spread) * dd_scale[:, None]
        + 2.0 * d_slopes * d_spread * scale
        + 2.0 * (d_slopes * spread + slopes * d_spread) * d_scale[:, None]
    )
    return np.asarray(second + from_means, dtype=np.float64)


def _second_order(
    z: FloatArray, share: FloatArray, influence: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The bias :math:`E[Q]` and curvature :math:`D` of the Edgeworth terms.

    ``z`` holds the standardized factors and outcome (weighted means zero),
    ``influence`` the asymptotic (HC0) rows of the linearization, shape (n, p).
    Row :math:`i`'s direction moves the means by :math:`z_i` and the second
    moments by :math:`z_i z_i' - C`.
    """
    cov = (share[:, None] * z).T @ z
    steps = z[:, :, None] * z[:, None, :] - cov
    each = _second_derivatives(cov, z, steps)
    bias = 0.5 * (share**2) @ each
    mix = influence * share[:, None]
    along_mean = mix.T @ z
    along_cov = np.einsum("ij,iab->jab", mix, steps)
    curvature = np.einsum("jj->j", _second_derivatives(cov, along_mean, along_cov))
    return np.asarray(bias, np.float64), np.asarray(curvature, np.float64)


def contribution_df(rows: FloatArray) -> FloatArray:
    """Satterthwaite degrees of freedom of a variance that sums rows' squares.

    Parameters
    ----------
    rows : ndarray, shape (n, p)
        Each row's contribution :math:`\\psi_{ij}` to the linearization of each
        coefficient, so that the variance is :math:`\\sum_i \\psi_{ij}^2`.

    Returns
    -------
    ndarray, shape (p,)
        :math:`2 (\\sum_i c_{ij})^2 / \\sum_i (c_{ij} - \\bar c_j)^2` with
        :math:`c_{ij} = \\psi_{ij}^2`: the degrees of freedom of the
        chi-square whose variance relative to its mean squared is that of the
        sum, estimated from the spread of the rows' contributions; infinite
        where every row contributes the same.

    Notes
    -----
    A variance estimate that is a sum of :math:`n` independent squares with the
    kurtosis of a normal variable has :math:`n` degrees of freedom; heavy-tailed
    contributions (a few rows carrying the sum) have fewer, and Student's t with
    these degrees of freedom widens the interval as far as the estimate is noisy
    (Satterthwaite, 1946; the same logic as the small-sample degrees of freedom
    of Bell and McCaffrey, 2002, for heteroskedasticity-consistent standard
    errors).

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.regression._standardized import contribution_df
    >>> contribution_df(np.array([[1.0], [-1.0], [1.0], [-1.0]])).tolist()
    [inf]
    >>> contribution_df(np.array([[2.0], [0.0], [0.0], [0.0]])).tolist()
    [2.6666666666666665]
    """
    squares = rows**2
    total = squares.sum(axis=0)
    spread = ((squares - total / rows.shape[0]) ** 2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dof = np.where(spread > 0, 2.0 * total**2 / spread, np.inf)
    return np.asarray(dof, dtype=np.float64)


def bootstrap_standardized(
    x: FloatArray,
    y: FloatArray,
    weights: FloatArray | None,
    draws: int,
    rng: np.random.Generator,
) -> FloatArray:
    """Standardized coefficients of pairs-bootstrap resamples, shape (draws, p).

    Rows (a factor vector with its outcome and weight) are drawn with replacement;
    each resample's coefficients come in closed form from its weighted moments
    (the normal equations of a fit with a constant), all resamples at once.
    Resamples in which a factor or the outcome does not vary give NaN rows.

    Parameters
    ----------
    x : ndarray, shape (n, p)
        The non-constant columns of a design that has a constant column.
    y : ndarray, shape (n,)
        The outcome.
    weights : ndarray, shape (n,), or None
    draws : int
    rng : numpy.random.Generator
    """
    n, p = x.shape
    share = _shares(weights, n)
    # Standardize first: the moments of resamples are then of order one.
    data = np.column_stack([x, y])
    data = data - share @ data
    data = data / np.sqrt(share @ data**2)
    picks = rng.integers(0, n, size=(draws, n))
    counts = np.zeros((draws, n))
    np.add.at(counts, (np.arange(draws)[:, None], picks), 1.0)
    mass = counts * share[None, :]
    mass /= mass.sum(axis=1, keepdims=True)
    first = mass @ data
    products = (data[:, :, None] * data[:, None, :]).reshape(n, -1)
    second = (mass @ products).reshape(draws, p + 1, p + 1)
    cov = second - first[:, :, None] * first[:, None, :]
    sxx, sxy, syy = cov[:, :p, :p], cov[:, :p, p], cov[:, p, p]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        spreads = np.sqrt(np.einsum("bjj->bj", sxx))
        good = (spreads.min(axis=1) > 1e-12) & (syy > 1e-24)
        slopes = np.full((draws, p), np.nan)
        if good.any():
            slopes[good] = np.linalg.solve(sxx[good], sxy[good][:, :, None])[:, :, 0]
        betas = slopes * spreads / np.sqrt(syy)[:, None]
    return np.asarray(betas, dtype=np.float64)
