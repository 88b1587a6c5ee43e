"""Driver analysis: what characterises attractive places.

For one level, period and flow, least squares fits net migration (or one of its flow
components) on all the explanatory factors together; each factor is reported by its
standardized coefficient (beta), its two-sided t-test p-value and a significance
class. Beside the betas: confidence intervals, variance inflation factors and the
relative importance of each factor (LMG shares of R²). Every fit goes through the
library's one least-squares engine (:func:`attraktiv.ols_many`); all the flows of one
level and period share one design and one factorisation.

The path of the data goes one way: the analysis asks for one period table per
period with the factors it fits (:func:`attraktiv.period_table`), which asks the
panel for counts and each factor for its values.

Examples
--------
>>> from attraktiv.datasets import load_norway
>>> from attraktiv.drivers import DriverAnalysis
>>> analysis = DriverAnalysis(["job_growth", "neighbour_growth", "size"])
>>> result = analysis.fit(load_norway(), periods=["2008-2010"], level="region")
>>> result.table().round(3)
period_end         2010
factor
job_growth        0.322
neighbour_growth  0.111
size              0.401
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Final, cast

import numpy as np
import pandas as pd

from ..core.text import plural, singular, years_text
from ..core.typing import COV_TYPES, BoolArray, CovType, FloatArray, WeightsOption
from ..core.validation import check_option, check_text, check_weights, shown
from ..errors import (
    AttraktivWarning,
    DataError,
    InvalidOptionError,
    ModelError,
    RankDeficientError,
)
from ..factors import (
    Factor,
    FactorRegistry,
    factors_known,
    published_factors,
    require_finite,
    usable_factors,
)
from ..factors.registry import DEFAULT_REGISTRY
from ..panel import Panel, require_panel
from ..periods import Period, as_period, as_periods
from ..regression import OLSResult, ols_many
from ..tables import FLOW_PREFIX, column_of, period_columns
from .results import DriverResult, _Design

__all__ = ["DriverAnalysis", "published_tables"]

_TOTAL: Final = "net_migration"
_PREFIX: Final = FLOW_PREFIX


def _level_text(level: str, period: Period) -> str:
    return f"at level {level!r} in period {period.label}"


def _check_design(x: pd.DataFrame, y: pd.DataFrame, level: str, period: Period) -> None:
    """What betas need beyond a fit: spare units, factors and outcomes that vary."""
    n, k = x.shape
    where = _level_text(level, period)
    if n < k + 2:
        raise ModelError(
            f"{n} units {where} are too few for {k} factors "
            f"({', '.join(map(str, x.columns))}) and an intercept; at least "
            f"{k + 2} are needed"
        )
    # A beta scales by the factor's spread: with none, it is undefined (before any
    # fit: the engine would call an all-zero column a data error).
    values = x.to_numpy()
    constant = np.ptp(values, axis=0) == 0
    if constant.any():
        j = int(np.flatnonzero(constant)[0])
        raise RankDeficientError(
            f"factor {x.columns[j]!r} is constant {where} (every unit has "
            f"{values[0, j]:g}), so its beta is undefined; leave it out at this level",
            columns=[str(x.columns[j])],
        )
    outcomes = y.to_numpy()
    flat = np.ptp(outcomes, axis=0) == 0
    if flat.any():
        j = int(np.flatnonzero(flat)[0])
        raise ModelError(
            f"outcome {y.columns[j]!r} is constant {where}, so standardized "
            "coefficients are undefined"
        )


def _rank_error(
    error: RankDeficientError, level: str, period: Period
) -> RankDeficientError:
    """The engine's error, said in the analysis' terms (factors, level, period)."""
    involved = [c for c in error.columns if c != "Intercept"]
    where = _level_text(level, period)
    shown = ", ".join(repr(name) for name in involved) or "the factors"
    return RankDeficientError(
        f"factors {shown} are perfectly collinear {where} (one is a linear "
        "combination of the others and the intercept), so their betas are not "
        "identified; leave one of them out",
        columns=involved,
        rank=error.rank,
    )


def _fit_period(
    x: pd.DataFrame,
    y: pd.DataFrame,
    weights: FloatArray | None,
    *,
    level: str,
    period: Period,
    cov_type: CovType,
) -> tuple[_Design, tuple[OLSResult, ...]]:
    """One batched fit of every outcome on the factors of one level and period."""
    _check_design(x, y, level, period)
    try:
        fits = ols_many(y, x, weights=weights, cov_type=cov_type)
    except RankDeficientError as error:
        raise _rank_error(error, level, period) from None
    design = _Design(
        period=period,
        level=level,
        factors=tuple(map(str, x.columns)),
        outcomes=tuple(map(str, y.columns)),
        units=x.index,
        x=x.to_numpy(dtype=np.float64),
        y=y.to_numpy(dtype=np.float64),
        weights=weights,
    )
    return design, tuple(fits.column(j) for j in range(y.shape[1]))


def _resolve_outcome(outcome: str, available: Sequence[str]) -> str:
    """The outcome column: the name itself, ``net_migration_<name>``, or the total."""
    if outcome == "total":
        outcome = _TOTAL
    for candidate in (outcome, _PREFIX + outcome):
        if candidate in available:
            return candidate
    short = [c.removeprefix(_PREFIX) for c in available if c != _TOTAL]
    choices = ", ".join(repr(c) for c in [_TOTAL, *short])
    raise InvalidOptionError(
        f"outcome={outcome!r} is not a flow of this panel; choose one of {choices} "
        "(a flow may also be given by its column, 'net_migration_<flow>')"
    )


def _flow_columns(panel: Panel) -> tuple[str, ...]:
    return (_TOTAL, *(_PREFIX + c for c in panel.components))


def _is_year_pair(value: object) -> bool:
    """Whether ``value`` is one period given as ``(first, last)``."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(
            isinstance(v, int | np.integer) and not isinstance(v, bool) for v in value
        )
    )


