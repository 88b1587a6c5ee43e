"""SYNTHETIC panels from known coefficients, for teaching, tests and benchmarks."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd

from ..core import rates
from ..core.progress import check_progress
from ..core.progress import progress as show_progress
from ..core.typing import FloatArray, IntArray, SeedLike
from ..core.validation import check_rng, shown
from ..errors import InvalidOptionError
from ..geography import Hierarchy
from ..panel import Panel

__all__ = [
    "COMPONENT_COEFFICIENTS",
    "COMPONENT_NOISE_SHARES",
    "SIMULATION_COEFFICIENTS",
    "simulate_panel",
]

#: The true coefficients of net migration (percent of the start population over a
#: three-year period) on the period-table factors, at the municipality level.
SIMULATION_COEFFICIENTS: Final[Mapping[str, float]] = MappingProxyType(
    {
        "intercept": -8.0,
        "job_growth": 0.25,
        "labour_market_integration": 0.02,
        "log_population": 0.4,
        "neighbour_job_growth": 0.15,
        "culture_index": 0.4,
        "cafe_density": 1.0,
        "education_level": 0.05,
        "housing_construction": 1.2,
    }
)

#: The most units simulate_panel makes (the arrays grow with units × years).
MAX_UNITS: Final = 1_000_000
#: The largest ``noise_sd``, in percentage points over three years: nearly seven
#: times the default. At 30 points one of five panels of 200 units already had a
#: population below zero.
MAX_NOISE_SD: Final = 10.0
_FACTORS: Final = tuple(SIMULATION_COEFFICIENTS)

# The coefficients of net immigration and of the immigrant population's domestic
# moves; everyone else's domestic moves take the rest, so the three add up to the
# total's coefficients whatever the total's are.
_GIVEN_COMPONENTS: Final[dict[str, dict[str, float]]] = {
    "immigration": {
        "intercept": 1.0,
        "job_growth": 0.05,
        "labour_market_integration": 0.0,
        "log_population": 0.1,
        "neighbour_job_growth": 0.0,
        "culture_index": 0.0,
        "cafe_density": 0.2,
        "education_level": 0.0,
        "housing_construction": 0.1,
    },
    "domestic_immigrant": {
        "intercept": -0.8,
        "job_growth": 0.03,
        "labour_market_integration": 0.0,
        "log_population": 0.08,
        "neighbour_job_growth": 0.02,
        "culture_index": 0.05,
        "cafe_density": 0.1,
        "education_level": 0.0,
        "housing_construction": 0.1,
    },
}


def _component_coefficients(
    total: Mapping[str, float],
) -> dict[str, Mapping[str, float]]:
    other = {
        name: total[name] - sum(c[name] for c in _GIVEN_COMPONENTS.values())
        for name in _FACTORS
    }
    result: dict[str, Mapping[str, float]] = {
        name: MappingProxyType(dict(values))
        for name, values in _GIVEN_COMPONENTS.items()
    }
    result["domestic_other"] = MappingProxyType(other)
    return result


#: The true coefficients of each flow component (they add up to
#: :data:`SIMULATION_COEFFICIENTS`; ``domestic_other`` takes the rest).
COMPONENT_COEFFICIENTS: Final[Mapping[str, Mapping[str, float]]] = MappingProxyType(
    _component_coefficients(SIMULATION_COEFFICIENTS)
)

#: Shares of the noise variance carried by each flow component (they sum to 1).
COMPONENT_NOISE_SHARES: Final[Mapping[str, float]] = MappingProxyType(
    {"immigration": 0.2, "domestic_immigrant": 0.1, "domestic_other": 0.7}
)

_PERIOD_LENGTH: Final = 3
_MIN_POPULATION: Final = 200.0
_MAX_POPULATION: Final = 700_000.0


def _group_sizes(rng: np.random.Generator, total: int, low: int, high: int) -> IntArray:
    """Sizes between ``low`` and ``high`` adding up to ``total``.

    A remainder smaller than ``low`` joins the last full group, so every group but
    a lone one has at least ``low`` members.
    """
    sizes = rng.integers(low, high + 1, size=total // low + 1)
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, total)) + 1
    sizes = sizes[:count].copy()
    sizes[-1] = total - (ends[count - 2] if count > 1 else 0)
    if count > 1 and sizes[-1] < low:
        sizes[-2] += sizes[-1]
        sizes = sizes[:-1]
    return sizes.astype(np.int64)


def _hierarchy(rng: np.random.Generator, n_units: int) -> tuple[Hierarchy, IntArray]:
    """Municipalities in regions of 5-8, regions in counties of 4-5."""
    region_of = np.repeat(
        np.arange(len(sizes := _group_sizes(rng, n_units, 5, 8))), sizes
    )
    county_sizes = _group_sizes(rng, len(sizes), 4, 5)
    county_of_region = np.repeat(np.arange(len(county_sizes)), county_sizes)
    width = max(4, len(str(n_units)))
    region_width = max(3, len(str(len(sizes))))
    county_width = max(2, len(str(len(county_sizes))))
    codes = [f"{i + 1:0{width}d}" for i in range(n_units)]
    regions = [f"R{r + 1:0{region_width}d}" for r in range(len(sizes))]
    counties = [f"C{c + 1:0{county_width}d}" for c in range(len(county_sizes))]
    region_codes = np.asarray(regions, dtype=object)[region_of]
    county_codes = np.asarray(counties, dtype=object)[county_of_region[region_of]]
    frame = pd.DataFrame(
        {
            "municipality_code": codes,
            "municipality_name": [f"Synthetic municipality {c}" for c in codes],
            "region_code": region_codes,
            "region_name": [f"Synthetic region {c[1:]}" for c in region_codes],
            "county_code": county_codes,
            "county_name": [f"Synthetic county {c[1:]}" for c in county_codes],
        }
    )
    return Hierarchy(frame), region_of.astype(np.int64)


def _check_coefficients(
    coefficients: Mapping[str, float] | None,
) -> dict[str, float]:
    total = dict(SIMULATION_COEFFICIENTS)
    if coefficients is None:
        return total
    if not isinstance(coefficients, Mapping):
        raise InvalidOptionError(
            f"coefficients={type(coefficients).__name__} is not valid; give a "
            "mapping of factor to coefficient, such as {'job_growth': 0.25}"
        )
    unknown = [name for name in coefficients if name not in total]
    if unknown:
        allowed = ", ".join(repr(name) for name in _FACTORS)
        raise InvalidOptionError(
            f"unknown coefficient(s) {', '.join(repr(u) for u in unknown)}; "
            f"choose from {allowed} as the keys of coefficients"
        )
    for name, value in coefficients.items():
        if isinstance(value, bool | np.bool_) or not isinstance(
            value, int | float | np.integer | np.floating
        ):
            raise InvalidOptionError(
                f"coefficient {name!r} must be a number, got {value!r}"
            )
        total[name] = float(value)
        if not np.isfinite(total[name]):
            raise InvalidOptionError(
                f"coefficient {name!r} must be finite, got {value!r}"
            )
    return total


def _check_years(years: Sequence[int] | range) -> tuple[int, ...]:
    if (
        isinstance(years, str | bytes | Mapping | pd.DataFrame)
        or not isinstance(years, Sequence | np.ndarray | pd.Index | pd.Series)
        or not all(
            isinstance(y, int | np.integer) and not isinstance(y, bool | np.bool_)
            for y in years
        )
    ):
        raise InvalidOptionError(
            f"years={shown(years)} is not valid; give consecutive whole years, such "
            "as range(2002, 2017)"
        )
    checked = tuple(int(y) for y in years)
    if len(checked) < 1 or any(b != a + 1 for a, b in itertools.pairwise(checked)):
        raise InvalidOptionError(
            f"years must be consecutive and increasing, got {list(checked)[:6]}"
        )
    return checked


def simulate_panel(
    n_units: int = 426,
    years: Sequence[int] | range = range(2002, 2017),
    *,
    rng: SeedLike = None,
    coefficients: Mapping[str, float] | None = None,
    noise_sd: float = 1.5,
    progress: bool = False,
) -> Panel:
    """SYNTHETIC panel: invented places whose net migration follows known coefficients.

    Nothing here is real. The units are "Synthetic municipality 0001", ... in
    synthetic regions and counties; the metadata say ``synthetic=True`` and carry the
    true coefficients. Use it to teach (recover the truth), to test and to
    benchmark; it has everything the real data lacks: the three flow components
    in every year, and every factor input.

    Parameters
    ----------
    n_units : int, default 426
        Number of municipalities (at least 2). Regions hold 5-8 of them, counties
        4-5 regions.
    years : sequence of int, default range(2002, 2017)
        Consecutive years of data. The year before the first is not in the panel, so
        the first period with a job growth starts in ``years[1]``: with the default,
        the twelve rolling periods 2003-2005 ... 2014-2016, as in the Norwegian data.
    rng : numpy.random.Generator, int or None
        Source of randomness (passed to :func:`numpy.random.default_rng`).
    coefficients : mapping of str to float, optional
        Overrides of :data:`SIMULATION_COEFFICIENTS` (keys: ``intercept`` and the
        eight factor names below).
    noise_sd : float, default 1.5
        Standard deviation of the noise of net migration over a three-year period,
        in percentage points of the start population; from 0 to 10.
    progress : bool, default False
        Show a progress bar on standard error, one step per year (for very many
        units; tqdm's when it is installed, ``attraktiv[progress]``).

    Returns
    -------
    Panel
        Levels ``municipality``, ``region``, ``county``; components
        ``immigration``, ``domestic_immigrant``, ``domestic_other``; all factor
        inputs. Counts are floats (expected values, not rounded to whole persons:
        rounding would add up to 0.25 percentage points of noise to the smallest
        units and blur the coefficients).

    Raises
    ------
    InvalidOptionError
        For fewer than 2 units, non-consecutive years, unknown or non-finite
        coefficients, a negative ``noise_sd`` or one above 10, or a ``progress``
        that is not a boolean.

    Notes
    -----
    **Model.** For a municipality and a period :math:`p` the period table (see
    :meth:`attraktiv.Panel.period_table`) gives net migration :math:`NM_p` and the
    factors :math:`x_p` = (job_growth, labour_market_integration, log_population,
    neighbour_job_growth, culture_index, cafe_density, education_level,
    housing_construction). The data are generated so that

    .. math:: NM_p = \\beta_0 + x_p^\\top \\beta + \\varepsilon_p, \\qquad
              \\varepsilon_p \\sim N(0, \\sigma^2) \\text{ iid},

    with :math:`\\beta` = :data:`SIMULATION_COEFFICIENTS` and :math:`\\sigma` =
    ``noise_sd``. OLS of ``net_migration`` on those eight columns therefore
    recovers :math:`\\beta`, with exact 95 % intervals.

    **How.** Years are cut into non-overlapping blocks of three, counted back from
    the last year (2014-2016, 2011-2013, ...; a shorter block may lead). Stock
    inputs are proportional to the current population or jobs with unit-specific
    rates (café jobs, employed residents and their education, commuters, university
    staff), so the stock factors are constant over time; dwellings completed over a
    block are a unit-specific share of its start population. In year :math:`y` of a
    block starting in :math:`b` with start population :math:`P_b`, net migration is
    :math:`P_b / 100` times

    .. math:: \\tfrac13 (\\beta_0 + s^\\top \\beta_s)
              + \\beta_{JG} \\, 100 \\frac{J_y - J_{y-1}}{J_{b-1}}
              + \\beta_{NJG} \\, 100 \\frac{N_y - N_{y-1}}{N_{b-1}}
              + e_y, \\qquad e_y \\sim N(0, \\sigma^2 / 3),

    where :math:`s` are the stock factors of the block, :math:`J` the unit's jobs
    and :math:`N` its neighbours' (the rest of its region). The three years add up
    to the model above exactly, for every block. For overlapping periods that are
    not blocks (2013-2015, say) the relation holds only approximately, because
    the yearly terms are scaled by the start of their own block; the error is a few
    hundredths of a percentage point for a typical unit.

    **Flows.** Each component gets its own coefficients
    (:data:`COMPONENT_COEFFICIENTS`; ``domestic_other`` takes what the others
    leave, so they add up to the total's) and its own noise, with variance
    :data:`COMPONENT_NOISE_SHARES` times :math:`\\sigma^2`; net migration is the
    sum of the three, so they add up exactly and the total's noise has variance
    :math:`\\sigma^2`.

    **Inputs.** Start populations are lognormal (median 5,000) truncated to
    200-700,000; culture is a standardised score; café density about 1 % of the
    population, education level 10-45 %, labour-market integration 20-120, housing
    about 1.3 % over three years, university staff in about 8 % of units (more
    often the large ones; it has no effect: coefficient 0). Employed residents
    stand in for the residents with a known education level
    (``education_known`` equals ``employed_residents``); in-commuters are a
    unit-specific share of the jobs filled as commuting statistics count them
    (employed residents - out-commuters + in-commuters). Job growth has a
    national, a regional and a unit shock (larger for small units); natural
    increase a unit-specific rate.

    Examples
    --------
    >>> from attraktiv.datasets import simulate_panel
    >>> panel = simulate_panel(rng=42)
    >>> panel.metadata["description"][:14]
    'SYNTHETIC DATA'
    >>> from attraktiv import period_table
    >>> table = period_table(panel, "2014-2016")
    >>> table.index[0], table["name"].iloc[0]
    ('0001', 'Synthetic municipality 0001')

    Ordinary least squares recovers the coefficients (the truth is 0.25 for job
    growth and 1.2 for housing construction):

    >>> import numpy as np
    >>> factors = list(panel.metadata["coefficients"])[1:]
    >>> X = np.column_stack([np.ones(len(table)), table[factors]])
    >>> beta = np.linalg.lstsq(X, table["net_migration"], rcond=None)[0]
    >>> dict(zip(factors, beta[1:].round(2).tolist()))  # doctest: +NORMALIZE_WHITESPACE
    {'job_growth': 0.26, 'labour_market_integration': 0.03, 'log_population': 0.37,
     'neighbour_job_growth': 0.16, 'culture_index': 0.42, 'cafe_density': 1.0,
     'education_level': 0.06, 'housing_construction': 1.17}
    """
    if isinstance(n_units, bool) or not isinstance(n_units, int | np.integer):
        raise InvalidOptionError(f"n_units must be an integer, got {n_units!r}")
    n_units = int(n_units)
    if n_units < 2:
        raise InvalidOptionError(f"n_units must be at least 2, got {n_units}")
    if n_units > MAX_UNITS:
        # Refused before the arrays are allocated (10**12 units is terabytes).
        raise InvalidOptionError(
            f"n_units={n_units:,} is too many; simulate at most {MAX_UNITS:,} units"
        )
    year_list = _check_years(years)
    total = _check_coefficients(coefficients)
    if isinstance(noise_sd, bool) or not isinstance(noise_sd, int | float | np.number):
        raise InvalidOptionError(
            f"noise_sd={noise_sd!r} is not valid; give a finite number >= 0"
        )
    noise_sd = float(noise_sd)
    if not np.isfinite(noise_sd):
        raise InvalidOptionError(
            f"noise_sd={noise_sd!r} is not valid; it must be finite (and >= 0)"
        )
    if noise_sd < 0:
        raise InvalidOptionError(f"noise_sd={noise_sd!r} is not valid; it must be >= 0")
    if noise_sd > MAX_NOISE_SD:
        raise InvalidOptionError(
            f"noise_sd={noise_sd:g} is not valid; it must be at most {MAX_NOISE_SD:g} "
            "percentage points (more would drive populations below zero)"
        )
    progress = check_progress(progress)
    generator = check_rng(rng)
    components = _component_coefficients(total)

    hierarchy, region_of = _hierarchy(generator, n_units)
    n_years = len(year_list)
    n = n_units

    from scipy.special import expit, logit, ndtr, ndtri

    # --- unit-level constants ---------------------------------------------------
    low, high = np.log(_MIN_POPULATION), np.log(_MAX_POPULATION)
    mu, sigma = np.log(5_000.0), 1.2
    u = generator.uniform(ndtr((low - mu) / sigma), ndtr((high - mu) / sigma), n)
    log_start = mu + sigma * ndtri(u)
    size = (log_start - mu) / sigma  # a standardised "urbanity"
    population0 = np.exp(log_start)
    culture = 0.3 * size + np.sqrt(1 - 0.09) * generator.standard_normal(n)
    cafe_rate = np.exp(np.log(0.9) + 0.15 * size + 0.35 * generator.standard_normal(n))
    education = 100 * expit(
        logit(0.22) + 0.25 * size + 0.3 * generator.standard_normal(n)
    )
    in_share = 100 * expit(logit(0.3) + 0.5 * generator.standard_normal(n))
    out_share = 100 * expit(
        logit(0.3) - 0.2 * size + 0.5 * generator.standard_normal(n)
    )
    housing = np.exp(np.log(1.3) + 0.1 * size + 0.4 * generator.standard_normal(n))
    has_university = generator.uniform(size=n) < expit(-3.0 + 1.2 * size)
    university_rate = np.where(has_university, generator.uniform(0.2, 3.0, n), 0.0)
    employment_rate = generator.uniform(0.42, 0.52, n)
    jobs_ratio = generator.uniform(0.25, 0.55, n)
    natural_rate = (0.1 + 0.25 * size + 0.2 * generator.standard_normal(n)) / 100
    stocks = {
        "labour_market_integration": in_share + out_share,
        "culture_index": culture,
        "cafe_density": cafe_rate,
        "education_level": education,
    }

    # --- jobs: exogenous paths, one year before the panel included ------------------
    jobs = np.empty((n, n_years + 1))
    jobs[:, 0] = population0 * jobs_ratio
    unit_sd = 0.01 + 0.5 / np.sqrt(jobs[:, 0])
    n_regions = int(region_of.max()) + 1
    national = generator.normal(0.01, 0.015, n_years)
    regional = generator.normal(0.0, 0.01, (n_regions, n_years))
    shocks = unit_sd[:, None] * generator.standard_normal((n, n_years))
    growth = national[None, :] + regional[region_of] + shocks
    jobs[:, 1:] = jobs[:, :1] * np.exp(np.cumsum(growth, axis=1))
    region_jobs = np.stack(
        [np.bincount(region_of, weights=jobs[:, t]) for t in range(n_years + 1)], axis=1
    )
    neighbours = region_jobs[region_of] - jobs

    # --- population and migration, year by year -----------------------------------
    names = tuple(components)
    noise_scale = {
        c: noise_sd * np.sqrt(COMPONENT_NOISE_SHARES[c] / _PERIOD_LENGTH) for c in names
    }
    population = np.empty((n, n_years))
    natural = np.empty((n, n_years))
    flows = {c: np.empty((n, n_years)) for c in names}
    dwellings = np.empty((n, n_years))
    population[:, 0] = population0
    block_population: FloatArray = population0
    block_jobs: FloatArray = jobs[:, 0]
    block_neighbours: FloatArray = neighbours[:, 0]
    block_stock: dict[str, FloatArray] = {}
    block_length = 1
    for t in show_progress(
        range(n_years), enabled=progress, desc="simulate_panel", unit="year"
    ):
        # Block starts, counted back from the last year: ..., T-6, T-3.
        from_end = n_years - 1 - t
        if t == 0 or from_end % _PERIOD_LENGTH == _PERIOD_LENGTH - 1:
            block_length = min(_PERIOD_LENGTH, n_years - t)
            if t == 0:
                block_length = from_end % _PERIOD_LENGTH + 1
            block_population = population[:, t]
            block_jobs = jobs[:, t]  # column t is the end of the year before year t
            block_neighbours = neighbours[:, t]
            dwellings[:, t : t + block_length] = (
                housing * block_population / 100 / block_length
            )[:, None]
            block_stock = {
                **stocks,
                "log_population": rates.log_population(block_population),
                "housing_construction": rates.housing_construction(
                    dwellings[:, t : t + block_length].sum(axis=1), block_population
                ),
            }
        job_change = rates.percent_of(jobs[:, t + 1] - jobs[:, t], block_jobs)
        neighbour_change = rates.percent_of(
            neighbours[:, t + 1] - neighbours[:, t], block_neighbours
        )
        net = np.zeros(n)
        for c in names:
            beta = components[c]
            stock_part = beta["intercept"] + sum(
                beta[f] * block_stock[f] for f in block_stock
            )
            rate = (
                stock_part / _PERIOD_LENGTH
                + beta["job_growth"] * job_change
                + beta["neighbour_job_growth"] * neighbour_change
                + noise_scale[c] * generator.standard_normal(n)
            )
            flows[c][:, t] = block_population / 100 * rate
            net += flows[c][:, t]
        natural[:, t] = natural_rate * population[:, t]
        if t + 1 < n_years:
            population[:, t + 1] = population[:, t] + natural[:, t] + net

    employed = employment_rate[:, None] * population
    year_jobs = jobs[:, 1:]
    # Commuters: out_share % of employed residents commute out, and in-commuters
    # are in_share % of the jobs filled (E - out + in), so the factor's formula
    # gives back in_share + out_share, the value the flows were drawn with.
    out_commuters = out_share[:, None] / 100 * employed
    in_fraction = in_share[:, None] / 100
    in_commuters = in_fraction / (1 - in_fraction) * (employed - out_commuters)
    columns: dict[str, FloatArray] = {
        "population_jan1": population,
        "natural_increase": natural,
        "net_migration": np.sum([flows[c] for c in names], axis=0),
        "jobs": year_jobs,
        **{f"net_migration_{c}": flows[c] for c in names},
        "in_commuters": in_commuters,
        "out_commuters": out_commuters,
        "employed_residents": employed,
        "cafe_jobs": cafe_rate[:, None] / 100 * population,
        # The education level is a share of the employed residents here: they
        # stand in for the residents with a known education level.
        "higher_education": education[:, None] / 100 * employed,
        "education_known": employed,
        "university_staff": university_rate[:, None] / 100 * population,
        "dwellings_completed": dwellings,
        "culture_index": np.repeat(culture[:, None], n_years, axis=1),
    }
    codes = hierarchy.units("municipality").to_numpy(dtype=object)
    data = pd.DataFrame(
        {
            "code": np.repeat(codes, n_years),
            "year": np.tile(np.asarray(year_list, dtype=np.int64), n),
            **{name: values.reshape(-1) for name, values in columns.items()},
        }
    )
    data["code"] = data["code"].astype("str")
    metadata: dict[str, object] = {
        "synthetic": True,
        "description": (
            "SYNTHETIC DATA generated by attraktiv.datasets.simulate_panel from known "
            "coefficients; no real place is described."
        ),
        "coefficients": MappingProxyType(total),
        "component_coefficients": MappingProxyType(components),
        "noise_sd": noise_sd,
        "component_noise_sd": MappingProxyType(
            {c: noise_sd * np.sqrt(COMPONENT_NOISE_SHARES[c]) for c in names}
        ),
        "blocks": "three-year blocks counted back from the last year",
    }
    return Panel(data, hierarchy, metadata=metadata)
