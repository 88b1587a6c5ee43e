"""Tests of attraktiv.spatial: contiguity weights, Moran's I and LISA.

The oracle is esda (with libpysal weights built from the same matrix) for every
statistic and moment, and libpysal's own Rook and Queen contiguity (from shapely
polygons decoded from the same map) for the neighbours.
"""

from __future__ import annotations

import itertools
import re
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import attraktiv
from attraktiv.datasets import load_norway, norway_hierarchy
from attraktiv.errors import DataError, GeographyError, InvalidOptionError
from attraktiv.plot import norway_layer
from attraktiv.spatial import (
    QUADRANTS,
    SpatialWeights,
    clustering_by_period,
    contiguity_weights,
    hierarchy_weights,
    local_morans,
    morans_i,
)

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")

PERIOD = "2014-2016"
TOLERANCE = 1e-10


# --- fixtures and helpers -----------------------------------------------------------


@pytest.fixture(scope="module")
def panel() -> attraktiv.Panel:
    return load_norway()


@pytest.fixture(scope="module")
def municipality_index(panel: attraktiv.Panel) -> pd.Series:
    return attraktiv.AttractivenessModel().fit(panel, PERIOD).index


@pytest.fixture(scope="module")
def region_index(panel: attraktiv.Panel) -> pd.Series:
    return attraktiv.AttractivenessModel().fit(panel, PERIOD, "region").index


@pytest.fixture(scope="module")
def linked() -> SpatialWeights:
    return contiguity_weights("municipality", link_islands=True)


def _libpysal_w(weights: SpatialWeights) -> Any:
    """A libpysal W with the same neighbours and weights, in the same order."""
    matrix = weights.matrix
    neighbours: dict[str, list[str]] = {}
    values: dict[str, list[float]] = {}
    for row, code in enumerate(weights.codes):
        start, stop = matrix.indptr[row], matrix.indptr[row + 1]
        neighbours[code] = [weights.codes[j] for j in matrix.indices[start:stop]]
        values[code] = matrix.data[start:stop].tolist()
    with warnings.catch_warnings():
        # libpysal warns (and prints) about islands and disconnected components.
        warnings.simplefilter("ignore")
        return libpysal.weights.W(neighbours, values, ids=list(weights.codes))