def _resolve_periods(
    panel: Panel,
    periods: Sequence[Period | str | tuple[int, int]]
    | Period
    | str
    | tuple[int, int]
    | None,
) -> tuple[Period, ...]:
    if periods is None:
        chosen = tuple(panel.periods_available())
        if not chosen:
            raise InvalidOptionError("the panel covers no period of 3 years")
    elif isinstance(periods, Period | str):
        # One period; read as a list of one, so that a refusal names periods.
        chosen = tuple(as_periods([periods]))
    elif _is_year_pair(periods):
        first, last = cast("tuple[int, int]", periods)
        chosen = tuple(as_periods([(int(first), int(last))]))
    else:
        chosen = tuple(as_periods(periods))
    if not chosen:
        raise InvalidOptionError("periods is empty; give at least one period")
    ends: dict[int, Period] = {}
    for period in chosen:
        other = ends.get(period.label_end)
        if other is not None:
            raise InvalidOptionError(
                f"periods {other.label} and {period.label} end in the same year; "
                "driver tables label periods by their end year, so give each end "
                "year once"
            )
        ends[period.label_end] = period
    return chosen


def _block(
    table: Mapping[str, object],
    columns: Sequence[str],
    names: Sequence[str],
    units: pd.Index,
) -> pd.DataFrame:
    """Columns of a period table as one frame of floats, labelled ``names``.

    Column-major, as pandas keeps a block and LAPACK reads a matrix: each column
    is contiguous, so the frame takes the array without copying it.
    """
    values = np.vstack([np.asarray(table[c], dtype=np.float64) for c in columns]).T
    return pd.DataFrame(values, index=units, columns=list(names), copy=False)


#: How many units a note on units left out of a driver fit names.
_NAMED: Final = 10


