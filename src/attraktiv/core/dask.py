"""Optional Dask: telling Dask arrays apart, importing Dask, running tasks.

Dask is an optional dependency (the extra ``attraktiv[dask]``). The least-squares
engine (:func:`attraktiv.ols_many` of a Dask array of outcomes) and the rank
bootstrap (``rank_intervals(..., backend="dask")``) both reach it through this
module, which imports Dask only when asked, so ``import attraktiv`` never does.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, Final, Protocol, TypeVar

from ..errors import InvalidOptionError

__all__ = [
    "DASK_EXTRA",
    "DaskArray",
    "compute_tasks",
    "delayed",
    "is_dask_array",
    "require_dask",
]

T = TypeVar("T")

#: What to install for the Dask paths.
DASK_EXTRA: Final = 'pip install "attraktiv[dask]"'


class DaskArray(Protocol):
    """The part of ``dask.array.Array`` that tells it apart from in-memory arrays."""

    @property
    def chunks(self) -> tuple[tuple[int, ...], ...]:
        """The block sizes along each axis."""
        ...

    def to_delayed(self, optimize_graph: bool = ...) -> Any:
        """The blocks as ``dask.delayed`` objects."""
        ...


def is_dask_array(data: object) -> bool:
    """Whether ``data`` is a Dask array, without importing Dask.

    A Dask array can only exist once ``dask.array`` has been imported, so when it
    has not, nothing is.
    """
    module = sys.modules.get("dask.array")
    return module is not None and isinstance(data, module.Array)


def require_dask(what: str) -> ModuleType:
    """``dask.array``, or an error naming the extra that installs it.

    Parameters
    ----------
    what : str
        The option or call that needs Dask, for the message.
    """
    try:
        return importlib.import_module("dask.array")
    except ImportError:
        raise InvalidOptionError(
            f"{what} needs Dask, which is not installed; install it with {DASK_EXTRA}"
        ) from None


def delayed() -> Any:
    """``dask.delayed`` (Dask must be installed: see :func:`require_dask`)."""
    return importlib.import_module("dask").delayed


def compute_tasks(
    function: Callable[..., T], calls: Sequence[tuple[Any, ...]], *, what: str
) -> tuple[T, ...]:
    """``function(*call)`` for every call, as tasks of one Dask graph.

    Computed with Dask's current scheduler; the results come in the order of
    ``calls``. ``what`` names the option that asked for Dask, for the error when
    Dask is missing.
    """
    require_dask(what)
    dask: Any = importlib.import_module("dask")
    task = dask.delayed(function, pure=False)
    results: tuple[T, ...] = dask.compute(*[task(*call) for call in calls])
    return results
