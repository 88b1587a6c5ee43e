"""The scatter of net migration on job growth, the long-term bars and the beta table."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final, Protocol

import numpy as np
import pandas as pd

from .._text import plural
from .._validation import check_count
from ..drivers import CELL_COLOURS, cell_class
from ..errors import DataError, GeographyError
from ._common import (
    HIGHLIGHT_COLOUR,
    LINE_COLOUR,
    UNIT_COLOUR,
    figure_and_axes,
    format_number,
    readable,
    require_matplotlib,
)
from ._labels import place_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..attractiveness import AttractivenessResult, LongTermResult

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

    def to_frame(self) -> pd.DataFrame:
        """Tidy betas: ``period_end``, ``factor``, ``beta``, ``pvalue``, ..."""


def _text_for_unit_axis(outcome: str) -> str:
    if outcome == "net_migration":
        return "net migration"
    return readable(outcome)


def scatter(
    result: AttractivenessResult,
    highlight: int = 5,
    *,
    ax: Axes | None = None,
    label_units: Sequence[str] | None = None,
) -> Figure:
    """Net migration against job growth, the fitted line and the top units named.

    Parameters
    ----------
    result : AttractivenessResult
        One level and period, from :meth:`attraktiv.AttractivenessModel.fit`.
    highlight : int, default 5
        How many of the most attractive units to mark in a second colour and name
        (0 for none).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    label_units : sequence of str, optional
        Codes of further units to mark and name (your own municipality, say).

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on (a new pyplot figure when ``ax`` is None; close it with
        ``matplotlib.pyplot.close(fig)`` when done).

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``highlight`` is not a whole number of at least 0.
    GeographyError
        If a code of ``label_units`` is not a unit of the result.

    Notes
    -----
    With the published model, ``net_migration ~ job_growth``, each unit's
    attractiveness index is its vertical distance from the fitted line
    :math:`\\widehat{NM} = a + b \\cdot JG`. With any other model there is no single
    regressor to plot against; the figure then shows actual against expected net
    migration with the line of equality, and says so in its title.

    Labels are placed greedily around their points so that they do not overlap,
    measured on the rendered text. They stay apart as long as the axes keep their
    size and limits.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import scatter
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2014-2016")
    >>> fig = scatter(result, highlight=5)  # doctest: +SKIP
    >>> fig.savefig("scatter.png")  # doctest: +SKIP
    """
    require_matplotlib()
    count = check_count("highlight", highlight, minimum=0)
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
    ranking = result.ranking()
    top = list(ranking.index[:count])
    extra: list[str] = []
    if label_units is not None:
        unknown = [str(c) for c in label_units if c not in actual.index]
        if unknown:
            raise GeographyError(
                f"label_units: {', '.join(unknown)} not among the result's "
                f"{len(actual)} {plural(result.level)}; codes look like "
                f"{', '.join(repr(c) for c in actual.index[:3])}"
            )
        extra = [str(c) for c in label_units if c not in top]

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
                f"fitted: {format_number(intercept, 2)} "
                f"{'+' if slope >= 0 else '−'} {abs(slope):.3f} × job growth"
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
            label="actual = expected",
        )
    if top:
        ax.scatter(
            x[top].to_numpy(),
            actual[top].to_numpy(),
            s=42,
            color=HIGHLIGHT_COLOUR,
            edgecolors="black",
            linewidths=0.6,
            zorder=4,
            gid="attraktiv-highlight",
            label=f"top {len(top)} by attractiveness",
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

    period = str(result.period)
    if simple:
        ax.set_title(
            f"Net migration against job growth, {plural(result.level)} {period}"
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

    labelled = top + extra
    names = result.table["name"]
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
    ax: Axes | None = None,
) -> Figure:
    """One bar per unit for the long-term index, split into its period parts.

    Parameters
    ----------
    long_term : LongTermResult
        From :meth:`attraktiv.AttractivenessModel.long_term`.
    n : int, default 20
        Draw the ``n`` units with the highest long-term index, best at the top.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``n`` is not a whole number of at least 1.

    Notes
    -----
    The long-term index is the sum of the period indices. Each bar stacks its
    positive parts rightwards from 0 and its negative parts leftwards, in period
    order, so the length to the right minus the length to the left is the total,
    which a dot and a number mark.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import long_term_bars
    >>> lt = attraktiv.AttractivenessModel().long_term(load_norway())
    >>> fig = long_term_bars(lt, n=20)  # doctest: +SKIP
    """
    require_matplotlib()
    count = check_count("n", n)
    rows = long_term.ranking().head(count)
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
            label=label,
            zorder=2,
        )
        for bar in bars:
            bar.set_gid("attraktiv-part")
        right = np.where(values >= 0, right + values, right)
        left = np.where(values < 0, left + values, left)
    ax.scatter(
        totals,
        y,
        s=22,
        color="black",
        zorder=4,
        gid="attraktiv-total",
        label="long-term index (sum)",
    )
    span = max(float(np.nanmax(right)) - float(np.nanmin(left)), 1e-9)
    for row, total in enumerate(totals):
        if math.isfinite(total):
            ax.text(
                max(right[row], total) + 0.015 * span,
                y[row],
                format_number(total, 1),
                va="center",
                ha="left",
                fontsize=8,
                gid="attraktiv-total-label",
            )
    ax.axvline(0.0, color=LINE_COLOUR, linewidth=0.8, zorder=3)
    ax.set_yticks(y, [str(name) for name in rows["name"]])
    ax.set_ylim(len(rows) - 0.4, -0.6)  # best at the top
    ax.set_xlim(
        float(np.nanmin(left)) - 0.04 * span, float(np.nanmax(right)) + 0.12 * span
    )
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    first, last = long_term.periods[0], long_term.periods[-1]
    ax.set_title(
        f"Long-term attractiveness, top {len(rows)} {plural(long_term.level)}, "
        f"{first.first}-{last.last}"
    )
    ax.set_xlabel("Attractiveness index (percentage points of population)")
    ax.legend(loc="lower right", fontsize=8, title="period", title_fontsize=8)
    if created:
        figure.tight_layout()
    return figure


_BETA_COLUMNS: Final = ("period_end", "factor", "beta", "pvalue")


def beta_table(driver_result: DriverTable, *, ax: Axes | None = None) -> Figure:
    """The factor × period table of standardized betas, coloured by significance.

    Parameters
    ----------
    driver_result : attraktiv.drivers.DriverResult
        A driver analysis for one level and outcome (or anything with ``level``,
        ``outcome`` and a ``to_frame()`` with the columns ``period_end``,
        ``factor``, ``beta`` and ``pvalue``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on: one row per factor (in the result's order), one
        column per period labelled by its last year, the beta printed in each cell.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    DataError
        If the table lacks a column or has two betas for one factor and period.

    Notes
    -----
    Cell colours (:data:`SIGNIFICANCE_COLOURS`) follow METHOD section 6: dark blue
    / dark red for a positive / negative beta with :math:`p < 0.01`, light blue /
    light red for :math:`0.01 \\le p < 0.1`, near-white when not significant, grey
    where the factor was not estimated for the period.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.drivers import DriverAnalysis
    >>> from attraktiv.plot import beta_table
    >>> drivers = DriverAnalysis(["job_growth", "neighbour_growth", "size"])
    >>> result = drivers.fit(load_norway(), level="region")
    >>> fig = beta_table(result)  # doctest: +SKIP
    """
    require_matplotlib()
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
        ax, (2.6 + 0.72 * len(ends), 2.4 + 0.42 * len(factors))
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
                format_number(beta, 2) if math.isfinite(beta) else "–",
                ha="center",
                va="center",
                fontsize=8.5,
                color="white" if kind in _DARK_CLASSES else "black",
                gid=f"beta-text:{factor}:{end}",
            )
    ax.set_xlim(0, len(ends))
    ax.set_ylim(len(factors), 0)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xticks(np.arange(len(ends)) + 0.5, [str(e) for e in ends])
    ax.set_yticks(np.arange(len(factors)) + 0.5, [readable(f) for f in factors])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("period, by its last year", fontsize=9)
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
