"""Least squares of outcomes held in a Dask array, chunk by chunk.

:func:`attraktiv.ols_many` hands a Dask array of outcomes here. The design (small:
``n x p``) is checked and factorised in memory, at once, so that a rank-deficient
design or an observation with leverage 1 is refused when ``ols_many`` is called,
not at compute time. Each chunk of outcome columns is then fitted by the same
engine as in memory, as one task of the Dask graph (which factorises the design
again: ``n p^2`` work beside the chunk's ``n p k``, and no second implementation
of the solve), and the statistics are Dask arrays assembled from those tasks.
Dask is an optional dependency (the extra ``attraktiv[dask]``): it is imported only
when a Dask array is given or asked for, so ``import attraktiv`` never imports it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..core.dask import delayed, require_dask
from ..core.typing import CovType, FloatArray
from ..errors import DataError
from ._fitting import estimate_prepared, fit_prepared
from ._inputs import numeric_matrix, positions, row_labels, validated
from ._kernel import EXTENDED_LIMIT
from .formula import FormulaSpec
from .results import OLSManyResult

__all__ = ["LazyOLSManyResult", "ols_many_lazy"]


def _fit_chunk(
    block: FloatArray,
    template: Any,
    outcomes: tuple[str, ...],
    cov_type: CovType,
    formula_spec: FormulaSpec | None,
    refine: bool,
) -> OLSManyResult:
    """Fit one chunk of outcome columns as :func:`ols_many` fits all of them."""
    values = np.asarray(block, dtype=np.float64)
    prepared = template._replace(y=values, outcomes=outcomes)
    return fit_prepared(prepared, cov_type, formula_spec, refine=refine)


def _merge(parts: Sequence[OLSManyResult]) -> OLSManyResult:
    """One in-memory result from the results of consecutive outcome chunks.

    Everything that depends on the design alone (the factorisation, the bread) is
    the same in every chunk; what depends on the outcomes is joined column-wise.
    """
    first = parts[0]
    if len(parts) == 1:
        return first
    fits = [part._fit for part in parts]
    totals = [fit._sums_of_squares() for fit in fits]

    def joined(i: int) -> FloatArray:
        return np.concatenate([total[i] for total in totals])

    params = np.concatenate([fit.params for fit in fits], axis=1)
    params.flags.writeable = False
    # The merged fit keeps a copy of the outcomes (those of the chunks are
    # Dask's own arrays, freed after the merge, or views of the caller's), and
    # the residuals where a chunk kept its own. Chunks that keep none (very
    # many outcomes) are merged into a fit that keeps none either, and
    # recomputes them from its copy, which nothing else can change: no checksums.
    resid: FloatArray | None = None
    outcomes = np.concatenate([fit.outcomes_t.T for fit in fits], axis=1)
    if any(fit._resid is not None for fit in fits):
        resid = np.concatenate([fit.resid for fit in fits], axis=1)
        resid.flags.writeable = False
    merged = replace(
        fits[0],
        params=params,
        _resid=resid,
        _checksum=None,
        ssr=np.concatenate([fit.ssr for fit in fits]),
        projected=np.concatenate([fit.projected for fit in fits], axis=1),
        outcomes_t=outcomes.T,
        _totals=(joined(0), joined(1), joined(2)),
    )
    scales = [part._y_scale for part in parts]
    y_scale = None
    if any(scale is not None for scale in scales):
        y_scale = np.concatenate(
            [
                np.ones(len(part.outcomes)) if scale is None else scale
                for part, scale in zip(parts, scales, strict=True)
            ]
        )
    return replace(
        first,
        outcomes=tuple(name for part in parts for name in part.outcomes),
        _fit=merged,
        _y_scale=y_scale,
    )


def _statistic(part: OLSManyResult, name: str) -> FloatArray:
    """One labelled statistic of an in-memory fit, as its array."""
    values: FloatArray = getattr(part, name).to_numpy()
    return values


@dataclass(frozen=True, repr=False)
class LazyOLSManyResult:
    """Least-squares fits of outcomes held in a Dask array, computed on demand.

    Created by :func:`attraktiv.ols_many` when ``Y`` is a Dask array; never
    constructed by hand. Nothing is fitted until asked: each statistic is a Dask
    array (coefficient statistics parameters × outcomes, residuals observations ×
    outcomes, fit statistics one value per outcome), in the order of
    :attr:`param_names` and :attr:`outcomes`, and :meth:`compute` gives the
    in-memory :class:`~attraktiv.OLSManyResult`. Each chunk of outcomes is one
    task that fits it; computing several statistics in one ``dask.compute`` call
    fits each chunk once.

    The numbers are those of ``ols_many`` on the same outcomes in memory: each
    chunk is fitted by the same engine and takes the refinement decision the whole
    problem would get, and columns are fitted independently of one another.

    Attributes
    ----------
    outcomes : tuple of str
        Names of the outcomes (``y0, y1, ...``).
    param_names : tuple of str
        Names of the coefficients, in the design's column order.
    nobs, df_resid, rank : int
        As :class:`~attraktiv.OLSManyResult`.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3"}
        Covariance estimator of the standard errors.
    has_constant, weighted : bool
        As :class:`~attraktiv.OLSManyResult`.
    row_labels : pandas.Index
        Labels of the observations.
    condition_number : float
        Largest over smallest singular value of the (weighted) design, computed
        when the design was checked.

    Examples
    --------
    >>> import numpy as np, dask.array as da, attraktiv
    >>> x = np.arange(6.0)
    >>> Y = np.column_stack([2 * x + 1 + [0, .1, -.1, 0, .1, -.1], -x, x * x])
    >>> lazy = attraktiv.ols_many(da.from_array(Y, chunks=(6, 2)), x, names=["x"])
    >>> lazy
    LazyOLSManyResult(3 outcomes in 2 chunks, nobs=6, parameters=[...], ...)
    >>> lazy.params.compute().round(3)
    array([[ 1.029,  0.   , -3.333],
           [ 1.989, -1.   ,  5.   ]])
    >>> lazy.compute().params.round(3)
                   y0   y1     y2
    parameter
    Intercept  1.029  0.0 -3.333
    x          1.989 -1.0  5.000
    """

    outcomes: tuple[str, ...]
    param_names: tuple[str, ...]
    nobs: int
    df_resid: int
    rank: int
    cov_type: CovType
    has_constant: bool
    weighted: bool
    condition_number: float
    row_labels: pd.Index = field(compare=False)
    _parts: tuple[Any, ...] = field(compare=False)
    _widths: tuple[int, ...] = field(compare=False)

    def __repr__(self) -> str:
        return (
            f"LazyOLSManyResult({len(self.outcomes)} outcomes in "
            f"{len(self._parts)} chunks, nobs={self.nobs}, "
            f"parameters={list(self.param_names)}, cov_type={self.cov_type!r})"
        )

    @property
    def chunks(self) -> tuple[int, ...]:
        """Number of outcomes in each chunk (each is fitted by one task)."""
        return self._widths

    def compute(self, **kwargs: Any) -> OLSManyResult:
        """Fit every chunk and join them into the in-memory result.

        Parameters
        ----------
        **kwargs
            Passed to ``dask.compute`` (for example ``scheduler="synchronous"``).

        Returns
        -------
        OLSManyResult
            The result ``ols_many`` gives for the computed outcomes.
        """
        dask = importlib.import_module("dask")
        parts = dask.compute(*self._parts, **kwargs)
        return _merge(parts)

    def _stacked(self, name: str, rows: int | None) -> Any:
        """A Dask array of a per-chunk statistic, chunks side by side."""
        da = require_dask("LazyOLSManyResult")
        pieces = [
            da.from_delayed(
                delayed()(_statistic, pure=True)(part, name),
                shape=(width,) if rows is None else (rows, width),
                dtype=np.float64,
            )
            for part, width in zip(self._parts, self._widths, strict=True)
        ]
        return da.concatenate(pieces, axis=0 if rows is None else 1)

    @cached_property
    def params(self) -> Any:
        """Coefficients, a Dask array of shape (parameters, outcomes)."""
        return self._stacked("params", len(self.param_names))

    @cached_property
    def std_errors(self) -> Any:
        """Standard errors under ``cov_type``, (parameters, outcomes)."""
        return self._stacked("std_errors", len(self.param_names))

    @cached_property
    def tvalues(self) -> Any:
        """Student t statistics, (parameters, outcomes)."""
        return self._stacked("tvalues", len(self.param_names))

    @cached_property
    def pvalues(self) -> Any:
        """Two-sided p-values, (parameters, outcomes)."""
        return self._stacked("pvalues", len(self.param_names))

    @cached_property
    def resid(self) -> Any:
        """Residuals ``y - X b``, (observations, outcomes)."""
        return self._stacked("resid", self.nobs)

    @cached_property
    def fitted(self) -> Any:
        """Fitted values ``X b``, (observations, outcomes)."""
        return self._stacked("fitted", self.nobs)

    @cached_property
    def ssr(self) -> Any:
        """(Weighted) sum of squared residuals per outcome, (outcomes,)."""
        return self._stacked("ssr", None)

    @cached_property
    def sigma(self) -> Any:
        """Residual standard deviation per outcome, (outcomes,)."""
        return self._stacked("sigma", None)

    @cached_property
    def rsquared(self) -> Any:
        """R² per outcome, (outcomes,)."""
        return self._stacked("rsquared", None)

    @cached_property
    def rsquared_adj(self) -> Any:
        """Adjusted R² per outcome, (outcomes,)."""
        return self._stacked("rsquared_adj", None)


def ols_many_lazy(
    Y: Any,
    X: Any,
    *,
    weights: Any,
    add_intercept: bool,
    cov_type: CovType,
    names: Sequence[str] | None,
) -> LazyOLSManyResult:
    """:func:`attraktiv.ols_many` of outcomes in a Dask array (see the module)."""
    if Y.ndim == 1:
        Y = Y[:, None]
    if Y.ndim != 2:
        raise DataError(f"Y must be one- or two-dimensional, not {Y.ndim}-D")
    if np.dtype(Y.dtype).kind not in "biuf":
        raise DataError(
            f"Y is not numeric (dtype {Y.dtype}); give real numbers (booleans are "
            "read as 0/1)"
        )
    n, k = Y.shape
    if any(np.isnan(size) for size in (n, k)):
        raise DataError(
            "Y has chunks of unknown size; call Y.compute_chunk_sizes() first"
        )
    if n == 0 or k == 0:
        raise DataError("empty input: y has no observations")
    if len(Y.chunks[0]) > 1:
        # A chunk must hold whole outcomes: the fit of one needs all its rows.
        Y = Y.rechunk({0: -1})
    xa, xnames = numeric_matrix(X, "X", "x")
    if names is not None:
        if isinstance(names, str):
            raise DataError(
                f"names={names!r} must be a sequence of column names, not a string"
            )
        names = [str(name) for name in names]
        if len(names) != xa.shape[1]:
            raise DataError(
                f"names has {len(names)} entries but X has {xa.shape[1]} columns"
            )
        xnames = names
    if xa.shape[0] != n:
        raise DataError(f"y has {n} rows but X has {xa.shape[0]} rows")
    labels = row_labels(X)
    if labels is None:
        labels = positions(n)
    outcomes = tuple(f"y{j}" for j in range(k))
    # The design is checked and factorised now, with a zero outcome, so that its
    # errors come at once; the outcomes are read chunk by chunk at compute time.
    template = validated(
        np.zeros((n, 1)),
        xa,
        outcomes=("y",),
        names=xnames,
        labels=labels,
        weights=weights,
        add_intercept=add_intercept,
    )
    design_fit, _ = estimate_prepared(template, cov_type, single=True)
    design = OLSManyResult(
        outcomes=("y",),
        param_names=template.param_names,
        nobs=n,
        df_resid=design_fit.df_resid,
        rank=template.x.shape[1],
        cov_type=cov_type,
        has_constant=template.has_constant,
        weighted=template.weights is not None,
        row_labels=template.row_labels,
        _fit=design_fit,
        _x=template.x,
        _weights=template.weights,
        _x_scale=template.x_scale,
    )
    refine = n * k <= EXTENDED_LIMIT  # the choice ols_many makes in memory
    fit_chunk = delayed()(_fit_chunk, pure=True)
    widths = tuple(int(width) for width in Y.chunks[1])
    blocks = Y.to_delayed().ravel()
    parts = []
    start = 0
    for block, width in zip(blocks, widths, strict=True):
        parts.append(
            fit_chunk(
                block, template, outcomes[start : start + width], cov_type, None, refine
            )
        )
        start += width
    return LazyOLSManyResult(
        outcomes=outcomes,
        param_names=template.param_names,
        nobs=n,
        df_resid=design_fit.df_resid,
        rank=template.x.shape[1],
        cov_type=cov_type,
        has_constant=template.has_constant,
        weighted=template.weights is not None,
        condition_number=design.condition_number,
        row_labels=template.row_labels,
        _parts=tuple(parts),
        _widths=widths,
    )
