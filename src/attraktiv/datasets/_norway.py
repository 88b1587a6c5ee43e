"""The real Norwegian data that ships with attraktiv (426 municipalities, 2003-2016)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final, Literal

import numpy as np
import pandas as pd

from ..core.typing import FloatArray
from ..errors import GeographyError, InvalidOptionError
from ..geography import ChangeTable, Hierarchy, rebase
from ..geography.changes import load_change_table, target_names
from ..panel import Panel

__all__ = ["NORWAY_COMPONENTS", "load_norway", "norway_hierarchy", "norway_map"]

_PACKAGE: Final = "attraktiv.datasets"
_MUNICIPALITIES: Final = "municipalities_2003_2016.csv"
_HIERARCHY: Final = "hierarchy_2017.csv"
_MAP: Final = "map_2017.topojson"
_FLOWS: Final = "flows_2013_2014.csv.gz"
_COMMUTING: Final = "commuting_2017.csv.gz"
_EDUCATION: Final = "education_2009_2014.csv.gz"
# The 2017-border panel counts that the files above give (_build_counts_2017),
# precomputed so that loading reads one file instead of re-basing on every call; a
# test rebuilds it from the files above and checks it is identical.
_COUNTS_2017: Final = "norway_counts_2017.csv.gz"

#: The flow components of the bundled panel: the barometer's three flows and the
#: residual that makes them add up to net migration (see :func:`load_norway`).
NORWAY_COMPONENTS: Final[tuple[str, ...]] = (
    "immigration",
    "domestic_immigrant",
    "domestic_other",
    "residual",
)
_FLOW_COUNTS: Final = ("immigration", "emigration", "domestic_in", "domestic_out")
_FLOW_GROUPS: Final = ("all", "immigrants", "others")
_EDUCATION_KNOWN: Final = ("primary", "none", "upper_secondary", "higher")
_COMMUTING_COLUMNS: Final = ("in_commuters", "out_commuters", "employed_residents")
# The csdata table shares every 2017 unit that became part of Ålesund (2020) half
# and half between the Ålesund and Haram of 2024. Haram was re-established in 2024
# in its borders of before 2020, so the 2017 units map whole: Haram (1534) onto
# Haram (1580), the others onto Ålesund (1508).
_ALESUND_2017: Final[dict[str, str]] = {
    "1504": "1508",
    "1523": "1508",
    "1529": "1508",
    "1534": "1580",
    "1546": "1508",
}

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
        "jobs are private jobs only. Natural increase is rounded to whole persons "
        "from a percentage given to 0.01; net migration is population change minus "
        "natural increase (2016: change from the rounded growth percentage); end-2002 "
        "jobs are reconstructed from the 2003 growth percentage. Flows (SSB migration "
        "statistics via IMDi) only in 2013-2014, with a residual component for the "
        "part of net migration they do not account for; education 2009-2014 (SSB "
        "via IMDi); commuting of 2017 (SSB table 03321) used for every year 2003-2016."
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


def _read_gzip(name: str, dtype: dict[str, str]) -> pd.DataFrame:
    with _data_file(name).open("rb") as handle:
        return pd.read_csv(handle, compression="gzip", dtype=dtype)


def _codes_2017() -> pd.Index:
    return norway_hierarchy().units("municipality")


def _changes_to_2017(codes_by_year: Iterable[tuple[str, int]]) -> ChangeTable:
    """Each (code, year) onto its 2017 successor: itself or the unit it merged into.

    A code that is not a 2017 code went into the 2017 code that shares a 2024 unit
    with it (in the bundled change table) and did not exist yet in its year; there
    must be exactly one, and the whole unit goes to it (a merge, weight 1).
    """
    codes_2017 = _codes_2017()
    changes = load_change_table("municipality").frame
    in_2017 = changes[
        changes["year"].eq(2017).to_numpy() & changes["original"].isin(codes_2017)
    ]
    targets_2017 = in_2017.groupby("original")["target"].agg(frozenset)
    rows: list[tuple[str, int, str]] = []
    for code, year in sorted(set(codes_by_year)):
        if code in codes_2017:
            rows.append((code, year, code))
            continue
        in_year = changes[changes["year"].eq(year).to_numpy()]
        targets = set(in_year.loc[in_year["original"].eq(code).to_numpy(), "target"])
        existing = set(in_year["original"])
        successors = [
            str(new)
            for new, new_targets in targets_2017.items()
            if new not in existing and new_targets & targets
        ]
        if len(successors) != 1:
            raise GeographyError(
                f"municipality {code!r} of {year} has no single 2017 successor in the "
                f"change table (candidates: {', '.join(successors) or 'none'})"
            )
        rows.append((code, year, successors[0]))
    frame = pd.DataFrame(rows, columns=["original", "year", "target"])
    return ChangeTable(frame.assign(weight=1.0))


def _to_2017(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Counts in the borders of each year, summed into the 2017 municipalities."""
    pairs = zip(data["code"], data["year"].astype(int), strict=True)
    moved = rebase(data, _changes_to_2017(pairs), columns=columns)
    expected = len(_codes_2017()) * data["year"].nunique()
    if len(moved) != expected:
        raise GeographyError(
            f"harmonized to 2017 borders the data have {len(moved)} unit-years, not "
            f"the {expected} of 426 municipalities in {data['year'].nunique()} years"
        )
    return moved


