"""read_jsonstat on SSB's real JSON-stat 2.0 answers, and on malformed input."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from attraktiv import DataError, GeographyError
from attraktiv.io import read_jsonstat, to_borders

SSB = Path(__file__).parents[1] / "data" / "ssb"
POPULATION = SSB / "jsonstat2_07459_population_2022.json"
NATIONAL = SSB / "jsonstat2_05803_national.json"


def _dataset(path: Path = POPULATION) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def test_population_2022() -> None:
    frame = read_jsonstat(POPULATION)
    assert list(frame.columns) == [
        "code",
        "name",
        "ContentsCode",
        "ContentsCode_label",
        "year",
        "value",
        "status",
    ]
    assert len(frame) == 359
    by_code = frame.set_index("code")
    assert by_code.loc["0301", "value"] == 699_827
    assert by_code.loc["0301", "name"] == "Oslo"
    assert by_code.loc["3033", "value"] == 41_565
    assert set(frame["year"]) == {2022}
    assert set(frame["ContentsCode_label"]) == {"Personer"}
    assert frame["status"].isna().all()
    assert (
        frame.attrs["label"]
        == "07459: Befolkning, etter region, statistikkvariabel og år"
    )
    assert frame.attrs["units"] == {"Personer1": {"base": "personer", "decimals": 0}}
    # The raw values in JSON order, unchanged.
    np.testing.assert_array_equal(frame["value"].to_numpy(), _dataset()["value"])


def test_sources_path_text_bytes_and_dict_agree() -> None:
    text = POPULATION.read_text(encoding="utf-8")
    expected = read_jsonstat(POPULATION)
    for source in (str(POPULATION), text, text.encode("utf-8"), json.loads(text)):
        pd.testing.assert_frame_equal(read_jsonstat(source), expected)


def test_national_table_missing_cells_flags_and_notes() -> None:
    frame = read_jsonstat(NATIONAL)
    assert list(frame.columns) == [
        "ContentsCode",
        "ContentsCode_label",
        "year",
        "value",
        "status",
    ]
    assert frame["year"].tolist() == [1735, 1736, 2025, 2026] * 3
    assert frame["ContentsCode"].tolist() == (
        ["Personer"] * 4 + ["Skilsmisse"] * 4 + ["Innflyttinger"] * 4
    )
    np.testing.assert_array_equal(
        frame["value"].to_numpy(),
        [
            *(616109, 622197, 5594340, 5627400),
            *(np.nan, np.nan, 0, np.nan),
            *(np.nan, np.nan, 55243, np.nan),
        ],
    )
    flagged = frame["status"].eq("..").fillna(False).to_numpy()
    assert np.flatnonzero(flagged).tolist() == [4, 5, 7, 8, 9, 11]
    # Every null is flagged; the real zero (divorces 2025) is not.
    assert np.array_equal(flagged, frame["value"].isna().to_numpy())
    assert frame.attrs["notes"][1].startswith(".. = Tallgrunnlag mangler")
    assert frame.attrs["dimension_notes"]["ContentsCode"]["categories"]["Personer"] == [
        "Før 1816 beregnet middelfolkemengde."
    ]
    assert frame.attrs["extension"]["px"]["tableid"] == "05803"


def test_sparse_values_and_single_status() -> None:
    dataset = _dataset(NATIONAL)
    dense = read_jsonstat(dataset)
    sparse = copy.deepcopy(dataset)
    sparse["value"] = {
        str(i): v for i, v in enumerate(dataset["value"]) if v is not None
    }
    pd.testing.assert_frame_equal(read_jsonstat(sparse), dense)
    single = copy.deepcopy(dataset)
    single["status"] = "p"
    assert set(read_jsonstat(single)["status"]) == {"p"}


def test_non_annual_time_is_a_period_column() -> None:
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Tid"],
        "size": [2],
        "dimension": {"Tid": {"category": {"index": ["2022K3", "2022K4"]}}},
        "value": [1, 2],
    }
    frame = read_jsonstat(dataset)
    assert frame["period"].tolist() == ["2022K3", "2022K4"]
    assert "year" not in frame.columns


def test_borders_2024_conserves_the_national_total() -> None:
    frame = read_jsonstat(POPULATION)
    municipalities = frame[frame["code"].str.fullmatch(r"\d{4}").to_numpy()]
    moved = to_borders(municipalities, 2024)
    assert moved["value"].sum() == municipalities["value"].sum() == 5_425_270
    assert moved.set_index("code").loc["0301", "value"] == 699_827
    # Ålesund of 2020-2023 (1507) is split between Ålesund and Haram in 2024
    # by the change table's weights, 0.5 each.
    alesund = municipalities.set_index("code").loc["1507", "value"]
    assert moved.set_index("code").loc[["1508", "1580"], "value"].tolist() == [
        alesund / 2,
        alesund / 2,
    ]
    assert len(moved) == 357


def test_borders_name_the_codes_that_cannot_be_placed() -> None:
    message = (
        f"{str(POPULATION)!r} has code(s) '21-22', 'Rest' that are neither "
        "municipalities (four digits) nor counties (two digits); they cannot be "
        "placed in the 2024 borders"
    )
    with pytest.raises(GeographyError, match=re.escape(message)):
        read_jsonstat(POPULATION, borders=2024)


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (lambda d: d.update({"version": "1.0"}), "version is '1.0'"),
        (lambda d: d.update({"class": "collection"}), "class is 'collection'"),
        (lambda d: d.pop("value"), "it has no value"),
        (lambda d: d.update({"size": [359, 1]}), "id and size are not lists of equal"),
        (lambda d: d.update({"value": [1, 2]}), "value has 2 cells, size says 359"),
        (
            lambda d: d["dimension"].pop("Tid"),
            "a dimension named in id is missing from dimension",
        ),
    ],
)
def test_not_jsonstat_2_is_named(change: Any, what: str) -> None:
    dataset = _dataset()
    change(dataset)
    with pytest.raises(
        DataError,
        match=re.escape(f"the dataset (source) is not a JSON-stat 2.0 dataset: {what}"),
    ):
        read_jsonstat(dataset)


def test_jsonstat_1_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"dataset": {"dimension": {}, "value": []}}))
    message = (
        f"{str(path)!r} is not a JSON-stat 2.0 dataset: class is None; expected a "
        "JSON-stat 2.0 dataset: an object with class 'dataset', version '2.0', "
        "and id, size, dimension and value"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        read_jsonstat(path)


def test_not_json_is_named() -> None:
    with pytest.raises(
        DataError, match=re.escape("the input is not JSON (line 1, column 2:")
    ):
        read_jsonstat("{oops")


def test_text_value_is_named() -> None:
    dataset = _dataset(NATIONAL)
    dataset["value"][0] = "many"
    with pytest.raises(
        DataError,
        match=re.escape(
            "the dataset (source): value 0 is 'many', not a number or null"
        ),
    ):
        read_jsonstat(dataset)


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(
        DataError, match=re.escape(f"no JSON-stat file at {str(path)!r}")
    ):
        read_jsonstat(path)


def test_dimension_named_like_a_tidy_column_is_refused() -> None:
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "id": ["value"],
        "size": [1],
        "dimension": {"value": {"category": {"index": ["a"]}}},
        "value": [1],
    }
    message = (
        "the dataset (source): dimension(s) ['value'] would overwrite a column of "
        "the tidy frame (code, name, period, status, value, year)"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        read_jsonstat(dataset)
