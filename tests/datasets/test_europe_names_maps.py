"""Names of the NUTS 2 and NUTS 1 regions, and the bundled map of every level."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pandas as pd
import pytest

from attraktiv.datasets import (
    BUNDLED_MAP_LEVELS,
    EUROPE_EXTENT,
    bundled_map,
    europe_hierarchy,
    europe_layer,
    norway_layer,
)
from attraktiv.datasets._build_europe import NAMES_FILE, NAMES_RAW, names_output
from attraktiv.errors import InvalidOptionError
from attraktiv.geography import lambert_europe

DATA = files("attraktiv.datasets").joinpath("data")
RAW = Path("/work/shared/data/europe")
RAW_NAMES = [RAW / name for _, *pair in NAMES_RAW for name in pair]


def _shipped_names() -> pd.DataFrame:
    with DATA.joinpath(NAMES_FILE).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype="str")


@pytest.mark.skipif(
    not all(path.is_file() for path in RAW_NAMES),
    reason="GISCO's NUTS 1 and NUTS 2 boundary files are not here",
)
def test_names_are_rebuilt_exactly_from_the_raw_files() -> None:
    assert names_output(RAW) == DATA.joinpath(NAMES_FILE).read_bytes()


def _collection(rows: list[dict[str, str]]) -> dict[str, object]:
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": r} for r in rows],
    }


def test_names_build_on_a_handmade_excerpt(tmp_path: Path) -> None:
    # NUTS 2016 names as GISCO's files give them: capitals at NUTS 1, Greek and
    # Cyrillic script; the NUTS 2021 files have the same codes in Latin script.
    files_2016 = {
        "nuts1": [
            {"NUTS_ID": "AT1", "NUTS_NAME": "OSTÖSTERREICH"},
            {"NUTS_ID": "EL3", "NUTS_NAME": "ATTIKΗ"},
        ],
        "nuts2": [
            {"NUTS_ID": "AT13", "NUTS_NAME": "Wien"},
            {"NUTS_ID": "RS11", "NUTS_NAME": "Београдски регион"},
            {"NUTS_ID": "NO01", "NUTS_NAME": "Oslo og Akershus"},  # not in 2021
        ],
    }
    files_2021 = {
        "nuts1": [
            {"NUTS_ID": "AT1", "NAME_LATN": "Ostösterreich"},
            {"NUTS_ID": "EL3", "NAME_LATN": "Attiki"},
        ],
        "nuts2": [
            {"NUTS_ID": "AT13", "NAME_LATN": "Wien (2021)"},
            {"NUTS_ID": "RS11", "NAME_LATN": "City of Belgrade"},
        ],
    }
    for level, file_2016, file_2021 in NAMES_RAW:
        (tmp_path / file_2016).write_text(json.dumps(_collection(files_2016[level])))
        (tmp_path / file_2021).write_text(json.dumps(_collection(files_2021[level])))
    assert names_output(tmp_path).decode().splitlines() == [
        "level,code,name",
        "nuts1,AT1,Ostösterreich",
        "nuts1,EL3,Attiki",
        "nuts2,AT13,Wien",  # mixed case and Latin: the NUTS 2016 name stays
        "nuts2,NO01,Oslo og Akershus",
        "nuts2,RS11,City of Belgrade",
    ]


def test_every_region_has_a_name_in_latin_script() -> None:
    names = _shipped_names()
    assert names.groupby("level").size().to_dict() == {"nuts1": 125, "nuts2": 332}
    assert not names["name"].str.contains("[\u0370-\u04ff]").any()
    assert not (names["name"] == names["name"].str.upper()).any()  # no capitals
    hierarchy = europe_hierarchy()
    for level in ("nuts2", "nuts1"):
        shipped = names[names["level"] == level].set_index("code")["name"]
        assert (
            hierarchy.names(level)
            .sort_index()
            .equals(shipped.rename(hierarchy.names(level).name).sort_index())
        )
    assert hierarchy.names("nuts2")["AT13"] == "Wien"
    assert hierarchy.names("nuts1")["AT1"] == "Ostösterreich"
    assert hierarchy.names("nuts2")["EL30"] == "Attiki"
    assert hierarchy.names("nuts2")["UKN0"] == "Northern Ireland"


def test_package_data_stay_under_two_megabytes() -> None:
    sizes = [path.stat().st_size for path in Path(str(DATA)).iterdir()]
    assert sum(sizes) <= 2_000_000


@pytest.mark.parametrize(
    ("level", "units", "polygons"),
    [
        ("nuts3", 1522, None),
        ("nuts2", 332, 410),
        ("nuts1", 125, 205),
        ("country", 37, 121),
    ],
)
def test_bundled_map_of_each_european_level(
    level: str, units: int, polygons: int | None
) -> None:
    drawn = bundled_map(level)
    assert drawn.level == level
    assert len(drawn.layer) == units
    assert drawn.layer.codes == tuple(europe_hierarchy().units(level))
    if polygons is not None:  # NUTS 3 regions merged: islands stay, borders go
        assert sum(len(unit) for unit in drawn.layer.polygons) == polygons
        assert drawn.layer.areas().sum() == pytest.approx(
            europe_layer().areas().sum(), rel=1e-9
        )
    assert drawn.projection is lambert_europe
    assert drawn.extent == EUROPE_EXTENT
    assert not drawn.inset
    assert drawn.neighbours_from_layer
    assert "EuroGeographics" in drawn.credit
    assert "Canary Islands" in drawn.caption


def test_bundled_map_of_norway_and_unknown_levels() -> None:
    county = bundled_map("county")
    assert county.layer is norway_layer("county")
    assert county.projection is None
    assert county.inset
    assert not county.neighbours_from_layer
    assert BUNDLED_MAP_LEVELS == (
        "municipality",
        "region",
        "county",
        "nuts3",
        "nuts2",
        "nuts1",
        "country",
    )
    with pytest.raises(
        InvalidOptionError, match="level='kommune' is not valid; choose one of 'mun"
    ):
        bundled_map("kommune")
