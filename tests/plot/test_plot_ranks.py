"""Tests of the figures of rank uncertainty: caterpillar and shrinkage plots (Agg)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection

import attraktiv
from attraktiv.attractiveness import AttractivenessResult
from attraktiv.datasets import load_norway
from attraktiv.errors import DataError, GeographyError, InvalidOptionError
from attraktiv.panel import Panel
from attraktiv.plot import rank_caterpillar, shrinkage_plot, unique_names

PERIOD = "2008-2010"
NAMED = {"0235": "Ullensaker", "1816": "Vevelstad", "1835": "Træna"}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def panel() -> Panel:
    return load_norway()


@pytest.fixture(scope="module")
def result(panel: Panel) -> AttractivenessResult:
    return attraktiv.AttractivenessModel().fit(panel, PERIOD)


def _by_gid(ax: Axes, gid: str) -> list[object]:
    return [c for c in ax.collections if c.get_gid() == gid]


def _segments_and_points(ax: Axes) -> tuple[np.ndarray, np.ndarray]:
    (sets,) = _by_gid(ax, "attraktiv-rank-sets")
    (points,) = _by_gid(ax, "attraktiv-rank-points")
    assert isinstance(sets, LineCollection)
    assert isinstance(points, PathCollection)
    segments = np.array([np.asarray(s) for s in sets.get_segments()])
    return segments, np.asarray(points.get_offsets())


# --- caterpillar ----------------------------------------------------------------


def test_caterpillar_shows_the_top_and_bottom_sets(
    result: AttractivenessResult, panel: Panel
) -> None:
    figure = rank_caterpillar(result, n=20, rng=2011, hierarchy=panel.hierarchy)
    (ax,) = figure.axes
    segments, points = _segments_and_points(ax)
    assert segments.shape == (40, 2, 2)
    assert points.shape == (40, 2)

    sets = result.rank_intervals(rng=2011)
    rows = pd.concat([sets.head(20), sets.tail(20)])
    # One horizontal segment per unit, from rank_low to rank_high, on its row.
    np.testing.assert_array_equal(segments[:, 0, 0], rows["rank_low"])
    np.testing.assert_array_equal(segments[:, 1, 0], rows["rank_high"])
    np.testing.assert_array_equal(segments[:, 0, 1], segments[:, 1, 1])
    np.testing.assert_array_equal(points[:, 0], rows["rank"])
    np.testing.assert_array_equal(points[:, 1], segments[:, 0, 1])
    # Every set holds its point rank.
    assert (segments[:, 0, 0] <= points[:, 0]).all()
    assert (points[:, 0] <= segments[:, 1, 0]).all()
    # Most attractive at the top of the axes, a gap before the bottom 20.
    assert ax.yaxis_inverted()
    assert np.all(np.diff(points[:, 1]) > 0)
    assert points[20, 1] - points[19, 1] == 2.0

    labels = [t.get_text() for t in ax.get_yticklabels()]
    names = unique_names(result.table["name"], "municipality", panel.hierarchy)
    assert labels == [f"{rank}. {names[code]}" for code, rank in rows["rank"].items()]
    assert labels[0] == "1. Ullensaker"
    assert labels[-1] == "426. Kvalsund"
    title = ax.get_title()
    assert "The 20 most and 20 least attractive municipalities, 2008–2010" in title
    assert "95 % marginal confidence sets, 2,000 bootstrap draws" in title


def test_caterpillar_one_end_simultaneous(result: AttractivenessResult) -> None:
    figure = rank_caterpillar(
        result, n=8, which="bottom", level=0.9, simultaneous=True, draws=300, rng=3
    )
    (ax,) = figure.axes
    segments, points = _segments_and_points(ax)
    sets = result.rank_intervals(level=0.9, simultaneous=True, draws=300, rng=3).tail(8)
    np.testing.assert_array_equal(segments[:, 0, 0], sets["rank_low"])
    np.testing.assert_array_equal(segments[:, 1, 0], sets["rank_high"])
    np.testing.assert_array_equal(points[:, 0], np.arange(419, 427))
    assert "90 % simultaneous confidence sets, 300 bootstrap draws" in ax.get_title()
    assert "The 8 least attractive municipalities" in ax.get_title()

    top = rank_caterpillar(result, n=3, which="top", rng=3).axes[0]
    assert [t.get_text() for t in top.get_yticklabels()] == [
        "1. Ullensaker",
        "2. Ulstein",
        "3. Rennesøy",
    ]


def test_caterpillar_tells_repeated_names_apart(
    result: AttractivenessResult, panel: Panel
) -> None:
    # Both ends together hold every unit: each is shown once.
    figure = rank_caterpillar(
        result, n=300, draws=100, rng=1, hierarchy=panel.hierarchy
    )
    (ax,) = figure.axes
    segments, _ = _segments_and_points(ax)
    assert len(segments) == 426
    labels = {t.get_text().split(". ", 1)[1] for t in ax.get_yticklabels()}
    assert {"Våler (Østfold)", "Våler (Hedmark)"} <= labels
    assert "Våler" not in labels
    assert ax.get_title().startswith("All 426 municipalities, 2008–2010")

    plain = rank_caterpillar(result, n=300, draws=100, rng=1).axes[0]
    names = {t.get_text().split(". ", 1)[1] for t in plain.get_yticklabels()}
    assert {"Våler (0137)", "Våler (0426)"} <= names


def test_caterpillar_draws_a_given_table_as_it_is() -> None:
    table = pd.DataFrame(
        {
            "name": ["B", "A", "C"],
            "rank": [2, 1, 3],
            "rank_low": [1, 1, 2],
            "rank_high": [3, 2, 3],
        },
        index=pd.Index(["02", "01", "03"], name="code"),
    )
    figure = rank_caterpillar(table, n=1)
    (ax,) = figure.axes
    segments, points = _segments_and_points(ax)
    np.testing.assert_array_equal(segments[:, :, 0], [[1, 2], [2, 3]])
    np.testing.assert_array_equal(points[:, 0], [1, 3])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1. A", "3. C"]
    assert ax.get_title() == (
        "The 1 most and 1 least attractive units: ranks and confidence sets"
    )
    assert ax.get_xlabel() == "Rank among 3 units (1 = most attractive)"
    titled = rank_caterpillar(table, which="top", n=5, title="Three places")
    assert titled.axes[0].get_title() == "Three places"

    # On a given axes, the figure returned is that axes' figure.
    own, own_ax = plt.subplots()
    assert rank_caterpillar(table, ax=own_ax) is own


def test_caterpillar_bad_input(result: AttractivenessResult) -> None:
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("which='middle' is not valid"),
    ):
        rank_caterpillar(result, which="middle")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match=r"^n=0 "):
        rank_caterpillar(result, n=0)
    with pytest.raises(
        InvalidOptionError,
        match=re.escape(
            "level=1.5 is not valid; it must be a number between 0 and 1, such as 0.95"
        ),
    ):
        rank_caterpillar(result, level=1.5)
    with pytest.raises(
        InvalidOptionError,
        match=re.escape("result_or_frame=list is not valid; give an"),
    ):
        rank_caterpillar([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(
        DataError, match=re.escape("the rank table has no column rank_high;")
    ):
        rank_caterpillar(pd.DataFrame({"rank": [1], "rank_low": [1]}))
    outside = pd.DataFrame({"rank": [1, 2], "rank_low": [1, 1], "rank_high": [2, 1]})
    with pytest.raises(
        DataError,
        match=re.escape("rank_low <= rank <= rank_high false for 1;"),
    ):
        rank_caterpillar(outside)


# --- shrinkage ------------------------------------------------------------------


def test_shrinkage_plot_values_are_the_shrunk_ranking(
    result: AttractivenessResult, panel: Panel
) -> None:
    figure = shrinkage_plot(result, hierarchy=panel.hierarchy)
    (ax,) = figure.axes
    table = result.shrunk()
    (raw,) = _by_gid(ax, "attraktiv-raw")
    (shrunk,) = _by_gid(ax, "attraktiv-shrunk")
    (links,) = _by_gid(ax, "attraktiv-shrinkage")
    assert isinstance(raw, PathCollection)
    assert isinstance(shrunk, PathCollection)
    assert isinstance(links, LineCollection)
    raw_xy = np.asarray(raw.get_offsets())
    shrunk_xy = np.asarray(shrunk.get_offsets())
    population = table["population_start"].to_numpy()
    np.testing.assert_array_equal(raw_xy[:, 0], population)
    np.testing.assert_array_equal(shrunk_xy[:, 0], population)
    np.testing.assert_array_equal(raw_xy[:, 1], table["attractiveness"])
    np.testing.assert_array_equal(shrunk_xy[:, 1], table["shrunk"])
    segments = np.array([np.asarray(s) for s in links.get_segments()])
    assert segments.shape == (426, 2, 2)
    np.testing.assert_array_equal(segments[:, 0], raw_xy)
    np.testing.assert_array_equal(segments[:, 1], shrunk_xy)
    assert ax.get_xscale() == "log"

    # The five most attractive are named with both ranks, the three places the
    # documentation discusses among them.
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "attraktiv-label"]
    expected = [
        f"{row['name']}: {row['rank']} → {row['rank_shrunk']}"
        for _, row in table.sort_values("rank").head(5).iterrows()
    ]
    assert labels == expected
    for code, name in NAMED.items():
        rank, after = table.loc[code, ["rank", "rank_shrunk"]]
        assert f"{name}: {rank} → {after}" in labels
    assert "Træna: 5 → 229" in labels
    assert "Vevelstad: 4 → 211" in labels
    # The default target, the regression on size, is drawn as a line.
    (prior,) = [line for line in ax.lines if line.get_gid() == "attraktiv-prior-mean"]
    order = np.argsort(population, kind="stable")
    np.testing.assert_array_equal(
        prior.get_ydata(), table["prior_mean"].to_numpy()[order]
    )
    assert "places of its size" in ax.get_title()
    zero = shrinkage_plot(result, toward="zero")
    zero_labels = [t.get_text() for t in zero.axes[0].texts]
    assert "Træna: 5 → 73" in zero_labels
    assert not [
        line for line in zero.axes[0].lines if line.get_gid() == "attraktiv-prior-mean"
    ]


def test_shrinkage_plot_names_the_units_asked_for(
    panel: Panel,
) -> None:
    later = attraktiv.AttractivenessModel().fit(panel, "2014-2016")
    figure = shrinkage_plot(
        later, top=0, label_units=list(NAMED), hierarchy=panel.hierarchy
    )
    table = later.shrunk()
    labels = [
        t.get_text() for t in figure.axes[0].texts if t.get_gid() == "attraktiv-label"
    ]
    assert labels == [
        f"{name}: {table.loc[code, 'rank']} → {table.loc[code, 'rank_shrunk']}"
        for code, name in NAMED.items()
    ]
    # Shrinking toward the regions' means moves the values to shrink()'s.
    parents = panel.hierarchy.mapping("municipality", "region")
    toward = shrinkage_plot(later, top=0, toward="parent", parents=parents)
    (shrunk,) = _by_gid(toward.axes[0], "attraktiv-shrunk")
    assert isinstance(shrunk, PathCollection)
    regional = later.shrunk(toward="parent", parents=parents)
    np.testing.assert_array_equal(
        np.asarray(shrunk.get_offsets())[:, 1], regional["shrunk"]
    )
    assert "the parent's mean" in toward.axes[0].get_title()


def test_shrinkage_plot_bad_input(result: AttractivenessResult) -> None:
    with pytest.raises(
        GeographyError,
        match=re.escape("label_units: 9999 not among the result's 426 municipalities"),
    ):
        shrinkage_plot(result, label_units=["0235", "9999"])
    with pytest.raises(InvalidOptionError, match=r"^top=-1 "):
        shrinkage_plot(result, top=-1)
    with pytest.raises(InvalidOptionError, match=re.escape("toward='parent' needs")):
        shrinkage_plot(result, toward="parent")