def _esda_moran(y: np.ndarray, weights: SpatialWeights, transformation: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.Moran(
            y, _libpysal_w(weights), transformation=transformation, permutations=0
        )


def _esda_local(
    y: np.ndarray, weights: SpatialWeights, transformation: str, permutations: int
) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.Moran_Local(
            y,
            _libpysal_w(weights),
            transformation=transformation,
            permutations=permutations,
            seed=12345,
        )


# --- a hand-made topology -------------------------------------------------------------
#
# Four unit squares in a 2 × 2 block (codes 01 south-west, 02 south-east, 03
# north-west, 04 north-east) meeting in the point (1, 1), and an island 05 at
# (3..4, 3..4), nearest to 04. Rook: 01-02, 01-03, 02-04, 03-04; queen adds the
# diagonals 01-04 and 02-03, which share only the corner.

TOY_ARCS = [
    [[1, 0], [0, 0], [0, 1]],  # 0: outer border of 01
    [[1, 0], [1, 1]],  # 1: 01 | 02
    [[0, 1], [1, 1]],  # 2: 01 | 03
    [[1, 0], [2, 0], [2, 1]],  # 3: outer border of 02
    [[2, 1], [1, 1]],  # 4: 02 | 04
    [[0, 1], [0, 2], [1, 2]],  # 5: outer border of 03
    [[1, 2], [1, 1]],  # 6: 03 | 04
    [[2, 1], [2, 2], [1, 2]],  # 7: outer border of 04
    [[3, 3], [4, 3], [4, 4], [3, 4], [3, 3]],  # 8: the island
]


def _toy(**changes: Any) -> dict[str, Any]:
    geometries = [
        {"type": "Polygon", "arcs": [[0, 2, ~1]], "properties": {"Nr": 1}},
        {"type": "Polygon", "arcs": [[3, 4, ~1]], "properties": {"Nr": 2}},
        {"type": "Polygon", "arcs": [[5, 6, ~2]], "properties": {"Nr": 3}},
        {"type": "MultiPolygon", "arcs": [[[7, 6, ~4]]], "properties": {"Nr": 4}},
        {"type": "Polygon", "arcs": [[8]], "properties": {"Nr": 5}},
    ]
    topology: dict[str, Any] = {
        "type": "Topology",
        "arcs": TOY_ARCS,
        "objects": {"units": {"type": "GeometryCollection", "geometries": geometries}},
    }
    topology.update(changes)
    return topology


def _pairs(weights: SpatialWeights) -> set[tuple[str, str]]:
    links = weights.to_frame()
    return {
        (a, b) for a, b in zip(links["code"], links["neighbour"], strict=True) if a < b
    }


def test_toy_rook_shares_arcs() -> None:
    weights = contiguity_weights(topology=_toy(), object_name="units", code_width=2)
    assert list(weights.codes) == ["01", "02", "03", "04", "05"]
    assert _pairs(weights) == {("01", "02"), ("01", "03"), ("02", "04"), ("03", "04")}
    assert list(weights.islands) == ["05"]
    assert weights.is_symmetric
    assert set(weights.matrix.data) == {1.0}


def test_toy_queen_adds_the_corner() -> None:
    weights = contiguity_weights(
        topology=_toy(), object_name="units", code_width=2, criterion="queen"
    )
    assert _pairs(weights) == {
        ("01", "02"),
        ("01", "03"),
        ("02", "04"),
        ("03", "04"),
        ("01", "04"),
        ("02", "03"),
    }


def test_toy_island_linked_to_nearest() -> None:
    weights = contiguity_weights(
        topology=_toy(), object_name="units", code_width=2, link_islands=True
    )
    assert list(weights.neighbours("05")) == ["04"]
    assert "05" in weights.neighbours("04")
    assert len(weights.islands) == 0


def test_toy_quantized_same_neighbours() -> None:
    # The same topology, quantized: deltas and a transform.
    def delta(arc: list[list[int]]) -> list[list[int]]:
        out = [arc[0]]
        out += [[b[0] - a[0], b[1] - a[1]] for a, b in itertools.pairwise(arc)]
        return out

    quantized = _toy(
        arcs=[delta(arc) for arc in TOY_ARCS],
        transform={"scale": [0.5, 0.5], "translate": [10.0, 60.0]},
    )
    for criterion in ("rook", "queen"):
        plain = contiguity_weights(
            topology=_toy(), object_name="units", criterion=criterion
        )
        packed = contiguity_weights(
            topology=quantized, object_name="units", criterion=criterion
        )
        assert _pairs(plain) == _pairs(packed)


# --- the bundled map ------------------------------------------------------------------


@pytest.mark.parametrize("level", ["municipality", "region", "county"])
@pytest.mark.parametrize("criterion", ["rook", "queen"])
def test_contiguity_matches_libpysal(level: str, criterion: str) -> None:
    shapely = pytest.importorskip("shapely")
    layer = norway_layer(level)  # type: ignore[arg-type]
    polygons = [
        shapely.MultiPolygon(
            [shapely.Polygon(polygon[0], polygon[1:]) for polygon in unit]
        )
        for unit in layer.polygons
    ]
    builder = libpysal.weights.Rook if criterion == "rook" else libpysal.weights.Queen
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = builder.from_iterable(polygons, ids=list(layer.codes))
    ours = contiguity_weights(level, criterion=criterion)  # type: ignore[arg-type]
    assert list(ours.codes) == list(layer.codes)
    for code in ours.codes:
        assert list(ours.neighbours(code)) == sorted(theirs.neighbors[code]), code


def test_bundled_counts_and_known_neighbours() -> None:
    rook = contiguity_weights("municipality")
    assert len(rook) == 426
    assert rook.is_symmetric
    # Oslo borders Ski, Oppegård, Bærum, Enebakk, Lørenskog, Skedsmo, Nittedal,
    # Lunner and Ringerike.
    assert list(rook.neighbours("0301")) == [
        "0213",
        "0217",
        "0219",
        "0229",
        "0230",
        "0231",
        "0233",
        "0533",
        "0605",
    ]
    assert "1247" in rook.islands  # Askøy
    assert len(rook.islands) == 26
    assert list(contiguity_weights("region").islands) == ["3060"]  # Hitra/Frøya
    assert len(contiguity_weights("county").islands) == 0
    queen = contiguity_weights("municipality", criterion="queen")
    # Every rook link is a queen link.
    assert (rook.matrix.multiply(queen.matrix)).nnz == rook.matrix.nnz


def test_linked_islands_have_one_nearby_neighbour(linked: SpatialWeights) -> None:
    rook = contiguity_weights("municipality")
    assert len(linked.islands) == 0
    assert linked.is_symmetric
    for island in rook.islands:
        assert len(linked.neighbours(island)) >= 1
    # Only links that touch an island are added.
    added = linked.matrix - rook.matrix
    rows, columns = added.nonzero()
    touched = set(rook.codes[rows]) | set(rook.codes[columns])
    island_set = set(rook.islands)
    for row, column in zip(rows, columns, strict=True):
        assert rook.codes[row] in island_set or rook.codes[column] in island_set
    assert island_set <= touched
    assert list(linked.neighbours("1856")) == ["1857"]  # Røst: Værøy
    assert "0111" in linked.neighbours("0106")  # Hvaler: Fredrikstad


def test_unknown_level_and_bad_options() -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "level='kommune' is not valid; choose one of 'municipality', 'region', "
            "'county'"
        ),
    ):
        contiguity_weights("kommune")
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "criterion='bishop' is not valid; choose one of 'rook', 'queen'"
        ),
    ):
        contiguity_weights("county", criterion="bishop")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="object_name=None is not valid"):
        contiguity_weights(topology=_toy())
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "object_name='fylke' is not in the map; its objects are 'units'"
        ),
    ):
        contiguity_weights(topology=_toy(), object_name="fylke")
    with pytest.raises(InvalidOptionError, match="link_islands=1 is not valid"):
        contiguity_weights("county", link_islands=1)  # type: ignore[arg-type]


