"""Tests of attraktiv.plot: every figure drawn with Agg on the bundled data."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import AxLine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

import attraktiv
from attraktiv import plot
from attraktiv.attractiveness import AttractivenessResult, LongTermResult
from attraktiv.datasets import load_norway
from attraktiv.errors import (
    AttraktivError,
    DataError,
    FlowError,
    GeographyError,
    InvalidOptionError,
)

PERIOD = "2014-2016"
STRUCTURAL = "net_migration ~ job_growth + neighbour_job_growth + log_population"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def panel() -> attraktiv.panel.Panel:
    return load_norway()


@pytest.fixture(scope="module")
def municipalities(panel: attraktiv.panel.Panel) -> AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(panel, PERIOD)


@pytest.fixture(scope="module")
def regions(panel: attraktiv.panel.Panel) -> AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(panel, PERIOD, "region")


@pytest.fixture(scope="module")
def long_term(panel: attraktiv.panel.Panel) -> LongTermResult:
    return attraktiv.AttractivenessModel().long_term(panel)


def _by_gid(artists: list, gid: str) -> list:  # type: ignore[type-arg]
    return [a for a in artists if a.get_gid() == gid]


def _one(artists: list, gid: str):  # type: ignore[no-untyped-def, type-arg]
    (found,) = _by_gid(artists, gid)
    return found


def _text_boxes(figure: Figure, labels: list[Text]) -> list[Bbox]:
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    # The text alone, without a leader line.
    return [Text.get_window_extent(label, renderer) for label in labels]


def _legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def _upper_levels() -> attraktiv.geography.Hierarchy:
    """A hierarchy of regions in counties, without municipalities."""
    return attraktiv.geography.Hierarchy(
        pd.DataFrame({"region_code": ["3001", "3002"], "county_code": ["01", "01"]}),
        levels=("region", "county"),
    )


# --- scatter --------------------------------------------------------------------


def test_scatter_draws_every_unit_the_fit_and_names_the_top_and_bottom_five(
    municipalities: AttractivenessResult,
) -> None:
    figure = plot.scatter(municipalities)
    (ax,) = figure.axes

    units = _one(ax.collections, "attraktiv-units")
    assert isinstance(units, PathCollection)
    assert len(units.get_offsets()) == 426
    np.testing.assert_allclose(
        units.get_offsets()[:, 0], municipalities.table["job_growth"].to_numpy()
    )
    np.testing.assert_allclose(
        units.get_offsets()[:, 1], municipalities.table["net_migration"].to_numpy()
    )
    ranking = municipalities.ranking()
    top, bottom = ranking.head(5), ranking.tail(5).iloc[::-1]
    best = _one(ax.collections, "attraktiv-top")
    worst = _one(ax.collections, "attraktiv-bottom")
    np.testing.assert_allclose(best.get_offsets()[:, 1], top["net_migration"])
    np.testing.assert_allclose(worst.get_offsets()[:, 1], bottom["net_migration"])
    colours = {to_hex(c.get_facecolor()[0]) for c in (units, best, worst)}
    assert len(colours) == 3

    labels = _by_gid(ax.texts, "attraktiv-label")
    assert [label.get_text() for label in labels] == [*top["name"], *bottom["name"]]
    boxes = _text_boxes(figure, labels)
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second)
    frame = ax.get_window_extent()
    assert all(frame.contains(b.x0, b.y0) and frame.contains(b.x1, b.y1) for b in boxes)
    legend_box = ax.get_legend().get_window_extent()
    assert not any(legend_box.overlaps(b) for b in boxes)

    line = _one(ax.lines, "attraktiv-fit")
    assert isinstance(line, AxLine)
    params = municipalities.regression.params
    assert line.get_slope() == pytest.approx(params["job_growth"])
    assert line.get_xy1() == pytest.approx((0.0, params["Intercept"]))
    assert ax.get_title() == (
        "Net migration against job growth, municipalities 2014\N{EN DASH}2016"
    )
    assert ax.get_xlabel() == "Job growth (% of jobs at the start)"
    assert ax.get_ylabel() == "Net migration (% of population at the start)"
    legend = _legend_texts(ax)
    assert legend[2:] == ["top 5 by attractiveness", "bottom 5 by attractiveness"]
    # R² and n of the fit, checked against statsmodels.
    fit = sm.OLS(
        municipalities.table["net_migration"],
        sm.add_constant(municipalities.table["job_growth"]),
    ).fit()
    assert legend[1].splitlines()[1] == f"R² = {fit.rsquared:.2f}, n = {int(fit.nobs)}"


def test_scatter_marks_a_flows_best_on_total_net_migration(
    panel: attraktiv.panel.Panel,
) -> None:
    """The report's flow figures: total net migration, the flow's top marked."""
    flows = attraktiv.AttractivenessModel().fit(panel, "2013-2014", "region")
    figure = plot.scatter(flows, top=6, bottom=0, rank_by="domestic_other")
    (ax,) = figure.axes
    units = _one(ax.collections, "attraktiv-units")
    np.testing.assert_allclose(
        units.get_offsets()[:, 1], flows.table["net_migration"].to_numpy()
    )
    # The six largest residuals of domestic_other regressed on job growth alone,
    # by statsmodels: the flow's own index, not the total's.
    own = sm.OLS(
        flows.table["net_migration_domestic_other"],
        sm.add_constant(flows.table["job_growth"]),
    ).fit()
    expected = own.resid.sort_values(ascending=False).index[:6]
    assert list(expected) != list(flows.ranking().index[:6])
    best = _one(ax.collections, "attraktiv-top")
    np.testing.assert_allclose(
        best.get_offsets(),
        flows.table.loc[expected, ["job_growth", "net_migration"]].to_numpy(),
    )
    assert _legend_texts(ax)[-1] == "top 6 for domestic net migration of others"
    line = _one(ax.lines, "attraktiv-fit")
    assert line.get_slope() == pytest.approx(flows.regression.params["job_growth"])


def test_scatter_rank_by_names_the_flows(
    panel: attraktiv.panel.Panel, municipalities: AttractivenessResult
) -> None:
    flows = attraktiv.AttractivenessModel().fit(panel, "2013-2014", "region")
    with pytest.raises(FlowError) as caught:
        plot.scatter(flows, rank_by="refugees")
    assert str(caught.value) == (
        "rank_by='refugees' is not a flow of the result; choose 'immigration', "
        "'domestic_immigrant', 'domestic_other', 'residual'"
    )
    with pytest.raises(FlowError, match="2013-2014"):
        plot.scatter(municipalities, rank_by="immigration")


def test_scatter_tells_apart_units_of_the_same_name(
    panel: attraktiv.panel.Panel, municipalities: AttractivenessResult
) -> None:
    # Våler in Østfold (0137) and in Hedmark (0426), Os in Hedmark and Hordaland.
    codes = ["0137", "0426", "0441", "1243"]
    figure = plot.scatter(
        municipalities, top=0, bottom=0, label_units=codes, hierarchy=panel.hierarchy
    )
    texts = [t.get_text() for t in _by_gid(figure.axes[0].texts, "attraktiv-label")]
    assert texts == [
        "Våler (Østfold)",
        "Våler (Hedmark)",
        "Os (Hedmark)",
        "Os (Hordaland)",
    ]
    plt.close(figure)
    # Without the hierarchy, the code tells them apart.
    figure = plot.scatter(municipalities, top=0, bottom=0, label_units=codes[:2])
    texts = [t.get_text() for t in _by_gid(figure.axes[0].texts, "attraktiv-label")]
    assert texts == ["Våler (0137)", "Våler (0426)"]


def test_scatter_keeps_many_labels_apart(regions: AttractivenessResult) -> None:
    figure = plot.scatter(regions, top=10, bottom=8, label_units=["3001", "3085"])
    (ax,) = figure.axes

    labels = _by_gid(ax.texts, "attraktiv-label")
    ranking = regions.ranking()
    named = [*ranking.index[:10], *ranking.index[::-1][:8]]
    named += [c for c in ("3001", "3085") if c not in named]
    names = [regions.table["name"][c] for c in named]
    assert [label.get_text() for label in labels] == names
    boxes = _text_boxes(figure, labels)
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second)
    legend_box = ax.get_legend().get_window_extent()
    assert not any(legend_box.overlaps(b) for b in boxes)
    assert len(_one(ax.collections, "attraktiv-units").get_offsets()) == 85


def test_scatter_of_a_structural_model_plots_actual_against_expected(
    panel: attraktiv.panel.Panel,
) -> None:
    result = attraktiv.AttractivenessModel(STRUCTURAL).fit(panel, PERIOD)
    figure = plot.scatter(result, top=3, bottom=2, label_units=["0301"])
    (ax,) = figure.axes

    offsets = _one(ax.collections, "attraktiv-units").get_offsets()
    np.testing.assert_allclose(offsets[:, 0], result.expected.to_numpy())
    np.testing.assert_allclose(
        offsets[:, 1], result.table["net_migration"].to_numpy(), atol=1e-12
    )
    line = _one(ax.lines, "attraktiv-fit")
    assert line.get_slope() == 1.0
    assert ax.get_title().startswith("Actual against expected net migration")
    assert STRUCTURAL in ax.get_title()
    texts = [t.get_text() for t in _by_gid(ax.texts, "attraktiv-label")]
    assert texts[-1] == "Oslo"
    assert len(texts) == 6
    assert len(_one(ax.collections, "attraktiv-labelled").get_offsets()) == 1
    fit = sm.OLS(
        result.table["net_migration"],
        sm.add_constant(
            result.table[["job_growth", "neighbour_job_growth", "log_population"]]
        ),
    ).fit()
    assert _legend_texts(ax)[1] == (
        f"actual = expected\nmodel R² = {fit.rsquared:.2f}, n = 426"
    )


def test_scatter_draws_on_a_given_axes_and_checks_its_options(
    municipalities: AttractivenessResult,
) -> None:
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
    assert plot.scatter(municipalities, top=0, bottom=0, ax=right) is figure
    assert not left.collections
    assert not _by_gid(right.texts, "attraktiv-label")
    assert len(plt.get_fignums()) == 1

    with pytest.raises(
        InvalidOptionError,
        match=re.escape("bottom=-1 is not valid; it must be at least 0"),
    ):
        plot.scatter(municipalities, bottom=-1)
    with pytest.raises(
        GeographyError,
        match=re.escape(
            "level='municipality' is not a level of the hierarchy; its levels are "
            "'region', 'county'"
        ),
    ):
        plot.scatter(municipalities, hierarchy=_upper_levels())
    with pytest.raises(
        GeographyError,
        match=re.escape(
            "label_units: 301 not among the result's 426 municipalities; codes look "
            "like '0101', '0104', '0105'"
        ),
    ):
        plot.scatter(municipalities, label_units=["301"])


# --- unique names ---------------------------------------------------------------


def test_unique_names_use_the_highest_level_that_tells_units_apart(
    panel: attraktiv.panel.Panel,
) -> None:
    geo = panel.hierarchy
    names = geo.names("municipality")
    shown = plot.unique_names(names, "municipality", geo)
    assert shown.index.equals(names.index)
    assert shown.is_unique
    repeated = names.duplicated(keep=False)
    assert repeated.sum() == 12
    # Unrepeated names are untouched; repeated ones carry their county's name.
    assert (shown[~repeated] == names[~repeated]).all()
    counties = geo.names("county")[geo.mapping("municipality", "county")]
    for code in names.index[repeated]:
        assert (
            shown[code] == f"{names[code]} ({counties.iloc[names.index.get_loc(code)]})"
        )
    # Two units of one county fall back to the next level down, then the code.
    two = pd.Series(["Nes", "Nes"], index=["0236", "0237"])
    frame = pd.DataFrame(
        {
            "municipality_code": ["0236", "0237"],
            "region_code": ["3001", "3002"],
            "region_name": ["North", "South"],
            "county_code": ["02", "02"],
            "county_name": ["Akershus", "Akershus"],
        }
    )
    small = attraktiv.geography.Hierarchy(frame)
    assert plot.unique_names(two, "municipality", small).tolist() == [
        "Nes (North)",
        "Nes (South)",
    ]
    same_region = frame.assign(region_name=["North", "North"])
    assert plot.unique_names(
        two, "municipality", attraktiv.geography.Hierarchy(same_region)
    ).tolist() == ["Nes (0236)", "Nes (0237)"]


def test_unique_names_reject_bad_input(panel: attraktiv.panel.Panel) -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "names=list is not valid; give a pandas Series of names by unit code"
        ),
    ):
        plot.unique_names(["Nes", "Nes"])  # type: ignore[arg-type]
    with pytest.raises(
        GeographyError,
        match=re.escape(
            "level=None is not a level of the hierarchy; its levels are "
            "'municipality', 'region', 'county'"
        ),
    ):
        plot.unique_names(pd.Series(["Nes", "Nes"]), hierarchy=panel.hierarchy)


# --- long-term bars -------------------------------------------------------------


def test_long_term_bars_stack_the_parts_and_mark_the_total(
    long_term: LongTermResult, panel: attraktiv.panel.Panel
) -> None:
    figure = plot.long_term_bars(long_term, n=20, hierarchy=panel.hierarchy)
    (ax,) = figure.axes
    top = long_term.ranking().head(20)
    periods = [str(p) for p in long_term.periods]

    # Våler and Os are among the top 20; other municipalities share their names.
    shown = [t.get_text() for t in ax.get_yticklabels()]
    expected = [
        f"{name} ({county})" if name in {"Våler", "Os"} else name
        for name, county in zip(
            top["name"],
            panel.hierarchy.names("county")[
                panel.hierarchy.mapping("municipality", "county")[top.index]
            ],
            strict=True,
        )
    ]
    assert shown == expected
    assert {"Våler (Østfold)", "Os (Hordaland)"} <= set(shown)
    assert len(set(shown)) == 20
    # Best at the top: the first unit has the highest y on screen.
    assert ax.yaxis_inverted()
    parts = _by_gid(ax.patches, "attraktiv-part")
    assert len(parts) == 20 * 3
    totals = _one(ax.collections, "attraktiv-total").get_offsets()
    np.testing.assert_allclose(totals[:, 0], top["long_term"].to_numpy())
    np.testing.assert_allclose(totals[:, 1], np.arange(20))
    assert _legend_texts(ax) == [
        "long-term index (sum)",
        *(p.replace("-", "\N{EN DASH}") for p in periods),
    ]

    # Each bar: positive parts from 0 rightwards, negative ones leftwards.
    labels = _by_gid(ax.texts, "attraktiv-total-label")
    assert len(labels) == 20
    values = top[periods].to_numpy()
    span = values.clip(min=0).sum(axis=1).max() - values.clip(max=0).sum(axis=1).min()
    with_negative = 0
    for row, (_, unit) in enumerate(top.iterrows()):
        bars = [p for p in parts if abs(p.get_y() + p.get_height() / 2 - row) < 1e-9]
        assert len(bars) == 3
        # A negative part has a negative width: it runs leftwards from its x.
        spans = [sorted((p.get_x(), p.get_x() + p.get_width())) for p in bars]
        right = sum(max(unit[c], 0.0) for c in periods)
        left = sum(min(unit[c], 0.0) for c in periods)
        assert min(s[0] for s in spans) == pytest.approx(min(left, 0.0))
        assert max(s[1] for s in spans) == pytest.approx(max(right, 0.0))
        assert right + left == pytest.approx(unit["long_term"])
        # The number sits next to the dot, at the sum, not at the bar's end.
        x, y = labels[row].get_position()
        assert y == row
        assert labels[row].get_text() == f"{unit['long_term']:.1f}"
        assert x - unit["long_term"] == pytest.approx(0.015 * span)
        if left < 0:
            with_negative += 1
    assert with_negative >= 2  # Rennesøy, Vevelstad, Hole
    # A line from 0 to the total on each bar with a negative part.
    (segments,) = [
        c.get_segments() for c in _by_gid(ax.collections, "attraktiv-total-line")
    ]
    assert len(segments) == with_negative
    for segment in segments:
        row = round(segment[0, 1])
        np.testing.assert_allclose(segment[:, 0], [0.0, top["long_term"].iloc[row]])

    assert ax.get_title() == (
        "Long-term attractiveness, top 20 municipalities, 2008\N{EN DASH}2016"
    )


def test_long_term_bars_of_regions_with_fewer_units(
    panel: attraktiv.panel.Panel,
) -> None:
    regions = attraktiv.AttractivenessModel().long_term(panel, 2013, "region")
    figure = plot.long_term_bars(regions, n=5)
    (ax,) = figure.axes
    assert len(_by_gid(ax.patches, "attraktiv-part")) == 15
    assert ax.get_title().endswith("top 5 regions, 2005\N{EN DASH}2013")
    with pytest.raises(InvalidOptionError, match=r"n=0 is not valid"):
        plot.long_term_bars(regions, n=0)


# --- maps -----------------------------------------------------------------------


def _map(ax: Axes) -> PolyCollection:
    collection = _one(ax.collections, "attraktiv-map")
    assert isinstance(collection, PolyCollection)
    return collection


def test_choropleth_colours_every_municipality_by_its_quintile(
    municipalities: AttractivenessResult,
) -> None:
    figure = plot.choropleth(municipalities)
    (ax,) = figure.axes
    collection = _map(ax)
    layer = plot.norway_layer("municipality")

    assert len(collection.get_paths()) == 426
    groups = municipalities.groups(5)
    categories = groups.cat.categories
    # Right-closed groups: all but the lowest exclude their lower bound.
    labels = [
        f"{'> ' if n else ''}{i.left:.1f} to {i.right:.1f}".replace(
            "-", "\N{MINUS SIGN}"
        )
        for n, i in enumerate(categories)
    ]
    assert _legend_texts(ax) == labels[::-1]
    # No bound is printed the same way in two labels.
    bounds = [b for text in labels for b in text.split(" to ")]
    assert len(bounds) == len(set(bounds)) == 10
    colours = matplotlib.colormaps["RdYlBu"](np.linspace(0, 1, 5))
    faces = collection.get_facecolors()
    for position in (0, 100, 425):
        code = layer.codes[position]
        group = int(groups.cat.codes[code])
        np.testing.assert_allclose(faces[position], colours[group])
    # Holes and islands: each unit's path has a MOVETO for every ring.
    oslo = collection.get_paths()[layer.codes.index("0301")]
    rings = sum(len(polygon) for polygon in layer.polygons[layer.codes.index("0301")])
    assert int((oslo.codes == oslo.MOVETO).sum()) == rings
    assert ax.get_title() == "Attractiveness, municipalities 2014\N{EN DASH}2016"
    assert ax.get_aspect() == pytest.approx(1 / np.cos(np.radians(64.57)), rel=1e-3)

    # Oslo and Akershus enlarged: every municipality of counties 02 and 03 lies in
    # the inset's view, drawn in the same colours.
    (inset,) = [a for a in ax.child_axes if a.get_gid() == "attraktiv-inset"]
    inset_map = _one(inset.collections, "attraktiv-inset-map")
    np.testing.assert_allclose(inset_map.get_facecolors(), faces)
    lon_min, lat_min, lon_max, lat_max = plot.oslo_area()
    assert inset.get_xlim() == pytest.approx((lon_min, lon_max))
    assert inset.get_ylim() == pytest.approx((lat_min, lat_max))
    points = np.concatenate(
        [
            ring
            for code, unit in zip(layer.codes, layer.polygons, strict=True)
            if code[:2] in {"02", "03"}
            for polygon in unit
            for ring in polygon
        ]
    )
    (low_lon, low_lat), (high_lon, high_lat) = points.min(axis=0), points.max(axis=0)
    # The whole area, with a margin of at most a tenth of a degree.
    assert 0 < low_lon - lon_min < 0.1
    assert 0 < lon_max - high_lon < 0.1
    assert 0 < low_lat - lat_min < 0.1
    assert 0 < lat_max - high_lat < 0.1
    assert inset.get_title() == "Oslo and Akershus"
    # The inset sits inside the map's axes, clear of the legend.
    figure.canvas.draw()
    inset_box = inset.get_window_extent()
    assert ax.get_window_extent().contains(inset_box.x0, inset_box.y0)
    assert not inset_box.overlaps(ax.get_legend().get_window_extent())
    credit = _one(ax.texts, "attraktiv-credit")
    assert credit.get_text() == "Map: © Kartverket (CC BY 4.0)" == plot.MAP_CREDIT


def test_choropleth_greys_and_names_units_without_data(
    municipalities: AttractivenessResult,
) -> None:
    values = municipalities.index.drop(["0301", "1201"])
    values["9999"] = 1.0
    message = (
        "2 municipalities of the map have no value and are drawn grey: 0301 Oslo, "
        "1201 Bergen"
    )
    with pytest.warns(UserWarning, match="drawn") as record:
        figure = plot.choropleth(values, k=4, title="gaps")
    assert [str(w.message) for w in record] == [
        message,
        "1 unit(s) with values are not on the 'kommune' map and are not drawn: 9999",
    ]
    assert record[0].filename == __file__
    (ax,) = figure.axes
    texts = _legend_texts(ax)
    assert len(texts) == 5
    assert texts[-1] == "no data"
    assert ax.get_legend().get_title().get_text() == "attractiveness"
    layer = plot.norway_layer("municipality")
    faces = _map(ax).get_facecolors()
    np.testing.assert_allclose(faces[layer.codes.index("0301")], to_rgba("#c8c8c8"))
    assert ax.get_title() == "gaps"


def test_choropleth_pair_shows_a_period_and_the_long_term_in_one_figure(
    regions: AttractivenessResult, panel: attraktiv.panel.Panel
) -> None:
    long_term = attraktiv.AttractivenessModel().long_term(panel, level="region")
    figure = plot.choropleth_pair(regions, long_term, titles=(None, "long term"))
    left, right = figure.axes

    assert len(_map(left).get_paths()) == 85
    assert len(_map(right).get_paths()) == 85
    assert left.get_title() == "Attractiveness, regions 2014\N{EN DASH}2016"
    assert right.get_title() == "long term"
    assert right.get_legend().get_title().get_text() == "long-term index (pp)"
    assert len(_legend_texts(right)) == 5
    # One credit for the figure, under the right map; an inset in each.
    assert not _by_gid(left.texts, "attraktiv-credit")
    assert _one(right.texts, "attraktiv-credit").get_text() == plot.MAP_CREDIT
    assert [len(a.child_axes) for a in (left, right)] == [1, 1]


def test_choropleth_credit_and_inset_can_be_changed(
    municipalities: AttractivenessResult,
) -> None:
    credit = "Map: © Kartverket (CC BY 4.0); data: Statistics Norway (SSB)"
    figure = plot.choropleth(municipalities, inset=False, credit=credit)
    (ax,) = figure.axes
    assert not ax.child_axes
    assert _one(ax.texts, "attraktiv-credit").get_text() == credit
    # The bundled map keeps its credit when given as map_layer.
    counties = plot.norway_layer("county")
    by_county = pd.Series(np.arange(19.0), index=counties.codes)
    figure = plot.choropleth(by_county, k=3, map_layer=counties)
    (ax,) = figure.axes
    assert _one(ax.texts, "attraktiv-credit").get_text() == plot.MAP_CREDIT
    assert len(ax.child_axes) == 1
    # A map of your own gets no credit unless you give one, and no inset where it
    # does not cover the Oslo area.
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])
    own = plot.MapLayer(
        name="squares",
        codes=("1", "2"),
        names=("West", "East"),
        polygons=(((square,),), ((square + np.array([1.0, 0.0]),),)),
    )
    figure = plot.choropleth(
        pd.Series([1.0, 2.0], index=["1", "2"]), k=2, map_layer=own
    )
    (ax,) = figure.axes
    assert not _by_gid(ax.texts, "attraktiv-credit")
    assert not ax.child_axes


def test_choropleth_of_a_series_by_county_and_its_errors(
    municipalities: AttractivenessResult,
) -> None:
    by_county = pd.Series(np.arange(19.0), index=plot.norway_layer("county").codes)
    figure = plot.choropleth(by_county, "county", k=3)
    (ax,) = figure.axes
    assert len(_map(ax).get_paths()) == 19
    assert len(_legend_texts(ax)) == 3

    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "level='region' does not match the result's level 'municipality'; "
            "leave it out to use the result's"
        ),
    ):
        plot.choropleth(municipalities, "region")
    unpadded = pd.Series([1.0, 2.0, 3.0], index=["301", "101", "104"])
    with pytest.raises(
        DataError,
        match=re.escape(
            "none of the 3 codes with values is on the 'kommune' map of 426 "
            "municipalities; the data's codes look like '301', '101', '104', the "
            "map's like '0101', '0104', '0105'"
        ),
    ):
        plot.choropleth(unpadded, k=2)
    with pytest.raises(InvalidOptionError, match=r"k=5 is not valid: the values"):
        plot.choropleth(pd.Series([1.0, 1.0, 2.0], index=["0101", "0104", "0105"]))
    with pytest.raises(InvalidOptionError, match=r"cmap='nope' is not a matplotlib"):
        plot.choropleth(municipalities, cmap="nope")
    with pytest.raises(InvalidOptionError, match=r"values=DataFrame is not valid"):
        plot.choropleth(municipalities.table)  # type: ignore[arg-type]


# --- beta table -------------------------------------------------------------------


@dataclass(frozen=True)
class _Drivers:
    """Stand-in with the attributes of attraktiv's DriverResult."""

    level: str
    outcome: str
    frame: pd.DataFrame

    @property
    def rsquared(self) -> pd.Series:
        ends = sorted(self.frame["period_end"].unique())
        return pd.Series([0.25 + 0.01 * (e - 2008) for e in ends], index=ends)

    @property
    def nobs(self) -> pd.Series:
        ends = sorted(self.frame["period_end"].unique())
        return pd.Series([426] * len(ends), index=ends)

    def to_frame(self) -> pd.DataFrame:
        return self.frame


