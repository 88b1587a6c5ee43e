"""Statistics shared by the result classes, and the printable :class:`Summary`.

Functions of a kernel fit (R², spreads, p-values, critical values) and the
conversion of a fit of rescaled columns back into the caller's units.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.typing import FloatArray, IntArray
from ..errors import DataError
from ._inputs import _KEPT_COLUMNS
from ._kernel import LeastSquares

__all__ = ["TABLE_COLUMNS", "Summary"]

_EPS = float(np.finfo(np.float64).eps)

#: Outcome indexes of up to this many names are kept for reuse (see
#: :func:`_outcome_index`).
_KEPT_OUTCOMES = 2**17

#: Columns of every coefficient table (:meth:`OLSResult.to_frame`).
TABLE_COLUMNS = ("estimate", "std_error", "statistic", "pvalue", "ci_low", "ci_high")


def _new_parameter_index(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(names, name="parameter")


#: Parameter indexes kept for reuse (see :func:`_parameter_index`), for designs of
#: up to ``_KEPT_COLUMNS`` columns, as their names are: 256 indexes of thousands of
#: names would hold megabytes for the life of the process, to save a wide fit
#: almost nothing.
_shared_parameter_index = lru_cache(maxsize=256)(_new_parameter_index)


def _parameter_index(names: tuple[str, ...]) -> pd.Index:
    """A new index of parameter names.

    Building an Index of strings costs more than the arithmetic of a small fit, so
    one is kept per set of names (of a design of up to ``_KEPT_COLUMNS``
    columns) and each result gets a view of it: renaming the view cannot reach the
    kept one.
    """
    if len(names) <= _KEPT_COLUMNS:
        return _shared_parameter_index(names).view()
    return _new_parameter_index(names)


#: Outcome indexes of more names than this are kept two at a time (those of
#: ``ols_many`` on thousands of unnamed outcomes), smaller ones 256 at a time.
_FEW_OUTCOMES = 64


def _new_index(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(names)


#: Outcome indexes kept for reuse (see :func:`_outcome_index`): of a few
#: outcomes, of up to ``_KEPT_OUTCOMES``, and of the last larger count.
_shared_few_outcomes = lru_cache(maxsize=256)(_new_index)
_shared_many_outcomes = lru_cache(maxsize=2)(_new_index)
_last_most_outcomes = lru_cache(maxsize=1)(_new_index)


def _outcome_index(names: tuple[str, ...]) -> pd.Index:
    """A new index of outcome names, a view of a kept one (as :func:`_parameter_index`).

    An index of 10,000 names costs about 0.2 ms to build, looking it up 25 us (the
    hash of the tuple); ``ols_many`` on unnamed outcomes hands every fit the same
    tuple of names (:func:`~attraktiv.regression._inputs.generated_names`), which
    then compares equal at once. Indexes of up to ``_KEPT_OUTCOMES`` names are
    kept for two tuples, of more for the last one (a million names take 0.13 s
    to index, an eighth of their fit; hashing their tuple 10 ms).
    """
    if len(names) <= _FEW_OUTCOMES:
        return _shared_few_outcomes(names).view()
    if len(names) <= _KEPT_OUTCOMES:
        return _shared_many_outcomes(names).view()
    return _last_most_outcomes(names).view()


def _read_only(values: FloatArray) -> FloatArray:
    """``values``, no longer writeable (results are values)."""
    values.setflags(write=False)
    return values


def _exponents(scale: FloatArray | None) -> IntArray:
    """``log2`` of powers of two (exact), 0 for None."""
    if scale is None:
        return np.zeros(1, dtype=np.int64)
    return np.asarray(np.frexp(scale)[1] - 1, dtype=np.int64)


def _coefficient_factor(
    x_scale: FloatArray | None, y_scale: FloatArray | None
) -> IntArray | None:
    """Powers of two (p, k) turning coefficients of the rescaled fit into the caller's.

    The engine may fit ``X S`` and ``y C`` with powers of two ``S`` and ``C`` (to
    keep norms and sums of squares inside the double range); the coefficients of
    ``y`` on ``X`` are then ``S b / C``. Returned as exponents, applied by
    ``ldexp``, so that no intermediate product leaves the double range. None when
    nothing was rescaled.
    """
    if x_scale is None and y_scale is None:
        return None
    return _exponents(x_scale)[:, None] - _exponents(y_scale)[None, :]


def check_representable(
    params: FloatArray,
    se: FloatArray,
    factor: IntArray | None,
    param_names: Sequence[str],
    outcomes: Sequence[str],
    x: FloatArray,
    outcomes_t: FloatArray,
) -> None:
    """Refuse a fit whose coefficients leave the double range in the caller's units.

    The engine fits rescaled columns, so a coefficient of about ``1e600`` (``y``
    near ``1e300`` on a column near ``1e-300``) is finite inside the fit but would be
    handed out as ``inf``, and one of about ``1e-600`` as ``0``. Either is an error
    naming the column and the outcome, never a silent infinity or zero. A tiny
    coefficient whose term is negligible beside the outcome (an intercept that is
    zero up to rounding) is not refused: it is zero to the precision of the data.
    ``params`` and ``se`` are the rescaled fit's, shape (p, k), ``x`` its design
    and ``outcomes_t`` its outcomes, transposed (k, n), read only if a
    coefficient is that small (a fit of many outcomes keeps no residuals to
    rebuild them from); ``factor`` holds the powers of two of
    :func:`_coefficient_factor`, None when nothing was rescaled (then nothing can
    leave the range).
    """
    if factor is None:
        return
    exponents = np.frexp(params)[1] + factor
    nonzero = np.isfinite(params) & (params != 0)
    # Below 2**-1040 a (subnormal) double keeps fewer than 10 digits; refuse that
    # only for a term that matters beside the outcome.
    below = nonzero & (exponents < -1040)
    if below.any():
        with np.errstate(over="ignore", invalid="ignore"):
            outcome = np.abs(outcomes_t).max(axis=1)
            term = np.abs(params) * np.abs(x).max(axis=0)[:, None]
        below &= term > 2.0**-45 * outcome[None, :]
    _refuse(below, params, exponents, param_names, outcomes, small=True)
    for values in (params, se):
        exponents = np.frexp(values)[1] + factor
        beyond = np.isfinite(values) & (values != 0) & (exponents > 1024)
        _refuse(beyond, values, exponents, param_names, outcomes, small=False)


def _refuse(
    bad: npt.NDArray[np.bool_],
    values: FloatArray,
    exponents: IntArray,
    param_names: Sequence[str],
    outcomes: Sequence[str],
    *,
    small: bool,
) -> None:
    if not bad.any():
        return
    row, col = (int(i) for i in np.argwhere(bad)[0])
    decimal = math.log10(abs(float(np.frexp(values[row, col])[0])))
    decimal += float(exponents[row, col]) * math.log10(2.0)
    where = f"column {param_names[row]!r} for outcome {outcomes[col]!r}"
    if small:
        raise DataError(
            f"the coefficient of {where} is about 1e{math.floor(decimal)}, too small "
            "for a floating-point number to keep its digits (below about 1e-313); "
            f"rescale column {param_names[row]!r} or the outcome (for example "
            "multiply the outcome by 1e300) so that coefficients stay above 1e-300"
        )
    raise DataError(
        f"the coefficient of {where} (or its standard error) is about "
        f"1e{math.floor(decimal)}, beyond the largest floating-point number (about "
        f"1.8e308); rescale column {param_names[row]!r} or the outcome (for "
        "example divide the outcome by 1e300) so that coefficients stay below 1e308"
    )


def _in_units(values: FloatArray, exponents: IntArray | None) -> FloatArray:
    """``values * 2**exponents`` (read-only), or ``values`` when nothing was scaled."""
    if exponents is None:
        return values
    with np.errstate(over="ignore", under="ignore"):
        return _read_only(np.asarray(np.ldexp(values, exponents), dtype=np.float64))


def _per_outcome(
    values: FloatArray, y_scale: FloatArray | None, power: int
) -> FloatArray:
    """Outcome statistics of the rescaled fit in the caller's units (``/ C**power``)."""
    if y_scale is None:
        return values
    exponents = -power * _exponents(y_scale)
    if values.ndim == 2:
        exponents = exponents[None, :]
    return _in_units(values, exponents)


