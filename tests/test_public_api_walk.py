"""The public API walked with hostile arguments: no raw exception, ever.

Every public callable named in an ``__all__`` of ``attraktiv`` or of one of its public
subpackages and modules has a hand-written valid call in :data:`REGISTRY` (functions,
constructors, and the public methods of a valid instance). The walk replaces one
parameter at a time by each value of :data:`HOSTILE` (None, wrong types, empty, NaN,
inf, a huge number, a 10,000-character text, ``"municipality"`` where a sequence of
names is expected) and asserts one of two outcomes:

- an :class:`~attraktiv.AttraktivError` subclass (never the base class itself, never a
  raw ``TypeError``, ``KeyError``, ``ZeroDivisionError``, ``MemoryError``…) whose
  message names the parameter (its name, or the role the docs give a positional
  argument);
- or success, where the value is legitimately allowed: the parameter's documented
  default (not re-run: that is the valid call), or an entry of the entry's explicit
  allow-list, each with its reason.

:func:`test_registry_covers_every_public_name` fails when a public name has no
registry entry, so a new public name must come with its valid call.
"""

from __future__ import annotations

import importlib
import inspect
import io as stdio
import json
import os
import pkgutil
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv import AttraktivError, AttraktivWarning

# --- hostile values ----------------------------------------------------------------


def _hostile() -> dict[str, object]:
    # Built afresh for every case: a callee must not be able to change them for the
    # next case.
    return {
        "none": None,
        "int": 7,
        "dict": {"a": 1},
        "frame": pd.DataFrame({"a": [1.0, 2.0]}),
        "bytes": b"\xff\xfe\x00municipality",
        "empty-text": "",
        "empty-list": [],
        "nan": float("nan"),
        "inf": float("inf"),
        "huge": 10**12,
        "long-text": "x" * 10_000,
        "municipality": "municipality",
    }


HOSTILE_KINDS: tuple[str, ...] = tuple(_hostile())

# --- the valid inputs (built once, never changed) ----------------------------------

_RNG = np.random.default_rng(20261206)
X = _RNG.normal(size=20)
Z = _RNG.normal(size=20)
Y = 1.0 + 2.0 * X - 0.5 * Z + _RNG.normal(size=20)
XZ = np.column_stack([X, Z])
FRAME = pd.DataFrame({"y": Y, "x": X, "z": Z})
PERIOD = "2008-2010"


@cache
def panel() -> attraktiv.Panel:
    from attraktiv.datasets import load_example

    return load_example()


def hierarchy() -> attraktiv.Hierarchy:
    return panel().hierarchy


@cache
def norway() -> attraktiv.Panel:
    # The real panel: its residual variance falls with population, so the index's
    # standard errors (and everything built on them) exist.
    from attraktiv.datasets import load_norway

    return load_norway()


@cache
def simulated() -> attraktiv.Panel:
    from attraktiv.datasets import simulate_panel

    return simulate_panel(60, rng=3)


@cache
def gross_panel() -> attraktiv.Panel:
    # The example with gross flows whose difference is its net migration.
    data = panel().data
    inflow = data["net_migration"].abs() + 100.0
    return attraktiv.Panel(
        data.assign(in_migration=inflow, out_migration=inflow - data["net_migration"]),
        hierarchy(),
    )


@cache
def result() -> attraktiv.AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(norway(), PERIOD)


@cache
def long_term() -> attraktiv.LongTermResult:
    return attraktiv.AttractivenessModel().long_term(panel(), 2013, count=2)


@cache
def drivers() -> attraktiv.DriverResult:
    return attraktiv.DriverAnalysis(["job_growth", "size"]).fit(panel(), PERIOD)


@cache
def ols_result() -> attraktiv.OLSResult:
    return attraktiv.ols(Y, XZ, names=["x", "z"])


@cache
def ols_many_result() -> attraktiv.OLSManyResult:
    many = attraktiv.ols_many(np.column_stack([Y, Y + X]), XZ, names=["x", "z"])
    assert isinstance(many, attraktiv.OLSManyResult)
    return many


def index_values() -> pd.Series:
    return result().to_frame()["attractiveness"]


def std_error_values() -> pd.Series:
    return result().std_errors()["std_error"]


@cache
def example_weights() -> Any:
    from attraktiv import spatial

    return spatial.hierarchy_weights("municipality", hierarchy())


@cache
def weights() -> Any:
    from attraktiv import spatial

    return spatial.hierarchy_weights("municipality", norway().hierarchy)


@cache
def lisa() -> Any:
    from attraktiv import spatial

    return spatial.local_morans(index_values(), weights(), permutations=99, rng=1)


@cache
def change_table() -> attraktiv.ChangeTable:
    from attraktiv.datasets import load_change_table

    return load_change_table()


@cache
def counts() -> attraktiv.PeriodCounts:
    return panel().counts(PERIOD, "municipality")


@cache
def map_layer() -> Any:
    from attraktiv import plot

    return plot.norway_layer("county")


def county_halves() -> dict[str, str]:
    """The counties of the map in two parents, for dissolve."""
    return {code: "N" if code >= "15" else "S" for code in map_layer().codes}


def county_values() -> pd.Series:
    layer = map_layer()
    return pd.Series(np.arange(len(layer.codes), dtype=float), index=list(layer.codes))


@cache
def formula_spec() -> Any:
    from attraktiv import regression

    return regression.formula_arrays("y ~ x + z", FRAME).spec


def panel_file(tmp: Path) -> Path:
    hierarchy().to_frame().to_csv(tmp / "hierarchy.csv", index=False)
    panel().data.to_csv(tmp / "panel.csv", index=False)
    return tmp / "panel.csv"


def statbank_file(tmp: Path) -> Path:
    path = tmp / "statbank.csv"
    path.write_text(
        '"region"\t"Persons 2010"\t"Persons 2011"\n'
        '"0301 Oslo"\t586860\t599230\n"1103 Stavanger"\t121610\t124940\n',
        encoding="utf-8",
    )
    return path


def jsonstat_text() -> str:
    return (
        '{"version": "2.0", "class": "dataset", "id": ["Region", "Tid"],'
        ' "size": [1, 2], "dimension": {"Region": {"category": {"index":'
        ' {"0301": 0}, "label": {"0301": "Oslo"}}}, "Tid": {"category":'
        ' {"index": {"2010": 0, "2011": 1}}}}, "value": [1.0, 2.0]}'
    )


