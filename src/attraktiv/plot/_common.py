"""What every figure shares: the lazy matplotlib import, axes, number formats."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final, Literal

from ..errors import AttraktivError, InvalidOptionError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

INSTALL_HINT: Final = "plotting needs matplotlib: pip install 'attraktiv[plot]'"

#: Colours shared by the figures (ColorBrewer, readable by colour-blind readers).
UNIT_COLOUR: Final = "#6b8fb3"
HIGHLIGHT_COLOUR: Final = "#d95f02"
BOTTOM_COLOUR: Final = "#7570b3"
LINE_COLOUR: Final = "#333333"
NO_DATA_COLOUR: Final = "#c8c8c8"


def require_matplotlib() -> None:
    """Import matplotlib, or say how to install it.

    Raises
    ------
    AttraktivError
        If matplotlib cannot be imported.

    Examples
    --------
    >>> require_matplotlib()  # nothing happens when matplotlib is installed
    """
    try:
        importlib.import_module("matplotlib")
    except ImportError as err:
        raise AttraktivError(INSTALL_HINT) from err


def root_figure(ax: Axes) -> Figure:
    """The top-level Figure that ``ax`` is drawn on (through any subfigures)."""
    from matplotlib.figure import Figure

    figure = ax.get_figure()
    while figure is not None and not isinstance(figure, Figure):
        figure = figure.get_figure()
    if figure is None:
        raise InvalidOptionError("ax is not on a figure; create it with a Figure")
    return figure


def figure_and_axes(
    ax: Axes | None,
    figsize: tuple[float, float],
    layout: Literal["constrained"] | None = None,
) -> tuple[Figure, Axes, bool]:
    """``ax`` and its figure, or a new pyplot figure; the flag says it is new."""
    require_matplotlib()
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise InvalidOptionError(
                f"ax={type(ax).__name__} is not valid; give a matplotlib Axes or None"
            )
        return root_figure(ax), ax, False
    import matplotlib.pyplot as plt

    figure, new_ax = plt.subplots(figsize=figsize, layout=layout)
    return figure, new_ax, True


def format_number(value: float, decimals: int) -> str:
    """``value`` rounded, with the typographic minus when matplotlib uses one.

    Parameters
    ----------
    value : float
    decimals : int

    Returns
    -------
    str
        No sign for a value that rounds to zero.

    Examples
    --------
    >>> format_number(-0.004, 2), format_number(1.25, 1)
    ('0.00', '1.2')
    """
    import matplotlib as mpl

    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    if mpl.rcParams["axes.unicode_minus"]:
        text = text.replace("-", "\N{MINUS SIGN}")
    return text


def readable(column: str) -> str:
    """A column name for people: ``"job_growth"`` becomes ``"job growth"``."""
    return column.replace("_", " ")


def period_text(label: str) -> str:
    """A period label for print: ``"2003-2005"`` becomes ``"2003–2005"`` (en dash).

    Examples
    --------
    >>> period_text("2003-2005")
    '2003–2005'
    """
    return label.replace("-", "\N{EN DASH}")
