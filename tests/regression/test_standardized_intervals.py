"""Standard errors and intervals of standardized coefficients (issue 20).

Oracles computed here, independently of the library's algebra: the delta method
by central finite differences of the standardized beta as a function of sample
moments, with the moments' covariance; the sandwich of the stacked estimating
equations (M-estimation) for the HC types; refits of bootstrap resamples; and a
simulation with known population betas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

import attraktiv
from attraktiv.errors import InvalidOptionError, ModelError
from attraktiv.regression._standardized import bootstrap_standardized
from helpers import assert_close


def _sample(
    n: int = 120, k: int = 3, seed: int = 4, weighted: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Skewed, correlated factors and heteroskedastic errors."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(0.0, 0.6, size=(n, k)) @ (np.eye(k) + 0.4)
    y = x @ np.linspace(1.0, -0.5, k) + (1.0 + x[:, 0]) * rng.normal(size=n)
    return x, y, rng.uniform(0.5, 3.0, n) if weighted else None


def _jacobian(function, point: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Central differences, a step scaled to each coordinate."""
    columns = []
    for i in range(point.size):
        step = 1e-6 * max(1.0, abs(point[i]))
        up, down = point.copy(), point.copy()
        up[i] += step
        down[i] -= step
        columns.append((function(up) - function(down)) / (2 * step))
    return np.column_stack(columns)


def _beta_of_moments(m: np.ndarray, d: int) -> np.ndarray:
    """Standardized slopes from first and raw second moments of z = (x, y)."""
    mean = m[:d]
    second = np.zeros((d, d))
    second[np.triu_indices(d)] = m[d:]
    second = second + np.triu(second, 1).T
    cov = second - np.outer(mean, mean)
    k = d - 1
    slopes = np.linalg.solve(cov[:k, :k], cov[:k, k])
    return np.asarray(slopes * np.sqrt(np.diag(cov)[:k] / cov[k, k]))


@pytest.mark.parametrize("weighted", [False, True])
def test_hc0_delta_equals_distribution_free_delta_by_finite_differences(
    weighted: bool,
) -> None:
    """HC0: the delta method with the sample moments' covariance (ADF)."""
    x, y, w = _sample(weighted=weighted)
    n, k = x.shape
    share = np.full(n, 1 / n) if w is None else w / w.sum()
    z = np.column_stack([x, y])
    rows, cols = np.triu_indices(k + 1)
    per_row = np.column_stack([z, z[:, rows] * z[:, cols]])
    moments = share @ per_row
    deviations = share[:, None] * (per_row - moments)
    moment_cov = deviations.T @ deviations
    jac = _jacobian(lambda m: _beta_of_moments(m, k + 1), moments)
    expected = np.sqrt(np.diag(jac @ moment_cov @ jac.T))
    fit = attraktiv.ols(y, x, weights=w, cov_type="HC0")
    table = fit.standardized(method="delta-asymptotic")
    assert_close(table["std_error"], expected, rtol=1e-6)
    assert_close(table["estimate"], _beta_of_moments(moments, k + 1), rtol=1e-12)


