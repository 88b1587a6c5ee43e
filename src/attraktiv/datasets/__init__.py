"""Datasets: the real Norwegian panel and a synthetic one with known coefficients.

- :func:`load_norway` — register data of Statistics Norway (SSB) for 426
  municipalities, 2003-2016, in 2017 borders, republished by Telemarksforsking
  (CC BY 4.0 / NLOD; attribute "Statistics Norway (SSB); via Telemarksforsking"),
  with migration flows 2013-2014, education 2009-2014 and commuting of 2017; or in
  the 357 municipalities of 2024 (``borders=2024``). Shipped inside the package
  with its provenance (``data/PROVENANCE.md``).
- :func:`norway_hierarchy` and :func:`norway_map` — its geography and a TopoJSON map
  (boundaries: Kartverket, CC BY 4.0), decoded by :func:`norway_layer` and
  :func:`norway_topology`.
- :func:`load_europe` — Eurostat's 1,522 NUTS 3 regions of 37 European countries,
  2000-2018 (population, births, deaths, employment), with :func:`europe_hierarchy`,
  :func:`europe_regions` (names and typologies) and :func:`europe_map` (GISCO
  boundaries). "Source: Eurostat"; "© EuroGeographics for the administrative
  boundaries".
- :func:`bundled_map` — which bundled map draws a level of these datasets, and how
  (projection, frame, credit).
- :func:`load_change_table` — every Norwegian municipality and county code in use
  since 1940 mapped onto the 2024 borders (csdata, MIT; built from SSB's Klass).
- :func:`load_example` and :func:`write_template` — 18 real municipalities around
  Oslo, 2007-2013, shipped as two small CSV files, and a way to write them out as
  the starting template for your own data.
- :func:`simulate_panel` — SYNTHETIC data with every input the real data lacks, from
  known coefficients (:data:`SIMULATION_COEFFICIENTS`), for teaching, tests and
  benchmarks.

Examples
--------
>>> from attraktiv.datasets import load_norway, simulate_panel
>>> load_norway().periods_available()[-1].label
'2014-2016'
>>> simulate_panel(60, rng=1).metadata["synthetic"]
True
"""

from __future__ import annotations

from ..geography.changes import load_change_table
from ._europe import (
    EUROPE_COUNTRIES,
    EUROPE_CREDIT,
    EUROPE_EXTENT,
    EUROPE_FACTORS,
    EUROPE_LEVELS,
    ContiguousJobGrowth,
    europe_hierarchy,
    europe_layer,
    europe_level_layer,
    europe_map,
    europe_regions,
    europe_registry,
    load_europe,
)
from ._example import EXAMPLE_FILES, load_example, write_template
from ._map import (
    BUNDLED_MAP_LEVELS,
    MAP_LEVELS,
    NORWAY_CREDIT,
    NORWAY_OBJECTS,
    BundledMap,
    MapLevel,
    bundled_map,
    norway_layer,
    norway_topology,
)
from ._norway import load_norway, norway_hierarchy, norway_map
from ._simulate import (
    COMPONENT_COEFFICIENTS,
    COMPONENT_NOISE_SHARES,
    SIMULATION_COEFFICIENTS,
    simulate_panel,
)

__all__ = [
    "BUNDLED_MAP_LEVELS",
    "COMPONENT_COEFFICIENTS",
    "COMPONENT_NOISE_SHARES",
    "EUROPE_COUNTRIES",
    "EUROPE_CREDIT",
    "EUROPE_EXTENT",
    "EUROPE_FACTORS",
    "EUROPE_LEVELS",
    "EXAMPLE_FILES",
    "MAP_LEVELS",
    "NORWAY_CREDIT",
    "NORWAY_OBJECTS",
    "SIMULATION_COEFFICIENTS",
    "BundledMap",
    "ContiguousJobGrowth",
    "MapLevel",
    "bundled_map",
    "europe_hierarchy",
    "europe_layer",
    "europe_level_layer",
    "europe_map",
    "europe_regions",
    "europe_registry",
    "load_change_table",
    "load_europe",
    "load_example",
    "load_norway",
    "norway_hierarchy",
    "norway_layer",
    "norway_map",
    "norway_topology",
    "simulate_panel",
    "write_template",
]
