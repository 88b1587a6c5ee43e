"""The fit of many outcomes in blocks: residuals by rows, or one pass keeping none.

Helpers of :mod:`attraktiv.regression._kernel` for many outcomes sharing one
design, none refined: :func:`plain_residual` computes residuals and their sums
of squares in cache-sized blocks (for a fit that keeps its residual matrix),
and :func:`fit_in_blocks` fits very many outcomes in one pass over memory,
keeping no residual matrix but checksums of the outcomes, so that residuals
recomputed later (:func:`recomputed_residual`) are known to be of the same
data.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Literal

import numpy as np

from ..core.typing import FloatArray, UIntArray

__all__ = ["fit_in_blocks", "plain_residual", "recomputed_residual"]

#: Elements per block of the residuals of many outcomes (1 MiB: they stay in cache
#: while they are squared).
_BLOCK_ELEMENTS = 2**17

#: :func:`fit_in_blocks` takes the residual sum of squares of an outcome as the
#: difference of two sums of squares where that loses at most this many bits of
#: 52 (the outcome's sum of squares at most 16 times the residuals'; residuals
#: computed in working precision lose about half as many there).
_PYTHAGORAS_BITS = 4
_PYTHAGORAS_LIMIT = 2.0**_PYTHAGORAS_BITS

#: Elements per block of :func:`fit_in_blocks` for outcomes in Fortran order
#: (256 KiB of whole columns): each block is read several times (projected,
#: squared, two checksums, and its residuals where they are needed), and stays
#: in a core's cache meanwhile; blocks of 2**17 took 1.2 to 1.3 times as long
#: for 100,000 outcomes of 426 rows.
_STREAM_ELEMENTS = 2**15

#: Outcomes in C order are taken in tiles of this many rows (a cache line of
#: each column) and at most ``_PANEL_COLUMNS`` columns (512 KiB): fixed, so that
#: the checksums of an outcome, added up tile by tile, are the same bits
#: whichever other outcomes were fitted or are read with it. Measured for
#: 100,000 outcomes of 426 rows (before the bit sum was weighted by rows, which
#: costs about a tenth more): 0.89 us per outcome, against 0.92 with tiles of 16
#: rows and 0.99 to 1.02 with panels of 2**14 columns.
_CHECK_ROWS = 8
_PANEL_COLUMNS = 2**13

#: Residual matrices larger than this (bytes) reuse memory (see
#: :class:`_ReusedMemory`): glibc serves allocations above 32 MiB, its largest
#: threshold for them, by mapping fresh pages, which the kernel zeroes on first
#: touch (about a fifth of a fit of 10,000 outcomes of 426 rows, 33 MiB);
#: smaller ones come from memory the process has mapped already.
_FRESH_BYTES = 2**25

#: ... and up to this many bytes (the residual matrices a fit keeps, up to the
#: engine's ``_KEPT_RESIDUALS`` elements): residuals recomputed for a fit of
#: hundreds of thousands of outcomes are read rarely, and keeping their memory
#: would keep gigabytes.
_REUSED_BYTES = 2**26


class _ReusedMemory:
    """Memory of large residual matrices, reused once nothing refers to it.

    A matrix handed out is a view of an array made over a buffer kept here; that
    array is the base of every later view of it (a DataFrame's included), since
    NumPy stops collapsing bases at an array whose own base is not an array. When
    the last of those views is gone, a finaliser gives the buffer back, and the
    next large fit writes into pages that are mapped already instead of fresh
    ones. A buffer is never handed out twice while in use; at most one is kept
    when none is (the largest given back), so a process keeps at most 64 MiB
    (``_REUSED_BYTES``) after its fits are gone.
    """

    def __init__(self) -> None:
        # Re-entrant: a finaliser may run in a thread that holds the lock.
        self._lock = threading.RLock()
        self._spare: FloatArray | None = None

    def matrix(self, n: int, k: int, order: Literal["C", "F"]) -> FloatArray:
        """An uninitialised (n, k) float matrix in ``order``."""
        size = n * k
        if not _FRESH_BYTES < size * 8 <= _REUSED_BYTES:
            return np.empty((n, k), order=order)
        with self._lock:
            buffer, self._spare = self._spare, None
        if buffer is None or buffer.size < size:
            buffer = np.empty(size)
        owner: FloatArray = np.frombuffer(buffer.data, dtype=np.float64)
        weakref.finalize(owner, self._give_back, buffer).atexit = False
        return owner[:size].reshape((n, k), order=order)

    def _give_back(self, buffer: FloatArray) -> None:
        with self._lock:
            if self._spare is None or self._spare.size < buffer.size:
                self._spare = buffer


_RESIDUAL_MEMORY = _ReusedMemory()


def fit_in_blocks(
    xt: FloatArray,
    y: FloatArray,
    q: FloatArray,
    solve: Callable[[FloatArray], FloatArray],
    root: FloatArray | None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """The fit of very many outcomes in one pass over memory, keeping no residuals.

    ``y`` (n, k) is read once, in tiles that stay in cache while each is
    projected, its sums of squares and its checksums taken (three passes over
    memory otherwise: projection, residuals, their sum of squares). The residual
    sums of squares come by Pythagoras, as the sum of squares of the outcomes
    less that of their projections, where that keeps all but
    ``_PYTHAGORAS_BITS`` bits, and from the residuals themselves where it would
    not. No residual matrix is written; checksums of the outcomes (see
    :func:`_add_checksums`) are taken instead, so that ``LeastSquares.resid``
    can recompute the residuals later (:func:`recomputed_residual`) from
    outcomes it can tell are unchanged. Returns ``params`` (p, k),
    ``projected`` (p, k), the weighted ``ssr`` (k,) and the checksums (2, k).
    ``solve`` turns projected outcomes (p, m) into coefficients (the engine's
    triangular solve).

    Outcomes whose columns are contiguous (Fortran order) are taken in blocks
    of whole columns; others (C order, the usual) in tiles of
    ``_CHECK_ROWS`` rows of at most ``_PANEL_COLUMNS`` columns, whose
    projections and sums are added up over the rows: blocks of whole columns
    of a C-ordered array read memory with a stride of a whole row, and took 1.3
    to 1.8 times as long.
    """
    n, k = y.shape
    p = xt.shape[0]
    # Weighting the basis rather than y: no weighted copy of a block either.
    basis_t = np.ascontiguousarray((q if root is None else q * root[:, None]).T)
    root_squared = None if root is None else root * root
    params = np.empty((p, k))
    projected = np.empty((p, k))
    ssr = np.empty(k)
    checksums = np.zeros((2, k))
    weights, multipliers = _row_weights(n)
    for first, last in _panels(y):
        outcomes = y[:, first:last]
        block_projected, totals = _tiled_pass(
            basis_t,
            outcomes,
            root_squared,
            checksums[:, first:last],
            (weights, multipliers),
        )
        projected[:, first:last] = block_projected
        block_params = solve(block_projected)
        params[:, first:last] = block_params
        # By Pythagoras, |W^1/2 y|^2 - |Q' W^1/2 y|^2: no residuals needed.
        block_ssr = totals - np.einsum("ij,ij->j", block_projected, block_projected)
        # The difference keeps about 52 - log2(total / ssr) bits: where it would
        # lose more than _PYTHAGORAS_BITS (an outcome far from zero beside what
        # the model leaves of it; NaN too), the residuals are computed and
        # squared instead.
        exact = ~(block_ssr * _PYTHAGORAS_LIMIT >= totals)
        if exact.any():
            squares = _residual_squares(xt.T, outcomes, block_params, root)
            block_ssr[exact] = squares[exact]
        ssr[first:last] = block_ssr
    return params, projected, ssr, checksums


def _by_columns(y: FloatArray) -> bool:
    """Whether ``y`` is taken in blocks of whole columns (see :func:`_panels`).

    Decided by the stride along the rows, not by the contiguity flags, so that
    a slice of outcomes (one column of a C-ordered array is both C- and
    F-contiguous as an array of its own) takes the path its parent took, and
    its checksums are taken in the same order.
    """
    return bool(y.strides[0] == y.itemsize)


def _panels(y: FloatArray) -> list[tuple[int, int]]:
    """Column ranges of ``y`` taken one at a time, as (first, last) pairs."""
    n, k = y.shape
    width = max(1, _STREAM_ELEMENTS // n) if _by_columns(y) else _PANEL_COLUMNS
    return [(first, min(k, first + width)) for first in range(0, k, width)]


def _tile_rows(y: FloatArray) -> int:
    """Rows per tile of a panel of ``y``: all rows when its columns are contiguous."""
    return y.shape[0] if _by_columns(y) else _CHECK_ROWS


def _tiled_pass(
    basis_t: FloatArray,
    outcomes: FloatArray,
    root_squared: FloatArray | None,
    checksums: FloatArray,
    rows: tuple[FloatArray, UIntArray],
) -> tuple[FloatArray, FloatArray]:
    """Projections and weighted sums of squares of a panel, by tiles of rows.

    Each tile (:func:`_tile_rows`) is read from memory once: projected, squared
    and added to the checksums while in cache. ``rows`` are the row weights and
    multipliers of the checksums (:func:`_row_weights`). Returns the projected
    outcomes (p, m) and their weighted sums of squares (m,).
    """
    n, m = outcomes.shape
    weights, multipliers = rows
    height = _tile_rows(outcomes)
    projected = np.zeros((basis_t.shape[0], m))
    totals = np.zeros(m)
    for start in range(0, n, height):
        stop = min(n, start + height)
        tile = outcomes[start:stop]
        projected += basis_t[:, start:stop] @ tile
        if root_squared is None:
            totals += np.einsum("ij,ij->j", tile, tile)
        else:
            totals += np.einsum("i,ij,ij->j", root_squared[start:stop], tile, tile)
        _add_checksums(checksums, tile, weights[start:stop], multipliers[start:stop])
    return projected, totals


def _residual_squares(
    x: FloatArray, outcomes: FloatArray, params: FloatArray, root: FloatArray | None
) -> FloatArray:
    """Weighted sums of squared residuals of a panel, computed from the residuals.

    By tiles of rows (a panel of a C-ordered array) or at once (whole columns),
    without keeping them.
    """
    n, m = outcomes.shape
    rows = _tile_rows(outcomes)
    squares = np.zeros(m)
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        block = outcomes[start:stop] - x[start:stop] @ params
        if root is not None:
            block *= root[start:stop, None]
        squares += np.einsum("ij,ij->j", block, block)
    return squares


def recomputed_residual(
    xt: FloatArray, y: FloatArray, params: FloatArray, root: FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    """Residuals of a fit made by :func:`fit_in_blocks`, and the checksums of ``y``.

    One pass over ``y``, in the blocks or tiles the fit took its checksums in
    (:func:`_panels`), so that unchanged outcomes give the same bits; the
    caller compares them with the fit's before handing out the residuals.
    Returns the unweighted residuals (n, k), in ``y``'s memory order, and the
    checksums (2, k).
    """
    n, k = y.shape
    x = xt.T
    by_columns = _by_columns(y)
    resid = _RESIDUAL_MEMORY.matrix(n, k, "F" if by_columns else "C")
    checksums = np.zeros((2, k))
    weights, multipliers = _row_weights(n)
    height = _tile_rows(y)
    panels = _panels(y)
    # Whole columns are computed a block at a time; rows of a C-ordered y at
    # their full width (a subtraction into a view narrower than the array's rows
    # took half as long again). Either way the checksums are taken a panel at a
    # time, as in the fit: (columns computed, their panels) pairs.
    blocks = (
        [(panel, [panel]) for panel in panels] if by_columns else [((0, k), panels)]
    )
    for (first, last), checked in blocks:
        outcomes = y[:, first:last]
        coefficients = params[:, first:last]
        for start in range(0, n, height):
            stop = min(n, start + height)
            block = resid[start:stop, first:last]
            np.matmul(x[start:stop], coefficients, out=block)
            np.subtract(outcomes[start:stop], block, out=block)
            for left, right in checked:
                _add_checksums(
                    checksums[:, left:right],
                    y[start:stop, left:right],
                    weights[start:stop],
                    multipliers[start:stop],
                )
    return resid, checksums


def plain_residual(
    xt: FloatArray, y: FloatArray, params: FloatArray, root: FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    """Residuals and their weighted sum of squares, in double precision.

    ``xt`` is the design transposed, (p, n); ``y`` is (n, k) and the residuals
    come in its memory order. They are computed in blocks of about
    ``_BLOCK_ELEMENTS`` (rows of a C-ordered ``y``, columns of a Fortran-ordered
    one), each squared and summed while it is still in cache: one pass over memory
    fewer than a whole product, a subtraction and a sum of squares (measured for
    426 x 10,000 on one thread: 10 against 12.5 ms).
    """
    n, k = y.shape
    x = xt.T
    if y.flags.f_contiguous and not y.flags.c_contiguous:
        resid = _RESIDUAL_MEMORY.matrix(n, k, "F")
        ssr = np.empty(k)
        step = max(1, _BLOCK_ELEMENTS // n)
        for start in range(0, k, step):
            block = resid[:, start : start + step]
            np.matmul(x, params[:, start : start + step], out=block)
            np.subtract(y[:, start : start + step], block, out=block)
            weighted = block if root is None else block * root[:, None]
            ssr[start : start + step] = np.einsum("ij,ij->j", weighted, weighted)
        return resid, ssr
    resid = _RESIDUAL_MEMORY.matrix(n, k, "C")
    ssr = np.zeros(k)
    # Rows at a time, and beyond _BLOCK_ELEMENTS // 8 outcomes also columns at a
    # time: a block is never a single row, whose cost per element is several times
    # that of a block (a million outcomes cost 11 us each instead of 3 before).
    rows = min(n, max(8, _BLOCK_ELEMENTS // k))
    columns = max(1, _BLOCK_ELEMENTS // rows)
    if columns >= k:
        for start in range(0, n, rows):
            block = resid[start : start + rows]
            np.matmul(x[start : start + rows], params, out=block)
            np.subtract(y[start : start + rows], block, out=block)
            weighted = (
                block if root is None else block * root[start : start + rows, None]
            )
            ssr += np.einsum("ij,ij->j", weighted, weighted)
        return resid, ssr
    # matmul into a strided view is many times slower than into a contiguous one.
    fitted = np.empty((rows, columns))
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        for first in range(0, k, columns):
            last = min(k, first + columns)
            product = fitted[: stop - start, : last - first]
            np.matmul(x[start:stop], params[:, first:last], out=product)
            block = resid[start:stop, first:last]
            np.subtract(y[start:stop, first:last], product, out=block)
            weighted = block if root is None else block * root[start:stop, None]
            ssr[first:last] += np.einsum("ij,ij->j", weighted, weighted)
    return resid, ssr


#: Row weights and multipliers of :func:`_add_checksums`, kept for the largest
#: ``n`` seen.
_ROW_WEIGHTS: list[tuple[FloatArray, UIntArray]] = [
    (np.ones(0), np.ones(0, dtype=np.uint64))
]


def _row_weights(n: int) -> tuple[FloatArray, UIntArray]:
    """Weights of rows ``0, ..., n - 1`` for :func:`_add_checksums`.

    Distinct float weights in [1, 2), and the odd integers ``2 i + 1``.
    """
    kept = _ROW_WEIGHTS[0]
    if kept[0].shape[0] < n:
        # the fractional parts of multiples of the golden ratio: well spread
        weights = 1.0 + np.modf(np.arange(1, n + 1) * 0.6180339887498949)[0]
        multipliers = 2 * np.arange(n, dtype=np.uint64) + np.uint64(1)
        kept = (weights, multipliers)
        _ROW_WEIGHTS[0] = kept
    return kept[0][:n], kept[1][:n]


def _add_checksums(
    checksums: FloatArray,
    block: FloatArray,
    weights: FloatArray,
    multipliers: UIntArray,
) -> None:
    """Add two checksums of each column of ``block`` to ``checksums``, (2, m).

    ``weights`` and ``multipliers`` are those of the block's rows
    (:func:`_row_weights`). The first
    checksum is the sum of the values' bit patterns as integers times the odd
    multipliers ``2 i + 1`` of their rows (mod 2**64, kept in a float's bits):
    exact, so a change of any one value changes it (an odd multiple of a
    non-zero difference is not 0 mod 2**64), and values exchanged between rows
    ``i`` and ``j`` change it by ``2 (i - j)`` times the difference of their bit
    patterns, which is 0 mod 2**64 only if that difference is divisible by
    ``2**63 / (i - j)`` (values equal but for their sign and exponent). The
    second is the sum of the values times distinct float row weights, which
    catches those: exchanged values far apart in magnitude. (On its own it
    missed values exchanged that differ by less than the rounding of the sum,
    such as counts near a million differing by 1 in rows whose weights are
    close.) Both are computed in the same order from the same memory every
    time, so the same outcomes give bit for bit the same checksums.
    """
    bits = checksums[0].view(np.uint64)
    # Integer sums are exact in any order, and wrap silently mod 2**64.
    bits += np.einsum("i,ij->j", multipliers, block.view(np.uint64))
    checksums[1] += np.einsum("i,ij->j", weights, block)
