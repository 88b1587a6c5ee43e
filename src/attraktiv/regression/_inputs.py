"""Validation of the engine's input: one checker per kind of input.

Outcomes, regressors, weights, flags and labels each have one function here, used by
every entry point (:func:`~attraktiv.ols`, :func:`~attraktiv.ols_many`,
:func:`~attraktiv.ols_formula`, :func:`~attraktiv.regression.fit_arrays`), so the
same bad input gets the same error wherever it is given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..core.typing import BoolArray, FloatArray
from ..core.validation import check_flag, shown
from ..errors import DataError, ModelError, RankDeficientError

INTERCEPT = "Intercept"

#: Columns whose largest magnitude lies outside [2**-_SAFE_EXPONENT,
#: 2**_SAFE_EXPONENT] are rescaled by a power of two (exactly) before the fit, so
#: that no norm or sum of squares overflows or underflows: least squares is
#: invariant to the scale of each column.
_SAFE_EXPONENT = 200
#: The magnitudes whose exponent lies inside that range: [2**-201, 2**200).
_SAFE_LOW = 2.0 ** -(_SAFE_EXPONENT + 1)
_SAFE_HIGH = 2.0**_SAFE_EXPONENT


class Prepared(NamedTuple):
    """Validated arrays with their labels, ready for the kernel.

    ``x`` may hold the design's columns multiplied by the powers of two in
    ``x_scale`` (None: not rescaled); see :data:`_SAFE_EXPONENT`.
    """

    x: FloatArray
    y: FloatArray
    weights: FloatArray | None
    param_names: tuple[str, ...]
    outcomes: tuple[str, ...]
    row_labels: pd.Index
    has_constant: bool
    x_scale: FloatArray | None


def describe_rows(labels: pd.Index, bad: BoolArray) -> str:
    """``row 'u3'``, or ``row 'u3' (and 2 other rows)`` when several are bad."""
    positions = np.flatnonzero(bad)
    first = labels[positions[0]]
    more = len(positions) - 1
    if more:
        return f"row {first!r} (and {more} other row{'s' if more > 1 else ''})"
    return f"row {first!r}"


def _is_number_dtype(dtype: Any) -> bool:
    """Real numbers or booleans (read as 0/1); not complex, text or categories."""
    if pd.api.types.is_bool_dtype(dtype):
        return True
    if not pd.api.types.is_numeric_dtype(dtype):
        return False
    return not pd.api.types.is_complex_dtype(dtype)


def _not_numeric(what: str, dtype: Any) -> DataError:
    hint = (
        "complex numbers cannot be fitted; give their real part explicitly"
        if pd.api.types.is_complex_dtype(dtype)
        else "give real numbers (booleans are read as 0/1), or use ols_formula "
        "for categorical columns"
    )
    return DataError(f"{what} is not numeric (dtype {dtype}); {hint}")


def as_array(data: Any, what: str) -> np.ndarray[Any, Any]:
    """``np.asarray(data)``, with ragged or unconvertible input as a DataError."""
    if isinstance(data, dict | set | str | bytes):
        raise DataError(
            f"{what} must be an array, a pandas Series or DataFrame, or a list of "
            f"numbers, not a {type(data).__name__}"
        )
    try:
        return np.asarray(data)
    except (TypeError, ValueError):
        raise DataError(
            f"{what} cannot be read as a rectangular array of numbers; give rows "
            "of equal length"
        ) from None


#: Generated names of up to this many columns are kept for reuse, for eight
#: counts (a tuple of 131,072 short strings is about 8 MiB); of more columns,
#: only the last count's (a million names are about 65 MiB).
_KEPT_NAMES = 2**17


def _names(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{j}" for j in range(count))


_kept_names = lru_cache(maxsize=8)(_names)
_last_many_names = lru_cache(maxsize=1)(_names)


def generated_names(prefix: str, count: int) -> tuple[str, ...]:
    """``prefix0, prefix1, ...``: the names of unnamed columns, unique by construction.

    Building 10,000 names costs about 1 ms, the cost of some 700 outcomes' fits in
    :func:`~attraktiv.ols_many`, and a million about 0.12 s, an eighth of their
    fit, so names are built once per count and the same tuple is handed to every
    fit: for eight counts up to ``_KEPT_NAMES``, and the last larger one.
    """
    if count <= _KEPT_NAMES:
        return _kept_names(prefix, count)
    return _last_many_names(prefix, count)


_FLOAT64 = np.dtype(np.float64)


def numeric_matrix(
    data: Any, what: str, prefix: str
) -> tuple[FloatArray, Sequence[str]]:
    """A 2-D float array and column names from a DataFrame, Series or array.

    Booleans are read as 0/1; text, categories, objects and complex numbers are
    refused, naming the column. Names of an array's columns are
    :func:`generated_names`.
    """
    if type(data) is np.ndarray:
        array = data  # no conversion, nor as_array's checks of other types
    elif isinstance(data, pd.DataFrame):
        names = [str(c) for c in data.columns]
        for name, dtype in zip(names, data.dtypes, strict=True):
            if not _is_number_dtype(dtype):
                raise _not_numeric(f"column {name!r} of {what}", dtype)
        try:
            values = data.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError) as err:
            raise DataError(f"{what} cannot be converted to numbers: {err}") from None
        return values, names
    elif isinstance(data, pd.Series):
        if not _is_number_dtype(data.dtype):
            raise _not_numeric(what, data.dtype)
        name = prefix if data.name is None else str(data.name)
        return data.to_numpy(dtype=np.float64, na_value=np.nan)[:, None], [name]
    else:
        array = as_array(data, what)
    if array.dtype.kind not in "biuf":
        raise _not_numeric(what, array.dtype)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise DataError(f"{what} must be one- or two-dimensional, not {array.ndim}-D")
    if array.dtype is not _FLOAT64:  # a float64 array is used as it is
        array = np.asarray(array, dtype=np.float64)
    return array, generated_names(prefix, array.shape[1])


def outcome_values(column: pd.Series, name: str, formula: str) -> FloatArray:
    """The values of an outcome column of a formula: numbers, or booleans as 0/1."""
    if not _is_number_dtype(column.dtype):
        raise DataError(
            f"formula {formula!r}: outcome {name!r} is not numeric (dtype "
            f"{column.dtype}); an outcome must be numbers (booleans are read as 0/1)"
        )
    return np.asarray(
        column.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64
    )


def check_outcomes(y: FloatArray, names: Sequence[str], labels: pd.Index) -> None:
    """Raise naming the first outcome and row with a missing or infinite value."""
    bad = ~np.isfinite(y)
    if bad.any():
        j = int(np.flatnonzero(bad.any(axis=0))[0])
        what = "y" if len(names) == 1 and names[0] == "y" else f"outcome {names[j]!r}"
        where = describe_rows(labels, bad[:, j])
        raise DataError(f"{what} has a missing or infinite value at {where}")


def check_unique(names: Sequence[str], what: str) -> None:
    """Refuse a name that appears twice, naming it."""
    if len(set(names)) == len(names):
        return
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DataError(f"{what} names must be unique; {name!r} appears twice")
        seen.add(name)


#: The pandas input that carries row labels (a tuple: ``Series | DataFrame`` would
#: build a union on every check).
_PANDAS = (pd.Series, pd.DataFrame)


def row_labels(*objects: Any) -> pd.Index | None:
    """The row labels of pandas input, as an index of the result's own (a view).

    A view, so that renaming the caller's index later does not rename the result's.
    """
    labels: pd.Index | None = None
    for obj in objects:
        if isinstance(obj, _PANDAS):
            if labels is None:
                labels = obj.index
            elif not labels.equals(obj.index):
                raise DataError(
                    "y and X have different row labels; align them (for example "
                    "with X.loc[y.index]) before fitting"
                )
    return None if labels is None else labels.view()


@lru_cache(maxsize=64)
def _shared_positions(n: int) -> pd.RangeIndex:
    return pd.RangeIndex(n)


def is_positions(labels: pd.Index, n: int) -> bool:
    """Whether ``labels`` is the kept index of positions ``0, ..., n - 1`` itself.

    As :func:`prepare` gives unlabelled rows; results then let pandas make its
    default index, which is equal and cheaper than a view of the kept one.
    """
    return labels is _shared_positions(n)


def positions(n: int) -> pd.Index:
    """Row labels ``0, ..., n - 1`` for unlabelled input: a view of a kept index.

    A view, so that renaming what a result hands out cannot reach the kept one.
    """
    return _shared_positions(n).view()


def weights_array(weights: Any, labels: pd.Index, n: int) -> FloatArray:
    """Positive, finite analytic weights as a new 1-D float array.

    A Series must carry the rows' labels; a DataFrame, a 2-D array, text,
    booleans or complex numbers are refused.
    """
    if isinstance(weights, pd.DataFrame):
        raise DataError(
            "weights must be one value per row (a Series or a 1-D array), not a "
            f"DataFrame with columns {', '.join(map(str, weights.columns))}"
        )
    if isinstance(weights, pd.Series):
        if not weights.index.equals(labels):
            raise DataError("weights have different row labels from y and X")
        dtype = weights.dtype
        if not _is_number_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            raise DataError(f"weights are not numbers (dtype {dtype})")
        values: Any = weights.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        array = as_array(weights, "weights")
        if array.dtype.kind not in "iuf":
            raise DataError(f"weights are not numbers (dtype {array.dtype})")
        if array.ndim != 1:
            raise DataError(
                f"weights must be one-dimensional (one value per row), not of shape "
                f"{array.shape}"
            )
        values = array
    # A copy: the result keeps the weights, so they must not be the caller's.
    wa = np.array(values, dtype=np.float64)
    if wa.shape[0] != n:
        raise DataError(f"weights has {wa.shape[0]} values but y has {n} rows")
    bad_w = ~(np.isfinite(wa) & (wa > 0))
    if bad_w.any():
        value = float(wa[np.flatnonzero(bad_w)[0]])
        where = describe_rows(labels, bad_w)
        raise DataError(
            f"weights must be positive and finite, but weight is {value!r} at {where}"
        )
    return wa


def prepare(
    y: Any,
    x: Any,
    *,
    weights: Any,
    add_intercept: Any,
    names: Sequence[str] | None,
    many: bool,
) -> Prepared:
    """Check and label the input of :func:`ols` (``many=False``) or ``ols_many``."""
    add_intercept = check_flag("add_intercept", add_intercept)
    xa, xnames = numeric_matrix(x, "X", "x")
    if many:
        ya, ynames = numeric_matrix(y, "Y", "y")
        if isinstance(y, pd.DataFrame):  # other names are generated, unique
            check_unique(ynames, "outcome")
    else:
        if isinstance(y, pd.DataFrame) and y.shape[1] == 1:
            y = y.iloc[:, 0]
        ya, ynames = numeric_matrix(y, "y", "y")
        if ya.shape[1] != 1:
            raise DataError(
                f"y must be one outcome, but it has {ya.shape[1]} columns; use "
                "ols_many for several outcomes"
            )
        if not isinstance(y, pd.Series) or y.name is None:
            ynames = ["y"]
    if names is not None:
        if isinstance(names, str):
            raise DataError(
                f"names={names!r} must be a sequence of column names, not a string"
            )
        if not isinstance(names, Sequence | pd.Index | np.ndarray) or isinstance(
            names, bytes
        ):
            raise DataError(f"names={shown(names)} must be a sequence of column names")
        names = [str(n) for n in names]
        if len(names) != xa.shape[1]:
            raise DataError(
                f"names has {len(names)} entries but X has {xa.shape[1]} columns"
            )
        xnames = names
    n = ya.shape[0]
    if n == 0 or ya.shape[1] == 0:
        raise DataError("empty input: y has no observations")
    if xa.shape[0] != n:
        raise DataError(f"y has {n} rows but X has {xa.shape[0]} rows")
    labels = row_labels(y, x)
    if labels is None:
        # The kept index itself: the results made from this input hand out views
        # of their labels (hand_out_copies), never the index they keep.
        labels = _shared_positions(n)
    # y is checked after the fit, from its sum of squared residuals: one pass fewer.
    return validated(
        ya,
        xa,
        outcomes=ynames,
        names=xnames,
        labels=labels,
        weights=weights,
        add_intercept=add_intercept,
    )


def _too_few(n: int, names: Sequence[str]) -> ModelError:
    p = len(names)
    observations = "1 observation is" if n == 1 else f"{n} observations are"
    return ModelError(
        f"{observations} too few for {p} parameter{'s' if p != 1 else ''} "
        f"({', '.join(names)}); at least {p + 1} are needed"
    )


def _power_of_two_scale(magnitudes: list[float]) -> FloatArray | None:
    """Exact column scales bringing each magnitude near 1, or None if all are safe."""
    exponents = [math.frexp(m)[1] if m > 0 else 0 for m in magnitudes]
    if all(abs(e) <= _SAFE_EXPONENT for e in exponents):
        return None
    # Columns inside the safe range keep their values. A subnormal column's scale is
    # capped at 2**1023 (the largest power of two): still exact, and enough to bring
    # it inside the safe range.
    return np.asarray(
        [
            math.ldexp(1.0, min(-e, 1023)) if abs(e) > _SAFE_EXPONENT else 1.0
            for e in exponents
        ],
        dtype=np.float64,
    )


def _checked_column_names(
    names: tuple[str, ...], add_intercept: bool
) -> tuple[str, ...]:
    """The design's column names, the intercept's first, as exact ``str``; checked.

    Exact ``str``, because :func:`_column_names` keeps the answer for every
    equal set of names: NumPy's ``np.str_`` names (which
    :func:`~attraktiv.regression.fit_arrays` takes) are equal to ``str`` ones,
    and a kept answer must not carry the type of whichever names came first
    into another fit's ``param_names`` or messages.
    """
    all_names = tuple(
        str.__str__(name) for name in ((INTERCEPT, *names) if add_intercept else names)
    )
    if add_intercept and INTERCEPT in all_names[1:]:
        raise DataError(
            f"X has a column named {INTERCEPT!r} and add_intercept=True; rename "
            "it or pass add_intercept=False"
        )
    if not all_names:
        raise DataError("X has no columns and add_intercept=False: nothing to fit")
    check_unique(all_names, "column")
    return all_names


#: :func:`_checked_column_names`, kept per set of names: the same names come back
#: fit after fit (``x0``, ``x1``, ... of every array), and building and checking
#: them cost a microsecond of a small fit. Bad names raise every time (an
#: exception is not kept). Only designs of up to ``_KEPT_COLUMNS`` columns: the
#: microsecond is nothing beside a wider design's fit, and 256 sets of thousands
#: of names (kept even when the fit is refused for too few rows) would hold
#: megabytes for the life of the process.
_column_names = lru_cache(maxsize=256)(_checked_column_names)
_KEPT_COLUMNS = 64


def validated(
    ya: FloatArray,
    xa: FloatArray,
    *,
    outcomes: Sequence[str],
    names: Sequence[str],
    labels: pd.Index,
    weights: Any,
    add_intercept: bool,
    has_constant: bool | None = None,
) -> Prepared:
    """Check float arrays with their labels (outcomes are checked after the fit).

    The design returned is a new array in Fortran order (the kernel works on its
    columns; the result keeps it, so it must not be the caller's), with the
    intercept in front when asked for. ``has_constant`` None: the design has a
    constant column if one is added or found (R² is then centred).
    """
    n = ya.shape[0]
    given_names = names if type(names) is tuple else tuple(names)
    all_names = (
        _column_names(given_names, add_intercept)
        if len(given_names) <= _KEPT_COLUMNS
        else _checked_column_names(given_names, add_intercept)
    )
    xnames = all_names[1:] if add_intercept else all_names
    if n <= len(all_names):
        # Before the column checks: with one row every column looks constant.
        raise _too_few(n, all_names)
    if add_intercept:
        design = np.empty((n, xa.shape[1] + 1), order="F")
        design[:, 0] = 1.0
        design[:, 1:] = xa
        given = design[:, 1:]
    else:
        design = given = np.array(xa, order="F")  # a copy, as the result keeps it
    # The spread of each column finds non-finite values (NaN and infinities make
    # it non-finite) and constant columns in one pass over contiguous columns. In
    # Python floats: inf - inf is NaN there, without a floating-point warning.
    highs = np.maximum.reduce(given, axis=0).tolist()  # given.max(axis=0), less
    lows = np.minimum.reduce(given, axis=0).tolist()  # a Python call
    # One loop over the columns gathers what the checks below need; with a few
    # columns, a comprehension per quantity cost more than the two reductions.
    spread: list[float] = []
    magnitudes: list[float] = []
    constant: list[int] = []
    near_constant = False
    safe = True  # every magnitude in the range _power_of_two_scale leaves alone
    for col, (high, low) in enumerate(zip(highs, lows, strict=True)):
        value = high - low
        magnitude = max(abs(high), abs(low))
        spread.append(value)
        magnitudes.append(magnitude)
        if value == 0:
            constant.append(col)
        elif 0 < value <= _ROUNDING_SPREAD * magnitude:
            near_constant = True
        if not (magnitude == 0 or _SAFE_LOW <= magnitude < _SAFE_HIGH):
            safe = False
    # A NaN or infinite spread makes the sum so (a sum that merely overflows is
    # cleared by the search for the value at fault).
    if not math.isfinite(sum(spread)):
        bad_x = ~np.isfinite(given)
        if bad_x.any():
            j = int(np.flatnonzero(bad_x.any(axis=0))[0])
            where = describe_rows(labels, bad_x[:, j])
            raise DataError(
                f"column {xnames[j]!r} has a missing or infinite value at {where}"
            )

    wa = None if weights is None else weights_array(weights, labels, n)

    # A constant column's maximum is its value (every value is the same).
    if near_constant and (add_intercept or any(highs[col] != 0 for col in constant)):
        # beside an intercept (added, or a constant column such as a formula's)
        _refuse_constant_up_to_rounding(given, xnames, spread, highs, lows)
    for col in constant:
        if highs[col] == 0:
            raise DataError(f"column {xnames[col]!r} is all zeros")
        if add_intercept:
            raise RankDeficientError(
                f"column {xnames[col]!r} is constant (every value is "
                f"{highs[col]:g}); beside the intercept it is collinear with it. "
                "Drop it, or pass add_intercept=False",
                columns=(xnames[col],),
            )
    x_scale = (
        None
        if safe
        else _power_of_two_scale(([1.0] if add_intercept else []) + magnitudes)
    )
    if x_scale is not None:
        design *= x_scale  # powers of two: exact, and the fit is unchanged
    return Prepared(
        x=design,
        y=ya,
        weights=wa,
        param_names=all_names,
        outcomes=tuple(outcomes),
        row_labels=labels,
        has_constant=(
            bool(add_intercept or constant) if has_constant is None else has_constant
        ),
        x_scale=x_scale,
    )


#: A column whose values differ by less than this fraction of their magnitude is
#: constant up to rounding (a rate computed from counts that all grew alike): beside
#: an intercept its coefficient would be a ratio of rounding errors, around 1e14.
_ROUNDING_SPREAD = 1e-12


def _refuse_constant_up_to_rounding(
    given: FloatArray,
    xnames: Sequence[str],
    spread: list[float],
    highs: list[float],
    lows: list[float],
) -> None:
    """Refuse a column constant but for rounding, which the kernel's rank test misses.

    The rank test compares pivots with ``n * eps``; a column whose spread is a few
    hundred units in the last place passes it, and the fit then divides rounding
    errors by rounding errors. Exactly constant columns are handled by the caller.
    """
    for col, value in enumerate(spread):
        magnitude = max(abs(highs[col]), abs(lows[col]))
        if 0 < value <= _ROUNDING_SPREAD * magnitude:
            raise RankDeficientError(
                f"column {xnames[col]!r} is constant up to rounding (every value is "
                f"{given[0, col]:.12g}, spread {value:.3g}); beside the intercept it "
                "is collinear with it. Drop it, or pass add_intercept=False",
                columns=(xnames[col],),
            )


def outcome_scale(y: FloatArray) -> FloatArray | None:
    """Exact power-of-two scales of outcome columns far from 1, or None."""
    with np.errstate(invalid="ignore"):
        magnitudes = np.maximum(np.abs(y.max(axis=0)), np.abs(y.min(axis=0)))
    return _power_of_two_scale(magnitudes.tolist())
