"""The report's simpler figures: job growth, the index of one unit, top-N bars, years.

The scatter, the long-term bars and the maps live in their own modules; what is
here are the bar charts a barometer report opens with and the national series.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, Literal

import numpy as np
import pandas as pd

from ..core.text import plural
from ..core.typing import FloatArray
from ..core.validation import (
    check_count,
    check_instance,
    check_label,
    check_option,
    check_text,
)
from ..errors import DataError, GeographyError, InvalidOptionError
from ..geography import unique_names
from ._common import (
    BOTTOM_COLOUR,
    HIGHLIGHT_COLOUR,
    LINE_COLOUR,
    UNIT_COLOUR,
    figure_and_axes,
    number_text,
    period_text,
    readable,
    require_matplotlib,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..attractiveness import AttractivenessResult
    from ..geography import Hierarchy
    from ..panel import Panel

__all__ = [
    "index_illustration",
    "job_growth_bars",
    "national_series",
    "outcome_text",
    "top_bars",
]

Which = Literal["top", "bottom"]
_WHICH: Final[tuple[Which, ...]] = ("top", "bottom")
_FLOW_TEXT: Final[Mapping[str, str]] = {
    "net_migration": "net migration",
    "net_migration_immigration": "net immigration from abroad",
    "net_migration_domestic_immigrant": "domestic net migration of immigrants",
    "net_migration_domestic_other": "domestic net migration of others",
    "net_migration_residual": "net migration not in the flow statistics",
}
_NEGATIVE_COLOUR: Final = "#c8553d"


def outcome_text(column: str) -> str:
    """What an outcome column measures, in words for a figure.

    Parameters
    ----------
    column : str
        An outcome column, ``"net_migration"`` or ``"net_migration_<flow>"``.

    Returns
    -------
    str
        The words for the published outcome and flows, otherwise the column with
        spaces for underscores.

    Raises
    ------
    InvalidOptionError
        If ``column`` is not a non-empty text of one line.

    Examples
    --------
    >>> from attraktiv.plot import outcome_text
    >>> outcome_text("net_migration_immigration")
    'net immigration from abroad'
    >>> outcome_text("net_migration_age_0_19")
    'net migration age 0 19'
    """
    column = check_text("column", column)
    return _FLOW_TEXT.get(column, readable(column))


def _fitted(result: object) -> AttractivenessResult:
    from ..attractiveness import AttractivenessResult  # imported when drawing only

    return check_instance(
        "result", result, AttractivenessResult, "from AttractivenessModel().fit"
    )


def _names(result: AttractivenessResult, hierarchy: Hierarchy | None) -> pd.Series[str]:
    return unique_names(result.table["name"], result.level, hierarchy)


def _finish(figure: Figure, created: bool) -> Figure:
    if created:
        figure.tight_layout()
    return figure


def job_growth_bars(
    result: AttractivenessResult,
    n: int | None = None,
    *,
    ax: Axes | None = None,
    hierarchy: Hierarchy | None = None,
) -> Figure:
    """Job growth of every unit over the period, as sorted horizontal bars.

    Parameters
    ----------
    result : AttractivenessResult
        One level and period, from :meth:`attraktiv.AttractivenessModel.fit`; its
        period table must have ``job_growth``.
    n : int, optional
        Draw only the ``n`` units with the highest job growth; default all units.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    hierarchy : attraktiv.geography.Hierarchy, optional
        Tells apart units with the same name (see :func:`unique_names`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on: one bar per unit, highest growth at the top, growth
        in blue and decline in red, the value printed beside each bar.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``n`` is not a whole number of at least 1.
    DataError
        If the result's period table has no ``job_growth`` column.

    Notes
    -----
    Job growth of unit :math:`i` over the period :math:`[y_1, y_3]` is

    .. math:: JG_i = 100 \\cdot \\frac{J_i(y_3) - J_i(y_1 - 1)}{J_i(y_1 - 1)},

    with :math:`J` the jobs located in the unit at the end of a year: the
    regressor of the published model.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import job_growth_bars
    >>> result = attraktiv.AttractivenessModel().fit(
    ...     load_norway(), "2008-2010", level="county")
    >>> fig = job_growth_bars(result)
    >>> len(fig.axes[0].patches)
    19
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    require_matplotlib()
    result = _fitted(result)
    table = result.table
    if "job_growth" not in table.columns:
        raise DataError(
            "the result's period table has no 'job_growth' column; its columns are "
            f"{', '.join(map(str, table.columns))}"
        )
    count = len(table) if n is None else check_count("n", n)
    growth = table["job_growth"].astype(np.float64)
    # Highest growth first; equal growth in code order, so the figure is stable.
    order = np.lexsort((growth.index.to_numpy(), -growth.to_numpy()))
    growth = growth.iloc[order].head(count)
    names = _names(result, hierarchy)[growth.index]
    figure, ax, created = figure_and_axes(ax, (7.5, 1.4 + 0.24 * len(growth)))
    values: FloatArray = np.asarray(growth.to_numpy(dtype=np.float64), np.float64)
    _value_bars(
        ax,
        values,
        [str(name) for name in names],
        [UNIT_COLOUR if v >= 0 else _NEGATIVE_COLOUR for v in values],
        gid="attraktiv-job-growth",
        decimals=1,
        fontsize=7.5,
        margin=0.12,
    )
    shown = "" if len(growth) == len(table) else f"top {len(growth)} "
    ax.set_title(
        f"Job growth, {shown}{plural(result.level)} {period_text(str(result.period))}"
    )
    ax.set_xlabel("Job growth (% of jobs at the start)")
    return _finish(figure, created)


def index_illustration(
    result: AttractivenessResult,
    unit: str,
    *,
    ax: Axes | None = None,
    hierarchy: Hierarchy | None = None,
) -> Figure:
    """How one unit's index arises: actual and expected net migration, and the gap.

    Parameters
    ----------
    result : AttractivenessResult
        One level and period, from :meth:`attraktiv.AttractivenessModel.fit`.
    unit : str
        The code of the unit to show.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    hierarchy : attraktiv.geography.Hierarchy, optional
        Tells apart units with the same name (see :func:`unique_names`).

    Returns
    -------
    matplotlib.figure.Figure
        Three bars, each with its value: the unit's actual outcome, the outcome the
        model expects (from job growth alone with the published model), and their
        difference, the attractiveness index, in percentage points of the start
        population. The unit's rank is in the title.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    GeographyError
        If ``unit`` is not a unit of the result.

    Notes
    -----
    The index of unit :math:`i` is

    .. math:: A_i = NM_i - \\widehat{NM}_i,

    its actual net migration less the net migration the fitted model predicts for
    it; positive means more people moved in than the model explains.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import index_illustration
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    >>> fig = index_illustration(result, "0301")
    >>> fig.axes[0].get_title().splitlines()[0]
    'Oslo, 2008–2010: rank 51 of 426 municipalities'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    require_matplotlib()
    result = _fitted(result)
    ranking = result.ranking()
    code = str(unit)
    if code not in ranking.index:
        raise GeographyError(
            f"unit {code!r} is not among the result's {len(ranking)} "
            f"{plural(result.level)}; codes look like "
            f"{', '.join(repr(c) for c in result.table.index[:3])}"
        )
    outcome = outcome_text(result.outcome)
    actual = float(ranking[result.outcome][code])
    expected = float(ranking["expected"][code])
    index = float(ranking["attractiveness"][code])
    rank = int(ranking["rank"][code])
    name = str(_names(result, hierarchy)[code])
    figure, ax, created = figure_and_axes(ax, (7.0, 4.2))
    labels = [
        f"actual\n{outcome}",
        f"expected\n{outcome}",
        "attractiveness\n(actual − expected)",
    ]
    values = [actual, expected, index]
    colours = [
        LINE_COLOUR,
        UNIT_COLOUR,
        HIGHLIGHT_COLOUR if index >= 0 else BOTTOM_COLOUR,
    ]
    x = np.arange(3, dtype=np.float64)
    bars = ax.bar(x, values, width=0.6, color=colours, zorder=2)
    for bar, gid in zip(
        bars, ("attraktiv-actual", "attraktiv-expected", "attraktiv-index"), strict=True
    ):
        bar.set_gid(gid)
    span = max(max(abs(v) for v in values), 1e-9)
    for position, value in zip(x, values, strict=True):
        ax.text(
            position,
            value + (0.03 if value >= 0 else -0.03) * span,
            number_text(value, 2),
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=9,
        )
    ax.axhline(0.0, color=LINE_COLOUR, linewidth=0.8, zorder=3)
    ax.set_xticks(x, labels, fontsize=8.5)
    low, high = min(min(values), 0.0), max(max(values), 0.0)
    # Room for the printed values beyond the bars, on the side(s) they point to.
    ax.set_ylim(low - 0.2 * span * (low < 0), high + 0.2 * span * (high > 0))
    ax.grid(axis="y", color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.set_ylabel("% of population at the start")
    ax.set_title(
        f"{name}, {period_text(str(result.period))}: rank {rank} of "
        f"{len(ranking)} {plural(result.level)}\n"
        f"expected from {result.formula}",
        fontsize="medium",
    )
    return _finish(figure, created)


def top_bars(
    result: AttractivenessResult,
    n: int = 20,
    *,
    which: Which = "top",
    ax: Axes | None = None,
    hierarchy: Hierarchy | None = None,
) -> Figure:
    """The index of the ``n`` most (or least) attractive units, as ranked bars.

    Parameters
    ----------
    result : AttractivenessResult
        One level and period, from :meth:`attraktiv.AttractivenessModel.fit`. For
        a flow's own ranking, fit the flow as the outcome
        (``AttractivenessModel("net_migration_immigration ~ job_growth")``).
    n : int, default 20
        How many units (the report shows 20 municipalities and 10 regions).
    which : {"top", "bottom"}, default "top"
        The most attractive units (rank 1 at the top) or the least attractive
        (the lowest rank at the bottom).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    hierarchy : attraktiv.geography.Hierarchy, optional
        Tells apart units with the same name (see :func:`unique_names`).

    Returns
    -------
    matplotlib.figure.Figure
        One bar per unit, labelled "rank. name", its index printed beside it.
        A flow's figure names the flow under the title.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``n`` is not a whole number of at least 1 or ``which`` is not
        ``"top"`` or ``"bottom"``.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import top_bars
    >>> panel = load_norway()
    >>> result = attraktiv.AttractivenessModel().fit(panel, "2008-2010", "region")
    >>> fig = top_bars(result, n=10, hierarchy=panel.hierarchy)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][:2]
    ['1. Øvre Romerike', '2. Halden']
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    require_matplotlib()
    result = _fitted(result)
    count = check_count("n", n)
    side = check_option("which", which, _WHICH)
    ranking = result.ranking()
    rows = ranking.head(count) if side == "top" else ranking.tail(count)
    names = _names(result, hierarchy)[rows.index]
    figure, ax, created = figure_and_axes(ax, (7.5, 1.4 + 0.3 * len(rows)))
    values = rows["attractiveness"].to_numpy(dtype=np.float64)
    colour = HIGHLIGHT_COLOUR if side == "top" else BOTTOM_COLOUR
    _value_bars(
        ax,
        values,
        [
            f"{int(rank)}. {name}"
            for rank, name in zip(rows["rank"], names, strict=True)
        ],
        [colour] * len(values),
        gid=f"attraktiv-{side}",
        decimals=2,
        fontsize=8,
        margin=0.14,
    )
    words = "most" if side == "top" else "least"
    title = (
        f"The {len(rows)} {words} attractive {plural(result.level)}, "
        f"{period_text(str(result.period))}"
    )
    if result.outcome != "net_migration":
        title += f"\nby {outcome_text(result.outcome)}"
    ax.set_title(title, fontsize="medium")
    ax.set_xlabel("Attractiveness index (percentage points of population)")
    return _finish(figure, created)


