"""Confidence sets for ranks and for the top units (Mogstad et al. 2024)."""

from __future__ import annotations

import numbers
from typing import Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.dask import compute_tasks, require_dask
from ..core.progress import check_progress, progress
from ..core.ranking import ranks
from ..core.typing import FloatArray, IntArray, SeedLike
from ..core.validation import (
    check_count,
    check_draws,
    check_level,
    check_option,
    check_rng,
)
from ..errors import InvalidOptionError
from ._checks import estimates_and_errors, rescaled

__all__ = ["RANK_BACKENDS", "RANK_METHODS", "RankMethod", "rank_intervals", "top_set"]

#: How the critical values of the rank confidence sets are found.
RankMethod: TypeAlias = Literal["bootstrap", "overlap"]
RANK_METHODS: Final[tuple[RankMethod, ...]] = ("bootstrap", "overlap")

#: Where chunks of bootstrap draws are computed: in this process, one after the
#: other, or as tasks of a Dask graph (any Dask scheduler).
RankBackend: TypeAlias = Literal["numpy", "dask"]
RANK_BACKENDS: Final[tuple[RankBackend, ...]] = ("numpy", "dask")

#: Above this many units the bootstrap is refused: counting the pairs that are
#: surely ordered takes n² comparisons.
MAX_BOOTSTRAP_UNITS: Final = 10_000
# Elements of one working block: 4 Mi float64 values are 32 MB whatever n is, and the
# blocks depend on n only, so the same seed gives the same numbers everywhere.
_BLOCK_ELEMENTS: Final = 1 << 22
# Up to this many units the pair scales 1/sqrt(v_j + v_k) are tabulated (32 MB).
_TABLE_UNITS: Final = 2048


def _pair_scale(se: FloatArray, rows: slice) -> FloatArray:
    """``1 / sqrt(s_j^2 + s_k^2)`` for the rows ``j`` in ``rows`` and every ``k``."""
    variance = se[rows, None] ** 2 + se[None, :] ** 2
    return np.asarray(1.0 / np.sqrt(variance), dtype=np.float64)