# --- the registry ------------------------------------------------------------------

Builder = Callable[[Path], tuple[Callable[..., Any], dict[str, Any]]]


@dataclass(frozen=True)
class Entry:
    """A valid call of one public callable and what the walk may accept.

    ``build(tmp)`` returns the callable and a valid keyword set. ``allow`` maps a
    parameter to the hostile kinds that are legitimate values of it (the reason is
    the comment beside the entry). ``roles`` maps a parameter to other words that
    name it in a message (the role the docs give a positional argument).
    ``skip`` lists parameters the walk leaves alone, with the reason beside them.
    """

    build: Builder
    allow: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    skip: tuple[str, ...] = ()


def call(target: Callable[..., Any], /, **kwargs: Any) -> Builder:
    """An entry's builder from a callable and its valid keywords."""

    def build(tmp: Path) -> tuple[Callable[..., Any], dict[str, Any]]:
        return target, {
            k: (v() if isinstance(v, _Lazy) else v) for k, v in kwargs.items()
        }

    return build


@dataclass(frozen=True)
class _Lazy:
    make: Callable[[], Any]

    def __call__(self) -> Any:
        return self.make()


def lazy(make: Callable[[], Any]) -> Any:
    """A valid value built only when the case runs (fits are cached)."""
    return _Lazy(make)


def method(owner: Callable[[], Any], name: str, /, **kwargs: Any) -> Builder:
    """An entry's builder for the bound method ``name`` of ``owner()``."""

    def build(tmp: Path) -> tuple[Callable[..., Any], dict[str, Any]]:
        return getattr(owner(), name), {
            k: (v() if isinstance(v, _Lazy) else v) for k, v in kwargs.items()
        }

    return build


def with_tmp(
    make: Callable[[Path], tuple[Callable[..., Any], dict[str, Any]]],
) -> Builder:
    return make


#: Public names that are not callables the walk can call, with the reason.
NOT_WALKED: dict[str, str] = {
    # Results are built by the library's fit methods from private fields; their
    # public methods are walked on a fitted instance instead.
    "AttractivenessResult": "built by AttractivenessModel.fit",
    "LongTermResult": "built by AttractivenessModel.long_term",
    "DriverResult": "built by DriverAnalysis.fit",
    "OLSResult": "built by ols",
    "OLSManyResult": "built by ols_many",
    "LazyOLSManyResult": "built by ols_many on Dask arrays (test_dask)",
    "LazyOLSManyResult.compute": "keywords go to Dask (tests/regression/test_dask)",
    "PeriodCounts": "built by Panel.counts",
    "MoransIResult": "built by morans_i",
    "LocalMoransResult": "built by local_morans",
    "Summary": "built by OLSResult.summary",
    "Report": "built by write_report",
    "FormulaArrays": "built by formula_arrays",
    "FormulaSpec": "built by formula_arrays",
    "VarianceFunction": "built by residual_variance_function",
    "MapLayer": "built by read_topojson and norway_layer",
    "BundledMap": "built by bundled_map, a record of its answer",
    "Topology": "built by Topology.read",
    "Contiguity": "built by layer_contiguity and topology_contiguity",
    "FayHerriotResult": "built by fay_herriot",
    "BuiltinFactor": "the built-in factors are made once, in attraktiv.factors",
    # Live network calls of the StatBank client (tests/io/test_io_client uses a
    # loopback server); its constructor and offline methods are walked.
    "StatBankClient.fetch": "a network call",
    "StatBankClient.fetch_json": "a network call",
    "StatBankClient.metadata": "a network call",
    # Deprecated shims: they forward every argument to a walked method.
    "result_rank_intervals": "forwards to AttractivenessResult.rank_intervals",
    "result_top_set": "forwards to AttractivenessResult.top_set",
    # Called without arguments and reading nothing from the user.
    "require_matplotlib": "takes no argument",
}


def _load_topology() -> Any:
    from attraktiv.datasets import norway_map

    return norway_map()


REGISTRY: dict[str, Entry] = {}

#: Roles the docs give an argument, as the messages name it.
_PERIOD = {"value": ("period",)}
_FACTOR_NAME = {"name": ("factor",)}
_COLUMNS = {"unit_column": ("unit column",), "year_column": ("year column",)}


def _register(name: str, build: Builder, **options: Any) -> None:
    assert name not in REGISTRY, name
    REGISTRY[name] = Entry(build, **options)


