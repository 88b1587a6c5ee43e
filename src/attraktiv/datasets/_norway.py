"""The real Norwegian data that ships with attraktiv (426 municipalities, 2003-2016)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final

import numpy as np
import pandas as pd

from ..geography import Hierarchy
from ..panel import Panel

__all__ = ["load_norway", "norway_hierarchy", "norway_map"]

_PACKAGE: Final = "attraktiv.datasets"
_MUNICIPALITIES: Final = "municipalities_2003_2016.csv"
_HIERARCHY: Final = "hierarchy_2017.csv"
_MAP: Final = "map_2017.topojson"

#: The metadata every Norwegian panel carries.
NORWAY_METADATA: Final[dict[str, object]] = {
    "name": "Norwegian municipalities 2003-2016",
    "source": (
        "Statistics Norway (SSB) population and employment registers, republished by "
        "Telemarksforsking (attractiveness web application, 2017 edition)"
    ),
    "licence": "CC BY 4.0 / NLOD, Statistics Norway (SSB); via Telemarksforsking",
    "borders": 2017,
    "note": (
        "jobs are private jobs only; no flow split. Natural increase is rounded to "
        "whole persons from a percentage given to 0.01; net migration is population "
        "change minus natural increase (2016: change from the rounded growth "
        "percentage); end-2002 jobs are reconstructed from the 2003 growth percentage."
    ),
}


def _data_file(name: str) -> Traversable:
    return files(_PACKAGE).joinpath("data", name)


def norway_map() -> Traversable:
    """The bundled TopoJSON map of Norway's 2017 municipalities, regions and counties.

    Returns
    -------
    importlib.resources.abc.Traversable
        The file ``map_2017.topojson`` inside the package. Read it with
        ``.read_text()`` or ``.open()``; for a real file path use
        ``importlib.resources.as_file(norway_map())`` as a context manager.

    Notes
    -----
    TopoJSON (WGS84, quantized) with objects ``kommune`` (426 municipalities),
    ``region`` (85) and ``fylke`` (19 counties); each geometry has ``Nr`` (the code as
    an integer, without zero padding) and ``Navn`` (the name). Boundaries derive from
    the Norwegian Mapping Authority (Kartverket), CC BY 4.0, simplified for display.

    Examples
    --------
    >>> import json
    >>> topology = json.loads(norway_map().read_text(encoding="utf-8"))
    >>> sorted(topology["objects"])
    ['fylke', 'kommune', 'region']
    >>> len(topology["objects"]["kommune"]["geometries"])
    426
    """
    return _data_file(_MAP)


def norway_hierarchy() -> Hierarchy:
    """Norway's 426 municipalities of 2017 in 85 regions and 19 counties.

    Returns
    -------
    Hierarchy
        Levels ``("municipality", "region", "county")``, codes as text ("0301").
        Built with ``nested=False``: eight of Telemarksforsking's labour-market
        regions straddle a county border, so a region has no single county.

    Examples
    --------
    >>> norway_hierarchy()
    Hierarchy(municipality: 426, region: 85, county: 19)
    """
    with _data_file(_HIERARCHY).open("r", encoding="utf-8") as handle:
        return Hierarchy.from_csv(handle, nested=False)


def _read_municipalities() -> pd.DataFrame:
    with _data_file(_MUNICIPALITIES).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype={"code": "str"})


def _norway_counts(raw: pd.DataFrame) -> pd.DataFrame:
    """Yearly counts in the panel schema, plus an end-2002 jobs-only row per unit."""
    raw = raw.sort_values(["code", "year"]).reset_index(drop=True)
    population = raw["population_jan1"].to_numpy(dtype=np.float64)
    natural_increase = np.round(
        raw["natural_increase_pct"].to_numpy(dtype=np.float64) / 100 * population
    )
    # Population change during the year: exact from next year's population where the
    # file has it, else (2016) from the growth percentage, rounded to whole persons.
    following = raw[["code", "year", "population_jan1"]].assign(year=raw["year"] - 1)
    following = following.rename(columns={"population_jan1": "population_next"})
    merged = raw[["code", "year"]].merge(following, on=["code", "year"], how="left")
    population_next = merged["population_next"].to_numpy(dtype=np.float64)
    change = np.where(
        np.isnan(population_next),
        np.round(
            raw["population_growth_pct"].to_numpy(dtype=np.float64) / 100 * population
        ),
        population_next - population,
    )
    counts = pd.DataFrame(
        {
            "code": raw["code"].to_numpy(),
            "year": raw["year"].to_numpy(dtype=np.int64),
            "population_jan1": population,
            "natural_increase": natural_increase,
            "net_migration": change - natural_increase,
            "jobs": raw["private_jobs"].to_numpy(dtype=np.float64),
        }
    )
    first_year = int(raw["year"].min())
    first = raw[raw["year"] == first_year]
    jobs_before = np.round(
        first["private_jobs"].to_numpy(dtype=np.float64)
        / (1 + first["private_job_growth_pct"].to_numpy(dtype=np.float64) / 100)
    )
    before = pd.DataFrame(
        {
            "code": first["code"].to_numpy(),
            "year": np.full(len(first), first_year - 1, dtype=np.int64),
            "population_jan1": np.nan,
            "natural_increase": np.nan,
            "net_migration": np.nan,
            "jobs": jobs_before,
        }
    )
    combined = pd.concat([before, counts], ignore_index=True)
    return combined.sort_values(["code", "year"]).reset_index(drop=True)


def load_norway() -> Panel:
    """The real Norwegian panel: 426 municipalities, 2003-2016, in 2017 borders.

    Register data of Statistics Norway (SSB), as republished by Telemarksforsking,
    shipped inside the package (nothing is downloaded). Licence CC BY 4.0 / NLOD;
    attribute "Statistics Norway (SSB); via Telemarksforsking". Levels: 426
    municipalities, Telemarksforsking's 85 labour-market regions and 19 counties.

    Returns
    -------
    Panel
        Years 2002-2016 (2002 holds only the end-2002 job count), with columns
        ``population_jan1``, ``natural_increase``, ``net_migration`` and ``jobs``;
        no flow components and no factor inputs. Twelve rolling three-year periods,
        2003-2005 to 2014-2016, are available.

    Notes
    -----
    How the counts follow from the file (``municipalities_2003_2016.csv``, see
    ``PROVENANCE.md`` beside it):

    - ``population_jan1``: exact, as published.
    - ``natural_increase`` (births - deaths, persons):
      ``round(natural_increase_pct / 100 * population_jan1)``; the percentage is
      given to 0.01, so the count is correct to within half a person per 10,000
      residents (about 30 persons a year for Oslo).
    - ``net_migration`` (persons): population change minus natural increase, with
      the change ``population_jan1[y + 1] - population_jan1[y]`` (exact). For 2016
      the 2017 population is not in the file, so the change is
      ``round(population_growth_pct / 100 * population_jan1)``.
    - ``jobs``: private jobs only (``private_jobs``, by place of work, at the end of
      the year; public-sector jobs are not in the data).
    - End-2002 jobs, needed for job growth over 2003-2005:
      ``round(private_jobs_2003 / (1 + private_job_growth_pct_2003 / 100))``. As
      the growth percentage is rounded to 0.01, this is the unique integer
      consistent with it for 406 of the 426 municipalities; for the largest (Oslo,
      286,882 jobs) it is uncertain by about 15 jobs (0.005 %).

    The metadata record source, licence, borders and these notes. Eight regions
    straddle a county border (see :func:`norway_hierarchy`).

    Examples
    --------
    >>> panel = load_norway()
    >>> panel
    <Panel: 426 municipality units, years 2002-2016,
     levels municipality, region, county, components []>
    >>> panel.metadata["licence"]
    'CC BY 4.0 / NLOD, Statistics Norway (SSB); via Telemarksforsking'
    >>> from attraktiv import period_table
    >>> table = period_table(panel, "2008-2010")
    >>> table.loc["0235", ["net_migration", "job_growth"]].round(2).tolist()
    [9.09, 1.94]
    """
    counts = _norway_counts(_read_municipalities())
    return Panel(counts, norway_hierarchy(), metadata=NORWAY_METADATA)