def _flows_2017() -> pd.DataFrame:
    """The flow counts of every group, 2013-2014, in 2017 borders (wide).

    Columns ``code, year`` and ``<count>_<group>`` for the four counts and the
    three groups (``immigration_all``, ...), in persons.
    """
    raw = _read_gzip(_FLOWS, {"code": "str", "group": "str"})
    parts = [
        raw[raw["group"].eq(group).to_numpy()][["code", "year", *_FLOW_COUNTS]].rename(
            columns={c: f"{c}_{group}" for c in _FLOW_COUNTS}
        )
        for group in _FLOW_GROUPS
    ]
    wide = parts[0]
    for part in parts[1:]:
        wide = wide.merge(part, on=["code", "year"], validate="one_to_one")
    columns = [f"{c}_{g}" for g in _FLOW_GROUPS for c in _FLOW_COUNTS]
    return _to_2017(wide[["code", "year", *columns]], columns)


def _flow_components(flows: pd.DataFrame) -> pd.DataFrame:
    """The barometer's three net flows (persons) from :func:`_flows_2017`."""
    return pd.DataFrame(
        {
            "code": flows["code"].to_numpy(),
            "year": flows["year"].to_numpy(dtype=np.int64),
            "net_migration_immigration": (
                flows["immigration_all"] - flows["emigration_all"]
            ).to_numpy(dtype=np.float64),
            "net_migration_domestic_immigrant": (
                flows["domestic_in_immigrants"] - flows["domestic_out_immigrants"]
            ).to_numpy(dtype=np.float64),
            "net_migration_domestic_other": (
                flows["domestic_in_others"] - flows["domestic_out_others"]
            ).to_numpy(dtype=np.float64),
        }
    )


def _education_2017() -> pd.DataFrame:
    """Residents 16+ with higher education and with a known level, 2017 borders."""
    raw = _read_gzip(_EDUCATION, {"code": "str"})
    counts = pd.DataFrame(
        {
            "code": raw["code"].to_numpy(),
            "year": raw["year"].to_numpy(dtype=np.int64),
            "higher_education": raw["higher"].to_numpy(dtype=np.float64),
            "education_known": raw[list(_EDUCATION_KNOWN)]
            .sum(axis=1)
            .to_numpy(dtype=np.float64),
        }
    )
    return _to_2017(counts, ["higher_education", "education_known"])


def _commuting_matrix() -> pd.DataFrame:
    """Employed persons by municipality of work (rows) and of residence (columns)."""
    raw = _read_gzip(_COMMUTING, {"work": "str", "home": "str"})
    codes = _codes_2017()
    matrix = raw.pivot_table(
        index="work", columns="home", values="employed", aggfunc="sum", fill_value=0
    )
    return matrix.reindex(index=codes, columns=codes, fill_value=0).astype(np.float64)


def _commuters(matrix: pd.DataFrame) -> pd.DataFrame:
    """In- and out-commuters and employed residents from a work x home matrix."""
    values = matrix.to_numpy(dtype=np.float64)
    staying = np.diag(values)
    return pd.DataFrame(
        {
            "in_commuters": values.sum(axis=1) - staying,
            "out_commuters": values.sum(axis=0) - staying,
            "employed_residents": values.sum(axis=0),
        },
        index=pd.Index(matrix.index, name="code"),
    )


def _with_inputs(counts: pd.DataFrame) -> pd.DataFrame:
    """The yearly counts plus flows (with the residual), education and commuting."""
    flows = _flow_components(_flows_2017())
    combined = counts.merge(flows, on=["code", "year"], how="left")
    combined = combined.merge(_education_2017(), on=["code", "year"], how="left")
    parts = combined[[f"net_migration_{c}" for c in NORWAY_COMPONENTS[:3]]]
    combined["net_migration_residual"] = combined["net_migration"] - parts.sum(
        axis=1, skipna=False
    )
    commuting = _commuters(_commuting_matrix())
    structural = combined["year"].between(2003, 2016).to_numpy()
    for column in _COMMUTING_COLUMNS:
        values = commuting[column].reindex(combined["code"]).to_numpy(dtype=np.float64)
        combined[column] = np.where(structural, values, np.nan)
    return combined


