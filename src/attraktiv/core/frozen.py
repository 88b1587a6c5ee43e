"""Fields of frozen results that cannot be changed through what they hand out.

A pandas Index is immutable in its values but not in its name:
``index.rename(..., inplace=True)`` changes it for everyone who holds it. A Series
can be written into, and so can a NumPy array. A result that kept such objects as
plain fields would hand out the very objects it uses itself, and a caller changing
what it got would change the result. :func:`hand_out_copies` makes such fields
hand out a new object on every read: a view of an Index, a shallow copy of a Series
or DataFrame (copy-on-write keeps the result's data apart), a read-only view of an
array. Nothing is copied until someone writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

import numpy as np
import pandas as pd

__all__ = ["computed_once", "hand_out_copies", "kept_name"]

_T = TypeVar("_T")


class computed_once(Generic[_T]):  # noqa: N801 - a decorator, as cached_property
    """:func:`functools.cached_property` without its lock, for frozen results.

    The value is computed on first access and stored in the instance's dictionary,
    which then answers every later access. Python 3.11's ``cached_property``
    takes a lock shared by all instances on every first access (3.12 dropped
    it): about a quarter of a microsecond, a few times in every single fit that
    reads its statistics. Two threads reading the same new value may both
    compute it; results are values, so both get the same numbers.

    Examples
    --------
    >>> class Circle:
    ...     def __init__(self, radius: float) -> None:
    ...         self.radius = radius
    ...     @computed_once
    ...     def area(self) -> float:
    ...         print("computing")
    ...         return 3.0 * self.radius**2
    >>> circle = Circle(2.0)
    >>> circle.area
    computing
    12.0
    >>> circle.area
    12.0
    """

    def __init__(self, function: Callable[[Any], _T]) -> None:
        self._function = function
        self._name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> computed_once[_T]: ...

    @overload
    def __get__(self, obj: object, objtype: type | None = None) -> _T: ...

    def __get__(
        self, obj: object | None, objtype: type | None = None
    ) -> computed_once[_T] | _T:
        if obj is None:
            return self
        value = obj.__dict__[self._name] = self._function(obj)
        return value


def kept_name(name: str) -> str:
    """Where :func:`hand_out_copies` keeps field ``name`` in an instance's ``__dict__``.

    For code that fills a new instance's dictionary directly.

    Examples
    --------
    >>> kept_name("row_labels")
    '_row_labels_kept'
    """
    return f"_{name}_kept"


class _HandOut:
    """A data descriptor: stores the value under another name, reads give a copy."""

    def __init__(self, slot: str) -> None:
        self._slot = slot

    def __get__(self, obj: object | None, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self._slot]
        if isinstance(value, pd.Index):
            return value.view()  # a new Index object: renaming it reaches nothing
        if isinstance(value, pd.Series | pd.DataFrame):
            return value.copy(deep=False)  # copy-on-write: writes stay the caller's
        if isinstance(value, np.ndarray):
            view = value.view()
            view.flags.writeable = False
            return view
        return value

    def __set__(self, obj: object, value: object) -> None:
        # Frozen dataclasses set their fields with object.__setattr__, which calls
        # this; nothing else can, as their own __setattr__ refuses.
        obj.__dict__[self._slot] = value


def hand_out_copies(cls: type, *names: str) -> None:
    """Make the pandas (or NumPy) fields ``names`` of dataclass ``cls`` hand out copies.

    Call it after the class is made (``@dataclass`` removes the class attribute of
    a field without a default). The constructor, ``repr``, ``dataclasses.replace``,
    comparison and pickling work as before.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Labelled:
    ...     labels: pd.Index
    ...     values: pd.Series
    >>> hand_out_copies(Labelled, "labels", "values")
    >>> kept = Labelled(pd.Index(["a", "b"], name="code"), pd.Series([1.0, 2.0]))
    >>> kept.labels.rename("changed", inplace=True)
    >>> handed = kept.values
    >>> handed.iloc[0] = 99.0
    >>> kept.labels.name, float(kept.values.iloc[0])
    ('code', 1.0)
    """
    for name in names:
        setattr(cls, name, _HandOut(kept_name(name)))
