"""Small validators shared by the public API."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..errors import DataError, InvalidOptionError
from .typing import WEIGHTS_OPTIONS, WeightsOption

T = TypeVar("T", bound=str)
T_obj = TypeVar("T_obj")


def check_option(name: str, value: object, allowed: Sequence[T]) -> T:
    """Return ``value`` if it is one of ``allowed``, else raise naming the choices.

    Parameters
    ----------
    name : str
        The option's name, used in the message.
    value : object
        The value the user passed.
    allowed : sequence of str
        The allowed values.

    Returns
    -------
    str
        ``value``, typed as the allowed literal.

    Raises
    ------
    InvalidOptionError
        If ``value`` is not in ``allowed``.

    Examples
    --------
    >>> check_option("cov_type", "HC1", ("nonrobust", "HC1"))
    'HC1'
    """
    # Only text can equal a choice: comparing a frame or an array with a string
    # gives an element-wise answer whose truth value is an error of its own.
    if isinstance(value, str):
        for candidate in allowed:
            if value == candidate:
                return candidate
    choices = ", ".join(repr(a) for a in allowed)
    raise InvalidOptionError(
        f"{name}={shown(value)} is not valid; choose one of {choices}"
    )


def check_count(
    name: str, value: object, minimum: int = 1, maximum: int | None = None
) -> int:
    """Return ``value`` as an int if it is a whole number of at least ``minimum``.

    Parameters
    ----------
    name : str
        The option's name, used in the message.
    value : object
        The value the user passed.
    minimum : int, default 1
    maximum : int, optional
        The largest value allowed (none by default).

    Returns
    -------
    int

    Raises
    ------
    InvalidOptionError
        If ``value`` is not a whole number (booleans are not), or is too small or
        too large.

    Examples
    --------
    >>> check_count("n", 20)
    20
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give a whole number"
        )
    if value < minimum:
        raise InvalidOptionError(
            f"{name}={value!r} is not valid; it must be at least {minimum}"
        )
    if maximum is not None and value > maximum:
        raise InvalidOptionError(
            f"{name}={int(value):,} is not valid; it must be at most {maximum:,}"
        )
    return int(value)


#: Random draws or permutations one call may make: ``draws × units`` beyond this
#: (8 GB of float64 values) is refused before anything is allocated.
MAX_DRAWN_VALUES = 10**9


def check_draws(name: str, value: object, units: int, minimum: int = 1) -> int:
    """A count of draws (or permutations) whose total work fits the budget.

    Parameters
    ----------
    name : str
        The option's name, used in the message.
    value : object
        The value the user passed.
    units : int
        How many values each draw makes (the units ranked or permuted).
    minimum : int, default 1

    Returns
    -------
    int

    Raises
    ------
    InvalidOptionError
        If ``value`` is not a whole number of at least ``minimum``, or if ``value ×
        units`` exceeds :data:`MAX_DRAWN_VALUES`; the message gives the largest
        count that fits.

    Examples
    --------
    >>> check_draws("draws", 2000, units=426)
    2000
    >>> check_draws("draws", 10**12, units=426)
    Traceback (most recent call last):
    ...
    attraktiv.errors.InvalidOptionError: draws=1,000,000,000,000 is too many for 426 ...
    """
    count = check_count(name, value, minimum)
    if count * max(units, 1) > MAX_DRAWN_VALUES:
        largest = MAX_DRAWN_VALUES // max(units, 1)
        raise InvalidOptionError(
            f"{name}={count:,} is too many for {units:,} units ({count * units:,} "
            f"values drawn, beyond the budget of {MAX_DRAWN_VALUES:,}); give at "
            f"most {largest:,}"
        )
    return count


def check_names(name: str, value: object, *, empty: bool = False) -> tuple[str, ...]:
    """A sequence of names (levels, factors, units) as a tuple of text.

    One string is refused rather than split into its characters
    (``levels="municipality"`` is not eleven levels), and so is anything that is
    not a list-like of text.

    Parameters
    ----------
    name : str
        The option's name, used in the message.
    value : object
        The value the user passed: a list, tuple, pandas Index or similar of text.
    empty : bool, default False
        Whether an empty sequence is allowed.

    Returns
    -------
    tuple of str

    Raises
    ------
    InvalidOptionError
        Naming the option and the value.

    Examples
    --------
    >>> check_names("levels", ["municipality", "region"])
    ('municipality', 'region')
    >>> check_names("levels", "municipality")
    Traceback (most recent call last):
    ...
    attraktiv.errors.InvalidOptionError: levels='municipality' is one string; give ...
    """
    if isinstance(value, str):
        raise InvalidOptionError(
            f"{name}={shown(value)} is one string; give a list of names, such as "
            f"{name}=[{shown(value)}]"
        )
    if isinstance(value, bytes | Mapping | pd.DataFrame) or not isinstance(
        value, Sequence | pd.Index | pd.Series | np.ndarray
    ):
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give a list of names as text"
        )
    names = tuple(value)
    bad = [item for item in names if not isinstance(item, str) or not item.strip()]
    if bad:
        raise InvalidOptionError(
            f"{name} must hold names as non-empty text; got {shown(bad[0])}"
        )
    if not names and not empty:
        raise InvalidOptionError(f"{name} is empty; give at least one name")
    return names


