"""Small validators shared by the public API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from .errors import InvalidOptionError

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