def _condition_number(fit: LeastSquares, x_scale: FloatArray | None) -> float:
    """Largest over smallest singular value of the caller's (weighted) design.

    The fit's design may be rescaled by powers of two (``x_scale``): its column
    norms are brought back to the caller's units first. Beyond about 1 / eps the
    smallest singular value may come out as 0, and the condition number as
    infinite (columns of scales 2**200 apart, say), without a warning.
    """
    from scipy.linalg import svdvals

    norms = fit.scale if x_scale is None else fit.scale / x_scale
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        singular = svdvals(fit.r * norms[fit.pivot], check_finite=False)
        return float(np.float64(singular[0]) / np.float64(singular[-1]))


def _two_sided_pvalue(tvalues: FloatArray, df: int) -> FloatArray:
    """``2 * P(T > |t|)`` for Student's t with ``df`` degrees of freedom."""
    from scipy.special import stdtr

    with np.errstate(invalid="ignore"):
        return np.asarray(2.0 * stdtr(df, -np.abs(tvalues)), dtype=np.float64)


def _critical_value(level: float, df: int) -> float:
    """Upper ``(1 - level) / 2`` quantile of Student's t."""
    from scipy.special import stdtrit

    return float(stdtrit(df, 0.5 + level / 2.0))


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(numerator / denominator, dtype=np.float64)


