"""The least-squares engine behind every estimate attraktiv reports.

:func:`ols` fits one outcome, :func:`ols_many` many outcomes sharing one design (the
fast path used by flows, bootstraps and many periods), :func:`ols_formula` builds the
design from a patsy formula. All three go through one validated kernel.
"""

from __future__ import annotations

from .model import design_from_formula, fit_arrays, ols, ols_formula, ols_many
from .results import OLSManyResult, OLSResult, Summary

__all__ = [
    "OLSManyResult",
    "OLSResult",
    "Summary",
    "design_from_formula",
    "fit_arrays",
    "ols",
    "ols_formula",
    "ols_many",
]
