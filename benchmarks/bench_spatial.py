"""Time Moran's I and local Moran's I against esda on the same weights.

Run: ``python benchmarks/bench_spatial.py`` (needs esda and libpysal, from the test
extra). Prints best-of-repeats wall-clock seconds for 999 permutations on the 426
municipalities (rook contiguity, islands linked) and the ratio esda / attraktiv, all
from one run. esda's local statistic uses numba when it is installed; without numba
it falls back to plain Python, and the script says which.
"""

from __future__ import annotations

import importlib.util
import warnings

import esda
import libpysal

import attraktiv
from _timing import best_of
from attraktiv.datasets import load_norway
from attraktiv.spatial import (
    SpatialWeights,
    contiguity_weights,
    local_morans,
    morans_i,
)

PERMUTATIONS = 999


def libpysal_weights(weights: SpatialWeights) -> libpysal.weights.W:
    matrix = weights.matrix
    neighbours, values = {}, {}
    for row, code in enumerate(weights.codes):
        start, stop = matrix.indptr[row], matrix.indptr[row + 1]
        neighbours[code] = [weights.codes[j] for j in matrix.indices[start:stop]]
        values[code] = matrix.data[start:stop].tolist()
    return libpysal.weights.W(neighbours, values, ids=list(weights.codes))


def main() -> None:
    index = attraktiv.AttractivenessModel().fit(load_norway(), "2014-2016").index
    weights = contiguity_weights("municipality", link_islands=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "7 disconnected components": islands
        w = libpysal_weights(weights)
    y = index.reindex(weights.codes).to_numpy()
    numba = importlib.util.find_spec("numba") is not None
    print(
        f"Moran's I, {len(y)} municipalities, {PERMUTATIONS} permutations "
        f"(seconds, best of 5; esda {esda.__version__}, numba "
        f"{'installed' if numba else 'not installed'})"
    )
    rows = [
        ("contiguity_weights (from the TopoJSON arcs)", None),
        ("global: morans_i", "esda.Moran"),
        ("local: local_morans", "esda.Moran_Local"),
    ]
    ours = [
        best_of(lambda: contiguity_weights("municipality", link_islands=True), 5),
        best_of(lambda: morans_i(y, weights, permutations=PERMUTATIONS, rng=0), 5),
        best_of(lambda: local_morans(y, weights, permutations=PERMUTATIONS, rng=0), 5),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = [
            None,
            best_of(
                lambda: esda.Moran(y, w, transformation="r", permutations=PERMUTATIONS),
                5,
            ),
            best_of(
                lambda: esda.Moran_Local(
                    y, w, transformation="r", permutations=PERMUTATIONS, seed=0
                ),
                5,
                warm_up=True,  # numba compiles on the first call
            ),
        ]
    for (label, peer), mine, other in zip(rows, ours, theirs, strict=True):
        line = f"  {label:<46}{mine:8.4f}"
        if other is not None:
            line += f"   {peer:<18}{other:8.4f}   esda/attraktiv {other / mine:5.1f}"
        print(line)


if __name__ == "__main__":
    main()
