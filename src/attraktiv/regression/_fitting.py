"""Checked input to a fitted result: the kernel's findings as the library's errors.

Between the validated input (:mod:`attraktiv.regression._inputs`) and the public
API (:mod:`attraktiv.regression.model`): :func:`estimate_prepared` runs the kernel
and turns what it finds (collinearity, overflow, full leverage) into errors;
:func:`fit_prepared` and :func:`fit_prepared_one` wrap the fit in a result. The
in-memory API and the Dask path (:mod:`attraktiv.regression._lazy`) both fit
through here, so neither imports the other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..core.typing import CovType, FloatArray
from ..errors import ModelError, RankDeficientError
from ._inputs import Prepared, check_outcomes, describe_rows, outcome_scale
from ._kernel import Collinearity, LeastSquares, estimate
from .formula import FormulaSpec
from .results import OLSManyResult, OLSResult

__all__ = ["estimate_prepared", "fit_prepared", "fit_prepared_one"]

#: Sums of squared residuals outside [2**-400, 2**400] may have under- or
#: overflowed on the way; the outcomes' magnitudes are then checked and, when far
#: from 1, the fit is repeated on outcomes rescaled by powers of two (exactly).
_SMALLEST_SS = 2.0**-400
_LARGEST_SS = 2.0**400


def _rank_error(problem: Collinearity, names: Sequence[str]) -> RankDeficientError:
    parts = []
    culprits: list[str] = []
    for dependent, involved in zip(problem.dependent, problem.involved, strict=True):
        culprits += [names[i] for i in involved]
        if len(involved) > 1:
            columns = ", ".join(repr(names[i]) for i in involved)
            parts.append(f"columns {columns} are linearly dependent")
        else:
            parts.append(f"column {names[dependent]!r} is numerically zero")
    return RankDeficientError(
        f"the design is rank deficient (rank {problem.rank} < {len(names)} columns): "
        + "; ".join(parts)
        + ". Drop or combine the collinear columns",
        columns=[name for name in names if name in set(culprits)],
        rank=problem.rank,
    )


#: Leverage this close to 1 means one row alone determines a coefficient.
_FULL_LEVERAGE = 1e-8


def _check_leverage(leverage: FloatArray, labels: pd.Index, cov_type: CovType) -> None:
    """Refuse robust covariances when a row's residual is zero by construction.

    A row with leverage 1 (a column that is non-zero for it alone) fits exactly, so
    it contributes nothing to a sandwich estimator: its coefficient's robust standard
    error is then meaningless (HC0, HC1) or a ratio of rounding errors (HC2, HC3).
    """
    full = (1.0 - leverage) <= _FULL_LEVERAGE
    if full.any():
        raise ModelError(
            f"{describe_rows(labels, full)} has leverage 1: a column singles it out, "
            f"so its residual is zero by construction and {cov_type} standard errors "
            "are undefined. Use cov_type='nonrobust', or drop the column that is "
            "non-zero for that row alone"
        )


def estimate_prepared(
    prepared: Prepared,
    cov_type: CovType,
    *,
    single: bool = False,
    refine: bool | None = None,
) -> tuple[LeastSquares, FloatArray | None]:
    """Run the kernel on checked input and turn its findings into errors.

    ``single``: the fit of one outcome, named ``y`` in messages. ``refine``: as
    the kernel's (None: decided by size). Returns the fit and the powers of two
    the outcomes were multiplied by (None: not rescaled).
    """
    x, y, w = prepared.x, prepared.y, prepared.weights
    fit = estimate(x, y, w, centre=prepared.has_constant, refine=refine)
    if isinstance(fit, Collinearity):
        raise _rank_error(fit, prepared.param_names)
    ssr = fit.ssr
    if ssr.shape[0] == 1:  # in a Python float: NumPy reductions cost more
        low = high = float(ssr[0])
        finite = math.isfinite(low)
    else:
        low, high = float(ssr.min()), float(ssr.max())
        finite = bool(np.isfinite(ssr).all())
    if not finite:
        # y was not checked up front: one pass fewer over thousands of outcomes.
        check_outcomes(y, ("y",) if single else prepared.outcomes, prepared.row_labels)
    y_scale = None
    if (
        not (low >= _SMALLEST_SS and high <= _LARGEST_SS)
        and (y_scale := outcome_scale(y)) is not None
    ):
        scaled = estimate(
            x, y * y_scale, w, centre=prepared.has_constant, refine=refine
        )
        if isinstance(scaled, Collinearity):  # pragma: no cover - same design
            raise _rank_error(scaled, prepared.param_names)
        fit = scaled
    if cov_type != "nonrobust":
        _check_leverage(fit.leverage, prepared.row_labels, cov_type)
    return fit, y_scale


def _result_fields(
    prepared: Prepared,
    fit: LeastSquares,
    y_scale: FloatArray | None,
    cov_type: CovType,
    formula_spec: FormulaSpec | None,
) -> dict[str, Any]:
    """The fields :class:`OLSResult` and :class:`OLSManyResult` share."""
    x = prepared.x
    return {
        "param_names": prepared.param_names,
        "nobs": x.shape[0],
        "df_resid": fit.df_resid,
        "rank": x.shape[1],
        "cov_type": cov_type,
        "has_constant": prepared.has_constant,
        "weighted": prepared.weights is not None,
        "row_labels": prepared.row_labels,
        "_fit": fit,
        "_x": x,
        "_weights": prepared.weights,
        "formula_spec": formula_spec,
        "_x_scale": prepared.x_scale,
        "_y_scale": y_scale,
    }


def fit_prepared(
    prepared: Prepared,
    cov_type: CovType,
    formula_spec: FormulaSpec | None = None,
    *,
    refine: bool | None = None,
) -> OLSManyResult:
    """Fit every outcome of checked input."""
    fit, y_scale = estimate_prepared(prepared, cov_type, refine=refine)
    fields = _result_fields(prepared, fit, y_scale, cov_type, formula_spec)
    result = OLSManyResult(outcomes=prepared.outcomes, **fields)
    if cov_type != "nonrobust":
        # Robust standard errors need the residuals, which a fit of many outcomes
        # recomputes from the caller's outcomes: take them while those are as given.
        result._se_fitted  # noqa: B018 - computed and cached now
    return result


def fit_prepared_one(
    prepared: Prepared, cov_type: CovType, formula_spec: FormulaSpec | None = None
) -> OLSResult:
    """Fit the single outcome of checked input (as ``fit_prepared(...).column(0)``)."""
    fit, y_scale = estimate_prepared(prepared, cov_type, single=True)
    fields = _result_fields(prepared, fit, y_scale, cov_type, formula_spec)
    fields["outcome"] = prepared.outcomes[0]
    return OLSResult._from_fields(fields)