def test_bad_topology() -> None:
    repeated = _toy()
    repeated["objects"]["units"]["geometries"][1]["properties"]["Nr"] = 1
    with pytest.raises(
        DataError, match=re.escape("map object 'units': duplicate unit codes 01")
    ):
        contiguity_weights(topology=repeated, object_name="units", code_width=2)
    outside = _toy()
    outside["objects"]["units"]["geometries"][4]["arcs"] = [[99]]
    with pytest.raises(
        DataError, match=re.escape("unit 5: arc index 99 is outside the map's 9 arcs")
    ):
        contiguity_weights(topology=outside, object_name="units")
    unnamed = _toy()
    unnamed["objects"]["units"]["geometries"][0]["properties"] = {"id": 1}
    with pytest.raises(DataError, match="geometry 0 of 'units' has no property 'Nr'"):
        contiguity_weights(topology=unnamed, object_name="units")


def test_hierarchy_weights_follow_the_neighbour_rule(
    municipality_index: pd.Series,
) -> None:
    hierarchy = norway_hierarchy()
    weights = hierarchy_weights("municipality", hierarchy)
    assert list(weights.codes) == list(hierarchy.units("municipality"))
    for code in weights.codes:
        assert list(weights.neighbours(code)) == list(
            hierarchy.neighbours(code, "municipality")
        )
    assert not weights.is_symmetric  # Oslo has the whole country, not vice versa
    assert len(weights.neighbours("0301")) == 425
    result = morans_i(municipality_index, weights, permutations=0)
    _check_global(
        result,
        _esda_moran(municipality_index.reindex(weights.codes).to_numpy(), weights, "r"),
    )
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("hierarchy=dict is not valid; give a Hierarchy"),
    ):
        hierarchy_weights("region", {})  # type: ignore[arg-type]


# --- SpatialWeights -----------------------------------------------------------------


