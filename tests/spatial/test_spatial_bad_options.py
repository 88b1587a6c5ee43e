"""Spatial options refused at the boundary: the exact class, the argument named.

Issue 21 (point 4): the options of the contiguity weights are checked whether or
not a topology of one's own is given, a code is text, and the clustering table
needs a level and at least one period.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from attraktiv.datasets import load_example
from attraktiv.errors import InvalidOptionError
from attraktiv.spatial import (
    SpatialWeights,
    clustering_by_period,
    contiguity_weights,
    hierarchy_weights,
)


@cache
def _county() -> SpatialWeights:
    return contiguity_weights("county")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("object_name", pd.DataFrame({"a": [1]}), "object_name=a DataFrame is not"),
        ("object_name", "", "object_name='' is not valid; give a non-empty text"),
        ("object_name", 7, "object_name=7 is not valid; give a non-empty text"),
        ("code_property", None, "code_property=None is not valid; give a non-empty"),
        ("code_property", "x" * 300, "code_property='xxx"),
        ("code_property", ["Nr"], "code_property=a list is not valid"),
        ("code_width", 0, "code_width=0 is not valid; it must be at least 1"),
        ("code_width", 10**12, "code_width=1,000,000,000,000 is not valid; it must"),
        ("code_width", 2.0, "code_width=2.0 is not valid; give a whole number"),
        ("code_width", "4", "code_width='4' is not valid; give a whole number"),
    ],
)
def test_contiguity_weights_checks_the_topology_options_without_a_topology(
    option: str, value: object, message: str
) -> None:
    with pytest.raises(InvalidOptionError) as info:
        contiguity_weights("county", **{option: value})  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_contiguity_weights_still_draws_the_bundled_map_with_valid_options() -> None:
    # A valid code_width and code_property do not change the bundled map's weights.
    plain = _county()
    with_options = contiguity_weights("county", code_property="Nr", code_width=2)
    assert list(with_options.codes) == list(plain.codes)
    assert (with_options.matrix != plain.matrix).nnz == 0
    assert plain.neighbours("03").tolist() == ["02", "05", "06"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ({"a": 1}, "code=a dict is not valid; give a non-empty text"),
        ([], "code=a list is not valid; give a non-empty text"),
        (3, "code=3 is not valid; give a non-empty text"),
        ("", "code='' is not valid; give a non-empty text"),
    ],
)
def test_neighbours_refuses_a_code_that_is_not_text(code: object, message: str) -> None:
    with pytest.raises(InvalidOptionError) as info:
        _county().neighbours(code)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_subset_of_no_codes_is_empty_weights() -> None:
    empty = _county().subset([])
    assert len(empty) == 0
    assert empty.matrix.shape == (0, 0)


@pytest.mark.parametrize(
    ("level", "message"),
    [
        (None, "level=None is not valid; give a non-empty text"),
        (7, "level=7 is not valid; give a non-empty text"),
        ("nation", "level='nation' is not valid; choose one of"),
    ],
)
def test_clustering_by_period_refuses_a_level_that_is_not_the_panels(
    level: object, message: str
) -> None:
    panel = load_example()
    weights = hierarchy_weights("municipality", panel.hierarchy)
    with pytest.raises(InvalidOptionError) as info:
        clustering_by_period(panel, level, weights=weights)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_clustering_by_period_refuses_no_periods() -> None:
    panel = load_example()
    weights = hierarchy_weights("municipality", panel.hierarchy)
    with pytest.raises(InvalidOptionError) as info:
        clustering_by_period(panel, weights=weights, periods=[])
    assert str(info.value) == (
        "periods is empty; give at least one period, such as periods=['2008-2010']"
    )