def _registry() -> None:
    from attraktiv import (
        attractiveness,
        cli,
        datasets,
        factors,
        geography,
        plot,
        regression,
        report,
        spatial,
        tables,
        uncertainty,
    )
    from attraktiv import (
        drivers as drv,
    )
    from attraktiv import (
        io as aio,
    )
    from attraktiv import (
        panel as pnl,
    )
    from attraktiv.geography import changes as _changes  # noqa: F401 -- loaded
    from attraktiv.regression import covariance as cov
    from attraktiv.regression import formula as fml
    from attraktiv.regression import results

    r = _register
    # periods
    r("Period", call(attraktiv.Period, first=2008, last=2010))
    # The docs call the one argument "a period"; the messages say what they read.
    r("Period.parse", call(attraktiv.Period.parse, value=PERIOD), roles=_PERIOD)
    r("as_period", call(attraktiv.as_period, value=PERIOD), roles=_PERIOD)
    r("long_term_periods", call(attraktiv.long_term_periods, last_end=2013))
    r("rolling_periods", call(attraktiv.rolling_periods, first_end=2010, last_end=2013))
    # regression
    r("ols", call(attraktiv.ols, y=Y, X=XZ), roles={"X": ("X",)})
    r("ols_many", call(attraktiv.ols_many, Y=np.column_stack([Y, Y]), X=XZ))
    r("ols_formula", call(attraktiv.ols_formula, formula="y ~ x + z", data=FRAME))
    r(
        "design_from_formula",
        call(regression.design_from_formula, formula="y ~ x", data=FRAME),
    )
    r("formula_arrays", call(regression.formula_arrays, formula="y ~ x", data=FRAME))
    r("plain_spec", call(fml.plain_spec, formula="y ~ x"))
    r(
        "plain_arrays",
        call(fml.plain_arrays, spec=lazy(formula_spec), columns=dict(FRAME.items())),
        # Mappings without the formula's columns: None, as documented (the caller
        # then takes formula_arrays, whose errors name the column).
        allow={"columns": ("dict", "frame")},
    )
    r(
        "fit_arrays",
        call(
            regression.fit_arrays,
            y=Y[:, None],
            x=np.column_stack([np.ones(20), X]),
            names=["Intercept", "x"],
            outcomes=["y"],
            row_labels=pd.RangeIndex(20),
        ),
    )
    r(
        "residual_values",
        call(results.residual_values, result=lazy(ols_many_result)),
    )
    r("lmg", call(regression.lmg, x=XZ, y=Y))
    r("vif", call(regression.vif, x=XZ))
    r("subset_rsquared", call(regression.subset_rsquared, x=XZ, y=Y))
    r(
        "shapley_shares",
        call(regression.shapley_shares, r2=np.array([[0.0], [0.3], [0.2], [0.4]])),
    )
    r(
        "covariance",
        call(cov.covariance, fit=lazy(lambda: ols_result()._fit), cov_type="HC1"),
    )
    r(
        "std_errors",
        call(cov.std_errors, fit=lazy(lambda: ols_result()._fit), cov_type="HC1"),
    )
    r("OLSResult.conf_int", method(ols_result, "conf_int"))
    r("OLSResult.to_frame", method(ols_result, "to_frame"))
    r("OLSResult.standardized", method(ols_result, "standardized"))
    r("OLSResult.summary", method(ols_result, "summary"))
    r("OLSResult.predict", method(ols_result, "predict", data=FRAME[["x", "z"]]))
    r("OLSManyResult.to_frame", method(ols_many_result, "to_frame"))
    r("OLSManyResult.conf_int", method(ols_many_result, "conf_int"))
    r("OLSManyResult.column", method(ols_many_result, "column", outcome=0))
    r("FormulaSpec.design", method(formula_spec, "design", data=FRAME))
    # attractiveness
    r("AttractivenessModel", call(attraktiv.AttractivenessModel))
    r(
        "AttractivenessModel.fit",
        method(attraktiv.AttractivenessModel, "fit", panel=lazy(panel), period=PERIOD),
    )
    r(
        "AttractivenessModel.fit_table",
        method(
            attraktiv.AttractivenessModel,
            "fit_table",
            table=lazy(lambda: attraktiv.period_table(panel(), PERIOD)),
            period=PERIOD,
            level="municipality",
        ),
    )
    r(
        "AttractivenessModel.long_term",
        method(attraktiv.AttractivenessModel, "long_term", panel=lazy(panel), count=2),
    )
    r("barometer", call(attraktiv.barometer, panel=lazy(panel), periods=[PERIOD]))
    r(
        "gross_migration",
        call(attractiveness.gross_migration, panel=lazy(gross_panel), period=PERIOD),
    )
    r("index_std_errors", call(attractiveness.index_std_errors, result=lazy(result)))
    r(
        "residual_variance_function",
        call(attractiveness.residual_variance_function, result=lazy(result)),
    )
    r(
        "VarianceFunction.sampling_variance",
        method(
            lambda: attractiveness.residual_variance_function(result()),
            "sampling_variance",
            population=np.array([1000.0, 5000.0]),
        ),
    )
    r(
        "AttractivenessResult.predict",
        method(
            result,
            "predict",
            data=lazy(lambda: attraktiv.period_table(panel(), PERIOD)),
        ),
    )
    for name in ("to_frame", "conf_int", "ranking", "top", "bottom", "groups"):
        r(f"AttractivenessResult.{name}", method(result, name))
        if name not in ("to_frame", "conf_int"):
            r(f"LongTermResult.{name}", method(long_term, name))
    r("AttractivenessResult.std_errors", method(result, "std_errors"))
    r(
        "AttractivenessResult.rank_intervals",
        method(result, "rank_intervals", draws=100, rng=1),
    )
    r(
        "AttractivenessResult.top_set",
        method(result, "top_set", tau=3, draws=100, rng=1),
    )
    r("AttractivenessResult.shrunk", method(result, "shrunk"))
    # uncertainty
    est = lazy(index_values)
    se = lazy(std_error_values)
    r(
        "rank_intervals",
        call(
            uncertainty.rank_intervals, estimates=est, std_errors=se, draws=100, rng=1
        ),
    )
    r(
        "top_set",
        call(
            uncertainty.top_set, estimates=est, std_errors=se, tau=3, draws=100, rng=1
        ),
    )
    r("shrink", call(uncertainty.shrink, estimates=est, std_errors=se))
    r("fay_herriot", call(uncertainty.fay_herriot, estimates=est, std_errors=se))
    r(
        "FayHerriotResult.to_frame",
        method(
            lambda: uncertainty.fay_herriot(index_values(), std_error_values()),
            "to_frame",
        ),
    )
    r("shrunk_ranking", call(uncertainty.shrunk_ranking, estimates=est, std_errors=se))
    # spatial
    r("hierarchy_weights", call(spatial.hierarchy_weights, hierarchy=lazy(hierarchy)))
    r(
        "contiguity_weights",
        call(spatial.contiguity_weights, level="county"),
        # A property's name, which only a topology of one's own reads.
        allow={"code_property": ("municipality",)},
    )
    r(
        "morans_i",
        call(
            spatial.morans_i, values=est, weights=lazy(weights), permutations=99, rng=1
        ),
    )
    r(
        "local_morans",
        call(
            spatial.local_morans,
            values=est,
            weights=lazy(weights),
            permutations=99,
            rng=1,
        ),
    )
    r(
        "clustering_by_period",
        call(
            spatial.clustering_by_period,
            panel=lazy(panel),
            weights=lazy(example_weights),
            periods=[attraktiv.Period(2008, 2010)],
            permutations=99,
            rng=1,
        ),
    )
    r(
        "SpatialWeights",
        call(
            spatial.SpatialWeights,
            codes=lazy(lambda: weights().codes),
            matrix=lazy(lambda: weights().matrix),
        ),
    )
    r("SpatialWeights.neighbours", method(weights, "neighbours", code="0104"))
    r("SpatialWeights.row_standardized", method(weights, "row_standardized"))
    r(
        "SpatialWeights.subset",
        method(weights, "subset", codes=["0104", "0135"]),
        # The weights among no units: empty, as asked (the statistics then refuse
        # too few units by name).
        allow={"codes": ("empty-list",)},
    )
    r("SpatialWeights.to_frame", method(weights, "to_frame"))
    r("LocalMoransResult.clusters", method(lisa, "clusters"))
    r("LocalMoransResult.to_frame", method(lisa, "to_frame"))
    # geography
    r(
        "Hierarchy",
        call(attraktiv.Hierarchy, frame=lazy(lambda: hierarchy().to_frame())),
    )
    r(
        "Hierarchy.from_csv",
        with_tmp(
            lambda t: (
                attraktiv.Hierarchy.from_csv,
                {"path": (panel_file(t), t / "hierarchy.csv")[1]},
            )
        ),
        roles={"path": ("file", "source")},  # the CSV reader's words for it
    )
    r("Hierarchy.units", method(hierarchy, "units", level="region"))
    r("Hierarchy.names", method(hierarchy, "names", level="region"))
    r("Hierarchy.to_frame", method(hierarchy, "to_frame"))
    r(
        "Hierarchy.parent",
        method(hierarchy, "parent", code="0104", level="municipality"),
    )
    r(
        "Hierarchy.mapping",
        method(hierarchy, "mapping", from_level="municipality", to_level="county"),
    )
    r(
        "Hierarchy.members",
        method(
            hierarchy,
            "members",
            code=lazy(lambda: hierarchy().units("county")[0]),
            level="county",
        ),
    )
    r("Hierarchy.ancestor_groups", method(hierarchy, "ancestor_groups", level="region"))
    r(
        "Hierarchy.neighbour_totals",
        method(
            hierarchy, "neighbour_totals", values=np.ones((18, 1)), level="municipality"
        ),
    )
    r(
        "Hierarchy.neighbours",
        method(hierarchy, "neighbours", code="0104", level="municipality"),
    )
    r(
        "Hierarchy.aggregate",
        method(
            hierarchy,
            "aggregate",
            frame=lazy(lambda: panel().data),
            to_level="county",
        ),
        # by=[]: no grouping but the unit, for a frame of one row per unit.
        allow={"by": ("empty-list",)},
    )
    r(
        "Hierarchy.parent_totals",
        method(
            hierarchy,
            "parent_totals",
            values=lazy(
                lambda: pd.Series(1.0, index=hierarchy().units("municipality"))
            ),
            level="municipality",
        ),
    )
    r(
        "ChangeTable",
        call(attraktiv.ChangeTable, frame=lazy(lambda: change_table().frame)),
    )
    r(
        "ChangeTable.from_frame",
        call(
            attraktiv.ChangeTable.from_frame,
            frame=pd.DataFrame(
                {
                    "original": ["0101"],
                    "year": [2020],
                    "target": ["3001"],
                    "weight": [1.0],
                }
            ),
        ),
    )
    r(
        "ChangeTable.from_csdata",
        call(
            attraktiv.ChangeTable.from_csdata,
            path_or_frame=pd.DataFrame(
                {
                    "location_code_current": ["municip_nor4204"],
                    "location_code_original": ["municip_nor1001"],
                    "calyear": ["2017.0"],
                    "weighting": ["1.0"],
                    "granularity_geo": ["municip"],
                }
            ),
        ),
    )
    r("ChangeTable.targets", method(change_table, "targets", code="0101", year=1940))
    r(
        "rebase",
        call(
            attraktiv.rebase,
            data=pd.DataFrame({"code": ["0101"], "year": [2019], "jobs": [10.0]}),
            changes=lazy(change_table),
        ),
    )
    r(
        "read_code_csv",
        with_tmp(
            lambda t: (
                geography.read_code_csv,
                {"source": stdio.StringIO("code,name\n0301,Oslo\n")},
            )
        ),
        roles={"source": ("file",)},  # "no file at 'municipality'"
    )
    # panel
    r(
        "Panel",
        call(
            attraktiv.Panel, data=lazy(lambda: panel().data), hierarchy=lazy(hierarchy)
        ),
        roles=_COLUMNS,
        # components=[]: no flow components, as documented ("pass () to ignore
        # them"); metadata is any mapping, {"a": 1} among them.
        allow={"components": ("empty-list",), "metadata": ("dict",)},
    )
    r("Panel.units", method(panel, "units", level="region"))
    r("Panel.aggregate", method(panel, "aggregate", level="region"))
    r(
        "Panel.resolve_level",
        method(panel, "resolve_level", level="region"),
        allow={"level": ("none",)},  # None: the lowest level, as documented
    )
    r("Panel.flows_known", method(panel, "flows_known", period=PERIOD))
    r("Panel.flow_years", method(panel, "flow_years"))
    r("Panel.period_counts", method(panel, "period_counts", period=PERIOD))
    r("Panel.counts", method(panel, "counts", period=PERIOD))
    # A length of 10**12 years: no period of the panel is that long, so none (the
    # correct answer; latest_period, which needs one, refuses it by name).
    r(
        "Panel.periods_available",
        method(panel, "periods_available"),
        allow={"length": ("huge",)},
    )
    r(
        "Panel.periods_and_gaps",
        method(panel, "periods_and_gaps"),
        allow={"length": ("huge",)},
    )
    r("Panel.latest_period", method(panel, "latest_period"))
    r("Panel.left_out", method(panel, "left_out", period=PERIOD))
    r("Panel.missing_note", method(panel, "missing_note", period=PERIOD))
    for name in ("start", "end", "before", "total"):
        r(f"PeriodCounts.{name}", method(counts, name, column="jobs"))
    r("PeriodCounts.at", method(counts, "at", column="jobs", year=2009))
    r(
        "PeriodCounts.neighbour_totals",
        method(counts, "neighbour_totals", values=np.ones((18, 1))),
    )
    r(
        "gap_text",
        call(
            pnl.gap_text, period=attraktiv.Period(2008, 2010), column="jobs", year=2009
        ),
        allow={"column": ("municipality",)},  # a column's name: any line of text
    )
    r(
        "require_panel",
        call(pnl.require_panel, value=lazy(panel), needs="a panel"),
        roles={"value": ("panel",)},
        # The message's words: any line of text.
        allow={"needs": ("municipality",), "alternative": ("municipality",)},
    )
    # factors and tables
    column_factor = lazy(
        lambda: attraktiv.ColumnFactor("jobs_start", "jobs", "jobs at the start")
    )
    r(
        "ColumnFactor",
        call(
            attraktiv.ColumnFactor, name="jobs_start", column="jobs", description="jobs"
        ),
        # Any line of text names a factor or a column, or describes it; whether the
        # column is in a panel is checked when the factor is computed from one.
        allow={
            "name": ("municipality",),
            "column": ("municipality",),
            "description": ("municipality",),
        },
    )
    r(
        "ColumnFactor.compute",
        method(
            lambda: attraktiv.ColumnFactor("jobs_start", "jobs", "jobs"),
            "compute",
            panel=lazy(panel),
            period=attraktiv.Period(2008, 2010),
            level="municipality",
        ),
        allow={"level": ("none",)},  # None: the panel's lowest level, as documented
    )
    builtin = lambda: attraktiv.get_factor("job_growth")  # noqa: E731
    for name in ("require", "compute"):
        r(
            f"BuiltinFactor.{name}",
            method(
                builtin,
                name,
                panel=lazy(panel),
                period=attraktiv.Period(2008, 2010),
                level="municipality",
            ),
            # compute: None is the panel's lowest level, as documented (as for
            # ColumnFactor and ContiguousJobGrowth); require takes a level only.
            allow={"level": ("none",)} if name == "compute" else {},
        )
    r(
        "BuiltinFactor.defined_at",
        method(builtin, "defined_at", panel=lazy(panel), level="municipality"),
    )
    r("BuiltinFactor.values", method(builtin, "values", counts=lazy(counts)))
    r(
        "FactorRegistry",
        call(attraktiv.FactorRegistry, factors=[]),
        allow={"factors": ("empty-list",)},  # an empty registry, to fill by hand
    )
    r("FactorRegistry.names", method(attraktiv.FactorRegistry, "names"))
    r(
        "FactorRegistry.register",
        method(
            attraktiv.FactorRegistry, "register", factor=column_factor, replace=True
        ),
        allow={"published": ("empty-list",)},  # no published table, as False
    )
    r(
        "FactorRegistry.unregister",
        method(attraktiv.FactorRegistry, "unregister", name="size"),
        roles=_FACTOR_NAME,
    )
    r(
        "FactorRegistry.get",
        method(attraktiv.FactorRegistry, "get", name="size"),
        roles=_FACTOR_NAME,
    )
    r(
        "FactorRegistry.resolve",
        method(attraktiv.FactorRegistry, "resolve", factor="size"),
    )
    r("FactorRegistry.copy", method(attraktiv.FactorRegistry, "copy"))
    r(
        "FactorRegistry.published",
        method(attraktiv.FactorRegistry, "published", table="lowest"),
    )
    r(
        "BuiltinFactor.counts",
        method(
            builtin,
            "counts",
            panel=lazy(panel),
            period=attraktiv.Period(2008, 2010),
            level="municipality",
        ),
    )
    r("aggregation_of", call(factors.aggregation_of, factor=lazy(builtin)))
    r("input_aggregation", call(factors.input_aggregation, factor=lazy(builtin)))
    r(
        "defined_at",
        call(
            factors.defined_at,
            factor=lazy(builtin),
            panel=lazy(panel),
            level="municipality",
        ),
    )
    r(
        "formula_factors",
        call(
            factors.formula_factors,
            formula="net_migration ~ job_growth + size",
            panel=lazy(panel),
            level="municipality",
        ),
    )
    r("index_factor", call(factors.index_factor))
    r("available_factors", call(attraktiv.available_factors))
    r("get_factor", call(attraktiv.get_factor, name="size"), roles=_FACTOR_NAME)
    r(
        "register_factor",
        call(
            attraktiv.register_factor,
            factor=lazy(lambda: attraktiv.get_factor("size")),
            replace=True,
        ),
        allow={"published": ("empty-list",)},  # no published table, as False
    )
    r("check_factor", call(factors.check_factor, factor=lazy(builtin)))
    r(
        "compute_factor",
        call(
            factors.compute_factor,
            factor=lazy(builtin),
            panel=lazy(panel),
            period=attraktiv.Period(2008, 2010),
            level="municipality",
        ),
    )
    r(
        "factor_values",
        call(factors.factor_values, factor="size", panel=lazy(panel), period=PERIOD),
    )
    r(
        "factors_known",
        call(factors.factors_known, panel=lazy(panel), factors=["size"], period=PERIOD),
        allow={"factors": ("empty-list",)},  # no factor asked: none kept, none dropped
    )
    r("published_factors", call(factors.published_factors, panel=lazy(panel)))
    r(
        "require_finite",
        call(
            factors.require_finite,
            values=pd.Series([1.0, 2.0]),
            name="size",
            level="municipality",
            period=attraktiv.Period(2008, 2010),
        ),
        allow={"name": ("municipality",)},  # a factor's name: any line of text
    )
    r(
        "usable_factors",
        call(factors.usable_factors, panel=lazy(panel), factors=["size"]),
        allow={"factors": ("empty-list",)},  # no factor asked: none kept, none dropped
    )
    # factors=[] is documented: the barometer's own columns only.
    r(
        "period_table",
        call(attraktiv.period_table, panel=lazy(panel), period=PERIOD),
        allow={"factors": ("empty-list",)},
    )
    r(
        "period_columns",
        call(tables.period_columns, panel=lazy(panel), period=PERIOD),
        allow={"factors": ("empty-list",)},
    )
    r("column_of", call(tables.column_of, factor=lazy(builtin)))
    # drivers
    r(
        "DriverAnalysis",
        call(attraktiv.DriverAnalysis, factors=["size"]),
        # A flow's name: the panel fitted says which flows it has.
        allow={"outcome": ("municipality",)},
    )
    r(
        "DriverAnalysis.fit",
        method(
            lambda: attraktiv.DriverAnalysis(["job_growth", "size"]),
            "fit",
            panel=lazy(panel),
            periods=[PERIOD],
        ),
    )
    r(
        "DriverAnalysis.fit_table",
        method(
            lambda: attraktiv.DriverAnalysis(["job_growth", "size"]),
            "fit_table",
            table=lazy(
                lambda: attraktiv.period_table(
                    panel(), PERIOD, factors=["job_growth", "size"]
                ).rename(columns={"log_population": "size"})
            ),
            period=PERIOD,
        ),
    )
    r("DriverResult.data", method(drivers, "data", period=PERIOD))
    r("DriverResult.to_frame", method(drivers, "to_frame"))
    r("DriverResult.conf_int", method(drivers, "conf_int"))
    r("DriverResult.table", method(drivers, "table"))
    r("DriverResult.vif", method(drivers, "vif"))
    r("DriverResult.relative_importance", method(drivers, "relative_importance"))
    r(
        "published_tables",
        call(attraktiv.published_tables, panel=lazy(simulated), periods=[PERIOD]),
    )
    r(
        "cell_class",
        call(drv.cell_class, beta=0.5, pvalue=0.01),
        # Any beta classes by its sign; NaN is a missing value, "not estimated".
        allow={"beta": ("int", "huge", "nan"), "pvalue": ("nan",)},
    )
    r("significance_class", call(drv.significance_class, pvalues=[0.01, 0.2]))
    # datasets
    r("load_example", call(datasets.load_example))
    r("load_norway", call(datasets.load_norway))
    r("load_change_table", call(datasets.load_change_table))
    r("norway_hierarchy", call(datasets.norway_hierarchy))
    r("norway_map", call(datasets.norway_map))
    # Europe (issue 22): loaders without arguments, the projection, the factor.
    for loader in (
        "load_europe",
        "europe_hierarchy",
        "europe_layer",
        "europe_map",
        "europe_regions",
        "europe_registry",
    ):
        r(loader, call(getattr(datasets, loader)))
    r("ContiguousJobGrowth", call(datasets.ContiguousJobGrowth))
    r("bundled_map", call(datasets.bundled_map, level="county"))
    r("europe_level_layer", call(datasets.europe_level_layer, level="country"))
    r(
        "ContiguousJobGrowth.compute",
        method(
            datasets.ContiguousJobGrowth,
            "compute",
            panel=lazy(datasets.load_europe),
            period=attraktiv.Period(2014, 2016),
            level="nuts3",
        ),
        allow={"level": ("none",)},  # None: the panel's lowest level, nuts3
    )
    r(
        "lambert_europe",
        call(attraktiv.geography.lambert_europe, longitude=[10.0], latitude=[52.0]),
    )
    r(
        "simulate_panel",
        call(datasets.simulate_panel, n_units=20, years=range(2004, 2010), rng=1),
        allow={"noise_sd": ("int",)},  # 7 percentage points: a valid noise
    )
    r(
        "write_template",
        with_tmp(lambda t: (datasets.write_template, {"folder": t / "tpl"})),
        allow={"folder": ("municipality",)},  # a folder of that name: a valid path
    )
    # io
    r("default_cache_dir", call(aio.default_cache_dir))
    r(
        "read_hierarchy_csv",
        with_tmp(
            lambda t: (
                aio.read_hierarchy_csv,
                {"source": (panel_file(t), t / "hierarchy.csv")[1]},
            )
        ),
    )
    r(
        "read_panel_csv",
        with_tmp(
            lambda t: (
                aio.read_panel_csv,
                {"path": panel_file(t), "hierarchy": t / "hierarchy.csv"},
            )
        ),
        allow={"components": ("empty-list",)},  # no flow components, as None
    )
    r(
        "read_statbank",
        with_tmp(lambda t: (aio.read_statbank, {"source": statbank_file(t)})),
    )
    r("read_jsonstat", call(aio.read_jsonstat, source=jsonstat_text()))
    r(
        "read_eurostat",
        call(
            aio.read_eurostat,
            source=Path(__file__).parent
            / "data"
            / "europe"
            / "demo_r_gind3_excerpt.tsv",
        ),
        roles={"source": ("path", "input", "file")},  # how its messages name it
    )
    r(
        "to_borders",
        call(
            aio.to_borders,
            frame=pd.DataFrame({"code": ["0301"], "year": [2010], "value": [1.0]}),
            borders=2024,
        ),
        allow={"where": ("municipality",)},  # the data's name in messages: any text
    )
    client = lambda: aio.StatBankClient(  # noqa: E731
        "http://127.0.0.1:9/api/", use_cache=False, max_retries=0
    )
    r(
        "StatBankClient",
        with_tmp(
            lambda t: (
                aio.StatBankClient,
                {"base_url": "http://127.0.0.1:9/api/", "cache_dir": t / "cache"},
            )
        ),
        allow={
            "cache_dir": ("municipality",),  # a folder of that name: a valid path
            # 7 seconds: whole numbers are valid times
            **dict.fromkeys(("timeout", "min_interval", "max_wait"), ("int",)),
        },
    )
    r("StatBankClient.url", method(client, "url", table="07459"))
    r(
        "StatBankClient.query",
        call(aio.StatBankClient.query, selection={"Region": ["0301"]}),
    )
    # report and command
    r(
        "write_report",
        with_tmp(
            lambda t: (
                report.write_report,
                {"out": t / "report", "panel": panel(), "draws": 100, "rng": 1},
            )
        ),
        allow={
            "out": ("municipality",),  # a folder of that name: a valid path
            "factors": ("empty-list",),  # none beyond the published, as the default ()
        },
    )
    r(
        "main",
        call(cli.main, argv=["--version"], out=lazy(stdio.StringIO)),
        allow={"argv": ("empty-list",)},  # no arguments: the usage, as from a shell
    )
    # plot
    r("beta_table", call(plot.beta_table, driver_result=lazy(drivers)))
    # A figure's text is any text: "" shows none (None keeps the default).
    shown_text = ("empty-text", "municipality")
    label_units = {"label_units": ("empty-list",)}  # none named, as by default
    r(
        "choropleth",
        call(plot.choropleth, values=lazy(county_values), map_layer=lazy(map_layer)),
        allow={"title": shown_text, "credit": shown_text},
    )
    r(
        "choropleth_pair",
        call(
            plot.choropleth_pair,
            first=lazy(county_values),
            second=lazy(county_values),
            map_layer=lazy(map_layer),
        ),
        allow={"credit": shown_text},
    )
    r(
        "format_number",
        call(plot.format_number, value=1.234, decimals=2),
        allow={"value": ("int", "huge")},  # "7.00" and "1000000000000.00"
    )
    r(
        "index_illustration",
        call(plot.index_illustration, result=lazy(result), unit="0301"),
    )
    r("job_growth_bars", call(plot.job_growth_bars, result=lazy(result), n=5))
    r(
        "lisa_map",
        call(plot.lisa_map, lisa=lazy(lisa)),
        allow={"title": shown_text, "credit": shown_text},
    )
    r("long_term_bars", call(plot.long_term_bars, long_term=lazy(long_term), n=5))
    r(
        "moran_scatter",
        call(plot.moran_scatter, lisa=lazy(lisa)),
        allow={"title": shown_text, **label_units},
    )
    r(
        "national_series",
        call(plot.national_series, panel=lazy(panel)),
        allow={"title": shown_text},
    )
    r("norway_layer", call(plot.norway_layer, level="county"))
    r("oslo_area", call(plot.oslo_area))
    r(
        "outcome_text",
        call(plot.outcome_text, column="net_migration"),
        allow={"column": ("municipality",)},  # a column of one's own, in words
    )
    r("period_text", call(plot.period_text, label=PERIOD), roles={"label": ("period",)})
    r(
        "rank_caterpillar",
        call(
            plot.rank_caterpillar, result_or_frame=lazy(result), n=5, draws=100, rng=1
        ),
        allow={"title": shown_text},
    )
    r(
        "read_topojson",
        call(plot.read_topojson, source=lazy(_load_topology), object_name="fylke"),
        roles={"source": ("map",)},  # "the map is not a TopoJSON topology"
        allow={"name_property": ("none",)},  # documented: units named by code
    )
    r(
        "ring_area",
        call(
            plot.ring_area,
            ring=np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]),
        ),
    )
    r("scatter", call(plot.scatter, result=lazy(result)), allow=label_units)
    r(
        "shrinkage_plot",
        call(plot.shrinkage_plot, result=lazy(result)),
        allow=label_units,
    )
    r("styled_betas", call(plot.styled_betas, result=lazy(drivers)))
    r("top_bars", call(plot.top_bars, result=lazy(result), n=5))
    r(
        "unique_names",
        call(plot.unique_names, names=lazy(lambda: hierarchy().names("region"))),
    )
    r(
        "MapLayer.name_of",
        method(map_layer, "name_of", code=lazy(lambda: map_layer().codes[0])),
    )
    r("MapLayer.areas", method(map_layer, "areas"))
    # geography's maps and contiguity
    r("Topology.read", call(geography.Topology.read, source=lazy(_load_topology)))
    r(
        "Topology.layer",
        method(datasets.norway_topology, "layer", object_name="fylke"),
        allow={"name_property": ("none",)},  # documented: units named by code
    )
    r(
        "Topology.geometries",
        method(datasets.norway_topology, "geometries", object_name="fylke"),
    )
    r("norway_topology", call(datasets.norway_topology))
    r(
        "topology_contiguity",
        call(
            geography.topology_contiguity,
            topology=lazy(datasets.norway_topology),
            object_name="fylke",
        ),
    )
    r("layer_contiguity", call(geography.layer_contiguity, layer=lazy(map_layer)))
    r(
        "dissolve",
        call(
            geography.dissolve,
            layer=lazy(map_layer),
            parent_of=lazy(county_halves),
        ),
        allow={"name": ("municipality",)},  # a layer may be named so
    )
    contiguity = lambda: geography.layer_contiguity(map_layer())  # noqa: E731
    r("Contiguity.link_islands", method(contiguity, "link_islands"))
    r("Contiguity.neighbours", method(contiguity, "neighbours", code="03"))
    r(
        "read_geojson",
        call(
            geography.read_geojson,
            source={
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"id": "A1"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [
                                [[0.0, 60.0], [1.0, 60.0], [1.0, 61.0], [0.0, 60.0]]
                            ],
                        },
                    }
                ],
            },
            code_property="id",
        ),
        allow={"name": ("municipality",)},  # a layer may be named so
    )
    r("target_names", call(geography.changes.target_names))
    r(
        "as_periods",
        call(attraktiv.periods.as_periods, values=[PERIOD]),
        # The messages name the caller's argument, "periods" by default.
        roles={"values": ("periods",)},
        allow={"name": ("municipality",)},  # any one line names the argument
    )


