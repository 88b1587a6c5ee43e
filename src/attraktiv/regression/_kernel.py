"""The numerical core: least squares by pivoted QR of the column-scaled design.

Everything in attraktiv that estimates a linear model comes through
:func:`estimate`: single fits, many outcomes sharing one design, bootstraps. The
functions here take validated float arrays and return arrays; labels, options and
input checks live in :mod:`attraktiv.regression.model`.
"""

from __future__ import annotations

import contextlib
import math
import threading
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

import numpy as np

from ..core.typing import FloatArray, IntArray
from ._blocks import fit_in_blocks, plain_residual, recomputed_residual

__all__ = ["Collinearity", "LeastSquares", "estimate"]

_EPS = float(np.finfo(np.float64).eps)

#: Outcome blocks up to this many elements get refined.
EXTENDED_LIMIT = 2**18

#: At most this many refinement steps of an ill-conditioned design; a step whose
#: correction is below ``_NEGLIGIBLE`` relative to the (scaled) coefficient vector
#: ends the refinement.
_MAX_REFINEMENTS = 3
_NEGLIGIBLE = 4 * _EPS

#: Designs whose scaled triangular factor has a diagonal ratio below this (condition
#: above about 100 after scaling) are refined through the augmented system.
_ILL_CONDITIONED = 1e-2

#: Refinement uses working-precision residuals when their rounding error is provably
#: below this many units in the last place of their norm (an exactly rounded
#: residual has at most one); otherwise exactly rounded ones.
_PLAIN_ULPS = 8.0

#: Dekker's splitting constant, 2**27 + 1.
_SPLITTER = 134217729.0

#: Sums of squares (of design columns, residuals, projected outcomes) inside
#: [2**-_SAFE_EXPONENT, 2**_SAFE_EXPONENT] show that every intermediate of the fit
#: stayed well inside the double range: no square under- or overflowed, and no
#: product or Dekker split (which multiplies by 2**27) came near the largest double.
#: Outside it the fit is repeated on columns and outcomes rescaled by powers of two
#: (exactly), and its results are scaled back.
_SAFE_EXPONENT = 600
_SAFE_LOW = 2.0**-_SAFE_EXPONENT
_SAFE_HIGH = 2.0**_SAFE_EXPONENT

#: Arrays up to this size are checked in Python floats.
_FEW = 32

#: Multithreaded BLAS pays only for large problems: below these sizes the engine
#: runs BLAS and LAPACK on one thread (see :func:`_blas_threads`). Measured on a
#: two-core machine, with NumPy's and SciPy's OpenBLAS (two thread pools) at their
#: default thread counts: every problem of the grid n in {426, 5,000, 50,000},
#: p in {2, 8, 32, 128}, k in {1, 100, 3,000} ran faster on one thread (up to 30x
#: for 426 x 2 with 3,000 outcomes, and worse when other processes kept the cores
#: busy) except 50,000 x 128 with 100 outcomes, 1.7x faster on two.
_THREADED_MIN_COLUMNS = 64
_THREADED_MIN_WORK = 1e9

#: Problems with ``n * p * max(p, k)`` below this make only BLAS calls that
#: OpenBLAS runs on one thread anyway (its thresholds for gemv, ger and gemm are
#: 9,216, 8,192 and 65,536 elements), so they skip the thread limit and its cost
#: (a few microseconds).
_UNTHREADED_WORK = 8192

#: Fits of many outcomes keep their residual matrix up to this many elements
#: (64 MiB; 10,000 outcomes of 426 rows are 4.3 million), computed as they were
#: before by rows (``_blocks.plain_residual``): reading the residuals is common at
#: that size (a statsmodels loop returns them too), and recomputing them would
#: cost a second pass over the outcomes. Beyond it the fit keeps none
#: (``_blocks.fit_in_blocks``) and recomputes them when they are read, so that
#: memory stays near that of the outcomes. For 10,000 outcomes of 426 rows that
#: fit alone takes 6.0 ms against 8.2 ms and 1.1 times the outcomes' memory
#: against 2.1, but reading its residuals once then costs 6 to 8 ms more
#: (checking that the outcomes are unchanged included): 1.5 to 1.7 times as long
#: as a fit that keeps them, which is what a statsmodels loop is measured against.
_KEPT_RESIDUALS = 2**23


class OutcomesChangedError(ValueError):
    """The outcomes of a fit that keeps no residuals were changed after it.

    Raised by the engine (which works on arrays, without labels or the library's
    errors); :mod:`attraktiv.regression.results` turns it into a
    :class:`~attraktiv.errors.DataError` naming the outcome.

    Attributes
    ----------
    columns : ndarray of int
        Positions of the outcomes whose values changed.
    """

    def __init__(self, columns: IntArray) -> None:
        super().__init__(f"outcomes at positions {columns.tolist()[:10]} changed")
        self.columns = columns


@dataclass(frozen=True)
class Collinearity:
    """Where a design is rank deficient: which columns depend on which.

    Attributes
    ----------
    rank : int
        Numerical rank of the design.
    dependent : tuple of int
        Columns (in the caller's order) that the pivoted QR found to be linear
        combinations of the others.
    involved : tuple of tuple of int
        For each dependent column, the columns of its linear combination (itself
        included), sorted.
    """

    rank: int
    dependent: tuple[int, ...]
    involved: tuple[tuple[int, ...], ...]


