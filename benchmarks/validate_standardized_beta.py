"""Coverage of standardized-beta confidence intervals, by simulation with known truth.

For normal, lognormal and binary factors, n in {85, 426}, a correlation between
the outcome and its linear predictor of 0.2, 0.5 or 0.95, and one or four factors,
draws samples whose population standardized betas are known, and counts how often
the 95 % intervals cover them:

- ``fixed ratio``: the old interval ``CI(b) s(x) / s(y)``, which treats the ratio
  of sample standard deviations as fixed;
- ``delta``: :meth:`attraktiv.OLSResult.standardized` with ``cov_type="nonrobust"``
  (the default: the delta method with HC4's leverage factor on each row's
  contribution to the moments, Student's t with the Satterthwaite degrees of
  freedom of the rows' contributions, and Cornish-Fisher quantiles for the
  studentized beta's bias and skewness);
- ``delta HC3``: the same with ``cov_type="HC3"``;
- ``asymptotic``: ``standardized(method="delta-asymptotic")``, the delta method
  without those corrections (a Wald interval with the residual degrees of freedom);
- ``bootstrap``: the pairs-bootstrap percentile interval
  (``standardized(method="bootstrap")``), on fewer replications
  (``--bootstrap-replications``, 399 resamples each) since each costs a bootstrap.

With four factors (equicorrelated 0.3; the coefficients proportional to
1, 0.5, -0.5, 0.25) each cell shows the lowest coverage of the four. The errors are
normal and homoskedastic. Each replication uses the same kernel as
``standardized()`` (:mod:`attraktiv.regression._standardized`) on a closed-form
least-squares fit, so the table takes minutes, not hours; the test suite checks that
its intervals are those of ``standardized()``.

Run from the repository root::

    python benchmarks/validate_standardized_beta.py --replications 4000 \\
        --output docs/_tables/standardized_beta_coverage.csv

(several minutes). While exploring, ``--cells lognormal,426`` (a part of the label
``factor,n,correlation,factors``) and ``--no-bootstrap`` run a few cells quickly;
the seeds stay those of the full table.

It prints the table and, with ``--output``, writes it as CSV for the validation
page.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
import time
from pathlib import Path

import numpy as np
from scipy import special

from attraktiv.regression._standardized import (
    bootstrap_standardized,
    delta_standardized,
    moment_factor,
)

FAMILIES = ("normal", "lognormal", "binary")
SIZES = (85, 426)
CORRELATIONS = (0.2, 0.5, 0.95)
FACTOR_COUNTS = (1, 4)
LEVEL = 0.95
#: Binary factors are 1 with this probability (skewed, as dummies often are).
BINARY_SHARE = 0.3
#: Correlation between any two of the four factors.
FACTOR_CORRELATION = 0.3
DIRECTION = np.array([1.0, 0.5, -0.5, 0.25])


def _standard_draws(
    family: str, size: tuple[int, int], rng: np.random.Generator
) -> np.ndarray:
    """Independent draws with mean 0 and variance 1 (exactly, in the population)."""
    if family == "normal":
        return rng.standard_normal(size)
    if family == "lognormal":
        mean, var = np.exp(0.5), (np.e - 1.0) * np.e
        return (rng.lognormal(0.0, 1.0, size) - mean) / np.sqrt(var)
    p = BINARY_SHARE
    return (rng.binomial(1, p, size) - p) / np.sqrt(p * (1.0 - p))


def _truth(k: int, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """Mixing matrix of the factors and the coefficients: s(y) = 1, R² = rho²."""
    cov = np.full((k, k), FACTOR_CORRELATION) + (1 - FACTOR_CORRELATION) * np.eye(k)
    mixing = np.linalg.cholesky(cov).T
    direction = DIRECTION[:k]
    slopes = direction * rho / np.sqrt(direction @ cov @ direction)
    return mixing, slopes  # the factors have variance 1, so beta = slopes


def _fit(
    x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Slopes, residuals, classical and HC3 slope covariances, leverage, df."""
    n, k = x.shape
    centred = x - x.mean(axis=0)
    gram = centred.T @ centred
    inverse = np.linalg.inv(gram)
    slopes = inverse @ centred.T @ (y - y.mean())
    resid = y - y.mean() - centred @ slopes
    df = n - k - 1
    classical = inverse * (resid @ resid / df)
    leverage = 1.0 / n + np.einsum("ij,jk,ik->i", centred, inverse, centred)
    scores = centred * (resid / (1.0 - leverage))[:, None]
    hc3 = inverse @ scores.T @ scores @ inverse
    return slopes, resid, classical, hc3, leverage, df


