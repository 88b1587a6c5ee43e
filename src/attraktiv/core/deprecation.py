"""Old import paths of names that moved, kept for one release with a warning.

The package a name moved *to* announces it (:func:`announce_moved`), and the module
it moved *from* hands it out under the old path from its ``__getattr__``
(:func:`moved_name`). The announcement runs when the new home is imported. ``import
attraktiv`` imports its packages on first use, so the old module names the module
that announces its moved names, and :func:`moved_name` imports that by name when an
old name is asked for before it: a lower layer keeps its old names without an
import of the layer above.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Mapping
from typing import Final

__all__ = ["REMOVED_IN", "announce_moved", "moved_name"]

#: The release in which the old paths stop working.
REMOVED_IN: Final = "0.2.0"

# old module -> name -> (object, new module)
_MOVED: dict[str, dict[str, tuple[object, str]]] = {}


def announce_moved(old: str, new: str, objects: Mapping[str, object]) -> None:
    """Make ``objects`` (by name) importable from module ``old`` until 0.2.0.

    Parameters
    ----------
    old : str
        The module the names used to live in, e.g. ``"attraktiv.uncertainty"``.
    new : str
        Where to import them from now, for the warning.
    objects : mapping of str to object
        The names and what they are now.
    """
    table = _MOVED.setdefault(old, {})
    for name, value in objects.items():
        table[name] = (value, new)


def moved_name(old: str, name: str, announcer: str | None = None) -> object:
    """The object once importable as ``old.name``, with a ``DeprecationWarning``.

    For a module's ``__getattr__``: anything that did not move is an
    ``AttributeError``, as Python would raise.

    Parameters
    ----------
    old : str
        The module the name used to live in.
    name : str
        The name asked for.
    announcer : str, optional
        The module whose import announces the names that moved out of ``old``
        (their new home); imported here if ``name`` is not announced yet.

    Examples
    --------
    >>> import warnings
    >>> import attraktiv
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     from attraktiv.uncertainty import index_std_errors
    >>> print(caught[0].message)
    attraktiv.uncertainty.index_std_errors is deprecated and will be removed in
    0.2.0; import it from attraktiv.attractiveness instead
    >>> index_std_errors is attraktiv.attractiveness.index_std_errors
    True
    """
    found = _MOVED.get(old, {}).get(name)
    if found is None and announcer is not None and not name.startswith("__"):
        # (a dunder such as __wrapped__, probed by tools, never moved)
        importlib.import_module(announcer)
        found = _MOVED.get(old, {}).get(name)
    if found is None:
        raise AttributeError(f"module {old!r} has no attribute {name!r}")
    value, new = found
    warnings.warn(
        f"{old}.{name} is deprecated and will be removed in {REMOVED_IN}; import it "
        f"from {new} instead",
        DeprecationWarning,
        stacklevel=3,
    )
    return value
