"""What every figure shares: the lazy matplotlib import, axes, number formats."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final, Literal

from ..core.validation import check_count, check_number
from ..errors import AttraktivError, InvalidOptionError
from ..periods import Period, as_period

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


#: The most decimals a figure prints: beyond it a float64 has no digits left.
MAX_DECIMALS: Final = 17


def check_decimals(decimals: object, name: str = "decimals") -> int:
    """A count of decimals to print, from 0 to :data:`MAX_DECIMALS`."""
    return check_count(name, decimals, minimum=0, maximum=MAX_DECIMALS)


def format_number(value: float, decimals: int) -> str:
    """``value`` rounded, with the typographic minus when matplotlib uses one.

    Parameters
    ----------
    value : float
        A finite number.
    decimals : int
        From 0 to 17.

    Returns
    -------
    str
        No sign for a value that rounds to zero.

    Raises
    ------
    InvalidOptionError
        If ``value`` is not a finite number or ``decimals`` not a whole number
        from 0 to 17.

    Examples
    --------
    >>> format_number(-0.004, 2), format_number(1.25, 1)
    ('0.00', '1.2')
    """
    return number_text(check_number("value", value), check_decimals(decimals))


def number_text(value: float, decimals: int) -> str:
    """:func:`format_number` without its checks, for the library's own numbers.

    A bound of a group may be infinite and a statistic undefined: they print as
    ``inf`` and ``nan``.
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


def period_text(label: Period | str) -> str:
    """A period for print: ``"2003-2005"`` becomes ``"2003–2005"`` (en dash).

    Parameters
    ----------
    label : Period or str
        A period, or its label as :func:`attraktiv.as_period` reads it.

    Returns
    -------
    str

    Raises
    ------
    PeriodError
        If ``label`` is not a period.

    Examples
    --------
    >>> period_text("2003-2005")
    '2003–2005'
    """
    return en_dashes(str(as_period(label)))


def en_dashes(text: str) -> str:
    """``text`` with its hyphens as en dashes, as a span of years is printed."""
    return text.replace("-", "\N{EN DASH}")