def bootstrap_coverage(
    family: str, n: int, rho: float, k: int, replications: int, seed: int
) -> float:
    """Lowest coverage over the factors of the percentile interval, in percent."""
    rng = np.random.default_rng(seed)
    mixing, beta = _truth(k, rho)
    noise_sd = np.sqrt(1.0 - rho**2)
    hits = np.zeros(k)
    for _ in range(replications):
        x = _standard_draws(family, (n, k), rng) @ mixing
        y = x @ beta + noise_sd * rng.standard_normal(n)
        draws = bootstrap_standardized(x, y, None, 399, rng)
        draws = draws[np.isfinite(draws).all(axis=1)]
        low, high = np.quantile(draws, [0.5 - LEVEL / 2, 0.5 + LEVEL / 2], axis=0)
        hits += (low <= beta) & (beta <= high)
    return 100.0 * float(hits.min()) / replications


def coverage(
    family: str, n: int, rho: float, k: int, replications: int, seed: int
) -> dict[str, float]:
    """Lowest coverage over the factors of each interval, in percent."""
    rng = np.random.default_rng(seed)
    mixing, beta = _truth(k, rho)
    noise_sd = np.sqrt(1.0 - rho**2)
    names = ("fixed ratio", "delta", "delta HC3", "asymptotic")
    hits = {name: np.zeros(k) for name in names}
    q = float(special.stdtrit(n - k - 1, 0.5 + LEVEL / 2))
    for _ in range(replications):
        x = _standard_draws(family, (n, k), rng) @ mixing
        y = x @ beta + noise_sd * rng.standard_normal(n)
        slopes, resid, classical, hc3, leverage, df = _fit(x, y)
        ratio = x.std(axis=0) / y.std()
        estimate = slopes * ratio
        fixed = np.sqrt(np.diag(classical)) * ratio
        hits["fixed ratio"] += np.abs(estimate - beta) <= q * fixed
        scale = moment_factor(leverage)
        for name, cov, cov_type, moment_scale in (
            ("delta", classical, "nonrobust", scale),
            ("delta HC3", hc3, "HC3", scale),
            ("asymptotic", classical, "nonrobust", None),
        ):
            delta = delta_standardized(
                x, resid, slopes, cov, None, leverage, cov_type, df, moment_scale
            )
            se = delta.std_error
            if moment_scale is None:  # the asymptotic method: plain Wald
                hits[name] += np.abs(estimate - beta) <= q * se
                continue
            # The default: the rows' Satterthwaite df (at most the residual df)
            # and Hall's skewness-correcting transformation.
            quantile = special.stdtrit(np.minimum(delta.dof, df), 0.5 + LEVEL / 2)
            low, high = delta.bounds(quantile)
            hits[name] += (low <= beta) & (beta <= high)
    return {name: 100.0 * float(h.min()) / replications for name, h in hits.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--bootstrap-replications", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument(
        "--cells",
        default=None,
        help="only the cells whose 'factor,n,correlation,factors' label contains "
        "this text, e.g. 'lognormal,426,0.5,1' (seeds stay those of the full table)",
    )
    parser.add_argument(
        "--no-bootstrap", action="store_true", help="skip the bootstrap column"
    )
    args = parser.parse_args(argv)
    header = ["factor", "n", "correlation", "factors", "fixed ratio", "delta"]
    header += ["delta HC3", "asymptotic", "bootstrap"]
    rows = []
    start = time.perf_counter()
    cells = itertools.product(FACTOR_COUNTS, FAMILIES, SIZES, CORRELATIONS)
    for number, (k, family, n, rho) in enumerate(cells):
        if args.cells is not None and args.cells not in f"{family},{n},{rho},{k}":
            continue
        seed = args.seed + number
        result = coverage(family, n, rho, k, args.replications, seed)
        result["bootstrap"] = (
            float("nan")
            if args.no_bootstrap
            else bootstrap_coverage(
                family, n, rho, k, args.bootstrap_replications, seed + 1000
            )
        )
        rows.append([family, n, rho, k, *(f"{v:.1f}" for v in result.values())])
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)))
    print(
        f"{args.replications} replications per cell "
        f"({args.bootstrap_replications} for the bootstrap), 95 % intervals, "
        f"{time.perf_counter() - start:.0f} s",
        file=sys.stderr,
    )
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with args.output.open("w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
