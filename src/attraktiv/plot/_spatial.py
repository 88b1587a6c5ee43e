"""Figures of spatial structure: the Moran scatter plot and the LISA cluster map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from ..core.text import plural
from ..core.validation import check_label, check_name_map, check_names
from ..datasets import MAP_LEVELS, norway_layer
from ..errors import GeographyError, InvalidOptionError
from ..geography import MapLayer
from ._common import (
    LINE_COLOUR,
    figure_and_axes,
    number_text,
    require_matplotlib,
)
from ._labels import place_labels
from ._maps import Projection, check_map_level, choropleth

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..spatial import LocalMoransResult

__all__ = ["LISA_COLOURS", "lisa_map", "moran_scatter"]

#: Colours of the LISA clusters (high-high red, low-low blue, outliers pale).
LISA_COLOURS: Final[Mapping[str, str]] = {
    "HH": "#d7191c",
    "LH": "#abd9e9",
    "LL": "#2c7bb6",
    "HL": "#fdae61",
    "not significant": "#e3e3e3",
}
_LEGEND_TEXT: Final[Mapping[str, str]] = {
    "HH": "high among high (HH)",
    "LH": "low among high (LH)",
    "LL": "low among low (LL)",
    "HL": "high among low (HL)",
    "not significant": "not significant",
}


def _check_lisa(lisa: object) -> LocalMoransResult:
    from ..spatial import LocalMoransResult

    if not isinstance(lisa, LocalMoransResult):
        raise InvalidOptionError(
            f"lisa={type(lisa).__name__} is not valid; give the result of "
            "attraktiv.spatial.local_morans"
        )
    return lisa


def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, float | int):
        raise InvalidOptionError(f"alpha={alpha!r} is not valid; give a number")
    if not 0.0 < float(alpha) < 1.0:
        raise InvalidOptionError(f"alpha={alpha!r} is not valid; it must be in (0, 1)")
    return float(alpha)


def _clusters(lisa: LocalMoransResult, alpha: float) -> pd.Series:
    """The clusters, or every unit's quadrant "not significant" without p-values."""
    if lisa.permutations == 0:
        return pd.Series(
            pd.Categorical(
                ["not significant"] * len(lisa.codes),
                categories=list(LISA_COLOURS),
                ordered=True,
            ),
            index=lisa.codes,
            name="cluster",
        )
    return lisa.clusters(alpha)


def moran_scatter(
    lisa: LocalMoransResult,
    *,
    alpha: float = 0.05,
    ax: Axes | None = None,
    names: Mapping[str, str] | pd.Series | None = None,
    label_units: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """The Moran scatter plot: each unit's value against its neighbours' average.

    Parameters
    ----------
    lisa : LocalMoransResult
        From :func:`attraktiv.spatial.local_morans`.
    alpha : float, default 0.05
        Units whose local p-value is at most ``alpha`` are coloured by their
        quadrant (see :data:`LISA_COLOURS`); the others are grey.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    names : mapping or pandas.Series, optional
        Names by code, used to label ``label_units`` (default: their codes).
    label_units : sequence of str, optional
        Codes of units to name on the plot.
    title : str, optional
        Default: "Moran scatter plot (Moran's I = ...)".

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on. The units are one scatter (gid
        ``"attraktiv-moran-units"``), one point per unit in the order of
        ``lisa.codes``; the line through the origin (gid ``"attraktiv-moran-fit"``)
        has the least-squares slope, which is Moran's I for row-standardized
        weights without islands.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``lisa`` is not a LocalMoransResult or ``alpha`` not in (0, 1).
    GeographyError
        If a code of ``label_units`` is not a unit of ``lisa``.

    Notes
    -----
    The horizontal axis is the standardized value :math:`z_i`, the vertical one
    its spatial lag :math:`\\sum_j w_{ij} z_j`. The four quadrants around the
    origin are HH (top right), LH (top left), LL (bottom left) and HL (bottom
    right).

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import moran_scatter
    >>> from attraktiv.spatial import contiguity_weights, local_morans
    >>> index = attraktiv.AttractivenessModel().fit(load_norway(), "2014-2016").index
    >>> w = contiguity_weights("municipality", link_islands=True)
    >>> fig = moran_scatter(local_morans(index, w, rng=0))  # doctest: +SKIP
    """
    require_matplotlib()
    result = _check_lisa(lisa)
    level = _check_alpha(alpha)
    lookup = {} if names is None else check_name_map("names", names)
    title = check_label("title", title)
    labelled: list[str] = []
    if label_units is not None:
        labelled = list(check_names("label_units", label_units, empty=True))
        unknown = [code for code in labelled if code not in result.codes]
        if unknown:
            raise GeographyError(
                f"label_units: {', '.join(unknown)} not among the {len(result.codes)} "
                "units of the LISA result; codes look like "
                f"{', '.join(repr(c) for c in result.codes[:3])}"
            )
    figure, ax, created = figure_and_axes(ax, (7.0, 6.0))
    x = result.standardized.to_numpy()
    y = result.lag.to_numpy()
    clusters = _clusters(result, level)
    colours = [LISA_COLOURS[str(c)] for c in clusters]

    ax.axhline(0.0, color="#bbbbbb", linewidth=0.7, zorder=1)
    ax.axvline(0.0, color="#bbbbbb", linewidth=0.7, zorder=1)
    ax.grid(color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.scatter(
        x,
        y,
        s=16,
        c=colours,
        edgecolors="#555555",
        linewidths=0.3,
        zorder=2,
        gid="attraktiv-moran-units",
    )
    slope = float(x @ y / (x @ x))
    ax.axline(
        (0.0, 0.0),
        slope=slope,
        color=LINE_COLOUR,
        linewidth=1.2,
        zorder=3,
        gid="attraktiv-moran-fit",
        label=f"slope {number_text(slope, 3)}",
    )
    # Legend entries for every cluster present, in a fixed order.
    from matplotlib.lines import Line2D

    present = set(map(str, clusters))
    handles = [
        Line2D(
            [],
            [],
            color=LINE_COLOUR,
            linewidth=1.2,
            label=f"slope {number_text(slope, 3)}",
        )
    ]
    for cluster, colour in LISA_COLOURS.items():
        if cluster in present:
            count = int(np.sum(clusters.astype(str) == cluster))
            text = _LEGEND_TEXT[cluster]
            if cluster != "not significant":
                text += f", p ≤ {level:g}"
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markerfacecolor=colour,
                    markeredgecolor="#555555",
                    markeredgewidth=0.3,
                    label=f"{text} ({count})",
                )
            )
    ax.legend(handles=handles, loc="best", fontsize=8, framealpha=0.9)
    ax.set_xlabel("Standardized value")
    ax.set_ylabel("Spatial lag (neighbours' average)")
    ax.set_title(
        f"Moran scatter plot (Moran's I = {number_text(result.global_statistic, 3)}"
        f", {len(result.codes)} units)"
        if title is None
        else title
    )
    ax.margins(0.06)
    if created:
        figure.tight_layout()
    if labelled:
        positions = result.codes.get_indexer(pd.Index(labelled))
        xy = np.column_stack([x[positions], y[positions]])
        place_labels(
            ax,
            xy,
            [str(lookup.get(code, code)) for code in labelled],
            marked=xy,
            others=np.column_stack([x, y]),
            gid="attraktiv-label",
        )
    return figure