# --- 2024 borders -------------------------------------------------------------------


def _weights_2017_to_2024() -> pd.DataFrame:
    """Share of each 2017 municipality in each 2024 one (rows 2017, columns 2024)."""
    changes = load_change_table("municipality").frame
    codes = _codes_2017()
    rows = changes[
        changes["year"].eq(2017).to_numpy() & changes["original"].isin(codes)
    ]
    rows = rows[~rows["original"].isin(list(_ALESUND_2017)).to_numpy()]
    fixed = pd.DataFrame(
        {
            "original": list(_ALESUND_2017),
            "target": list(_ALESUND_2017.values()),
            "weight": 1.0,
        }
    )
    rows = pd.concat([rows[["original", "target", "weight"]], fixed])
    weights = rows.pivot_table(
        index="original", columns="target", values="weight", aggfunc="sum", fill_value=0
    )
    return weights.reindex(index=codes).astype(np.float64)


def _hierarchy_2024(weights: pd.DataFrame) -> Hierarchy:
    """The 2024 municipalities in counties and in unions of 2017 regions."""
    old = norway_hierarchy()
    region_of = old.mapping("municipality", "region").reindex(weights.index)
    region_names = old.names("region")
    # Regions linked by a 2024 municipality that takes parts of both become one.
    parent = {r: r for r in region_names.index}

    def find(region: str) -> str:
        while parent[region] != region:
            region = parent[region]
        return region

    members: dict[str, list[str]] = {}
    values = weights.to_numpy()
    for j, code in enumerate(weights.columns):
        regions = sorted(set(region_of.to_numpy()[values[:, j] > 0]))
        members[str(code)] = regions
        for other in regions[1:]:
            parent[find(other)] = find(regions[0])
    groups: dict[str, list[str]] = {}
    for region in region_names.index:
        groups.setdefault(find(region), []).append(region)
    union_code = {
        r: "+".join(sorted(groups[find(r)])) for r in region_names.index.astype(str)
    }
    union_name = {
        r: " + ".join(str(region_names[g]) for g in sorted(groups[find(r)]))
        for r in region_names.index.astype(str)
    }
    codes = [str(c) for c in weights.columns]
    municipality_names = target_names("municipality")
    county_names = target_names("county")
    frame = pd.DataFrame(
        {
            "municipality_code": codes,
            "municipality_name": municipality_names.reindex(codes).to_numpy(),
            "region_code": [union_code[members[c][0]] for c in codes],
            "region_name": [union_name[members[c][0]] for c in codes],
            "county_code": [c[:2] for c in codes],
            "county_name": county_names.reindex([c[:2] for c in codes]).to_numpy(),
        }
    )
    return Hierarchy(frame, nested=False)


def _commuters_2024(weights: pd.DataFrame) -> pd.DataFrame:
    """Commuting in 2024 borders: the 2017 matrix moved by the weights.

    Pairs of different 2017 municipalities are shared by the weights of both; a
    2017 municipality's own workers stay inside whichever 2024 unit gets its share
    (a split does not create commuting between its parts).
    """
    matrix = _commuting_matrix().to_numpy(dtype=np.float64)
    share: FloatArray = weights.to_numpy(dtype=np.float64)
    staying = np.diag(matrix)
    moved = share.T @ (matrix - np.diag(staying)) @ share + np.diag(share.T @ staying)
    return _commuters(
        pd.DataFrame(moved, index=weights.columns, columns=weights.columns)
    )


