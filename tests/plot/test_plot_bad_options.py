"""Figure options refused at the boundary: the exact class, the option named.

Issue 21 (point 4): every option of the figures is checked before anything is
drawn, by the one validation layer (``attraktiv.core.validation``), and the
refusal names the option and what would be valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv import plot
from attraktiv.core.validation import check_label, check_name_map
from attraktiv.errors import FlowError, InvalidOptionError, PeriodError

pytest.importorskip("matplotlib")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


@cache
def _layer() -> Any:
    return plot.norway_layer("county")


def _county_values() -> pd.Series:
    layer = _layer()
    return pd.Series(np.arange(len(layer.codes), dtype=float), index=list(layer.codes))


@cache
def _lisa() -> Any:
    from attraktiv import spatial
    from attraktiv.datasets import load_example

    panel = load_example()
    index = attraktiv.AttractivenessModel().fit(panel, "2008-2010").index
    weights = spatial.hierarchy_weights("municipality", panel.hierarchy)
    return spatial.local_morans(index, weights, permutations=99, rng=1)


@cache
def _example_result() -> attraktiv.AttractivenessResult:
    from attraktiv.datasets import load_example

    return attraktiv.AttractivenessModel().fit(load_example(), "2008-2010")


# --- the two helpers of the validation layer ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", ""), ("Two\nlines", "Two\nlines"), ("x" * 300, "x" * 300)],
)
def test_check_label_keeps_none_empty_and_text(
    value: str | None, expected: str | None
) -> None:
    assert check_label("title", value) == expected


@pytest.mark.parametrize(
    ("value", "culprit"),
    [
        (7, "title=7 is not valid; give a text or None"),
        (b"Oslo", "title=b'Oslo' is not valid"),
        (["a"], "title=a list is not valid"),
        ("x" * 301, "give at most 300 characters"),
    ],
)
def test_check_label_refuses_non_text_and_overlong(value: object, culprit: str) -> None:
    with pytest.raises(InvalidOptionError, match=r"^title=") as info:
        check_label("title", value)
    assert culprit in str(info.value)


def test_check_name_map_reads_a_dict_and_a_series() -> None:
    assert check_name_map("names", {"0301": "Oslo"}) == {"0301": "Oslo"}
    series = pd.Series({"0301": "Oslo", "1103": "Stavanger"})
    assert check_name_map("names", series) == {"0301": "Oslo", "1103": "Stavanger"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            ["Oslo"],
            "names=a list is not valid; give a dict or a pandas Series of names "
            "by code",
        ),
        (
            "Oslo",
            "names='Oslo' is not valid; give a dict or a pandas Series of names "
            "by code",
        ),
        ({"0301": 7}, "names must map codes to names as text; got '0301': 7"),
        ({3: "Oslo"}, "names must map codes to names as text; got 3: 'Oslo'"),
        ({"0301": ""}, "names must map codes to names as text; got '0301': ''"),
    ],
)
def test_check_name_map_refuses_what_is_not_names_by_code(
    value: object, message: str
) -> None:
    with pytest.raises(InvalidOptionError) as info:
        check_name_map("names", value)
    assert str(info.value) == message


# --- format_number, period_text, outcome_text ---


def test_format_number_takes_whole_and_large_numbers() -> None:
    assert plot.format_number(7, 2) == "7.00"
    assert plot.format_number(10**12, 0) == "1000000000000"
    assert plot.format_number(-0.004, 2) == "0.00"  # no sign for a rounded zero


@pytest.mark.parametrize("value", [float("nan"), float("inf"), None, "1.5", True])
def test_format_number_refuses_what_is_not_a_finite_number(value: object) -> None:
    with pytest.raises(InvalidOptionError, match=r"^value=.* is not valid; give a"):
        plot.format_number(value, 2)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("decimals", "message"),
    [
        (-1, "decimals=-1 is not valid; it must be at least 0"),
        (18, "decimals=18 is not valid; it must be at most 17"),
        (10**12, "decimals=1,000,000,000,000 is not valid; it must be at most 17"),
        (2.0, "decimals=2.0 is not valid; give a whole number"),
        (None, "decimals=None is not valid; give a whole number"),
    ],
)
def test_format_number_refuses_bad_decimals(decimals: object, message: str) -> None:
    with pytest.raises(InvalidOptionError) as info:
        plot.format_number(1.5, decimals)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_period_text_reads_periods_and_their_labels() -> None:
    assert plot.period_text("2003-2005") == "2003\N{EN DASH}2005"
    assert plot.period_text(attraktiv.Period(2008, 2010)) == "2008\N{EN DASH}2010"
    assert plot.period_text("2003\N{EN DASH}2005") == "2003\N{EN DASH}2005"


@pytest.mark.parametrize("label", ["municipality", "", "2010", None, 7])
def test_period_text_refuses_what_is_not_a_period(label: object) -> None:
    with pytest.raises(PeriodError, match=r"^cannot read .* as a period"):
        plot.period_text(label)  # type: ignore[arg-type]


def test_outcome_text_words_a_column_of_ones_own() -> None:
    assert plot.outcome_text("net_migration_domestic_other") == (
        "domestic net migration of others"
    )
    assert plot.outcome_text("jobs_in_tourism") == "jobs in tourism"


@pytest.mark.parametrize("column", [None, 7, "", "x" * 201, "two\nlines", ["a"]])
def test_outcome_text_refuses_what_is_not_one_line_of_text(column: object) -> None:
    with pytest.raises(InvalidOptionError, match=r"^column="):
        plot.outcome_text(column)  # type: ignore[arg-type]


# --- the maps ---


def _choropleth(**options: Any) -> Any:
    return plot.choropleth(_county_values(), map_layer=_layer(), **options)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("title", 7, "title=7 is not valid; give a text or None"),
        ("title", "x" * 400, "title='xxx"),
        ("credit", ["Kartverket"], "credit=a list is not valid; give a text or None"),
        ("inset", "no", "inset='no' is not valid; give True or False"),
        ("inset", None, "inset=None is not valid; give True or False"),
        ("level", 7, "level=7 is not valid; give a non-empty text"),
        ("level", "", "level='' is not valid; give a non-empty text"),
        ("cmap", {"a": 1}, "cmap=a dict is not valid; give a colormap's name"),
        ("cmap", [], "cmap=a list is not valid; give a colormap's name"),
        ("projection", "lambert", "projection='lambert' is not valid; give a"),
        ("extent", 7, "extent=7 is not valid; give four finite numbers (xmin,"),
        ("extent", "0123", "extent='0123' is not valid"),
        ("extent", [0, 1, 2], "extent=a list is not valid; give four finite"),
        ("extent", [0, 1, float("nan"), 2], "extent=a list is not valid; give four"),
        ("extent", [5, 58, 4, 70], "extent=a list is not valid; give four finite"),
    ],
)
def test_choropleth_refuses_bad_options_by_name(
    option: str, value: object, message: str
) -> None:
    with pytest.raises(InvalidOptionError) as info:
        _choropleth(**{option: value})
    assert str(info.value).startswith(message)


def test_choropleth_checks_a_level_of_the_bundled_map() -> None:
    values = _county_values()
    with pytest.raises(
        InvalidOptionError, match=r"^level='nuts3' is not valid; choose"
    ):
        plot.choropleth(values, "nuts3")


def test_choropleth_extent_sets_the_axes_limits() -> None:
    # The checked extent is what the axes show (padded by 2 % without projection).
    figure = _choropleth(extent=(5.0, 58.0, 15.0, 70.0))
    ax = figure.axes[0]
    assert ax.get_xlim() == pytest.approx((5.0 - 0.2, 15.0 + 0.2))
    assert ax.get_ylim() == pytest.approx((58.0 - 0.24, 70.0 + 0.24))


def test_choropleth_empty_title_and_credit_show_nothing() -> None:
    figure = _choropleth(title="", credit="")
    ax = figure.axes[0]
    assert ax.get_title() == ""
    assert not [t for t in ax.texts if t.get_gid() == "attraktiv-credit"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("first", None, "first=NoneType is not valid"),
        ("second", pd.DataFrame({"a": [1.0]}), "second=DataFrame is not valid"),
        ("titles", 7, "titles=7 is not valid; give two titles"),
        ("titles", "ab", "titles='ab' is not valid; give two titles"),
        ("titles", ("a", "b", "c"), "titles has 3 entries; give two"),
        ("titles", ("a", 7), "titles=7 is not valid; give a text or None"),
        ("axes", 7, "axes=7 is not valid; give two matplotlib Axes or None"),
        ("axes", [], "axes has 0 entries; give two Axes"),
    ],
)
def test_choropleth_pair_refuses_bad_options_by_name(
    option: str, value: object, message: str
) -> None:
    options: dict[str, Any] = {
        "first": _county_values(),
        "second": _county_values(),
        "map_layer": _layer(),
        option: value,
    }
    with pytest.raises(InvalidOptionError) as info:
        plot.choropleth_pair(**options)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("level", 7, "level=7 is not valid; choose one of"),
        ("level", ["county"], "level=a list is not valid; choose one of"),
        ("title", 7.5, "title=7.5 is not valid; give a text or None"),
    ],
)
def test_lisa_map_refuses_bad_options_by_name(
    option: str, value: object, message: str
) -> None:
    with pytest.raises(InvalidOptionError) as info:
        plot.lisa_map(_lisa(), **{option: value})
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("names", ["Oslo"], "names=a list is not valid"),
        ("names", {"0104": 7}, "names must map codes to names as text"),
        ("title", {"a": 1}, "title=a dict is not valid"),
        ("label_units", "0104", "label_units='0104' is one string"),
        ("label_units", [7], "label_units must hold names as non-empty text"),
    ],
)
def test_moran_scatter_refuses_bad_options_by_name(
    option: str, value: object, message: str
) -> None:
    with pytest.raises(InvalidOptionError) as info:
        plot.moran_scatter(_lisa(), **{option: value})
    assert str(info.value).startswith(message)


def test_moran_scatter_labels_units_by_the_names_given() -> None:
    code = str(_lisa().codes[0])
    figure = plot.moran_scatter(_lisa(), names={code: "Somewhere"}, label_units=[code])
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == ["Somewhere"]


# --- the other figures ---


@pytest.mark.parametrize(
    ("figure", "option", "value", "message"),
    [
        ("scatter", "label_units", 7, "label_units=7 is not valid"),
        ("scatter", "label_units", "0101", "label_units='0101' is one string"),
        ("scatter", "rank_by", 7, "rank_by=7 is not valid; give a non-empty text"),
        ("shrinkage_plot", "label_units", 7.5, "label_units=7.5 is not valid"),
        ("rank_caterpillar", "title", ["a"], "title=a list is not valid"),
        ("national_series", "title", 7, "title=7 is not valid"),
    ],
)
def test_figures_refuse_bad_options_by_name(
    figure: str, option: str, value: object, message: str
) -> None:
    from attraktiv.datasets import load_example

    first = load_example() if figure == "national_series" else _example_result()
    with pytest.raises(InvalidOptionError) as info:
        getattr(plot, figure)(first, **{option: value})
    assert str(info.value).startswith(message)


def test_scatter_rank_by_names_itself_when_the_flows_are_unknown() -> None:
    # The Norwegian panel knows its flows only in 2013-2014: asking for one in
    # 2008-2010 is refused naming the option that asked.
    from attraktiv.datasets import load_norway

    result = attraktiv.AttractivenessModel().fit(load_norway(), "2008-2010")
    with pytest.raises(FlowError) as info:
        plot.scatter(result, rank_by="immigration")
    assert str(info.value).startswith("rank_by='immigration' needs the flow components")
    assert "2013-2014" in str(info.value)


def test_rank_caterpillar_names_result_or_frame_for_a_bad_table() -> None:
    frame = pd.DataFrame({"rank": [1.0]}, index=["0301"])
    with pytest.raises(attraktiv.DataError) as info:
        plot.rank_caterpillar(frame)
    assert str(info.value).startswith(
        "result_or_frame: the rank table has no column rank_low, rank_high"
    )


@pytest.mark.parametrize("decimals", [18, 10**12, -1, "2"])
def test_styled_betas_refuses_bad_decimals(decimals: object) -> None:
    pytest.importorskip("jinja2")
    from attraktiv.datasets import load_example

    result = attraktiv.DriverAnalysis(["job_growth", "size"]).fit(
        load_example(), "2008-2010"
    )
    with pytest.raises(InvalidOptionError, match=r"^decimals="):
        plot.styled_betas(result, decimals=decimals)  # type: ignore[arg-type]