def _drivers() -> _Drivers:
    cells = [
        # factor, end, beta, pvalue
        ("job_growth", 2008, 0.45, 0.0001),
        ("job_growth", 2009, 0.12, 0.05),
        ("job_growth", 2010, 0.02, 0.6),
        ("log_population", 2008, -0.38, 0.002),
        ("log_population", 2009, -0.09, 0.08),
        ("log_population", 2010, -0.05, 0.3),
        ("cafe_density", 2008, 0.2, 0.03),
        ("cafe_density", 2010, -0.5, 1e-6),
    ]
    frame = pd.DataFrame(cells, columns=["factor", "period_end", "beta", "pvalue"])
    frame.insert(0, "period", [f"{e - 2}-{e}" for e in frame["period_end"]])
    frame["significance"] = np.where(
        frame["pvalue"] < 0.01,
        "p<0.01",
        np.where(frame["pvalue"] < 0.1, "0.01<=p<0.1", "ns"),
    )
    return _Drivers("municipality", "net_migration", frame)


def _cell(ax: Axes, factor: str, end: int) -> tuple[str, str]:
    patch = _one(ax.patches, f"beta:{factor}:{end}")
    text = _one(ax.texts, f"beta-text:{factor}:{end}")
    return to_hex(patch.get_facecolor()), text.get_text()


