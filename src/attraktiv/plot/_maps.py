"""Choropleth maps: units coloured by ordered groups of their index."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Final, Literal, TypeAlias, cast

import numpy as np
import pandas as pd

from ..attractiveness import AttractivenessResult, LongTermResult
from ..core.text import plural
from ..core.typing import FloatArray
from ..core.validation import (
    check_count,
    check_flag,
    check_label,
    check_option,
    check_text,
    shown,
)
from ..datasets import MAP_LEVELS, NORWAY_CREDIT, norway_layer
from ..errors import DataError, InvalidOptionError
from ..geography import MapLayer
from ._common import (
    NO_DATA_COLOUR,
    figure_and_axes,
    number_text,
    period_text,
    require_matplotlib,
    root_figure,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import Colormap
    from matplotlib.figure import Figure

__all__ = ["MAP_CREDIT", "MapValues", "choropleth", "choropleth_pair", "oslo_area"]

#: A map projection: longitudes and latitudes (degrees) to plane coordinates.
Projection: TypeAlias = Callable[
    [FloatArray, FloatArray], tuple[FloatArray, FloatArray]
]

MapValues: TypeAlias = AttractivenessResult | LongTermResult | pd.Series
"""What a map shows: a period's index, the long-term index, or any values by code."""

_SHOWN: Final = 30
_DEFAULT_CMAP: Final = "RdYlBu"
#: The credit a map drawn from the bundled Norwegian map carries by default.
MAP_CREDIT: Final = NORWAY_CREDIT
# The inset's place in the map's axes (fractions: left, bottom, width, height),
# over Sweden, beside Norway's narrow middle, above the legend.
_INSET_PLACE: Final = (0.58, 0.3, 0.4, 0.36)
_INSET_PAD: Final = 0.04  # degrees around the Oslo area
#: Where a map's legend may stand, and the corner of the axes it is anchored to.
LEGEND_PLACES: Final = {
    "lower right": (1.0, 0.03),
    "upper right": (1.0, 1.0),
    "lower left": (0.0, 0.03),
    "upper left": (0.0, 1.0),
}


def _map_size(
    width: float, height: float, extent: tuple[float, float, float, float] | None
) -> tuple[float, float]:
    """A new figure's size: ``height`` follows the frame's shape when one is given.

    ``width`` is that of one map; the title and margins take about an inch.
    """
    if extent is None:
        return width, height
    x_min, y_min, x_max, y_max = extent
    ratio = (y_max - y_min) / (x_max - x_min) if x_max > x_min else 1.0
    return width, min(max(width * ratio + 1.0, 3.0), 2.0 * height)


@lru_cache(maxsize=1)
def oslo_area() -> tuple[float, float, float, float]:
    """Bounds of Oslo and Akershus (counties 03 and 02, 2017 borders), in degrees.

    ``(lon_min, lat_min, lon_max, lat_max)`` of their municipalities on the
    bundled map, where a quarter of Norway's people live.
    """
    layer = norway_layer("municipality")
    points = np.concatenate(
        [
            ring
            for code, unit in zip(layer.codes, layer.polygons, strict=True)
            if code[:2] in {"02", "03"}
            for polygon in unit
            for ring in polygon
        ]
    )
    lon_min, lat_min = points.min(axis=0) - _INSET_PAD
    lon_max, lat_max = points.max(axis=0) + _INSET_PAD
    return float(lon_min), float(lat_min), float(lon_max), float(lat_max)


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


def _check_values(values: object, name: str = "values") -> MapValues:
    if not isinstance(values, AttractivenessResult | LongTermResult | pd.Series):
        raise InvalidOptionError(
            f"{name}={type(values).__name__} is not valid; give an "
            "AttractivenessResult, a LongTermResult or a pandas Series by unit code"
        )
    return values


def check_map_level(level: object, map_layer: object) -> str | None:
    """``level`` as the maps take it: a bundled map's level, or a name of units.

    With a map of one's own, the level only names its units in titles and messages.
    """
    if level is None:
        return None
    if map_layer is None:
        return check_option("level", level, MAP_LEVELS)
    return check_text("level", level)


def _decimals(bounds: Sequence[float]) -> int:
    finite = [b for b in bounds if math.isfinite(b)]
    for decimals in range(1, 5):
        if len({round(b, decimals) for b in finite}) == len(set(finite)):
            return decimals
    return 4