def _hat_diagonal(x: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    """Leverages of the (weighted) design with a constant."""
    exog = sm.add_constant(x)
    w = np.ones(x.shape[0]) if w is None else w
    inverse = np.linalg.inv(exog.T @ (w[:, None] * exog))
    return np.asarray(w * np.einsum("ij,jk,ik->i", exog, inverse, exog))


def _hc4_row_scale(leverage: np.ndarray) -> np.ndarray:
    """Square root of HC4's factor on a squared residual (Cribari-Neto, 2004)."""
    mean = leverage.sum() / leverage.size
    delta = np.array([min(4.0, h / mean) for h in leverage])
    return np.sqrt(1.0 / (1.0 - leverage) ** delta)


def _beta_of_parts(theta: np.ndarray, k: int) -> np.ndarray:
    """Standardized slopes from (b, vech V, sigma²): b_j s_j / sqrt(b'Vb + sigma²)."""
    b = theta[:k]
    v = np.zeros((k, k))
    v[np.triu_indices(k)] = theta[k:-1]
    v = v + np.triu(v, 1).T
    return np.asarray(b * np.sqrt(np.diag(v)) / np.sqrt(b @ v @ b + theta[-1]))


@pytest.mark.parametrize("method", ["delta", "delta-asymptotic"])
@pytest.mark.parametrize("weighted", [False, True])
def test_nonrobust_delta_equals_finite_differences_with_classical_slopes(
    weighted: bool, method: str
) -> None:
    """Nonrobust: statsmodels' classical cov of b, moment cov of (V, sigma²).

    The default scales each row's deviation of the moments by HC4's factor.
    """
    rng = np.random.default_rng(11)
    n, k = 150, 2
    x = rng.gamma(2.0, size=(n, k)) + rng.normal(size=(n, 1))
    y = x @ np.array([0.7, -1.2]) + rng.normal(size=n)
    w = rng.uniform(0.5, 2.0, n) if weighted else None
    exog = sm.add_constant(x)
    fit = (sm.WLS(y, exog, weights=w) if weighted else sm.OLS(y, exog)).fit()
    share = np.full(n, 1 / n) if w is None else w / w.sum()
    centred = x - share @ x
    rows, cols = np.triu_indices(k)
    v = (share[:, None] * centred).T @ centred
    resid = np.asarray(fit.resid)
    per_row = np.column_stack([centred[:, rows] * centred[:, cols], resid**2])
    parts = share @ per_row
    deviations = share[:, None] * (per_row - parts)
    if method == "delta":
        deviations *= _hc4_row_scale(_hat_diagonal(x, w))[:, None]
    theta = np.concatenate([fit.params[1:], v[rows, cols], parts[-1:]])
    cov = np.zeros((theta.size, theta.size))
    cov[:k, :k] = np.asarray(fit.cov_params())[1:, 1:]
    cov[k:, k:] = deviations.T @ deviations
    jac = _jacobian(lambda t: _beta_of_parts(t, k), theta)
    expected = np.sqrt(np.diag(jac @ cov @ jac.T))
    table = attraktiv.ols(y, x, weights=w).standardized(method=method)  # type: ignore[arg-type]
    assert_close(table["std_error"], expected, rtol=1e-6)
    assert_close(table["estimate"], _beta_of_parts(theta, k), rtol=1e-10)


def _estimating_equations(
    theta: np.ndarray, x: np.ndarray, y: np.ndarray, w: np.ndarray, k: int
) -> np.ndarray:
    """Per-row estimating functions of (mu, a, b, vech V, sigma²)."""
    mu, a, b = theta[:k], theta[k], theta[k + 1 : 2 * k + 1]
    rows, cols = np.triu_indices(k)
    vech, sigma2 = theta[2 * k + 1 : -1], theta[-1]
    resid = y - a - x @ b
    centred = x - mu
    return np.column_stack(
        [
            w[:, None] * centred,
            w * resid,
            w[:, None] * x * resid[:, None],
            w[:, None] * (centred[:, rows] * centred[:, cols] - vech),
            w * (resid**2 - sigma2),
        ]
    )


def _sandwich_rows(
    x: np.ndarray,
    y: np.ndarray,
    maybe_w: np.ndarray | None,
    cov_type: str,
    method: str,
) -> np.ndarray:
    """Each row's contribution to the linearized betas, shape (n, k).

    The rows of A^-1 psi_i (stacked moment equations, HC-adjusted regression rows,
    HC4-scaled moment rows for the default) through the betas' Jacobian, so that
    beta_hat - beta is their sum to first order and their squares sum to the
    sandwich variance. "nonrobust" takes HC0's rows.
    """
    n, k = x.shape
    w = np.ones(n) if maybe_w is None else maybe_w
    fit = sm.WLS(y, sm.add_constant(x), weights=w).fit()
    share = w / w.sum()
    mu = share @ x
    rows, cols = np.triu_indices(k)
    v = (share[:, None] * (x - mu)).T @ (x - mu)
    sigma2 = share @ np.asarray(fit.resid) ** 2
    theta = np.concatenate([mu, fit.params, v[rows, cols], [sigma2]])
    psi = _estimating_equations(theta, x, y, w, k)
    assert_close(psi.sum(axis=0), np.zeros(theta.size), rtol=0, atol=1e-9)
    a_matrix = _jacobian(
        lambda t: _estimating_equations(t, x, y, w, k).sum(axis=0), theta
    )
    leverage = _hat_diagonal(x, w)
    factor = {
        "nonrobust": np.ones(n),
        "HC0": np.ones(n),
        "HC1": np.full(n, np.sqrt(n / (n - k - 1))),
        "HC2": 1 / np.sqrt(1 - leverage),
        "HC3": 1 / (1 - leverage),
    }[cov_type]
    adjusted = psi.copy()
    adjusted[:, k : 2 * k + 1] *= factor[:, None]
    if method == "delta":
        moment_rows = np.r_[0:k, 2 * k + 1 : theta.size]
        adjusted[:, moment_rows] *= _hc4_row_scale(leverage)[:, None]
    inverse = np.linalg.inv(a_matrix)
    if cov_type != "nonrobust":
        # The sandwich's coefficient block is statsmodels' HC covariance.
        theta_cov = inverse @ (adjusted.T @ adjusted) @ inverse.T
        hc = np.asarray(
            sm.WLS(y, sm.add_constant(x), weights=w).fit(cov_type=cov_type).cov_params()
        )
        assert_close(theta_cov[k : 2 * k + 1, k : 2 * k + 1], hc, rtol=1e-6)

    def beta(t: np.ndarray) -> np.ndarray:
        return _beta_of_parts(np.concatenate([t[k + 1 : 2 * k + 1], t[2 * k + 1 :]]), k)

    # theta_hat - theta = -A^-1 sum psi_i to first order.
    return np.asarray(-adjusted @ inverse.T @ _jacobian(beta, theta).T)


@pytest.mark.parametrize("method", ["delta", "delta-asymptotic"])
@pytest.mark.parametrize("cov_type", ["HC0", "HC1", "HC2", "HC3"])
@pytest.mark.parametrize("weighted", [False, True])
def test_hc_delta_equals_sandwich_of_estimating_equations(
    cov_type: str, weighted: bool, method: str
) -> None:
    """A^-1 B A^-T of the stacked moment equations, HC-adjusted regression rows.

    The default also scales the rows of the moment equations by HC4's factor.
    """
    x, y, w = _sample(n=90, k=2, seed=8, weighted=weighted)
    expected = np.sqrt((_sandwich_rows(x, y, w, cov_type, method) ** 2).sum(axis=0))
    fitted = attraktiv.ols(y, x, weights=w, cov_type=cov_type)
    table = fitted.standardized(method=method)  # type: ignore[arg-type]
    assert_close(table["std_error"], expected, rtol=1e-6)


def _second_difference(  # type: ignore[no-untyped-def]
    function, point: np.ndarray, direction: np.ndarray
) -> np.ndarray:
    """Second derivative along ``direction``, a step scaled to its length."""
    size = float(np.sqrt(direction @ direction))
    step = 1e-4 * max(1.0, float(np.abs(point).max())) / size
    up, down = function(point + step * direction), function(point - step * direction)
    return np.asarray((up - 2 * function(point) + down) / step**2)


@pytest.mark.parametrize("cov_type", ["nonrobust", "HC1", "HC3"])
@pytest.mark.parametrize("weighted", [False, True])
def test_default_interval_is_the_cornish_fisher_t_interval(
    cov_type: str, weighted: bool
) -> None:
    """Satterthwaite df of the rows' squares and Cornish-Fisher t quantiles.

    The rows come from the estimating-equation sandwich, the second derivatives
    from finite differences in the raw moments of (x, y), not from the kernel:
    df = 2 (sum c)^2 / sum (c - mean c)^2 with c the squared rows (capped at the
    residual df); the ends are beta - se (c -+ q), c = mean + kappa (q^2 - 1) / 6,
    the studentized beta's mean E[Q]/se - (C + 2D)/(2 se^3) and third
    cumulant -(2C + 3D)/se^3: C the rows' cubes, D the second derivative of beta along
    sum_i w_i psi0_i (r_i - mean r) (psi0 the asymptotic rows, r_i the row's
    moments), E[Q] half the w_i^2-weighted sum of those along each r_i - mean r.
    """
    x, y, w = _sample(n=90, k=2, seed=8, weighted=weighted)
    n, k = x.shape
    rows = _sandwich_rows(x, y, w, cov_type, "delta")
    squares = rows**2
    total = squares.sum(axis=0)
    dof = 2 * total**2 / ((squares - squares.mean(axis=0)) ** 2).sum(axis=0)
    result = attraktiv.ols(y, x, weights=w, cov_type=cov_type)
    assert (dof < result.df_resid).all()  # heteroskedastic, skewed: few df
    share = np.full(n, 1 / n) if w is None else w / w.sum()
    z = np.column_stack([x, y])
    upper = np.triu_indices(k + 1)
    moments = np.column_stack([z, z[:, upper[0]] * z[:, upper[1]]])
    centre = share @ moments
    centred = moments - centre

    def beta(m: np.ndarray) -> np.ndarray:
        return _beta_of_moments(m, k + 1)

    plain = _sandwich_rows(x, y, w, "HC0", "delta-asymptotic")
    bias = 0.5 * sum(
        share[i] ** 2 * _second_difference(beta, centre, centred[i]) for i in range(n)
    )
    along = (plain * share[:, None]).T @ centred
    curvature = np.array(
        [_second_difference(beta, centre, along[j])[j] for j in range(k)]
    )
    cube = (rows**3).sum(axis=0)
    table = result.standardized(0.9)
    se = table["std_error"].to_numpy()
    mean = bias / se - (cube + 2 * curvature) / (2 * se**3)
    kappa = -(2 * cube + 3 * curvature) / se**3
    q = stats.t.ppf(0.95, dof)
    # Held where z + kappa (z^2 - 1) / 6 stops increasing on [-q, q]; here the
    # first coefficient's skewness is held, the second's is not.
    if not weighted and cov_type == "nonrobust":
        assert abs(kappa[0]) > 3 / q[0]
        assert abs(kappa[1]) < 3 / q[1]
    kappa = np.clip(kappa, -3 / q, 3 / q)
    centre = table["estimate"] - se * (mean + kappa * (q**2 - 1) / 6)
    assert_close(table["ci_low"], centre - q * se, rtol=1e-7)
    assert_close(table["ci_high"], centre + q * se, rtol=1e-7)
    # The test of beta = 0 stays the t-test of b.
    assert_close(table["pvalue"], result.to_frame().iloc[1:]["pvalue"], rtol=1e-12)


@pytest.mark.parametrize("cov_type", ["nonrobust", "HC3"])
def test_interval_holds_the_estimate_when_one_row_carries_a_factor(
    cov_type: str,
) -> None:
    """Rows' skewness near its bound: ordered ends, the estimate between them.

    One row's factor value is 8 standard deviations out; the interval
    reaches further on one side (the skewness correction), within the limit.
    """
    rng = np.random.default_rng(12)
    x = rng.normal(size=(60, 2))
    x[0, 0] = 8.0
    y = x @ np.array([0.05, 0.5]) + rng.normal(size=60)
    result = attraktiv.ols(y, x, cov_type=cov_type)
    table = result.standardized()
    assert (table["ci_low"] < table["estimate"]).all()
    assert (table["estimate"] < table["ci_high"]).all()
    above = table["ci_high"] - table["estimate"]
    below = table["estimate"] - table["ci_low"]
    ratio = float(above.iloc[0] / below.iloc[0])
    assert ratio > 1.3 or ratio < 1 / 1.3
    # No further than the t quantile of one degree of freedom times 1.5.
    limit = 1.5 * stats.t.ppf(0.975, 1) * table["std_error"]
    assert (np.maximum(above, below) < limit).all()


def test_intervals_are_wald_intervals_and_tests_are_those_of_b() -> None:
    x, y, _ = _sample()
    result = attraktiv.ols(y, x, cov_type="HC1")
    for level in (0.9, 0.99):
        table = result.standardized(level, method="delta-asymptotic")
        raw = result.to_frame(level).iloc[1:]
        assert_close(table["statistic"], raw["statistic"], rtol=1e-12)
        assert_close(table["pvalue"], raw["pvalue"], rtol=1e-12)
        q = stats.t.ppf(0.5 + level / 2, result.df_resid)
        assert_close(
            table["ci_low"], table["estimate"] - q * table["std_error"], rtol=1e-12
        )
        assert_close(
            table["ci_high"], table["estimate"] + q * table["std_error"], rtol=1e-12
        )


@pytest.mark.parametrize("weighted", [False, True])
def test_bootstrap_draws_equal_refits_of_the_resamples(weighted: bool) -> None:
    x, y, w = _sample(n=60, k=2, seed=3, weighted=weighted)
    draws = bootstrap_standardized(x, y, w, 5, np.random.default_rng(21))
    picks = np.random.default_rng(21).integers(0, 60, size=(5, 60))
    for row, pick in zip(draws, picks, strict=True):
        refit = attraktiv.ols(y[pick], x[pick], weights=None if w is None else w[pick])
        assert_close(row, refit.standardized()["estimate"], rtol=1e-10)


def test_bootstrap_agrees_with_the_delta_method_in_a_large_sample() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(2000, 2))
    y = x @ np.array([0.5, 0.2]) + rng.normal(size=2000)
    result = attraktiv.ols(y, x)
    delta = result.standardized()
    boot = result.standardized(method="bootstrap", draws=1000, rng=7)
    assert_close(boot["std_error"], delta["std_error"], rtol=0.1)
    assert_close(boot[["ci_low", "ci_high"]], delta[["ci_low", "ci_high"]], rtol=0.05)
    assert_close(boot["estimate"], delta["estimate"], rtol=1e-12)
    again = result.standardized(method="bootstrap", draws=1000, rng=7)
    pd.testing.assert_frame_equal(boot, again)


