"""Progress bars on standard error for work that can take more than a few seconds.

Library calls are silent unless asked (``progress=True``); the command line asks
when standard error is a terminal. The bar is tqdm's when tqdm is installed (the
extra ``attraktiv[progress]``), otherwise one plain line per step, so asking for
progress never fails for want of a package.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Iterator, Sized
from typing import Any, TypeVar

from .validation import check_flag

__all__ = ["check_progress", "progress"]

T = TypeVar("T")


def check_progress(value: object) -> bool:
    """``value`` as the ``progress`` flag, or an error naming it."""
    return check_flag("progress", value)


def _tqdm() -> Any:
    try:
        return importlib.import_module("tqdm").tqdm
    except ImportError:
        return None


def _plain(items: Iterable[T], total: int | None, desc: str) -> Iterator[T]:
    """One line per finished step on standard error (without tqdm)."""
    count = "?" if total is None else str(total)
    for done, item in enumerate(items, start=1):
        yield item
        print(f"{desc}: {done}/{count}", file=sys.stderr, flush=True)


def progress(
    items: Iterable[T],
    *,
    enabled: bool,
    desc: str,
    total: int | None = None,
    unit: str = "it",
) -> Iterator[T]:
    """``items``, showing progress on standard error when ``enabled``.

    Parameters
    ----------
    items : iterable
        The steps of the work.
    enabled : bool
        False: ``items`` unchanged, nothing is printed.
    desc : str
        What is being done, shown in front of the bar.
    total : int, optional
        Number of steps (by default ``len(items)`` when it has one).
    unit : str, default "it"
        Name of one step.

    Returns
    -------
    iterator
        The same items, in order.

    Examples
    --------
    >>> from attraktiv.core.progress import progress
    >>> list(progress(range(3), enabled=False, desc="fitting"))
    [0, 1, 2]
    """
    if not enabled:
        yield from items
        return
    if total is None and isinstance(items, Sized):
        total = len(items)
    bar = _tqdm()
    if bar is None:
        yield from _plain(items, total, desc)
        return
    yield from bar(
        items,
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        leave=False,
        dynamic_ncols=True,
    )