def _group_labels(categories: pd.Index) -> list[str]:
    """Legend texts that never print one bound the same way twice.

    Neighbouring groups share a bound; the group that does not include it says so
    with ">" (intervals closed on the right, as quantile groups are) or "<"
    (closed on the left): "−0.5 to 0.4", "> 0.4 to 1.4", "> 1.4 to 8.3".
    """
    if not isinstance(categories, pd.IntervalIndex):
        return [str(c) for c in categories]
    decimals = _decimals([*categories.left, *categories.right])
    labels = []
    for interval in categories:
        low = number_text(interval.left, decimals)
        high = number_text(interval.right, decimals)
        if interval.open_left:
            low = f"> {low}"
        if interval.open_right:
            high = f"< {high}"
        labels.append(f"{low} to {high}")
    if categories.closed == "right":
        # The lowest group holds its smallest value: quantile groups stretch their
        # first bound just below it, so it is printed as a plain bound.
        labels[0] = labels[0].removeprefix("> ")
    elif categories.closed == "left":
        labels[-1] = labels[-1].replace(" to < ", " to ")
    return labels


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
            f"Long-term attractiveness, {plural(level)} {first.first}\N{EN DASH}"
            f"{last.last} "
            f"({len(values.periods)} periods)"
        )
    return f"Attractiveness, {plural(level)} {period_text(str(values.period))}"


def _listed(codes: Sequence[str], layer: MapLayer | None) -> str:
    shown = [
        f"{code} {layer.names[layer.codes.index(code)]}" if layer is not None else code
        for code in codes[:_SHOWN]
    ]
    text = ", ".join(shown)
    if len(codes) > _SHOWN:
        text += f" and {len(codes) - _SHOWN} more"
    return text


def _colormap(cmap: object) -> Colormap:
    import matplotlib as mpl
    from matplotlib.colors import Colormap

    if isinstance(cmap, Colormap):
        return cmap
    if not isinstance(cmap, str):
        raise InvalidOptionError(
            f"cmap={shown(cmap)} is not valid; give a colormap's name, such as "
            "'RdYlBu', or a matplotlib Colormap"
        )
    try:
        return mpl.colormaps[cmap]
    except KeyError:
        raise InvalidOptionError(
            f"cmap={cmap!r} is not a matplotlib colormap; try 'RdYlBu' or 'viridis'"
        ) from None


def _checked_extent(extent: object) -> tuple[float, float, float, float]:
    """``(xmin, ymin, xmax, ymax)``: four finite numbers, each minimum below its max."""
    numbers: list[float] = []
    if isinstance(extent, tuple | list) and len(extent) == 4:
        numbers = [
            float(v)
            for v in extent
            if isinstance(v, int | float | np.integer | np.floating)
            and not isinstance(v, bool)
            and math.isfinite(v)
        ]
    if len(numbers) != 4 or not (numbers[0] < numbers[2] and numbers[1] < numbers[3]):
        raise InvalidOptionError(
            f"extent={shown(extent)} is not valid; give four finite numbers (xmin, "
            "ymin, xmax, ymax), each minimum below its maximum"
        )
    x_min, y_min, x_max, y_max = numbers
    return x_min, y_min, x_max, y_max


