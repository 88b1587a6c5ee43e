"""The scatter of net migration on job growth, the long-term bars and the beta table."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final, Literal, Protocol

import numpy as np
import pandas as pd

from ..core.ranking import rank_series
from ..core.text import plural
from ..core.validation import (
    check_count,
    check_instance,
    check_names,
    check_option,
    check_text,
)
from ..drivers import cell_class
from ..errors import DataError, FlowError, GeographyError, InvalidOptionError
from ..geography import unique_names
from ._common import (
    BOTTOM_COLOUR,
    HIGHLIGHT_COLOUR,
    LINE_COLOUR,
    UNIT_COLOUR,
    en_dashes,
    figure_and_axes,
    number_text,
    period_text,
    readable,
    require_matplotlib,
)
from ._labels import place_labels
from ._report_figures import outcome_text
from ._styles import CELL_COLOURS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..attractiveness import AttractivenessResult, LongTermResult
    from ..geography import Hierarchy

__all__ = [
    "SIGNIFICANCE_COLOURS",
    "DriverTable",
    "beta_table",
    "cell_class",
    "long_term_bars",
    "scatter",
]

#: Cell colours of :func:`beta_table` (the same as the driver tables' styling).
SIGNIFICANCE_COLOURS: Final[Mapping[str, str]] = CELL_COLOURS
_LEGEND_TEXT: Final[Mapping[str, str]] = {
    "strong positive": "positive, p < 0.01",
    "weak positive": "positive, 0.01 ≤ p < 0.1",
    "not significant": "not significant (p ≥ 0.1)",
    "weak negative": "negative, 0.01 ≤ p < 0.1",
    "strong negative": "negative, p < 0.01",
    "not estimated": "not estimated",
}
_DARK_CLASSES: Final = frozenset({"strong positive", "strong negative"})
_SIMPLE_MODEL: Final = ["Intercept", "job_growth"]


class DriverTable(Protocol):
    """What :func:`beta_table` needs of a driver analysis result."""

    @property
    def level(self) -> str:
        """The level of the units."""

    @property
    def outcome(self) -> str:
        """The outcome the factors explain (``net_migration``, a flow, ...)."""

    @property
    def rsquared(self) -> pd.Series:
        """R² of each period's fit, indexed by period end year."""

    @property
    def nobs(self) -> pd.Series:
        """Number of units in each period's fit, indexed by period end year."""

    def to_frame(self) -> pd.DataFrame:
        """Tidy betas: ``period``, ``period_end``, ``factor``, ``beta``, ``pvalue``."""


def _text_for_unit_axis(outcome: str) -> str:
    return outcome_text(outcome)


def _marking_order(
    result: AttractivenessResult, rank_by: str | None
) -> tuple[pd.Index, str]:
    """The units from most to least attractive, by the total or one flow's index."""
    if rank_by is None:
        return result.ranking().index, "by attractiveness"
    rank_by = check_text("rank_by", rank_by)
    try:
        flows = result.flows
    except FlowError as err:
        # The flows are unknown in this period: say which option asked for them.
        raise FlowError(
            f"rank_by={rank_by!r} needs the flow components: {err}"
        ) from None
    if flows is None:
        raise FlowError(
            f"rank_by={rank_by!r}: the result has no flow components; fit data "
            "with columns net_migration_<flow>, or leave out rank_by"
        )
    if rank_by not in flows.columns:
        raise FlowError(
            f"rank_by={rank_by!r} is not a flow of the result; choose "
            + ", ".join(repr(c) for c in flows.columns)
        )
    index = flows[rank_by]
    order = rank_series(index).sort_values(kind="stable").index
    return order, f"for {outcome_text('net_migration_' + rank_by)}"