def check_instance(
    name: str, value: object, kind: type[T_obj], hint: str = "", *, none: bool = False
) -> T_obj:
    """``value`` if it is a ``kind`` (or None when ``none``), else a typed error.

    Parameters
    ----------
    name : str
        The argument's name, used in the message.
    value : object
        The value the user passed.
    kind : type
        The class the argument must be an instance of.
    hint : str, optional
        How to make one, appended to the message.
    none : bool, default False
        Whether None (the argument's default) is allowed.

    Returns
    -------
    object
        ``value``.

    Raises
    ------
    InvalidOptionError
        Naming the argument, the type given and the type expected.

    Examples
    --------
    >>> check_instance("title", "Oslo", str)
    'Oslo'
    >>> check_instance("title", 7, str)
    Traceback (most recent call last):
    ...
    attraktiv.errors.InvalidOptionError: title=7 is not valid; give a str
    """
    if (value is None and none) or isinstance(value, kind):
        return value  # type: ignore[return-value]
    text = f"{name}={shown(value)} is not valid; give a {kind.__name__}"
    if none:
        text += " or None"
    raise InvalidOptionError(text + (f" ({hint})" if hint else ""))


def check_text(name: str, value: object, *, limit: int = 200) -> str:
    """A non-empty single-line text of at most ``limit`` characters.

    Examples
    --------
    >>> check_text("outcome", "net_migration")
    'net_migration'
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give a non-empty text"
        )
    if len(value) > limit or "\n" in value:
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give one line of at most {limit} "
            "characters"
        )
    return value


def check_path(name: str, value: object) -> Path:
    """A file-system path from text or an ``os.PathLike``; nothing else.

    Examples
    --------
    >>> check_path("out", "report").name
    'report'
    """
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give a path (text or pathlib.Path)"
        )
    if any(len(part) > _NAME_MAX for part in Path(value).parts):
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; a file name has at most {_NAME_MAX} "
            "characters"
        )
    return Path(value)


# The longest file name common file systems accept (ext4, APFS, NTFS).
_NAME_MAX = 255


def check_number(
    name: str,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """A finite real number (booleans refused), optionally within bounds.

    Examples
    --------
    >>> check_number("alpha", 0.05, minimum=0.0, maximum=1.0)
    0.05
    """
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise InvalidOptionError(f"{name}={shown(value)} is not valid; give a number")
    number = float(value)
    if (
        not np.isfinite(number)
        or (minimum is not None and number < minimum)
        or (maximum is not None and number > maximum)
    ):
        bounds = (
            f" between {minimum} and {maximum}"
            if minimum is not None and maximum is not None
            else f" of at least {minimum}"
            if minimum is not None
            else ""
        )
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give a finite number{bounds}"
        )
    return number


def shown(value: object, limit: int = 60) -> str:
    """A value as a message shows it: short reprs whole, long ones cut, others typed.

    Examples
    --------
    >>> shown("x" * 100, limit=10)
    "'xxxxxxxx… (100 characters)"
    >>> shown({"a": 1})
    'a dict'
    """
    if value is None or isinstance(
        value, str | bytes | int | float | bool | np.generic
    ):
        text = repr(value)
        if len(text) <= limit:
            return text
        size = len(value) if isinstance(value, str | bytes) else len(text)
        return f"{text[: limit - 1]}… ({size:,} characters)"
    article = "an" if type(value).__name__[:1].lower() in "aeiou" else "a"
    return f"{article} {type(value).__name__}"


def check_flag(name: str, value: object) -> bool:
    """Return ``value`` if it is a boolean, else raise naming the option.

    Parameters
    ----------
    name : str
        The option's name, used in the message.
    value : object
        The value the user passed: ``True`` or ``False`` (NumPy booleans too).
        Other truthy values (``"no"``, ``1``) are refused, not read as True.

    Returns
    -------
    bool

    Raises
    ------
    InvalidOptionError
        If ``value`` is not a boolean.

    Examples
    --------
    >>> check_flag("add_intercept", False)
    False
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise InvalidOptionError(f"{name}={value!r} is not valid; give True or False")