def _to_2024(counts: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """The 2017-border counts of every year moved to the 2024 borders."""
    rows, cols = np.nonzero(weights.to_numpy() > 0)
    pairs = pd.DataFrame(
        {
            "original": weights.index.to_numpy()[rows],
            "target": weights.columns.to_numpy()[cols],
            "weight": weights.to_numpy()[rows, cols],
        }
    )
    years = sorted(int(y) for y in counts["year"].unique())
    table = ChangeTable(
        pd.concat([pairs.assign(year=year) for year in years], ignore_index=True)
    )
    columns = [c for c in counts.columns if c not in ("code", "year")]
    moved = rebase(counts, table, columns=columns)
    commuting = _commuters_2024(weights)
    structural = moved["year"].between(2003, 2016).to_numpy()
    for column in _COMMUTING_COLUMNS:
        values = commuting[column].reindex(moved["code"]).to_numpy(dtype=np.float64)
        moved[column] = np.where(structural, values, np.nan)
    return moved.sort_values(["code", "year"]).reset_index(drop=True)


def load_norway(borders: Literal[2017, 2024] = 2017) -> Panel:
    """The real Norwegian panel: 426 municipalities, 2003-2016, in 2017 borders.

    Register data of Statistics Norway (SSB), as republished by Telemarksforsking,
    with migration flows and education as tabulated by the Directorate of
    Integration and Diversity (IMDi) and commuting from SSB's StatBank, shipped
    inside the package (nothing is downloaded). Licence CC BY 4.0 / NLOD; attribute
    "Statistics Norway (SSB); via Telemarksforsking" (and "via IMDi" for the flows
    and education). Levels: 426 municipalities, Telemarksforsking's 85 labour-market
    regions and 19 counties.

    Parameters
    ----------
    borders : {2017, 2024}, default 2017
        The borders of the units. 2024 gives the same counts in the 357
        municipalities and 15 counties of 2024 (see Notes).

    Returns
    -------
    Panel
        Years 2002-2016 (2002 holds only the end-2002 job count), with columns
        ``population_jan1``, ``natural_increase``, ``net_migration`` and ``jobs``
        in every year; the flow components ``net_migration_<c>`` for ``c`` in
        ``immigration``, ``domestic_immigrant``, ``domestic_other`` and
        ``residual`` in 2013-2014 (NaN in other years);
        ``higher_education`` and ``education_known`` in 2009-2014; and
        ``in_commuters``, ``out_commuters`` and ``employed_residents`` (of 2017)
        in every year 2003-2016. Twelve rolling three-year periods, 2003-2005 to
        2014-2016, are available for the barometer.

    Raises
    ------
    InvalidOptionError
        If ``borders`` is not 2017 or 2024.

    Notes
    -----
    How the counts follow from the files (see ``PROVENANCE.md`` beside them):

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
    - Flows, 2013 and 2014 only (SSB's migration statistics, in the borders of
      those years: Andebu, Stokke and Sandefjord are summed into the Sandefjord of
      2017, the one merger between 2013 and 2017): net immigration from abroad
      (``immigration``: immigration - emigration, everyone), and domestic net
      migration of immigrants (``domestic_immigrant``: persons born abroad to
      foreign-born parents) and of everyone else (``domestic_other``). The 2011
      barometer report's "immigrant population" also counts the Norwegian-born
      children of immigrants; here they are in ``domestic_other``.
    - ``net_migration_residual``: net migration less those three flows. The
      migration statistics do not account for all of the population change less
      natural increase: register corrections, the rounding of natural increase,
      and equal and opposite residuals of 41 persons in Jondal and Kvinnherad in
      2013, as from a border adjustment. Per municipality and year the residual
      is 0.015 % of the population at the median, within 0.1 % for 90 % of them
      and above 0.3 % for 10 of 852 (at most 3.9 %, Jondal 2013); over the
      country it is -24 persons in 2013 and -115 in 2014. The four components
      add up to net migration exactly, so the four flow indices add up to the
      total index. The barometer's three flows alone add up to the index of
      their own sum, which misses the total index (of ``net_migration``) over
      2013-2014 by 0.03 percentage points for the median municipality, 0.13 at
      the 90th percentile and 3.7 for Jondal (regions: 0.015 at the median, at
      most 0.18).
    - ``higher_education``: residents aged 16 and over whose highest completed
      education is at a university or college; ``education_known``: those with a
      known level (primary, upper secondary, higher or none), 2009-2014, summed
      from the borders of each year into those of 2017. The counts sum to about
      1.4 million persons a year, a quarter of each municipality's population:
      fewer than all residents aged 16 and over, so they cover a subgroup the
      tabulation does not name; the share is a share within it.
    - Commuting (employed persons 15-74, fourth quarter 2017, SSB table 03321):
      ``in_commuters`` work in the municipality and live elsewhere,
      ``out_commuters`` live there and work elsewhere, ``employed_residents`` live
      there. One year only: a structural measure of labour-market integration,
      the same in every year 2003-2016.

    With these inputs five built-in factors are real: ``job_growth`` (private
    jobs), ``size``, ``neighbour_growth``, ``labour_market_integration`` (at the
    municipality level; commuting between the members of a region is not
    commuting into or out of it) and ``education_level`` (periods starting in
    2009-2014).

    **borders=2024.** Every count of a 2017 municipality goes to the 2024
    municipalities by the bundled change table
    (:func:`attraktiv.datasets.load_change_table`, rows of 2017) with
    :func:`attraktiv.rebase`, so national totals are conserved. Where the table
    splits a 2017 municipality, it does so by fixed shares (Snillfjord
    0.35/0.35/0.3, Tysfjord 0.5/0.5), not by where people lived: the counts of
    those parts are estimates. The table also shares the five 2017 units of the
    Ålesund of 2020 half and half between the Ålesund and Haram of 2024; as Haram
    was re-established in its old borders, the loader moves Haram (1534) whole to
    Haram (1580) and the others whole to Ålesund (1508) instead. Commuting is
    recomputed from the moved 2017 matrix, so commuting between two merged
    municipalities is not counted. The levels are municipality, region and county
    (the first two digits of the code). A 2017 labour-market region cannot be
    carried over where a 2024 municipality takes parts of two of them, so such
    regions are joined: each region of 2024 is a union of whole 2017 regions
    (code and name joined by ``+``), the smallest union that keeps every 2024
    municipality inside one region.

    The metadata record source, licence, borders and these notes. Eight regions
    straddle a county border (see :func:`norway_hierarchy`).

    Examples
    --------
    >>> panel = load_norway()
    >>> panel  # doctest: +NORMALIZE_WHITESPACE
    <Panel: 426 municipality units, years 2002-2016,
     levels municipality, region, county,
     components ['immigration', 'domestic_immigrant', 'domestic_other', 'residual']>
    >>> panel.metadata["licence"]
    'CC BY 4.0 / NLOD, Statistics Norway (SSB); via Telemarksforsking'
    >>> panel.flow_years()
    (2013, 2014)
    >>> from attraktiv import period_table
    >>> table = period_table(panel, "2008-2010")
    >>> table.loc["0235", ["net_migration", "job_growth"]].round(2).tolist()
    [9.09, 1.94]
    >>> flows = period_table(panel, "2013-2014", factors=(), flows=True)
    >>> list(flows.columns[2:7])  # doctest: +NORMALIZE_WHITESPACE
    ['net_migration', 'net_migration_immigration', 'net_migration_domestic_immigrant',
     'net_migration_domestic_other', 'net_migration_residual']
    >>> flows.loc["0235"].iloc[2:7].astype(float).round(3).tolist()  # Ullensaker
    [3.55, 1.522, 1.093, 0.932, 0.003]

    The same data in the municipalities of 2024:

    >>> today = load_norway(borders=2024)
    >>> len(today.units("municipality")), len(today.units("county"))
    (357, 15)
    >>> population = today.aggregate("county")
    >>> round(population.loc[population["year"] == 2010, "population_jan1"].sum())
    4858199
    """
    if (
        not isinstance(borders, int)
        or isinstance(borders, bool)
        or borders
        not in (
            2017,
            2024,
        )
    ):
        raise InvalidOptionError(f"borders must be 2017 or 2024; got {borders!r}")
    counts, hierarchy = _cached_inputs(int(borders))
    # The Panel builds its own arrays from the cached frame: panels of separate
    # calls share nothing that can change.
    return Panel(
        counts,
        hierarchy,
        components=NORWAY_COMPONENTS,
        metadata={**NORWAY_METADATA, "borders": int(borders)},
    )


def _build_counts_2017() -> pd.DataFrame:
    """The 2017-border counts from the raw shipped files (what ``_COUNTS_2017`` holds).

    Regenerate the shipped file with
    ``_build_counts_2017().to_csv(path, index=False, compression="gzip")``.
    """
    return _with_inputs(_norway_counts(_read_municipalities()))


def _read_counts_2017() -> pd.DataFrame:
    """The precomputed 2017-border counts, as :func:`_build_counts_2017` makes them."""
    with _data_file(_COUNTS_2017).open("rb") as handle:
        counts = pd.read_csv(
            handle,
            compression="gzip",
            dtype={"code": "str", "year": "int64"},
        )
    values = [c for c in counts.columns if c not in ("code", "year")]
    return counts.astype(dict.fromkeys(values, "float64"))


@cache
def _cached_inputs(borders: int) -> tuple[pd.DataFrame, Hierarchy]:
    """The counts and hierarchy of ``load_norway(borders)``, read once a process."""
    counts = _read_counts_2017()
    if borders == 2017:
        return counts, norway_hierarchy()
    weights = _weights_2017_to_2024()
    return _to_2024(counts, weights), _hierarchy_2024(weights)
