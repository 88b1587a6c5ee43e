"""Input checks shared by the uncertainty functions."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.typing import FloatArray
from ..errors import DataError


def _labels(index: pd.Index, positions: npt.NDArray[np.intp], limit: int = 3) -> str:
    shown = ", ".join(repr(index[int(p)]) for p in positions[:limit])
    more = len(positions) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def _require_numbers(name: str, values: object) -> None:
    """Refuse text (which NumPy would read as numbers) and booleans, by dtype."""
    array = np.asarray(values)
    if array.dtype.kind == "O" and all(
        isinstance(v, int | float | np.integer | np.floating)
        and not isinstance(v, bool | np.bool_)
        for v in array.ravel()
    ):
        return  # numbers held as Python objects
    if array.dtype.kind not in "iuf":
        dtype = getattr(values, "dtype", array.dtype)
        raise DataError(
            f"{name} must be numbers (integers or floats), got dtype {dtype}; "
            "convert them first, for example with pandas.to_numeric"
        )


def estimates_and_errors(
    estimates: pd.Series | npt.ArrayLike,
    std_errors: pd.Series | npt.ArrayLike,
) -> tuple[FloatArray, FloatArray, pd.Index]:
    """Validated float arrays of estimates and standard errors, and the unit labels.

    A Series of standard errors is aligned to the estimates' labels (it must hold
    exactly the same units); arrays must have the same length.
    """
    if isinstance(estimates, pd.Series):
        labels = estimates.index
        values = estimates.to_numpy()
    else:
        values = np.asarray(estimates)
        labels = pd.RangeIndex(values.shape[0] if values.ndim else 0, name="code")
    _require_numbers("estimates", estimates)
    try:
        est = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise DataError(f"estimates must be numbers: {err}") from None
    if est.ndim != 1 or est.size < 2:
        raise DataError(
            f"estimates must be one value per unit for at least 2 units, got shape "
            f"{est.shape}"
        )
    if labels.has_duplicates:
        # A repeated unit would be ranked against itself and counted twice.
        repeated = labels[labels.duplicated()].unique()
        raise DataError(
            f"estimates must hold one value per unit; unit "
            f"{_labels(repeated, np.arange(len(repeated)))} is given more than once"
        )
    if isinstance(std_errors, pd.Series):
        if not std_errors.index.equals(labels):
            missing = labels.difference(std_errors.index)
            extra = std_errors.index.difference(labels)
            if len(missing) or len(extra) or std_errors.index.has_duplicates:
                parts = []
                if len(missing):
                    parts.append(
                        f"missing for {_labels(missing, np.arange(len(missing)))}"
                    )
                if len(extra):
                    parts.append(
                        f"given for units without an estimate: "
                        f"{_labels(extra, np.arange(len(extra)))}"
                    )
                if std_errors.index.has_duplicates:
                    parts.append("some units are repeated")
                raise DataError(
                    "std_errors do not match the units of estimates: "
                    + "; ".join(parts)
                )
            std_errors = std_errors.reindex(labels)
        raw = std_errors.to_numpy()
    else:
        raw = np.asarray(std_errors)
    _require_numbers("std_errors", std_errors)
    try:
        se = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise DataError(f"std_errors must be numbers: {err}") from None
    if se.shape != est.shape:
        given = se.shape[0] if se.ndim else 0
        raise DataError(
            f"std_errors must have one value per unit: got {given} for {est.size} "
            "estimates"
        )
    bad = np.flatnonzero(~np.isfinite(est))
    if bad.size:
        raise DataError(
            f"estimates must be finite; not for unit {_labels(labels, bad)} "
            f"(value {float(est[bad[0]])!r})"
        )
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(~(np.isfinite(se) & (se > 0)))
    if bad.size:
        raise DataError(
            f"std_errors must be positive and finite; unit {_labels(labels, bad)} "
            f"has {float(se[bad[0]])!r}"
        )
    return est, se, labels


#: After rescaling, standard errors below 2**-500 (about 3e-151 of the largest) or
#: estimates beyond 2**500 standard errors would square outside the range where
#: doubles keep their digits.
_SPAN_EXPONENT = 500


def rescaled(
    est: FloatArray, se: FloatArray, labels: pd.Index
) -> tuple[FloatArray, FloatArray, int]:
    """Estimates and standard errors divided by a power of two near the largest error.

    Every uncertainty method is equivariant under a common change of units, and
    squares of values near 1e160 overflow while those near 1e-160 lose their
    digits. Dividing by ``2**exponent`` (exact) puts the largest standard error in
    [0.5, 1); results in the caller's units are ``ldexp(value, exponent)``.
    Returns the rescaled arrays and ``exponent``.

    Raises
    ------
    DataError
        When the standard errors span more than about 150 orders of magnitude, or
        an estimate is more than about 1e150 standard errors from zero, naming
        the unit.
    """
    exponent = int(np.frexp(se.max())[1])
    scaled_se = np.ldexp(se, -exponent)
    scaled_est = np.ldexp(est, -exponent)
    tiny = np.flatnonzero(scaled_se < 2.0**-_SPAN_EXPONENT)
    if tiny.size:
        raise DataError(
            f"std_errors span more than 150 orders of magnitude (unit "
            f"{_labels(labels, tiny)} has {float(se[tiny[0]])!r}, the largest is "
            f"{float(se.max())!r}); their squares cannot be compared in floating "
            "point. Leave out the units with tiny standard errors"
        )
    huge = np.flatnonzero(np.abs(scaled_est) > 2.0**_SPAN_EXPONENT)
    if huge.size:
        raise DataError(
            f"estimates are more than 1e150 standard errors from zero for unit "
            f"{_labels(labels, huge)} (value {float(est[huge[0]])!r}, largest "
            f"standard error {float(se.max())!r}); their squares overflow. Subtract "
            "a common centre from the estimates first"
        )
    return (
        np.asarray(scaled_est, dtype=np.float64),
        np.asarray(scaled_se, dtype=np.float64),
        exponent,
    )


def variance_in_units(tau2: float, exponent: int) -> float:
    """``tau2`` of the rescaled estimates in squared caller units, or an error.

    Its square root has the units of the estimates, so it is representable
    whenever they are; tau² itself may not be (values near 1e±160).
    """
    with np.errstate(over="ignore", under="ignore"):
        value = float(np.ldexp(tau2, 2 * exponent))
    if tau2 > 0 and not 2.0**-1000 < value < np.inf:
        decimal = np.log10(tau2) + 2 * exponent * np.log10(2.0)
        raise DataError(
            f"the between-unit variance tau2 of these estimates is about "
            f"1e{int(np.floor(decimal))}, outside the range of floating-point "
            "numbers; express the estimates and std_errors in other units (for "
            "example divide both by the largest standard error)"
        )
    return value