def _infer_level(codes: pd.Index) -> str:
    overlaps = {
        level: len(codes.intersection(pd.Index(norway_layer(level).codes)))
        for level in MAP_LEVELS
    }
    best = max(overlaps, key=overlaps.__getitem__)
    if overlaps[best] == 0:
        raise GeographyError(
            "no code of the LISA result is on the bundled map at any level; codes "
            f"look like {', '.join(repr(c) for c in codes[:3])}. Give map_layer="
        )
    return best


def lisa_map(
    lisa: LocalMoransResult,
    level: str | None = None,
    *,
    alpha: float = 0.05,
    ax: Axes | None = None,
    map_layer: MapLayer | None = None,
    title: str | None = None,
    projection: Projection | None = None,
    extent: tuple[float, float, float, float] | None = None,
    credit: str | None = None,
    legend_loc: str = "lower right",
) -> Figure:
    """A map of the LISA clusters: significant HH, LL, HL and LH units.

    Parameters
    ----------
    lisa : LocalMoransResult
        From :func:`attraktiv.spatial.local_morans`.
    level : {"municipality", "region", "county"}, optional
        The level of the bundled map; default the level whose codes the result's
        match. Ignored when ``map_layer`` is given.
    alpha : float, default 0.05
        Units whose local p-value is at most ``alpha`` are coloured by their
        quadrant (see :data:`LISA_COLOURS`); the others light grey.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    map_layer : MapLayer, optional
        Another map (from :func:`read_topojson`) whose codes match the result's.
    title : str, optional
        Default: "LISA clusters, <units> (p ≤ alpha)".
    projection : callable, optional
        As in :func:`choropleth`: draw the map in this projection (without the
        Oslo inset), such as :func:`attraktiv.geography.lambert_europe`.
    extent : (xmin, ymin, xmax, ymax), optional
        As in :func:`choropleth`: the part of the map to show.
    credit : str, optional
        As in :func:`choropleth`: default the bundled map's of Norway, none
        with a map of your own.
    legend_loc : str, default "lower right"
        As in :func:`choropleth`: the corner the legend stands in.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on, as :func:`choropleth`: one ``PolyCollection`` (gid
        ``"attraktiv-map"``) with one face per unit of the map in code order, and
        a legend with the five classes. Units of the map without a result (islands
        left out, say) are drawn darker grey as "no data".

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``lisa`` is not a LocalMoransResult, ``alpha`` is not in (0, 1) or
        ``level`` is not a level of the bundled map.
    GeographyError
        If no code of the result is on the bundled map.

    Warns
    -----
    UserWarning
        As :func:`choropleth`, naming the units of the map without a result.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import lisa_map
    >>> from attraktiv.spatial import contiguity_weights, local_morans
    >>> index = attraktiv.AttractivenessModel().fit(load_norway(), "2014-2016").index
    >>> w = contiguity_weights("municipality", link_islands=True)
    >>> fig = lisa_map(local_morans(index, w, rng=0))  # doctest: +SKIP
    """
    from matplotlib.colors import ListedColormap

    require_matplotlib()
    result = _check_lisa(lisa)
    threshold = _check_alpha(alpha)
    level = check_map_level(level, map_layer)
    title = check_label("title", title)
    if map_layer is None and level is None:
        level = _infer_level(result.codes)
    clusters = _clusters(result, threshold)
    clusters = clusters.cat.rename_categories(
        [_LEGEND_TEXT[str(c)] for c in clusters.cat.categories]
    )
    clusters.name = "cluster"
    # choropleth colours the ordered groups evenly along the colormap; with one
    # colour per class the classes get exactly their colours.
    colormap = ListedColormap(list(LISA_COLOURS.values()), name="lisa")
    units = plural(level) if level is not None else "units"
    return choropleth(
        clusters,
        level,
        ax=ax,
        map_layer=map_layer,
        title=(
            f"LISA clusters, {units} (p ≤ {threshold:g})" if title is None else title
        ),
        cmap=colormap,
        projection=projection,
        extent=extent,
        credit=credit,
        legend_loc=legend_loc,
    )
