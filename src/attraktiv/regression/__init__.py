"""The least-squares engine behind every estimate attraktiv reports.

:func:`ols` fits one outcome, :func:`ols_many` many outcomes sharing one design (the
fast path used by flows, bootstraps and many periods), :func:`ols_formula` builds the
design from a patsy formula, :func:`fit_arrays` fits arrays that are already checked
for shape and labelled (the path of library code that fits many tables). All of them
go through one validated kernel. Relative importance (:func:`subset_rsquared`,
:func:`shapley_shares`, :func:`lmg`) and variance inflation factors (:func:`vif`)
are computed by the same engine.
"""

from __future__ import annotations

from ._lazy import LazyOLSManyResult
from ._standardized import STANDARDIZED_METHODS, StandardizedMethod
from .formula import FormulaArrays, FormulaSpec, design_from_formula, formula_arrays
from .importance import lmg, shapley_shares, subset_rsquared, vif
from .model import fit_arrays, ols, ols_formula, ols_many
from .results import OLSManyResult, OLSResult, Summary

__all__ = [
    "STANDARDIZED_METHODS",
    "FormulaArrays",
    "FormulaSpec",
    "LazyOLSManyResult",
    "OLSManyResult",
    "OLSResult",
    "StandardizedMethod",
    "Summary",
    "design_from_formula",
    "fit_arrays",
    "formula_arrays",
    "lmg",
    "ols",
    "ols_formula",
    "ols_many",
    "shapley_shares",
    "subset_rsquared",
    "vif",
]
