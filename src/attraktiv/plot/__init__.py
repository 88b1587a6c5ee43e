"""Figures and maps of attractiveness drawn with matplotlib.

matplotlib is needed only here, and only when a figure is drawn: ``import
attraktiv.plot`` works without it, and a plotting function then raises
:class:`~attraktiv.errors.AttraktivError` saying how to install it
(``pip install 'attraktiv[plot]'``). The map decoder needs numpy alone.

Every plotting function takes ``ax`` (or ``axes``) to draw on an existing figure,
creates a pyplot figure otherwise, returns the Figure, and never calls ``show``.

- :func:`scatter` — net migration against job growth, the fitted line with its R²
  and n, the top and bottom units named.
- :func:`long_term_bars` — the long-term index split into its period parts.
- :func:`choropleth`, :func:`choropleth_pair` — maps coloured by ordered groups,
  with Oslo and Akershus enlarged in an inset.
- :func:`beta_table` — the factor × period table of standardized betas.
- :func:`job_growth_bars`, :func:`index_illustration`, :func:`top_bars`,
  :func:`national_series` — the report's bar charts: job growth by unit, how one
  unit's index arises, the top (or bottom) N, a national count by year.
- :func:`read_topojson`, :func:`norway_layer`, :class:`MapLayer` — polygons of map
  units from TopoJSON (no geopandas), with their areas; at home in
  :mod:`attraktiv.geography.maps` and :mod:`attraktiv.datasets`, shown here too.
- :func:`unique_names` — unit names that tell apart places with the same name.
- :func:`moran_scatter`, :func:`lisa_map` — the Moran scatter plot and the map of
  LISA clusters (see :mod:`attraktiv.spatial`).
- :func:`rank_caterpillar`, :func:`shrinkage_plot` — how sure the ranks are: rank
  confidence sets of the top and bottom units, and the index before and after
  shrinkage against population (see :mod:`attraktiv.uncertainty`).

Examples
--------
>>> from attraktiv.plot import norway_layer
>>> layer = norway_layer("region")
>>> len(layer), layer.codes[0], layer.name_of("3001")
(85, '3001', 'Halden')
"""

from __future__ import annotations

from ..datasets import MapLevel, norway_layer
from ..geography import (
    EARTH_RADIUS_KM,
    MapLayer,
    Polygon,
    read_topojson,
    ring_area,
    unique_names,
)
from ._common import INSTALL_HINT, format_number, period_text, require_matplotlib
from ._figures import (
    SIGNIFICANCE_COLOURS,
    DriverTable,
    beta_table,
    cell_class,
    long_term_bars,
    scatter,
)
from ._maps import MAP_CREDIT, MapValues, choropleth, choropleth_pair, oslo_area
from ._ranks import rank_caterpillar, shrinkage_plot
from ._report_figures import (
    index_illustration,
    job_growth_bars,
    national_series,
    outcome_text,
    top_bars,
)
from ._spatial import LISA_COLOURS, lisa_map, moran_scatter
from ._styles import CELL_COLOURS, styled_betas

__all__ = [
    "CELL_COLOURS",
    "EARTH_RADIUS_KM",
    "INSTALL_HINT",
    "LISA_COLOURS",
    "MAP_CREDIT",
    "SIGNIFICANCE_COLOURS",
    "DriverTable",
    "MapLayer",
    "MapLevel",
    "MapValues",
    "Polygon",
    "beta_table",
    "cell_class",
    "choropleth",
    "choropleth_pair",
    "format_number",
    "index_illustration",
    "job_growth_bars",
    "lisa_map",
    "long_term_bars",
    "moran_scatter",
    "national_series",
    "norway_layer",
    "oslo_area",
    "outcome_text",
    "period_text",
    "rank_caterpillar",
    "read_topojson",
    "require_matplotlib",
    "ring_area",
    "scatter",
    "shrinkage_plot",
    "styled_betas",
    "top_bars",
    "unique_names",
]