def _column_spread(x: FloatArray, weights: FloatArray | None) -> FloatArray:
    """(Weighted) standard deviation of each design column, ddof 0."""
    if weights is None:
        return np.asarray(x.std(axis=0), dtype=np.float64)
    w = weights / weights.sum()
    return np.asarray(np.sqrt(w @ (x - w @ x) ** 2), dtype=np.float64)


def _rsquared(
    fit: LeastSquares, centred: bool, weights: FloatArray | None
) -> FloatArray:
    """R² of each outcome; NaN for an outcome that does not vary.

    Centred, "does not vary" is a spread at the level of rounding noise (see
    :func:`_outcome_spread`): the centred sum of squares of a constant column is
    noise, not zero, and R² would be a ratio of noises.
    """
    if centred:
        total = fit.centred_ss
        flat = _outcome_spread(fit, weights) == 0
    else:
        total = fit.raw_ss
        flat = total == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = 1.0 - fit.ssr / total
    return np.asarray(np.where(flat, np.nan, r2), dtype=np.float64)


def _outcome_spread(fit: LeastSquares, weights: FloatArray | None) -> FloatArray:
    """(Weighted) standard deviation of each outcome, ddof 0; exactly 0 if constant.

    The centred sum of squares of a constant column is rounding noise, not zero; a
    spread below that noise level is reported as 0 so that standardizing refuses it.
    """
    n = fit.q.shape[0]  # not fit.resid, which may be recomputed on demand
    total_weight = float(n if weights is None else weights.sum())
    variance = fit.centred_ss / total_weight
    noise = (n * _EPS * fit.means) ** 2
    return np.asarray(
        np.where(variance <= noise, 0.0, np.sqrt(variance)), dtype=np.float64
    )


@dataclass(frozen=True)
class Summary:
    """Printable summary of a fit: text with ``str``, a table in notebooks.

    Attributes
    ----------
    title : str
    info : tuple of (str, str)
        Label and value of each fit statistic.
    table : pandas.DataFrame
        The coefficient table (:meth:`OLSResult.to_frame`).
    """

    title: str
    info: tuple[tuple[str, str], ...]
    table: pd.DataFrame

    def __str__(self) -> str:
        width = max(len(label) for label, _ in self.info)
        lines = [self.title, "=" * len(self.title)]
        lines += [f"{label:<{width}}  {value}" for label, value in self.info]
        lines.append("")
        lines.append(self.table.to_string(float_format=lambda v: f"{v: .6g}"))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
            for label, value in self.info
        )
        return (
            f"<h4>{html.escape(self.title)}</h4><table>{rows}</table>"
            + self.table.to_html(float_format=lambda v: f"{v:.6g}")
        )
