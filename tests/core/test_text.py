"""The words a text uses for levels: plural, singular and capitalized."""

from __future__ import annotations

import pytest

from attraktiv.core.text import capitalized, plural, singular


@pytest.mark.parametrize(
    ("level", "many", "one"),
    [
        ("nuts3", "NUTS 3 regions", "NUTS 3 region"),
        ("nuts2", "NUTS 2 regions", "NUTS 2 region"),
        ("nuts1", "NUTS 1 regions", "NUTS 1 region"),
        ("country", "countries", "country"),
        ("municipality", "municipalities", "municipality"),
        ("region", "regions", "region"),
        ("county", "counties", "county"),
        ("district", "districts", "district"),
    ],
)
def test_level_words(level: str, many: str, one: str) -> None:
    assert plural(level) == many
    assert singular(level) == one


def test_capitalized_keeps_the_rest_as_it_is() -> None:
    assert capitalized(plural("nuts3")) == "NUTS 3 regions"
    assert plural("nuts3").capitalize() == "Nuts 3 regions"  # what it avoids
    assert capitalized(plural("county")) == "Counties"
    assert capitalized("") == ""
