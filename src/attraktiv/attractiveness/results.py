"""Results of the attractiveness index: one period, and the long term.

:class:`AttractivenessResult` holds the fit of one level and period: the index, the
expected net migration, the flow indices, rankings, and the index's uncertainty
(its standard errors from :mod:`attraktiv.attractiveness.covariance`, rank sets
and shrinkage from :mod:`attraktiv.uncertainty`). :class:`LongTermResult` sums the
indices of consecutive periods.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..core.ranking import rank_series
from ..core.typing import SeedLike
from ..core.validation import check_count, check_option, shown
from ..errors import AttraktivError, FlowError, InvalidOptionError, ModelError
from ..periods import Period
from ..regression import OLSManyResult, OLSResult, design_from_formula
from ..uncertainty import (
    LATER_EDITIONS_MIN_POPULATION,
    SHRINK_TARGETS,
    FayHerriotMethod,
    RankMethod,
    ShrinkTarget,
    rank_intervals,
    shrunk_ranking,
    top_set,
)
from .covariance import VarianceModel, index_std_errors

__all__ = ["DEFAULT_COVARIATES", "AttractivenessResult", "LongTermResult"]

#: What the index is shrunk toward by default: a regression on log start population.
DEFAULT_COVARIATES = "np.log(population_start)"


@dataclass(frozen=True, repr=False)
class AttractivenessResult:
    """The attractiveness index of every unit of one level for one period.

    Created by :meth:`AttractivenessModel.fit`.

    Attributes
    ----------
    period : Period
        The period the index covers.
    level : str
        The level of the units (``"municipality"``, ``"region"``, ...).
    formula : str
        The model of expected net migration.
    source : pandas.DataFrame
        The period table the model was fitted on (a copy each time it is read).
    fits : OLSManyResult
        The batched fit of the outcome (first column) and of every flow component.

    Notes
    -----
    For unit :math:`i` with actual net migration :math:`NM_i` (percent of its start
    population) and expected net migration :math:`\\widehat{NM}_i` from the fitted
    model, the index is

    .. math:: A_i = NM_i - \\widehat{NM}_i,

    in percentage points. Positive means more in-migration than the model's factors
    (by default job growth alone) explain. Because least-squares residuals are linear
    in the outcome, the flow indices add up to :math:`A_i` exactly.
    """

    period: Period
    level: str
    formula: str
    _source: pd.DataFrame = field(compare=False)
    fits: OLSManyResult = field(compare=False)
    # Why a panel with flow components has none here (their years), or "".
    _flows_missing: str = field(default="", compare=False)

    def __repr__(self) -> str:
        return (
            f"AttractivenessResult(level={self.level!r}, period='{self.period}', "
            f"units={len(self._source)}, formula={self.formula!r})"
        )

    @property
    def source(self) -> pd.DataFrame:
        """The period table the model was fitted on (one row per unit, by code).

        A copy: changing it cannot change the result.
        """
        return self._source.copy(deep=False)  # copy-on-write keeps the result's own

    @property
    def table(self) -> pd.DataFrame:
        """The period table the model was fitted on (the same as :attr:`source`)."""
        return self._source.copy(deep=False)

    @cached_property
    def regression(self) -> OLSResult:
        """The fit of the outcome (total net migration by default)."""
        return self.fits.column(0)

    @property
    def outcome(self) -> str:
        """The outcome column of the formula (``net_migration`` by default)."""
        return self.regression.outcome

    @property
    def index(self) -> pd.Series:
        """The attractiveness index by unit code (actual − expected, pp)."""
        index = self.regression.resid  # a new Series: naming it in place is safe
        index.name = "attractiveness"
        return index

    @property
    def expected(self) -> pd.Series:
        """Expected net migration by unit code (percent of start population)."""
        expected = self.regression.fitted  # a new Series: naming it in place is safe
        expected.name = "expected"
        return expected

    @property
    def flows(self) -> pd.DataFrame | None:
        """One attractiveness index per flow component, by unit code, or None.

        None when the data have no flow components. Raises
        :class:`~attraktiv.errors.FlowError`, naming the years the flows cover,
        when the panel has components but does not know them in this period.
        """
        if len(self.fits.outcomes) == 1:
            if self._flows_missing:
                raise FlowError(self._flows_missing)
            return None
        frame = self.fits.resid.iloc[:, 1:].copy()
        frame.columns = pd.Index(
            [c.removeprefix("net_migration_") for c in frame.columns], name="flow"
        )
        return frame

    def predict(self, data: pd.DataFrame) -> pd.Series:
        """Expected net migration for new data, from the fitted model.

        Parameters
        ----------
        data : pandas.DataFrame
            The columns the formula's right-hand side uses (``job_growth`` for the
            published model), one row per unit; encoded as the fit's data were.

        Returns
        -------
        pandas.Series
            Named ``expected``, indexed like ``data``: the net migration (percent
            of the start population) the model expects from those values. The
            attractiveness index of a unit is its actual net migration minus this.

        Raises
        ------
        ModelError
            A column the formula needs is missing (named).
        DataError
            A needed value is missing or not numeric.

        Examples
        --------
        >>> import pandas as pd
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> result.predict(pd.DataFrame({"job_growth": [0.0, 10.0]})).round(3)
        0    1.668
        1    2.392
        Name: expected, dtype: float64
        """
        return self.regression.predict(data).rename("expected")

    def to_frame(self) -> pd.DataFrame:
        """The result as one table: :meth:`ranking`, one row per unit.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, most attractive first; see :meth:`ranking`.
        """
        return self.ranking()

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals of the model's coefficients.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, as in :meth:`attraktiv.OLSResult.conf_int`.

        Returns
        -------
        pandas.DataFrame
            Columns ``ci_low``, ``ci_high``, one row per coefficient.
        """
        return self.regression.conf_int(level)

    def ranking(self) -> pd.DataFrame:
        """Every unit, most attractive first.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, with columns ``rank`` (1 = most attractive),
            ``name``, ``attractiveness``, the outcome (``net_migration``),
            ``expected``, ``job_growth`` (when the table has it),
            ``population_start``, and one ``attractiveness_<flow>`` column per
            flow component.
        """
        index = self.index
        expected = self.expected
        frame = pd.DataFrame(
            {
                "rank": rank_series(index),
                "name": self._source["name"],
                "attractiveness": index,
                # actual = expected + residual holds for any outcome expression
                self.outcome: expected + index,
                "expected": expected,
            }
        )
        for column in ("job_growth", "population_start"):
            if column in self._source.columns and column not in frame.columns:
                frame[column] = self._source[column]
        flows = self.flows if len(self.fits.outcomes) > 1 else None
        if flows is not None:
            for flow in flows.columns:
                frame[f"attractiveness_{flow}"] = flows[flow]
        order = np.lexsort((frame.index.to_numpy(), frame["rank"].to_numpy()))
        return frame.iloc[order]

    def top(self, n: int = 20) -> pd.DataFrame:
        """The ``n`` most attractive units (the report shows 20 municipalities).

        Parameters
        ----------
        n : int, default 20

        Returns
        -------
        pandas.DataFrame
            The first ``n`` rows of :meth:`ranking`.
        """
        return self.ranking().head(check_count("n", n))

    def bottom(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` least attractive units, least attractive last.

        Parameters
        ----------
        n : int, default 15

        Returns
        -------
        pandas.DataFrame
            The last ``n`` rows of :meth:`ranking`.
        """
        return self.ranking().tail(check_count("n", n))

    def groups(self, k: int = 5) -> pd.Series:
        """Ordered groups of units for maps (quintiles by default).

        Parameters
        ----------
        k : int, default 5
            Number of groups; each holds about the same number of units.

        Returns
        -------
        pandas.Series
            Ordered categorical by unit code; its categories are the groups' index
            intervals, lowest first.
        """
        return _quantile_groups(self.index, check_count("k", k, minimum=2))

    # --- uncertainty: standard errors from .covariance, then attraktiv.uncertainty

    def std_errors(
        self,
        *,
        gross_flows: pd.Series | None = None,
        variance_model: VarianceModel = "floor",
    ) -> pd.DataFrame:
        """The standard error of every unit's index.

        :func:`~attraktiv.attractiveness.index_std_errors` of this result, which
        describes the parameters, the columns and the method.

        Parameters
        ----------
        gross_flows : pandas.Series, optional
            Persons moving in plus out over the period, by unit code.
        variance_model : {"floor", "power"}, default "floor"
            The variance function fitted to the residuals without gross flows.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code: ``std_error``, ``std_error_sampling``,
            ``std_error_expected`` and ``method``.

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> result.std_errors().loc[["0235", "1835"], ["std_error", "method"]].round(2)
              std_error          method
        code
        0235       0.47  residual-floor
        1835       3.50  residual-floor
        """
        return index_std_errors(
            self, gross_flows=gross_flows, variance_model=variance_model
        )

    def _labelled(
        self,
        errors: pd.DataFrame,
        keep: pd.Index | None = None,
        **columns: pd.Series,
    ) -> pd.DataFrame:
        """Name, the columns, index, standard error and its method, by rank.

        Only the units ``keep``, when given; ties in rank by code.
        """
        frame = pd.DataFrame(
            {
                "name": self._source["name"],
                **columns,
                "attractiveness": self.index,
                "std_error": errors["std_error"],
                "method": errors["method"],
            }
        )
        if keep is not None:
            frame = frame.loc[keep]
        order = np.lexsort((frame.index.to_numpy(), frame["rank"].to_numpy()))
        return frame.iloc[order]

    def rank_intervals(
        self,
        level: float = 0.95,
        simultaneous: bool = False,
        *,
        draws: int = 2000,
        rng: SeedLike = None,
        method: RankMethod = "bootstrap",
        gross_flows: pd.Series | None = None,
        variance_model: VarianceModel = "floor",
    ) -> pd.DataFrame:
        """Confidence sets for every unit's rank, with names and standard errors.

        :func:`attraktiv.uncertainty.rank_intervals` of the index and its
        :meth:`std_errors`: it takes ``level``, ``simultaneous``, ``draws``,
        ``rng`` and ``method`` and describes the sets (Mogstad et al. 2024);
        ``gross_flows`` and ``variance_model`` choose the standard errors.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, most attractive first: ``name``, ``rank``,
            ``rank_low``, ``rank_high``, ``attractiveness``, ``std_error`` and
            ``method`` (how the standard errors were found: ``"counts"``,
            ``"residual-floor"`` or ``"residual-power"``).

        Raises
        ------
        InvalidOptionError, DataError, ModelError
            As :func:`~attraktiv.uncertainty.rank_intervals` and
            :func:`~attraktiv.attractiveness.index_std_errors`.

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> result.rank_intervals(rng=1).head(3)[["name", "rank_low", "rank_high"]]
                    name  rank_low  rank_high
        code
        0235  Ullensaker         1         67
        1516     Ulstein         1         87
        1142    Rennesøy         1        153
        """
        errors = self.std_errors(gross_flows=gross_flows, variance_model=variance_model)
        sets = rank_intervals(
            self.index,
            errors["std_error"],
            level=level,
            simultaneous=simultaneous,
            draws=draws,
            rng=rng,
            method=method,
        )
        return self._labelled(
            errors,
            rank=sets["rank"],
            rank_low=sets["rank_low"],
            rank_high=sets["rank_high"],
        )

    def top_set(
        self,
        tau: int,
        level: float = 0.95,
        *,
        draws: int = 2000,
        rng: SeedLike = None,
        method: RankMethod = "bootstrap",
        gross_flows: pd.Series | None = None,
        variance_model: VarianceModel = "floor",
    ) -> pd.DataFrame:
        """The units that may be among the top ``tau``, with names and standard errors.

        :func:`attraktiv.uncertainty.top_set` of the index and its
        :meth:`std_errors`: it takes ``tau``, ``level``, ``draws``, ``rng`` and
        ``method`` and describes the set; ``gross_flows`` and ``variance_model``
        choose the standard errors.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, most attractive first: ``name``, ``rank``,
            ``attractiveness``, ``std_error``, ``method``.

        Raises
        ------
        InvalidOptionError, DataError, ModelError
            As :func:`~attraktiv.uncertainty.top_set` and
            :func:`~attraktiv.attractiveness.index_std_errors`.

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> top = result.top_set(1, rng=1)
        >>> len(top), top.index[0]
        (136, '0235')
        """
        errors = self.std_errors(gross_flows=gross_flows, variance_model=variance_model)
        index = self.index
        chosen = top_set(
            index,
            errors["std_error"],
            tau,
            level=level,
            draws=draws,
            rng=rng,
            method=method,
        )
        return self._labelled(errors, chosen, rank=rank_series(index))

    def shrunk(
        self,
        *,
        toward: ShrinkTarget = "regression",
        covariates: str = DEFAULT_COVARIATES,
        parents: pd.Series | None = None,
        min_population: int | None = None,
        gross_flows: pd.Series | None = None,
        variance_model: VarianceModel = "floor",
        tau2_method: FayHerriotMethod = "reml",
    ) -> pd.DataFrame:
        """A ranking by empirical-Bayes (shrunk) index beside the published one.

        :func:`attraktiv.uncertainty.shrunk_ranking` of the index and its
        :meth:`std_errors`.

        Parameters
        ----------
        toward : {"regression", "zero", "parent"}, default "regression"
            Shrink toward a regression of the index on ``covariates`` (Fay and
            Herriot, 1979: small places toward what small places score); toward
            zero, the mean of the index by construction (Morris, 1983); or toward
            the mean of each unit's parent (``parents`` needed). See Notes for why
            the regression is the default.
        covariates : str, default "np.log(population_start)"
            The right-hand side of a formula over the period table's columns
            (:attr:`source`: ``population_start``, ``job_growth``, ...) for
            ``toward="regression"``; it keeps its intercept.
        parents : pandas.Series, optional
            The parent code of each unit, by unit code, e.g.
            ``panel.hierarchy.mapping("municipality", "region")``; only with
            ``toward="parent"``.
        min_population : int, optional
            Rank only units with at least this many residents at the start of the
            period (the later editions' rule:
            :data:`~attraktiv.uncertainty.LATER_EDITIONS_MIN_POPULATION`, 1,000);
            the shrinkage is estimated on all units. At most the largest start
            population, so that some unit is ranked.
        gross_flows, variance_model
            As :meth:`std_errors`.
        tau2_method : {"reml", "paule-mandel"}, default "reml"
            How the between-unit variance is estimated toward the regression (the
            other targets use Paule-Mandel, with the index regression's
            coefficients as lost degrees of freedom).

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code, highest shrunk index first: ``name``,
            ``population_start``, ``attractiveness``, ``rank`` (by it, among the
            units shown), ``std_error``, ``prior_mean``, ``shrinkage``,
            ``shrunk``, ``posterior_sd``, ``rank_shrunk`` (among the units shown)
            and ``method`` (of the standard errors).

        Raises
        ------
        InvalidOptionError
            For an unknown ``toward``, ``toward="parent"`` without ``parents``
            (or ``parents`` with another target, or not a Series), covariates
            that are not a formula's right-hand side with an intercept, or a
            ``min_population`` below 0 or above every unit's population.
        DataError, ModelError
            As :meth:`std_errors`, :func:`~attraktiv.uncertainty.shrink` and the
            formula of ``covariates``.

        Notes
        -----
        **Why toward the regression by default.** The index depends on size: in
        2008-2010 the Fay-Herriot regression of the index on log start population
        has slope 0.65, and the mean index runs from about -0.9 in the smallest
        population fifth to +1.3 in the largest. Shrinking toward zero pulls the
        noisiest units, the smallest, toward a mean that is too high for them:
        Træna, fifth by its estimate, stays 73rd, while toward what places of its
        size score it falls to about 230th. As a forecast of the next period's
        index the regression target beats zero in every pair of consecutive
        bundled periods (see :doc:`/uncertainty`).

        Examples
        --------
        >>> import attraktiv
        >>> from attraktiv.datasets import load_norway
        >>> result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
        >>> table = result.shrunk()[["name", "rank", "shrunk", "rank_shrunk"]]
        >>> table.loc[["0235", "1816", "1835"]]
                    name  rank  shrunk  rank_shrunk
        code
        0235  Ullensaker     1    6.75            1
        1816   Vevelstad     4   -0.17          211
        1835       Træna     5   -0.29          229
        >>> zero = result.shrunk(toward="zero")
        >>> zero.loc[["1816", "1835"], "rank_shrunk"].tolist()
        [66, 73]
        """
        toward = check_option("toward", toward, SHRINK_TARGETS)
        if toward == "parent" and parents is None:
            raise InvalidOptionError(
                "toward='parent' needs parents: the parent code of every unit, e.g. "
                "panel.hierarchy.mapping('municipality', 'region')"
            )
        if parents is not None and toward != "parent":
            raise InvalidOptionError(
                f"parents are used only with toward='parent', not toward={toward!r}; "
                "pass toward='parent' to shrink toward each parent's mean, or leave "
                "parents out"
            )
        if parents is not None and not isinstance(parents, pd.Series):
            raise InvalidOptionError(
                f"parents={shown(parents)} is not valid; give a pandas Series of the "
                "parent code of each unit, by unit code, e.g. "
                "panel.hierarchy.mapping('municipality', 'region')"
            )
        population = self._source["population_start"]
        if min_population is not None and (
            isinstance(min_population, bool)
            or not isinstance(min_population, numbers.Real)
            or not 0 <= min_population <= population.max()
        ):
            raise InvalidOptionError(
                f"min_population={shown(min_population)} is not valid; give a number "
                f"of residents from 0 to the largest start population "
                f"({population.max():,.0f}), such as {LATER_EDITIONS_MIN_POPULATION}"
            )
        design = self._covariates(covariates) if toward == "regression" else None
        errors = self.std_errors(gross_flows=gross_flows, variance_model=variance_model)
        table = shrunk_ranking(
            self.index,
            errors["std_error"],
            parents=parents if toward == "parent" else None,
            covariates=design,
            lost_degrees=len(self.regression.param_names),
            tau2_method=tau2_method,
            among=None if min_population is None else population >= min_population,
        )
        codes = table.index
        return pd.DataFrame(
            {
                "name": self._source["name"].loc[codes],
                "population_start": population.loc[codes],
                "attractiveness": table["estimate"],
                "rank": table["rank"],
                "std_error": table["std_error"],
                "prior_mean": table["prior_mean"],
                "shrinkage": table["shrinkage"],
                "shrunk": table["shrunk"],
                "posterior_sd": table["posterior_sd"],
                "rank_shrunk": table["rank_shrunk"],
                "method": errors["method"].loc[codes],
            }
        )

    def _covariates(self, covariates: object) -> pd.DataFrame:
        """The covariate columns (without the intercept) of a right-hand side."""
        if not isinstance(covariates, str) or "~" in covariates:
            raise InvalidOptionError(
                f"covariates={covariates!r} is not valid; give the right-hand side "
                f"of a formula over the period table's columns, such as "
                f"{DEFAULT_COVARIATES!r}"
            )
        source = self._source
        # Any column of the table can stand on the left: only the design is used.
        try:
            _, design = design_from_formula(f"population_start ~ {covariates}", source)
        except AttraktivError as error:
            raise InvalidOptionError(
                f"covariates={covariates!r} cannot be used with the period table "
                f"(columns {', '.join(map(repr, source.columns))}): {error}"
            ) from None
        if "Intercept" not in design.columns:
            raise InvalidOptionError(
                f"covariates={covariates!r} removes the intercept; the regression "
                "toward which the index is shrunk needs one"
            )
        return design.drop(columns="Intercept")


def _quantile_groups(values: pd.Series, k: int) -> pd.Series:
    if values.nunique() < k:
        raise ModelError(
            f"cannot form {k} groups from {values.nunique()} distinct values; "
            "choose a smaller k"
        )
    groups = pd.qcut(values, k, precision=2)
    return pd.Series(groups, index=values.index, name="group")


@dataclass(frozen=True, repr=False)
class LongTermResult:
    """The long-term index: the sum of the indices of consecutive periods.

    Created by :meth:`AttractivenessModel.long_term`.

    Attributes
    ----------
    periods : tuple of Period
        The non-overlapping periods, oldest first (2002–2004, 2005–2007, 2008–2010).
    level : str
    results : tuple of AttractivenessResult
        The fit of each period.

    Notes
    -----
    The long-term index of a unit is :math:`\\sum_p A_{i,p}`: the extra net
    in-migration, in percent of the population, over all the periods that the
    model does not explain. (The top unit of the 2011 barometer had 24.5.)
    """

    periods: tuple[Period, ...]
    level: str
    results: tuple[AttractivenessResult, ...] = field(compare=False)

    def __repr__(self) -> str:
        labels = ", ".join(str(p) for p in self.periods)
        return f"LongTermResult(level={self.level!r}, periods=[{labels}])"

    @property
    def parts(self) -> pd.DataFrame:
        """Each period's index by unit code, one column per period label."""
        return pd.DataFrame(
            {str(r.period): r.index for r in self.results},
        ).rename_axis(columns="period")

    @property
    def total(self) -> pd.Series:
        """The long-term index by unit code: the sum of the parts."""
        return self.parts.sum(axis=1, skipna=False).rename("long_term")

    @property
    def names(self) -> pd.Series:
        """Unit names by code."""
        return self.results[-1].source["name"]

    def ranking(self) -> pd.DataFrame:
        """Every unit by long-term index, most attractive first.

        Returns
        -------
        pandas.DataFrame
            Indexed by unit code: ``rank``, ``name``, ``long_term``, then one column
            per period with that period's index.
        """
        total = self.total
        frame = pd.concat(
            [
                rank_series(total),
                self.names,
                total,
                self.parts.rename_axis(columns=None),
            ],
            axis=1,
        )
        order = np.lexsort((frame.index.to_numpy(), frame["rank"].to_numpy()))
        return frame.iloc[order]

    def top(self, n: int = 20) -> pd.DataFrame:
        """The ``n`` units with the highest long-term index."""
        return self.ranking().head(check_count("n", n))

    def bottom(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` units with the lowest long-term index."""
        return self.ranking().tail(check_count("n", n))

    def groups(self, k: int = 5) -> pd.Series:
        """Ordered groups of the long-term index (see AttractivenessResult.groups)."""
        return _quantile_groups(self.total, check_count("k", k, minimum=2))