def _known_factors(
    panel: Panel,
    table: Mapping[str, object],
    columns: Sequence[str],
    names: Sequence[str],
    units: pd.Index,
    level: str,
    period: Period,
) -> BoolArray | None:
    """The units whose every factor is known, when the panel leaves out the rest.

    A panel built with ``missing="raise"`` refuses a factor without a value for a
    unit of the period (naming the units); one built with ``missing="drop"``
    leaves those units out of the period's fit, as it leaves out units without
    counts, and says which in one :class:`~attraktiv.errors.AttraktivWarning`.
    None when every factor is known everywhere.
    """
    values = [np.asarray(table[column], dtype=np.float64) for column in columns]
    if panel.missing != "drop":
        for name, column in zip(names, values, strict=True):
            require_finite(pd.Series(column, index=units), name, level, period)
        return None
    unknown = [~np.isfinite(column) for column in values]
    left = np.logical_or.reduce(unknown)
    if not left.any():
        return None
    factors = [n for n, miss in zip(names, unknown, strict=True) if miss.any()]
    codes = units[left]
    labels = panel.hierarchy.names(level).reindex(codes)
    # Semicolons between units: their names hold commas ("Lesvos, Limnos").
    listed = "; ".join(
        f"{label} ({code})" if isinstance(label, str) and label else str(code)
        for code, label in zip(codes[:_NAMED], labels[:_NAMED], strict=True)
    )
    more = f" and {len(codes) - _NAMED} more" if len(codes) > _NAMED else ""
    warnings.warn(
        f"period {period.label}: {len(codes)} of {len(units)} {plural(level)} "
        f"left out of the driver fit for want of a value of {', '.join(factors)}: "
        f"{listed}{more}",
        AttraktivWarning,
        stacklevel=4,  # the caller of DriverAnalysis.fit
    )
    kept: BoolArray = ~left
    return kept


def _fit_panel(
    panel: Panel,
    factors: Sequence[Factor],
    outcomes: Sequence[str],
    periods: Sequence[Period],
    level: str,
    cov_type: CovType,
    weights: WeightsOption | None,
) -> dict[str, DriverResult]:
    """Every outcome of one level over the periods: one batched fit per period."""
    designs: list[_Design] = []
    fits: list[tuple[OLSResult, ...]] = []
    columns = [column_of(f) for f in factors]
    names = [f.name for f in factors]
    flows = any(outcome != _TOTAL for outcome in outcomes)
    for period in periods:
        # The period table's columns as arrays: x and y are then each one 2-D
        # block, without building (and consolidating) the whole table per period.
        counts, table = period_columns(
            panel, period, level, factors=factors, flows=flows
        )
        units = counts.codes.copy()
        units.name = "code"
        known = _known_factors(panel, table, columns, names, units, level, period)
        x = _block(table, columns, names, units)
        y = _block(table, outcomes, outcomes, units)
        w = (
            np.asarray(table["population_start"], dtype=np.float64)
            if weights == "population"
            else None
        )
        if known is not None:
            x, y = x[known], y[known]
            w = None if w is None else w[known]
        design, results = _fit_period(
            x, y, w, level=level, period=period, cov_type=cov_type
        )
        designs.append(design)
        fits.append(results)
    return {
        outcome: DriverResult(
            outcome=outcome,
            level=level,
            factors=tuple(names),
            periods=tuple(periods),
            cov_type=cov_type,
            weights=weights,
            results=tuple(f[j] for f in fits),
            _designs=tuple(designs),
            _column=j,
        )
        for j, outcome in enumerate(outcomes)
    }


