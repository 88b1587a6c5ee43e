"""Moran's I of the European index on GISCO contiguity, against esda."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import attraktiv
from attraktiv.datasets import europe_layer, load_europe
from attraktiv.spatial import contiguity_weights, morans_i


def test_morans_i_on_europe_matches_esda() -> None:
    esda = pytest.importorskip("esda")
    libpysal = pytest.importorskip("libpysal")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", attraktiv.AttraktivWarning)
        result = attraktiv.AttractivenessModel().fit(load_europe(), "2014-2016")
    weights = contiguity_weights("nuts3", layer=europe_layer(), link_islands=True)
    assert len(weights) == 1522
    assert len(weights.islands) == 0  # islands linked to their nearest region
    # the regions of the fit; six lose every neighbour to the regions left out
    fitted = weights.subset(result.index.index)
    assert len(fitted.islands) == 6
    ours = morans_i(result.index, fitted, islands="drop", permutations=0)
    kept = fitted.subset([c for c in fitted.codes if c not in set(fitted.islands)])
    neighbours = {c: list(kept.neighbours(c)) for c in kept.codes}
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    w.transform = "r"
    theirs = esda.Moran(
        result.index.loc[list(kept.codes)].to_numpy(), w, permutations=0
    )
    assert ours.n == 1167
    np.testing.assert_allclose(ours.statistic, theirs.I, rtol=1e-10)
    np.testing.assert_allclose(ours.expected, theirs.EI, rtol=1e-10)
    np.testing.assert_allclose(ours.z_rand, theirs.z_rand, rtol=1e-8)