_registry()


# --- what the walk covers ----------------------------------------------------------


def public_modules() -> Iterator[Any]:
    """``attraktiv`` and every public (sub)package or module below it."""
    yield attraktiv
    for info in pkgutil.walk_packages(attraktiv.__path__, "attraktiv."):
        parts = info.name.split(".")
        # attraktiv.core is the foundation the packages build on, "not part of the
        # stable API" (its docstring): its checks are what the walk exercises.
        if parts[1] != "core" and not any(part.startswith("_") for part in parts):
            yield importlib.import_module(info.name)


def _is_constant(value: object) -> bool:
    return not callable(value) or (
        isinstance(value, type) and issubclass(value, BaseException)
    )


def public_callables() -> dict[str, object]:
    """Every walkable public name: functions, classes, and classes' public methods."""
    found: dict[str, object] = {}
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if _is_constant(value) or _is_type_alias(value):
                continue
            key = name
            if key in found and found[key] is not value:
                key = f"{module.__name__}.{name}"
            found[key] = value
            if isinstance(value, type):
                # Methods the class inherits from the library's own mixins count
                # (the Panel's period methods live in a mixin of the panel package).
                members: dict[str, object] = {}
                for klass in reversed(value.__mro__):
                    if klass.__module__.startswith("attraktiv"):
                        members.update(vars(klass))
                for attr, member in members.items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(member, classmethod | staticmethod):
                        member = member.__func__
                    if inspect.isfunction(member):
                        found[f"{name}.{attr}"] = member
    return found


