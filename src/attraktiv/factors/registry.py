"""Factors by name: a registry object, and the default one behind the functions.

A :class:`FactorRegistry` maps names to factors, and says which published tables
each belongs to. The library's default registry holds the nine built-ins;
:func:`register_factor` adds to it, and everything that names factors reads it: the
period table's defaults, the published sets of each level
(:func:`attraktiv.factors.published_factors`), the index's formula factors, the
driver tables, the report and the command. Tests and examples that register factors
make their own registry, or unregister what they add.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..core.validation import check_option, shown
from ..errors import InvalidOptionError
from ..periods import Period, as_period
from .base import (
    Factor,
    check_factor,
    checked_panel,
    compute_factor,
    require_finite,
)
from .builtin import BUILTIN_FACTORS, PUBLISHED_AT, PublishedAt

if TYPE_CHECKING:
    from ..panel import Panel

__all__ = [
    "DEFAULT_REGISTRY",
    "FactorRegistry",
    "available_factors",
    "factor_values",
    "get_factor",
    "register_factor",
]


class FactorRegistry:
    """Factors by name.

    Parameters
    ----------
    factors : iterable of Factor, optional
        The factors to start with; by default the nine built-ins
        (:data:`attraktiv.factors.BUILTIN_FACTORS`). Pass ``()`` for an empty
        registry.

    Examples
    --------
    >>> from attraktiv.factors import ColumnFactor, FactorRegistry
    >>> registry = FactorRegistry()
    >>> registry.register(ColumnFactor("ferry_minutes", "ferry_minutes",
    ...                                "ferry time to the mainland (minutes)"))
    ColumnFactor(name='ferry_minutes', ...)
    >>> registry.get("ferry_minutes").description
    'ferry time to the mainland (minutes)'
    >>> len(registry), "ferry_minutes" in FactorRegistry()
    (10, False)
    >>> registry.published("higher")[-2:]
    ('housing_construction', 'ferry_minutes')
    """

    def __init__(self, factors: Iterable[Factor] = BUILTIN_FACTORS) -> None:
        self._factors: dict[str, Factor] = {}
        self._published: dict[str, tuple[PublishedAt, ...]] = {}
        if isinstance(factors, str | bytes | Mapping) or not isinstance(
            factors, Iterable
        ):
            raise InvalidOptionError(
                f"factors={shown(factors)} is not valid; give a list of factors"
            )
        for factor in factors:
            self.register(factor)

    def __repr__(self) -> str:
        return f"FactorRegistry({list(self._factors)})"

    def __contains__(self, name: object) -> bool:
        return name in self._factors

    def __iter__(self) -> Iterator[str]:
        return iter(tuple(self._factors))

    def __len__(self) -> int:
        return len(self._factors)

    def names(self) -> tuple[str, ...]:
        """The registered names, in the order registered (built-ins first)."""
        return tuple(self._factors)

    def register(
        self,
        factor: Factor,
        *,
        replace: bool = False,
        published: bool | Sequence[PublishedAt] | None = None,
    ) -> Factor:
        """Make ``factor`` available by its name.

        Parameters
        ----------
        factor : Factor
            Any object satisfying :class:`attraktiv.factors.Factor`.
        replace : bool, default False
            Replace a factor registered under the same name (built-ins too).
        published : bool or sequence of {"lowest", "higher"}, optional
            The published tables that show it (the driver tables of
            :func:`attraktiv.drivers.published_tables`, the report, the command):
            the lowest level's, the higher levels' (where the factor is defined:
            see :func:`attraktiv.factors.defined_at`), both (``True``) or none
            (``False``). By default the factor's own ``published`` if it has one
            (the built-ins do), else both.

        Returns
        -------
        Factor
            ``factor`` itself.

        Raises
        ------
        InvalidOptionError
            If ``factor`` is not a factor, or its name is taken and ``replace`` is
            False.
        """
        checked = check_factor(factor)
        if not isinstance(replace, bool):
            raise InvalidOptionError(f"replace must be True or False, got {replace!r}")
        tables = _published_tables(checked, published)
        existing = self._factors.get(checked.name)
        if existing is not None and existing is not checked and not replace:
            raise InvalidOptionError(
                f"a factor named {checked.name!r} is already registered; pass "
                "replace=True to replace it, or choose another name"
            )
        self._factors[checked.name] = checked
        self._published[checked.name] = tables
        return checked

    def copy(self) -> FactorRegistry:
        """A new registry with the same factors and published tables.

        Examples
        --------
        >>> registry = FactorRegistry()
        >>> other = registry.copy()
        >>> _ = other.unregister("size")
        >>> "size" in registry, "size" in other
        (True, False)
        """
        new = FactorRegistry(())
        new._factors = dict(self._factors)
        new._published = dict(self._published)
        return new

    def published(self, table: PublishedAt) -> tuple[str, ...]:
        """The names shown in the published tables of the lowest or higher levels.

        Parameters
        ----------
        table : {"lowest", "higher"}

        Returns
        -------
        tuple of str
            In the order registered (the built-ins first, in the published order).

        Examples
        --------
        >>> FactorRegistry().published("lowest")[:4]
        ('job_growth', 'labour_market_integration', 'size', 'neighbour_growth')
        """
        table = check_option("table", table, PUBLISHED_AT)
        return tuple(n for n, tables in self._published.items() if table in tables)

    def unregister(self, name: str) -> Factor:
        """Remove the factor registered under ``name`` and return it.

        Raises
        ------
        InvalidOptionError
            For an unknown name.
        """
        factor = self.get(name)
        del self._factors[name]
        del self._published[name]
        return factor

    def get(self, name: str) -> Factor:
        """The factor registered under ``name``.

        Raises
        ------
        InvalidOptionError
            For an unknown name; the message lists the available factors.
        """
        factor = self._factors.get(name) if isinstance(name, str) else None
        if factor is None:
            available = ", ".join(repr(n) for n in self._factors)
            raise InvalidOptionError(
                f"unknown factor {name!r}; the available factors are {available}. "
                "Define your own (see attraktiv.factors.Factor) and pass it, or "
                "register it with register_factor"
            )
        return factor

    def resolve(self, factor: Factor | str) -> Factor:
        """A factor from itself (checked) or from its registered name."""
        if isinstance(factor, str):
            return self.get(factor)
        return check_factor(factor)


def _published_tables(
    factor: Factor, published: bool | Sequence[PublishedAt] | None
) -> tuple[PublishedAt, ...]:
    """The published tables of ``factor``, checked."""
    if published is None:
        published = getattr(factor, "published", True)
    if isinstance(published, bool):
        return PUBLISHED_AT if published else ()
    if isinstance(published, str) or not isinstance(published, Sequence):
        raise InvalidOptionError(
            f"published={published!r} is not valid for factor {factor.name!r}; give "
            "True, False or a list of 'lowest' and 'higher'"
        )
    return tuple(
        check_option(f"published (factor {factor.name!r})", table, PUBLISHED_AT)
        for table in published
    )


#: The registry behind :func:`register_factor`, :func:`get_factor` and the names
#: that analyses resolve when given no registry of their own.
DEFAULT_REGISTRY = FactorRegistry()


def register_factor(
    factor: Factor,
    *,
    replace: bool = False,
    published: bool | Sequence[PublishedAt] | None = None,
) -> Factor:
    """Make a factor available by name in the default registry.

    A registered factor is shown in the published tables of the levels where it is
    defined (:func:`attraktiv.drivers.published_tables`, the report and the command)
    unless ``published`` says otherwise, and the index's formula may name it.

    Parameters
    ----------
    factor : Factor
        Any object satisfying the :class:`Factor` protocol.
    replace : bool, default False
        Replace a factor already registered under the same name (built-ins too).
    published : bool or sequence of {"lowest", "higher"}, optional
        As :meth:`FactorRegistry.register`: by default every published table.

    Returns
    -------
    Factor
        ``factor`` itself.

    Raises
    ------
    InvalidOptionError
        If ``factor`` is not a factor, or its name is taken and ``replace`` is
        False.

    See Also
    --------
    FactorRegistry : a registry of your own, which nothing else sees.

    Examples
    --------
    >>> from attraktiv.factors import ColumnFactor, get_factor
    >>> register_factor(ColumnFactor("ferry_minutes", "ferry_minutes",
    ...                              "ferry time to the mainland (minutes)"))
    ColumnFactor(name='ferry_minutes', ...)
    >>> get_factor("ferry_minutes").description
    'ferry time to the mainland (minutes)'
    >>> DEFAULT_REGISTRY.unregister("ferry_minutes").name  # leave it as it was
    'ferry_minutes'
    """
    return DEFAULT_REGISTRY.register(factor, replace=replace, published=published)


def get_factor(name: str) -> Factor:
    """The factor registered under ``name`` in the default registry.

    Parameters
    ----------
    name : str
        One of :func:`available_factors`.

    Returns
    -------
    Factor

    Raises
    ------
    InvalidOptionError
        For an unknown name; the message lists the available factors.

    Examples
    --------
    >>> get_factor("neighbour_growth").description[:32]
    "job growth of the unit's neighbo"
    """
    return DEFAULT_REGISTRY.get(name)


def available_factors() -> tuple[str, ...]:
    """Names of the factors in the default registry: the nine built-ins first.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> "university" in available_factors()
    True
    """
    return DEFAULT_REGISTRY.names()


def factor_values(
    factor: Factor | str,
    panel: Panel,
    period: Period | str | tuple[int, int],
    level: str | None = None,
    *,
    registry: FactorRegistry | None = None,
) -> pd.Series:
    """A factor's values for every unit of a level, checked to be finite.

    Parameters
    ----------
    factor : Factor or str
        A factor or the name of a registered one.
    panel : Panel
    period : Period, str or tuple
    level : str, optional
        By default the lowest level.
    registry : FactorRegistry, optional
        Where names are looked up; by default :data:`DEFAULT_REGISTRY`.

    Returns
    -------
    pandas.Series
        Float values named after the factor, indexed by the sorted unit codes of
        ``level`` (``panel.units(level)``).

    Raises
    ------
    InvalidOptionError
        Unknown factor name or level.
    DataError
        The panel lacks an input column (naming factor, column and period); the
        factor has no finite value for some units (naming factor, level, period and
        the units), returns codes that are not units of the level, or returns
        something other than numbers by unit code.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> values = factor_values("job_growth", load_norway(), "2008-2010", "region")
    >>> len(values), values.name
    (85, 'job_growth')
    """
    panel = checked_panel(panel, "factor_values")
    if registry is not None and not isinstance(registry, FactorRegistry):
        raise InvalidOptionError(
            f"registry={shown(registry)} is not valid; give a FactorRegistry or None"
        )
    resolved = (registry or DEFAULT_REGISTRY).resolve(factor)
    period = as_period(period)
    level = panel.resolve_level(level)
    values = compute_factor(resolved, panel, period, level)
    require_finite(values, resolved.name, level, period)
    return values
