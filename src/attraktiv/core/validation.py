"""Small validators shared by the public API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np

from ..errors import InvalidOptionError
from .typing import WEIGHTS_OPTIONS, WeightsOption

T = TypeVar("T", bound=str)


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
    for candidate in allowed:
        if value == candidate:
            return candidate
    choices = ", ".join(repr(a) for a in allowed)
    raise InvalidOptionError(f"{name}={value!r} is not valid; choose one of {choices}")


def check_count(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is a whole number of at least ``minimum``.

    Parameters
    ----------
    name : str
        The option's name, used in the message.
    value : object
        The value the user passed.
    minimum : int, default 1

    Returns
    -------
    int

    Raises
    ------
    InvalidOptionError
        If ``value`` is not a whole number (booleans are not) or is too small.

    Examples
    --------
    >>> check_count("n", 20)
    20
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidOptionError(f"{name}={value!r} is not valid; give a whole number")
    if value < minimum:
        raise InvalidOptionError(
            f"{name}={value!r} is not valid; it must be at least {minimum}"
        )
    return int(value)


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