def _one_sided_maxima(
    errors: FloatArray, variance: FloatArray, scale: FloatArray | None
) -> FloatArray:
    """``max(0, max_k (e_k - e_j) / sqrt(v_j + v_k))`` for every draw and unit ``j``.

    ``errors`` (draws, n) has its units sorted by increasing variance; ``scale``
    is the table of ``1 / sqrt(v_j + v_k)`` in that order, or None. For ``e_k >
    e_j`` the ratio grows with ``e_k`` and falls with ``v_k``, so a unit beaten by
    another with a larger error and a smaller variance never attains the maximum:
    only the records of the running maximum (in order of variance) can, some 15
    of 426 units in a typical draw. Draws are taken in order of their number of
    records, so that blocks pad little.
    """
    draws, n = errors.shape
    previous = np.maximum.accumulate(errors, axis=1)
    record = np.empty((draws, n), dtype=np.bool_)
    record[:, 0] = True
    record[:, 1:] = errors[:, 1:] > previous[:, :-1]
    count = record.sum(axis=1)
    by_count = np.argsort(count, kind="stable")
    # in each draw the records first, in order, then fillers masked out below
    positions = np.argsort(~record, axis=1, kind="stable")
    best = np.empty((draws, n), dtype=np.float64)
    start = 0
    while start < draws:
        per_block = max(1, _BLOCK_ELEMENTS // (int(count[by_count[start]]) * n))
        end = min(draws, start + per_block)
        width = int(count[by_count[end - 1]])
        end = min(end, start + max(1, _BLOCK_ELEMENTS // (width * n)))
        rows = by_count[start:end]
        width = int(count[by_count[end - 1]])
        leaders = positions[rows, :width]
        valid = np.take_along_axis(record[rows], leaders, axis=1)
        block = errors[rows]
        top = np.where(valid, np.take_along_axis(block, leaders, axis=1), -np.inf)
        t = top[:, :, None] - block[:, None, :]
        if scale is not None:
            t *= scale[leaders]
        else:
            t /= np.sqrt(variance[leaders][:, :, None] + variance[None, None, :])
        best[rows] = np.maximum(t.max(axis=1), 0.0)
        start = end
    return best


def max_abs_t(se: FloatArray, draws: int, generator: np.random.Generator) -> FloatArray:
    """Draws of ``max_k |Z_j - Z_k| / sqrt(s_j^2 + s_k^2)`` for every unit ``j``.

    ``Z ~ N(0, diag(s^2))``. Returns an array of shape ``(draws, n)``. Exact, with
    about ``draws * n * log n`` work: see :func:`_one_sided_maxima`.
    """
    n = se.size
    order = np.argsort(se, kind="stable")
    variance = se[order] ** 2
    scale = None
    if n <= _TABLE_UNITS:
        scale = 1.0 / np.sqrt(variance[:, None] + variance[None, :])
    out = np.empty((draws, n), dtype=np.float64)
    per_block = max(1, _BLOCK_ELEMENTS // n)
    for start in range(0, draws, per_block):
        m = min(per_block, draws - start)
        errors = (generator.standard_normal((m, n)) * se)[:, order]
        upward = _one_sided_maxima(errors, variance, scale)
        downward = _one_sided_maxima(-errors, variance, scale)
        out[start : start + m, order] = np.maximum(upward, downward)
    return out


def counts(
    est: FloatArray, se: FloatArray, critical: FloatArray
) -> tuple[IntArray, IntArray]:
    """Per unit j: how many k are surely above it and how many surely below.

    ``k`` is surely above ``j`` when ``(est_k - est_j) / s_jk > c_j``.
    """
    n = est.size
    above = np.empty(n, dtype=np.int64)
    below = np.empty(n, dtype=np.int64)
    rows_per_block = max(1, _BLOCK_ELEMENTS // n)
    for start in range(0, n, rows_per_block):
        rows = slice(start, min(n, start + rows_per_block))
        t = (est[None, :] - est[rows, None]) * _pair_scale(se, rows)
        c = critical[rows, None]
        above[rows] = (t > c).sum(axis=1)
        below[rows] = (t < -c).sum(axis=1)
    return above, below


def _overlap_counts(
    est: FloatArray, se: FloatArray, level: float
) -> tuple[IntArray, IntArray]:
    """Counts from simultaneous (Šidák) intervals of every unit that do not overlap."""
    from scipy.special import ndtri

    n = est.size
    # P(all n |Z_i| <= c) = level for independent normals; -expm1 keeps
    # 1 - level**(1/n) accurate for large n.
    tail = -np.expm1(np.log(level) / n)
    critical = float(-ndtri(tail / 2.0))
    lower = est - critical * se
    upper = est + critical * se
    sorted_lower = np.sort(lower)
    sorted_upper = np.sort(upper)
    above = n - np.searchsorted(sorted_lower, upper, side="right")
    below = np.searchsorted(sorted_upper, lower, side="left")
    return above.astype(np.int64), below.astype(np.int64)


def _check_draws(draws: object, units: int) -> int:
    # Refused by the budget before any draw is allocated (10**12 draws of 426
    # units would exhaust memory, not fail cleanly).
    return check_draws("draws", draws, units, minimum=100)


def _chunk_maxima(
    se: FloatArray, draws: int, generator: np.random.Generator, simultaneous: bool
) -> FloatArray:
    """What the critical values need of ``draws`` draws.

    Per draw and unit, or per draw only (the largest over units) for simultaneous
    sets.
    """
    maxima = max_abs_t(se, draws, generator)
    return maxima.max(axis=1) if simultaneous else maxima


def _chunked_maxima(
    se: FloatArray,
    *,
    simultaneous: bool,
    draws: int,
    generator: np.random.Generator,
    chunks: int | None,
    backend: RankBackend,
    show: bool,
) -> FloatArray:
    """The maxima of all draws, in chunks of ``chunks`` draws when given.

    Chunk ``i`` draws from the ``i``-th child of ``generator``
    (``generator.spawn``), so its numbers depend on the seed and the chunk size
    only: the same in this process and in a Dask graph, whatever the scheduler
    and the order the chunks are computed in. Without ``chunks`` the draws come
    from ``generator`` itself, one after the other.
    """
    if chunks is None:
        return _chunk_maxima(se, draws, generator, simultaneous)
    sizes = [chunks] * (draws // chunks) + ([draws % chunks] if draws % chunks else [])
    children = generator.spawn(len(sizes))
    if backend == "dask":
        parts = compute_tasks(
            _chunk_maxima,
            [
                (se, size, child, simultaneous)
                for size, child in zip(sizes, children, strict=True)
            ],
            what="backend='dask'",
        )
    else:
        parts = tuple(
            _chunk_maxima(se, size, child, simultaneous)
            for size, child in progress(
                zip(sizes, children, strict=True),
                enabled=show,
                desc="rank intervals",
                total=len(sizes),
                unit="chunk",
            )
        )
    return np.concatenate(parts, axis=0)


def critical_values(
    se: FloatArray,
    *,
    level: float,
    simultaneous: bool,
    draws: int,
    generator: np.random.Generator,
    chunks: int | None = None,
    backend: RankBackend = "numpy",
    show: bool = False,
) -> FloatArray:
    """The critical value :math:`c_j` of every unit (all equal if simultaneous).

    They depend on the standard errors only, not on the estimates.
    """
    n = se.size
    if n > MAX_BOOTSTRAP_UNITS:
        raise InvalidOptionError(
            f"method='bootstrap' compares every pair of units and is limited to "
            f"{MAX_BOOTSTRAP_UNITS:,} units; got {n:,}. Use "
            "method='overlap' (simultaneous intervals, n log n work)"
        )
    maxima = _chunked_maxima(
        se,
        simultaneous=simultaneous,
        draws=draws,
        generator=generator,
        chunks=chunks,
        backend=backend,
        show=show,
    )
    if simultaneous:
        overall = float(np.quantile(maxima, level, method="higher"))
        return np.full(n, overall)
    return np.asarray(
        np.quantile(maxima, level, axis=0, method="higher"), dtype=np.float64
    )


def _bounds(
    est: FloatArray,
    se: FloatArray,
    *,
    level: float,
    simultaneous: bool,
    draws: int,
    rng: SeedLike,
    method: RankMethod,
    chunks: int | None = None,
    backend: RankBackend = "numpy",
    show: bool = False,
) -> tuple[IntArray, IntArray]:
    n = est.size
    if method == "overlap":
        above, below = _overlap_counts(est, se, level)
    else:
        critical = critical_values(
            se,
            level=level,
            simultaneous=simultaneous,
            draws=draws,
            generator=check_rng(rng),
            chunks=chunks,
            backend=backend,
            show=show,
        )
        above, below = counts(est, se, critical)
    return 1 + above, n - below


def rank_intervals(
    estimates: pd.Series | npt.ArrayLike,
    std_errors: pd.Series | npt.ArrayLike,
    *,
    level: float = 0.95,
    simultaneous: bool = False,
    draws: int = 2000,
    rng: SeedLike = None,
    method: RankMethod = "bootstrap",
    chunks: int | None = None,
    backend: RankBackend = "numpy",
    progress: bool = False,
) -> pd.DataFrame:
    """Confidence sets for the rank of every unit (rank 1 = highest estimate).

    Parameters
    ----------
    estimates : pandas.Series or array_like
        One estimate per unit (a Series labels the units, e.g. by code).
    std_errors : pandas.Series or array_like
        Their standard errors (positive); a Series must hold the same units.
    level : float, default 0.95
        Coverage probability, strictly between 0 and 1.
    simultaneous : bool, default False
        False: each unit's set covers its true rank with probability ``level``
        (marginal). True: all sets cover all true ranks at once with probability
        ``level``.
    draws : int, default 2000
        Parametric bootstrap draws for the critical values (at least 100).
    rng : numpy.random.Generator, int or None
        Source of randomness; the same seed gives the same sets.
    method : {"bootstrap", "overlap"}, default "bootstrap"
        ``"bootstrap"``: pairwise differences with bootstrap critical values (the
        sets of Mogstad et al.). ``"overlap"``: units are ordered only where their
        simultaneous intervals do not overlap; no draws, wider sets, for very
        many units (see Notes).
    chunks : int, optional
        Draw the bootstrap in chunks of this many draws, each from its own
        stream (``rng.spawn``): the sets then depend on ``rng`` and ``chunks``
        only, wherever the chunks are computed. Memory for the maxima of one
        chunk is ``chunks * n * 8`` bytes at most. Default: all draws from
        ``rng`` in one stream.
    backend : {"numpy", "dask"}, default "numpy"
        Compute the chunks here one after the other, or as tasks of a Dask graph
        with Dask's current scheduler (needs ``chunks`` and the extra
        ``attraktiv[dask]``). Both give the same sets for the same ``rng`` and
        ``chunks``.
    progress : bool, default False
        Show a progress bar on standard error, one step per chunk (the "numpy"
        backend).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``estimates`` (in its order), with integer columns ``rank``,
        ``rank_low`` and ``rank_high``; ``rank_low <= rank <= rank_high``.

    Raises
    ------
    InvalidOptionError
        For a level outside (0, 1), fewer than 100 draws, an unknown method, or
        ``method="bootstrap"`` with more than 10,000 units; ``chunks`` that is
        not a whole number from 1 to ``draws``, an unknown backend, ``backend="dask"``
        without ``chunks`` or without Dask installed.
    DataError
        For non-finite estimates, standard errors that are not positive and
        finite, or standard errors that do not match the units.

    Notes
    -----
    The estimates :math:`\\hat\\theta_j` are taken as independent and normal,
    :math:`\\hat\\theta_j \\sim N(\\theta_j, s_j^2)` with :math:`s_j` known. With
    :math:`s_{jk} = \\sqrt{s_j^2 + s_k^2}` and the critical value :math:`c_j`,
    unit :math:`k` is *surely above* :math:`j` when
    :math:`\\hat\\theta_k - \\hat\\theta_j > c_j s_{jk}`, *surely below* when
    :math:`\\hat\\theta_j - \\hat\\theta_k > c_j s_{jk}`, and

    .. math::

        \\text{rank\\_low}_j = 1 + \\#\\{k: k \\text{ surely above } j\\}, \\qquad
        \\text{rank\\_high}_j = n - \\#\\{k: k \\text{ surely below } j\\}.

    The marginal :math:`c_j` is the ``level`` quantile of
    :math:`\\max_{k \\ne j} |Z_j - Z_k| / s_{jk}` with :math:`Z \\sim N(0,
    \\operatorname{diag}(s^2))`, from ``draws`` parametric bootstrap draws; the
    simultaneous :math:`c` is the quantile of the maximum over all pairs. When
    every difference lies within :math:`c s_{jk}` of the truth, which happens
    with probability ``level`` (up to simulation error), no true order is
    reversed and the true ranks lie in the sets. This is the construction of
    Mogstad et al. (2024) without their step-down refinement, so the sets are
    valid but can be a little wider than theirs.

    ``method="overlap"`` uses simultaneous intervals :math:`\\hat\\theta_j \\pm c
    s_j` with the Šidák value :math:`(2\\Phi(c) - 1)^n = \\text{level}` and counts
    the intervals that lie wholly above or below unit :math:`j`'s. All intervals
    hold at once with probability ``level``, so the sets are simultaneous (and
    therefore marginal) sets; ``simultaneous`` does not change them.

    **Scaling.** Each bootstrap draw needs, for every unit, the largest of its
    :math:`n - 1` standardized differences. Sorting the units by standard error
    once, only the units whose draw beats every unit with a smaller standard error
    can attain it (the records of a running maximum: about 15 of 426 units in a
    typical draw, growing slowly with :math:`n`), so a draw costs about
    :math:`n` times that number rather than :math:`n^2`; memory stays near 32 MB
    whatever :math:`n`. Counting the pairs that are surely ordered then takes
    :math:`n^2` comparisons once. About 0.2 s of CPU for 426 units and 2,000
    draws, some 8 s for 10,000 units; above 10,000 units the bootstrap is
    refused. For 100,000 units use ``method="overlap"``: two sorts and two
    binary searches, :math:`O(n \\log n)`, a fraction of a second, for
    simultaneous sets and for the units that may be in the top :math:`\\tau`
    (:func:`top_set` takes the same method).

    References
    ----------
    .. [1] Mogstad, M., Romano, J. P., Shaikh, A. M. and Wilhelm, D. (2024).
       Inference for ranks with applications to mobility across neighbourhoods
       and academic achievement across countries. *Review of Economic Studies*
       91(1), 476-518.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.uncertainty import rank_intervals
    >>> estimates = np.array([10.0, 9.9, 5.0, 0.0, -0.1])
    >>> sets = rank_intervals(estimates, np.full(5, 0.5), rng=1)
    >>> sets
          rank  rank_low  rank_high
    code
    0        1         1          2
    1        2         1          2
    2        3         3          3
    3        4         4          5
    4        5         4          5
    """
    est, se, labels = estimates_and_errors(estimates, std_errors)
    # Rank sets do not depend on the units; squares of 1e±160 do.
    est, se, _ = rescaled(est, se, labels)
    level = check_level(level)
    draws = _check_draws(draws, len(est))
    method = check_option("method", method, RANK_METHODS)
    if not isinstance(simultaneous, bool | np.bool_):
        raise InvalidOptionError(
            f"simultaneous={simultaneous!r} is not valid; give True or False"
        )
    if chunks is not None:
        chunks = check_count("chunks", chunks, maximum=draws)
    backend = check_option("backend", backend, RANK_BACKENDS)
    if backend == "dask" and chunks is None:
        raise InvalidOptionError(
            "backend='dask' computes chunks of draws as tasks; give chunks= as well "
            "(for example chunks=500)"
        )
    if backend == "dask":
        require_dask("backend='dask'")
    low, high = _bounds(
        est,
        se,
        level=level,
        simultaneous=bool(simultaneous),
        draws=draws,
        rng=rng,
        method=method,
        chunks=chunks,
        backend=backend,
        show=check_progress(progress),
    )
    return pd.DataFrame(
        {"rank": ranks(est), "rank_low": low, "rank_high": high},
        index=labels,
    )


def top_set(
    estimates: pd.Series | npt.ArrayLike,
    std_errors: pd.Series | npt.ArrayLike,
    tau: int,
    *,
    level: float = 0.95,
    draws: int = 2000,
    rng: SeedLike = None,
    method: RankMethod = "bootstrap",
) -> pd.Index:
    """The units that may be among the top ``tau``, with confidence ``level``.

    Parameters
    ----------
    estimates, std_errors : pandas.Series or array_like
        As :func:`rank_intervals`.
    tau : int
        How many top units, from 1 to the number of units.
    level : float, default 0.95
        Probability that the set holds every one of the true top ``tau`` units.
    draws, rng, method
        As :func:`rank_intervals`.

    Returns
    -------
    pandas.Index
        The labels of the units that may be in the top ``tau``, highest estimate
        first. It holds at least ``tau`` units.

    Raises
    ------
    InvalidOptionError
        For ``tau`` that is not a whole number from 1 to the number of units, and
        as :func:`rank_intervals`.
    DataError
        As :func:`rank_intervals`.

    Notes
    -----
    Unit :math:`j` is left out when at least :math:`\\tau` units are surely above
    it, i.e. when the lower end of its simultaneous rank set exceeds
    :math:`\\tau`:

    .. math:: \\{j : \\text{rank\\_low}_j \\le \\tau\\}.

    A true top-:math:`\\tau` unit has at most :math:`\\tau - 1` units truly above
    it, so leaving it out needs a false "surely above"; the simultaneous critical
    value makes that happen with probability at most :math:`1 - \\text{level}`
    (Mogstad et al. 2024, the confidence set for the :math:`\\tau`-best).

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.uncertainty import top_set
    >>> estimates = np.array([10.0, 9.9, 5.0, 0.0, -0.1])
    >>> top_set(estimates, np.full(5, 0.5), 1, rng=1).tolist()
    [0, 1]
    """
    est, se, labels = estimates_and_errors(estimates, std_errors)
    est, se, _ = rescaled(est, se, labels)
    n = est.size
    if (
        isinstance(tau, bool)
        or not isinstance(tau, numbers.Integral)
        or not 1 <= int(tau) <= n
    ):
        raise InvalidOptionError(
            f"tau={tau!r} is not valid; it must be a whole number from 1 to {n} "
            "(the number of units)"
        )
    level = check_level(level)
    draws = _check_draws(draws, n)
    method = check_option("method", method, RANK_METHODS)
    low, _ = _bounds(
        est, se, level=level, simultaneous=True, draws=draws, rng=rng, method=method
    )
    chosen = np.flatnonzero(low <= int(tau))
    order = chosen[np.lexsort((chosen, -est[chosen]))]
    return labels[order]
