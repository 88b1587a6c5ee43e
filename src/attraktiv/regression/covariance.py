"""Covariance estimators of least-squares coefficients, batched over outcomes.

Each estimator works on a :class:`~attraktiv.regression._kernel.LeastSquares` fit of
``k`` outcomes and returns the ``k`` covariance matrices at once.
"""

from __future__ import annotations

import numpy as np

from ..core.typing import COV_TYPES, CovType, FloatArray
from ..core.validation import check_instance, check_option
from ._kernel import LeastSquares

__all__ = ["covariance", "std_errors"]


def _checked(fit: object, cov_type: object) -> tuple[LeastSquares, CovType]:
    """The fit and the estimator, checked at the entry of the public functions."""
    checked = check_instance(
        "fit", fit, LeastSquares, "the kernel's fit, as OLSResult keeps it"
    )
    return checked, check_option("cov_type", cov_type, COV_TYPES)


def _meat_weights(fit: LeastSquares, cov_type: CovType) -> FloatArray:
    """Squared (weighted) residuals with the HC small-sample adjustment, (n, k)."""
    # Read once: a fit of very many outcomes recomputes its residuals on each read.
    u2: FloatArray = fit.wresid**2
    if cov_type == "HC0":
        return u2
    if cov_type == "HC1":
        scaled: FloatArray = u2 * (u2.shape[0] / fit.df_resid)
        return scaled
    one_minus_h = 1.0 - fit.leverage
    with np.errstate(divide="ignore", invalid="ignore"):
        if cov_type == "HC2":
            return u2 / one_minus_h[:, None]
        return u2 / (one_minus_h**2)[:, None]


def covariance(fit: LeastSquares, cov_type: CovType) -> FloatArray:
    """Covariance matrices of the coefficients, shape (k, p, p).

    Parameters
    ----------
    fit : LeastSquares
        A fit from :func:`attraktiv.regression._kernel.estimate`.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}
        The estimator.

    Returns
    -------
    ndarray, shape (k, p, p)

    Raises
    ------
    InvalidOptionError
        If ``fit`` is not a kernel fit or ``cov_type`` is not one of the five.

    Notes
    -----
    With :math:`M` such that :math:`(X'WX)^{-1} = M M'`, :math:`Q` the orthonormal
    basis of :math:`W^{1/2}X`, :math:`u` the weighted residuals and :math:`h_i` the
    leverages, the estimators are

    .. math::

        V_{\\text{nonrobust}} = s^2 M M', \\qquad
        V_{\\text{HC}} = M \\, Q' \\operatorname{diag}(\\omega_i u_i^2) Q \\, M',

    with :math:`\\omega_i = 1` (HC0), :math:`n/(n-p)` (HC1), :math:`1/(1-h_i)` (HC2)
    and :math:`1/(1-h_i)^2` (HC3) (MacKinnon and White, 1985).

    References
    ----------
    .. [1] MacKinnon, J. G. and White, H. (1985). Some heteroskedasticity-consistent
       covariance matrix estimators with improved finite sample properties.
       Journal of Econometrics 29, 305-325.
    """
    fit, cov_type = _checked(fit, cov_type)
    if cov_type == "nonrobust":
        unit = fit.bread @ fit.bread.T
        s2 = fit.ssr / fit.df_resid
        cov: FloatArray = s2[:, None, None] * unit[None, :, :]
        return cov
    omega = _meat_weights(fit, cov_type)
    meat = np.einsum("ip,ik,iq->kpq", fit.q, omega, fit.q, optimize=True)
    sandwich: FloatArray = np.einsum(
        "ap,kpq,bq->kab", fit.bread, meat, fit.bread, optimize=True
    )
    return sandwich


def std_errors(fit: LeastSquares, cov_type: CovType) -> FloatArray:
    """Standard errors of the coefficients, shape (p, k).

    For the classical estimator this avoids forming ``k`` covariance matrices.

    Raises
    ------
    InvalidOptionError
        If ``fit`` is not a kernel fit or ``cov_type`` is not one of the five.
    """
    fit, cov_type = _checked(fit, cov_type)
    return _std_errors(fit, cov_type)


def _std_errors(fit: LeastSquares, cov_type: CovType) -> FloatArray:
    """:func:`std_errors` for callers whose fit and estimator are checked already.

    The results call it on every first read of standard errors, where the checks
    of the public function cost about a tenth of a single small fit's.
    """
    if cov_type == "nonrobust":
        unit = np.einsum("ij,ij->i", fit.bread, fit.bread)
        if fit.ssr.shape[0] == 1:
            unit *= float(fit.ssr[0]) / fit.df_resid  # in place: one array fewer
            one: FloatArray = np.sqrt(unit, out=unit)
            return one[:, None]
        s2 = fit.ssr / fit.df_resid
        se: FloatArray = np.sqrt(unit[:, None] * s2[None, :])
        return se
    cov = covariance(fit, cov_type)
    return np.asarray(np.sqrt(np.einsum("kii->ik", cov)), dtype=np.float64)