def test_beta_table_colours_cells_by_sign_and_significance() -> None:
    figure = plot.beta_table(_drivers())
    (ax,) = figure.axes

    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "2006–2008",
        "2007–2009",
        "2008–2010",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "job growth",
        "log population",
        "cafe density",
        "R²",
        "n (units)",
    ]
    for end, rsquared in zip((2008, 2009, 2010), ("0.25", "0.26", "0.27"), strict=True):
        assert _one(ax.texts, f"beta-rsquared:{end}").get_text() == rsquared
        assert _one(ax.texts, f"beta-nobs:{end}").get_text() == "426"
    # Strong positive: dark blue; strong negative: dark red; weak: light; ns: white.
    assert _cell(ax, "job_growth", 2008) == ("#2166ac", "0.45")
    assert _cell(ax, "log_population", 2008) == ("#b2182b", "\N{MINUS SIGN}0.38")
    assert _cell(ax, "job_growth", 2009) == ("#92c5de", "0.12")
    assert _cell(ax, "log_population", 2009) == ("#f4a582", "\N{MINUS SIGN}0.09")
    assert _cell(ax, "job_growth", 2010) == ("#f7f7f7", "0.02")
    assert _cell(ax, "cafe_density", 2009) == ("#d9d9d9", "–")
    assert _one(ax.texts, "beta-text:job_growth:2008").get_color() == "white"
    assert _legend_texts(ax) == [
        "positive, p < 0.01",
        "positive, 0.01 ≤ p < 0.1",
        "not significant (p ≥ 0.1)",
        "negative, 0.01 ≤ p < 0.1",
        "negative, p < 0.01",
        "not estimated",
    ]
    assert ax.get_title() == "Standardized betas, municipalities: net migration"
    assert plot.SIGNIFICANCE_COLOURS["strong positive"] == "#2166ac"