@dataclass(eq=False, slots=True)
class LeastSquares:
    """Arrays of a least-squares fit of ``k`` outcomes on one ``n x p`` design.

    Treat it as a value. ``params`` and ``resid``, which results hand out as views,
    are read-only; the other arrays never leave the engine uncopied. The sums of
    squares are computed on first use from arrays the fit keeps (``projected``,
    ``q``, ``ssr``), never from ``outcomes_t``, which may be a view of the caller's
    outcomes: when they need y itself (a design without a constant), they are
    computed before the fit is returned.

    A fit of many outcomes whose residual matrix would exceed ``_KEPT_RESIDUALS``
    elements keeps none: it would double the memory of the outcomes. ``resid``
    then recomputes ``y - X b`` from the outcomes it was fitted on
    (``outcomes_t``, a view of the caller's array when that was float64
    already) and the fit's own design and coefficients (by rows, as a fit that
    keeps them: the same numbers to the rounding of the fitted values).
    Checksums of the outcomes taken during the fit show whether they changed
    since; if they did, ``resid`` raises :class:`OutcomesChangedError` rather
    than hand out residuals of other data.

    Attributes
    ----------
    params : ndarray, shape (p, k)
    resid : ndarray, shape (n, k)
        Unweighted residuals ``y - X b``.
    root_weights : ndarray, shape (n,), or None
        Square roots of the weights, None for ordinary least squares.
    q : ndarray, shape (n, p)
        Orthonormal basis of the weighted design's column space.
    bread : ndarray, shape (p, p)
        ``M`` with ``(X' W X)^{-1} = M M'`` in the caller's column order.
    ssr : ndarray, shape (k,)
        Weighted sum of squared residuals.
    df_resid : int
    scale : ndarray, shape (p,)
        Euclidean norms of the weighted design's columns (the column scaling).
    rcond : float
        Smallest over largest diagonal element of the scaled triangular factor, a
        cheap estimate of the reciprocal condition number after scaling.
    r : ndarray, shape (p, p)
        Triangular factor of the scaled, pivoted design.
    pivot : ndarray, shape (p,)
        Column order of the pivoted factorisation.
    projected : ndarray, shape (p, k)
        ``Q' W^{1/2} y``.
    outcomes_t : ndarray, shape (k, n)
        The outcomes, transposed.
    weights : ndarray, shape (n,), or None
    centre : bool
        Whether the design has a constant column.
    design_t : ndarray, shape (p, n)
        The design the fit was made on (its columns as rows), for ``resid``.
    """

    params: FloatArray
    root_weights: FloatArray | None
    q: FloatArray
    bread: FloatArray
    ssr: FloatArray
    df_resid: int
    scale: FloatArray
    rcond: float
    r: FloatArray
    pivot: IntArray
    projected: FloatArray
    outcomes_t: FloatArray
    weights: FloatArray | None
    centre: bool
    design_t: FloatArray
    #: The residuals, or None when they are recomputed on demand (see above).
    _resid: FloatArray | None = None
    #: Checksums of the outcomes (see ``_blocks``), (2, k), for ``resid``.
    _checksum: FloatArray | None = None
    _totals: tuple[FloatArray, FloatArray, FloatArray] | None = None

    @property
    def resid(self) -> FloatArray:
        """Unweighted residuals ``y - X b``, shape (n, k), read-only.

        Recomputed on each use (one pass over the outcomes) when the fit keeps
        none; see the class notes.

        Raises
        ------
        OutcomesChangedError
            If the outcomes were changed in place after the fit.
        """
        if self._resid is not None:
            return self._resid
        y = self.outcomes_t.T
        xt = self.design_t
        threads = _blas_threads(xt.shape[1], xt.shape[0], y.shape[1])
        with threads, np.errstate(invalid="ignore", over="ignore", under="ignore"):
            resid, checksum = recomputed_residual(xt, y, self.params, self.root_weights)
        if self._checksum is not None:
            # Compared as bits: NaN sums (of NaN outcomes) are equal to themselves.
            kept = self._checksum.view(np.uint64)
            changed = np.flatnonzero((checksum.view(np.uint64) != kept).any(axis=0))
            if changed.size:
                raise OutcomesChangedError(changed)
        resid.flags.writeable = False
        return resid

    @property
    def wresid(self) -> FloatArray:
        """Residuals times the square roots of the weights, shape (n, k)."""
        if self.root_weights is None:
            return self.resid
        weighted: FloatArray = self.resid * self.root_weights[:, None]
        return weighted

    @property
    def leverage(self) -> FloatArray:
        """Diagonal of the (weighted) hat matrix, shape (n,)."""
        return np.asarray(np.einsum("ij,ij->i", self.q, self.q), dtype=np.float64)

    @property
    def centred_ss(self) -> FloatArray:
        """Weighted sum of squares of each outcome about its weighted mean, (k,)."""
        return self._sums_of_squares()[0]

    @property
    def raw_ss(self) -> FloatArray:
        """Weighted sum of squares of each outcome, uncentred, shape (k,).

        NaN when the design has a constant column (it is not needed then).
        """
        return self._sums_of_squares()[1]

    @property
    def means(self) -> FloatArray:
        """Weighted mean of each outcome, shape (k,)."""
        return self._sums_of_squares()[2]

    def _sums_of_squares(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Centred and raw sums of squares and means, computed once.

        By Pythagoras on the small projected matrix: when the design holds a
        constant column, ``W^{1/2} 1`` lies in its span, so the centred total is
        ``ssr + |Q'W^{1/2}(y - mean)|^2``, as accurate as centring y itself.
        """
        if self._totals is not None:
            return self._totals
        q, projected, yt, weights = (
            self.q,
            self.projected,
            self.outcomes_t,
            self.weights,
        )
        with np.errstate(invalid="ignore", over="ignore"):
            root = self.root_weights
            if weights is None or root is None:
                unit_projected = q.sum(axis=0)
                total_weight = float(q.shape[0])
            else:
                unit_projected = root @ q
                total_weight = float(weights.sum())
            if self.centre:
                means = unit_projected @ projected / total_weight
                explained = projected - unit_projected[:, None] * means
                centred_ss = self.ssr + (explained * explained).sum(axis=0)
                raw_ss = np.full(projected.shape[1], np.nan)
            else:
                raw_ss = self.ssr + (projected * projected).sum(axis=0)
                sums = yt.sum(axis=1) if weights is None else yt @ weights
                means = sums / total_weight
                centred_ss = _centred_squares(yt, means, self.root_weights)
        for array in (centred_ss, raw_ss, means):
            array.flags.writeable = False
        self._totals = (centred_ss, raw_ss, means)
        return self._totals

    def select(self, columns: IntArray | slice) -> LeastSquares:
        """The same fit restricted to some outcome columns (no refitting).

        The sums of squares are computed for all outcomes first, so that a
        statistic does not depend on which part of the fit was read first.
        """
        totals = self._sums_of_squares()
        return replace(
            self,
            params=self.params[:, columns],
            _resid=None if self._resid is None else self._resid[:, columns],
            _checksum=None if self._checksum is None else self._checksum[:, columns],
            ssr=self.ssr[columns],
            projected=self.projected[:, columns],
            outcomes_t=self.outcomes_t[columns],
            _totals=(totals[0][columns], totals[1][columns], totals[2][columns]),
        )


#: SciPy's LAPACK wrappers, imported on first use (``import attraktiv`` does not
#: load SciPy), then kept: an import statement inside each function cost about a
#: microsecond of a single small fit per call.
_LAPACK: Any = None


def _lapack() -> Any:
    """``scipy.linalg.lapack``, imported once."""
    global _LAPACK
    if _LAPACK is None:
        from scipy.linalg import lapack

        _LAPACK = lapack
    return _LAPACK


def _collinearity(r: FloatArray, pivot: IntArray, rank: int) -> Collinearity:
    """Describe the dependent columns of a pivoted QR with numerical rank ``rank``."""
    from scipy.linalg import solve_triangular

    p = r.shape[1]
    dependent: list[int] = []
    involved: list[tuple[int, ...]] = []
    r11 = r[:rank, :rank]
    for position in range(rank, p):
        if rank:
            coef = solve_triangular(r11, r[:rank, position], check_finite=False)
            big = np.abs(coef) > 1e-8 * max(1.0, float(np.max(np.abs(coef))))
            members = [int(pivot[i]) for i in np.flatnonzero(big)]
        else:
            members = []
        column = int(pivot[position])
        dependent.append(column)
        involved.append(tuple(sorted([*members, column])))
    return Collinearity(rank=rank, dependent=tuple(dependent), involved=tuple(involved))


# Non-finite outcomes are found by the caller from the non-finite sums of squares
# they produce; arithmetic warnings on the way would only hide that error. Results
# that leave the double range (a sum of squares of outcomes near 1e300) under- or
# overflow as they must, silently. errstate as a decorator (thread-safe: it keeps
# no state between calls) rather than a context manager built on every call, which
# cost about a microsecond of a single small fit.
@np.errstate(invalid="ignore", over="ignore", under="ignore")
def estimate(
    x: FloatArray,
    y: FloatArray,
    weights: FloatArray | None = None,
    *,
    centre: bool = True,
    refine: bool | None = None,
) -> LeastSquares | Collinearity:
    """Least squares for every column of ``y`` on the design ``x``.

    Parameters
    ----------
    x : ndarray, shape (n, p)
        Finite design matrix with ``n > p`` and no all-zero column.
    y : ndarray, shape (n, k)
        Finite outcomes, one per column.
    weights : ndarray, shape (n,), optional
        Positive analytic weights (weighted least squares).
    centre : bool, default True
        Whether the design has a constant column; if not, the uncentred sums of
        squares ``raw_ss`` are computed too (otherwise they are left NaN).
    refine : bool, optional
        Whether to refine the fit (see Notes). By default blocks of at most
        ``EXTENDED_LIMIT`` elements are refined. A block of a larger problem,
        fitted piece by piece (chunks of a Dask array), passes the choice the
        whole problem would get, so that its numbers are those of the whole.

    Returns
    -------
    LeastSquares or Collinearity
        The fit, or a description of the rank deficiency when the design's
        numerical rank is below ``p`` (the caller turns it into an error).

    Notes
    -----
    With :math:`W^{1/2}` the root weights and :math:`D` the column norms of
    :math:`W^{1/2} X`, the pivoted QR factorisation
    :math:`W^{1/2} X D^{-1} P = Q R` gives

    .. math::

        \\hat\\beta = D^{-1} P R^{-1} Q' W^{1/2} y,
        \\qquad (X' W X)^{-1} = M M', \\quad M = D^{-1} P R^{-1}.

    :math:`X'X` is never formed, so the accuracy depends on the condition number of
    the scaled design, not its square. The design is rank deficient when a diagonal
    element of :math:`R` falls below :math:`\\max(n, p)\\,\\epsilon\\,|R_{11}|`.
    For outcome blocks of at most ``EXTENDED_LIMIT`` elements iterative refinement
    follows, with residuals computed as if in twice the working precision
    (error-free transformations; working precision when that is provably as good,
    see :func:`_plain_is_accurate`). A well-conditioned scaled design is refined
    once, its coefficients alone: the correction is of the order
    :math:`\\epsilon\\,\\kappa`, so a second would be below rounding. An
    ill-conditioned one is refined in residuals and coefficients together (Björck's
    augmented system) until a correction is negligible (at most
    ``_MAX_REFINEMENTS`` steps), since refining the coefficients alone stalls at
    :math:`\\epsilon\\,\\kappa^2` when residuals are large. Larger blocks (thousands
    of outcomes at once) skip refinement for speed; plain QR still meets every
    certified NIST value to at least 9.7 significant digits. Their total sums of
    squares come from the projected outcomes by Pythagoras, without another pass
    over y.

    The results are right anywhere in the double range: a design column or an
    outcome whose sums of squares leave :math:`[2^{-600}, 2^{600}]` is multiplied
    by a power of two (exactly) that brings its largest element into [0.5, 1), the
    fit is made in those units and converted back, so norms, sums of squares and
    Dekker's splits never under- or overflow on the way. Only a result that is
    itself beyond the double range (a coefficient of about 1e400, a sum of
    squares of outcomes near 1e300) over- or underflows.

    BLAS and LAPACK run on one thread inside the call unless the problem is large
    and wide (see :func:`_blas_threads`); the caller's thread settings hold again
    when it returns.

    References
    ----------
    .. [1] Björck, Å. (1967). Iterative refinement of linear least squares
       solutions I. BIT 7, 257-278.
    .. [2] Higham, N. J. (2002). Accuracy and Stability of Numerical Algorithms,
       2nd ed., SIAM, chapter 20.
    """
    n, p = x.shape
    if n * p * max(p, y.shape[1]) < _UNTHREADED_WORK:  # see _blas_threads
        return _estimate(x, y, weights, centre, refine)
    with _blas_threads(n, p, y.shape[1]):
        return _estimate(x, y, weights, centre, refine)


class _OneBlasThread:
    """Context manager running BLAS (and LAPACK) on one thread inside it.

    On entry it lowers every loaded BLAS library (NumPy and SciPy each load their
    own OpenBLAS) to one thread, and on exit sets back exactly the thread counts it
    found, so the caller's settings hold outside every call. The libraries are
    found once, on first use: a ``threadpoolctl.ThreadpoolController`` scans the
    process's shared libraries, which costs about a millisecond; lowering and
    restoring the counts then costs a few microseconds. Entries from several
    threads nest: the counts are lowered by the first to enter and restored by
    the last to leave (the thread counts are process-wide, so other threads
    calling BLAS meanwhile run on one thread too).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._restore: list[tuple[Any, int]] = []
        self._libraries: list[Any] | None = None

    def _blas(self) -> list[Any]:
        if self._libraries is None:
            # SciPy's LAPACK comes with its own OpenBLAS, which the controller
            # finds only if it is loaded already (SciPy is imported on first use).
            import scipy.linalg  # noqa: F401
            from threadpoolctl import (  # type: ignore[import-untyped]
                ThreadpoolController,
            )

            controller = ThreadpoolController().select(user_api="blas")
            self._libraries = list(controller.lib_controllers)
        return self._libraries

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                restore = []
                for library in self._blas():
                    threads = library.get_num_threads()
                    if isinstance(threads, int) and threads > 1:
                        library.set_num_threads(1)
                        restore.append((library, threads))
                self._restore = restore
            self._depth += 1

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                for library, threads in self._restore:
                    library.set_num_threads(threads)
                self._restore = []


_ONE_BLAS_THREAD = _OneBlasThread()


def _blas_threads(
    n: int, p: int, k: int
) -> _OneBlasThread | contextlib.nullcontext[None]:
    """BLAS threading for a fit of ``k`` outcomes on an ``n x p`` design.

    One thread unless the problem is large enough for threads to pay (see
    ``_THREADED_MIN_COLUMNS`` and ``_THREADED_MIN_WORK``): the matrices of a
    regression with a few columns are thin, and on them the start-up and
    synchronisation of BLAS threads cost more than the arithmetic, far more when
    other processes keep the cores busy. Problems too small for OpenBLAS to use
    threads anyway are left alone (``_UNTHREADED_WORK``).
    """
    if n * p * max(p, k) < _UNTHREADED_WORK or (
        p >= _THREADED_MIN_COLUMNS and n * p * (p + k) >= _THREADED_MIN_WORK
    ):
        return contextlib.nullcontext()
    return _ONE_BLAS_THREAD


def _estimate(
    x: FloatArray,
    y: FloatArray,
    weights: FloatArray | None,
    centre: bool,
    refine: bool | None = None,
) -> LeastSquares | Collinearity:
    """The body of :func:`estimate`: rescale when needed, fit, scale back.

    Columns of ``x`` whose sum of squares leaves ``[_SAFE_LOW, _SAFE_HIGH]`` are
    multiplied by powers of two that bring their largest element into [0.5, 1)
    before the fit; so are outcomes whose fit ends with a sum of squares outside
    that range (non-finite included), which is then repeated. Powers of two are
    exact, and least squares is equivariant under column scaling, so the rescaled
    fit is the fit of the caller's data in other units: :func:`_in_caller_units`
    converts it back.
    """
    root = None if weights is None else np.sqrt(weights)
    xt = np.ascontiguousarray(x.T)  # (p, n): the columns of x, each contiguous
    xwt = xt if root is None else xt * root  # as _weigh, without a call
    squares = np.einsum("ij,ij->i", xwt, xwt)
    column_shift = None
    if not _all_safe(squares):
        column_shift = _exponents(np.abs(xwt).max(axis=1))
        xt = np.ldexp(xt, -column_shift[:, None])
        xwt = _weigh(xt, root)
        squares = np.einsum("ij,ij->i", xwt, xwt)
    fit = _fit(xt, xwt, squares, y, root, weights, centre, refine)
    if isinstance(fit, Collinearity):
        return fit
    outcome_shift = None
    if not _outcomes_safe(fit.ssr, fit.projected):
        shift = _exponents(np.abs(y).max(axis=0))
        if np.any(np.abs(shift) > _SAFE_EXPONENT // 2):
            outcome_shift = shift
            scaled_y = np.ldexp(y, -shift[None, :])
            rescaled = _fit(xt, xwt, squares, scaled_y, root, weights, centre, refine)
            assert not isinstance(rescaled, Collinearity)  # the same design
            fit = rescaled
    if column_shift is not None or outcome_shift is not None:
        fit = _in_caller_units(fit, x, y, column_shift, outcome_shift)
    # A fit is a value: what results hand out as views must not change. (q, bread
    # and ssr never leave the engine uncopied.)
    fit.params.setflags(write=False)
    if fit._resid is not None:
        fit._resid.setflags(write=False)
    return fit


def _exponents(magnitudes: FloatArray) -> IntArray:
    """Exponents ``e`` with magnitudes in ``[2**(e-1), 2**e)``; 0 for 0, inf, NaN."""
    finite = np.where(np.isfinite(magnitudes), magnitudes, 0.0)
    return np.asarray(np.frexp(finite)[1], dtype=np.intp)


def _all_safe(squares: FloatArray) -> bool:
    """Whether every sum of squares lies in ``[_SAFE_LOW, _SAFE_HIGH]`` (NaN not)."""
    if squares.shape[0] <= _FEW:  # in Python floats: NumPy calls cost more
        # A loop, not all() of a generator, which costs more to start than this.
        for value in squares.tolist():  # noqa: SIM110
            if not _SAFE_LOW <= value <= _SAFE_HIGH:
                return False
        return True
    return bool(((squares >= _SAFE_LOW) & (squares <= _SAFE_HIGH)).all())


def _outcomes_safe(ssr: FloatArray, projected: FloatArray) -> bool:
    """Whether the fit's sums of squares show that it stayed inside the range.

    Each residual sum must lie in ``[_SAFE_LOW, _SAFE_HIGH]``, and the squares of
    the projected outcomes must stay below ``_SAFE_HIGH``: the totals (R²'s
    denominator) are sums of these and the residual sums.
    """
    if ssr.shape[0] == 1:  # in Python floats: NumPy calls cost more than the work
        value = float(ssr[0])
        column = projected[:, 0]
        square = float(column.dot(column))  # as column @ column (the same ddot)
        return _SAFE_LOW <= value <= _SAFE_HIGH and square <= _SAFE_HIGH
    totals = np.einsum("ij,ij->j", projected, projected)
    return _all_safe(ssr) and bool((totals <= _SAFE_HIGH).all())


def _in_caller_units(
    fit: LeastSquares,
    x: FloatArray,
    y: FloatArray,
    column_shift: IntArray | None,
    outcome_shift: IntArray | None,
) -> LeastSquares:
    """A fit of ``x * 2**-a`` and ``y * 2**-c`` as the fit of ``x`` and ``y``.

    ``a`` is ``column_shift`` (per column), ``c`` is ``outcome_shift`` (per
    outcome); None stands for zeros. Coefficients scale by ``2**(c - a)``,
    residuals and projected outcomes by ``2**c``, sums of squares by ``2**(2c)``,
    column norms by ``2**a`` and the rows of the bread by ``2**-a``. Each of these
    is exact unless the caller's value itself leaves the double range, where it
    under- or overflows, as a correctly rounded result must. The orthonormal basis,
    the triangular factor and the pivoting do not change. The sums of squares of
    the outcomes are computed in the rescaled units first.
    """
    p, k = fit.params.shape
    a = np.zeros(p, dtype=np.intp) if column_shift is None else column_shift
    c = np.zeros(k, dtype=np.intp) if outcome_shift is None else outcome_shift
    centred_ss, raw_ss, means = fit._sums_of_squares()
    # The totals are computed, so the outcomes are only kept (a view of the caller's).
    outcomes_t = fit.outcomes_t if outcome_shift is None else y.T
    totals = (
        np.ldexp(centred_ss, 2 * c),
        np.ldexp(raw_ss, 2 * c),
        np.ldexp(means, c),
    )
    for array in totals:
        array.flags.writeable = False
    # Residuals are kept here even for many outcomes: recomputing them in the
    # caller's units would not reproduce the rescaled fit's numbers (a rare case).
    resid = fit.resid if outcome_shift is None else np.ldexp(fit.resid, c[None, :])
    resid.flags.writeable = False
    return replace(
        fit,
        params=np.ldexp(fit.params, c[None, :] - a[:, None]),
        _resid=resid,
        _checksum=None,
        bread=np.ldexp(fit.bread, -a[:, None]),
        ssr=np.ldexp(fit.ssr, 2 * c),
        scale=np.ldexp(fit.scale, a),
        projected=np.ldexp(fit.projected, c[None, :]),
        outcomes_t=outcomes_t,
        _totals=totals,
    )


def _fit(
    xt: FloatArray,
    xwt: FloatArray,
    squares: FloatArray,
    y: FloatArray,
    root: FloatArray | None,
    weights: FloatArray | None,
    centre: bool,
    refine: bool | None = None,
) -> LeastSquares | Collinearity:
    """Least squares of ``y`` on the design whose columns are the rows of ``xt``.

    ``xwt`` is ``xt`` times the root weights, ``squares`` the sums of squares of
    its rows. Columns of ``x`` and outcomes are handled as rows of transposed,
    contiguous arrays, so that every elementwise operation runs along the ``n``
    observations: with few columns, operations along the short axis cost several
    times more.
    """
    p, n = xt.shape
    scale = np.sqrt(squares)
    q, r, pivot = _pivoted_qr(xwt, scale)
    diag = [abs(value) for value in r.diagonal().tolist()]
    tol = max(n, p) * _EPS * diag[0]
    rank = p if min(diag) > tol else sum(1 for value in diag if value > tol)
    if rank < p:
        return _collinearity(r, pivot, rank)
    rcond = diag[-1] / diag[0]
    # Columns scaled to unit norm tie for the first pivot, so the pivoting often
    # leaves them in order: then rows need no permuting (a few microseconds of a
    # single small fit).
    order = pivot.tolist()
    in_order = order == list(range(p))
    pivot_scale = scale[:, None] if in_order else scale.take(pivot)[:, None]
    # Upper triangular: lower=0, the wrapper's default (no keyword to parse).
    rinv, info = (_LAPACK or _lapack()).dtrtri(r)
    if info != 0:  # pragma: no cover - rank was checked before inverting
        raise np.linalg.LinAlgError(f"triangular inverse failed (info={info})")
    if in_order:
        bread = np.empty((p, p))
        np.divide(rinv, pivot_scale, out=bread)
    else:
        # Row pivot[i] of the bread is row i of rinv / pivot_scale: gathered by the
        # inverse permutation (take), cheaper than scattering by fancy assignment.
        inverse = [0] * p
        for position, column in enumerate(order):
            inverse[column] = position
        bread = np.divide(rinv, pivot_scale).take(inverse, axis=0)

    resid: FloatArray | None
    checksum = None
    if not (y.size <= EXTENDED_LIMIT if refine is None else refine):
        # Thousands of outcomes: no transposed copy, no refinement.
        yt = y.T
        if y.size <= _KEPT_RESIDUALS:
            projected = q.T @ (y if root is None else y * root[:, None])
            params = _back(r, pivot, pivot_scale, projected)
            resid, ssr = plain_residual(xt, y, params, root)
        else:
            # No residual matrix: it is recomputed when asked for (LeastSquares).
            params, projected, ssr, checksum = fit_in_blocks(
                xt, y, q, lambda block: _back(r, pivot, pivot_scale, block), root
            )
            resid = None
    else:
        # Products by ndarray.dot: the same BLAS call (gemv or gemm) as @, which
        # reaches it through the matmul ufunc at twice the overhead (a quarter
        # of a microsecond a product; six of them in a single small fit).
        yt = np.ascontiguousarray(y.T)  # (k, n)
        ywt = yt if root is None else yt * root  # as _weigh, without a call
        projected = q.T.dot(ywt.T)
        if rcond < _ILL_CONDITIONED:
            params = _back(r, pivot, pivot_scale, projected)
            resid_t = _refine_augmented(
                xt, xwt, yt, ywt, params, q, r, pivot, pivot_scale, scale
            )
        else:
            # Well conditioned: the explicit inverse of the small triangular factor
            # is as good as a triangular solve here, since one step of refinement
            # follows and recovers the digits either loses.
            params = bread.dot(projected)
            resid_t = _refine_once(xt, yt, ywt, params, q, bread, scale, root)
        ssr = _row_squares(resid_t if root is None else resid_t * root)
        resid = resid_t.T

    fit = LeastSquares(
        params=params,
        _resid=resid,
        _checksum=checksum,
        design_t=xt,
        root_weights=root,
        q=q,
        bread=bread,
        ssr=ssr,
        df_resid=n - p,
        scale=scale,
        rcond=rcond,
        r=r,
        pivot=pivot,
        projected=projected,
        outcomes_t=yt,
        weights=weights,
        centre=centre,
    )
    if not centre:
        # These need y itself, which may be the caller's array: use it now.
        fit._sums_of_squares()
    return fit


def _plain_is_accurate(
    wresid_t: FloatArray, ywt: FloatArray, params: FloatArray, scale: FloatArray
) -> bool:
    """Whether residuals computed in working precision are as good as exact ones.

    The rounding error of ``y - X b`` computed in double precision is at most
    ``(p + 1) u (|y| + |X| |b|)`` in each component (``u`` the unit roundoff, any
    order of summation, with or without fused multiply-adds), so in the weighted
    2-norm at most ``(p + 1) u (|W^{1/2} y| + sum_j |b_j| |W^{1/2} x_j|)``. When
    that is below ``_PLAIN_ULPS`` units of the residuals' own norm, for every
    outcome, an exactly rounded residual would not be meaningfully better: the
    outcome is not much larger than what the model leaves unexplained, so the
    subtraction cancels few digits.
    """
    p = params.shape[0]
    if params.shape[1] == 1:  # in scalars: NumPy calls cost more than the work
        y, resid = ywt[0], wresid_t[0]
        coefficients = 0  # as sum() adds: from 0, left to right (a loop is faster)
        for b, s in zip(params[:, 0].tolist(), scale.tolist(), strict=True):
            coefficients += abs(b) * s
        # ndarray.dot of two vectors is the ddot that @ calls, with less overhead.
        bound = math.sqrt(float(y.dot(y))) + coefficients
        size = math.sqrt(float(resid.dot(resid)))
        return bool((p + 1) * bound <= _PLAIN_ULPS * size)
    bounds = np.sqrt(_row_squares(ywt)) + np.abs(params).T @ scale
    sizes = np.sqrt(_row_squares(wresid_t))
    return bool(np.all((p + 1) * bounds <= _PLAIN_ULPS * sizes))


def _row_squares(rows: FloatArray) -> FloatArray:
    """Sum of squares of each row, shape (k,)."""
    if rows.shape[0] == 1:
        row = rows[0]
        return np.array([row.dot(row)])  # as row @ row, with less overhead
    return np.asarray(np.einsum("ij,ij->i", rows, rows), dtype=np.float64)


#: Outcomes are centred (:func:`_centred_squares`) in blocks of about this many
#: elements (1 MiB).
_CENTRED_ELEMENTS = 2**17


def _centred_squares(
    yt: FloatArray, means: FloatArray, root: FloatArray | None
) -> FloatArray:
    """(Weighted) sums of squares of the rows of ``yt`` (k, n) about ``means``.

    Many outcomes are centred a block of rows at a time: ``yt`` may be a view of
    the caller's outcomes (a fit that keeps no residuals, whose point is to
    allocate none of their size), and centring them at once would copy them,
    and weighting them a second time.
    """
    k, n = yt.shape
    step = max(2, _CENTRED_ELEMENTS // n)
    if k <= step:
        return _row_squares(_weigh(yt - means[:, None], root))
    squares = np.empty(k)
    for first in range(0, k, step):
        last = min(k, first + step)
        block = _weigh(yt[first:last] - means[first:last, None], root)
        squares[first:last] = np.einsum("ij,ij->i", block, block)
    return squares


def _back(
    r: FloatArray, pivot: IntArray, pivot_scale: FloatArray, projected: FloatArray
) -> FloatArray:
    """Coefficients, shape (p, k), from ``Q' W^{1/2} y`` by triangular solve."""
    coef = np.empty((r.shape[0], projected.shape[1]))
    coef[pivot] = _solve_upper(r, projected) / pivot_scale
    return coef


def _weigh(rows: FloatArray, root: FloatArray | None) -> FloatArray:
    """Rows of observations, shape (m, n), times the root weights (if any)."""
    return rows if root is None else rows * root


def _refine_once(
    xt: FloatArray,
    yt: FloatArray,
    ywt: FloatArray,
    params: FloatArray,
    q: FloatArray,
    bread: FloatArray,
    scale: FloatArray,
    root: FloatArray | None,
) -> FloatArray:
    """One step of refinement of the coefficients; ``params`` in place.

    For a well-conditioned design the correction is of the order eps * cond of the
    coefficients, so a second step would be below rounding. The residual it
    refines with is the working-precision one when that is provably as good (see
    :func:`_plain_is_accurate`), else exactly rounded. Returns the unweighted
    residuals, shape (k, n).
    """
    resid_t: FloatArray = yt - params.T.dot(xt)  # ndarray.dot: as @, less overhead
    wresid_t = resid_t if root is None else resid_t * root  # as _weigh
    if not _plain_is_accurate(wresid_t, ywt, params, scale):
        resid_t = _exact_residual(xt, yt, params)
        wresid_t = _weigh(resid_t, root)
    correction = bread.dot(q.T.dot(wresid_t.T))
    params += correction
    # The correction is tiny, so its product needs no extra precision.
    resid_t -= correction.T.dot(xt)
    return resid_t


def _refine_augmented(
    xt: FloatArray,
    xwt: FloatArray,
    yt: FloatArray,
    ywt: FloatArray,
    params: FloatArray,
    q: FloatArray,
    r: FloatArray,
    pivot: IntArray,
    pivot_scale: FloatArray,
    scale: FloatArray,
) -> FloatArray:
    """Refine residuals and coefficients together (Björck); ``params`` in place.

    Refining the coefficients alone stalls at ``eps * cond**2 * |resid|`` when the
    residuals are large; refining the augmented system reaches full accuracy up to
    ``cond ~ 1/eps``. Returns the unweighted residuals, shape (k, n).
    """
    scaled_size = scale[:, None]
    split = _split(xwt)
    xw_resid = _exact_residual(xwt, ywt, params, split=split)
    for _ in range(_MAX_REFINEMENTS):
        gap = _exact_residual(xwt, ywt, params, minus=xw_resid, split=split)
        cross = _accurate_cross(xwt, xw_resid)
        projected_resid = _solve_upper(r, -cross[pivot] / pivot_scale, transposed=True)
        correction = _back(r, pivot, pivot_scale, q.T @ gap.T - projected_resid)
        params += correction
        xw_resid += gap - correction.T @ xwt
        # Stop once the correction is below a few ulps of the coefficients, in the
        # scaled coordinates so that units of measure do not matter.
        size = np.abs(params * scaled_size).max(axis=0)
        if np.all(np.abs(correction * scaled_size) <= _NEGLIGIBLE * size):
            break
    return _exact_residual(xt, yt, params)


def _pivoted_qr(
    columns: FloatArray, scale: FloatArray
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Thin Householder QR with column pivoting of the scaled design.

    ``columns`` holds the design's columns as rows, shape (p, n); with
    ``a = columns.T / scale`` the result satisfies ``a[:, pivot] = q @ r``. Calls
    LAPACK (geqp3, orgqr) directly: the same routines as
    ``scipy.linalg.qr(..., pivoting=True)`` without its per-call overhead, which
    dominates a single small fit.
    """
    lapack = _LAPACK or _lapack()  # a call only the first time
    p = columns.shape[0]
    # (p, n) in C order is (n, p) in Fortran order, as LAPACK wants it.
    a = (columns / scale[:, None]).T
    # Arguments by position (keywords cost the wrapper a string search each):
    # the workspace sizes are the wrappers' defaults, 3 (p + 1) and 3 p, so the
    # routines run exactly as they do by default; the last 1 is overwrite_a.
    packed, jpvt, tau, _, info = lapack.dgeqp3(a, 3 * (p + 1), 1)
    if info != 0:  # pragma: no cover - LAPACK argument errors cannot happen here
        raise np.linalg.LinAlgError(f"QR factorisation failed (info={info})")
    r = packed[:p].copy()
    for i in range(1, p):
        r[i, :i] = 0.0
    q, _, info = lapack.dorgqr(packed, tau, 3 * p, 1)
    if info != 0:  # pragma: no cover
        raise np.linalg.LinAlgError(f"QR factorisation failed (info={info})")
    jpvt -= 1  # LAPACK counts from 1; the array is new, so in place
    return q, r, jpvt


def _solve_upper(
    r: FloatArray, rhs: FloatArray, *, transposed: bool = False
) -> FloatArray:
    """Solve ``r @ z = rhs`` (or ``r.T @ z = rhs``) for upper-triangular ``r``.

    LAPACK trtrs directly, without scipy's checks.
    """
    solution, info = _lapack().dtrtrs(r, rhs, lower=0, trans=1 if transposed else 0)
    if info != 0:  # pragma: no cover - rank was checked before solving
        raise np.linalg.LinAlgError(f"triangular solve failed (info={info})")
    return np.asarray(solution, dtype=np.float64)


def _accurate_cross(xt: FloatArray, resid_t: FloatArray) -> FloatArray:
    """``x.T @ resid`` rounded once from the exact value, shape (p, k).

    ``xt`` is (p, n) and ``resid_t`` is (k, n). Each product is split exactly into
    two doubles (TwoProduct); the 2n terms of each sum are then added by two rounds
    of Rump's error-free extraction, whose partial sums are exact, so cancellation
    costs nothing.
    """
    products, errors = _two_product(xt[:, None, :], resid_t[None, :, :])
    return _accurate_sum(np.concatenate([products, errors], axis=-1))


def _accurate_sum(terms: FloatArray) -> FloatArray:
    """Sums along the last axis, accurate to about eps**2 of the largest term.

    References
    ----------
    .. [1] Rump, S. M., Ogita, T. and Oishi, S. (2008). Accurate floating-point
       summation part I: faithful rounding. SIAM Journal on Scientific Computing
       31(1), 189-224 (ExtractVector).
    """
    count_bits = int(np.ceil(np.log2(terms.shape[-1] + 2)))
    total = np.zeros(terms.shape[:-1])
    for _ in range(2):
        largest = np.abs(terms).max(axis=-1, keepdims=True)
        _, exponent = np.frexp(np.where(largest > 0, largest, 1.0))
        sigma = np.ldexp(1.0, exponent + count_bits)
        high = (sigma + terms) - sigma
        terms = terms - high
        total = total + high.sum(axis=-1)
    summed: FloatArray = total + terms.sum(axis=-1)
    return summed


def _split(a: Any) -> tuple[Any, Any]:
    """``a = high + low`` with each half holding 26 bits (Dekker's split).

    For arrays and Python floats alike (both are IEEE double arithmetic).
    """
    c = _SPLITTER * a
    high = c - (c - a)
    return high, a - high


def _two_product(
    a: Any, b: Any, *, a_split: tuple[Any, Any] | None = None
) -> tuple[Any, Any]:
    """``a * b = p + e`` exactly (Dekker's TwoProduct, without a fused multiply-add).

    ``a_split`` is ``_split(a)``, when the caller has it already.
    """
    p = a * b
    a_high, a_low = _split(a) if a_split is None else a_split
    b_high, b_low = _split(b)
    e = ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low
    return p, e


def _two_sum(a: Any, b: Any) -> tuple[Any, Any]:
    """``a + b = s + e`` exactly (Knuth's TwoSum), for arrays and floats."""
    s = a + b
    shifted = s - a
    return s, (a - (s - shifted)) + (b - shifted)


def _exact_residual(
    xt: FloatArray,
    yt: FloatArray,
    params: FloatArray,
    *,
    minus: FloatArray | None = None,
    split: tuple[FloatArray, FloatArray] | None = None,
) -> FloatArray:
    """``y - x @ params`` (less ``minus``), as if computed in twice the precision.

    Works on transposed arrays: ``xt`` is (p, n), ``yt`` and ``minus`` are (k, n),
    ``params`` is (p, k); the result is (k, n). ``split`` is ``_split(xt)``, when
    the caller has it already.

    The fitted values are accumulated as an unevaluated sum ``high + low`` that
    holds them to about twice the working precision: every product is split into
    its rounded value and its exact error (Dekker's TwoProduct), every addition
    likewise (Knuth's TwoSum), as in Ogita, Rump and Oishi's Dot2. Then
    ``(y - high) - low`` rounds each subtraction relative to the residual itself,
    so the result is about as accurate as exact arithmetic rounded once, on any
    platform. With ``minus``, whose size the residual shares, the subtraction from
    ``y`` is carried with its error too. Constant columns (the intercept) are
    multiplied once, in scalars.

    References
    ----------
    .. [1] Ogita, T., Rump, S. M. and Oishi, S. (2005). Accurate sum and dot
       product. SIAM Journal on Scientific Computing 26(6), 1955-1988.
    """
    x_high, x_low = _split(xt) if split is None else split
    constant = (xt == xt[:, :1]).all(axis=1).tolist()
    if yt.shape[0] == 1:
        # One outcome: coefficients as Python floats and rows as vectors, which
        # avoids broadcasting; float arithmetic is IEEE double as NumPy's is.
        coefs: list[Any] = [float(b) for b in params[:, 0]]
        y: FloatArray = yt[0]
        less = None if minus is None else minus[0]
    else:
        coefs = list(params[:, :, None])
        y, less = yt, minus
    high: Any = None
    low: Any = 0.0
    for j, b in enumerate(coefs):
        if constant[j]:
            product, error = _two_product(float(xt[j, 0]), b)
        else:
            product, error = _two_product(xt[j], b, a_split=(x_high[j], x_low[j]))
        if high is None:
            high, low = product, error
        else:
            high, sum_error = _two_sum(high, product)
            low = low + sum_error + error
    if less is None:
        residual: FloatArray = (y - high) - low
    else:
        # y - high - less with the error of the first subtraction: the result is
        # far smaller than either, so that error is not small beside it.
        first, first_error = _two_sum(y, -high)
        residual = (first - less) + (first_error - low)
    return residual if yt.shape[0] > 1 else residual[None, :]
