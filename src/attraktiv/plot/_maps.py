"""Choropleth maps: units coloured by ordered groups of their index."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Final, TypeAlias

import numpy as np
import pandas as pd

from .._text import plural
from .._typing import FloatArray
from .._validation import check_count, check_option
from ..attractiveness import AttractivenessResult, LongTermResult
from ..errors import DataError, InvalidOptionError
from ._common import (
    NO_DATA_COLOUR,
    figure_and_axes,
    format_number,
    require_matplotlib,
    root_figure,
)
from ._topojson import MAP_LEVELS, MapLayer, norway_layer

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.colors import Colormap
    from matplotlib.figure import Figure

__all__ = ["MapValues", "choropleth", "choropleth_pair"]

MapValues: TypeAlias = AttractivenessResult | LongTermResult | pd.Series
"""What a map shows: a period's index, the long-term index, or any values by code."""

_SHOWN: Final = 30
_DEFAULT_CMAP: Final = "RdYlBu"


@lru_cache(maxsize=8)
def _paths(layer: MapLayer) -> tuple[list[FloatArray], list[np.ndarray]]:
    """One compound path per unit (every ring of every polygon), with its codes."""
    from matplotlib.path import Path

    vertices: list[FloatArray] = []
    codes: list[np.ndarray] = []
    for unit in layer.polygons:
        rings = [ring for polygon in unit for ring in polygon]
        vertices.append(np.concatenate(rings))
        unit_codes = []
        for ring in rings:
            ring_codes = np.full(len(ring), Path.LINETO, dtype=Path.code_type)
            ring_codes[0] = Path.MOVETO
            ring_codes[-1] = Path.CLOSEPOLY
            unit_codes.append(ring_codes)
        codes.append(np.concatenate(unit_codes))
    return vertices, codes


def _quantile_groups(values: pd.Series, k: int) -> pd.Series:
    present = values.dropna()
    distinct = present.nunique()
    if distinct < k:
        raise InvalidOptionError(
            f"k={k} is not valid: the values have only {distinct} distinct numbers; "
            "choose a smaller k"
        )
    return pd.Series(pd.qcut(present, k, precision=2), index=present.index)


def _groups_of(values: MapValues, k: int) -> tuple[pd.Series, str]:
    """Ordered categorical groups by code, and the legend title."""
    if isinstance(values, pd.Series):
        if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.ordered:
            groups = values
        elif pd.api.types.is_numeric_dtype(values.dtype) and not (
            pd.api.types.is_bool_dtype(values.dtype)
        ):
            groups = _quantile_groups(values.astype(np.float64), k)
        else:
            raise DataError(
                f"the values have dtype {values.dtype}; give numbers, or an ordered "
                "categorical of groups"
            )
        title = "" if values.name is None else str(values.name).replace("_", " ")
        return groups, title
    if isinstance(values, LongTermResult):
        return values.groups(k), "long-term index (pp)"
    return values.groups(k), "attractiveness (pp)"


def _check_values(values: object) -> MapValues:
    if not isinstance(values, AttractivenessResult | LongTermResult | pd.Series):
        raise InvalidOptionError(
            f"values={type(values).__name__} is not valid; give an "
            "AttractivenessResult, a LongTermResult or a pandas Series by unit code"
        )
    return values


def _decimals(bounds: Sequence[float]) -> int:
    finite = [b for b in bounds if math.isfinite(b)]
    for decimals in range(1, 5):
        if len({round(b, decimals) for b in finite}) == len(set(finite)):
            return decimals
    return 4


def _group_labels(categories: pd.Index) -> list[str]:
    if isinstance(categories, pd.IntervalIndex):
        bounds = [*categories.left, *categories.right]
        decimals = _decimals(bounds)
        return [
            f"{format_number(i.left, decimals)} to {format_number(i.right, decimals)}"
            for i in categories
        ]
    return [str(c) for c in categories]


def _level_of(values: MapValues, level: str | None) -> str:
    own = None if isinstance(values, pd.Series) else values.level
    if level is None:
        return own or "municipality"
    if own is not None and level != own:
        raise InvalidOptionError(
            f"level={level!r} does not match the result's level {own!r}; leave it "
            "out to use the result's"
        )
    return level


def _default_title(values: MapValues, level: str) -> str:
    if isinstance(values, pd.Series):
        return "" if values.name is None else str(values.name).replace("_", " ")
    if isinstance(values, LongTermResult):
        first, last = values.periods[0], values.periods[-1]
        return (
            f"Long-term attractiveness, {plural(level)} {first.first}-{last.last} "
            f"({len(values.periods)} periods)"
        )
    return f"Attractiveness, {plural(level)} {values.period}"