def test_beta_table_of_a_real_driver_analysis(panel: attraktiv.panel.Panel) -> None:
    from attraktiv.drivers import DriverAnalysis

    result = DriverAnalysis(["job_growth", "neighbour_growth", "size"]).fit(
        panel, level="region"
    )
    frame = result.to_frame()
    figure = plot.beta_table(result)
    (ax,) = figure.axes

    periods = sorted(frame["period"].unique())
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        p.replace("-", "\N{EN DASH}") for p in periods
    ]
    assert periods[0] == "2003-2005"
    # Each column's R² and n are those of its period's fit, checked by statsmodels.
    for period in (result.periods[0], result.periods[-1]):
        data = result.data(period)
        fit = sm.OLS(
            data["net_migration"], sm.add_constant(data[list(result.factors)])
        ).fit()
        end = period.label_end
        assert (
            _one(ax.texts, f"beta-rsquared:{end}").get_text() == f"{fit.rsquared:.2f}"
        )
        assert _one(ax.texts, f"beta-nobs:{end}").get_text() == str(int(fit.nobs))
    assert len([p for p in ax.patches if p.get_gid().startswith("beta:")]) == len(frame)
    # The colours agree with the driver module's own significance classes.
    strength = {"p<0.01": "strong", "0.01<=p<0.1": "weak"}
    for row in frame.itertuples():
        colour, text = _cell(ax, row.factor, row.period_end)
        if row.significance == "ns":
            kind = "not significant"
        else:
            sign = "positive" if row.beta > 0 else "negative"
            kind = f"{strength[row.significance]} {sign}"
        assert colour == plot.SIGNIFICANCE_COLOURS[kind]
        assert text.replace("\N{MINUS SIGN}", "-") == f"{row.beta:.2f}"
    assert ax.get_title() == "Standardized betas, regions: net migration"