class DriverAnalysis:
    """Standardized betas of explanatory factors of migration ().

    Parameters
    ----------
    factors : sequence of Factor or str
        The factors, as registered names (:func:`attraktiv.factors.available_factors`)
        or objects satisfying :class:`attraktiv.factors.Factor`. Fitted together,
        each with its own beta.
    outcome : str, default "net_migration"
        Total net migration, or a flow component: by its short name
        (``"immigration"``, ``"domestic_immigrant"``, ``"domestic_other"``, or any
        component of the panel) or by its column (``"net_migration_immigration"``).
        ``"total"`` means ``"net_migration"``.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
        Covariance estimator of the standard errors and p-values (the published
        method is ``"nonrobust"``).
    weights : {"population"} or None, default None
        ``"population"`` fits weighted least squares by start population (then
        betas use weighted standard deviations); the published method is
        unweighted.
    registry : FactorRegistry, optional
        Where factor names are looked up; by default the library's default
        registry (:func:`attraktiv.factors.register_factor`).

    Raises
    ------
    InvalidOptionError
        Unknown factor names (the message lists the available ones), duplicate
        factors, no factors, or an invalid option.

    See Also
    --------
    published_tables : the eight tables of the report in one call.

    Examples
    --------
    >>> from attraktiv.datasets import simulate_panel
    >>> panel = simulate_panel(426, rng=7)
    >>> analysis = DriverAnalysis(["job_growth", "size", "housing_construction"],
    ...                           outcome="immigration")
    >>> result = analysis.fit(panel, periods=["2011-2013", "2014-2016"])
    >>> result.outcome
    'net_migration_immigration'
    >>> result.to_frame()[["period_end", "factor", "beta", "significance"]].round(3)
       period_end                factor   beta significance
    0        2013            job_growth  0.393       p<0.01
    1        2013                  size  0.201       p<0.01
    2        2013  housing_construction  0.037           ns
    3        2016            job_growth  0.305       p<0.01
    4        2016                  size  0.222       p<0.01
    5        2016  housing_construction  0.065           ns
    """

    def __init__(
        self,
        factors: Sequence[Factor | str],
        outcome: str = "net_migration",
        *,
        cov_type: CovType = "nonrobust",
        weights: WeightsOption | None = None,
        registry: FactorRegistry | None = None,
    ) -> None:
        if registry is not None and not isinstance(registry, FactorRegistry):
            raise InvalidOptionError(
                f"registry must be a FactorRegistry, got {type(registry).__name__}"
            )
        if isinstance(factors, str) or not isinstance(factors, Sequence):
            raise InvalidOptionError(
                f"factors must be a list of factors or names, got {factors!r}"
            )
        resolved = tuple((registry or DEFAULT_REGISTRY).resolve(f) for f in factors)
        if not resolved:
            raise InvalidOptionError("factors is empty; give at least one factor")
        names = [f.name for f in resolved]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise InvalidOptionError(
                f"factor {repeated[0]!r} is given more than once; every factor "
                "needs its own name"
            )
        self._factors = resolved
        # A name only: which flows there are, the panel (or table) fitted says.
        self.outcome = check_text("outcome", outcome)
        self.cov_type: CovType = check_option("cov_type", cov_type, COV_TYPES)
        self.weights: WeightsOption | None = check_weights(weights)

    @property
    def factors(self) -> tuple[Factor, ...]:
        """The factors, resolved to objects."""
        return self._factors

    def __repr__(self) -> str:
        return (
            f"DriverAnalysis(factors={[f.name for f in self._factors]}, "
            f"outcome={self.outcome!r}, cov_type={self.cov_type!r}, "
            f"weights={self.weights!r})"
        )

    def fit(
        self,
        panel: Panel,
        periods: Sequence[Period | str | tuple[int, int]]
        | Period
        | str
        | tuple[int, int]
        | None = None,
        level: str | None = None,
    ) -> DriverResult:
        """Fit the factors for every period at one level.

        Parameters
        ----------
        panel : Panel
            The data; it must have every factor's input columns.
        periods : sequence of Period or str, or one period, optional
            Default: every rolling three-year period the panel covers
            (:meth:`attraktiv.Panel.periods_available`). End years must differ.
        level : str, optional
            One of the panel's levels; by default the lowest.

        Returns
        -------
        DriverResult

        Raises
        ------
        DataError
            A factor's input column is missing (naming factor, column and period),
            or a factor has no value for some units (naming factor, level, period
            and units).
        RankDeficientError
            A factor is constant at the level in a period, or factors are perfectly
            collinear (naming them, the level and the period).
        ModelError
            Fewer units than factors + 2, or a constant outcome.
        PeriodError
            A period the panel does not cover.
        InvalidOptionError
            Unknown outcome (listing the panel's flows) or level.
        """
        _require_panel(panel)
        level = panel.resolve_level(level)
        outcome = _resolve_outcome(self.outcome, _flow_columns(panel))
        chosen = _resolve_periods(panel, periods)
        return _fit_panel(
            panel,
            self._factors,
            (outcome,),
            chosen,
            level,
            self.cov_type,
            self.weights,
        )[outcome]

    def fit_table(
        self,
        table: pd.DataFrame,
        period: Period | str | tuple[int, int],
        level: str = "unit",
    ) -> DriverResult:
        """Fit on a ready table with one column per factor (no panel needed).

        Parameters
        ----------
        table : pandas.DataFrame
            One row per unit: the outcome column and one column per factor, named
            after the factors (and ``population_start`` when weighted).
        period : Period or str
            The period the table covers (for labels).
        level : str, default "unit"
            The level of its units (for labels only).

        Returns
        -------
        DriverResult

        Raises
        ------
        DataError
            A column is missing or has missing values.
        RankDeficientError, ModelError
            As :meth:`fit`.

        Examples
        --------
        >>> import pandas as pd
        >>> table = pd.DataFrame({
        ...     "net_migration": [1.0, 3.0, 2.0, 5.0, 4.0, 6.5],
        ...     "job_growth": [0.0, 2.0, 1.0, 4.0, 2.5, 5.0],
        ...     "size": [8.0, 9.5, 8.2, 9.9, 10.4, 9.0]})
        >>> result = DriverAnalysis(["job_growth", "size"]).fit_table(
        ...     table, "2008-2010")
        >>> result.table().round(3)
        period_end   2010
        factor
        job_growth  0.981
        size        0.024
        """
        period = as_period(period)
        level = check_text("level", level)
        if not isinstance(table, pd.DataFrame):
            raise DataError(f"table must be a DataFrame, got {type(table).__name__}")
        flows = [str(c) for c in table.columns if str(c).startswith(_TOTAL)]
        if not flows:
            raise DataError(
                f"the table has no outcome column ({_TOTAL!r} or "
                f"'{_PREFIX}<flow>'); its columns are {_columns_text(table)}"
            )
        outcome = _resolve_outcome(self.outcome, flows)
        needed = [f.name for f in self._factors]
        if self.weights == "population":
            needed.append("population_start")
        for column in needed:
            if column not in table.columns:
                raise DataError(
                    f"the table has no column {column!r} (period {period.label}); "
                    f"its columns are {_columns_text(table)}"
                )
        where = _level_text(level, period)
        if table.index.has_duplicates:
            repeated = list(dict.fromkeys(table.index[table.index.duplicated()]))
            raise DataError(
                f"the table has more than one row for unit {repeated[0]!r} {where}; "
                "give one row per unit"
            )
        for column in [outcome, *needed]:
            dtype = table[column].dtype
            if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(
                dtype
            ):
                raise DataError(
                    f"column {column!r} is not numeric (dtype {dtype}) {where}; give "
                    "numbers, one per unit"
                )
            values = table[column].to_numpy(dtype=np.float64, na_value=np.nan)
            bad = ~np.isfinite(values)
            if bad.any():
                units = [str(u) for u in table.index[bad][:5]]
                raise DataError(
                    f"column {column!r} has no value (NaN or infinite) {where} for "
                    f"{int(bad.sum())} unit(s): {', '.join(map(repr, units))}"
                )
        x = table[[f.name for f in self._factors]].astype(np.float64)
        y = table[[outcome]].astype(np.float64)
        w = (
            table["population_start"].to_numpy(dtype=np.float64)
            if self.weights == "population"
            else None
        )
        design, results = _fit_period(
            x, y, w, level=level, period=period, cov_type=self.cov_type
        )
        return DriverResult(
            outcome=outcome,
            level=level,
            factors=design.factors,
            periods=(period,),
            cov_type=self.cov_type,
            weights=self.weights,
            results=results,
            _designs=(design,),
            _column=0,
        )


