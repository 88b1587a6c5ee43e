"""How sure are the ranks? The caterpillar plot of rank sets and the shrinkage plot."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import numpy as np
import pandas as pd

from ..core.text import plural
from ..core.typing import SeedLike
from ..core.validation import (
    check_count,
    check_instance,
    check_label,
    check_level,
    check_names,
    check_option,
)
from ..errors import DataError, GeographyError, InvalidOptionError
from ..geography import unique_names
from ._common import (
    BOTTOM_COLOUR,
    HIGHLIGHT_COLOUR,
    LINE_COLOUR,
    UNIT_COLOUR,
    figure_and_axes,
    period_text,
    require_matplotlib,
)
from ._labels import place_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..attractiveness import AttractivenessResult
    from ..geography import Hierarchy
    from ..uncertainty import ShrinkTarget

__all__ = ["CATERPILLAR_SIDES", "CaterpillarSide", "rank_caterpillar", "shrinkage_plot"]

#: Which units :func:`rank_caterpillar` shows: the top and bottom ``n``, or one end.
CaterpillarSide: TypeAlias = Literal["both", "top", "bottom"]
CATERPILLAR_SIDES: Final[tuple[CaterpillarSide, ...]] = ("both", "top", "bottom")

_RANK_COLUMNS: Final = ("rank", "rank_low", "rank_high")
_RAW_COLOUR: Final = "#9a9a9a"


def _check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in _RANK_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(
            "result_or_frame: the rank table has no column "
            f"{', '.join(missing)}; give a fitted index or the table of "
            "attraktiv.uncertainty.result_rank_intervals "
            "(columns rank, rank_low, rank_high)"
        )
    if frame.empty:
        raise DataError(
            "result_or_frame: the rank table has no rows; give at least one unit"
        )
    ranks = frame[list(_RANK_COLUMNS)]
    values = ranks.to_numpy(dtype=np.float64, na_value=np.nan)
    if not np.isfinite(values).all():
        bad = frame.index[~np.isfinite(values).all(axis=1)]
        raise DataError(
            "result_or_frame: the rank table has missing ranks for "
            f"{', '.join(map(str, bad[:5]))}; every unit needs rank, rank_low and "
            "rank_high"
        )
    outside = (ranks["rank_low"] > ranks["rank"]) | (ranks["rank"] > ranks["rank_high"])
    if outside.any():
        raise DataError(
            "result_or_frame: the rank table has rank_low <= rank <= rank_high "
            "false for "
            f"{', '.join(map(str, frame.index[outside.to_numpy()][:5]))}; give "
            "confidence sets that hold their point ranks"
        )
    order = np.lexsort((frame.index.to_numpy(), frame["rank"].to_numpy()))
    return frame.iloc[order]


def rank_caterpillar(
    result_or_frame: AttractivenessResult | pd.DataFrame,
    *,
    n: int = 20,
    which: CaterpillarSide = "both",
    level: float = 0.95,
    simultaneous: bool = False,
    draws: int = 2000,
    rng: SeedLike = None,
    hierarchy: Hierarchy | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Ranks with their confidence sets: the top and bottom units as a caterpillar.

    Parameters
    ----------
    result_or_frame : AttractivenessResult or pandas.DataFrame
        A fitted index, whose rank sets are then computed with
        :func:`attraktiv.uncertainty.result_rank_intervals`; or such a table
        already computed (indexed by unit code with ``rank``, ``rank_low``,
        ``rank_high`` and optionally ``name``), drawn as it is.
    n : int, default 20
        How many units to show at each end.
    which : {"both", "top", "bottom"}, default "both"
        The ``n`` most attractive and the ``n`` least attractive units, or one
        end only. When the two ends together hold every unit, every unit is shown
        once.
    level : float, default 0.95
        Coverage of the sets, strictly between 0 and 1 (for a fitted index).
    simultaneous : bool, default False
        Marginal sets (each covers its unit's rank with probability ``level``) or
        simultaneous ones (all at once); for a fitted index.
    draws : int, default 2000
        Bootstrap draws for the critical values (at least 100); for a fitted index.
    rng : numpy.random.Generator, int or None
        Source of randomness of the draws; the same seed gives the same figure.
    hierarchy : attraktiv.geography.Hierarchy, optional
        The units' hierarchy (``panel.hierarchy``), with a fitted index: a name
        that several units share is followed by its county, "Våler (Østfold)".
        Without it (and for a table), by its code. See :func:`unique_names`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure whose height fits the units shown.
    title : str, optional
        Default: which units are shown, their level and period, and for a fitted
        index how the sets were found (level, marginal or simultaneous, draws).
        Give one for a table, whose method the figure cannot know.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on. Each unit shown is one row, most attractive at the
        top, labelled with its rank and name. The sets are one
        ``LineCollection`` (gid ``"attraktiv-rank-sets"``) with one horizontal
        segment per unit, from ``rank_low`` to ``rank_high``, in the order of the
        rows; the point ranks are one scatter (gid ``"attraktiv-rank-points"``)
        in the same order. For a fitted index, the title says the level of the
        sets, marginal or simultaneous, and the number of draws.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        For ``n`` that is not a whole number of at least 1, an unknown ``which``,
        a ``level`` outside (0, 1), or options that
        :func:`~attraktiv.uncertainty.result_rank_intervals` refuses.
    DataError
        If the table lacks ``rank``, ``rank_low`` or ``rank_high``, is empty, or
        has a rank outside its set.
    GeographyError
        If the result's level is not a level of ``hierarchy``.

    Notes
    -----
    A unit's set :math:`[\\text{rank\\_low}, \\text{rank\\_high}]` holds its
    true rank with probability ``level`` (marginal), or all sets hold all true
    ranks at once with that probability (simultaneous). A long segment means the
    data cannot tell the unit's place in the table: in a small municipality a few
    people moving change the index a lot.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import rank_caterpillar
    >>> panel = load_norway()
    >>> result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")
    >>> fig = rank_caterpillar(result, n=10, rng=2011, hierarchy=panel.hierarchy)
    >>> fig.axes[0].get_yticklabels()[0].get_text()
    '1. Ullensaker'
    >>> fig.savefig("ranks.png")  # doctest: +SKIP
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    from ..attractiveness import AttractivenessResult

    require_matplotlib()
    count = check_count("n", n, minimum=1)
    side = check_option("which", which, CATERPILLAR_SIDES)
    title = check_label("title", title)
    what = "units"
    when = ""
    method = ""
    if isinstance(result_or_frame, AttractivenessResult):
        coverage = check_level(level)
        if not isinstance(simultaneous, bool):
            raise InvalidOptionError(
                f"simultaneous={simultaneous!r} is not valid; give True or False"
            )
        table = result_or_frame.rank_intervals(
            level=coverage,
            simultaneous=simultaneous,
            draws=draws,
            rng=rng,
        )
        names = unique_names(table["name"], result_or_frame.level, hierarchy)
        what = plural(result_or_frame.level)
        when = f", {period_text(str(result_or_frame.period))}"
        kind = "simultaneous" if simultaneous else "marginal"
        method = (
            f"{100 * coverage:g} % {kind} confidence sets, {draws:,} bootstrap draws"
        )
    elif isinstance(result_or_frame, pd.DataFrame):
        table = _check_frame(result_or_frame)
        if "name" in table.columns:
            names = unique_names(table["name"].astype("str"))
        else:
            names = pd.Series(table.index.astype("str"), index=table.index)
    else:
        raise InvalidOptionError(
            f"result_or_frame={type(result_or_frame).__name__} is not valid; give an "
            "AttractivenessResult or the table of "
            "attraktiv.uncertainty.result_rank_intervals"
        )
    total = len(table)
    if side == "top":
        rows = table.iloc[: min(count, total)]
    elif side == "bottom":
        rows = table.iloc[max(total - count, 0) :]
    elif 2 * count >= total:
        rows = table
    else:
        rows = pd.concat([table.iloc[:count], table.iloc[total - count :]])
    shown = len(rows)
    top_rows = min(count, total) if side != "bottom" else 0
    # A gap of one row between the two ends, when both are shown and apart.
    gap = 1.0 if side == "both" and 2 * count < total else 0.0
    y = np.arange(shown, dtype=np.float64)
    y[top_rows:] += gap
    colours = [
        HIGHLIGHT_COLOUR
        if (side == "top" or (side == "both" and i < top_rows))
        else BOTTOM_COLOUR
        for i in range(shown)
    ]
    if side == "both" and gap == 0.0:
        colours = [UNIT_COLOUR] * shown

    figure, ax, created = figure_and_axes(
        ax, (7.5, 1.6 + 0.22 * (shown + gap)), layout=None
    )
    rank = rows["rank"].to_numpy(dtype=np.float64)
    low = rows["rank_low"].to_numpy(dtype=np.float64)
    high = rows["rank_high"].to_numpy(dtype=np.float64)
    ax.hlines(
        y,
        low,
        high,
        colors=colours,
        linewidth=2.4,
        alpha=0.55,
        zorder=2,
        gid="attraktiv-rank-sets",
    )
    ax.scatter(
        rank,
        y,
        s=22,
        c=colours,
        edgecolors=LINE_COLOUR,
        linewidths=0.5,
        zorder=3,
        gid="attraktiv-rank-points",
    )
    if gap:
        ax.axhline(top_rows - 0.5 + gap / 2, color="#bbbbbb", linewidth=0.7, zorder=1)
    shown_names = names.reindex(rows.index).astype("str")
    ax.set_yticks(
        y,
        [
            f"{int(r)}. {name}"
            for r, name in zip(rows["rank"], shown_names, strict=True)
        ],
        fontsize=8,
    )
    ax.set_ylim(float(y[-1]) + 0.7, -0.7)
    # Points at rank 1 or n stay clear of the frame.
    pad = 0.5 + 0.015 * total
    ax.set_xlim(1.0 - pad, total + pad)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"Rank among {total:,} {what} (1 = most attractive)")
    ends = {
        "both": f"The {count} most and {count} least attractive {what}",
        "top": f"The {min(count, total)} most attractive {what}",
        "bottom": f"The {min(count, total)} least attractive {what}",
    }[side]
    if side == "both" and 2 * count >= total:
        ends = f"All {total} {what}"
    if title is None:
        title = f"{ends}{when}: ranks and confidence sets"
        if method:
            title += f"\n{method}"
    ax.set_title(title, fontsize="medium")
    if created:
        figure.tight_layout()
    return figure


def shrinkage_plot(
    result: AttractivenessResult,
    *,
    top: int = 5,
    label_units: Sequence[str] | None = None,
    toward: ShrinkTarget = "regression",
    parents: pd.Series | None = None,
    hierarchy: Hierarchy | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The index before and after shrinkage, against the population of each unit.

    Parameters
    ----------
    result : AttractivenessResult
        A fitted index; the shrunk one comes from its
        :meth:`~attraktiv.AttractivenessResult.shrunk`.
    top : int, default 5
        How many of the most attractive units (by the published index) to name,
        with their rank before and after shrinkage (0 for none).
    label_units : sequence of str, optional
        Codes of further units to name (your own municipality, say).
    toward : {"regression", "zero", "parent"}, default "regression"
        As :meth:`~attraktiv.AttractivenessResult.shrunk` (toward a regression
        on log start population by default, drawn as a dark line).
    parents : pandas.Series, optional
        As :meth:`~attraktiv.AttractivenessResult.shrunk` (with
        ``toward="parent"``).
    hierarchy : attraktiv.geography.Hierarchy, optional
        The units' hierarchy (``panel.hierarchy``): a name that several units
        share is followed by its county. See :func:`unique_names`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on, population on a logarithmic axis. The published
        index is one scatter of hollow grey points (gid ``"attraktiv-raw"``), the
        shrunk index one of filled points (gid ``"attraktiv-shrunk"``), both one
        point per unit in the order of ``shrunk_ranking``'s table; a grey segment
        (one ``LineCollection``, gid ``"attraktiv-shrinkage"``) joins each unit's
        two values. Named units are marked in orange and labelled "name: rank →
        shrunk rank" (gid ``"attraktiv-label"``).

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``top`` is not a whole number of at least 0, or as
        :func:`~attraktiv.uncertainty.shrunk_ranking`.
    GeographyError
        If a code of ``label_units`` is not a unit of the result, or the result's
        level is not a level of ``hierarchy``.
    DataError
        If a unit's start population is not positive (it cannot be drawn on a
        logarithmic axis), or as :func:`~attraktiv.uncertainty.shrunk_ranking`.

    Notes
    -----
    The shrunk index is :math:`\\mu_i + (1 - B_i)(\\hat A_i - \\mu_i)` with
    :math:`B_i = s_i^2 / (s_i^2 + \\tau^2)` and :math:`\\mu_i` the prior mean
    (the regression's value for the unit's size, zero, or the parent's mean): a
    small place, whose index has a large standard error :math:`s_i`, is pulled far
    toward :math:`\\mu_i`; a large place hardly moves. The segments therefore
    shorten from left to right.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import shrinkage_plot
    >>> panel = load_norway()
    >>> result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")
    >>> fig = shrinkage_plot(result, hierarchy=panel.hierarchy)
    >>> [t.get_text() for t in fig.axes[0].texts][3:]
    ['Vevelstad: 4 → 211', 'Træna: 5 → 229']
    >>> fig.savefig("shrinkage.png")  # doctest: +SKIP
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    from matplotlib.collections import LineCollection
    from matplotlib.patches import FancyArrowPatch

    require_matplotlib()
    from ..attractiveness import AttractivenessResult  # imported when drawing only

    result = check_instance(
        "result", result, AttractivenessResult, "from AttractivenessModel().fit"
    )
    top_count = check_count("top", top, minimum=0)
    extra: list[str] = []
    if label_units is not None:
        extra = list(check_names("label_units", label_units, empty=True))
    table = result.shrunk(toward=toward, parents=parents)
    if extra:
        unknown = [code for code in extra if code not in table.index]
        if unknown:
            raise GeographyError(
                f"label_units: {', '.join(unknown)} not among the result's "
                f"{len(table)} {plural(result.level)}; codes look like "
                f"{', '.join(repr(c) for c in table.index[:3])}"
            )
    population = table["population_start"].to_numpy(dtype=np.float64)
    if not (population > 0).all():
        bad = table.index[~(population > 0)]
        raise DataError(
            f"population_start is not positive for {', '.join(map(str, bad[:5]))}; "
            "the shrinkage plot needs a positive start population for every unit"
        )
    names = unique_names(result.table["name"], result.level, hierarchy)
    raw = table["attractiveness"].to_numpy(dtype=np.float64)
    shrunk = table["shrunk"].to_numpy(dtype=np.float64)
    best = list(table.sort_values("rank", kind="stable").index[:top_count])
    named = best + [code for code in extra if code not in best]

    figure, ax, created = figure_and_axes(ax, (8.0, 6.0))
    ax.axhline(0.0, color="#bbbbbb", linewidth=0.7, zorder=1)
    ax.grid(color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    segments = np.stack(
        [np.column_stack([population, raw]), np.column_stack([population, shrunk])],
        axis=1,
    )
    ax.add_collection(
        LineCollection(
            list(segments),
            colors="#c4c4c4",
            linewidths=0.6,
            zorder=2,
            gid="attraktiv-shrinkage",
        )
    )
    ax.scatter(
        population,
        raw,
        s=14,
        facecolors="none",
        edgecolors=_RAW_COLOUR,
        linewidths=0.6,
        zorder=3,
        gid="attraktiv-raw",
        label="published index",
    )
    ax.scatter(
        population,
        shrunk,
        s=14,
        color=UNIT_COLOUR,
        edgecolors="none",
        zorder=4,
        gid="attraktiv-shrunk",
        label="shrunk index",
    )
    positions = table.index.get_indexer(pd.Index(named))
    if named:
        ax.scatter(
            population[positions],
            raw[positions],
            s=26,
            facecolors="none",
            edgecolors=HIGHLIGHT_COLOUR,
            linewidths=1.0,
            zorder=5,
        )
        ax.scatter(
            population[positions],
            shrunk[positions],
            s=26,
            color=HIGHLIGHT_COLOUR,
            edgecolors=LINE_COLOUR,
            linewidths=0.4,
            zorder=5,
            label="named units",
        )
        for position in positions:
            ax.add_patch(
                FancyArrowPatch(
                    (population[position], raw[position]),
                    (population[position], shrunk[position]),
                    arrowstyle="-|>",
                    mutation_scale=9,
                    color=HIGHLIGHT_COLOUR,
                    linewidth=0.9,
                    shrinkA=3,
                    shrinkB=3,
                    zorder=4,
                )
            )
    ax.set_xscale("log")
    ax.autoscale_view()
    ax.margins(x=0.04, y=0.1)  # room for the labels of the extreme values
    ax.set_xlabel("Population at the start of the period (log scale)")
    ax.set_ylabel("Attractiveness index (percentage points of population)")
    if toward == "regression":
        order = np.argsort(population, kind="stable")
        ax.plot(
            population[order],
            table["prior_mean"].to_numpy(dtype=np.float64)[order],
            color=LINE_COLOUR,
            linewidth=1.0,
            zorder=3,
            gid="attraktiv-prior-mean",
            label="mean index by size",
        )
    target = {
        "regression": "the mean index of places of its size",
        "zero": "zero",
        "parent": "the parent's mean",
    }[toward]
    ax.set_title(
        f"Published and shrunk index, {plural(result.level)} "
        f"{period_text(str(result.period))}\nshrunk toward {target}"
        + "; named: rank → rank by shrunk index",
        fontsize="medium",
    )
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    if created:
        figure.tight_layout()
    if named:
        # Labels go next to the published value, where the unit stood in the table.
        xy = np.column_stack([population[positions], raw[positions]])
        before = table["rank"].to_numpy(dtype=np.int64)[positions]
        after = table["rank_shrunk"].to_numpy(dtype=np.int64)[positions]
        texts = [
            f"{names.get(code, code)}: {int(old)} → {int(new)}"
            for code, old, new in zip(named, before, after, strict=True)
        ]
        place_labels(
            ax,
            xy,
            texts,
            marked=np.vstack(
                [xy, np.column_stack([population[positions], shrunk[positions]])]
            ),
            others=np.vstack(
                [
                    np.column_stack([population, raw]),
                    np.column_stack([population, shrunk]),
                ]
            ),
            gid="attraktiv-label",
        )
    return figure