def test_beta_table_rejects_duplicate_cells() -> None:
    drivers = _drivers()
    doubled = _Drivers("region", "net_migration", pd.concat([drivers.frame] * 2))
    with pytest.raises(
        DataError,
        match=re.escape(
            "the driver table has more than one beta for factor 'job_growth' in "
            "the period ending 2008"
        ),
    ):
        plot.beta_table(doubled)
    lacking = _Drivers("region", "x", drivers.frame.drop(columns="pvalue"))
    with pytest.raises(
        DataError,
        match=re.escape(
            "the driver table lacks column(s) pvalue; it needs period, period_end, "
            "factor, beta, pvalue"
        ),
    ):
        plot.beta_table(lacking)


# --- rendering and the optional dependency ---------------------------------------


def test_every_figure_renders_to_png_and_svg(
    tmp_path: Path,
    municipalities: AttractivenessResult,
    long_term: LongTermResult,
) -> None:
    figures = {
        "scatter": plot.scatter(municipalities),
        "bars": plot.long_term_bars(long_term),
        "map": plot.choropleth(long_term),
        "betas": plot.beta_table(_drivers()),
    }
    for name, figure in figures.items():
        for suffix in ("png", "svg"):
            path = tmp_path / f"{name}.{suffix}"
            figure.savefig(path)
            assert path.stat().st_size > 1000