def published_tables(
    panel: Panel,
    periods: Sequence[Period | str | tuple[int, int]] | None = None,
    *,
    factors: Mapping[str, Sequence[Factor | str]] | None = None,
    cov_type: CovType = "nonrobust",
    weights: WeightsOption | None = None,
    registry: FactorRegistry | None = None,
) -> dict[tuple[str, str], DriverResult]:
    """The driver tables of the report: every level × flow in one call.

    Parameters
    ----------
    panel : Panel
        Data with every factor input and the flow components (such as
        :func:`attraktiv.datasets.simulate_panel`).
    periods : sequence of Period or str, optional
        Default: every rolling three-year period the panel covers.
    factors : mapping of level to factors, optional
        Its keys are the levels fitted. Default: the panel's two lowest levels,
        each with those of its published factors the panel can compute in every
        period (an :class:`~attraktiv.errors.AttraktivWarning` names the others and
        why), read from the registry
        (:func:`attraktiv.factors.published_factors`: of the built-ins, eight for
        municipalities; for regions the same with ``university`` in place of
        ``education_level`` and without labour-market integration; then every
        factor registered since, where it is defined).
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}, default "nonrobust"
    weights : {"population"} or None, default None
    registry : FactorRegistry, optional
        Where the published factors and factor names are looked up; by default
        :data:`attraktiv.factors.DEFAULT_REGISTRY`.

    Returns
    -------
    dict
        Keyed by ``(level, outcome)`` with outcome ``net_migration`` and
        ``net_migration_<flow>`` for each flow component of the panel; with the
        defaults and a panel of three components, the eight published tables. A
        flow's table covers only the periods in which the flows are known (an
        :class:`~attraktiv.errors.AttraktivWarning` names those left out); with none
        there is no flow table.

    Raises
    ------
    DataError, RankDeficientError, ModelError, PeriodError, InvalidOptionError
        As :meth:`DriverAnalysis.fit`.

    Notes
    -----
    All flows of one level and period share their design, so each level and period
    costs one factorisation; relative importance is then computed for all the flows
    at once too.

    Examples
    --------
    >>> from attraktiv.datasets import simulate_panel
    >>> tables = published_tables(simulate_panel(426, rng=3))
    >>> len(tables), sorted({level for level, _ in tables})
    (8, ['municipality', 'region'])
    >>> tables["region", "net_migration_immigration"].table().shape
    (7, 12)
    """
    _require_panel(panel)
    if factors is not None:
        _check_level_factors(panel, factors)
    cov_type = check_option("cov_type", cov_type, COV_TYPES)
    checked_weights = check_weights(weights)
    chosen_periods = _resolve_periods(panel, periods)
    chosen_factors: Mapping[str, Sequence[Factor | str]] = (
        {
            level: _usable_published(panel, level, chosen_periods, registry)
            for level in panel.levels[:2]
        }
        if factors is None
        else factors
    )
    outcomes = _flow_columns(panel)
    # The flow tables cover the periods whose every year has the flows (the bundled
    # Norwegian flows are known in 2013-2014 only); the total covers them all.
    flow_years = set(panel.flow_years())
    flow_periods = [p for p in chosen_periods if set(p.years) <= flow_years]
    if not all(set(p.years) <= set(panel.years) for p in chosen_periods):
        flow_periods = list(chosen_periods)  # the fit names the period not covered
    if len(outcomes) > 1 and len(flow_periods) < len(chosen_periods):
        flows = ", ".join(outcomes[1:])
        known = years_text(sorted(flow_years))
        if flow_periods:
            left_out = [str(p) for p in chosen_periods if p not in flow_periods]
            message = (
                f"the flow tables ({flows}) leave out {', '.join(left_out)}: the "
                f"flows are known only in {known}"
            )
        else:
            span = f"{chosen_periods[0]} to {chosen_periods[-1]}"
            message = (
                f"no flow table is fitted: the flows ({flows}) are known only in "
                f"{known}, which holds none of the periods ({span}); give "
                f"periods=['{known}'] for them"
            )
        warnings.warn(message, AttraktivWarning, stacklevel=2)
    out: dict[tuple[str, str], DriverResult] = {}
    for level, level_factors in chosen_factors.items():
        level = panel.resolve_level(level)
        # resolves and checks the factors
        analysis = DriverAnalysis(level_factors, registry=registry)
        if len(flow_periods) == len(chosen_periods):
            fitted = _fit_panel(
                panel,
                analysis.factors,
                outcomes,
                chosen_periods,
                level,
                cov_type,
                checked_weights,
            )
        else:
            fitted = _fit_panel(
                panel,
                analysis.factors,
                outcomes[:1],
                chosen_periods,
                level,
                cov_type,
                checked_weights,
            )
            if flow_periods:
                fitted.update(
                    _fit_panel(
                        panel,
                        analysis.factors,
                        outcomes[1:],
                        flow_periods,
                        level,
                        cov_type,
                        checked_weights,
                    )
                )
        for outcome in outcomes:
            if outcome in fitted:
                out[level, outcome] = fitted[outcome]
    return out


