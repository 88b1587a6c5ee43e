"""Colours of the driver tables by sign and significance: the table's styling.

Presentation lives here, beside the figures: a :class:`~attraktiv.DriverResult`
holds statistics only (:func:`attraktiv.drivers.cell_class` classifies a beta), and
this module colours the classes, in a figure (:func:`attraktiv.plot.beta_table`) or
in an HTML table (:func:`styled_betas`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from ..core.validation import check_instance
from ._common import check_decimals

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from ..drivers import DriverResult

__all__ = ["CELL_COLOURS", "styled_betas"]

#: Cell colours by sign and significance class (ColorBrewer RdBu): blue for positive,
#: red for negative, darker for stronger evidence; they read well for the common
#: colour-vision deficiencies. Keys are the classes of
#: :func:`attraktiv.drivers.cell_class`.
CELL_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "strong positive": "#2166ac",
        "weak positive": "#92c5de",
        "not significant": "#f7f7f7",
        "weak negative": "#f4a582",
        "strong negative": "#b2182b",
        "not estimated": "#d9d9d9",
    }
)

# (background, text) of the styled table by sign and significance class.
_COLOURS: Final[Mapping[tuple[int, str], tuple[str, str]]] = MappingProxyType(
    {
        (1, "p<0.01"): (CELL_COLOURS["strong positive"], "white"),
        (1, "0.01<=p<0.1"): (CELL_COLOURS["weak positive"], "black"),
        (-1, "0.01<=p<0.1"): (CELL_COLOURS["weak negative"], "black"),
        (-1, "p<0.01"): (CELL_COLOURS["strong negative"], "white"),
    }
)


def styled_betas(result: DriverResult, decimals: int = 2) -> Styler:
    """The beta table of a driver analysis coloured by sign and significance.

    Parameters
    ----------
    result : DriverResult
        A fitted driver analysis.
    decimals : int, default 2
        Decimals shown.

    Returns
    -------
    pandas.io.formats.style.Styler
        Cells of ``result.table()`` (betas): dark blue for ``p<0.01`` and
        positive, light blue for ``0.01<=p<0.1`` and positive, light and dark red
        for the negative ones, no colour for ``ns``.

    Raises
    ------
    ImportError
        If jinja2 (which pandas' Styler needs) is not installed.

    Examples
    --------
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.drivers import DriverAnalysis
    >>> result = DriverAnalysis(["job_growth", "size"]).fit(
    ...     load_norway(), periods=["2008-2010"], level="region")
    >>> "background-color: #2166ac" in styled_betas(result).to_html()
    True
    """
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise ImportError(
            "styled_betas() needs jinja2, which pandas' Styler uses; install it "
            "with 'pip install jinja2' (DriverResult.table() gives the same numbers "
            "without colours)"
        ) from None
    from ..drivers import DriverResult  # imported when drawing only

    result = check_instance("result", result, DriverResult, "from DriverAnalysis.fit")
    decimals = check_decimals(decimals)
    betas = result.table("beta")
    classes = result.table("significance").to_numpy()
    signs = np.sign(betas.to_numpy(dtype=np.float64))
    css = np.full(betas.shape, "", dtype=object)
    for (sign, label), (background, text) in _COLOURS.items():
        css[(signs == sign) & (classes == label)] = (
            f"background-color: {background}; color: {text}"
        )
    styles = pd.DataFrame(css, index=betas.index, columns=betas.columns)
    caption = (
        f"Standardized betas of {result.outcome}, {result.level} level "
        "(blue positive, red negative; dark: p below 0.01, light: p from 0.01 "
        "to 0.1)"
    )
    return (
        betas.style.format(precision=decimals)
        .apply(lambda _: styles, axis=None)
        .set_caption(caption)
    )