def test_the_old_fixed_ratio_interval_is_too_wide_for_a_strong_correlation() -> None:
    """rho = 0.95, normal: se of beta is far below se(b) s(x) / s(y)."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=400)
    y = 0.95 * x + np.sqrt(1 - 0.95**2) * rng.normal(size=400)
    result = attraktiv.ols(y, x, names=["x"])
    table = result.standardized()
    fixed = result.std_errors["x"] * x.std() / y.std()
    # Normal theory: var(r) = (1 - rho²)² / n for the correlation r.
    assert_close(table["std_error"], [(1 - 0.95**2) / np.sqrt(400)], rtol=0.1)
    assert float(table["std_error"].iloc[0]) < 0.4 * fixed


def test_bad_options_name_what_is_allowed() -> None:
    x, y, _ = _sample()
    result = attraktiv.ols(y, x)
    with pytest.raises(InvalidOptionError) as info:
        result.standardized(method="jackknife")  # type: ignore[arg-type]
    assert str(info.value) == (
        "method='jackknife' is not valid; choose one of 'delta', "
        "'delta-asymptotic', 'bootstrap'"
    )
    with pytest.raises(InvalidOptionError, match="draws"):
        result.standardized(method="bootstrap", draws=3)
    with pytest.raises(InvalidOptionError, match="rng"):
        result.standardized(method="bootstrap", rng="seed")  # type: ignore[arg-type]
    without = attraktiv.ols(y, x, add_intercept=False)
    with pytest.raises(ModelError, match="constant column"):
        without.standardized()


def test_driver_tables_use_the_delta_method_and_offer_the_bootstrap() -> None:
    from attraktiv.datasets import load_example

    panel = load_example()
    result = attraktiv.DriverAnalysis(["job_growth"]).fit(panel)
    frame = result.to_frame()
    first = result.results[0].standardized()
    row = frame.iloc[0]
    assert row["std_error"] == pytest.approx(float(first["std_error"].iloc[0]))
    boot = result.to_frame(method="bootstrap", draws=200, rng=1)
    assert_close(boot["beta"], frame["beta"], rtol=1e-12)
    assert_close(boot["std_error"], frame["std_error"], rtol=0.35)
    pd.testing.assert_frame_equal(
        boot, result.to_frame(method="bootstrap", draws=200, rng=1)
    )


def _coverage(
    family: str, n: int, rho: float, replications: int, seed: int
) -> dict[str, float]:
    """Coverage of the fixed-ratio and the delta intervals of a one-factor beta."""
    rng = np.random.default_rng(seed)
    hits = {"fixed": 0, "delta": 0, "delta-asymptotic": 0, "delta HC3": 0}
    for _ in range(replications):
        if family == "lognormal":
            x = (rng.lognormal(size=n) - np.exp(0.5)) / np.sqrt((np.e - 1) * np.e)
        else:
            x = rng.normal(size=n)
        y = rho * x + np.sqrt(1 - rho**2) * rng.normal(size=n)
        result = attraktiv.ols(y, x, names=["x"])
        raw = result.conf_int().iloc[1]
        ratio = x.std() / y.std()
        hits["fixed"] += raw["ci_low"] * ratio <= rho <= raw["ci_high"] * ratio
        for method in ("delta", "delta-asymptotic"):
            row = result.standardized(method=method).iloc[0]  # type: ignore[arg-type]
            hits[method] += row["ci_low"] <= rho <= row["ci_high"]
        row = attraktiv.ols(y, x, cov_type="HC3").standardized().iloc[0]
        hits["delta HC3"] += row["ci_low"] <= rho <= row["ci_high"]
    return {name: count / replications for name, count in hits.items()}


@pytest.mark.slow
def test_coverage_of_a_hard_case_lognormal_factor() -> None:
    """Lognormal factor, rho = 0.5, n = 426, 2,000 replications (issue 20: 78.4 %).

    The asymptotic delta method lifts coverage by about ten points but stays short
    of 95 % (about 88 %): the factor's kurtosis (about 110) is what the spread's
    sampling variance depends on, and samples of 426 underestimate it. The
    default (HC4's leverage factor on the moment rows, Satterthwaite degrees of
    freedom, Cornish-Fisher quantiles) covers about 94.5 % (94.3-95.8 % in
    exploratory runs of 2,000-4,000 replications under both covariance types;
    93.8 % under both here). With 2,000 replications a coverage has a standard
    error of about 0.5 points, so 93 % is three standard errors below the
    coverage expected.
    """
    coverage = _coverage("lognormal", 426, 0.5, 2000, seed=1)
    assert coverage["fixed"] < 0.80
    assert 0.85 < coverage["delta-asymptotic"] < 0.91
    assert coverage["delta"] >= 0.93
    assert coverage["delta HC3"] >= 0.93
    assert coverage["delta"] <= 0.975


@pytest.mark.slow
def test_coverage_where_normal_theory_holds() -> None:
    """Normal factor, rho = 0.95, n = 85: the fixed ratio covers 100 %."""
    coverage = _coverage("normal", 85, 0.95, 1000, seed=2021)
    assert coverage["fixed"] > 0.995
    assert 0.93 <= coverage["delta"] <= 0.975
    assert 0.93 <= coverage["delta HC3"] <= 0.975
    assert 0.93 <= coverage["delta-asymptotic"] <= 0.975


def test_the_coverage_benchmark_computes_the_intervals_of_standardized() -> None:
    """benchmarks/validate_standardized_beta.py: closed-form fit, the same kernel."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[2] / "benchmarks" / "validate_standardized_beta.py"
    spec = importlib.util.spec_from_file_location("validate_standardized_beta", path)
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from attraktiv.regression._standardized import delta_standardized, moment_factor

    rng = np.random.default_rng(30)
    x = bench._standard_draws("lognormal", (85, 2), rng)
    y = x @ np.array([0.4, -0.3]) + rng.normal(size=85)
    slopes, resid, classical, hc3, leverage, df = bench._fit(x, y)
    for cov_type, cov in (("nonrobust", classical), ("HC3", hc3)):
        delta = delta_standardized(
            x, resid, slopes, cov, None, leverage, cov_type, df, moment_factor(leverage)
        )
        q = stats.t.ppf(0.975, np.minimum(delta.dof, df))
        low, high = delta.bounds(q)
        table = attraktiv.ols(y, x, cov_type=cov_type).standardized()
        assert_close(low, table["ci_low"], rtol=1e-9)
        assert_close(high, table["ci_high"], rtol=1e-9)


def test_interval_never_moves_past_its_estimate_in_small_samples() -> None:
    # In samples of a dozen or two rows the Cornish-Fisher bias term can exceed
    # the interval's half-width; the shift is held to it, so each estimate lies
    # in its own interval (at worst at an end), for every covariance type.
    rng = np.random.default_rng(19)
    moved = 0
    for _ in range(300):
        n = int(rng.integers(12, 21))
        x = rng.standard_normal((n, 3)) * rng.lognormal(0.0, 1.0, 3)
        y = x @ rng.standard_normal(3) + rng.standard_normal(n) * rng.lognormal()
        for cov_type in ("nonrobust", "HC0", "HC1", "HC2", "HC3"):
            table = attraktiv.ols(y, x, cov_type=cov_type).standardized()
            low, high = table["ci_low"], table["ci_high"]
            estimate = table["estimate"]
            assert (low <= estimate).all()
            assert (estimate <= high).all()
            moved += int(((low == estimate) | (high == estimate)).sum())
    # the cap is reached in some of these samples: the test exercises it
    assert moved > 0