def test_weights_validation() -> None:
    with pytest.raises(
        DataError, match=re.escape("spatial weights: duplicate unit codes a")
    ):
        SpatialWeights(["a", "a"], np.zeros((2, 2)))
    with pytest.raises(
        DataError,
        match=re.escape(
            "spatial weights: the matrix is 2 × 2 but there are 3 codes; it must be "
            "square, one row per code"
        ),
    ):
        SpatialWeights(["a", "b", "c"], np.zeros((2, 2)))
    with pytest.raises(
        DataError,
        match=re.escape(
            "spatial weights: negative or non-finite weights in the rows of b, c; "
            "weights must be finite and at least 0"
        ),
    ):
        SpatialWeights(
            ["a", "b", "c"], np.array([[0, 1, 0], [-1, 0, 0], [np.nan, 0, 0]])
        )
    with pytest.raises(DataError, match="matrix=list is not valid"):
        SpatialWeights(["a"], [[0.0]])  # type: ignore[arg-type]


def test_weights_row_standardized_subset_and_lookup() -> None:
    matrix = sp.csr_array(np.array([[0, 2, 2], [1, 0, 0], [0, 0, 0]], dtype=float))
    weights = SpatialWeights(pd.Index(["x", "y", "z"]), matrix)
    assert list(weights.islands) == ["z"]
    assert not weights.is_symmetric
    standardized = weights.row_standardized().matrix.toarray()
    np.testing.assert_array_equal(standardized, [[0, 0.5, 0.5], [1, 0, 0], [0, 0, 0]])
    assert weights.cardinalities.tolist() == [2, 1, 0]
    sub = weights.subset(["y", "x"])
    np.testing.assert_array_equal(sub.matrix.toarray(), [[0, 1], [2, 0]])
    with pytest.raises(
        GeographyError,
        match=re.escape("no unit 'w' in the spatial weights; codes look like 'x'"),
    ):
        weights.neighbours("w")
    with pytest.raises(
        GeographyError,
        match=re.escape("w not among the 3 units of the spatial weights"),
    ):
        weights.subset(["x", "w"])
    with pytest.raises(ValueError, match="read-only"):
        weights.matrix.data[0] = 5.0


# --- global Moran's I against esda ---------------------------------------------------


def _check_global(result: attraktiv.spatial.MoransIResult, theirs: Any) -> None:
    pairs = {
        "statistic": theirs.I,
        "expected": theirs.EI,
        "variance_norm": theirs.VI_norm,
        "variance_rand": theirs.VI_rand,
        "z_norm": theirs.z_norm,
        "z_rand": theirs.z_rand,
        "pvalue_norm": theirs.p_norm,
        "pvalue_rand": theirs.p_rand,
    }
    for name, expected in pairs.items():
        assert getattr(result, name) == pytest.approx(
            float(expected), rel=TOLERANCE, abs=TOLERANCE
        ), name


@pytest.mark.parametrize(
    ("level", "options"),
    [
        ("municipality", {"link_islands": True}),
        ("municipality", {"link_islands": True, "criterion": "queen"}),
        ("region", {"link_islands": True}),
        ("county", {}),
    ],
)
def test_morans_i_matches_esda(
    panel: attraktiv.Panel, level: str, options: dict[str, Any]
) -> None:
    index = attraktiv.AttractivenessModel().fit(panel, PERIOD, level).index
    weights = contiguity_weights(level, **options)
    result = morans_i(index, weights, permutations=0)
    y = index.reindex(weights.codes).to_numpy()
    _check_global(result, _esda_moran(y, weights, "r"))
    assert result.n == len(weights)
    assert np.isnan(result.pvalue_permutation)
    assert result.null_distribution.shape == (0,)


def test_morans_i_binary_and_general_weights(municipality_index: pd.Series) -> None:
    weights = contiguity_weights("municipality", link_islands=True)
    y = municipality_index.reindex(weights.codes).to_numpy()
    binary = morans_i(y, weights, permutations=0, row_standardize=False)
    _check_global(binary, _esda_moran(y, weights, "b"))
    # Asymmetric weights of unequal size (inverse-rank weights of the neighbours).
    rng = np.random.default_rng(5)
    general = weights.matrix.copy()
    general.data = rng.uniform(0.2, 3.0, size=general.nnz)
    asymmetric = SpatialWeights(weights.codes, general)
    assert not asymmetric.is_symmetric
    result = morans_i(y, asymmetric, permutations=0, row_standardize=False)
    _check_global(result, _esda_moran(y, asymmetric, "o"))


