"""Hostile data for the numeric public API: refused by name, or the right answer.

The argument walker (``test_public_api_walk.py``) sends one hostile argument at a
time; these cases send well-typed arguments holding bad data: non-finite or
impossible counts, repeated unit-years, too few or identical units, job growth
constant up to rounding, gaps in the years, broken hierarchies, repeated units in
the uncertainty inputs and spatial weights of extreme scale. Each refusal asserts
the exact error class and that the message names the culprit; each accepted case
asserts the value against an invariant (scaling) or a hand computation.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from attraktiv import (
    AttractivenessModel,
    AttractivenessResult,
    AttraktivWarning,
    DataError,
    FlowError,
    GeographyError,
    Hierarchy,
    InvalidOptionError,
    ModelError,
    Panel,
    PeriodError,
    RankDeficientError,
    barometer,
    ols,
    spatial,
    uncertainty,
)
from attraktiv.attractiveness import residual_variance_function
from attraktiv.core.typing import FloatArray
from attraktiv.datasets import simulate_panel

UNIT = "0003"


@cache
def base() -> Panel:
    """Eight synthetic municipalities in one region and one county, 2004-2011."""
    return simulate_panel(8, range(2004, 2012), rng=1)


def frame() -> pd.DataFrame:
    return base().data.copy()


def hierarchy_frame() -> pd.DataFrame:
    return base().hierarchy.to_frame()


def cell(column: str, value: Any, year: int | None = 2008) -> pd.DataFrame:
    """The data with one unit's cell (or every year of it) set to ``value``."""
    data = frame()
    where = data["code"] == UNIT
    if year is not None:
        where &= data["year"] == year
    data[column] = data[column].astype(float)
    data.loc[where, column] = value
    return data


def fit(
    data: pd.DataFrame, hierarchy: Hierarchy | None = None, **options: Any
) -> AttractivenessResult:
    panel = Panel(data, base().hierarchy if hierarchy is None else hierarchy, **options)
    return AttractivenessModel().fit(panel, "2008-2010")


def first_units(count: int) -> tuple[pd.DataFrame, Hierarchy]:
    codes = [f"{i:04d}" for i in range(1, count + 1)]
    data = frame()
    table = hierarchy_frame()
    return (
        data[data["code"].isin(codes)],
        Hierarchy(table[table["municipality_code"].isin(codes)]),
    )


def same_growth() -> pd.DataFrame:
    """Every unit's jobs grow by 1 % a year: job growth equal but for rounding."""
    data = frame()
    data["jobs"] = data["code"].astype(int) * 100.0 * 1.01 ** (data["year"] - 2004)
    return data


def identical_units() -> pd.DataFrame:
    data = frame()
    first = data[data["code"] == "0001"].set_index("year")
    for column in data.columns[2:]:
        data[column] = data["year"].map(first[column]).to_numpy()
    return data


def hierarchy_with(**columns: Any) -> Hierarchy:
    return Hierarchy(hierarchy_frame().assign(**columns))


def blanked(column: str, value: Any) -> Hierarchy:
    table = hierarchy_frame()
    return Hierarchy(
        table.assign(**{column: table[column].where(table.index != 2, value)})
    )


# --- the uncertainty and spatial inputs ---------------------------------------------

CODES = pd.Index(list("abcde"))
EST = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=CODES)
SE = pd.Series([0.5] * 5, index=CODES)
VALUES = pd.Series([1.0, 3.0, 2.0, 5.0, 4.0], index=CODES)
RING = np.roll(np.eye(5), 1, axis=1) + np.roll(np.eye(5), -1, axis=1)
COVARIATES = pd.DataFrame(
    {"x": [1.0, 2, 3, 4, 5], "z": [2.0, 4, 6, 8, 10]}, index=CODES
)


def weights(matrix: Any, codes: pd.Index = CODES) -> spatial.SpatialWeights:
    return spatial.SpatialWeights(codes, sp.csr_array(np.asarray(matrix, dtype=float)))