def test_plotting_without_matplotlib_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, municipalities: AttractivenessResult
) -> None:
    for name in [m for m in sys.modules if m.split(".")[0] == "matplotlib"]:
        monkeypatch.setitem(sys.modules, name, None)  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # type: ignore[arg-type]
    message = "plotting needs matplotlib: pip install 'attraktiv[plot]'"
    assert message == plot.INSTALL_HINT
    calls = [
        lambda: plot.scatter(municipalities),
        lambda: plot.choropleth(municipalities),
        lambda: plot.long_term_bars(None),  # type: ignore[arg-type]
        lambda: plot.beta_table(_drivers()),
    ]
    for call in calls:
        with pytest.raises(AttraktivError, match=re.escape(message)) as info:
            call()
        assert type(info.value) is AttraktivError
        assert isinstance(info.value.__cause__, ImportError)


def test_importing_attraktiv_and_its_plot_module_needs_no_matplotlib() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["matplotlib"] = None  # any import of matplotlib now fails
        import attraktiv
        import attraktiv.plot
        assert len(attraktiv.plot.norway_layer("county")) == 19
        try:
            attraktiv.plot.choropleth(None)
        except attraktiv.AttraktivError as err:
            print(err)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert (
        done.stdout.strip()
        == "plotting needs matplotlib: pip install 'attraktiv[plot]'"
    )