def _usable_published(
    panel: Panel,
    level: str,
    periods: Sequence[Period],
    registry: FactorRegistry | None,
) -> list[str]:
    """The published factors of ``level`` the panel can compute in every period.

    The default of :func:`published_tables`: a factor whose inputs the panel lacks
    (the bundled data have no cafés or culture index) or that is unknown in one of
    the periods (education before 2009) is left out, with a warning naming it and
    why, as the report does.
    """
    published = published_factors(panel, level, registry=registry)
    kept, dropped = usable_factors(panel, published, registry=registry)
    reasons = dict(dropped)
    known = list(kept)
    for period in periods:
        if period.first < panel.years[0] or period.last > panel.years[-1]:
            continue  # the fit names the period the panel does not cover
        have, missing = factors_known(panel, known, period, level, registry=registry)
        for name, reason in missing.items():
            reasons.setdefault(name, f"{reason} ({period})")
        known = [name for name in known if name in have]
    if reasons:
        warnings.warn(
            f"the {singular(level)} driver tables leave out "
            + "; ".join(f"{name}: {why}" for name, why in reasons.items()),
            AttraktivWarning,
            stacklevel=3,
        )
    return known


def _columns_text(table: pd.DataFrame, shown_at_most: int = 12) -> str:
    """The table's columns for a message: the first few, and how many more."""
    names = [str(c) for c in table.columns[:shown_at_most]]
    more = len(table.columns) - shown_at_most
    return ", ".join(names) + (f" and {more:,} more" if more > 0 else "")


def _check_level_factors(panel: Panel, factors: object) -> None:
    """``factors`` of :func:`published_tables`: lists of factors by panel level."""
    example = f"{{{panel.levels[0]!r}: ['job_growth', 'size']}}"
    if not isinstance(factors, Mapping):
        raise InvalidOptionError(
            f"factors={type(factors).__name__} is not valid; give a mapping of "
            f"level to factors, such as {example}"
        )
    for level, level_factors in factors.items():
        if not isinstance(level, str) or level not in panel.levels:
            raise InvalidOptionError(
                f"factors: level={shown(level)} is not valid; choose one of "
                f"{', '.join(map(repr, panel.levels))} (the panel's levels)"
            )
        if isinstance(level_factors, str | bytes) or not isinstance(
            level_factors, Sequence
        ):
            raise InvalidOptionError(
                f"factors[{level!r}]={shown(level_factors)} is not valid; give a "
                "list of factors or their names"
            )


def _require_panel(panel: object) -> None:
    require_panel(
        panel,
        "a driver analysis needs a Panel",
        ", or fit a ready table with DriverAnalysis.fit_table",
    )
