"""Standard errors of the attractiveness index: from gross flows or from residuals.

What the index's uncertainty needs of the fitted model and the panel: the gross
migration behind each unit's rate (:func:`gross_migration`), a variance function
fitted to the residuals where no counts are known
(:func:`residual_variance_function`), and both combined with the uncertainty of the
expected value into one standard error per unit (:func:`index_std_errors`). Rank
sets and shrinkage (:mod:`attraktiv.uncertainty`) take these standard errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, Protocol, TypeAlias, runtime_checkable

import numpy as np
import pandas as pd

from ..core.typing import FloatArray
from ..core.validation import check_option, check_values
from ..errors import DataError, ModelError, PeriodError
from ..panel import require_panel
from ..periods import Period, as_period
from ..regression import fit_arrays, formula_arrays

if TYPE_CHECKING:
    from ..panel import Panel
    from ..regression import OLSResult

__all__ = [
    "VARIANCE_MODELS",
    "VarianceFunction",
    "VarianceModel",
    "gross_migration",
    "index_std_errors",
    "residual_variance_function",
]

#: Variance functions fitted to the residuals when no gross flows are known.
VarianceModel: TypeAlias = Literal["floor", "power"]
VARIANCE_MODELS: Final[tuple[VarianceModel, ...]] = ("floor", "power")

# E[log X] for X ~ chi-square(1): log of a squared normal is biased by this much.
# It is digamma(1/2) + log 2 = -(Euler's gamma) - log 2, written out so that
# importing the module does not import SciPy.
_LOG_CHI2_MEAN: Final = float(-np.euler_gamma - np.log(2.0))
_IRLS_STEPS: Final = 20
#: Panel columns whose sum is the gross migration of a unit in a year, by preference.
GROSS_COLUMNS: Final = (
    ("in_migration", "out_migration"),
    ("immigration", "emigration", "domestic_in", "domestic_out"),
)


@runtime_checkable
class _FittedIndex(Protocol):
    """What the standard errors read of a fitted index (an AttractivenessResult).

    A protocol rather than the class, so that the results module, whose methods
    call these functions, is not imported back.
    """

    @property
    def formula(self) -> str: ...

    @property
    def source(self) -> pd.DataFrame: ...

    @property
    def index(self) -> pd.Series: ...

    @property
    def regression(self) -> OLSResult: ...


def _require_result(result: object, where: str) -> None:
    """Refuse anything but a fitted index, naming what was given."""
    if not isinstance(result, _FittedIndex):
        raise DataError(
            f"{where} needs an AttractivenessResult, got {type(result).__name__}; "
            "fit one with attraktiv.AttractivenessModel().fit(panel, period)"
        )


@dataclass(frozen=True)
class VarianceFunction:
    """The sampling variance of the index as a function of the start population.

    Created by :func:`residual_variance_function`.

    Attributes
    ----------
    model : {"floor", "power"}
        ``"floor"``: :math:`\\sigma^2_i = \\tau^2 + \\kappa / P_i`, of which
        :math:`\\kappa / P_i` is sampling noise. ``"power"``:
        :math:`\\sigma^2_i = a P_i^{-\\gamma}`, all of it treated as noise.
    params : dict of str to float
        ``{"tau2": ..., "kappa": ...}`` or ``{"a": ..., "gamma": ...}``.
    """

    model: VarianceModel
    params: dict[str, float]

    def sampling_variance(self, population: FloatArray) -> FloatArray:
        """The sampling variance (pp²) of the index at these start populations.

        Parameters
        ----------
        population : array_like, shape (n,)
            Start populations, each a positive finite number.

        Returns
        -------
        ndarray, shape (n,)

        Raises
        ------
        DataError
            If ``population`` is not one positive finite number per unit.
        """
        p = check_values("population", population, positive=True)
        if self.model == "floor":
            return np.asarray(self.params["kappa"] / p, dtype=np.float64)
        return np.asarray(self.params["a"] * p ** -self.params["gamma"], np.float64)


def _population(result: _FittedIndex) -> FloatArray:
    table = result.source
    if "population_start" not in table.columns:
        raise DataError(
            "the result's period table has no 'population_start' column; standard "
            "errors need each unit's start population"
        )
    population = table["population_start"].to_numpy(dtype=np.float64)
    bad = np.flatnonzero(~(population > 0))
    if bad.size:
        raise DataError(
            f"population_start must be positive; unit {table.index[bad[0]]!r} has "
            f"{float(population[bad[0]])!r}"
        )
    return population


def _design(result: _FittedIndex) -> FloatArray:
    x = formula_arrays(result.formula, result.source).x
    return np.asarray(x, dtype=np.float64)


def _weights(result: _FittedIndex, population: FloatArray) -> FloatArray:
    # The model's only weights option is the start population.
    if result.regression.weighted:
        return population
    return np.ones_like(population)


def _leverage(x: FloatArray, weights: FloatArray) -> FloatArray:
    root = np.sqrt(weights)[:, None] * x
    q, _ = np.linalg.qr(root)
    return np.asarray(np.einsum("ij,ij->i", q, q), dtype=np.float64)


def residual_variance_function(
    result: _FittedIndex, model: VarianceModel = "floor"
) -> VarianceFunction:
    """Fit how the index's variance falls with population, from the residuals.

    Parameters
    ----------
    result : AttractivenessResult
        A fitted index (its period table needs ``population_start``).
    model : {"floor", "power"}, default "floor"
        The form of the variance function (see Notes).

    Returns
    -------
    VarianceFunction

    Raises
    ------
    ModelError
        If the residual variance does not fall with population (the noise cannot
        be told from real differences then).
    InvalidOptionError
        For an unknown ``model``.

    Notes
    -----
    With leverage :math:`h_i`, the squared residual corrected for it,
    :math:`u_i = e_i^2 / (1 - h_i)`, has expectation :math:`\\sigma^2_i`, the
    residual variance of unit :math:`i`: real differences between places plus
    sampling noise.

    ``"floor"`` (the default) fits :math:`\\sigma^2_i = \\tau^2 + \\kappa / P_i`
    by iteratively reweighted least squares of :math:`u_i` on :math:`1/P_i`
    (weights :math:`1/\\sigma^4_i`, since :math:`\\operatorname{Var} u_i = 2
    \\sigma^4_i` for normal residuals), with :math:`\\tau^2, \\kappa \\ge 0`. The
    part that falls as :math:`1/P_i` is the sampling noise, the form a count of
    moves proportional to the population gives (:math:`\\operatorname{Var}(100 \\,
    M_i / P_i) = 10^4 \\lambda P_i / P_i^2` for a Poisson count with mean
    :math:`\\lambda P_i`); the floor :math:`\\tau^2` is the spread of real
    differences, which does not shrink with size. It assumes the spread of real
    differences is the same for small and large places.

    ``"power"`` regresses :math:`\\log u_i` on :math:`\\log P_i` and corrects the
    intercept for the mean of the log of a chi-square(1) variable,
    :math:`\\psi(1/2) + \\log 2 \\approx -1.2704`, so
    :math:`\\sigma^2_i = a P_i^{-\\gamma}`. It calls the whole residual variance
    noise, so its standard errors are upper bounds: on the real 2013-2014 gross
    flows of Norway's municipalities, counts give :math:`\\gamma \\approx 1`,
    the power fit to the residuals about 0.3.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.attractiveness import residual_variance_function
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    >>> vf = residual_variance_function(result)
    >>> {k: round(v, -1 if k == "kappa" else 2) for k, v in vf.params.items()}
    {'tau2': 3.0, 'kappa': 5500.0}
    """
    _require_result(result, "residual_variance_function")
    model = check_option("model", model, VARIANCE_MODELS)
    population = _population(result)
    x = _design(result)
    leverage = _leverage(x, _weights(result, population))
    resid = result.index.to_numpy(dtype=np.float64)
    squared = resid**2 / (1.0 - leverage)
    if model == "power":
        positive = squared > 0
        if positive.sum() < 3:
            raise ModelError("fewer than 3 non-zero residuals: no variance function")
        log_population = np.log(population[positive])
        intercept, slope = _weighted_fit(
            np.log(squared[positive]),
            np.column_stack([np.ones_like(log_population), log_population]),
        )
        if slope >= 0:
            raise ModelError(
                f"the residual variance does not fall with population (slope "
                f"{slope:.3g} of log squared residual on log population); give "
                "gross flows to compute standard errors from counts"
            )
        a = float(np.exp(intercept - _LOG_CHI2_MEAN))
        return VarianceFunction("power", {"a": a, "gamma": float(-slope)})
    inverse = 1.0 / population
    design = np.column_stack([np.ones_like(inverse), inverse])
    weights = np.ones_like(inverse)
    tau2 = kappa = 0.0
    for _ in range(_IRLS_STEPS):
        # the engine scales the columns itself: populations near 1e+-150 leave
        # neither column negligible beside the other
        tau2, kappa = _weighted_fit(squared, design, weights)
        if tau2 < 0:  # real differences cannot have negative variance
            tau2 = 0.0
            kappa = float(np.sum(weights * inverse * squared))
            kappa /= float(np.sum(weights * inverse**2))
        if kappa <= 0:
            raise ModelError(
                f"the residual variance does not fall with population (kappa "
                f"{kappa:.3g} in tau2 + kappa / population); give gross flows to "
                "compute standard errors from counts"
            )
        weights = 1.0 / (tau2 + kappa * inverse) ** 2
    return VarianceFunction("floor", {"tau2": float(tau2), "kappa": float(kappa)})


def _weighted_fit(
    y: FloatArray, design: FloatArray, weights: FloatArray | None = None
) -> tuple[float, float]:
    """The two coefficients of a (weighted) least-squares fit, by the engine."""
    fit = fit_arrays(
        y[:, None],
        design,
        names=("constant", "slope"),
        outcomes=("y",),
        row_labels=pd.RangeIndex(len(y)),
        weights=weights,
        has_constant=True,
    )
    first, second = fit.params.to_numpy()[:, 0]
    return float(first), float(second)


def _gross_from_argument(result: _FittedIndex, gross_flows: pd.Series) -> FloatArray:
    if not isinstance(gross_flows, pd.Series):
        raise DataError(
            "gross_flows must be a pandas Series of persons moving in plus out "
            f"over the period, by unit code; got {type(gross_flows).__name__}"
        )
    codes = result.source.index
    missing = codes.difference(gross_flows.index)
    if len(missing):
        raise DataError(
            f"gross_flows has no value for unit {missing[0]!r}"
            + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
        )
    if gross_flows.index.has_duplicates:
        raise DataError("gross_flows repeats unit codes; give one value per unit")
    values = gross_flows.reindex(codes).to_numpy(dtype=np.float64)
    bad = np.flatnonzero(~(np.isfinite(values) & (values >= 0)))
    if bad.size:
        raise DataError(
            f"gross_flows must be counts of persons (finite, >= 0); unit "
            f"{codes[bad[0]]!r} has {float(values[bad[0]])!r}"
        )
    return values


def gross_migration(
    panel: Panel,
    period: Period | str | tuple[int, int],
    level: str = "municipality",
) -> pd.Series:
    """Persons moving in plus persons moving out of each unit over a period.

    Parameters
    ----------
    panel : Panel
        Data with gross flows: columns ``in_migration`` and ``out_migration``, or
        ``immigration``, ``emigration``, ``domestic_in`` and ``domestic_out``.
    period : Period, str or tuple
        The period, e.g. ``"2013-2014"``.
    level : str, default "municipality"
        One of the panel's levels.

    Returns
    -------
    pandas.Series
        Named ``gross_migration``, indexed by unit code (persons); pass it as
        ``gross_flows`` to :func:`index_std_errors`.

    Raises
    ------
    DataError
        If the panel has no gross flows, or a unit's flow is missing in a year.
    PeriodError
        If a year of the period is not in the panel.

    Notes
    -----
    Above the lowest level the members' flows are summed, so moves between two
    members of the same unit count as a move in and a move out although they do
    not change its net migration: the standard errors are then somewhat too
    large (on the safe side).

    Examples
    --------
    >>> import pandas as pd
    >>> import attraktiv
    >>> geo = attraktiv.Hierarchy(pd.DataFrame({
    ...     "municipality_code": ["0101", "0102"], "region_code": ["R1", "R1"],
    ...     "county_code": ["01", "01"]}))
    >>> data = pd.DataFrame({
    ...     "code": ["0101", "0101", "0102", "0102"], "year": [2013, 2014] * 2,
    ...     "population_jan1": [1000.0, 1010.0, 500.0, 495.0],
    ...     "in_migration": [60.0, 55.0, 20.0, 25.0],
    ...     "out_migration": [50.0, 52.0, 25.0, 24.0],
    ...     "jobs": [400.0, 410.0, 200.0, 205.0]})
    >>> gross_migration(attraktiv.Panel(data, geo), "2013-2014").tolist()
    [217.0, 94.0]
    """
    panel = require_panel(panel, "gross_migration needs a Panel as panel")
    resolved = as_period(period)
    columns = next(
        (group for group in GROSS_COLUMNS if all(c in panel.columns for c in group)),
        None,
    )
    if columns is None:
        raise DataError(
            "the panel has no gross flows; it needs columns in_migration and "
            "out_migration (or immigration, emigration, domestic_in and "
            "domestic_out)"
        )
    missing_years = [y for y in resolved.years if y not in panel.years]
    if missing_years:
        raise PeriodError(
            f"the panel has no data for {missing_years[0]} of {resolved.label}; it "
            f"covers {panel.years[0]}-{panel.years[-1]}"
        )
    # Gross flows are counts, summed to the level (declared: not all are in the
    # panel's schema, and undeclared columns are never summed).
    frame = panel.aggregate(level, dict.fromkeys(columns, "sum"))
    unit_column, year_column = frame.columns[0], frame.columns[1]
    rows = frame[frame[year_column].isin(resolved.years)]
    flows = rows[list(columns)]
    unknown = flows.isna().any(axis=1)
    if unknown.any():
        first = rows[unknown].iloc[0]
        raise DataError(
            f"gross flows of {level} {first[unit_column]!r} are missing in "
            f"{int(first[year_column])}"
        )
    total = flows.sum(axis=1).groupby(rows[unit_column].to_numpy()).sum()
    total.index = pd.Index(total.index.astype("str"), name="code")
    return total.rename("gross_migration")


def index_std_errors(
    result: _FittedIndex,
    *,
    gross_flows: pd.Series | None = None,
    variance_model: VarianceModel = "floor",
) -> pd.DataFrame:
    """The standard error of every unit's attractiveness index.

    Parameters
    ----------
    result : AttractivenessResult
        A fitted index.
    gross_flows : pandas.Series, optional
        Persons moving in plus persons moving out over the period (abroad
        included), by unit code. Default: from the period table's
        ``in_migration`` and ``out_migration`` columns (percent of
        ``population_start``, like every rate there) when it has them, otherwise
        from the residuals.
    variance_model : {"floor", "power"}, default "floor"
        The variance function fitted to the residuals when no gross flows are
        known (see :func:`residual_variance_function`).

    Returns
    -------
    pandas.DataFrame
        Indexed by unit code: ``std_error`` (the total, in percentage points),
        ``std_error_sampling`` (noise of the unit's own net migration),
        ``std_error_expected`` (uncertainty of its expected value) and
        ``method`` (``"counts"``, ``"residual-floor"`` or ``"residual-power"``).

    Raises
    ------
    DataError
        If ``gross_flows`` lacks a unit or holds a negative or missing count, or
        the table lacks ``population_start``.
    ModelError
        As :func:`residual_variance_function`.

    Notes
    -----
    The index of unit :math:`i` is :math:`\\hat A_i = y_i - x_i^\\top b`, an
    estimate of its true attractiveness :math:`A_i = \\mu_i - x_i^\\top \\beta`,
    where :math:`\\mu_i` is the net migration rate the place would show on
    average. Its sampling variance is

    .. math::

        \\operatorname{Var}(\\hat A_i - A_i) \\approx
        \\underbrace{\\operatorname{Var}(y_i - \\mu_i)}_{\\text{sampling}} +
        \\underbrace{x_i^\\top \\operatorname{Cov}(b) \\, x_i}_{\\text{expected}},

    ignoring the covariance of :math:`y_i` with :math:`b`, which is of order
    :math:`1/n`. :math:`\\operatorname{Cov}(b)` is the regression's
    (``cov_params``, of its ``cov_type``).

    **From counts.** With :math:`I_i` persons moving in and :math:`O_i` out over
    the period and :math:`P_i` the start population, treating moves as
    independent Poisson events gives :math:`\\operatorname{Var}(I_i - O_i)
    \\approx I_i + O_i` and

    .. math:: s_i = 100 \\sqrt{I_i + O_i} / P_i

    percentage points. Families move together, so the true variance is larger
    (the count is overdispersed): on the real 2013-2014 flows the residual
    variance function finds about twice the Poisson variance.

    **From residuals.** Without gross flows the sampling variance comes from the
    variance function :func:`residual_variance_function` fits.

    The unit's estimates are treated as independent of each other when ranks
    are compared; their covariance through :math:`b`,
    :math:`x_i^\\top \\operatorname{Cov}(b) x_j`, is of order :math:`1/n`.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.attractiveness import index_std_errors
    >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    >>> se = index_std_errors(result)
    >>> se.loc[["1835", "0235"], ["std_error", "method"]].round(2)
                  std_error          method
    code
    1835       3.50  residual-floor
    0235       0.47  residual-floor
    """
    _require_result(result, "index_std_errors")
    model = check_option("variance_model", variance_model, VARIANCE_MODELS)
    population = _population(result)
    x = _design(result)
    cov = result.regression.cov_params.to_numpy(dtype=np.float64)
    expected_variance = np.einsum("ij,jk,ik->i", x, cov, x)
    table = result.source
    if gross_flows is not None:
        counts = _gross_from_argument(result, gross_flows)
        sampling_variance = 1e4 * counts / population**2
        method = "counts"
    elif "in_migration" in table.columns and "out_migration" in table.columns:
        rates = table["in_migration"].to_numpy(np.float64) + table[
            "out_migration"
        ].to_numpy(np.float64)
        bad = np.flatnonzero(~(np.isfinite(rates) & (rates >= 0)))
        if bad.size:
            raise DataError(
                f"in_migration + out_migration must be finite and >= 0; unit "
                f"{table.index[bad[0]]!r} has {float(rates[bad[0]])!r}"
            )
        # rates are percent of the start population: counts = rate * P / 100
        sampling_variance = 100.0 * rates / population
        method = "counts"
    else:
        function = residual_variance_function(result, model)
        sampling_variance = function.sampling_variance(population)
        method = f"residual-{model}"
    total = np.sqrt(sampling_variance + expected_variance)
    return pd.DataFrame(
        {
            "std_error": total,
            "std_error_sampling": np.sqrt(sampling_variance),
            "std_error_expected": np.sqrt(expected_variance),
            "method": pd.array([method] * len(total), dtype="str"),
        },
        index=table.index.copy(),
    )
