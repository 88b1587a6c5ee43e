"""Unit names that tell apart places with the same name, for figures and tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..core.validation import check_instance, check_text
from ..errors import GeographyError, InvalidOptionError

if TYPE_CHECKING:
    from .hierarchy import Hierarchy

__all__ = ["unique_names"]


def _parent_names(
    hierarchy: Hierarchy, level: str, upper: str
) -> pd.Series[str] | None:
    """The name of each unit's parent on ``upper``, or None where it has none."""
    try:
        parents = hierarchy.mapping(level, upper)
    except GeographyError:  # the levels do not nest: no single parent
        return None
    names = hierarchy.names(upper)
    return pd.Series(
        names.reindex(parents.to_numpy()).to_numpy(),
        index=parents.index,
        dtype="str",
    )


def _check_hierarchy(hierarchy: object) -> Hierarchy | None:
    from .hierarchy import Hierarchy  # the hierarchy module imports this one

    return check_instance("hierarchy", hierarchy, Hierarchy, none=True)


def unique_names(
    names: pd.Series,
    level: str | None = None,
    hierarchy: Hierarchy | None = None,
) -> pd.Series[str]:
    """Unit names by code, a name that repeats followed by its county (or code).

    Parameters
    ----------
    names : pandas.Series
        Unit names by unit code.
    level : str, optional
        The level of the units in ``hierarchy``; needed with ``hierarchy``.
    hierarchy : attraktiv.geography.Hierarchy, optional
        Where the units' parents come from. Without it, a repeated name is told
        apart by its code.

    Returns
    -------
    pandas.Series
        The names, same index, as text. A name shared by several units becomes
        ``"name (parent)"`` with the name of its unit on the highest level above
        ``level`` whose names tell those units apart (the county before the region,
        because more readers know it), or ``"name (code)"`` if no level does.
        Names that occur once are left as they are.

    Raises
    ------
    InvalidOptionError
        If ``names`` is not a pandas Series, or ``level`` is not one line of text.
    GeographyError
        If ``hierarchy`` is given without ``level``, or ``level`` is not one of
        its levels.

    Examples
    --------
    >>> from attraktiv.datasets import norway_hierarchy
    >>> from attraktiv.plot import unique_names
    >>> geo = norway_hierarchy()
    >>> names = geo.names("municipality")
    >>> shown = unique_names(names, "municipality", geo)
    >>> shown[["0137", "0426", "0301"]].tolist()
    ['Våler (Østfold)', 'Våler (Hedmark)', 'Oslo']
    >>> unique_names(names[["0137", "0426"]]).tolist()
    ['Våler (0137)', 'Våler (0426)']
    """
    if not isinstance(names, pd.Series):
        raise InvalidOptionError(
            f"names={type(names).__name__} is not valid; give a pandas Series of "
            "names by unit code"
        )
    hierarchy = _check_hierarchy(hierarchy)
    if level is not None:
        level = check_text("level", level)
    if hierarchy is not None and (level is None or level not in hierarchy.levels):
        raise GeographyError(
            f"level={level!r} is not a level of the hierarchy; its levels are "
            f"{', '.join(repr(x) for x in hierarchy.levels)}"
        )
    text = names.astype("str")
    repeated = text.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return text
    uppers: list[pd.Series[str]] = []
    if hierarchy is not None and level is not None:
        above = hierarchy.levels[hierarchy.levels.index(level) + 1 :]
        for upper in reversed(above):
            parent_names = _parent_names(hierarchy, level, upper)
            if parent_names is not None:
                uppers.append(parent_names)
    codes = [str(code) for code in text.index]
    values = text.to_numpy(dtype=object)
    shown = values.copy()
    for name in dict.fromkeys(values[repeated]):
        members = [i for i, own in enumerate(values) if own == name]
        suffixes = [codes[i] for i in members]
        for parent_names in uppers:
            found = [parent_names.get(codes[i]) for i in members]
            if all(isinstance(f, str) for f in found) and len(set(found)) == len(found):
                suffixes = [str(f) for f in found]
                break
        for i, suffix in zip(members, suffixes, strict=True):
            shown[i] = f"{name} ({suffix})"
    return pd.Series(shown, index=text.index, name=names.name, dtype="str")
