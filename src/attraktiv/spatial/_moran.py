"""Moran's I, global and local (LISA), with analytic and permutation inference."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, TypeAlias

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from ..core.frozen import hand_out_copies
from ..core.typing import BoolArray, FloatArray, IntArray, SeedLike
from ..core.validation import check_count, check_draws, check_option, check_rng
from ..errors import DataError, GeographyError, InvalidOptionError
from ._weights import SpatialWeights

__all__ = [
    "QUADRANTS",
    "Alternative",
    "IslandPolicy",
    "LocalMoransResult",
    "MoransIResult",
    "local_morans",
    "morans_i",
]

Alternative: TypeAlias = Literal["two-sided", "greater", "less"]
ALTERNATIVES: Final[tuple[Alternative, ...]] = ("two-sided", "greater", "less")
IslandPolicy: TypeAlias = Literal["raise", "keep", "drop"]
ISLAND_POLICIES: Final[tuple[IslandPolicy, ...]] = ("raise", "keep", "drop")

#: The quadrants of the Moran scatter plot, in esda's numbering 1-4: a unit high
#: (H) or low (L) against the mean, then its neighbours' average high or low.
QUADRANTS: Final[tuple[str, ...]] = ("HH", "LH", "LL", "HL")

# Permuted values held at once: blocks of permutations keep memory bounded.
_BLOCK_CELLS: Final = 2_000_000
_SHOWN: Final = 10


def _listed(codes: Sequence[str]) -> str:
    text = ", ".join(str(c) for c in codes[:_SHOWN])
    if len(codes) > _SHOWN:
        text += f" and {len(codes) - _SHOWN} more"
    return text


def _read_only(array: FloatArray) -> FloatArray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class _Prepared:
    codes: pd.Index
    y: FloatArray
    #: The weights divided by ``2**exponent`` (exactly), so the largest is near 1:
    #: the statistics do not depend on the weights' scale, or scale with them,
    #: but their moments square them, and weights near 1e±160 (not
    #: row-standardized) would leave the double range on the way.
    matrix: sp.csr_array
    exponent: int
    dropped: pd.Index
    islands: pd.Index


def _aligned_values(values: object, weights: SpatialWeights) -> FloatArray:
    codes = weights.codes
    if isinstance(values, pd.Series):
        index = values.index.astype(str)
        if index.has_duplicates:
            repeated = sorted(set(index[index.duplicated()]))
            raise DataError(f"values: duplicate unit codes {_listed(repeated)}")
        missing = codes.difference(index)
        extra = index.difference(codes)
        if len(missing) or len(extra):
            parts = []
            if len(missing):
                parts.append(f"no value for {_listed(list(missing))}")
            if len(extra):
                parts.append(
                    f"values for {_listed(list(extra))}, which the weights lack"
                )
            raise GeographyError(
                f"the values do not match the {len(codes)} units of the weights: "
                f"{'; '.join(parts)}. Subset the weights with "
                "weights.subset(values.index), or the values to weights.codes"
            )
        if not pd.api.types.is_numeric_dtype(values.dtype) or (
            pd.api.types.is_bool_dtype(values.dtype)
        ):
            raise DataError(f"values have dtype {values.dtype}; give numbers")
        aligned = pd.Series(values.to_numpy(), index=index).reindex(codes)
        return np.asarray(aligned.to_numpy(dtype=np.float64, na_value=np.nan))
    if isinstance(values, pd.DataFrame):
        raise DataError("values is a DataFrame; give one column (a Series by code)")
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(
            f"values={type(values).__name__} is not valid; give a pandas Series by "
            "unit code or a 1-D array of numbers"
        ) from None
    if array.ndim != 1 or len(array) != len(codes):
        raise DataError(
            f"values have shape {array.shape}; the weights have {len(codes)} units, "
            "so give a 1-D array of that length (in the order of weights.codes) or a "
            "Series by code"
        )
    return array.copy()


def _prepare(
    values: object,
    weights: object,
    *,
    islands: str,
    row_standardize: object,
    minimum: int,
) -> _Prepared:
    if not isinstance(weights, SpatialWeights):
        raise InvalidOptionError(
            f"weights={type(weights).__name__} is not valid; give SpatialWeights, "
            "e.g. attraktiv.spatial.contiguity_weights('municipality')"
        )
    policy = check_option("islands", islands, ISLAND_POLICIES)
    if not isinstance(row_standardize, bool):
        raise InvalidOptionError(
            f"row_standardize={row_standardize!r} is not valid; give True or False"
        )
    y = _aligned_values(values, weights)
    bad = ~np.isfinite(y)
    if bad.any():
        raise DataError(
            f"values are missing or not finite for {_listed(list(weights.codes[bad]))};"
            " drop those units from the values and the weights (weights.subset)"
        )
    island_codes = weights.islands
    dropped: pd.Index = pd.Index([], dtype="str", name="code")
    if len(island_codes):
        if policy == "raise":
            raise GeographyError(
                f"{len(island_codes)} unit(s) have no neighbours in the weights: "
                f"{_listed(list(island_codes))}. Choose islands='drop' to leave them "
                "out, islands='keep' to count them with a zero spatial lag, or link "
                "them (contiguity_weights(..., link_islands=True))"
            )
        if policy == "drop":
            kept = ~weights.codes.isin(island_codes)
            weights = weights.subset(pd.Index(weights.codes[kept]))
            y = y[kept]
            dropped = island_codes
            if len(weights.islands):
                raise GeographyError(
                    "after dropping the islands, these units have no neighbours "
                    f"left: {_listed(list(weights.islands))} (the weights are not "
                    "symmetric); drop them too with weights.subset"
                )
    if len(weights) < minimum:
        raise DataError(
            f"{len(weights)} units are too few; Moran's I needs at least {minimum}"
        )
    if np.ptp(y) == 0.0:
        raise DataError(
            f"the values are constant ({y[0]:g} for every unit); spatial "
            "autocorrelation is undefined for a constant variable"
        )
    if weights.matrix.nnz == 0:
        # Every unit an island (islands='keep'): no pair is linked, so there is no
        # spatial lag to correlate with, and the statistic would divide by zero.
        raise GeographyError(
            f"the weights link none of their {len(weights.codes)} units (every one "
            "is an island); spatial autocorrelation needs neighbours: build the "
            "weights with contiguity_weights(..., link_islands=True) or another "
            "criterion"
        )
    if row_standardize:
        weights = weights.row_standardized()
    # Moran's I does not depend on the units of the values, but squares of values
    # near 1e±160 leave the double range: divide by a power of two (exactly).
    y = np.ldexp(y, -int(np.frexp(np.abs(y).max())[1]))
    exponent = int(np.frexp(weights.matrix.max())[1])
    return _Prepared(
        codes=weights.codes,
        y=y,
        matrix=weights.matrix * 2.0**-exponent,
        exponent=exponent,
        dropped=dropped,
        islands=weights.islands,
    )


def _permutation_blocks(permutations: int, n: int) -> list[int]:
    size = max(1, _BLOCK_CELLS // max(n, 1))
    blocks = [size] * (permutations // size)
    if permutations % size:
        blocks.append(permutations % size)
    return blocks


def _pvalue_from_counts(
    at_least: IntArray | int,
    at_most: IntArray | int,
    permutations: int,
    alternative: Alternative,
) -> FloatArray:
    greater = (np.asarray(at_least, dtype=np.float64) + 1.0) / (permutations + 1.0)
    less = (np.asarray(at_most, dtype=np.float64) + 1.0) / (permutations + 1.0)
    if alternative == "greater":
        return greater
    if alternative == "less":
        return less
    return np.minimum(1.0, 2.0 * np.minimum(greater, less))


def _analytic_pvalue(z: float, alternative: Alternative) -> float:
    if alternative == "greater":
        return float(stats.norm.sf(z))
    if alternative == "less":
        return float(stats.norm.cdf(z))
    return float(2.0 * stats.norm.sf(abs(z)))


@dataclass(frozen=True, eq=False)
class MoransIResult:
    """Global Moran's I with its moments and p-values (see :func:`morans_i`).

    Attributes
    ----------
    statistic : float
        Moran's I.
    expected : float
        Its expectation under no spatial autocorrelation, :math:`-1/(n-1)`.
    variance_norm, variance_rand : float
        Its variance under normality and under randomization.
    z_norm, z_rand : float
        :math:`(I - E[I]) / \\sqrt{V[I]}` under each.
    pvalue_norm, pvalue_rand : float
        Normal-approximation p-values of ``z_norm`` and ``z_rand`` for the
        ``alternative``.
    pvalue_permutation : float
        The permutation p-value, :math:`(b + 1) / (P + 1)`, with :math:`b` the
        permutations at least as extreme; NaN when ``permutations`` was 0.
    null_distribution : numpy.ndarray
        I of every permutation (read-only; empty when ``permutations`` was 0).
    n : int
        Units the statistic is computed over.
    permutations : int
    alternative : {"two-sided", "greater", "less"}
    codes : pandas.Index
        The units, in the order of the weights.
    dropped : pandas.Index
        Islands left out (``islands="drop"``); empty otherwise.
    islands : pandas.Index
        Units counted with no neighbours (``islands="keep"``); empty otherwise.
    """

    statistic: float
    expected: float
    variance_norm: float
    variance_rand: float
    z_norm: float
    z_rand: float
    pvalue_norm: float
    pvalue_rand: float
    pvalue_permutation: float
    null_distribution: FloatArray = field(repr=False)
    n: int
    permutations: int
    alternative: Alternative
    codes: pd.Index = field(repr=False)
    dropped: pd.Index = field(repr=False)
    islands: pd.Index = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"MoransIResult(statistic={self.statistic:.4f}, "
            f"expected={self.expected:.4f}, z_rand={self.z_rand:.3f}, "
            f"pvalue_rand={self.pvalue_rand:.3g}, "
            f"pvalue_permutation={self.pvalue_permutation:.3g}, n={self.n})"
        )


hand_out_copies(MoransIResult, "null_distribution", "codes", "dropped", "islands")


def _global_moments(
    z: FloatArray, matrix: sp.csr_array
) -> tuple[float, float, float, float, float]:
    """I, E[I], V_norm[I], V_rand[I] and S0 for centred values ``z``."""
    n = float(len(z))
    s0 = float(matrix.sum())
    symmetric = matrix + matrix.T
    s1 = 0.5 * float(symmetric.multiply(symmetric).sum())
    row_plus_column = np.asarray(matrix.sum(axis=1) + matrix.sum(axis=0))
    s2 = float(np.sum(row_plus_column**2))
    sum_squares = float(z @ z)
    statistic = n / s0 * float(z @ (matrix @ z)) / sum_squares
    expected = -1.0 / (n - 1.0)
    s0_squared = s0 * s0
    variance_norm = (n * n * s1 - n * s2 + 3.0 * s0_squared) / (
        (n - 1.0) * (n + 1.0) * s0_squared
    ) - expected**2
    kurtosis = n * float(np.sum(z**4)) / sum_squares**2
    a = n * ((n * n - 3.0 * n + 3.0) * s1 - n * s2 + 3.0 * s0_squared)
    b = kurtosis * ((n * n - n) * s1 - 2.0 * n * s2 + 6.0 * s0_squared)
    variance_rand = (a - b) / (
        (n - 1.0) * (n - 2.0) * (n - 3.0) * s0_squared
    ) - expected**2
    return statistic, expected, variance_norm, variance_rand, s0


def morans_i(
    values: pd.Series | FloatArray | Sequence[float],
    weights: SpatialWeights,
    *,
    permutations: int = 999,
    rng: SeedLike = None,
    alternative: Alternative = "two-sided",
    islands: IslandPolicy = "raise",
    row_standardize: bool = True,
) -> MoransIResult:
    """Global Moran's I: whether neighbouring units have similar values.

    Parameters
    ----------
    values : pandas.Series or array-like
        One number per unit: a Series by unit code (aligned to ``weights.codes``;
        every code must be present, none extra), or an array in the order of
        ``weights.codes``.
    weights : SpatialWeights
        Who is whose neighbour, e.g. :func:`contiguity_weights`.
    permutations : int, default 999
        Random permutations of the values over the units for the permutation
        p-value (0 for none).
    rng : numpy.random.Generator, int or None
        Source of randomness for the permutations.
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        "greater" tests for clustering (similar values together), "less" for
        dispersion (a checkerboard).
    islands : {"raise", "keep", "drop"}, default "raise"
        What to do with units that have no neighbours: refuse, count them with a
        zero spatial lag (as esda does; they add to :math:`n` but not to the
        cross-products), or leave them out.
    row_standardize : bool, default True
        Scale each unit's weights to sum to 1 first (esda's
        ``transformation="r"``).

    Returns
    -------
    MoransIResult

    Raises
    ------
    InvalidOptionError
        If ``weights`` is not SpatialWeights or an option is not one of its
        choices.
    GeographyError
        If the codes of ``values`` and ``weights`` differ (the message names
        them), or a unit has no neighbours and ``islands="raise"``.
    DataError
        If a value is missing or not finite (naming the units), the values are
        constant, or there are fewer than 4 units.

    Notes
    -----
    With :math:`z_i = y_i - \\bar y` and weights :math:`w_{ij}` summing to
    :math:`S_0`,

    .. math:: I = \\frac{n}{S_0}
              \\frac{\\sum_i \\sum_j w_{ij} z_i z_j}{\\sum_i z_i^2},
              \\qquad E[I] = -\\frac{1}{n - 1}.

    With :math:`S_1 = \\tfrac12 \\sum_{ij} (w_{ij} + w_{ji})^2`,
    :math:`S_2 = \\sum_i (w_{i\\cdot} + w_{\\cdot i})^2` and the sample kurtosis
    :math:`b_2 = n \\sum z_i^4 / (\\sum z_i^2)^2`, the variance under normality is

    .. math:: V_N[I] = \\frac{n^2 S_1 - n S_2 + 3 S_0^2}{(n^2 - 1) S_0^2} - E[I]^2

    and under randomization (every assignment of the values to the units equally
    likely)

    .. math:: V_R[I] = \\frac{n[(n^2 - 3n + 3) S_1 - n S_2 + 3 S_0^2]
              - b_2[(n^2 - n) S_1 - 2n S_2 + 6 S_0^2]}
              {(n - 1)(n - 2)(n - 3) S_0^2} - E[I]^2 .

    The permutation p-value of :math:`P` permutations with :math:`b_{\\ge}` of
    them at least and :math:`b_{\\le}` at most the observed I is
    :math:`(b_{\\ge} + 1)/(P + 1)` for "greater", :math:`(b_{\\le} + 1)/(P + 1)`
    for "less", and twice the smaller, capped at 1, for "two-sided". (esda's
    ``p_sim`` is the smaller one-sided value, not doubled.)

    References
    ----------
    .. [1] Cliff, A. D. and Ord, J. K. (1981). *Spatial Processes: Models and
       Applications*. London: Pion.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.spatial import contiguity_weights, morans_i
    >>> index = attraktiv.AttractivenessModel().fit(
    ...     load_norway(), "2014-2016", "region"
    ... ).index
    >>> w = contiguity_weights("region", link_islands=True)
    >>> result = morans_i(index, w, rng=1)
    >>> round(result.statistic, 3), round(result.expected, 4)
    (0.157, -0.0119)
    >>> round(result.z_rand, 2), round(result.pvalue_rand, 3)
    (2.13, 0.033)
    """
    check_count("permutations", permutations, minimum=0)
    side = check_option("alternative", alternative, ALTERNATIVES)
    prepared = _prepare(
        values, weights, islands=islands, row_standardize=row_standardize, minimum=4
    )
    count = check_draws("permutations", permutations, len(prepared.y), minimum=0)
    matrix = prepared.matrix  # I and its moments are free of the weights' scale
    z = prepared.y - prepared.y.mean()
    statistic, expected, variance_norm, variance_rand, s0 = _global_moments(z, matrix)
    z_norm = (statistic - expected) / np.sqrt(variance_norm)
    z_rand = (statistic - expected) / np.sqrt(variance_rand)
    n = len(z)
    generator = check_rng(rng)
    null = np.empty(count, dtype=np.float64)
    scale = n / s0 / float(z @ z)
    done = 0
    for size in _permutation_blocks(count, n):
        shuffled = generator.permuted(np.tile(z, (size, 1)), axis=1)
        lag = (matrix @ shuffled.T).T
        null[done : done + size] = scale * np.einsum("ij,ij->i", shuffled, lag)
        done += size
    if count:
        pvalue_permutation = float(
            _pvalue_from_counts(
                int(np.sum(null >= statistic)),
                int(np.sum(null <= statistic)),
                count,
                side,
            )
        )
    else:
        pvalue_permutation = float("nan")
    return MoransIResult(
        statistic=statistic,
        expected=expected,
        variance_norm=variance_norm,
        variance_rand=variance_rand,
        z_norm=float(z_norm),
        z_rand=float(z_rand),
        pvalue_norm=_analytic_pvalue(float(z_norm), side),
        pvalue_rand=_analytic_pvalue(float(z_rand), side),
        pvalue_permutation=pvalue_permutation,
        null_distribution=_read_only(null),
        n=n,
        permutations=count,
        alternative=side,
        codes=prepared.codes,
        dropped=prepared.dropped,
        islands=prepared.islands,
    )


@dataclass(frozen=True, eq=False)
class LocalMoransResult:
    """Local Moran statistics (LISA) of every unit (see :func:`local_morans`).

    Attributes
    ----------
    statistic : pandas.Series
        :math:`I_i` by code.
    expected, variance : pandas.Series
        :math:`E[I_i]` and :math:`V[I_i]` under total randomization, exact for the
        statistic as computed (see :func:`local_morans`).
    pvalue : pandas.Series
        Conditional permutation p-values (NaN when ``permutations`` was 0).
    quadrant : pandas.Series
        "HH", "LH", "LL" or "HL" (an ordered categorical; missing for units with
        no neighbours): the unit high or low, then its neighbours' average.
    standardized : pandas.Series
        The values, centred and divided by their standard deviation (ddof 0).
    lag : pandas.Series
        The spatial lag of ``standardized``: its neighbours' weighted average.
    global_statistic : float
        Global Moran's I with the same weights (as :func:`morans_i`).
    permutations : int
    alternative : {"two-sided", "greater", "less"}
    dropped : pandas.Index
        Islands left out (``islands="drop"``); empty otherwise.
    expected_conditional, variance_conditional : pandas.Series
        :math:`E[I_i]` and :math:`V[I_i]` under conditional randomization (the
        unit keeps its value, the others are permuted: the null of ``pvalue``),
        exact.
    """

    statistic: pd.Series
    expected: pd.Series
    variance: pd.Series
    pvalue: pd.Series
    quadrant: pd.Series
    standardized: pd.Series
    lag: pd.Series
    global_statistic: float
    permutations: int
    alternative: Alternative
    dropped: pd.Index
    expected_conditional: pd.Series
    variance_conditional: pd.Series

    def __repr__(self) -> str:
        return (
            f"LocalMoransResult(units={len(self.statistic)}, "
            f"permutations={self.permutations}, alternative={self.alternative!r})"
        )

    @property
    def codes(self) -> pd.Index:
        """The units, in the order of the weights."""
        return self.statistic.index

    def clusters(self, alpha: float = 0.05) -> pd.Series:
        """The quadrant of each unit whose p-value is at most ``alpha``.

        Parameters
        ----------
        alpha : float, default 0.05
            Significance level, in (0, 1).

        Returns
        -------
        pandas.Series
            An ordered categorical by code with categories "HH", "LH", "LL", "HL"
            and "not significant" (named ``cluster``).

        Raises
        ------
        InvalidOptionError
            If ``alpha`` is not in (0, 1) or there are no p-values
            (``permutations=0``).
        """
        if isinstance(alpha, bool) or not isinstance(alpha, float | int):
            raise InvalidOptionError(f"alpha={alpha!r} is not valid; give a number")
        if not 0.0 < float(alpha) < 1.0:
            raise InvalidOptionError(
                f"alpha={alpha!r} is not valid; it must be in (0, 1)"
            )
        if self.permutations == 0:
            raise InvalidOptionError(
                "there are no p-values (permutations=0); compute with permutations"
            )
        significant = (self.pvalue <= alpha) & self.quadrant.notna()
        labels = self.quadrant.astype(object).where(significant, "not significant")
        return pd.Series(
            pd.Categorical(
                labels, categories=[*QUADRANTS, "not significant"], ordered=True
            ),
            index=self.codes,
            name="cluster",
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per unit, with every per-unit attribute as a column.

        Returns
        -------
        pandas.DataFrame
            Columns ``statistic, expected, variance, expected_conditional,
            variance_conditional, standardized, lag, quadrant, pvalue``, indexed
            by code.
        """
        return pd.DataFrame(
            {
                "statistic": self.statistic,
                "expected": self.expected,
                "variance": self.variance,
                "expected_conditional": self.expected_conditional,
                "variance_conditional": self.variance_conditional,
                "standardized": self.standardized,
                "lag": self.lag,
                "quadrant": self.quadrant,
                "pvalue": self.pvalue,
            }
        )


