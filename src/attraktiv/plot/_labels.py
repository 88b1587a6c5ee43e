"""Greedy placement of point labels that do not overlap one another.

Each label, in order of importance, tries positions around its point on rings of
growing radius and keeps the cheapest one: overlapping a placed label or leaving the
axes is (nearly) forbidden, covering a marked point costs much, covering an ordinary
point a little, and distance a little more. Extents come from the rendered text, so
the fonts, the DPI and the axes size of the figure at hand are respected; the result
holds as long as the axes keep their size and limits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal

import numpy as np

from ..core.typing import FloatArray

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

# Offsets from the point, in points, and the directions tried at each.
_RADII: Final = (7.0, 12.0, 18.0, 26.0, 36.0, 48.0, 64.0, 84.0)
_FIRST_ANGLES: Final = (0, 45, -45, 90, -90, 135, -135, 180)
_MORE_ANGLES: Final = (*_FIRST_ANGLES, 22, -22, 68, -68, 112, -112, 158, -158)
# A label farther than this from its point gets a leader line.
_LEADER_FROM: Final = 14.0

_OVERLAP_COST: Final = 1e6
_OUTSIDE_COST: Final = 1e5
_MARKED_POINT_COST: Final = 1e3
_POINT_COST: Final = 1.0
_DISTANCE_COST: Final = 0.08  # per point of offset


def _alignment(
    angle: float,
) -> tuple[Literal["left", "right", "center"], Literal["bottom", "top", "center"]]:
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    horizontal: Literal["left", "right", "center"] = (
        "left" if cos > 0.3 else "right" if cos < -0.3 else "center"
    )
    vertical: Literal["bottom", "top", "center"] = (
        "bottom" if sin > 0.3 else "top" if sin < -0.3 else "center"
    )
    return horizontal, vertical


def _candidates() -> list[tuple[float, float]]:
    return [
        (radius, float(angle))
        for number, radius in enumerate(_RADII)
        for angle in (_FIRST_ANGLES if number < 2 else _MORE_ANGLES)
    ]


def _inside(points: FloatArray, box: FloatArray, margin: float) -> int:
    if len(points) == 0:
        return 0
    x0, y0, x1, y1 = box
    hits = (
        (points[:, 0] >= x0 - margin)
        & (points[:, 0] <= x1 + margin)
        & (points[:, 1] >= y0 - margin)
        & (points[:, 1] <= y1 + margin)
    )
    return int(hits.sum())


def _overlaps(box: FloatArray, placed: Sequence[FloatArray], pad: float) -> int:
    x0, y0, x1, y1 = box
    return sum(
        1
        for other in placed
        if x0 - pad < other[2]
        and other[0] < x1 + pad
        and y0 - pad < other[3]
        and other[1] < y1 + pad
    )


def text_extent(label: Annotation) -> Bbox:
    """The display extent of a label's text alone, without its leader line."""
    from matplotlib.text import Text

    label.get_window_extent()  # brings the text's position up to date
    return Text.get_window_extent(label)


def place_labels(
    ax: Axes,
    xy: FloatArray,
    texts: Sequence[str],
    *,
    marked: FloatArray,
    others: FloatArray,
    gid: str,
    fontsize: float = 8.0,
    fontweight: str = "normal",
) -> list[Annotation]:
    """Annotate the points ``xy`` (data coordinates) with ``texts``, in order.

    ``marked`` are points (data coordinates) a label should not cover, such as
    the labelled points themselves; ``others`` are points it had better not cover.
    The axes limits must be final: they are frozen here.
    """
    figure = ax.get_figure()
    if figure is None:
        return []
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    to_display = ax.transData.transform
    points = to_display(np.asarray(xy, dtype=np.float64).reshape(-1, 2))
    marked_display = to_display(np.asarray(marked, dtype=np.float64).reshape(-1, 2))
    others_display = to_display(np.asarray(others, dtype=np.float64).reshape(-1, 2))
    frame = ax.get_window_extent()
    pixels_per_point = figure.dpi / 72.0
    pad = 1.5 * pixels_per_point
    marker_margin = 2.5 * pixels_per_point
    placed: list[FloatArray] = []
    labels: list[Annotation] = []
    for (x, y), point, text in zip(xy, points, texts, strict=True):
        label = ax.annotate(
            text,
            xy=(x, y),
            xytext=(0.0, 0.0),
            textcoords="offset points",
            fontsize=fontsize,
            fontweight=fontweight,
            zorder=6,
            gid=gid,
        )
        best = (math.inf, _RADII[0], 0.0)
        own = np.all(np.isclose(marked_display, point), axis=1)
        marked_rest = marked_display[~own]
        for radius, angle in _candidates():
            dx = radius * math.cos(math.radians(angle))
            dy = radius * math.sin(math.radians(angle))
            horizontal, vertical = _alignment(angle)
            label.set_horizontalalignment(horizontal)
            label.set_verticalalignment(vertical)
            label.xyann = (dx, dy)
            extent = label.get_window_extent()
            box = np.array([extent.x0, extent.y0, extent.x1, extent.y1])
            cost = (
                _OVERLAP_COST * _overlaps(box, placed, pad)
                + _MARKED_POINT_COST * _inside(marked_rest, box, marker_margin)
                + _MARKED_POINT_COST * _inside(point[None, :], box, marker_margin)
                + _POINT_COST * _inside(others_display, box, 0.0)
                + _DISTANCE_COST * radius
            )
            if not (
                box[0] >= frame.x0
                and box[2] <= frame.x1
                and box[1] >= frame.y0
                and box[3] <= frame.y1
            ):
                cost += _OUTSIDE_COST
            if cost < best[0]:
                best = (cost, radius, angle)
            if cost < _DISTANCE_COST * _RADII[0] + 0.5 * _POINT_COST:
                break  # next to its point and covering nothing: cannot do better
        _, radius, angle = best
        label.remove()
        horizontal, vertical = _alignment(angle)
        leader = (
            {
                "arrowstyle": "-",
                "color": "#555555",
                "linewidth": 0.6,
                "shrinkA": 1.0,
                "shrinkB": 3.0,
            }
            if radius > _LEADER_FROM
            else None
        )
        label = ax.annotate(
            text,
            xy=(x, y),
            xytext=(
                radius * math.cos(math.radians(angle)),
                radius * math.sin(math.radians(angle)),
            ),
            textcoords="offset points",
            horizontalalignment=horizontal,
            verticalalignment=vertical,
            fontsize=fontsize,
            fontweight=fontweight,
            zorder=6,
            gid=gid,
            arrowprops=leader,
        )
        extent = text_extent(label)
        placed.append(np.array([extent.x0, extent.y0, extent.x1, extent.y1]))
        labels.append(label)
    return labels
