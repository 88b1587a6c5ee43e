"""The rate and factor formulas of the barometer, as vectorised functions.

Each function takes arrays of counts (one element per unit, already aggregated to the
level of interest) and returns a float array of the same shape. They do not validate:
a zero denominator gives ``inf`` or ``nan`` without a warning, and the caller
(:meth:`attraktiv.Panel.period_table`, the factor registry) checks its inputs first
and raises an error that names the unit. Keeping the formulas here, and only here,
means every part of the library computes a factor the same way.

Examples
--------
>>> import numpy as np
>>> growth_rate(np.array([100.0, 50.0]), np.array([110.0, 45.0]))
array([ 10., -10.])
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .typing import FloatArray

__all__ = [
    "cafe_density",
    "education_level",
    "growth_rate",
    "housing_construction",
    "labour_market_integration",
    "log_population",
    "net_migration_rate",
    "percent_of",
    "university",
]


def _float(values: npt.ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def percent_of(numerator: npt.ArrayLike, denominator: npt.ArrayLike) -> FloatArray:
    """``100 * numerator / denominator``, element by element.

    Parameters
    ----------
    numerator, denominator : array_like
        Counts of the same shape (or broadcastable).

    Returns
    -------
    ndarray of float64
        The percentage; ``inf``/``nan`` where the denominator is 0.

    Examples
    --------
    >>> percent_of([3.0, 1.0], [200.0, 4.0])
    array([ 1.5, 25. ])
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return 100.0 * _float(numerator) / _float(denominator)


def net_migration_rate(
    net_migration_total: npt.ArrayLike, population_start: npt.ArrayLike
) -> FloatArray:
    """Net migration over a period in percent of the start population.

    Parameters
    ----------
    net_migration_total : array_like
        Net migration (persons) summed over the period's years.
    population_start : array_like
        Population on 1 January of the period's first year (``P0``).

    Returns
    -------
    ndarray of float64

    Notes
    -----
    .. math:: NM = 100 \\, \\frac{\\sum_{y=y_1}^{y_3} (I_y - O_y)}{P_0}

    The same formula gives each flow component, so components that
    add up in persons add up in percent.

    Examples
    --------
    >>> net_migration_rate([909.0], [10_000.0])
    array([9.09])
    """
    return percent_of(net_migration_total, population_start)


def growth_rate(start: npt.ArrayLike, end: npt.ArrayLike) -> FloatArray:
    """Growth from ``start`` to ``end`` in percent of ``start``.

    Parameters
    ----------
    start, end : array_like
        A count at the start and at the end of the period.

    Returns
    -------
    ndarray of float64

    Notes
    -----
    Job growth is this with ``start`` the jobs at the end of the
    year before the period and ``end`` the jobs at the end of its last year:

    .. math:: JG = 100 \\, \\frac{J_{y_3} - J_{y_1 - 1}}{J_{y_1 - 1}}

    Examples
    --------
    >>> growth_rate([17746.0], [18090.0]).round(2)
    array([1.94])
    """
    start_values = _float(start)
    return percent_of(_float(end) - start_values, start_values)


def log_population(population_start: npt.ArrayLike) -> FloatArray:
    """Size: the natural logarithm of the start population.

    Parameters
    ----------
    population_start : array_like
        Population on 1 January of the period's first year (positive).

    Returns
    -------
    ndarray of float64

    Examples
    --------
    >>> log_population([1.0, np.e]).round(12)
    array([0., 1.])
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.log(_float(population_start))


def labour_market_integration(
    in_commuters: npt.ArrayLike,
    out_commuters: npt.ArrayLike,
    employed_residents: npt.ArrayLike,
) -> FloatArray:
    """In-commuters in % of jobs filled, plus out-commuters in % of employed residents.

    Parameters
    ----------
    in_commuters : array_like
        Persons working in the unit who live elsewhere.
    out_commuters : array_like
        Residents of the unit who work elsewhere.
    employed_residents : array_like
        Employed persons living in the unit.

    Returns
    -------
    ndarray of float64
        Percentage points, between 0 and 200.

    Notes
    -----
    Every count comes from the commuting statistics, so the jobs in the first
    term are the jobs as those statistics count them: the employed persons who
    live and work in the unit plus those who commute in,
    :math:`E - C_{out} + C_{in}` (not a job count from another source, which
    might cover other jobs or persons):

    .. math::

        LMI = 100 \\, \\frac{C_{in}}{E - C_{out} + C_{in}}
            + 100 \\, \\frac{C_{out}}{E}

    Examples
    --------
    >>> labour_market_integration([30.0], [20.0], [80.0])
    array([58.33333333])
    """
    employed = _float(employed_residents)
    inward = _float(in_commuters)
    outward = _float(out_commuters)
    jobs_filled = employed - outward + inward
    return percent_of(inward, jobs_filled) + percent_of(outward, employed)


def cafe_density(cafe_jobs: npt.ArrayLike, population: npt.ArrayLike) -> FloatArray:
    """Jobs in cafés, restaurants and pubs in percent of the population.

    Parameters
    ----------
    cafe_jobs : array_like
        Jobs in cafés, restaurants and pubs located in the unit.
    population : array_like
        Population (persons).

    Returns
    -------
    ndarray of float64

    Examples
    --------
    >>> cafe_density([12.0], [1_000.0])
    array([1.2])
    """
    return percent_of(cafe_jobs, population)


def education_level(
    higher_education: npt.ArrayLike, education_known: npt.ArrayLike
) -> FloatArray:
    """Residents with higher education in % of those whose education level is known.

    Parameters
    ----------
    higher_education : array_like
        Residents whose highest completed education is at a university or college.
    education_known : array_like
        Residents (of the same ages) whose education level is known; persons with
        an unknown level are left out of the denominator, so a change in how many
        are unknown does not move the share.

    Returns
    -------
    ndarray of float64

    Notes
    -----
    .. math:: EDU = 100 \\, \\frac{H}{K}

    Examples
    --------
    >>> education_level([25.0], [100.0])
    array([25.])
    """
    return percent_of(higher_education, education_known)


def university(
    university_staff: npt.ArrayLike, population: npt.ArrayLike
) -> FloatArray:
    """Employees of universities and colleges in percent of the population.

    Parameters
    ----------
    university_staff : array_like
        Employees of universities and university colleges located in the unit; 0
        where there is none (so the factor is 0 there).
    population : array_like
        Population (persons).

    Returns
    -------
    ndarray of float64

    Examples
    --------
    >>> university([0.0, 50.0], [1_000.0, 10_000.0])
    array([0. , 0.5])
    """
    return percent_of(university_staff, population)


def housing_construction(
    dwellings_completed_total: npt.ArrayLike, population_start: npt.ArrayLike
) -> FloatArray:
    """Dwellings completed over the period in percent of the start population.

    Parameters
    ----------
    dwellings_completed_total : array_like
        Dwellings completed, summed over the period's years.
    population_start : array_like
        Population on 1 January of the period's first year.

    Returns
    -------
    ndarray of float64

    Examples
    --------
    >>> housing_construction([45.0], [3_000.0])
    array([1.5])
    """
    return percent_of(dwellings_completed_total, population_start)
