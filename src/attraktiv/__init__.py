"""attraktiv: how attractive places are to live in.

Residual-based attractiveness analysis of places (the Norwegian residential
attractiveness barometer of Telemarksforsking): net migration is regressed on job
growth across units, and the residual is each unit's attractiveness index.

``import attraktiv`` is quick: the public names below, and the subpackages
(``attraktiv.datasets``, ``attraktiv.plot``, ...), are imported where first used
(PEP 562), so pandas, SciPy, matplotlib, Dask and tqdm load with the first name
that needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time see _HOMES
    # the subpackages, reachable as attributes (see _SUBMODULES)
    from . import attractiveness as attractiveness
    from . import core as core
    from . import datasets as datasets
    from . import drivers as drivers
    from . import errors as errors
    from . import factors as factors
    from . import geography as geography
    from . import io as io
    from . import panel as panel
    from . import periods as periods
    from . import plot as plot
    from . import regression as regression
    from . import report as report
    from . import spatial as spatial
    from . import tables as tables
    from . import uncertainty as uncertainty
    from .attractiveness import (
        AttractivenessModel,
        AttractivenessResult,
        LongTermResult,
        barometer,
    )
    from .drivers import DriverAnalysis, DriverResult, published_tables
    from .errors import (
        AttraktivError,
        AttraktivWarning,
        DataError,
        FlowError,
        GeographyError,
        InvalidOptionError,
        ModelError,
        PeriodError,
        RankDeficientError,
    )
    from .factors import (
        ColumnFactor,
        Factor,
        FactorRegistry,
        available_factors,
        get_factor,
        register_factor,
    )
    from .geography import ChangeTable, Hierarchy, rebase
    from .panel import Panel, PeriodCounts
    from .periods import Period, as_period, long_term_periods, rolling_periods
    from .regression import OLSManyResult, OLSResult, ols, ols_formula, ols_many
    from .tables import period_table

__all__ = [
    "AttractivenessModel",
    "AttractivenessResult",
    "AttraktivError",
    "AttraktivWarning",
    "ChangeTable",
    "ColumnFactor",
    "DataError",
    "DriverAnalysis",
    "DriverResult",
    "Factor",
    "FactorRegistry",
    "FlowError",
    "GeographyError",
    "Hierarchy",
    "InvalidOptionError",
    "LongTermResult",
    "ModelError",
    "OLSManyResult",
    "OLSResult",
    "Panel",
    "Period",
    "PeriodCounts",
    "PeriodError",
    "RankDeficientError",
    "__version__",
    "as_period",
    "available_factors",
    "barometer",
    "get_factor",
    "long_term_periods",
    "ols",
    "ols_formula",
    "ols_many",
    "period_table",
    "published_tables",
    "rebase",
    "register_factor",
    "rolling_periods",
]

#: The module each public name is imported from on first use; the same as the
#: imports under ``TYPE_CHECKING`` above (a test holds the two together).
_HOMES = {
    **dict.fromkeys(
        (
            "AttractivenessModel",
            "AttractivenessResult",
            "LongTermResult",
            "barometer",
        ),
        "attractiveness",
    ),
    **dict.fromkeys(("DriverAnalysis", "DriverResult", "published_tables"), "drivers"),
    **dict.fromkeys(
        (
            "AttraktivError",
            "AttraktivWarning",
            "DataError",
            "FlowError",
            "GeographyError",
            "InvalidOptionError",
            "ModelError",
            "PeriodError",
            "RankDeficientError",
        ),
        "errors",
    ),
    **dict.fromkeys(
        (
            "ColumnFactor",
            "Factor",
            "FactorRegistry",
            "available_factors",
            "get_factor",
            "register_factor",
        ),
        "factors",
    ),
    **dict.fromkeys(("ChangeTable", "Hierarchy", "rebase"), "geography"),
    **dict.fromkeys(("Panel", "PeriodCounts"), "panel"),
    **dict.fromkeys(
        ("Period", "as_period", "long_term_periods", "rolling_periods"), "periods"
    ),
    **dict.fromkeys(
        ("OLSManyResult", "OLSResult", "ols", "ols_formula", "ols_many"), "regression"
    ),
    "period_table": "tables",
}

#: The subpackages and modules reachable as attributes (``attraktiv.datasets``)
#: without importing them first, as most were when ``import attraktiv`` imported
#: everything. The command (``cli``, ``__main__``) is no library API and sits above
#: this module.
_SUBMODULES = frozenset(
    {
        "attractiveness",
        "core",
        "datasets",
        "drivers",
        "errors",
        "factors",
        "geography",
        "io",
        "panel",
        "periods",
        "plot",
        "regression",
        "report",
        "spatial",
        "tables",
        "uncertainty",
    }
)


def __getattr__(name: str) -> object:
    """A public name or subpackage, imported on first use (PEP 562).

    Called only for a name the module does not hold yet; the value is kept, so the
    import runs once.

    Parameters
    ----------
    name : str
        A name of :data:`__all__` or a subpackage such as ``"datasets"``.

    Returns
    -------
    object
        What ``from attraktiv.<home> import <name>`` gives, or the subpackage.

    Raises
    ------
    AttributeError
        For any other name, as for any module.

    Examples
    --------
    >>> import attraktiv
    >>> attraktiv.ols is attraktiv.regression.ols
    True
    >>> attraktiv.olss
    Traceback (most recent call last):
    ...
    AttributeError: module 'attraktiv' has no attribute 'olss'
    """
    home = _HOMES.get(name)
    if home is not None:
        value: object = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names and subpackages, whether imported yet or not."""
    return sorted({*globals(), *__all__, *_SUBMODULES})