def _is_type_alias(value: object) -> bool:
    # Literal aliases, unions and generic aliases are types for annotations only;
    # so are the Protocols (Factor, DriverTable): check_factor and beta_table, which
    # read them, are walked.
    return type(value).__module__ in ("typing", "types") and not inspect.isroutine(
        value
    )


def test_registry_covers_every_public_name() -> None:
    names = set(public_callables())
    missing = sorted(names - set(REGISTRY) - set(NOT_WALKED))
    assert missing == [], (
        f"public callables without a valid call in REGISTRY: {missing}"
    )
    stale = sorted((set(REGISTRY) | set(NOT_WALKED)) - names)
    assert stale == [], f"registry entries that are no longer public: {stale}"


# --- the walk ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _default_registry_as_it_was() -> Iterator[None]:
    """The walk calls register_factor and friends on the default registry with
    hostile options (``published=[]`` is valid): every test leaves it as it found
    it, or later tests would see a built-in unpublished."""
    from attraktiv.factors import DEFAULT_REGISTRY

    factors = dict(DEFAULT_REGISTRY._factors)
    published = dict(DEFAULT_REGISTRY._published)
    yield
    DEFAULT_REGISTRY._factors.clear()
    DEFAULT_REGISTRY._factors.update(factors)
    DEFAULT_REGISTRY._published.clear()
    DEFAULT_REGISTRY._published.update(published)