def test_morans_i_islands_keep_and_drop(municipality_index: pd.Series) -> None:
    weights = contiguity_weights("municipality")
    y = municipality_index.reindex(weights.codes).to_numpy()
    kept = morans_i(municipality_index, weights, permutations=0, islands="keep")
    _check_global(kept, _esda_moran(y, weights, "r"))
    assert kept.n == 426
    assert list(kept.islands) == list(weights.islands)
    dropped = morans_i(municipality_index, weights, permutations=0, islands="drop")
    mainland = weights.subset(weights.codes.difference(weights.islands))
    _check_global(
        dropped,
        _esda_moran(
            municipality_index.reindex(mainland.codes).to_numpy(), mainland, "r"
        ),
    )
    assert dropped.n == 400
    assert list(dropped.dropped) == list(weights.islands)


def test_series_is_aligned_by_code(
    municipality_index: pd.Series, linked: SpatialWeights
) -> None:
    shuffled = municipality_index.sample(frac=1.0, random_state=3)
    assert not shuffled.index.equals(linked.codes)
    by_series = morans_i(shuffled, linked, permutations=0)
    by_array = morans_i(
        municipality_index.reindex(linked.codes).to_numpy(), linked, permutations=0
    )
    assert by_series.statistic == by_array.statistic


@settings(max_examples=25, deadline=None)
@given(
    scale=st.floats(0.01, 100.0),
    shift=st.floats(-100.0, 100.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_moran_invariant_to_affine_change(
    scale: float, shift: float, seed: int
) -> None:
    weights = contiguity_weights("county")
    y = np.random.default_rng(seed).normal(size=len(weights))
    before = morans_i(y, weights, permutations=0)
    after = morans_i(scale * y + shift, weights, permutations=0)
    assert after.statistic == pytest.approx(before.statistic, rel=1e-9, abs=1e-12)
    assert after.variance_rand == pytest.approx(before.variance_rand, rel=1e-9)


def test_permutations_reproducible_and_consistent(
    municipality_index: pd.Series, linked: SpatialWeights
) -> None:
    first = morans_i(municipality_index, linked, permutations=2000, rng=7)
    again = morans_i(municipality_index, linked, permutations=2000, rng=7)
    other = morans_i(municipality_index, linked, permutations=2000, rng=8)
    np.testing.assert_array_equal(first.null_distribution, again.null_distribution)
    assert not np.array_equal(first.null_distribution, other.null_distribution)
    assert first.pvalue_permutation == again.pvalue_permutation
    assert not first.null_distribution.flags.writeable
    # The permutation distribution has the randomization moments.
    null = first.null_distribution
    assert abs(null.mean() - first.expected) < 4.0 * np.sqrt(
        first.variance_rand / len(null)
    )
    assert null.var() == pytest.approx(first.variance_rand, rel=0.15)
    # The observed I is far in the upper tail: no permutation reaches it.
    assert first.pvalue_permutation == pytest.approx(2.0 / 2001)
    greater = morans_i(
        municipality_index, linked, permutations=2000, rng=7, alternative="greater"
    )
    assert greater.pvalue_permutation == pytest.approx(1.0 / 2001)
    assert greater.pvalue_rand == pytest.approx(first.pvalue_rand / 2.0)
    # A generator is used as given, and advances.
    generator = np.random.default_rng(7)
    from_generator = morans_i(
        municipality_index, linked, permutations=2000, rng=generator
    )
    np.testing.assert_array_equal(from_generator.null_distribution, null)


@pytest.mark.slow
@pytest.mark.parametrize("alternative", ["two-sided", "greater"])
def test_permutation_pvalues_uniform_under_the_null(
    linked: SpatialWeights, alternative: str
) -> None:
    rng = np.random.default_rng(2024)
    replications, permutations = 400, 199
    pvalues = np.empty(replications)
    analytic = np.empty(replications)
    for r in range(replications):
        y = rng.normal(size=len(linked))
        result = morans_i(
            y,
            linked,
            permutations=permutations,
            rng=rng,
            alternative=alternative,  # type: ignore[arg-type]
        )
        pvalues[r] = result.pvalue_permutation
        analytic[r] = result.pvalue_rand
    for alpha in (0.05, 0.1, 0.25, 0.5):
        bound = 4.0 * np.sqrt(alpha * (1 - alpha) / replications) + 1 / permutations
        assert abs(np.mean(pvalues <= alpha) - alpha) < bound, alpha
        assert abs(np.mean(analytic <= alpha) - alpha) < bound, alpha


# --- local Moran against esda --------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "options", "islands"),
    [
        ("municipality", {"link_islands": True}, "raise"),
        ("municipality", {}, "keep"),
        ("region", {"link_islands": True}, "raise"),
    ],
)
def test_local_matches_esda(
    panel: attraktiv.Panel, level: str, options: dict[str, Any], islands: str
) -> None:
    index = attraktiv.AttractivenessModel().fit(panel, PERIOD, level).index
    weights = contiguity_weights(level, **options)
    ours = local_morans(index, weights, permutations=0, islands=islands)  # type: ignore[arg-type]
    theirs = _esda_local(index.reindex(weights.codes).to_numpy(), weights, "r", 0)
    np.testing.assert_allclose(ours.statistic, theirs.Is, rtol=0, atol=TOLERANCE)
    # esda keeps Anselin's moments of the n-scaled statistic for its (n - 1)-scaled
    # one; ours are exact for the statistic as computed (see test_local_moments).
    shrink = (len(weights) - 1) / len(weights)
    np.testing.assert_allclose(
        ours.expected, shrink * theirs.EI, rtol=0, atol=TOLERANCE
    )
    np.testing.assert_allclose(
        ours.variance, shrink**2 * theirs.VI, rtol=0, atol=TOLERANCE
    )
    np.testing.assert_allclose(ours.standardized, theirs.z, rtol=0, atol=TOLERANCE)
    has_neighbours = weights.cardinalities.to_numpy() > 0
    esda_quadrants = np.asarray(QUADRANTS)[np.asarray(theirs.q) - 1]
    assert (
        ours.quadrant.astype(str).to_numpy()[has_neighbours]
        == esda_quadrants[has_neighbours]
    ).all()
    assert ours.quadrant[~has_neighbours].isna().all()
    assert ours.pvalue.isna().all()
    # Local statistics add up to the global one: sum I_i = (n - 1) S0 I / n.
    glob = morans_i(index, weights, permutations=0, islands=islands)  # type: ignore[arg-type]
    s0 = has_neighbours.sum()
    n = len(weights)
    assert ours.statistic.sum() == pytest.approx((n - 1) * s0 * glob.statistic / n)
    assert ours.global_statistic == pytest.approx(glob.statistic, rel=1e-12)


def test_local_pvalues_agree_with_esda_in_distribution(
    municipality_index: pd.Series, linked: SpatialWeights
) -> None:
    permutations = 999
    ours = local_morans(
        municipality_index,
        linked,
        permutations=permutations,
        rng=1,
        alternative="greater",
    )
    below = local_morans(
        municipality_index, linked, permutations=permutations, rng=1, alternative="less"
    )
    theirs = _esda_local(
        municipality_index.reindex(linked.codes).to_numpy(), linked, "r", permutations
    )
    # esda's p_sim is the smaller one-sided p-value (counting ties on one side).
    folded = np.minimum(ours.pvalue.to_numpy(), below.pvalue.to_numpy())
    difference = folded - theirs.p_sim
    # Two independent Monte Carlo estimates of the same p-values: the standard
    # error of a difference is at most sqrt(2 * 0.25 / 999) ≈ 0.022.
    assert np.abs(difference).max() < 0.1
    assert abs(difference.mean()) < 0.005
    assert np.corrcoef(folded, theirs.p_sim)[0, 1] > 0.99
    two_sided = local_morans(
        municipality_index, linked, permutations=permutations, rng=1
    )
    np.testing.assert_allclose(
        two_sided.pvalue, np.minimum(1.0, 2.0 * folded), rtol=0, atol=1e-15
    )


def test_local_reproducible_and_islands_kept(municipality_index: pd.Series) -> None:
    weights = contiguity_weights("municipality")
    first = local_morans(municipality_index, weights, rng=3, islands="keep")
    again = local_morans(municipality_index, weights, rng=3, islands="keep")
    pd.testing.assert_series_equal(first.pvalue, again.pvalue)
    islands = weights.islands
    assert (first.statistic[islands] == 0.0).all()
    assert (first.pvalue[islands] == 1.0).all()
    clusters = first.clusters(0.05)
    assert list(clusters.cat.categories) == [*QUADRANTS, "not significant"]
    assert (clusters[islands] == "not significant").all()
    significant = first.pvalue <= 0.05
    assert (
        clusters[significant].astype(str) == first.quadrant[significant].astype(str)
    ).all()
    frame = first.to_frame()
    assert list(frame.columns) == [
        "statistic",
        "expected",
        "variance",
        "expected_conditional",
        "variance_conditional",
        "standardized",
        "lag",
        "quadrant",
        "pvalue",
    ]
    assert frame.index.equals(weights.codes)


def test_local_conditional_permutation_with_unequal_weights() -> None:
    # Unit 0 has two neighbours weighted 0.9 and 0.1: its conditional null draws
    # ordered pairs of the other values, so the null mean of its lag is the mean
    # of the other values whatever the weights.
    n = 6
    matrix = np.zeros((n, n))
    matrix[0, 1], matrix[0, 2] = 0.9, 0.1
    for i in range(1, n):
        matrix[i, (i % (n - 1)) + 1] = 1.0
        matrix[i, 0] = 1.0
    weights = SpatialWeights([str(i) for i in range(n)], matrix)
    y = np.array([3.0, -1.0, 2.0, 0.5, -2.0, 1.0])
    result = local_morans(
        y,
        weights,
        permutations=20000,
        rng=0,
        alternative="greater",
        row_standardize=False,
    )
    z = (y - y.mean()) / y.std()
    observed = result.statistic["0"]
    # Exact conditional p-value: every ordered pair of distinct other units.
    others = z[1:]
    scale = (n - 1) / float(z @ z)
    null = [
        scale * z[0] * (0.9 * a + 0.1 * b)
        for i, a in enumerate(others)
        for j, b in enumerate(others)
        if i != j
    ]
    exact = np.mean(np.asarray(null) >= observed - 1e-12)
    assert result.pvalue["0"] == pytest.approx(exact, abs=0.015)


@pytest.mark.slow
def test_local_pvalues_uniform_under_the_null(linked: SpatialWeights) -> None:
    rng = np.random.default_rng(99)
    replications, permutations = 40, 199
    pooled = []
    for _ in range(replications):
        y = rng.normal(size=len(linked))
        pooled.append(
            local_morans(y, linked, permutations=permutations, rng=rng).pvalue
        )
    pvalues = np.concatenate(pooled)
    for alpha in (0.01, 0.05, 0.1, 0.5):
        # The units of one replication share draws; allow for that generously.
        assert abs(np.mean(pvalues <= alpha) - alpha) < 0.2 * alpha + 0.01, alpha


# --- bad input ------------------------------------------------------------------------


def test_mismatched_codes_are_named(linked: SpatialWeights) -> None:
    values = pd.Series(1.0, index=linked.codes)
    values = values.drop(["0301", "0101"])
    values["9999"] = 2.0
    with pytest.raises(
        GeographyError,
        match=re.escape(
            "the values do not match the 426 units of the weights: no value for "
            "0101, 0301; values for 9999, which the weights lack. Subset the weights "
            "with weights.subset(values.index), or the values to weights.codes"
        ),
    ):
        morans_i(values, linked)
    with pytest.raises(
        DataError,
        match=re.escape(
            "values have shape (3,); the weights have 426 units, so give a 1-D array "
            "of that length (in the order of weights.codes) or a Series by code"
        ),
    ):
        local_morans(np.ones(3), linked)


def test_non_finite_constant_and_too_few(linked: SpatialWeights) -> None:
    values = pd.Series(np.arange(426.0), index=linked.codes)
    values["0301"] = np.nan
    values["1201"] = np.inf
    with pytest.raises(
        DataError,
        match=re.escape(
            "values are missing or not finite for 0301, 1201; drop those units from "
            "the values and the weights (weights.subset)"
        ),
    ):
        morans_i(values, linked)
    with pytest.raises(
        DataError,
        match=re.escape(
            "the values are constant (2.5 for every unit); spatial autocorrelation "
            "is undefined for a constant variable"
        ),
    ):
        local_morans(np.full(426, 2.5), linked)
    tiny = SpatialWeights(["a", "b", "c"], np.ones((3, 3)) - np.eye(3))
    with pytest.raises(
        DataError, match=re.escape("3 units are too few; Moran's I needs at least 4")
    ):
        morans_i([1.0, 2.0, 4.0], tiny)


def test_islands_refused_by_default(municipality_index: pd.Series) -> None:
    with pytest.raises(
        GeographyError,
        match=re.escape(
            "1 unit(s) have no neighbours in the weights: 3060. Choose "
            "islands='drop' to leave them out, islands='keep' to count them with a "
            "zero spatial lag, or link them (contiguity_weights(..., "
            "link_islands=True))"
        ),
    ):
        morans_i(
            attraktiv.AttractivenessModel().fit(load_norway(), PERIOD, "region").index,
            contiguity_weights("region"),
        )
    with pytest.raises(GeographyError, match=r"^26 unit\(s\) have no neighbours"):
        local_morans(municipality_index, contiguity_weights("municipality"))


def test_bad_options(municipality_index: pd.Series, linked: SpatialWeights) -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "weights=DataFrame is not valid; give SpatialWeights, e.g. "
            "attraktiv.spatial.contiguity_weights('municipality')"
        ),
    ):
        morans_i(municipality_index, pd.DataFrame())  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "alternative='both' is not valid; choose one of 'two-sided', 'greater', "
            "'less'"
        ),
    ):
        morans_i(municipality_index, linked, alternative="both")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "islands='ignore' is not valid; choose one of 'raise', 'keep', 'drop'"
        ),
    ):
        local_morans(municipality_index, linked, islands="ignore")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("permutations=-1 is not valid; it must be at least 0"),
    ):
        morans_i(municipality_index, linked, permutations=-1)
    lisa = local_morans(municipality_index, linked, permutations=0)
    with pytest.raises(InvalidOptionError, match=re.escape("there are no p-values")):
        lisa.clusters()
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("alpha=1.5 is not valid; it must be in (0, 1)"),
    ):
        local_morans(municipality_index, linked, permutations=9, rng=0).clusters(1.5)
    with pytest.raises(DataError, match="values have dtype str; give numbers"):
        morans_i(pd.Series(["a"] * 426, index=linked.codes), linked)


