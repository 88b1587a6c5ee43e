"""Functions of this package that took a fitted index, kept until 0.2.0.

The rank sets of a fitted index are its methods now. This package works on
estimates and standard errors and never imports the index: the old functions call
the result's methods, found by duck typing. (The standard errors of the index,
which moved to :mod:`attraktiv.attractiveness`, keep their old path through
:mod:`attraktiv.core.deprecation`.)
"""

from __future__ import annotations

import warnings
from typing import Any

from ..errors import DataError

__all__ = ["result_rank_intervals", "result_top_set"]


def _method(result: object, name: str, where: str) -> Any:
    method = getattr(result, name, None)
    if not callable(method):
        raise DataError(
            f"{where} needs an AttractivenessResult, got {type(result).__name__}; "
            "fit one with attraktiv.AttractivenessModel().fit(panel, period)"
        )
    warnings.warn(
        f"attraktiv.uncertainty.{where} is deprecated and will be removed in 0.2.0; "
        f"call result.{name}(...) instead",
        DeprecationWarning,
        stacklevel=3,
    )
    return method


def result_rank_intervals(result: Any, *args: Any, **kwargs: Any) -> Any:
    """Deprecated: ``result.rank_intervals(...)``; removed in 0.2.0.

    Parameters
    ----------
    result : AttractivenessResult
        A fitted index.
    *args, **kwargs
        As :meth:`attraktiv.AttractivenessResult.rank_intervals`.

    Returns
    -------
    pandas.DataFrame
        ``result.rank_intervals(*args, **kwargs)``.

    Examples
    --------
    >>> import warnings
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.uncertainty import result_rank_intervals
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     old = result_rank_intervals(result, rng=1)
    >>> old.equals(result.rank_intervals(rng=1)), caught[0].category.__name__
    (True, 'DeprecationWarning')
    """
    return _method(result, "rank_intervals", "result_rank_intervals")(*args, **kwargs)


def result_top_set(result: Any, *args: Any, **kwargs: Any) -> Any:
    """Deprecated: ``result.top_set(...)``; removed in 0.2.0.

    Parameters
    ----------
    result : AttractivenessResult
        A fitted index.
    *args, **kwargs
        As :meth:`attraktiv.AttractivenessResult.top_set`.

    Returns
    -------
    pandas.DataFrame
        ``result.top_set(*args, **kwargs)``.

    Examples
    --------
    >>> import warnings
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.uncertainty import result_top_set
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     old = result_top_set(result, 1, rng=1)
    >>> old.equals(result.top_set(1, rng=1)), caught[0].category.__name__
    (True, 'DeprecationWarning')
    """
    return _method(result, "top_set", "result_top_set")(*args, **kwargs)