def national_series(
    panel: Panel,
    column: str = "net_migration",
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """A count summed over all units, year by year, as bars.

    Parameters
    ----------
    panel : Panel
        The data.
    column : str, default "net_migration"
        A count column of the panel (persons): ``net_migration``, a flow
        ``net_migration_<flow>``, ``natural_increase``, ...
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    title : str, optional
        Default: what is summed and over how many units.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per year in which every unit has a value (years with a missing
        value are left out, so that no bar is a partial sum), the sum printed on
        each bar.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``column`` is not a column of the panel (the message lists them).
    DataError
        If no year has a value for every unit.

    Notes
    -----
    Over a whole country the moves between its units cancel: the country's net
    migration is its net immigration from abroad (plus register corrections).
    With the bundled Norwegian data, ``"net_migration"`` therefore shows net
    immigration to Norway in every year, while the split into flows exists for
    fewer years.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import national_series
    >>> fig = national_series(load_norway(), "net_migration_immigration")
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['2013', '2014']
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    require_matplotlib()
    from ..panel import require_panel  # imported when drawing only

    panel = require_panel(panel, "national_series needs a Panel as panel")
    title = check_label("title", title)
    if not isinstance(column, str) or column not in panel.columns:
        raise InvalidOptionError(
            f"column={column!r} is not a column of the panel; choose one of "
            f"{', '.join(repr(c) for c in panel.columns)}"
        )
    data = panel.data
    n_units = int(data["code"].nunique())
    by_year = data.groupby("year", sort=True)[column]
    # A year counts only when every unit has a value: no bar is a partial sum.
    complete = by_year.count() == n_units
    if not complete.any():
        raise DataError(
            f"column {column!r} has no year with a value for all {n_units} units"
        )
    totals = by_year.sum()[complete]
    years = [int(y) for y in totals.index]
    values = totals.to_numpy(dtype=np.float64)
    figure, ax, created = figure_and_axes(ax, (max(4.5, 1.5 + 0.55 * len(years)), 4.2))
    x = np.arange(len(years), dtype=np.float64)
    colours = [UNIT_COLOUR if v >= 0 else _NEGATIVE_COLOUR for v in values]
    bars = ax.bar(x, values, width=0.7, color=colours, zorder=2)
    for bar in bars:
        bar.set_gid("attraktiv-year")
    span = max(float(np.max(np.abs(values))), 1e-9)
    for position, value in zip(x, values, strict=True):
        ax.text(
            position,
            value + (0.015 if value >= 0 else -0.015) * span,
            f"{value:,.0f}".replace("-", "\N{MINUS SIGN}"),
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=7.5,
            rotation=90 if len(years) > 8 else 0,
        )
    ax.axhline(0.0, color=LINE_COLOUR, linewidth=0.8, zorder=3)
    ax.set_xticks(x, [str(y) for y in years])
    low = min(float(np.min(values)), 0.0)
    high = max(float(np.max(values)), 0.0)
    ax.set_ylim(low - 0.2 * span * (low < 0), high + 0.2 * span)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.set_ylabel("persons")
    units = plural(panel.levels[0])
    ax.set_title(
        title
        if title is not None
        else f"{outcome_text(column).capitalize()} by year, sum of {n_units} {units}"
    )
    return _finish(figure, created)


def _value_bars(
    ax: Axes,
    values: FloatArray,
    labels: list[str],
    colours: list[str],
    *,
    gid: str,
    decimals: int,
    fontsize: float,
    margin: float,
) -> None:
    """Horizontal bars, first at the top, each with its value beside its end."""
    y = np.arange(len(values), dtype=np.float64)
    bars = ax.barh(y, values, height=0.72, color=colours, zorder=2)
    for bar in bars:
        bar.set_gid(gid)
    span = max(float(np.nanmax(np.abs(values))), 1e-9)
    for row, value in enumerate(values.tolist()):
        ahead = value >= 0
        ax.text(
            value + (0.01 if ahead else -0.01) * span,
            y[row],
            number_text(value, decimals),
            va="center",
            ha="left" if ahead else "right",
            fontsize=fontsize,
        )
    ax.axvline(0.0, color=LINE_COLOUR, linewidth=0.8, zorder=3)
    ax.set_yticks(y, labels)
    ax.set_ylim(len(values) - 0.4, -0.6)
    low = min(float(np.nanmin(values)), 0.0)
    high = max(float(np.nanmax(values)), 0.0)
    ax.set_xlim(low - margin * span * (low < 0), high + margin * span * (high > 0))
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
