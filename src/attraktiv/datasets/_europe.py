"""Eurostat's NUTS 3 regions, 2000-2018, shipped with attraktiv (``load_europe``)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources.abc import Traversable
from typing import Final

import numpy as np
import pandas as pd

from ..core.validation import check_option
from ..factors import ColumnFactor, Factor, FactorRegistry
from ..geography import (
    Contiguity,
    Hierarchy,
    MapLayer,
    dissolve,
    layer_contiguity,
    read_geojson,
)
from ..panel import Panel, require_panel
from ..periods import Period, as_period
from ._build_europe import COUNTS_FILE, GEOMETRY_FILE, NAMES_FILE, UNITS_FILE
from ._norway import _data_file

__all__ = [
    "EUROPE_COUNTRIES",
    "EUROPE_CREDIT",
    "EUROPE_EXTENT",
    "EUROPE_FACTORS",
    "EUROPE_LEVELS",
    "EUROPE_METADATA",
    "europe_hierarchy",
    "europe_layer",
    "europe_level_layer",
    "europe_map",
    "europe_regions",
    "europe_registry",
    "load_europe",
]

#: The levels of the European panel, lowest first; each is a prefix of the code.
EUROPE_LEVELS: Final[tuple[str, ...]] = ("nuts3", "nuts2", "nuts1", "country")
_PREFIX: Final[dict[str, int]] = {"nuts3": 5, "nuts2": 4, "nuts1": 3, "country": 2}
# The one NUTS 2016 code whose prefix is not its parent: Northern Ireland's NUTS 3
# regions run from UKN06 to UKN16, all in the NUTS 2 region UKN0.
_PARENT_EXCEPTIONS: Final[dict[str, str]] = {"UKN1": "UKN0"}

#: The countries of the NUTS 2016 boundary file, by their NUTS code (Greece is
#: ``EL``, the United Kingdom ``UK``), with their English names.
EUROPE_COUNTRIES: Final[dict[str, str]] = {
    "AL": "Albania",
    "AT": "Austria",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "CH": "Switzerland",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "EE": "Estonia",
    "EL": "Greece",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "HR": "Croatia",
    "HU": "Hungary",
    "IE": "Ireland",
    "IS": "Iceland",
    "IT": "Italy",
    "LI": "Liechtenstein",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "ME": "Montenegro",
    "MK": "North Macedonia",
    "MT": "Malta",
    "NL": "Netherlands",
    "NO": "Norway",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "RS": "Serbia",
    "SE": "Sweden",
    "SI": "Slovenia",
    "SK": "Slovakia",
    "TR": "Turkey",
    "UK": "United Kingdom",
}

# Eurostat's typologies as 0/1 columns of the panel: which region is of the type.
_TYPOLOGIES: Final[dict[str, tuple[str, tuple[int, ...]]]] = {
    "urban_region": ("urban_type", (1,)),
    "rural_region": ("urban_type", (3,)),
    "coastal_region": ("coast_type", (1, 2)),
    "mountain_region": ("mountain_type", (1, 2, 3)),
}

#: Eurostat's typologies as factors: at a NUTS 3 region 1 if it is of the type and
#: 0 if not; at a higher level the share of its population (on 1 January of the
#: period's first year) living in regions of the type (each declares
#: ``aggregate="population_mean"``). Register them with :func:`europe_registry`.
EUROPE_FACTORS: Final[tuple[ColumnFactor, ...]] = (
    ColumnFactor(
        "urban",
        "urban_region",
        "predominantly urban (Eurostat's urban-rural typology): 1 or 0, above NUTS 3 "
        "the share of the population in such regions",
    ),
    ColumnFactor(
        "rural",
        "rural_region",
        "predominantly rural (Eurostat's urban-rural typology): 1 or 0, above NUTS 3 "
        "the share of the population in such regions",
    ),
    ColumnFactor(
        "coastal",
        "coastal_region",
        "coastal region (Eurostat's coastal typology): 1 or 0, above NUTS 3 the "
        "share of the population in such regions",
    ),
    ColumnFactor(
        "mountain",
        "mountain_region",
        "mountain region (Eurostat's mountain typology): 1 or 0, above NUTS 3 the "
        "share of the population in such regions",
    ),
)

#: The metadata every European panel carries.
EUROPE_METADATA: Final[dict[str, object]] = {
    "name": "European NUTS 3 regions 2000-2018",
    "source": (
        "Eurostat: demo_r_gind3 (population change, demographic balance) and "
        "nama_10r_3empers (employment by place of work, regional accounts), bulk "
        "downloads of about September 2020 as converted by the Data Commons import "
        "scripts; GISCO NUTS 2016 boundaries 1:60 million"
    ),
    "licence": (
        "Source: Eurostat; administrative boundaries © EuroGeographics (GISCO)"
    ),
    "borders": "NUTS 2016",
    "note": (
        "jobs are Eurostat's employment by place of work (all sectors, annual "
        "average, persons), placed at the end of its year. Net migration is "
        "Eurostat's population change less births plus deaths (net migration plus "
        "statistical adjustment), never the difference of January populations, "
        "which jumps at census breaks. No flows. A unit lacking a value a period "
        "needs is left out of that period's fit (missing='drop')."
    ),
}


def europe_map() -> Traversable:
    """The bundled GISCO GeoJSON of the 1,522 NUTS 3 regions of NUTS 2016, gzipped.

    Returns
    -------
    importlib.resources.abc.Traversable
        The file ``europe_nuts3_2016_60m.geojson.gz``: GISCO's
        ``NUTS_RG_60M_2016_4326_LEVL_3.geojson`` (1:60 million, WGS84), byte
        for byte once decompressed. Each feature has ``NUTS_ID``,
        ``CNTR_CODE``, ``NAME_LATN``, ``NUTS_NAME`` and the typologies
        ``URBN_TYPE``, ``COAST_TYPE`` and ``MOUNT_TYPE``. "© EuroGeographics for
        the administrative boundaries".

    Examples
    --------
    >>> import gzip, json
    >>> with europe_map().open("rb") as handle:
    ...     collection = json.loads(gzip.decompress(handle.read()))
    >>> len(collection["features"])
    1522
    """
    return _data_file(GEOMETRY_FILE)


#: The credit a map of Europe carries.
EUROPE_CREDIT: Final = (
    "Source: Eurostat; © EuroGeographics for the administrative boundaries"
)

#: The frame of a map of Europe in EPSG:3035 metres (xmin, ymin, xmax, ymax): Iceland
#: to eastern Turkey, Cyprus to the North Cape. The Azores, Madeira, the Canary
#: Islands and France's overseas regions lie outside it.
EUROPE_EXTENT: Final = (2_500_000.0, 1_350_000.0, 7_400_000.0, 5_500_000.0)


def europe_layer() -> MapLayer:
    """The 1,522 NUTS 3 regions as a map layer (read once per process).

    Returns
    -------
    MapLayer
        :func:`europe_map` decoded by :func:`attraktiv.geography.read_geojson`:
        codes are NUTS 3 codes, names ``NAME_LATN``; longitude and latitude in
        degrees (draw it in EPSG:3035 with
        :func:`attraktiv.geography.lambert_europe`).

    Examples
    --------
    >>> layer = europe_layer()
    >>> layer, layer.name_of("AT130")
    (MapLayer(name='nuts3', units=1522), 'Wien')
    """
    return _layer()


@lru_cache(maxsize=1)
def _layer() -> MapLayer:
    with europe_map().open("rb") as handle:
        collection = json.loads(gzip.decompress(handle.read()))
    return read_geojson(
        collection, code_property="NUTS_ID", name_property="NAME_LATN", name="nuts3"
    )


def europe_level_layer(level: str = "nuts3") -> MapLayer:
    """The map of the regions of one NUTS level, merged from the NUTS 3 regions.

    Parameters
    ----------
    level : {"nuts3", "nuts2", "nuts1", "country"}, default "nuts3"

    Returns
    -------
    MapLayer
        :func:`europe_layer` at ``"nuts3"``; above it each region's NUTS 3
        regions merged into one outline (:func:`attraktiv.geography.dissolve`),
        with the codes and names of :func:`europe_hierarchy`. Made once per
        process and level.

    Raises
    ------
    InvalidOptionError
        If ``level`` is not one of the four.

    Examples
    --------
    >>> [len(europe_level_layer(level)) for level in EUROPE_LEVELS]
    [1522, 332, 125, 37]
    >>> europe_level_layer("nuts1").name_of("AT1")
    'Ostösterreich'
    """
    return _level_layer(check_option("level", level, EUROPE_LEVELS))


@lru_cache(maxsize=len(EUROPE_LEVELS))
def _level_layer(level: str) -> MapLayer:
    if level == "nuts3":
        return _layer()
    hierarchy = _hierarchy()
    return dissolve(
        _layer(),
        hierarchy.mapping("nuts3", level),
        names=hierarchy.names(level),
        name=level,
    )


@lru_cache(maxsize=1)
def _contiguity() -> Contiguity:
    return layer_contiguity(_layer()).link_islands()


@lru_cache(maxsize=1)
def _regions() -> pd.DataFrame:
    with _data_file(UNITS_FILE).open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"code": "str", "name": "str"})
    frame.insert(2, "country", frame["code"].str[:2])
    return frame.set_index("code")


def europe_regions() -> pd.DataFrame:
    """The NUTS 3 regions with their names and Eurostat's typologies.

    Returns
    -------
    pandas.DataFrame
        Indexed by NUTS 3 code (1,522 rows), with ``name`` (Latin script),
        ``country`` (the code's first two letters) and, from the GISCO boundary
        file, ``urban_type`` (1 predominantly urban, 2 intermediate, 3
        predominantly rural), ``coast_type`` (1 on the sea, 2 with half its
        people within 50 km of it, 3 not coastal) and ``mountain_type`` (1 half
        the people in mountain areas, 2 half the surface, 3 both, 4 not a
        mountain region). A new frame each call.

    Examples
    --------
    >>> regions = europe_regions()
    >>> regions.loc["AT130", "name"], int(regions.loc["AT130", "urban_type"])
    ('Wien', 1)
    """
    return _regions().copy()


def europe_hierarchy() -> Hierarchy:
    """NUTS 3 regions in NUTS 2 and NUTS 1 regions and countries, from the codes.

    Returns
    -------
    Hierarchy
        Levels ``("nuts3", "nuts2", "nuts1", "country")``: a NUTS 3 code's first
        four characters are its NUTS 2 region, the first three its NUTS 1
        region, the first two its country. One exception: Northern Ireland's
        NUTS 3 regions ``UKN10`` to ``UKN16`` lie, like ``UKN06`` to ``UKN09``,
        in the NUTS 2 region ``UKN0``. Every region has a name in Latin script:
        NUTS 3 regions as in the boundary file, NUTS 2 and NUTS 1 regions as in
        GISCO's NUTS 2016 files (from its NUTS 2021 files where those give
        capitals, Greek or Cyrillic), countries in English
        (:data:`EUROPE_COUNTRIES`).

    Examples
    --------
    >>> hierarchy = europe_hierarchy()
    >>> hierarchy
    Hierarchy(nuts3: 1522, nuts2: 332, nuts1: 125, country: 37)
    >>> [hierarchy.names(level)[code] for level, code in
    ...  [("nuts3", "AT130"), ("nuts2", "AT13"), ("nuts1", "AT1"), ("country", "AT")]]
    ['Wien', 'Wien', 'Ostösterreich', 'Austria']
    """
    return _hierarchy()


@lru_cache(maxsize=1)
def _hierarchy() -> Hierarchy:
    regions = _regions()
    codes = regions.index.to_series().astype("str")
    frame = pd.DataFrame(
        {f"{level}_code": codes.str[: _PREFIX[level]] for level in EUROPE_LEVELS}
    )
    frame["nuts2_code"] = frame["nuts2_code"].replace(_PARENT_EXCEPTIONS)
    frame["nuts3_name"] = regions["name"].to_numpy()
    names = _region_names()
    for level in ("nuts2", "nuts1"):
        frame[f"{level}_name"] = frame[f"{level}_code"].map(names[level])
    frame["country_name"] = frame["country_code"].map(EUROPE_COUNTRIES)
    return Hierarchy(frame.reset_index(drop=True), levels=EUROPE_LEVELS)


def _region_names() -> dict[str, pd.Series]:
    """The names of the NUTS 2 and NUTS 1 regions, by level, indexed by code."""
    with _data_file(NAMES_FILE).open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype="str")
    return {
        str(level): rows.set_index("code")["name"]
        for level, rows in table.groupby("level")
    }


@dataclass(frozen=True)
class ContiguousJobGrowth:
    """Job growth of a region's contiguous neighbours, together (a factor).

    The neighbours share an edge on GISCO's NUTS 3 map; a region without one is
    linked to its nearest region (:func:`attraktiv.geography.layer_contiguity`,
    then ``link_islands()``).
    Their jobs are summed, so the factor is the job growth of the area around the
    region: in percent, from the end of the year before the period to its end.
    Neighbours without jobs in those years (France, Switzerland, ...) are left out
    of the sums; a region none of whose neighbours has them gets NaN. Defined for
    NUTS 3 regions only (``aggregation="lowest_only"``).

    Examples
    --------
    >>> from attraktiv import Period
    >>> values = ContiguousJobGrowth().compute(load_europe(), Period(2014, 2016),
    ...                                        "nuts3")
    >>> round(float(values["AT130"]), 2)  # Vienna's ring, Lower Austria's south
    3.93
    """

    # Fixed by what the factor is, not options: none is a constructor argument.
    name: str = field(default="contiguous_job_growth", init=False)
    description: str = field(
        default=(
            "job growth of the regions that share a border, their jobs together "
            "(% of their jobs at the end of the year before the period)"
        ),
        init=False,
    )
    inputs: tuple[str, ...] = field(default=("jobs",), init=False)
    aggregation: str = field(default="lowest_only", init=False)

    def compute(self, panel: Panel, period: Period, level: str) -> pd.Series:
        """The factor for every NUTS 3 region of ``panel`` in ``period``."""
        require_panel(panel, "the contiguous job growth needs a Panel")
        period = as_period(period)
        level = panel.resolve_level(level)
        counts = panel.counts(period, level)
        contiguity = _contiguity()
        positions = pd.Index(contiguity.codes).get_indexer(counts.codes)
        matrix = contiguity.matrix[positions][:, positions]
        before, end = counts.before("jobs"), counts.end("jobs")
        known = np.isfinite(before) & np.isfinite(end)
        total_before = matrix @ np.where(known, before, 0.0)
        total_end = matrix @ np.where(known, end, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            growth = 100 * (total_end - total_before) / total_before
        growth[(matrix @ known.astype(np.float64)) == 0] = np.nan
        return pd.Series(growth, index=counts.codes, name=self.name)


def europe_registry() -> FactorRegistry:
    """A factor registry with the built-ins and Eurostat's typologies.

    Returns
    -------
    FactorRegistry
        The nine built-in factors, :data:`EUROPE_FACTORS` (``urban``,
        ``rural``, ``coastal``, ``mountain``) and :class:`ContiguousJobGrowth`
        (``contiguous_job_growth``); a new registry each call, so nothing
        registered in it is seen elsewhere.

    Examples
    --------
    >>> registry = europe_registry()
    >>> registry.get("coastal").inputs
    ('coastal_region', 'population_jan1')
    """
    registry = FactorRegistry()
    factors: tuple[Factor, ...] = (*EUROPE_FACTORS, ContiguousJobGrowth())
    for factor in factors:
        registry.register(factor)
    return registry


@lru_cache(maxsize=1)
def _counts() -> pd.DataFrame:
    with (
        _data_file(COUNTS_FILE).open("rb") as handle,
        gzip.open(handle) as text,
    ):
        raw = pd.read_csv(text, dtype={"code": "str"})
    natural_increase = raw["live_births"] - raw["deaths"]
    counts = pd.DataFrame(
        {
            "code": raw["code"],
            "year": raw["year"].astype(np.int64),
            "population_jan1": raw["population_jan1"].astype(np.float64),
            "natural_increase": natural_increase.astype(np.float64),
            "net_migration": (raw["population_change"] - natural_increase).astype(
                np.float64
            ),
            "jobs": raw["jobs"].astype(np.float64),
        }
    )
    regions = _regions().reindex(counts["code"])
    for column, (typology, types) in _TYPOLOGIES.items():
        counts[column] = regions[typology].isin(types).to_numpy(dtype=np.float64)
    return counts


def load_europe() -> Panel:
    """Eurostat's NUTS 3 regions, 2000-2018: population, births, deaths and jobs.

    Population on 1 January, natural change and net migration 2000-2018 and
    employment by place of work 2000-2017 for the 1,522 NUTS 3 regions of NUTS
    2016 in 37 countries, from Eurostat's regional tables ``demo_r_gind3`` and
    ``nama_10r_3empers``, with names from GISCO's boundary file, shipped inside
    the package (nothing is downloaded). Attribute "Source: Eurostat" and, for
    the boundaries, "© EuroGeographics for the administrative boundaries".

    Returns
    -------
    Panel
        Levels ``nuts3``, ``nuts2``, ``nuts1`` and ``country``
        (:func:`europe_hierarchy`); years 2000-2018 with columns
        ``population_jan1``, ``natural_increase`` (live births less deaths),
        ``net_migration`` and ``jobs`` (NaN in 2018 and wherever Eurostat has no
        value); built with ``missing="drop"``, so a period's fit leaves out the
        units that lack a value it needs and says how many per country in one
        :class:`~attraktiv.errors.AttraktivWarning`. Fifteen three-year periods
        have data for the barometer, 2001-2003 to 2015-2017; no flows. Also
        ``urban_region``, ``rural_region``, ``coastal_region`` and
        ``mountain_region`` (1 or 0 in every year, from the boundary file), the
        inputs of the typology factors :data:`EUROPE_FACTORS`.

    Notes
    -----
    - ``net_migration`` is Eurostat's population change during the year less
      the natural change: net migration plus statistical adjustment. It is not
      the difference of the January populations, which jumps at census breaks
      (Germany 2010-2011: Berlin's January population falls by 164,329 from
      2010 to 2011 while its change during 2010 is +18,050; Romania 2011;
      smaller breaks in Belgium, Poland, Bulgaria, Hungary and Switzerland). The
      change excludes the break, so net migration is right across it.
    - ``jobs`` is employment by place of work in persons (all NACE sectors), an
      annual average, read as the count at the end of its year: job growth over
      2014-2016 compares employment of 2016 with that of 2013. Trøndelag
      (``NO060``) is the sum of its NUTS 2013 halves ``NO061`` and ``NO062``.
    - Where the data are: employment has no NUTS 3 rows for France,
      Switzerland, Iceland, Liechtenstein, Albania, Montenegro or Turkey, and
      for Poland only in 2016-2017 (too short for a period); births and deaths
      miss in some years for some regions (Scotland's regions of NUTS 2016 and
      Northern Ireland's before 2017, Albania, North Macedonia, Serbia, early
      years elsewhere). Between 944 (2001-2003) and 1,173 (2014-2016 and
      2015-2017) regions have every value a period needs;
      :meth:`~attraktiv.Panel.left_out` lists the others.
    - Extra-regio codes (``ATZZZ``, ...) are not places and are not units.

    The data are read once per process; each call returns a new panel.

    Examples
    --------
    >>> europe = load_europe()
    >>> europe  # doctest: +NORMALIZE_WHITESPACE
    <Panel: 1522 nuts3 units, years 2000-2018, levels nuts3, nuts2, nuts1,
     country, components []>
    >>> rows = europe.data.set_index(["code", "year"])
    >>> int(rows.loc[("AT130", 2015), "net_migration"])  # Vienna
    39484
    >>> int(rows.loc[("DE300", 2010), "net_migration"])  # Berlin, before the break
    16891
    >>> europe.missing_note("2014-2016")  # doctest: +ELLIPSIS
    'period 2014-2016: 349 of 1522 NUTS 3 regions left out ... (FR 101, TR 81, ...)'
    """
    return Panel(
        _counts(),
        _hierarchy(),
        components=(),
        metadata=EUROPE_METADATA,
        missing="drop",
    )
