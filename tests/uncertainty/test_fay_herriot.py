"""Fay-Herriot shrinkage toward a regression mean (issue 20).

Oracles: the REML log-likelihood maximized numerically with scipy, weighted
least squares from statsmodels at the estimated tau², the existing Morris /
Paule-Mandel shrinkage toward zero, and a simulation with known true values.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from attraktiv.errors import DataError, InvalidOptionError, ModelError
from attraktiv.uncertainty import fay_herriot, shrink
from helpers import assert_close


def _problem(
    n: int = 60, seed: int = 0, tau: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    se = rng.uniform(0.3, 2.0, n)
    truth = 1.0 + x @ np.array([0.8, -0.5]) + tau * rng.normal(size=n)
    return truth + se * rng.normal(size=n), se, x, truth


def _negative_reml(tau2: float, y: np.ndarray, d: np.ndarray, x: np.ndarray) -> float:
    v = tau2 + d
    vinv = np.diag(1.0 / v)
    gram = x.T @ vinv @ x
    p = vinv - vinv @ x @ np.linalg.solve(gram, x.T @ vinv)
    _, logdet = np.linalg.slogdet(gram)
    return 0.5 * (np.sum(np.log(v)) + logdet + y @ p @ y)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reml_maximizes_the_restricted_likelihood(seed: int) -> None:
    y, se, x, _ = _problem(seed=seed)
    design = sm.add_constant(x)
    best = optimize.minimize_scalar(
        _negative_reml,
        bounds=(0.0, 20.0),
        args=(y, se**2, design),
        method="bounded",
        options={"xatol": 1e-10},
    )
    result = fay_herriot(y, se, x)
    assert result.tau2 == pytest.approx(best.x, rel=1e-6)
    wls = sm.WLS(y, design, weights=1.0 / (result.tau2 + se**2)).fit()
    assert_close(result.coefficients, wls.params, rtol=1e-10)
    table = result.to_frame()
    b = se**2 / (result.tau2 + se**2)
    assert_close(table["shrinkage"], b, rtol=1e-12)
    assert_close(table["prior_mean"], wls.fittedvalues, rtol=1e-10, atol=1e-12)
    assert_close(
        table["shrunk"], wls.fittedvalues + (1 - b) * wls.resid, rtol=1e-10, atol=1e-12
    )
    # g1 + g2: the posterior variance with a flat prior on the coefficients.
    g2 = b**2 * np.einsum("ij,jk,ik->i", design, wls.normalized_cov_params, design)
    assert_close(table["posterior_sd"], np.sqrt(result.tau2 * b + g2), rtol=1e-10)


def test_paule_mandel_solves_its_moment_equation() -> None:
    y, se, x, _ = _problem(seed=4)
    result = fay_herriot(y, se, x, method="paule-mandel")
    wls = sm.WLS(y, sm.add_constant(x), weights=1.0 / (result.tau2 + se**2)).fit()
    assert wls.ssr == pytest.approx(len(y) - 3, rel=1e-10)
    assert_close(result.coefficients, wls.params, rtol=1e-10)


def test_without_covariates_paule_mandel_is_the_shrinkage_toward_zero() -> None:
    y, se, _, _ = _problem(seed=5)
    ours = fay_herriot(y, se, add_intercept=False, method="paule-mandel")
    theirs = shrink(y, se)
    assert ours.tau2 == pytest.approx(float(theirs["tau2"].iloc[0]), rel=1e-10)
    table = ours.to_frame()
    for column in ("shrinkage", "shrunk", "prior_mean", "posterior_sd"):
        assert_close(table[column], theirs[column], rtol=1e-10, atol=1e-14)
    assert ours.coefficients.empty


def test_no_spread_beyond_sampling_error_gives_full_shrinkage() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=40)
    se = np.full(40, 1.0)
    y = 2.0 + 0.5 * x + 0.2 * rng.normal(size=40)  # far less spread than se
    for method in ("reml", "paule-mandel"):
        result = fay_herriot(y, se, x, method=method)  # type: ignore[arg-type]
        assert result.tau2 == 0.0
        table = result.to_frame()
        assert (table["shrinkage"] == 1.0).all()
        assert_close(table["shrunk"], table["prior_mean"], rtol=1e-14)


def test_labels_and_data_frame_covariates() -> None:
    y, se, x, _ = _problem(n=30, seed=6)
    codes = pd.Index([f"{i:04d}" for i in range(30)], name="code")
    covariates = pd.DataFrame(x, index=codes, columns=["size", "age"])
    shuffled = covariates.sample(frac=1.0, random_state=1)
    result = fay_herriot(
        pd.Series(y, index=codes), pd.Series(se, index=codes), shuffled
    )
    plain = fay_herriot(y, se, x)
    assert list(result.coefficients.index) == ["Intercept", "size", "age"]
    assert_close(result.coefficients, plain.coefficients, rtol=1e-12)
    assert result.to_frame().index.equals(codes)
    assert_close(result.to_frame()["shrunk"], plain.to_frame()["shrunk"], rtol=1e-12)
    table = result.to_frame(0.9)
    assert_close(
        table["ci_high"] - table["shrunk"],
        1.6448536269514722 * table["rmse"],
        rtol=1e-12,
    )


def test_bad_input_names_the_problem() -> None:
    y, se, x, _ = _problem(n=20)
    with pytest.raises(InvalidOptionError) as info:
        fay_herriot(y, se, x, method="ml")  # type: ignore[arg-type]
    assert str(info.value) == (
        "method='ml' is not valid; choose one of 'reml', 'paule-mandel'"
    )
    with pytest.raises(ModelError, match="linearly dependent"):
        fay_herriot(y, se, np.column_stack([x, x[:, 0] * 2]))
    frame = pd.DataFrame({"size": x[:, 0]})
    frame.loc[3, "size"] = np.nan
    with pytest.raises(
        DataError,
        match=re.escape("covariate 'size' is missing or not finite for unit 3"),
    ):
        fay_herriot(pd.Series(y), pd.Series(se), frame)
    with pytest.raises(DataError, match="one row per unit"):
        fay_herriot(y, se, x[:5])


@settings(deadline=None, max_examples=40)
@given(k=st.integers(-150, 150), seed=st.integers(0, 1000))
def test_does_not_depend_on_units(k: int, seed: int) -> None:
    y, se, x, _ = _problem(n=25, seed=seed)
    factor = 10.0**k
    base = fay_herriot(y, se, x)
    scaled = fay_herriot(y * factor, se * factor, x)
    if 0 < base.tau2 * factor**2 < 1e-299:
        return  # tau² itself has no double there (an error names it)
    assert_close(scaled.tau2 / factor**2, base.tau2, rtol=1e-12, atol=1e-300)
    a, b = scaled.to_frame(), base.to_frame()
    for column in ("shrunk", "rmse", "ci_low", "ci_high"):
        assert_close(a[column] / factor, b[column], rtol=1e-12, atol=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["reml", "paule-mandel"])
def test_interval_coverage_by_simulation(method: str) -> None:
    """True values known: 95 % intervals cover 93-97 % of them (400 x 100 units)."""
    rng = np.random.default_rng(20)
    hits = total = 0
    for _ in range(400):
        n = 100
        x = rng.normal(size=n)
        se = rng.uniform(0.3, 2.5, n)
        truth = 0.5 - 0.7 * x + 0.8 * rng.normal(size=n)
        y = truth + se * rng.normal(size=n)
        table = fay_herriot(y, se, x, method=method).to_frame()  # type: ignore[arg-type]
        hits += int(((table["ci_low"] <= truth) & (truth <= table["ci_high"])).sum())
        total += n
    coverage = hits / total
    assert 0.93 <= coverage <= 0.97, coverage