def _parameters(name: str) -> list[inspect.Parameter]:
    target = public_callables()[name]
    if isinstance(target, type):
        signature = inspect.signature(target)
    else:
        signature = inspect.signature(target)  # type: ignore[arg-type]
    return [
        p
        for p in signature.parameters.values()
        if p.name not in ("self", "cls")
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        and not p.name.startswith("_")
        and p.name not in REGISTRY[name].skip
    ]


def _is_default(name: str, parameter: str, value: object) -> bool:
    for p in _parameters(name):
        if p.name == parameter and p.default is not p.empty:
            if p.default is value:
                return True
            # Only scalars compare: a frame compared with a tuple default warns.
            scalar = isinstance(value, str | bytes | int | float)
            return scalar and type(p.default) is type(value) and p.default == value
    return False


#: Words that name a parameter in a message besides its own name: a level option is
#: named by "level" (the messages say "unknown level …" for every one of them).
def _words(entry: Entry, parameter: str) -> tuple[str, ...]:
    words = (parameter, *entry.roles.get(parameter, ()))
    if parameter.endswith("level"):
        words += ("level",)
    return words


def _run(
    entry: Entry, parameter: str, kind: str, tmp: Path, refused: dict[str, str]
) -> str | None:
    """One hostile call; None when it behaves, else what went wrong.

    A refusal's error class is noted in ``refused`` under ``kind``.
    """
    if kind == "huge" and parameter in _AT_MOST:
        # Asking for 10**12 of 426 units labels every unit of a figure, which
        # takes minutes: the clamp to all units is the valid call of n=426.
        return None
    target, kwargs = entry.build(tmp)
    kwargs[parameter] = _hostile()[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AttraktivWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            target(**kwargs)
    except AttraktivError as err:
        refused[kind] = type(err).__name__
        if type(err) is AttraktivError:
            return f"{kind}: the base AttraktivError, not a specific subclass"
        message = str(err).lower()
        if not any(word.lower() in message for word in _words(entry, parameter)):
            return f"{kind}: the message does not name {parameter!r}: {err}"
        if len(str(err)) > 2_000:
            return f"{kind}: a message of {len(str(err)):,} characters"
        return None
    except Exception as err:
        return f"{kind}: raw {type(err).__name__}: {str(err)[:200]}"
    finally:
        _close_figures()
    if kind in entry.allow.get(parameter, ()) or kind in _allowed(target, parameter):
        return None
    return f"{kind}: accepted silently"


#: Counts where more than there are is a fair request: the top 10**12 units are
#: all of them.
_AT_MOST = frozenset({"n", "top", "bottom"})


def _allowed(target: Callable[..., Any], parameter: str) -> tuple[str, ...]:
    """Hostile kinds that are valid values of a parameter, by what it is."""
    try:
        annotation = str(inspect.signature(target).parameters[parameter].annotation)
    except (KeyError, TypeError, ValueError):
        annotation = ""
    allowed: tuple[str, ...] = ()
    if parameter.endswith("level") and "float" not in annotation:
        allowed += ("municipality",)  # a level's name
    if annotation.startswith("int") or parameter == "rng":
        allowed += ("int",)  # 7 is a whole number (a count, a year offset, a seed)
    if parameter in _AT_MOST or parameter == "rng":
        allowed += ("huge",)  # all units; any whole number seeds a generator
    return allowed


def _close_figures() -> None:
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_valid_call_succeeds(name: str, tmp_path: Path) -> None:
    # The walk's baseline: without it, every hostile case would fail for a reason
    # that has nothing to do with the hostile value.
    target, kwargs = REGISTRY[name].build(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttraktivWarning)
        target(**kwargs)
    _close_figures()


def _walk_cases() -> Iterator[Any]:
    for name in sorted(REGISTRY):
        for parameter in (p.name for p in _parameters(name)):
            marks = [pytest.mark.slow]
            reason = KNOWN.get((name, parameter))
            if reason is not None:
                marks.append(pytest.mark.xfail(reason=reason, strict=False))
            yield pytest.param(name, parameter, id=f"{name}-{parameter}", marks=marks)


#: Parameters where the walk still finds a raw exception, a silent acceptance or a
#: message that does not name the argument, which this round did not fix; each with
#: what the walk found (hostile kinds in brackets). Marked xfail (not strict): an
#: entry fixed later passes, and should then be deleted here.
KNOWN: dict[tuple[str, str], str] = {}

WALK_CASES = list(_walk_cases())


@pytest.mark.parametrize(("name", "parameter"), WALK_CASES)
def test_hostile_arguments_are_refused_by_name(
    name: str, parameter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A hostile text may be taken as a relative path ("municipality" as a folder
    # to write to): it must land in the test's folder, not the checkout.
    monkeypatch.chdir(tmp_path)
    entry = REGISTRY[name]
    problems = []
    refused: dict[str, str] = {}
    for number, kind in enumerate(HOSTILE_KINDS):
        if _is_default(name, parameter, _hostile()[kind]):
            continue  # the documented default: the valid call itself
        folder = tmp_path / str(number)
        folder.mkdir()
        problem = _run(entry, parameter, kind, folder, refused)
        if problem is not None:
            problems.append(problem)
    key = f"{name}|{parameter}"
    if os.environ.get("ATTRAKTIV_RECORD_WALK"):
        _record(key, refused)
    # The exact class of every refusal, as recorded and reviewed in the table.
    assert refused == _expected_classes().get(key, {})
    assert problems == []


#: The error class of every refusal the walk sees, by "callable|parameter" and
#: hostile kind: recorded with ATTRAKTIV_RECORD_WALK=1 and reviewed in the diff.
EXPECTED_CLASSES = Path(__file__).parent / "data" / "public_api_walk_errors.json"


@cache
def _expected_classes() -> dict[str, dict[str, str]]:
    if not EXPECTED_CLASSES.exists():
        return {}
    table: dict[str, dict[str, str]] = json.loads(
        EXPECTED_CLASSES.read_text(encoding="utf-8")
    )
    return table


def _record(key: str, refused: dict[str, str]) -> None:
    table = (
        json.loads(EXPECTED_CLASSES.read_text(encoding="utf-8"))
        if EXPECTED_CLASSES.exists()
        else {}
    )
    if refused:
        table[key] = refused
    else:
        table.pop(key, None)
    EXPECTED_CLASSES.write_text(
        json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