def _listed(codes: Sequence[str], layer: MapLayer | None) -> str:
    shown = [
        f"{code} {layer.names[layer.codes.index(code)]}" if layer is not None else code
        for code in codes[:_SHOWN]
    ]
    text = ", ".join(shown)
    if len(codes) > _SHOWN:
        text += f" and {len(codes) - _SHOWN} more"
    return text


def _colormap(cmap: str | Colormap) -> Colormap:
    import matplotlib as mpl
    from matplotlib.colors import Colormap

    if isinstance(cmap, Colormap):
        return cmap
    try:
        return mpl.colormaps[cmap]
    except KeyError:
        raise InvalidOptionError(
            f"cmap={cmap!r} is not a matplotlib colormap; try 'RdYlBu' or 'viridis'"
        ) from None


def _draw(
    ax: Axes,
    values: MapValues,
    *,
    level: str | None,
    k: int,
    map_layer: MapLayer | None,
    title: str | None,
    cmap: str | Colormap,
) -> list[str]:
    """Draw one map on ``ax``; return the warnings to give."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    k = check_count("k", k, minimum=2)
    values = _check_values(values)
    resolved = _level_of(values, level)
    if map_layer is None:
        layer = norway_layer(check_option("level", resolved, MAP_LEVELS))
    elif isinstance(map_layer, MapLayer):
        layer = map_layer
    else:
        raise InvalidOptionError(
            f"map_layer={type(map_layer).__name__} is not valid; give a MapLayer "
            "from read_topojson or norway_layer"
        )
    colormap = _colormap(cmap)
    groups, legend_title = _groups_of(values, k)
    groups = groups.copy()
    groups.index = groups.index.astype(str)
    present = groups.dropna()
    on_map = set(layer.codes)
    if not on_map.intersection(present.index):
        raise DataError(
            f"none of the {len(present)} codes with values is on the {layer.name!r} "
            f"map of {len(layer)} {plural(resolved)}; the data's codes look like "
            f"{', '.join(repr(c) for c in present.index[:3])}, the map's like "
            f"{', '.join(repr(c) for c in layer.codes[:3])}"
        )
    categories = groups.cat.categories
    colours = colormap(np.linspace(0.0, 1.0, len(categories)))
    group_number = groups.cat.codes.reindex(list(layer.codes), fill_value=-1)
    numbers = group_number.to_numpy()
    faces = np.where(
        (numbers >= 0)[:, None],
        colours[np.clip(numbers, 0, None)],
        np.array(_rgba(NO_DATA_COLOUR)),
    )
    vertices, path_codes = _paths(layer)
    collection = PolyCollection(
        [],
        facecolors=faces,
        edgecolors="white",
        linewidths=0.2 if len(layer) > 150 else 0.45,
        gid="attraktiv-map",
    )
    # The stub says one code per path, but matplotlib takes one code array per
    # path here (each unit is a compound path of several rings).
    collection.set_verts_and_codes(vertices, path_codes)  # type: ignore[arg-type]
    ax.add_collection(collection)

    lon_min, lat_min, lon_max, lat_max = layer.bounds
    pad_lon, pad_lat = 0.02 * (lon_max - lon_min), 0.02 * (lat_max - lat_min)
    ax.set_xlim(lon_min - pad_lon, lon_max + pad_lon)
    ax.set_ylim(lat_min - pad_lat, lat_max + pad_lat)
    # A degree of longitude is cos(latitude) as long as a degree of latitude.
    ax.set_aspect(1.0 / math.cos(math.radians(0.5 * (lat_min + lat_max))))
    ax.set_axis_off()
    ax.set_title(_default_title(values, resolved) if title is None else title)

    grey = [
        code for code, number in zip(layer.codes, numbers, strict=True) if number < 0
    ]
    labels = _group_labels(categories)
    handles = [
        Patch(facecolor=colours[i], edgecolor="none", label=labels[i])
        for i in reversed(range(len(categories)))
    ]
    if grey:
        handles.append(
            Patch(facecolor=NO_DATA_COLOUR, edgecolor="none", label="no data")
        )
    ax.legend(
        handles=handles,
        loc="lower right",
        fontsize=8,
        title=legend_title or None,
        title_fontsize=8,
        frameon=False,
    )

    messages: list[str] = []
    if grey:
        messages.append(
            f"{len(grey)} {plural(resolved)} of the map have no value and are drawn "
            f"grey: {_listed(grey, layer)}"
        )
    off_map = [code for code in present.index if code not in on_map]
    if off_map:
        messages.append(
            f"{len(off_map)} unit(s) with values are not on the {layer.name!r} map "
            f"and are not drawn: {_listed(off_map, None)}"
        )
    return messages


def _rgba(colour: str) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(colour)


def choropleth(
    values: MapValues,
    level: str | None = None,
    *,
    ax: Axes | None = None,
    k: int = 5,
    map_layer: MapLayer | None = None,
    title: str | None = None,
    cmap: str | Colormap = _DEFAULT_CMAP,
) -> Figure:
    """A map of units coloured by ordered groups of their index.

    Parameters
    ----------
    values : AttractivenessResult, LongTermResult or pandas.Series
        A period's index (grouped by its ``groups(k)``), the long-term index
        (likewise), or values by unit code: numbers, grouped into ``k`` quantile
        groups, or an ordered categorical of ready groups.
    level : {"municipality", "region", "county"}, optional
        The level of the bundled map to draw; default the result's level, or
        ``"municipality"`` for a Series. Ignored when ``map_layer`` is given.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    k : int, default 5
        Number of groups (quintiles by default, METHOD section 5).
    map_layer : MapLayer, optional
        Another map (from :func:`read_topojson`) whose codes match the values'.
    title : str, optional
        Default: what and when, e.g. "Attractiveness, municipalities 2014-2016".
    cmap : str or matplotlib.colors.Colormap, default "RdYlBu"
        Colours from the lowest group (red) to the highest (blue).

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on. The units are one ``PolyCollection`` (one path per
        unit, holes and islands included); the legend names each group's bounds,
        highest first, and "no data" when a unit is grey.

    Raises
    ------
    attraktiv.AttraktivError
        If matplotlib is not installed.
    InvalidOptionError
        If ``level`` is not a level of the bundled map or disagrees with the
        result's, ``k`` is below 2 or above the number of distinct values, or
        ``cmap`` is unknown.
    DataError
        If no code of the values is on the map (codes must be text, zero-padded as
        in "0301").

    Warns
    -----
    UserWarning
        Naming the units of the map that have no value (drawn grey), and the units
        with values that the map lacks.

    Notes
    -----
    The map is drawn in longitude and latitude with the aspect ratio set so that
    distances at the map's middle latitude are true in both directions.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import choropleth
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2014-2016")
    >>> fig = choropleth(result)  # doctest: +SKIP
    """
    require_matplotlib()
    figure, ax, _ = figure_and_axes(ax, (6.4, 7.6), layout="constrained")
    messages = _draw(
        ax, values, level=level, k=k, map_layer=map_layer, title=title, cmap=cmap
    )
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=2)
    return figure


def choropleth_pair(
    first: MapValues,
    second: MapValues,
    level: str | None = None,
    *,
    axes: Sequence[Axes] | None = None,
    k: int = 5,
    map_layer: MapLayer | None = None,
    titles: tuple[str | None, str | None] | None = None,
    cmap: str | Colormap = _DEFAULT_CMAP,
) -> Figure:
    """Two maps side by side: a period's index and the long-term index, say.

    Parameters
    ----------
    first, second : AttractivenessResult, LongTermResult or pandas.Series
        What the left and right maps show (see :func:`choropleth`).
    level : {"municipality", "region", "county"}, optional
        As in :func:`choropleth`; it applies to both maps.
    axes : sequence of two matplotlib Axes, optional
        Where to draw; default a new figure with two panels.
    k : int, default 5
        Number of groups in each map; each map has its own group bounds.
    map_layer : MapLayer, optional
        Another map, for both panels.
    titles : tuple of two str or None, optional
        Panel titles; None keeps a panel's default.
    cmap : str or matplotlib.colors.Colormap, default "RdYlBu"

    Returns
    -------
    matplotlib.figure.Figure
        One figure with both maps.

    Raises
    ------
    InvalidOptionError
        If ``axes`` is not two Axes of one figure or ``titles`` not two entries,
        and as :func:`choropleth`.

    Warns
    -----
    UserWarning
        As :func:`choropleth`, for each map.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.plot import choropleth_pair
    >>> model = attraktiv.AttractivenessModel()
    >>> panel = load_norway()
    >>> fig = choropleth_pair(
    ...     model.fit(panel, "2014-2016"), model.long_term(panel)
    ... )  # doctest: +SKIP
    """
    require_matplotlib()
    if titles is None:
        titles = (None, None)
    elif len(titles) != 2:
        raise InvalidOptionError(
            f"titles has {len(titles)} entries; give two (None keeps a default)"
        )
    if axes is None:
        import matplotlib.pyplot as plt

        figure, new_axes = plt.subplots(1, 2, figsize=(12.0, 7.4), layout="constrained")
        panels = list(new_axes)
    else:
        panels = list(axes)
        if len(panels) != 2:
            raise InvalidOptionError(f"axes has {len(panels)} entries; give two Axes")
        figures = {id(figure_and_axes(panel, (0.0, 0.0))[0]) for panel in panels}
        if len(figures) != 1:
            raise InvalidOptionError("the two axes must be on the same figure")
        figure = root_figure(panels[0])
    messages: list[str] = []
    for panel, values, title in zip(panels, (first, second), titles, strict=True):
        messages += _draw(
            panel, values, level=level, k=k, map_layer=map_layer, title=title, cmap=cmap
        )
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=2)
    return figure