def _draw(
    ax: Axes,
    values: MapValues,
    *,
    level: str | None,
    k: int,
    map_layer: MapLayer | None,
    title: str | None,
    cmap: str | Colormap,
    inset: bool,
    credit: str | None,
    projection: Projection | None = None,
    extent: tuple[float, float, float, float] | None = None,
    legend_loc: str = "lower right",
) -> list[str]:
    """Draw one map on ``ax``; return the warnings to give."""
    from matplotlib.patches import Patch

    k = check_count("k", k, minimum=2)
    legend_loc = check_option("legend_loc", legend_loc, tuple(LEGEND_PLACES))
    if projection is not None and not callable(projection):
        raise InvalidOptionError(
            f"projection={shown(projection)} is not valid; give a function of "
            "longitudes and latitudes, such as attraktiv.geography.lambert_europe"
        )
    extent = None if extent is None else _checked_extent(extent)
    values = _check_values(values)
    level = check_map_level(level, map_layer)
    title = check_label("title", title)
    inset = check_flag("inset", inset)
    credit = check_label("credit", credit)
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
    if projection is not None:
        vertices = [np.column_stack(projection(v[:, 0], v[:, 1])) for v in vertices]
    ax.add_collection(
        _units(vertices, path_codes, faces, 0.2 if len(layer) > 150 else 0.45)
    )

    if projection is not None:
        points = np.concatenate(vertices)
        x_min, y_min = points.min(axis=0)
        x_max, y_max = points.max(axis=0)
        if extent is not None:
            x_min, y_min, x_max, y_max = extent
        ax.set_xlim(x_min, x_max)
        ax.set_ylim(y_min, y_max)
        ax.set_aspect("equal")  # the projection's metres are equal both ways
    else:
        lon_min, lat_min, lon_max, lat_max = extent or layer.bounds
        pad_lon, pad_lat = 0.02 * (lon_max - lon_min), 0.02 * (lat_max - lat_min)
        ax.set_xlim(lon_min - pad_lon, lon_max + pad_lon)
        ax.set_ylim(lat_min - pad_lat, lat_max + pad_lat)
        # A degree of longitude is cos(latitude) as long as a degree of latitude.
        ax.set_aspect(1.0 / math.cos(math.radians(0.5 * (lat_min + lat_max))))
    ax.set_axis_off()
    ax.set_title(_default_title(values, resolved) if title is None else title)
    if inset and projection is None:
        _oslo_inset(ax, layer, vertices, path_codes, faces)
    bundled = any(layer is norway_layer(level) for level in MAP_LEVELS)
    credit_text = (MAP_CREDIT if bundled else None) if credit is None else credit
    if credit_text:
        ax.text(
            0.99,
            0.0,
            credit_text,
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=6.5,
            color="#555555",
            gid="attraktiv-credit",
        ).set_in_layout(False)  # a long credit must not shrink the map

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
        loc=cast("Literal['lower right']", legend_loc),
        bbox_to_anchor=LEGEND_PLACES[legend_loc],
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


def _units(
    vertices: list[FloatArray],
    codes: list[np.ndarray],
    faces: np.ndarray,
    linewidth: float,
) -> PolyCollection:
    """Every unit as one compound path, in one collection."""
    from matplotlib.collections import PolyCollection

    collection = PolyCollection(
        [], facecolors=faces, edgecolors="white", linewidths=linewidth
    )
    collection.set_gid("attraktiv-map")
    # The stub says one code per path, but matplotlib takes one code array per
    # path here (each unit is a compound path of several rings).
    collection.set_verts_and_codes(vertices, codes)  # type: ignore[arg-type]
    return collection


def _oslo_inset(
    ax: Axes,
    layer: MapLayer,
    vertices: list[FloatArray],
    codes: list[np.ndarray],
    faces: np.ndarray,
) -> None:
    """The Oslo area enlarged in a corner of the map, if the map covers it."""
    lon_min, lat_min, lon_max, lat_max = oslo_area()
    bounds = layer.bounds
    if not (
        bounds[0] <= lon_min
        and bounds[1] <= lat_min
        and lon_max <= bounds[2]
        and lat_max <= bounds[3]
    ):
        return
    inset = ax.inset_axes(_INSET_PLACE)
    inset.set_gid("attraktiv-inset")
    inset.set_in_layout(False)
    collection = _units(vertices, codes, faces, 0.5)
    collection.set_gid("attraktiv-inset-map")
    inset.add_collection(collection)
    inset.set_xlim(lon_min, lon_max)
    inset.set_ylim(lat_min, lat_max)
    inset.set_aspect(
        1.0 / math.cos(math.radians(0.5 * (lat_min + lat_max))), adjustable="box"
    )
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_edgecolor("#555555")
        spine.set_linewidth(0.6)
    inset.set_title("Oslo and Akershus", fontsize=8, pad=3)
    ax.indicate_inset_zoom(inset, edgecolor="#555555", linewidth=0.6, alpha=1.0)