hand_out_copies(
    LocalMoransResult,
    "statistic",
    "expected",
    "variance",
    "pvalue",
    "quadrant",
    "standardized",
    "lag",
    "dropped",
    "expected_conditional",
    "variance_conditional",
)


def _random_others(
    generator: np.random.Generator, size: int, n: int, k: int
) -> IntArray:
    """``size`` ordered samples of ``k`` of ``0 .. n-2`` without replacement."""
    keys = generator.random((size, n - 1))
    if k < n - 1:
        chosen = np.argpartition(keys, k - 1, axis=1)[:, :k]
    else:
        chosen = np.broadcast_to(np.arange(n - 1), (size, n - 1)).copy()
    # Sorting by the random keys makes the order a uniform random permutation too,
    # which matters when a unit's neighbours have different weights.
    order = np.argsort(np.take_along_axis(keys, chosen, axis=1), axis=1)
    return np.take_along_axis(chosen, order, axis=1).astype(np.int64)


def _conditional_counts(
    z: FloatArray,
    matrix: sp.csr_array,
    statistic: FloatArray,
    scale: float,
    permutations: int,
    generator: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """Per unit, how many conditional permutations give I_i at least / at most."""
    n = len(z)
    diagonal = matrix.diagonal()
    off = sp.csr_array(matrix - sp.diags_array(diagonal))
    off.eliminate_zeros()
    cardinalities = np.diff(off.indptr)
    at_least = np.zeros(n, dtype=np.int64)
    at_most = np.zeros(n, dtype=np.int64)
    k_max = int(cardinalities.max()) if n else 0
    groups = [(k, np.flatnonzero(cardinalities == k)) for k in np.unique(cardinalities)]
    for size in _permutation_blocks(permutations, max(n, off.nnz)):
        others = _random_others(generator, size, n, max(k_max, 1))
        for k, units in groups:
            if k == 0:
                lags = np.zeros((size, len(units)))
            else:
                rows = off.indptr[units][:, None] + np.arange(k)
                row_weights = off.data[rows]  # (m, k)
                picked = others[:, None, :k]  # (size, 1, k)
                # Indices into the n - 1 values other than unit i: skip i itself.
                positions = picked + (picked >= units[None, :, None])
                lags = np.einsum("smk,mk->sm", z[positions], row_weights)
            simulated = scale * z[units] * (lags + diagonal[units] * z[units])
            at_least[units] += np.sum(simulated >= statistic[units], axis=0)
            at_most[units] += np.sum(simulated <= statistic[units], axis=0)
    return at_least, at_most


def _local_moments(
    z: FloatArray, row_sums: FloatArray, row_squares: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Exact moments of the local statistics, total and conditional randomization.

    ``z`` standardized values, ``row_sums`` and ``row_squares`` the sums of each
    row's weights and of their squares (see :func:`local_morans`).
    """
    n = z.shape[0]
    total = float(z @ z)
    b2 = n * float(np.sum(z**4)) / total**2
    cross = row_sums**2 - row_squares
    shrink = (n - 1.0) / n
    expected = -row_sums / n
    anselin = (
        row_squares * (n - b2) / (n - 1.0)
        + cross * (2.0 * b2 - n) / ((n - 1.0) * (n - 2.0))
        - (row_sums / (n - 1.0)) ** 2
    )
    variance = shrink**2 * anselin
    others_mean = -z / (n - 1.0)
    others_variance = (total - z**2) / (n - 1.0) - others_mean**2
    expected_conditional = -row_sums * z**2 / total
    variance_conditional = (
        ((n - 1.0) * z / total) ** 2
        * others_variance
        * (row_squares - cross / (n - 2.0))
    )
    return (
        np.asarray(expected, dtype=np.float64),
        np.asarray(variance, dtype=np.float64),
        np.asarray(expected_conditional, dtype=np.float64),
        np.asarray(np.maximum(variance_conditional, 0.0), dtype=np.float64),
    )


def local_morans(
    values: pd.Series | FloatArray | Sequence[float],
    weights: SpatialWeights,
    *,
    permutations: int = 999,
    rng: SeedLike = None,
    alternative: Alternative = "two-sided",
    islands: IslandPolicy = "raise",
    row_standardize: bool = True,
) -> LocalMoransResult:
    """Local Moran's I (LISA): where the clusters of high and of low values are.

    Parameters
    ----------
    values : pandas.Series or array-like
        One number per unit, as in :func:`morans_i`.
    weights : SpatialWeights
    permutations : int, default 999
        Conditional permutations per unit (0 for none).
    rng : numpy.random.Generator, int or None
        Source of randomness for the permutations.
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        "greater" looks for clusters (HH, LL), "less" for outliers (HL, LH).
    islands : {"raise", "keep", "drop"}, default "raise"
        As in :func:`morans_i`; kept islands get :math:`I_i = 0`, p-value 1 and
        no quadrant.
    row_standardize : bool, default True

    Returns
    -------
    LocalMoransResult

    Raises
    ------
    InvalidOptionError, GeographyError, DataError
        As :func:`morans_i`.

    Notes
    -----
    With :math:`z_i = y_i - \\bar y` and :math:`m_2 = \\sum_i z_i^2 / n`,

    .. math:: I_i = \\frac{(n - 1)\\, z_i \\sum_j w_{ij} z_j}{\\sum_k z_k^2},

    so that :math:`\\sum_i I_i = (n-1) S_0 I / n`. Under total randomization
    (all :math:`n!` permutations of the values equally likely), with
    :math:`w_{i\\cdot} = \\sum_j w_{ij}`, :math:`w_{i(2)} = \\sum_j w_{ij}^2` and
    :math:`b_2 = n \\sum z^4 / (\\sum z^2)^2`, the exact moments are

    .. math:: E[I_i] = -\\frac{w_{i\\cdot}}{n}, \\quad
              V[I_i] = \\Bigl(\\frac{n - 1}{n}\\Bigr)^2 \\Bigl[
              \\frac{w_{i(2)} (n - b_2)}{n - 1}
              + \\frac{(w_{i\\cdot}^2 - w_{i(2)})(2 b_2 - n)}{(n - 1)(n - 2)}
              - \\frac{w_{i\\cdot}^2}{(n - 1)^2} \\Bigr].

    Anselin's (1995) formulas, :math:`E = -w_{i\\cdot}/(n - 1)` and the bracket
    alone, are exact for the statistic scaled by :math:`n` (divided by
    :math:`m_2`); this statistic is scaled by :math:`n - 1` (as in esda, whose
    ``EI`` and ``VI`` keep Anselin's formulas and so are off by the factors
    :math:`(n-1)/n` and its square: 0.2 % at 426 units, 17 % at 6). Under
    conditional randomization (unit :math:`i` keeps :math:`z_i`, the other
    :math:`n - 1` values are permuted), with :math:`S = \\sum_k z_k^2`, the
    neighbours' values are a sample without replacement from a population of
    mean :math:`\\mu_i = -z_i/(n - 1)` and variance :math:`\\sigma_i^2 =
    (S - z_i^2)/(n - 1) - \\mu_i^2`, so

    .. math:: E_c[I_i] = -\\frac{w_{i\\cdot} z_i^2}{S}, \\quad
              V_c[I_i] = \\frac{(n-1)^2 z_i^2}{S^2} \\sigma_i^2 \\Bigl[
              w_{i(2)} - \\frac{w_{i\\cdot}^2 - w_{i(2)}}{n - 2} \\Bigr].

    Both pairs are checked against full enumeration of the permutations.

    The p-values are conditional: unit :math:`i` keeps its value and its
    neighbours' values are drawn at random, without replacement, from the
    :math:`n - 1` other units. As in esda, each permutation's draw is shared by
    all units (each skipping itself), so every unit's p-value is valid on its
    own while different units' p-values are not independent. The p-value is
    :math:`(b + 1)/(P + 1)` as in :func:`morans_i`; with many units, some are
    small by chance alone, so read a LISA map with a multiple-testing
    correction in mind.

    References
    ----------
    .. [1] Anselin, L. (1995). Local indicators of spatial association—LISA.
       *Geographical Analysis* 27(2), 93-115.
    .. [2] Sokal, R. R., Oden, N. L. and Thomson, B. A. (1998). Local spatial
       autocorrelation in a biological model. *Geographical Analysis* 30(4),
       331-354.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_norway
    >>> from attraktiv.spatial import contiguity_weights, local_morans
    >>> index = attraktiv.AttractivenessModel().fit(
    ...     load_norway(), "2014-2016", "region"
    ... ).index
    >>> w = contiguity_weights("region", link_islands=True)
    >>> lisa = local_morans(index, w, rng=1)
    >>> lisa.quadrant["3075"]  # Salten: low, among low neighbours
    'LL'
    >>> lisa.clusters(0.05).value_counts().sort_index().tolist()  # HH LH LL HL ns
    [1, 2, 3, 1, 78]
    """
    check_count("permutations", permutations, minimum=0)
    side = check_option("alternative", alternative, ALTERNATIVES)
    prepared = _prepare(
        values, weights, islands=islands, row_standardize=row_standardize, minimum=3
    )
    count = check_draws("permutations", permutations, len(prepared.y), minimum=0)
    # The statistics scale with the weights and their variances with the squares:
    # computed in the prepared units, then scaled back.
    matrix, exponent = prepared.matrix, prepared.exponent
    y = prepared.y
    n = len(y)
    z = (y - y.mean()) / y.std()
    sum_squares = float(z @ z)
    scale = (n - 1.0) / sum_squares
    lag = matrix @ z
    statistic = scale * z * lag

    row_sums = np.asarray(matrix.sum(axis=1), dtype=np.float64)
    row_squares = np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float64)
    expected, variance, expected_conditional, variance_conditional = _local_moments(
        z, row_sums, row_squares
    )

    if count:
        at_least, at_most = _conditional_counts(
            z, matrix, statistic, scale, count, check_rng(rng)
        )
        pvalues = _pvalue_from_counts(at_least, at_most, count, side)
    else:
        pvalues = np.full(n, np.nan)

    has_neighbours: BoolArray = np.diff(matrix.indptr) > 0
    quadrant_number = np.where(z > 0, np.where(lag > 0, 0, 3), np.where(lag > 0, 1, 2))
    labels = np.asarray(QUADRANTS, dtype=object)[quadrant_number]
    quadrant = pd.Series(
        pd.Categorical(
            pd.Series(labels).where(has_neighbours),
            categories=QUADRANTS,
            ordered=True,
        ),
        index=prepared.codes,
        name="quadrant",
    )

    def by_code(array: FloatArray, name: str, power: int = 0) -> pd.Series:
        """``array`` in the caller's units of weight (to the power ``power``)."""
        with np.errstate(over="ignore"):
            scaled = np.ldexp(np.asarray(array, dtype=np.float64), power * exponent)
        if not np.isfinite(scaled[np.isfinite(array)]).all():
            raise DataError(
                f"local Moran's {name!r} overflows with weights as large as "
                f"{math.ldexp(float(matrix.max()), exponent):.3g}; row-standardize "
                "them (row_standardize=True) or divide them by a constant"
            )
        return pd.Series(scaled, index=prepared.codes, name=name, dtype=np.float64)

    return LocalMoransResult(
        statistic=by_code(statistic, "statistic", 1),
        expected=by_code(expected, "expected", 1),
        variance=by_code(variance, "variance", 2),
        pvalue=by_code(pvalues, "pvalue"),
        quadrant=quadrant,
        standardized=by_code(z, "standardized"),
        lag=by_code(np.asarray(lag, dtype=np.float64), "lag", 1),
        global_statistic=n / float(matrix.sum()) * float(z @ lag) / sum_squares,
        permutations=count,
        alternative=side,
        dropped=prepared.dropped,
        expected_conditional=by_code(expected_conditional, "expected_conditional", 1),
        variance_conditional=by_code(variance_conditional, "variance_conditional", 2),
    )