def check_level(value: object, name: str = "level") -> float:
    """Return a coverage probability strictly between 0 and 1 as a float.

    Parameters
    ----------
    value : object
        The value the user passed; booleans and NaN are refused.
    name : str, default "level"
        The option's name, used in the message.

    Returns
    -------
    float

    Raises
    ------
    InvalidOptionError
        If ``value`` is not a real number strictly between 0 and 1.

    Examples
    --------
    >>> check_level(0.9)
    0.9
    """
    if (
        isinstance(value, bool | np.bool_)
        or not isinstance(value, float | int | np.floating | np.integer)
        or not 0.0 < float(value) < 1.0
    ):
        raise InvalidOptionError(
            f"{name}={value!r} is not valid; it must be a number between 0 and 1, "
            "such as 0.95"
        )
    return float(value)


def check_weights(weights: object) -> WeightsOption | None:
    """The ``weights`` option of a model: None or one of :data:`WEIGHTS_OPTIONS`.

    Examples
    --------
    >>> check_weights("population"), check_weights(None)
    ('population', None)
    """
    if weights is None:
        return None
    return check_option("weights", weights, WEIGHTS_OPTIONS)


def check_rng(rng: object, name: str = "rng") -> np.random.Generator:
    """A NumPy generator from a generator, a non-negative whole-number seed or None.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        The source of randomness: a generator (used as it is), a seed, or None for
        fresh entropy.
    name : str, default "rng"
        The option's name, used in the message.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    InvalidOptionError
        For anything else (text, floats, booleans, negative seeds, the legacy
        ``RandomState``), naming the value.

    Examples
    --------
    >>> bool(check_rng(7).integers(10) == check_rng(7).integers(10))
    True
    >>> check_rng("abc")
    Traceback (most recent call last):
    ...
    attraktiv.errors.InvalidOptionError: rng='abc' is not valid; give a ...
    """
    if isinstance(rng, np.random.Generator):
        return rng
    valid = rng is None or (
        isinstance(rng, int | np.integer) and not isinstance(rng, bool) and rng >= 0
    )
    if not valid:
        raise InvalidOptionError(
            f"{name}={rng!r} is not valid; give a numpy.random.Generator, a "
            "whole-number seed >= 0, or None"
        )
    return np.random.default_rng(rng)  # type: ignore[arg-type]


def check_values(
    name: str,
    value: object,
    *,
    ndim: int | tuple[int, ...] = 1,
    positive: bool = False,
    finite: bool = True,
) -> npt.NDArray[np.float64]:
    """Real numbers as a float array of ``ndim`` dimensions, each finite, none empty.

    Parameters
    ----------
    name : str
        The argument's name, used in the message.
    value : object
        The value the user passed: an array, a pandas Series (or DataFrame when
        ``ndim`` is 2) or a list of numbers. Text, bytes, mappings, booleans and
        scalars are refused rather than read by NumPy as something else.
    ndim : int or tuple of int, default 1
        The number of dimensions the array must have (one of them).
    positive : bool, default False
        Whether every value must be above zero.
    finite : bool, default True
        Whether every value must be finite; False lets NaN and infinities (values
        not known) through.

    Returns
    -------
    ndarray of float64

    Raises
    ------
    DataError
        Naming the argument and what it got: its type, shape, or the first value
        that is not a finite (positive) number.

    Examples
    --------
    >>> check_values("population", [1000, 250.5])
    array([1000. ,  250.5])
    >>> check_values("population", [1000.0, 0.0], positive=True)
    Traceback (most recent call last):
    ...
    attraktiv.errors.DataError: population must be finite numbers above 0; ...
    """
    if value is None or isinstance(value, str | bytes | Mapping | set | frozenset):
        raise DataError(
            f"{name}={shown(value)} is not valid; give an array or list of numbers"
        )
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise DataError(
            f"{name} cannot be read as an array of numbers; give rows of equal length"
        ) from None
    numbers = array.dtype.kind in "iuf" or (
        array.dtype.kind == "O"
        and all(
            isinstance(v, int | float | np.integer | np.floating)
            and not isinstance(v, bool | np.bool_)
            for v in array.ravel()
        )
    )
    if not numbers:
        raise DataError(
            f"{name} must be numbers (integers or floats), got {shown(value)} of "
            f"dtype {array.dtype}"
        )
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if array.ndim not in allowed or array.size == 0:
        shape = (
            "one value per unit"
            if allowed == (1,)
            else " or ".join(f"a {d}-D array" for d in allowed)
        )
        raise DataError(
            f"{name} has shape {array.shape}; give {shape}, at least one value"
        )
    floats = array.astype(np.float64)
    bad = ~np.isfinite(floats) if finite else np.zeros(floats.shape, dtype=bool)
    if positive:
        with np.errstate(invalid="ignore"):
            bad |= floats <= 0
    if bad.any():
        first = floats[np.unravel_index(int(np.flatnonzero(bad)[0]), floats.shape)]
        what = "numbers above 0" if positive else "numbers"
        raise DataError(
            f"{name} must be {'finite ' if finite else ''}{what}; got {float(first)!r}"
        )
    return floats