# --- the report per period -----------------------------------------------------------


def test_clustering_by_period(panel: attraktiv.Panel) -> None:
    weights = contiguity_weights("region", link_islands=True)
    table = clustering_by_period(
        panel, "region", weights=weights, permutations=199, rng=11
    )
    assert list(table.columns) == [
        "period",
        "I",
        "expected",
        "z",
        "p_analytic",
        "p_permutation",
        "n",
    ]
    periods = panel.periods_available()
    assert table["period"].tolist() == [p.label for p in periods]
    assert (table["n"] == 85).all()
    model = attraktiv.AttractivenessModel()
    for row, period in zip(table.itertuples(), periods, strict=True):
        direct = morans_i(
            model.fit(panel, period, "region").index, weights, permutations=0
        )
        assert direct.statistic == pytest.approx(row.I, rel=1e-12)
        assert row.z == pytest.approx(direct.z_rand, rel=1e-12)
        assert row.p_analytic == pytest.approx(direct.pvalue_rand, rel=1e-12)
    again = clustering_by_period(
        panel, "region", weights=weights, permutations=199, rng=11
    )
    pd.testing.assert_frame_equal(table, again)
    # By default the islands are linked; with plain rook weights they can be dropped.
    default = clustering_by_period(panel, "region", permutations=0, periods=periods)
    pd.testing.assert_series_equal(default["I"], table["I"])
    dropped = clustering_by_period(
        panel,
        "region",
        weights=contiguity_weights("region"),
        permutations=0,
        islands="drop",
        periods=periods[-1:],
    )
    assert dropped["n"].tolist() == [84]
    with pytest.raises(GeographyError, match="have no neighbours in the weights: 3060"):
        clustering_by_period(
            panel, "region", weights=contiguity_weights("region"), permutations=0
        )
    with pytest.raises(InvalidOptionError, match="model=str is not valid"):
        clustering_by_period(panel, "region", model="ols")  # type: ignore[arg-type]