def scatter(
    result: AttractivenessResult,
    top: int = 5,
    bottom: int = 5,
    *,
    ax: Axes | None = None,
    label_units: Sequence[str] | None = None,
    hierarchy: Hierarchy | None = None,
    rank_by: str | None = None,
) -> Figure:
    """Net migration against job growth, the fitted line, the top and bottom named.

    Parameters
    ----------
    result : AttractivenessResult
        One level and period, from :meth:`attraktiv.AttractivenessModel.fit`.
    top : int, default 5
        How many of the most attractive units to mark (orange, triangles up) and
        name (0 for none).
    bottom : int, default 5
        How many of the least attractive units to mark (purple, triangles down)
        and name (0 for none).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    label_units : sequence of str, optional
        Codes of further units to mark and name (your own municipality, say).
    hierarchy : attraktiv.geography.Hierarchy, optional
        The units' hierarchy (``panel.hierarchy``): a name that several units
        share is followed by its county, "Våler (Østfold)". Without it, by its
        code. See :func:`unique_names`.
    rank_by : str, optional
        A flow component of the result (``"immigration"``, ``"domestic_immigrant"``,
        ``"domestic_other"``) whose own index picks the units to mark. The points
        and the line stay total net migration against job growth, as in the
        flow figures of the 2011 report: where on the whole picture the places most
        attractive for one flow lie. Default: the total index picks them.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on (a new pyplot figure when ``ax`` is None; close it with
        ``matplotlib.pyplot.close(fig)`` when done). The legend gives the fitted
        line with the fit's R² and number of units.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``top`` or ``bottom`` is not a whole number of at least 0.
    GeographyError
        If a code of ``label_units`` is not a unit of the result, or the result's
        level is not a level of ``hierarchy``.
    FlowError
        If ``rank_by`` is given and the result has no flow components, or they
        are not known in its period.

    Notes
    -----
    With the published model, ``net_migration ~ job_growth``, each unit's
    attractiveness index is its vertical distance from the fitted line
    :math:`\\widehat{NM} = a + b \\cdot JG`. With any other model there is no single
    regressor to plot against; the figure then shows actual against expected net
    migration with the line of equality, and says so in its title. Either way
    :math:`R^2` is that of the model's fit.

    Labels are placed greedily around their points so that they do not overlap,
    measured on the rendered text. They stay apart as long as the axes keep their
    size and limits.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import scatter
    >>> panel = load_norway()
    >>> result = attraktiv.AttractivenessModel().fit(panel, "2014-2016")
    >>> fig = scatter(result, top=5, bottom=5, hierarchy=panel.hierarchy)
    >>> fig.savefig("scatter.png")  # doctest: +SKIP
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)

    The report's flow figures: total net migration, the ten places most
    attractive for immigration from abroad marked.

    >>> flows = attraktiv.AttractivenessModel().fit(panel, "2013-2014")
    >>> fig = scatter(flows, top=10, bottom=0, rank_by="immigration")
    >>> fig.axes[0].get_legend_handles_labels()[1][-1]
    'top 10 for net immigration from abroad'
    >>> plt.close(fig)
    """
    require_matplotlib()
    from ..attractiveness import AttractivenessResult  # imported when drawing only

    result = check_instance(
        "result", result, AttractivenessResult, "from AttractivenessModel().fit"
    )
    top_count = check_count("top", top, minimum=0)
    bottom_count = check_count("bottom", bottom, minimum=0)
    order, marked_for = _marking_order(result, rank_by)
    names = unique_names(result.table["name"], result.level, hierarchy)
    figure, ax, created = figure_and_axes(ax, (8.0, 6.0))
    expected = result.expected
    outcome_column = result.regression.outcome
    actual = (
        result.table[outcome_column].reindex(expected.index)
        if outcome_column in result.table
        else result.index + expected
    )
    params = result.regression.params
    simple = list(params.index) == _SIMPLE_MODEL and "job_growth" in result.table
    outcome = _text_for_unit_axis(outcome_column)
    x = result.table["job_growth"] if simple else expected
    x = x.reindex(actual.index)
    best = list(order[:top_count])
    worst = [
        code for code in order[len(order) - bottom_count :][::-1] if code not in best
    ]
    extra: list[str] = []
    if label_units is not None:
        label_units = check_names("label_units", label_units, empty=True)
        unknown = [str(c) for c in label_units if c not in actual.index]
        if unknown:
            raise GeographyError(
                f"label_units: {', '.join(unknown)} not among the result's "
                f"{len(actual)} {plural(result.level)}; codes look like "
                f"{', '.join(repr(c) for c in actual.index[:3])}"
            )
        extra = [str(c) for c in label_units if c not in best and c not in worst]

    ax.axhline(0.0, color="#bbbbbb", linewidth=0.7, zorder=1)
    ax.axvline(0.0, color="#bbbbbb", linewidth=0.7, zorder=1)
    ax.grid(color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.scatter(
        x.to_numpy(),
        actual.to_numpy(),
        s=14,
        color=UNIT_COLOUR,
        alpha=0.6,
        linewidths=0,
        zorder=2,
        gid="attraktiv-units",
        label=f"{plural(result.level)} ({len(actual)})",
    )
    fit = result.regression
    statistics = f"R² = {fit.rsquared:.2f}, n = {fit.nobs}"
    if simple:
        intercept, slope = float(params["Intercept"]), float(params["job_growth"])
        ax.axline(
            (0.0, intercept),
            slope=slope,
            color=LINE_COLOUR,
            linewidth=1.2,
            zorder=3,
            gid="attraktiv-fit",
            label=(
                f"fitted: {number_text(intercept, 2)} "
                f"{'+' if slope >= 0 else '−'} {abs(slope):.3f} × job growth\n"
                f"{statistics}"
            ),
        )
    else:
        ax.axline(
            (0.0, 0.0),
            slope=1.0,
            color=LINE_COLOUR,
            linewidth=1.2,
            zorder=3,
            gid="attraktiv-fit",
            label=f"actual = expected\nmodel {statistics}",
        )
    for codes, colour, marker, gid, text in (
        (best, HIGHLIGHT_COLOUR, "^", "attraktiv-top", f"top {len(best)}"),
        (worst, BOTTOM_COLOUR, "v", "attraktiv-bottom", f"bottom {len(worst)}"),
    ):
        if codes:
            ax.scatter(
                x[codes].to_numpy(),
                actual[codes].to_numpy(),
                s=48,
                marker=marker,
                color=colour,
                edgecolors="black",
                linewidths=0.6,
                zorder=4,
                gid=gid,
                label=f"{text} {marked_for}",
            )
    if extra:
        ax.scatter(
            x[extra].to_numpy(),
            actual[extra].to_numpy(),
            s=42,
            facecolors="none",
            edgecolors="black",
            linewidths=1.0,
            zorder=4,
            gid="attraktiv-labelled",
            label="named",
        )

    period = period_text(str(result.period))
    if simple:
        ax.set_title(
            f"{outcome.capitalize()} against job growth, {plural(result.level)} "
            f"{period}"
        )
        ax.set_xlabel("Job growth (% of jobs at the start)")
        ax.set_ylabel(f"{outcome.capitalize()} (% of population at the start)")
    else:
        ax.set_title(
            f"Actual against expected {outcome}, {plural(result.level)} {period}\n"
            f"expected from {result.formula}",
            fontsize="medium",
        )
        ax.set_xlabel(f"Expected {outcome} (% of population at the start)")
        ax.set_ylabel(f"Actual {outcome} (% of population at the start)")
    ax.margins(0.06)
    ax.autoscale_view()
    if created:
        figure.tight_layout()

    labelled = best + worst + extra
    if labelled:
        xy = np.column_stack([x[labelled].to_numpy(), actual[labelled].to_numpy()])
        place_labels(
            ax,
            xy,
            [str(names[code]) for code in labelled],
            marked=xy,
            others=np.column_stack([x.to_numpy(), actual.to_numpy()]),
            gid="attraktiv-label",
        )
    ax.legend(loc="best", fontsize=8, framealpha=0.9)
    return figure


def long_term_bars(
    long_term: LongTermResult,
    n: int = 20,
    *,
    which: Literal["top", "bottom"] = "top",
    ax: Axes | None = None,
    hierarchy: Hierarchy | None = None,
) -> Figure:
    """One bar per unit for the long-term index, split into its period parts.

    Parameters
    ----------
    long_term : LongTermResult
        From :meth:`attraktiv.AttractivenessModel.long_term`.
    n : int, default 20
        Draw the ``n`` units with the highest long-term index, best at the top.
    which : {"top", "bottom"}, default "top"
        ``"bottom"`` draws the ``n`` units with the lowest long-term index
        instead, the least attractive at the bottom.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    hierarchy : attraktiv.geography.Hierarchy, optional
        The units' hierarchy: a name that several units share is followed by its
        county (without it, by its code). See :func:`unique_names`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``n`` is not a whole number of at least 1, or ``which`` is not
        ``"top"`` or ``"bottom"``.
    GeographyError
        If the result's level is not a level of ``hierarchy``.

    Notes
    -----
    The long-term index is the sum of the period indices. Each bar stacks its
    positive parts rightwards from 0 and its negative parts leftwards, in period
    order, so the length to the right minus the length to the left is the total.
    Where a unit has a negative part, its positive parts reach past the total: a
    black line from 0 to a black dot marks the total itself, and the number next
    to the dot gives it.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import long_term_bars
    >>> panel = load_norway()
    >>> lt = attraktiv.AttractivenessModel().long_term(panel)
    >>> fig = long_term_bars(lt, n=20, hierarchy=panel.hierarchy)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][4]
    'Våler (Østfold)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    require_matplotlib()
    from ..attractiveness import LongTermResult  # imported when drawing only

    long_term = check_instance(
        "long_term", long_term, LongTermResult, "from AttractivenessModel().long_term"
    )
    count = check_count("n", n)
    side = check_option("which", which, ("top", "bottom"))
    ranking = long_term.ranking()
    rows = ranking.head(count) if side == "top" else ranking.tail(count)
    # Made unique over every unit, so that the names do not depend on n.
    names = unique_names(long_term.names, long_term.level, hierarchy)[rows.index]
    labels = [str(p) for p in long_term.periods]
    figure, ax, created = figure_and_axes(ax, (8.0, 1.6 + 0.32 * len(rows)))
    import matplotlib as mpl

    parts = rows[labels].to_numpy(dtype=np.float64)
    totals = rows["long_term"].to_numpy(dtype=np.float64)
    y = np.arange(len(rows), dtype=np.float64)
    colours = mpl.colormaps["YlGnBu"](np.linspace(0.3, 0.8, len(labels)))
    right = np.zeros(len(rows))
    left = np.zeros(len(rows))
    for column, (label, colour) in enumerate(zip(labels, colours, strict=True)):
        values = np.nan_to_num(parts[:, column])
        start = np.where(values >= 0, right, left)
        bars = ax.barh(
            y,
            values,
            left=start,
            height=0.72,
            color=colour,
            edgecolor="white",
            linewidth=0.6,
            label=period_text(label),
            zorder=2,
        )
        for bar in bars:
            bar.set_gid("attraktiv-part")
        right = np.where(values >= 0, right + values, right)
        left = np.where(values < 0, left + values, left)
    # Where parts of both signs meet the bar spans more than the total: a line
    # from 0 to the total shows the length that counts.
    offset = (left < 0) & (right > 0) & np.isfinite(totals)
    if offset.any():
        ax.hlines(
            y[offset],
            0.0,
            totals[offset],
            color="black",
            linewidth=1.4,
            zorder=3,
            gid="attraktiv-total-line",
        )
    ax.scatter(
        totals,
        y,
        s=22,
        color="black",
        edgecolors="white",
        linewidths=0.6,
        zorder=4,
        gid="attraktiv-total",
        label="long-term index (sum)",
    )
    span = max(float(np.nanmax(right)) - float(np.nanmin(left)), 1e-9)
    for row, total in enumerate(totals):
        if not math.isfinite(total):
            continue
        ahead = total >= 0
        ax.text(
            total + (0.015 if ahead else -0.015) * span,
            y[row],
            number_text(total, 1),
            va="center",
            ha="left" if ahead else "right",
            fontsize=8,
            zorder=5,
            gid="attraktiv-total-label",
            # Over a part that reaches past the total the number needs a ground.
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.85,
            },
        )
    ax.axvline(0.0, color=LINE_COLOUR, linewidth=0.8, zorder=3)
    ax.set_yticks(y, [str(name) for name in names])
    ax.set_ylim(len(rows) - 0.4, -0.6)  # best at the top
    ax.set_xlim(
        # Room for the numbers printed beside the totals, on the side they fall.
        float(np.nanmin(left)) - (0.12 if np.nanmin(totals) < 0 else 0.04) * span,
        float(np.nanmax(right)) + 0.12 * span,
    )
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    first, last = long_term.periods[0], long_term.periods[-1]
    ax.set_title(
        f"Long-term attractiveness, {side} {len(rows)} {plural(long_term.level)}, "
        f"{first.first}\N{EN DASH}{last.last}"
    )
    ax.set_xlabel("Attractiveness index (percentage points of population)")
    # Where the shortest bars are: the end of the list away from its extreme.
    corner: Literal["lower right", "upper left"] = (
        "lower right" if side == "top" else "upper left"
    )
    ax.legend(loc=corner, fontsize=8, title="period", title_fontsize=8)
    if created:
        figure.tight_layout()
    return figure


_BETA_COLUMNS: Final = ("period", "period_end", "factor", "beta", "pvalue")


def _fit_statistic(values: pd.Series, end: int, name: str) -> float:
    try:
        return float(values.loc[end])
    except KeyError:
        raise DataError(
            f"the driver result has no {name} for the period ending {end}; it has "
            f"{', '.join(str(e) for e in values.index)}"
        ) from None


def beta_table(driver_result: DriverTable, *, ax: Axes | None = None) -> Figure:
    """The factor × period table of standardized betas, coloured by significance.

    Parameters
    ----------
    driver_result : attraktiv.drivers.DriverResult
        A driver analysis for one level and outcome (or anything with ``level``,
        ``outcome``, ``rsquared`` and ``nobs`` by period end year, and a
        ``to_frame()`` with the columns ``period``, ``period_end``, ``factor``,
        ``beta`` and ``pvalue``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on: one row per factor (in the result's order), one
        column per period labelled by its years ("2003–2005"), the beta printed in
        each cell; below the factors, each period's :math:`R^2` and number of units.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``driver_result`` is not a driver table (a DriverResult).
    DataError
        If the table lacks a column or has two betas for one factor and period, or
        a period has no R² or number of units.

    Notes
    -----
    Cell colours (:data:`SIGNIFICANCE_COLOURS`) follow the published tables: dark
    blue / dark red for a positive / negative beta with :math:`p < 0.01`, light
    blue / light red for :math:`0.01 \\le p < 0.1`, near-white when not
    significant, grey where the factor was not estimated for the period.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.drivers import DriverAnalysis
    >>> from attraktiv.plot import beta_table
    >>> drivers = DriverAnalysis(["job_growth", "neighbour_growth", "size"])
    >>> result = drivers.fit(load_norway(), level="region")
    >>> fig = beta_table(result)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()][0]
    '2003–2005'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    require_matplotlib()
    needed = ("level", "outcome", "rsquared", "nobs", "to_frame")
    if not all(hasattr(driver_result, member) for member in needed):
        raise InvalidOptionError(
            f"driver_result={type(driver_result).__name__} is not valid; give a "
            "DriverResult, e.g. DriverAnalysis(['job_growth']).fit(panel, "
            "level='region')"
        )
    frame = driver_result.to_frame()
    missing = [c for c in _BETA_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(
            f"the driver table lacks column(s) {', '.join(missing)}; it needs "
            f"{', '.join(_BETA_COLUMNS)}"
        )
    keys = frame[["factor", "period_end"]]
    if keys.duplicated().any():
        factor, end = keys[keys.duplicated()].iloc[0]
        raise DataError(
            f"the driver table has more than one beta for factor {factor!r} in the "
            f"period ending {end}"
        )
    factors = [str(f) for f in dict.fromkeys(frame["factor"])]
    ends = sorted(int(e) for e in frame["period_end"].unique())
    period_of = {
        int(end): str(label)
        for end, label in zip(frame["period_end"], frame["period"], strict=True)
    }
    rsquared = [_fit_statistic(driver_result.rsquared, e, "R²") for e in ends]
    nobs = [_fit_statistic(driver_result.nobs, e, "number of units") for e in ends]
    cells = {
        (str(factor), int(end)): (float(beta), float(pvalue))
        for factor, end, beta, pvalue in zip(
            frame["factor"],
            frame["period_end"],
            frame["beta"],
            frame["pvalue"],
            strict=True,
        )
    }
    figure, ax, created = figure_and_axes(
        ax, (2.6 + 0.86 * len(ends), 2.9 + 0.42 * len(factors))
    )
    from matplotlib.patches import Patch, Rectangle

    used: set[str] = set()
    for row, factor in enumerate(factors):
        for column, end in enumerate(ends):
            beta, pvalue = cells.get((factor, end), (math.nan, math.nan))
            kind = cell_class(beta, pvalue)
            used.add(kind)
            ax.add_patch(
                Rectangle(
                    (column, row),
                    1.0,
                    1.0,
                    facecolor=SIGNIFICANCE_COLOURS[kind],
                    edgecolor="white",
                    linewidth=1.5,
                    gid=f"beta:{factor}:{end}",
                )
            )
            ax.text(
                column + 0.5,
                row + 0.5,
                number_text(beta, 2) if math.isfinite(beta) else "–",
                ha="center",
                va="center",
                fontsize=8.5,
                color="white" if kind in _DARK_CLASSES else "black",
                gid=f"beta-text:{factor}:{end}",
            )
    # The fit of each period, as under a regression table: R², then n.
    statistics_top = len(factors) + 0.15
    for line, (name, values) in enumerate(
        (
            ("rsquared", [number_text(r, 2) for r in rsquared]),
            ("nobs", [str(round(n)) for n in nobs]),
        )
    ):
        for column, (end, text) in enumerate(zip(ends, values, strict=True)):
            ax.text(
                column + 0.5,
                statistics_top + 0.35 + 0.6 * line,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="#333333",
                gid=f"beta-{name}:{end}",
            )
    ax.axhline(statistics_top, color="#999999", linewidth=0.6)
    ax.set_xlim(0, len(ends))
    ax.set_ylim(statistics_top + 1.2, 0)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xticks(np.arange(len(ends)) + 0.5, [en_dashes(period_of[e]) for e in ends])
    ax.set_yticks(
        [
            *(np.arange(len(factors)) + 0.5),
            statistics_top + 0.35,
            statistics_top + 0.95,
        ],
        [*(readable(f) for f in factors), "R²", "n (units)"],
    )
    ax.tick_params(length=0)
    ax.tick_params(axis="x", labelsize=8)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(
        f"Standardized betas, {plural(driver_result.level)}: "
        f"{_text_for_unit_axis(driver_result.outcome)}",
    )
    handles = [
        Patch(
            facecolor=SIGNIFICANCE_COLOURS[kind],
            edgecolor="#999999",
            linewidth=0.5,
            label=_LEGEND_TEXT[kind],
        )
        for kind in SIGNIFICANCE_COLOURS
        if kind != "not estimated" or kind in used
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.03),
        ncol=3,
        fontsize=8,
        frameon=False,
        title="cell: standardized beta; colour: sign and two-sided p-value",
        title_fontsize=8,
    )
    if created:
        figure.tight_layout()
    return figure