def check_label(name: str, value: object, *, limit: int = 300) -> str | None:
    """None or a text a figure shows as it is: a title, a credit, a caption.

    Unlike :func:`check_text`, an empty text is valid (it shows nothing, where None
    keeps the default) and so are line breaks; a text beyond ``limit`` characters
    is refused, as no figure can show it.

    Parameters
    ----------
    name : str
        The option's name, used in the message.
    value : object
        The value the user passed.
    limit : int, default 300
        The longest text allowed.

    Returns
    -------
    str or None

    Raises
    ------
    InvalidOptionError
        If ``value`` is neither None nor a text, or is longer than ``limit``.

    Examples
    --------
    >>> check_label("title", "Net migration\\n2008-2010")
    'Net migration\\n2008-2010'
    >>> check_label("title", 7)
    Traceback (most recent call last):
    ...
    attraktiv.errors.InvalidOptionError: title=7 is not valid; give a text or None
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give a text or None"
        )
    if len(value) > limit:
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give at most {limit} characters"
        )
    return value


def check_name_map(name: str, value: object) -> dict[str, str]:
    """Names by code, from a mapping or a pandas Series of text indexed by text.

    Parameters
    ----------
    name : str
        The option's name, used in the message.
    value : object
        A ``dict`` (or other mapping) or a Series from code to name.

    Returns
    -------
    dict of str to str

    Raises
    ------
    InvalidOptionError
        If ``value`` is not a mapping or Series, or a code or a name in it is not
        a non-empty text (the first such entry is named).

    Examples
    --------
    >>> check_name_map("names", {"0301": "Oslo"})
    {'0301': 'Oslo'}
    >>> check_name_map("names", {"0301": 7})
    Traceback (most recent call last):
    ...
    attraktiv.errors.InvalidOptionError: names must map codes to names as text; ...
    """
    if not isinstance(value, Mapping | pd.Series):
        raise InvalidOptionError(
            f"{name}={shown(value)} is not valid; give a dict or a pandas Series of "
            "names by code"
        )
    pairs = dict(value.items())
    for code, text in pairs.items():
        if not (isinstance(code, str) and code and isinstance(text, str) and text):
            raise InvalidOptionError(
                f"{name} must map codes to names as text; got {shown(code)}: "
                f"{shown(text)}"
            )
    return pairs


def check_probabilities(name: str, value: object) -> npt.NDArray[np.float64]:
    """Probabilities (p-values) from 0 to 1, as :func:`check_values` reads numbers.

    NaN marks a missing one and is kept; an infinity is refused.

    Parameters
    ----------
    name : str
        The argument's name, used in the message.
    value : object
        A list, tuple, NumPy array or pandas Series of numbers.

    Returns
    -------
    numpy.ndarray of float64

    Raises
    ------
    DataError
        As :func:`check_values` (not one-dimensional numbers, or none), or for a
        number outside [0, 1], naming the first.

    Examples
    --------
    >>> check_probabilities("pvalues", [0.01, float("nan"), 1])
    array([0.01,  nan, 1.  ])
    >>> check_probabilities("pvalues", [0.5, 7])
    Traceback (most recent call last):
    ...
    attraktiv.errors.DataError: pvalues must be probabilities from 0 to 1 ...
    """
    numbers = check_values(name, value, finite=False)
    outside = (numbers < 0.0) | (numbers > 1.0)  # NaN is neither
    if outside.any():
        raise DataError(
            f"{name} must be probabilities from 0 to 1 (NaN for a missing one); "
            f"got {float(numbers[outside][0])!r}"
        )
    return numbers