def path_matrix() -> np.ndarray[Any, Any]:
    """a-b-c linked in a row; d and e islands."""
    return np.pad(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0.0]]), ((0, 2), (0, 2)))


def moran(values: pd.Series, matrix: Any, **options: Any) -> Any:
    return spatial.morans_i(values, weights(matrix), permutations=99, rng=1, **options)


def quietly(call: Callable[[Panel], object], panel: Panel) -> object:
    """``call(panel)`` without the note on the units ``missing="drop"`` leaves out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttraktivWarning)
        return call(panel)


REFUSED: list[Any] = []


def refused(
    cls: type[Exception], culprit: str, call: Callable[[], object], name: str
) -> None:
    REFUSED.append(pytest.param(call, cls, culprit, id=name))


# non-finite values in every count the index needs
for column in ("population_jan1", "natural_increase", "net_migration", "jobs"):
    for spelling in (np.inf, -np.inf):
        refused(
            DataError,
            rf"column '{column}' is infinite for unit '{UNIT}' in 2008",
            lambda column=column, spelling=spelling: fit(cell(column, spelling)),
            f"{column}-{spelling}",
        )
for column in ("population_jan1", "net_migration"):
    refused(
        DataError,
        rf"'{UNIT}' has no value \(NaN\) for '{column}' in 2008",
        lambda column=column: fit(cell(column, np.nan)),
        f"{column}-nan",
    )
refused(
    FlowError,
    rf"net_migration for unit '{UNIT}' in 2008",
    lambda: fit(cell("net_migration", 1e308)),
    "net-migration-huge-breaks-flows",
)
# impossible counts
for value in (0.0, -5.0):
    refused(
        DataError,
        rf"population_jan1 must be positive: unit '{UNIT}' in 2008",
        lambda value=value: fit(cell("population_jan1", value)),
        f"population-{value}",
    )
    refused(
        DataError,
        rf"population_jan1 must be positive: unit '{UNIT}' in 2004",
        lambda value=value: fit(cell("population_jan1", value, None)),
        f"population-{value}-every-year",
    )
refused(
    DataError,
    rf"jobs must not be negative: unit '{UNIT}' in 2008",
    lambda: fit(cell("jobs", -5.0)),
    "jobs-negative",
)
refused(
    DataError,
    rf"'{UNIT}' has 0 jobs at the end of 2007",
    lambda: fit(cell("jobs", 0.0, None)),
    "jobs-zero-before-period",
)
for option in ("drop", "raise"):
    refused(
        DataError,
        rf"column 'population_jan1' is infinite for unit '{UNIT}'",
        lambda option=option: fit(cell("population_jan1", np.inf), missing=option),
        f"population-inf-missing-{option}",
    )
    refused(
        DataError,
        rf"population_jan1 must be positive: unit '{UNIT}'",
        lambda option=option: fit(cell("population_jan1", -1.0), missing=option),
        f"population-negative-missing-{option}",
    )
for part, whole in (
    ("higher_education", "education_known"),
    ("out_commuters", "employed_residents"),
):
    refused(
        DataError,
        rf"{part} cannot exceed {whole}, of which they are a part: unit '{UNIT}' "
        rf"in 2008 has 1e\+07 {part}",
        lambda part=part: fit(cell(part, 1e7)),
        f"{part}-above-{whole}",
    )
    refused(
        DataError,
        rf"{part} cannot exceed {whole}, .* unit '{UNIT}' in 2004 .* 0 {whole} "
        r"\(and 7 more\)",
        lambda whole=whole: fit(cell(whole, 0.0, None)),
        f"{whole}-zero",
    )
refused(
    DataError,
    r"column 'job_growth' has a missing or infinite value at row '0003'",
    lambda: fit(cell("jobs", 1e308, 2007)),
    "jobs-overflow-growth",
)
refused(
    DataError,
    r"column 'net_migration_immigration' of the period table .* unit '0003'",
    lambda: fit(cell("population_jan1", 5e-324)),
    "population-subnormal-overflows-rate",
)
# repeated unit-years and codes
refused(
    DataError,
    r"duplicate rows for unit '0001' in 2009",
    lambda: fit(pd.concat([frame(), frame().iloc[[5]]])),
    "duplicate-unit-year",
)
refused(
    DataError,
    r"duplicate rows for unit '0001' in 2009",
    lambda: fit(pd.concat([frame(), frame().iloc[[5]].assign(jobs=1.0)])),
    "duplicate-unit-year-other-value",
)
refused(
    DataError,
    r"duplicate rows for unit '0001' in 2004 \(and 63 more\)",
    lambda: fit(pd.concat([frame(), frame()])),
    "every-row-twice",
)
for label, codes in {
    "leading-space": lambda c: " " + c,
    "trailing-space": lambda c: c + " ",
    "zeros-lost": lambda c: str(int(c)),
    "full-width-digits": lambda c: c.replace("0", "\uff10"),
}.items():
    refused(
        DataError,
        r"unit\(s\) in data are not municipality units of the hierarchy: '.*"
        rf"leading zeros: {re.escape(repr(codes('0001')))} for '0001'",
        lambda codes=codes: fit(frame().assign(code=frame()["code"].map(codes))),
        f"codes-{label}",
    )
refused(
    DataError,
    r"unit\(s\) in data are not municipality units of the hierarchy: '0001'.*"
    r"only in spaces, digit width or leading zeros: '0001' for '0001 '",
    lambda: fit(
        frame(),
        hierarchy_with(municipality_code=hierarchy_frame()["municipality_code"] + " "),
    ),
    "hierarchy-codes-trailing-space",
)
# years
for label, years, culprit in (
    ("half-years", lambda y: y + 0.5, r"holds 2004.5, not a whole year"),
    ("text", lambda y: y.astype(str), r"year column 'year' must hold whole years"),
    ("five-digit", lambda y: y + 10000, r"holds 12004 \(unit '0001'\)"),
    ("negative", lambda y: y - 3000, r"holds -996 \(unit '0001'\)"),
    (
        "mixed",
        lambda y: y.astype(object).where(y.index % 2 == 0, y.astype(str)),
        r"year column 'year' must hold whole years",
    ),
):
    refused(
        DataError,
        culprit,
        lambda years=years: fit(frame().assign(year=years(frame()["year"]))),
        f"years-{label}",
    )
refused(
    DataError,
    r"year column 'year' has no year for unit '\d+' \(row \d+\)",
    lambda: fit(cell("year", np.nan, 2005)),
    "year-missing",
)
# columns of the wrong kind
for label, change in {
    "text": lambda j: j.astype(str),
    "mixed": lambda j: j.astype(object).where(j.index % 3 != 0, "12"),
    "bool": lambda j: j > 0,
    "complex": lambda j: j + 0j,
}.items():
    refused(
        DataError,
        r"column 'jobs' is not numeric",
        lambda change=change: fit(frame().assign(jobs=change(frame()["jobs"]))),
        f"jobs-{label}",
    )
refused(
    DataError,
    r"data has no rows",
    lambda: fit(frame().iloc[:0]),
    "no-rows",
)
# too few units, identical units, singular designs
for count in (1, 2):
    refused(
        ModelError,
        rf"level 'municipality' has {count} units?, too few",
        lambda count=count: fit(*first_units(count)),
        f"{count}-units",
    )
refused(
    DataError,
    r"unit\(s\) of the hierarchy have no rows in data: '0001', '0002', '0004'",
    lambda: fit(frame()[frame()["code"] == UNIT]),
    "one-unit-of-a-larger-hierarchy",
)
refused(
    RankDeficientError,
    r"'Intercept', 'job_growth' are linearly dependent",
    lambda: fit(identical_units()),
    "identical-units",
)
refused(
    RankDeficientError,
    r"column 'job_growth' is constant up to rounding \(every value is 3.0301",
    lambda: fit(same_growth()),
    "same-job-growth-everywhere",
)
refused(
    RankDeficientError,
    r"column 'job_growth' is constant up to rounding",
    lambda: barometer(Panel(same_growth(), base().hierarchy), levels=["municipality"]),
    "same-job-growth-barometer",
)
refused(
    DataError,
    r"column 'job_growth' is all zeros",
    lambda: fit(frame().assign(jobs=100.0)),
    "constant-jobs",
)
refused(
    ModelError,
    r"level 'county' has 1 unit, too few",
    lambda: barometer(base(), periods=["2008-2010"]),
    "barometer-one-county",
)
# gaps in the years, units missing some years
refused(
    PeriodError,
    r"period 2008-2010 needs 2009 \(a year of the period\)",
    lambda: fit(frame()[frame()["year"] != 2009]),
    "gap-in-period",
)
refused(
    PeriodError,
    r"period 2008-2010 needs 2007 \(jobs at the end of the year before",
    lambda: fit(frame()[frame()["year"] != 2007]),
    "gap-before-period",
)
refused(
    PeriodError,
    r"period 2008-2010 needs 2009",
    lambda: barometer(
        Panel(frame()[frame()["year"] != 2009], base().hierarchy),
        periods=["2008-2010"],
        levels=["municipality"],
    ),
    "barometer-gap",
)
refused(
    DataError,
    rf"municipality '{UNIT}' has no value \(NaN\) for 'net_migration' in 2009",
    lambda: fit(frame()[~((frame()["code"] == UNIT) & (frame()["year"] >= 2009))]),
    "unit-missing-later-years",
)
refused(
    DataError,
    r"no municipality has every value period 2008-2010 needs",
    lambda: fit(frame().assign(population_jan1=np.nan), missing="drop"),
    "every-population-missing-drop",
)
for label, call in {
    "fit": lambda panel: AttractivenessModel().fit(panel, "2008-2010"),
    "barometer": lambda panel: barometer(
        panel, periods=["2008-2010"], levels=["municipality"]
    ),
}.items():
    refused(
        ModelError,
        r"period 2008-2010: 2 of 8 municipality units have every value the period "
        r"needs, too few for the 2 parameters",
        lambda call=call: quietly(
            call,
            Panel(
                frame().assign(
                    net_migration=frame()["net_migration"].where(
                        frame()["code"].isin(["0001", "0002"])
                    )
                ),
                base().hierarchy,
                missing="drop",
                components=(),
            ),
        ),
        f"{label}-drop-leaves-two-units",
    )
refused(
    PeriodError,
    r"count=10 periods of length=3 years ending in 2011 reach back too far",
    lambda: AttractivenessModel().long_term(base(), count=10),
    "long-term-too-many",
)
refused(
    PeriodError,
    r"period 2022-2024 needs 2021",
    lambda: AttractivenessModel().long_term(base(), last_end=2030),
    "long-term-beyond-data",
)
# hierarchies
refused(
    DataError,
    r"1 unit\(s\) in data are not municipality units of the hierarchy: '9999'",
    lambda: fit(
        pd.concat([frame(), frame()[frame()["code"] == UNIT].assign(code="9999")])
    ),
    "unit-not-in-hierarchy",
)
refused(
    GeographyError,
    r"municipality code\(s\) on more than one row: '0003' \(2 rows\)",
    lambda: Hierarchy(
        pd.concat(
            [hierarchy_frame(), hierarchy_frame().iloc[[2]].assign(region_code="R9")]
        )
    ),
    "two-parents",
)
for label, value in (("none", None), ("nan", np.nan), ("empty", "")):
    refused(
        GeographyError,
        r"column 'region_code' \(level 'region'\) has 1 missing code\(s\), "
        r"in row\(s\) 2",
        lambda value=value: blanked("region_code", value),
        f"parent-missing-{label}",
    )
refused(
    GeographyError,
    r"column 'municipality_code' \(level 'municipality'\) has 1 missing code",
    lambda: blanked("municipality_code", None),
    "unit-code-missing",
)
refused(
    GeographyError,
    r"region unit\(s\) in more than one county: 'R001'",
    lambda: hierarchy_with(county_code=["C01"] * 4 + ["C02"] * 4),
    "region-in-two-counties",
)
# uncertainty
for name, function in (
    ("rank_intervals", lambda e, s: uncertainty.rank_intervals(e, s, rng=1)),
    ("top_set", lambda e, s: uncertainty.top_set(e, s, 2, rng=1)),
    ("shrink", uncertainty.shrink),
    ("fay_herriot", uncertainty.fay_herriot),
):
    refused(
        DataError,
        r"unit 'a' is given more than once",
        lambda function=function: function(
            EST.rename(index={"b": "a"}), SE.rename(index={"b": "a"})
        ),
        f"{name}-repeated-unit",
    )
    refused(
        DataError,
        r"estimates must be finite; not for unit 'c'",
        lambda function=function: function(EST.where(EST != 3, np.nan), SE),
        f"{name}-nan-estimate",
    )
    refused(
        DataError,
        r"std_errors must be positive and finite; unit 'c' has inf",
        lambda function=function: function(EST, SE.where(SE.index != "c", np.inf)),
        f"{name}-inf-std-error",
    )
    refused(
        DataError,
        r"std_errors must be positive and finite; unit 'a' has 0.0",
        lambda function=function: function(EST, SE.where(SE.index != "a", 0.0)),
        f"{name}-zero-std-error",
    )
    refused(
        DataError,
        r"std_errors do not match the units of estimates: missing for 'a'; .*'z'",
        lambda function=function: function(EST, SE.rename(index={"a": "z"})),
        f"{name}-misaligned",
    )
    refused(
        DataError,
        r"at least 2 units, got shape \(1,\)",
        lambda function=function: function(EST.iloc[:1], SE.iloc[:1]),
        f"{name}-one-unit",
    )
refused(
    InvalidOptionError,
    r"tau=6 is not valid; it must be a whole number from 1 to 5",
    lambda: uncertainty.top_set(EST, SE, 6, rng=1),
    "top-set-tau-beyond-units",
)
for label, covariates, culprit in (
    ("collinear", COVARIATES, r"'Intercept', 'x', 'z'"),
    ("constant", COVARIATES.assign(z=1.0), r"'Intercept', 'x', 'z'"),
    (
        "constant-up-to-rounding",
        pd.DataFrame({"x": [0.1 * 3] * 2 + [0.3] * 3}, index=CODES),
        r"'Intercept', 'x'",
    ),
):
    refused(
        ModelError,
        r"the covariates are linearly dependent \(with the intercept\): " + culprit,
        lambda covariates=covariates: uncertainty.fay_herriot(EST, SE, covariates),
        f"fay-herriot-{label}",
    )
for label, value in (("nan", np.nan), ("inf", np.inf)):
    refused(
        DataError,
        r"covariate 'z' is missing or not finite for unit 'b'",
        lambda value=value: uncertainty.fay_herriot(
            EST, SE, COVARIATES.assign(z=[1.0, value, 3, 4, 5])
        ),
        f"fay-herriot-covariate-{label}",
    )
refused(
    DataError,
    r"covariates must have one row per unit of estimates; no row for 'd'",
    lambda: uncertainty.fay_herriot(EST, SE, COVARIATES.iloc[:3]),
    "fay-herriot-covariate-rows-missing",
)
refused(
    DataError,
    r"covariate 'z' has dtype str",
    lambda: uncertainty.fay_herriot(EST, SE, COVARIATES.assign(z=list("abcde"))),
    "fay-herriot-covariate-text",
)
refused(
    DataError,
    r"parents is missing for unit 'b'",
    lambda: uncertainty.shrink(
        EST, SE, parents=pd.Series(["p", None, "p", "q", "q"], index=CODES)
    ),
    "shrink-parent-missing",
)
# spatial
refused(
    GeographyError,
    r"2 unit\(s\) have no neighbours in the weights: d, e",
    lambda: moran(VALUES, path_matrix()),
    "moran-some-islands",
)
refused(
    GeographyError,
    r"1 unit\(s\) have no neighbours in the weights: e",
    lambda: moran(VALUES, np.triu(RING)),
    "moran-asymmetric-leaves-island",
)
refused(
    GeographyError,
    r"5 unit\(s\) have no neighbours in the weights: a, b, c, d, e",
    lambda: moran(VALUES, np.zeros((5, 5))),
    "moran-all-islands",
)
refused(
    DataError,
    r"0 units are too few; Moran's I needs at least 4",
    lambda: moran(VALUES, np.zeros((5, 5)), islands="drop"),
    "moran-all-islands-dropped",
)
refused(
    GeographyError,
    r"no value for a; values for zz, which the weights lack",
    lambda: moran(VALUES.rename(index={"a": "zz"}), RING),
    "moran-unknown-code",
)
refused(
    DataError,
    r"the values are constant \(3 for every unit\)",
    lambda: moran(VALUES * 0 + 3, RING),
    "moran-constant",
)
refused(
    DataError,
    r"values are missing or not finite for c",
    lambda: moran(VALUES.where(VALUES != 2, np.nan), RING),
    "moran-missing-value",
)
for label, matrix in (
    ("negative", -RING),
    ("nan", np.where(RING > 0, np.nan, 0.0)),
    ("inf", np.where(RING > 0, np.inf, 0.0)),
):
    refused(
        DataError,
        r"negative or non-finite weights in the rows of a, b, c, d, e",
        lambda matrix=matrix: moran(VALUES, matrix),
        f"weights-{label}",
    )
refused(
    DataError,
    r"spatial weights: duplicate unit codes a",
    lambda: weights(RING, pd.Index(list("abcda"))),
    "weights-duplicate-code",
)
refused(
    DataError,
    r"the matrix is 4 × 4 but there are 5 codes",
    lambda: spatial.SpatialWeights(CODES, sp.csr_array(np.ones((4, 4)))),
    "weights-wrong-shape",
)
refused(
    DataError,
    r"2 units are too few; Moran's I needs at least 4",
    lambda: spatial.morans_i(
        VALUES.iloc[:2], weights([[0, 1], [1, 0]], CODES[:2]), permutations=9, rng=1
    ),
    "moran-two-units",
)
refused(
    GeographyError,
    r"5 unit\(s\) have no neighbours in the weights: a, b, c, d, e",
    lambda: spatial.local_morans(VALUES, weights(np.zeros((5, 5))), rng=1),
    "lisa-all-islands",
)
refused(
    DataError,
    r"the values are constant \(3 for every unit\)",
    lambda: spatial.local_morans(VALUES * 0 + 3, weights(RING), rng=1),
    "lisa-constant",
)


@pytest.mark.parametrize(("call", "cls", "culprit"), REFUSED)
def test_hostile_data_is_refused_by_name(
    call: Callable[[], object], cls: type[Exception], culprit: str
) -> None:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the class is checked
        call()
    assert type(caught.value) is cls, repr(caught.value)
    assert re.search(culprit, str(caught.value)), str(caught.value)


# --- accepted: the right answer -----------------------------------------------------


@pytest.mark.parametrize("factor", [2.0**-500, 1e-150, 1e150, 2.0**500])
def test_index_does_not_depend_on_the_units_of_the_counts(factor: float) -> None:
    """Rates are ratios of counts: every count times ``factor``, the same index."""
    data = frame()
    scaled = data.assign(**{c: data[c] * factor for c in data.columns[2:]})
    np.testing.assert_allclose(
        fit(scaled).index, fit(data).index, rtol=1e-12, atol=1e-12
    )


def test_three_units_are_enough() -> None:
    """Three units fit two parameters: the residuals sum to zero (an intercept)."""
    result = fit(*first_units(3))
    assert len(result.index) == 3
    assert abs(float(result.index.sum())) < 1e-9


def test_dropped_unit_leaves_the_others_fit() -> None:
    """missing='drop' fits the seven complete units, as a panel without the eighth."""
    with pytest.warns(Warning, match=r"1 of 8 municipalities left out"):
        dropped = fit(cell("population_jan1", np.nan), missing="drop")
    codes = [c for c in frame()["code"].unique() if c != UNIT]
    table = hierarchy_frame()
    without = fit(
        frame()[frame()["code"].isin(codes)],
        Hierarchy(table[table["municipality_code"].isin(codes)]),
    )
    np.testing.assert_allclose(
        dropped.index.sort_index(), without.index.sort_index(), rtol=1e-12
    )


def test_missing_cell_outside_the_period_is_not_needed() -> None:
    """A population missing in 2005 does not touch the fit of 2008-2010."""
    np.testing.assert_allclose(
        fit(cell("population_jan1", np.nan, 2005)).index, fit(frame()).index, rtol=1e-14
    )


@pytest.mark.parametrize("factor", [1e-150, 1e150])
def test_rank_intervals_do_not_depend_on_units(factor: float) -> None:
    expected = uncertainty.rank_intervals(EST, SE, rng=1, draws=200)
    scaled = uncertainty.rank_intervals(EST * factor, SE * factor, rng=1, draws=200)
    pd.testing.assert_frame_equal(scaled, expected)


@pytest.mark.parametrize("factor", [1e-150, 1e150])
def test_shrinkage_does_not_depend_on_units(factor: float) -> None:
    expected = uncertainty.shrink(EST, SE)
    scaled = uncertainty.shrink(EST * factor, SE * factor)
    np.testing.assert_allclose(
        scaled["shrunk"] / factor, expected["shrunk"], rtol=1e-12
    )
    np.testing.assert_allclose(scaled["shrinkage"], expected["shrinkage"], rtol=1e-12)


def _moran_by_hand(values: pd.Series, matrix: np.ndarray[Any, Any]) -> float:
    z = values.to_numpy() - values.mean()
    return float(len(z) / matrix.sum() * (z @ matrix @ z) / (z @ z))


@pytest.mark.parametrize("scale", [1e-300, 2.0**-990, 1.0, 3.0, 1e300])
def test_morans_i_does_not_depend_on_the_scale_of_the_weights(scale: float) -> None:
    """Unstandardized weights near 1e±300 give I of the weights near 1 (no overflow)."""
    result = moran(VALUES, RING * scale, row_standardize=False)
    expected = moran(VALUES, RING, row_standardize=False)
    assert result.statistic == pytest.approx(_moran_by_hand(VALUES, RING), rel=1e-12)
    assert result.z_rand == pytest.approx(expected.z_rand, rel=1e-12)
    assert result.pvalue_norm == pytest.approx(expected.pvalue_norm, rel=1e-12)


def test_self_neighbours_count_in_morans_i() -> None:
    """A unit listed as its own neighbour is kept: I as computed by hand."""
    matrix = RING + np.eye(5)
    standardized = matrix / matrix.sum(axis=1, keepdims=True)
    assert moran(VALUES, matrix).statistic == pytest.approx(
        _moran_by_hand(VALUES, standardized), rel=1e-12
    )


def _local_by_hand(values: pd.Series, matrix: np.ndarray[Any, Any]) -> FloatArray:
    z = (values.to_numpy() - values.mean()) / values.std(ddof=0)
    return (len(z) - 1.0) / float(z @ z) * z * (matrix @ z)


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1.0, 1e150])
def test_local_morans_scale_with_the_weights(scale: float) -> None:
    """Unstandardized weights near 1e±150: the statistics scale, z-values do not."""
    result = spatial.local_morans(
        VALUES, weights(RING * scale), rng=1, row_standardize=False, permutations=99
    )
    plain = spatial.local_morans(
        VALUES, weights(RING), rng=1, row_standardize=False, permutations=99
    )
    np.testing.assert_allclose(
        result.statistic,
        _local_by_hand(VALUES, RING * scale),
        rtol=1e-12,
        atol=1e-12 * scale,
    )
    np.testing.assert_allclose(result.pvalue, plain.pvalue)
    if scale >= 1e-150:  # the variances, ~scale**2, are normal numbers
        np.testing.assert_allclose(
            result.variance / scale**2, plain.variance, rtol=1e-12
        )


def test_local_morans_refuses_weights_whose_variances_overflow() -> None:
    with pytest.raises(DataError) as caught:
        spatial.local_morans(
            VALUES, weights(RING * 1e300), rng=1, row_standardize=False
        )
    assert type(caught.value) is DataError
    assert "local Moran's 'variance' overflows with weights as large as 1e+300" in str(
        caught.value
    )


@pytest.mark.parametrize("factor", [2.0**-500, 1e-150, 1e150, 2.0**500])
def test_residual_variance_function_follows_the_units_of_the_counts(
    factor: float,
) -> None:
    """Counts times ``factor``: tau2 (in squared percent) stays, kappa scales.

    The variance function is tau2 + kappa / population with the rates unchanged,
    so kappa is in persons: it scales with the counts. (It lost the 1 / population
    column as negligible at 1e±150 and gave another method's answer.)
    """
    panel = simulate_panel(30, range(2004, 2012), rng=2)
    data = panel.data
    scaled = data.assign(**{c: data[c] * factor for c in data.columns[2:]})
    plain = residual_variance_function(
        AttractivenessModel().fit(panel, "2008-2010")
    ).params
    result = residual_variance_function(
        AttractivenessModel().fit(Panel(scaled, panel.hierarchy), "2008-2010")
    ).params
    assert result["tau2"] == pytest.approx(plain["tau2"], rel=1e-9)
    assert result["kappa"] / factor == pytest.approx(plain["kappa"], rel=1e-9)


@pytest.mark.parametrize("factor", [1e-150, 1e150])
def test_a_variance_that_does_not_fall_is_refused_at_any_scale(factor: float) -> None:
    data = frame()
    scaled = data.assign(**{c: data[c] * factor for c in data.columns[2:]})
    result = AttractivenessModel().fit(Panel(scaled, base().hierarchy), "2008-2010")
    with pytest.raises(ModelError) as caught:
        result.std_errors()
    assert type(caught.value) is ModelError
    assert re.search(r"\(kappa -1.17e[+-]\d+ in tau2", str(caught.value))


def test_part_equal_to_its_whole_is_accepted() -> None:
    """Every employed resident commuting out is possible: the panel is built."""
    data = frame()
    data["out_commuters"] = data["employed_residents"]
    panel = Panel(data, base().hierarchy)
    assert (panel.data["out_commuters"] == data["employed_residents"]).all()


LAZY: list[Any] = []
for label, column, culprit, cls in (
    ("nan", np.nan, r"column 'x1' has a missing or infinite value at row 3", DataError),
    (
        "rounding",
        None,
        r"column 'x1' is constant up to rounding \(every value is 3.0301",
        RankDeficientError,
    ),
    (
        "constant",
        1.0,
        r"column 'x1' is constant \(every value is 1\)",
        RankDeficientError,
    ),
):
    LAZY.append(pytest.param(column, culprit, cls, id=label))


@pytest.mark.parametrize(("value", "culprit", "cls"), LAZY)
def test_dask_path_refuses_the_same_designs(
    value: float | None, culprit: str, cls: type[Exception]
) -> None:
    """The Dask path validates through the same layer as the in-memory one."""
    da = pytest.importorskip("dask.array")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 2))
    y = x @ [1.0, 2.0] + rng.normal(size=40)
    if value is None:  # equal but for the last bits
        x[:, 1] = 3.0301 + np.arange(40) % 3 * 4.4e-16
    elif np.isnan(value):
        x[3, 1] = value
    else:
        x[:, 1] = value
    for given in (x, da.from_array(x, chunks=10)):
        with pytest.raises(Exception) as caught:  # noqa: PT011 - class checked
            ols(y, given)
        assert type(caught.value) is cls
        assert re.search(culprit, str(caught.value)), str(caught.value)