def choropleth(
    values: MapValues,
    level: str | None = None,
    *,
    ax: Axes | None = None,
    k: int = 5,
    map_layer: MapLayer | None = None,
    title: str | None = None,
    cmap: str | Colormap = _DEFAULT_CMAP,
    inset: bool = True,
    credit: str | None = None,
    projection: Projection | None = None,
    extent: tuple[float, float, float, float] | None = None,
    legend_loc: str = "lower right",
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
        Number of groups (quintiles by default).
    map_layer : MapLayer, optional
        Another map (from :func:`read_topojson`) whose codes match the values'.
    title : str, optional
        Default: what and when, e.g. "Attractiveness, municipalities 2014-2016".
    cmap : str or matplotlib.colors.Colormap, default "RdYlBu"
        Colours from the lowest group (red) to the highest (blue).
    inset : bool, default True
        Repeat Oslo and Akershus (:func:`oslo_area`), where a quarter of the
        people live in small units, enlarged in an inset over Sweden, with a
        frame around the area on the map. Drawn when the map covers that area.
    credit : str, optional
        Small text in the lower right corner. Default: :data:`MAP_CREDIT` with
        the bundled map (:func:`norway_layer`, given as ``map_layer`` or not),
        none with a map of your own; ``""`` for none.
    projection : callable, optional
        ``projection(longitude, latitude) -> (x, y)``, arrays to arrays, such as
        :func:`attraktiv.geography.lambert_europe` (EPSG:3035, equal-area): the
        map is drawn in its coordinates with equal scales on both axes (and
        without the Oslo inset). Default: longitude and latitude.
    extent : (xmin, ymin, xmax, ymax), optional
        The part of the map to show, in the map's coordinates (the projection's,
        when given); default the whole layer. A new figure takes the frame's
        shape.
    legend_loc : {"lower right", "upper right", "lower left", "upper left"}
        The corner of the map the legend stands in; default "lower right" (over
        Sweden on a map of Norway). "upper right" keeps it clear of Turkey on a
        map of Europe.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on. The units are one ``PolyCollection`` (one path per
        unit, holes and islands included); the legend names each group's bounds,
        highest first, and "no data" when a unit is grey. Neighbouring groups
        share a bound, which the group without it marks: "−0.5 to 0.4",
        "> 0.4 to 1.4".

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
    # Checked before the figure's size is taken from it.
    extent = None if extent is None else _checked_extent(extent)
    size = _map_size(6.4, 7.6, extent if projection is not None else None)
    figure, ax, _ = figure_and_axes(ax, size, layout="constrained")
    messages = _draw(
        ax,
        values,
        level=level,
        k=k,
        map_layer=map_layer,
        title=title,
        cmap=cmap,
        inset=inset,
        credit=credit,
        projection=projection,
        extent=extent,
        legend_loc=legend_loc,
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
    inset: bool = True,
    credit: str | None = None,
    projection: Projection | None = None,
    extent: tuple[float, float, float, float] | None = None,
    legend_loc: str = "lower right",
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
    inset : bool, default True
        The Oslo-area inset of :func:`choropleth`, in each map.
    credit : str, optional
        As in :func:`choropleth`, once, under the right map.
    projection : callable, optional
        As in :func:`choropleth`, for both maps.
    extent : (xmin, ymin, xmax, ymax), optional
        As in :func:`choropleth`, for both maps.
    legend_loc : str, default "lower right"
        As in :func:`choropleth`, in each map.

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
    _check_values(first, "first")
    _check_values(second, "second")
    titles = _check_titles(titles)
    extent = None if extent is None else _checked_extent(extent)
    if axes is None:
        import matplotlib.pyplot as plt

        width, height = _map_size(6.0, 7.4, extent if projection is not None else None)
        figure, new_axes = plt.subplots(
            1, 2, figsize=(2 * width, height), layout="constrained"
        )
        panels = list(new_axes)
    else:
        if isinstance(axes, str | bytes) or not isinstance(axes, Sequence | np.ndarray):
            raise InvalidOptionError(
                f"axes={shown(axes)} is not valid; give two matplotlib Axes or None"
            )
        panels = list(axes)
        if len(panels) != 2:
            raise InvalidOptionError(f"axes has {len(panels)} entries; give two Axes")
        figures = {id(figure_and_axes(panel, (0.0, 0.0))[0]) for panel in panels}
        if len(figures) != 1:
            raise InvalidOptionError("the two axes must be on the same figure")
        figure = root_figure(panels[0])
    messages: list[str] = []
    for panel, values, title, own_credit in zip(
        panels, (first, second), titles, ("", credit), strict=True
    ):
        messages += _draw(
            panel,
            values,
            level=level,
            k=k,
            map_layer=map_layer,
            title=title,
            cmap=cmap,
            inset=inset,
            credit=own_credit,
            projection=projection,
            extent=extent,
            legend_loc=legend_loc,
        )
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=2)
    return figure


def _check_titles(titles: object) -> tuple[str | None, str | None]:
    if titles is None:
        return (None, None)
    if isinstance(titles, str | bytes) or not isinstance(titles, Sequence):
        raise InvalidOptionError(
            f"titles={shown(titles)} is not valid; give two titles (None keeps a "
            "default) or None"
        )
    if len(titles) != 2:
        raise InvalidOptionError(
            f"titles has {len(titles)} entries; give two (None keeps a default)"
        )
    return check_label("titles", titles[0]), check_label("titles", titles[1])
