"""Tests of the spatial figures: the Moran scatter plot and the LISA map (Agg)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import AxLine

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.errors import GeographyError, InvalidOptionError
from attraktiv.plot import LISA_COLOURS, lisa_map, moran_scatter, norway_layer
from attraktiv.spatial import LocalMoransResult, contiguity_weights, local_morans

PERIOD = "2014-2016"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def lisa() -> LocalMoransResult:
    index = attraktiv.AttractivenessModel().fit(load_norway(), PERIOD).index
    weights = contiguity_weights("municipality", link_islands=True)
    return local_morans(index, weights, permutations=199, rng=4)


@pytest.fixture(scope="module")
def region_lisa() -> LocalMoransResult:
    index = attraktiv.AttractivenessModel().fit(load_norway(), PERIOD, "region").index
    return local_morans(
        index, contiguity_weights("region"), permutations=199, rng=4, islands="drop"
    )


def _colours(clusters: pd.Series) -> np.ndarray:
    return np.array([to_rgba(LISA_COLOURS[str(c)]) for c in clusters])


def test_moran_scatter_points_line_and_colours(lisa: LocalMoransResult) -> None:
    figure = moran_scatter(lisa)
    ax = figure.axes[0]
    (units,) = [c for c in ax.collections if c.get_gid() == "attraktiv-moran-units"]
    assert isinstance(units, PathCollection)
    offsets = np.asarray(units.get_offsets())
    assert offsets.shape == (426, 2)
    np.testing.assert_allclose(offsets[:, 0], lisa.standardized)
    np.testing.assert_allclose(offsets[:, 1], lisa.lag)
    clusters = lisa.clusters(0.05)
    np.testing.assert_allclose(units.get_facecolors(), _colours(clusters))
    # HH points lie top right, LL bottom left, and so on.
    for quadrant, (sign_x, sign_y) in {
        "HH": (1, 1),
        "LH": (-1, 1),
        "LL": (-1, -1),
        "HL": (1, -1),
    }.items():
        chosen = (clusters == quadrant).to_numpy()
        assert chosen.any(), quadrant
        assert (np.sign(offsets[chosen, 0]) == sign_x).all()
        assert (np.sign(offsets[chosen, 1]) == sign_y).all()
    (line,) = [a for a in ax.get_lines() if a.get_gid() == "attraktiv-moran-fit"]
    assert isinstance(line, AxLine)
    x, y = lisa.standardized.to_numpy(), lisa.lag.to_numpy()
    assert line.get_slope() == pytest.approx(x @ y / (x @ x))
    # Row-standardized weights without islands: the slope is Moran's I.
    assert line.get_slope() == pytest.approx(lisa.global_statistic)
    assert ax.get_title() == (
        f"Moran scatter plot (Moran's I = {lisa.global_statistic:.3f}, 426 units)"
    )
    assert ax.get_xlabel() == "Standardized value"
    assert ax.get_ylabel() == "Spatial lag (neighbours' average)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    counts = clusters.value_counts()
    assert legend[0] == f"slope {lisa.global_statistic:.3f}".replace(
        "-", "\N{MINUS SIGN}"
    )
    assert legend[1:] == [
        f"high among high (HH), p ≤ 0.05 ({counts['HH']})",
        f"low among high (LH), p ≤ 0.05 ({counts['LH']})",
        f"low among low (LL), p ≤ 0.05 ({counts['LL']})",
        f"high among low (HL), p ≤ 0.05 ({counts['HL']})",
        f"not significant ({counts['not significant']})",
    ]


def test_moran_scatter_alpha_labels_and_axes(lisa: LocalMoransResult) -> None:
    figure, ax = plt.subplots()
    names = dict(
        zip(
            norway_layer("municipality").codes,
            norway_layer("municipality").names,
            strict=True,
        )
    )
    returned = moran_scatter(
        lisa, alpha=0.01, ax=ax, names=names, label_units=["0301", "1201"]
    )
    assert returned is figure
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "attraktiv-label"]
    assert sorted(labels) == ["Bergen", "Oslo"]
    (units,) = [c for c in ax.collections if c.get_gid() == "attraktiv-moran-units"]
    np.testing.assert_allclose(units.get_facecolors(), _colours(lisa.clusters(0.01)))
    grey = np.array(to_rgba(LISA_COLOURS["not significant"]))
    strict = int((units.get_facecolors() != grey).any(axis=1).sum())
    loose = int((lisa.clusters(0.05) != "not significant").sum())
    assert strict < loose


def test_moran_scatter_bad_input(lisa: LocalMoransResult) -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "lisa=Series is not valid; give the result of "
            "attraktiv.spatial.local_morans"
        ),
    ):
        moran_scatter(lisa.statistic)  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("alpha=0 is not valid; it must be in (0, 1)"),
    ):
        moran_scatter(lisa, alpha=0)
    with pytest.raises(
        GeographyError,
        match=re.escape(
            "label_units: 9999 not among the 426 units of the LISA result; codes "
            "look like '0101', '0104', '0105'"
        ),
    ):
        moran_scatter(lisa, label_units=["9999"])


def _map_faces(figure: plt.Figure) -> np.ndarray:
    ax = figure.axes[0]
    (units,) = [c for c in ax.collections if c.get_gid() == "attraktiv-map"]
    assert isinstance(units, PolyCollection)
    return np.asarray(units.get_facecolors())


def test_lisa_map_colours_every_unit(lisa: LocalMoransResult) -> None:
    figure = lisa_map(lisa)
    faces = _map_faces(figure)
    layer = norway_layer("municipality")
    assert faces.shape == (426, 4)
    expected = _colours(lisa.clusters(0.05).reindex(list(layer.codes)))
    np.testing.assert_allclose(faces, expected)
    ax = figure.axes[0]
    assert ax.get_title() == "LISA clusters, municipalities (p ≤ 0.05)"
    legend = ax.get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    classes = {
        "high among high (HH)": "HH",
        "low among high (LH)": "LH",
        "low among low (LL)": "LL",
        "high among low (HL)": "HL",
        "not significant": "not significant",
    }
    assert sorted(texts) == sorted(classes)
    for handle, text in zip(legend.legend_handles, texts, strict=True):
        assert handle is not None
        colour = to_rgba(handle.get_facecolor())  # type: ignore[attr-defined]
        assert colour == pytest.approx(to_rgba(LISA_COLOURS[classes[text]]))


def test_lisa_map_infers_level_and_names_dropped_islands(
    region_lisa: LocalMoransResult,
) -> None:
    with pytest.warns(
        UserWarning,
        match=re.escape(
            "1 regions of the map have no value and are drawn grey: 3060 Hitra/Frøya"
        ),
    ):
        figure = lisa_map(region_lisa, title="Regions")
    faces = _map_faces(figure)
    assert faces.shape == (85, 4)
    layer = norway_layer("region")
    clusters = region_lisa.clusters(0.05)
    for code, face in zip(layer.codes, faces, strict=True):
        if code == "3060":
            assert tuple(face) != pytest.approx(
                to_rgba(LISA_COLOURS["not significant"])
            )
        else:
            assert tuple(face) == pytest.approx(
                to_rgba(LISA_COLOURS[str(clusters[code])])
            )
    assert figure.axes[0].get_title() == "Regions"


def test_lisa_map_without_pvalues_is_all_grey() -> None:
    index = attraktiv.AttractivenessModel().fit(load_norway(), PERIOD, "county").index
    lisa = local_morans(index, contiguity_weights("county"), permutations=0)
    faces = _map_faces(lisa_map(lisa))
    assert faces.shape == (19, 4)
    np.testing.assert_allclose(
        faces, np.tile(to_rgba(LISA_COLOURS["not significant"]), (19, 1))
    )


def test_lisa_map_bad_input(lisa: LocalMoransResult) -> None:
    with pytest.raises(InvalidOptionError, match="lisa=DataFrame is not valid"):
        lisa_map(lisa.to_frame())  # type: ignore[arg-type]
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "level='parish' is not valid; choose one of 'municipality', 'region', "
            "'county'"
        ),
    ):
        lisa_map(lisa, "parish")
    renamed = LocalMoransResult(
        **{
            name: (
                getattr(lisa, name).set_axis("x" + lisa.codes)
                if isinstance(getattr(lisa, name), pd.Series)
                else getattr(lisa, name)
            )
            for name in LocalMoransResult.__dataclass_fields__
        }
    )
    with pytest.raises(
        GeographyError,
        match=re.escape(
            "no code of the LISA result is on the bundled map at any level; codes "
            "look like 'x0101', 'x0104', 'x0105'. Give map_layer="
        ),
    ):
        lisa_map(renamed)
