"""Maps of Europe: the choropleth in EPSG:3035 (lambert_europe) on the GISCO layer."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest

import attraktiv
from attraktiv.datasets import EUROPE_CREDIT, EUROPE_EXTENT, europe_layer, load_europe
from attraktiv.geography import lambert_europe
from attraktiv.plot import choropleth

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def result() -> attraktiv.AttractivenessResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", attraktiv.AttraktivWarning)
        return attraktiv.AttractivenessModel().fit(load_europe(), "2014-2016")


def test_europe_map_is_drawn_in_the_equal_area_projection(
    result: attraktiv.AttractivenessResult,
) -> None:
    import matplotlib.pyplot as plt

    layer = europe_layer()
    with pytest.warns(UserWarning, match="349 NUTS 3 regions of the map have no value"):
        fig = choropleth(
            result,
            map_layer=layer,
            projection=lambert_europe,
            extent=EUROPE_EXTENT,
            inset=False,
            credit=EUROPE_CREDIT,
        )
    ax = fig.axes[0]
    assert ax.get_xlim() == (EUROPE_EXTENT[0], EUROPE_EXTENT[2])
    assert ax.get_ylim() == (EUROPE_EXTENT[1], EUROPE_EXTENT[3])
    assert ax.get_aspect() == 1.0  # metres on both axes
    # the first unit's outline is its rings, projected by formula
    path = ax.collections[0].get_paths()[0]
    rings = np.concatenate([ring for polygon in layer.polygons[0] for ring in polygon])
    easting, northing = lambert_europe(rings[:, 0], rings[:, 1])
    np.testing.assert_allclose(path.vertices[:, 0], easting)
    np.testing.assert_allclose(path.vertices[:, 1], northing)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 6  # five groups and grey
    assert labels[-1] == "no data"
    plt.close(fig)


def test_a_map_without_projection_keeps_degrees(
    result: attraktiv.AttractivenessResult,
) -> None:
    import matplotlib.pyplot as plt

    with pytest.warns(UserWarning, match="have no value"):
        fig = choropleth(result, map_layer=europe_layer(), inset=False)
    x_min, x_max = fig.axes[0].get_xlim()
    assert -90 < x_min < x_max < 90  # longitudes, not metres
    plt.close(fig)


def test_nuts2_pair_on_the_bundled_map_legend_clear_of_turkey() -> None:
    import matplotlib.pyplot as plt

    from attraktiv.datasets import bundled_map
    from attraktiv.plot import choropleth_pair

    europe = load_europe()
    model = attraktiv.AttractivenessModel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", attraktiv.AttraktivWarning)
        period = model.fit(europe, "2015-2017", "nuts2")
        long_term = model.long_term(europe, 2017, "nuts2")
    drawn = bundled_map("nuts2")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = choropleth_pair(
            period,
            long_term,
            map_layer=drawn.layer,
            projection=drawn.projection,
            extent=drawn.extent,
            inset=drawn.inset,
            credit=drawn.credit,
            legend_loc=drawn.legend_loc,
        )
    grey = [str(w.message).split(" of the map")[0] for w in caught]
    assert grey == ["91 NUTS 2 regions", "118 NUTS 2 regions"]  # 2015-17, long term
    for ax in fig.axes:
        (collection,) = [c for c in ax.collections if c.get_gid() == "attraktiv-map"]
        assert len(collection.get_paths()) == 332  # one merged outline per region
        assert ax.get_legend()._loc == 1  # matplotlib's code of "upper right"
    # a new figure takes the frame's shape: wider than tall, as Europe's frame
    width, height = fig.get_size_inches()
    frame = (EUROPE_EXTENT[3] - EUROPE_EXTENT[1]) / (
        EUROPE_EXTENT[2] - EUROPE_EXTENT[0]
    )
    assert height == pytest.approx(width / 2 * frame + 1.0)
    plt.close(fig)


def test_legend_loc_is_checked(result: attraktiv.AttractivenessResult) -> None:
    from attraktiv.errors import InvalidOptionError

    with pytest.raises(InvalidOptionError, match="legend_loc"):
        choropleth(result, map_layer=europe_layer(), legend_loc="middle")
