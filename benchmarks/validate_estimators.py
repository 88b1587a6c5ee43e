"""How we know the numbers are right: every estimator against an independent oracle.

Computes, live, the agreement of each estimator with its oracle (statsmodels,
esda, brute force, NIST certified values, a numerical computation) and the
coverage of its intervals in simulations with known truth, and writes two
tables for the validation page (:doc:`validation`):

- ``--agreement``: estimator, oracle, data, what is compared and the largest
  relative difference (or, for NIST, the fewest correct digits);
- ``--coverage``: interval, simulation, replications, nominal and measured
  coverage.

Run from the repository root (about a minute)::

    python benchmarks/validate_estimators.py \\
        --agreement docs/_tables/agreement.csv --coverage docs/_tables/coverage.csv
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import optimize, stats
from statsmodels.stats.outliers_influence import variance_inflation_factor

import attraktiv
from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.factors import PUBLISHED_LOWEST
from attraktiv.regression import lmg, vif
from attraktiv.spatial import SpatialWeights, contiguity_weights, local_morans, morans_i
from attraktiv.uncertainty import fay_herriot, rank_intervals, top_set

ROOT = Path(__file__).resolve().parent.parent
COV_TYPES = ("nonrobust", "HC0", "HC1", "HC2", "HC3")


def _relative(ours: Any, theirs: Any) -> float:
    a = np.asarray(ours, dtype=np.float64).ravel()
    b = np.asarray(theirs, dtype=np.float64).ravel()
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def _row(estimator: str, oracle: str, data: str, compared: str, value: str) -> dict:
    return {
        "estimator": estimator,
        "oracle": oracle,
        "data": data,
        "compared": compared,
        "result": value,
    }


def _load_nist() -> Any:
    import importlib.util

    path = ROOT / "tests" / "conftest.py"
    spec = importlib.util.spec_from_file_location("attraktiv_tests_nist", path)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def nist_rows() -> list[dict]:
    nist = _load_nist()
    worst = {"params": 15.0, "std_errors": 15.0}
    for name in nist.NIST_DATASETS:
        data = nist.load_nist(name)
        design = data.design()
        result = attraktiv.ols(data.y, design.X, add_intercept=design.add_intercept)
        accuracy = data.accuracy(
            params=result.params.to_numpy(),
            std_errors=result.std_errors.to_numpy(),
            sigma=result.sigma,
            rsquared=result.rsquared,
        )
        for key in worst:
            worst[key] = min(worst[key], min(accuracy[key]))
    count = len(nist.NIST_DATASETS)
    return [
        _row(
            "least squares (ols)",
            "NIST StRD certified values",
            f"{count} linear datasets (Longley, Wampler 1-5, ...)",
            f"correct digits of {key.replace('_', ' ')} (fewest)",
            f"{value:.1f} of 15",
        )
        for key, value in worst.items()
    ]


def ols_rows(result: attraktiv.AttractivenessResult) -> list[dict]:
    source = result.source
    exog = sm.add_constant(source[["job_growth"]].to_numpy())
    y = source["net_migration"].to_numpy()
    worst_params = worst_se = 0.0
    for cov_type in COV_TYPES:
        ours = attraktiv.ols(y, source[["job_growth"]], cov_type=cov_type)
        theirs = sm.OLS(y, exog).fit(cov_type=cov_type)
        worst_params = max(worst_params, _relative(ours.params, theirs.params))
        worst_se = max(worst_se, _relative(ours.std_errors, theirs.bse))
    data = "net migration on job growth, 426 municipalities, 2008-2010"
    return [
        _row(
            "least squares (ols)",
            "statsmodels OLS",
            data,
            "coefficients",
            _e(worst_params),
        ),
        _row(
            "least squares (ols)",
            "statsmodels OLS",
            data,
            "standard errors, nonrobust and HC0-HC3",
            _e(worst_se),
        ),
    ]


def _e(value: float) -> str:
    return f"{value:.1e}"


def importance_rows() -> list[dict]:
    panel = simulate_panel(426, rng=11)
    analysis = attraktiv.DriverAnalysis(list(PUBLISHED_LOWEST)[:5])
    data = analysis.fit(panel, periods="2008-2010").data("2008-2010")
    x = data.iloc[:, 1:].to_numpy()
    y = data.iloc[:, 0].to_numpy()
    exog = sm.add_constant(x)
    theirs_vif = [variance_inflation_factor(exog, j) for j in range(1, exog.shape[1])]
    k = x.shape[1]

    def r2(columns: tuple[int, ...]) -> float:
        if not columns:
            return 0.0
        return float(sm.OLS(y, sm.add_constant(x[:, list(columns)])).fit().rsquared)

    shapley = np.zeros(k)
    orders = list(itertools.permutations(range(k)))
    for order in orders:
        for position, column in enumerate(order):
            before = tuple(sorted(order[:position]))
            shapley[column] += r2((*before, column)) - r2(before)
    shapley /= len(orders)
    ours_lmg = lmg(x, y[:, None])[:, 0]
    label = f"simulated panel, {k} published factors, 426 units"
    return [
        _row(
            "variance inflation factors",
            "statsmodels",
            label,
            "VIF",
            _e(_relative(vif(x), theirs_vif)),
        ),
        _row(
            "relative importance (LMG)",
            f"brute force: R² gains over all {len(orders)} orders",
            label,
            "shares",
            _e(_relative(ours_lmg, shapley)),
        ),
    ]


def _libpysal(weights: SpatialWeights) -> Any:
    import libpysal

    matrix = weights.matrix
    neighbours, values = {}, {}
    for row, code in enumerate(weights.codes):
        start, stop = matrix.indptr[row], matrix.indptr[row + 1]
        neighbours[code] = [weights.codes[j] for j in matrix.indices[start:stop]]
        values[code] = matrix.data[start:stop].tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return libpysal.weights.W(neighbours, values, ids=list(weights.codes))


def spatial_rows(result: attraktiv.AttractivenessResult) -> list[dict]:
    import esda

    weights = contiguity_weights("municipality", link_islands=True)
    values = result.index.reindex(weights.codes)
    ours = morans_i(values, weights, permutations=0)
    lisa = local_morans(values, weights, permutations=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = _libpysal(weights)
        w.transform = "r"
        theirs = esda.Moran(values.to_numpy(), w, transformation="r", permutations=0)
        local = esda.Moran_Local(
            values.to_numpy(), w, transformation="r", permutations=0
        )
    global_diff = max(
        _relative(ours.statistic, theirs.I),
        _relative(ours.expected, theirs.EI),
        _relative(ours.variance_rand, theirs.VI_rand),
        _relative(ours.variance_norm, theirs.VI_norm),
    )
    n = len(weights)
    moments_factor = _relative(
        np.concatenate([lisa.expected, lisa.variance]),
        np.concatenate([local.EI * (n - 1) / n, local.VI * ((n - 1) / n) ** 2]),
    )
    data = "the 2008-2010 index, 426 municipalities, rook contiguity, islands linked"
    return [
        _row(
            "Moran's I",
            "esda Moran",
            data,
            "I, E[I], V[I] (normal, randomization)",
            _e(global_diff),
        ),
        _row(
            "local Moran's I (LISA)",
            "esda Moran_Local",
            data,
            "I_i",
            _e(_relative(lisa.statistic, local.Is)),
        ),
        _row(
            "local Moran moments",
            "esda EI, VI times (n-1)/n and its square",
            data,
            "E[I_i], V[I_i] (esda keeps the n-scaled formulas)",
            _e(moments_factor),
        ),
        *_enumeration_rows(),
    ]


def _enumeration_rows() -> list[dict]:
    import scipy.sparse as sp

    n = 7
    rng = np.random.default_rng(7)
    values = rng.lognormal(size=n)
    matrix = np.eye(n, k=1) + np.eye(n, k=-1) + np.eye(n, k=3) + np.eye(n, k=-3)
    matrix = matrix / matrix.sum(axis=1, keepdims=True)
    codes = pd.Index([f"u{i}" for i in range(n)])
    lisa = local_morans(
        pd.Series(values, index=codes),
        SpatialWeights(codes, sp.csr_array(matrix)),
        permutations=0,
        row_standardize=False,
    )
    permuted = values[np.array(list(itertools.permutations(range(n))))]
    z = permuted - permuted.mean(axis=1, keepdims=True)
    every = (n - 1) * z * (z @ matrix.T) / np.sum(z**2, axis=1, keepdims=True)
    conditional_mean, conditional_var = [], []
    for i in range(n):
        kept = every[permuted[:, i] == values[i], i]
        conditional_mean.append(kept.mean())
        conditional_var.append(kept.var())
    diff = max(
        _relative(lisa.expected, every.mean(axis=0)),
        _relative(lisa.variance, every.var(axis=0)),
        _relative(lisa.expected_conditional, conditional_mean),
        _relative(lisa.variance_conditional, conditional_var),
    )
    return [
        _row(
            "local Moran moments",
            f"full enumeration of all {math.factorial(n):,} permutations",
            f"{n} units, lognormal values, unequal weights",
            "E and V, total and conditional randomization",
            _e(diff),
        )
    ]


def rank_rows(result: attraktiv.AttractivenessResult) -> list[dict]:
    errors = result.std_errors()["std_error"]
    est, se = result.index.to_numpy(), errors.to_numpy()
    sets = rank_intervals(est, se, method="overlap")
    n = est.size
    c = -stats.norm.ppf((1 - 0.95 ** (1 / n)) / 2)
    low, high = est - c * se, est + c * se
    above = np.array([(low > high[j]).sum() for j in range(n)])
    below = np.array([(high < low[j]).sum() for j in range(n)])
    same = (sets["rank_low"].to_numpy() == 1 + above) & (
        sets["rank_high"].to_numpy() == n - below
    )
    chosen = top_set(est, se, 5, method="overlap")
    brute_top = np.flatnonzero(1 + above <= 5)
    return [
        _row(
            "rank sets (overlap) and top-5 set",
            "brute force: pairwise comparison of Šidák intervals",
            "the 2008-2010 index and its standard errors",
            "bounds of every unit; members of the set",
            f"{int(same.sum())} of {n} equal; top set "
            + ("equal" if sorted(chosen) == sorted(brute_top) else "differs"),
        )
    ]


def _negative_reml(tau2: float, y: np.ndarray, d: np.ndarray, x: np.ndarray) -> float:
    v = tau2 + d
    weighted = x / v[:, None]
    gram = x.T @ weighted
    beta = np.linalg.solve(gram, weighted.T @ y)
    resid = y - x @ beta
    return 0.5 * (np.sum(np.log(v)) + np.linalg.slogdet(gram)[1] + np.sum(resid**2 / v))


def shrinkage_rows(result: attraktiv.AttractivenessResult) -> list[dict]:
    errors = result.std_errors()["std_error"]
    size = np.log(result.source["population_start"].to_numpy(dtype=float))
    ours = fay_herriot(result.index, errors, size)
    design = sm.add_constant(size)
    best = optimize.minimize_scalar(
        _negative_reml,
        bounds=(0.0, 50.0),
        args=(result.index.to_numpy(), errors.to_numpy() ** 2, design),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return [
        _row(
            "Fay-Herriot tau² (REML)",
            "scipy: restricted likelihood maximized numerically",
            "the 2008-2010 index on log start population",
            "tau²",
            _e(_relative(ours.tau2, best.x)),
        )
    ]


def standardized_rows() -> list[dict]:
    panel = simulate_panel(426, rng=12)
    analysis = attraktiv.DriverAnalysis(list(PUBLISHED_LOWEST)[:4], cov_type="HC0")
    fitted = analysis.fit(panel, periods="2008-2010")
    data = fitted.data("2008-2010")
    x, y = data.iloc[:, 1:].to_numpy(), data.iloc[:, 0].to_numpy()
    k = x.shape[1]
    z = np.column_stack([x, y])
    rows, cols = np.triu_indices(k + 1)
    per_row = np.column_stack([z, z[:, rows] * z[:, cols]])
    moments = per_row.mean(axis=0)
    deviations = (per_row - moments) / len(y)

    def beta(m: np.ndarray) -> np.ndarray:
        second = np.zeros((k + 1, k + 1))
        second[rows, cols] = m[k + 1 :]
        second = second + np.triu(second, 1).T
        cov = second - np.outer(m[: k + 1], m[: k + 1])
        slopes = np.linalg.solve(cov[:k, :k], cov[:k, k])
        return slopes * np.sqrt(np.diag(cov)[:k] / cov[k, k])

    jac = np.column_stack(
        [
            (beta(moments + e * h) - beta(moments - e * h)) / (2 * h)
            for e, h in (
                (np.eye(moments.size)[i], 1e-6 * max(1.0, abs(moments[i])))
                for i in range(moments.size)
            )
        ]
    )
    expected = np.sqrt(np.diag(jac @ (deviations.T @ deviations) @ jac.T))
    # The oracle is the asymptotic delta method; the default adds HC4's leverage
    # factor to the moment part (checked by its own oracle in the test suite).
    ours = fitted.to_frame(method="delta-asymptotic")["std_error"].to_numpy()
    return [
        _row(
            "standardized-beta standard errors (asymptotic delta, HC0)",
            "numerical delta method: finite differences of beta(moments), "
            "moment covariance",
            f"simulated panel, {k} factors, 426 units",
            "standard errors",
            _e(_relative(ours, expected)),
        )
    ]


def fay_herriot_coverage(method: str, replications: int) -> dict:
    rng = np.random.default_rng(20)
    hits = total = 0
    for _ in range(replications):
        n = 100
        x = rng.normal(size=n)
        se = rng.uniform(0.3, 2.5, n)
        truth = 0.5 - 0.7 * x + 0.8 * rng.normal(size=n)
        y = truth + se * rng.normal(size=n)
        table = fay_herriot(y, se, x, method=method).to_frame()  # type: ignore[arg-type]
        hits += int(((table["ci_low"] <= truth) & (truth <= table["ci_high"])).sum())
        total += n
    return {
        "interval": f"Fay-Herriot posterior interval ({method})",
        "simulation": "100 units, tau = 0.8, standard errors 0.3-2.5, one covariate",
        "replications": f"{replications} x 100 units",
        "nominal": "95.0",
        "coverage": f"{100 * hits / total:.1f}",
    }


def rank_coverage(replications: int) -> list[dict]:
    rng = np.random.default_rng(21)
    n = 100
    covered = {"marginal": 0, "simultaneous": 0}
    units = 0
    for _ in range(replications):
        se = rng.uniform(0.5, 2.0, n)
        est = se * rng.normal(size=n)  # every true value 0: every rank is 1..n
        for kind in covered:
            sets = rank_intervals(
                est, se, simultaneous=kind == "simultaneous", draws=500, rng=rng
            )
            # Every truth ties, so any "surely above" or "surely below" is false:
            # a unit's set covers when it runs from 1 to n.
            ok = (sets["rank_low"] == 1) & (sets["rank_high"] == n)
            covered[kind] += int(ok.sum()) if kind == "marginal" else int(ok.all())
        units += n
    return [
        {
            "interval": "rank sets, marginal (bootstrap)",
            "simulation": "100 units all truly equal (the least favourable case)",
            "replications": f"{replications} x 100 units",
            "nominal": "95.0",
            "coverage": f"{100 * covered['marginal'] / units:.1f}",
        },
        {
            "interval": "rank sets, simultaneous (bootstrap)",
            "simulation": "100 units all truly equal (the least favourable case)",
            "replications": f"{replications}",
            "nominal": "95.0",
            "coverage": f"{100 * covered['simultaneous'] / replications:.1f}",
        },
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreement", type=Path, default=None)
    parser.add_argument("--coverage", type=Path, default=None)
    parser.add_argument("--replications", type=int, default=400)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    sections: list[Callable[[], list[dict]]] = [
        nist_rows,
        lambda: ols_rows(result),
        importance_rows,
        standardized_rows,
        lambda: spatial_rows(result),
        lambda: rank_rows(result),
        lambda: shrinkage_rows(result),
    ]
    agreement = pd.DataFrame([row for section in sections for row in section()])
    coverage = pd.DataFrame(
        [
            fay_herriot_coverage("reml", args.replications),
            fay_herriot_coverage("paule-mandel", args.replications),
            *rank_coverage(args.replications),
        ]
    )
    with pd.option_context("display.max_colwidth", 60, "display.width", 200):
        print(agreement.to_string(index=False), end="\n\n")
        print(coverage.to_string(index=False))
    for table, path in ((agreement, args.agreement), (coverage, args.coverage)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            table.to_csv(path, index=False, lineterminator="\n")
    print(f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
