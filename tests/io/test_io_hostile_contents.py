"""Hostile file contents for the readers of attraktiv.io: a second corpus.

Each case is a realistic corruption of a file the readers take (a Eurostat bulk
TSV, a panel or hierarchy CSV, a StatBank export, a JSON-stat dataset) and
names the exact error class and the culprit the message must hold: the line,
key, column, code, period or byte at fault. Cases that must read are checked
against the values they hold.
"""

from __future__ import annotations

import copy
import gzip
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from attraktiv import DataError
from attraktiv.datasets import write_template
from attraktiv.io import (
    read_eurostat,
    read_hierarchy_csv,
    read_jsonstat,
    read_panel_csv,
    read_statbank,
    to_borders,
)
from helpers import refused

# read_eurostat ------------------------------------------------------------------

HEAD = "unit,indic_de,geo\\time\t2016 \t2015 \n"
VIENNA = "NR,JAN,AT130\t27356 \t42889 \n"
BERLIN = "NR,JAN,DE300\t60512 bp\t:  \n"


def _tsv(*rows: str, head: str = HEAD) -> bytes:
    return (head + "".join(rows)).encode("utf-8")


EUROSTAT_REFUSED: list[tuple[str, bytes, str]] = [
    ("row-twice", _tsv(VIENNA, BERLIN, VIENNA), "lines 2 and 4 have the same key"),
    (
        "row-twice-spaced",
        _tsv(VIENNA, VIENNA.replace("AT130", "AT130 ")),
        "the same key 'NR,JAN,AT130'",
    ),
    (
        "row-twice-other-values",
        _tsv(VIENNA, VIENNA.replace("27356", "1")),
        "lines 2 and 3 have the same key",
    ),
    (
        "empty-dimension",
        _tsv(VIENNA.replace("NR,JAN", "NR,")),
        "with no value for dimension 'indic_de'",
    ),
    ("empty-geo", _tsv(VIENNA.replace("AT130", " ")), "no value for dimension 'geo'"),
    (
        "number-of-400-digits",
        _tsv(VIENNA.replace("27356", "9" * 400)),
        "more than 30 digits",
    ),
    (
        "number-of-31-digits",
        _tsv(VIENNA.replace("27356", "1" * 31)),
        "'NR,JAN,AT130' in 2016",
    ),
    (
        "long-decimal",
        _tsv(VIENNA.replace("27356", "1." + "0" * 40)),
        "more than 30 digits",
    ),
    (
        "negative-population",
        _tsv(VIENNA.replace("27356", "-27356")),
        "'-27356', negative, and a count of people",
    ),
    (
        "negative-employment",
        _tsv(
            "NR,EMP,AT130\t-5 \t42889 \n",
            head="unit,wstatus,geo\\time\t2016 \t2015 \n",
        ),
        "'NR,EMP,AT130' in 2016 is '-5'",
    ),
    (
        "utf16-without-bom",
        (HEAD + VIENNA).encode("utf-16-le"),
        "looks like UTF-16 without a byte-order mark",
    ),
    ("nul-in-cell", _tsv(VIENNA.replace("27356", "273\x0056")), "NUL byte at offset"),
    ("nan-spelled", _tsv(VIENNA.replace("27356", "nan")), "'nan '"),
    ("infinity-spelled", _tsv(VIENNA.replace("27356", "Infinity")), "'Infinity '"),
    ("exponent", _tsv(VIENNA.replace("27356", "1e400")), "'1e400 '"),
    ("thousands-comma", _tsv(VIENNA.replace("27356", "27,356")), "'27,356 '"),
    ("full-width-digits", _tsv(VIENNA.replace("27356", "２７３５６")), "'２７３５６ '"),
    ("unknown-flag", _tsv(VIENNA.replace("27356 ", "27356 x")), "'27356 x'"),
    ("cut-in-the-last-row", _tsv(VIENNA, BERLIN)[:-9], "line 3"),
    ("comma-separated", _tsv(VIENNA).replace(b"\t", b","), "has no periods"),
    (
        "latin1",
        _tsv(VIENNA.replace("AT130", "ÅT130")).decode().encode("latin-1"),
        "0xc5",
    ),
    ("gzip-cut", gzip.compress(_tsv(VIENNA, BERLIN))[:30], "not a readable gzip"),
]


@pytest.mark.parametrize(
    ("data", "culprit"),
    [pytest.param(data, culprit, id=name) for name, data, culprit in EUROSTAT_REFUSED],
)
def test_eurostat_refuses(data: bytes, culprit: str) -> None:
    refused(lambda: read_eurostat(data), DataError, culprit)


def test_eurostat_negative_change_is_kept() -> None:
    # Population change (GROW) can be negative; only stocks of people cannot.
    frame = read_eurostat(_tsv(VIENNA.replace("JAN", "GROW").replace("27356", "-7")))
    assert frame["value"].tolist() == [-7.0, 42889.0]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_tsv(VIENNA, BERLIN).replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(b"\xef\xbb\xbf" + _tsv(VIENNA, BERLIN), id="utf8-bom"),
        pytest.param((HEAD + VIENNA + BERLIN).encode("utf-16"), id="utf16-bom"),
        pytest.param(gzip.compress(_tsv(VIENNA, BERLIN)), id="gzip"),
        pytest.param(_tsv(VIENNA, BERLIN.replace("60512", "+60512")), id="plus-sign"),
    ],
)
def test_eurostat_reads_every_faithful_spelling(data: bytes) -> None:
    frame = read_eurostat(data)
    assert frame["code"].tolist() == ["AT130", "AT130", "DE300", "DE300"]
    np.testing.assert_array_equal(
        frame["value"].to_numpy(), [27356.0, 42889.0, 60512.0, np.nan]
    )
    assert frame["flags"].tolist() == ["", "", "bp", ""]


# read_panel_csv and read_hierarchy_csv ------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("template")
    write_template(folder)
    return (
        (folder / "panel.csv").read_text(encoding="utf-8"),
        (folder / "hierarchy.csv").read_text(encoding="utf-8"),
    )


def _cell(text: str, line: int, column: str, value: str) -> str:
    lines = text.splitlines()
    cells = lines[line - 1].split(",")
    cells[lines[0].split(",").index(column)] = value
    lines[line - 1] = ",".join(cells)
    return "\n".join(lines) + "\n"


PanelEdit = Callable[[str], str | bytes]

PANEL_REFUSED: list[tuple[str, PanelEdit, str]] = [
    (
        "repeated-count-column",
        lambda t: t.replace("jobs", "population_jan1", 1),
        "names the column 'population_jan1' more than once",
    ),
    (
        "repeated-code-column",
        lambda t: t.replace("year", "code", 1),
        "names the column 'code' more than once",
    ),
    (
        "old-mac-line-ends-with-a-huge-field",
        lambda t: t + "0104," + "9" * 200_000 + ",1,1,1,1\n",
        "line 128: field larger than field limit",
    ),
    ("year-infinite", lambda t: _cell(t, 3, "year", "inf"), "holds inf (unit '0104')"),
    ("year-minus-infinite", lambda t: _cell(t, 3, "year", "-inf"), "holds -inf"),
    (
        "utf16-without-bom",
        lambda t: t.encode("utf-16-le"),
        "looks like UTF-16 without a byte-order mark",
    ),
    (
        "nul-in-a-count",
        lambda t: t.encode().replace(b"28633", b"286\x0033"),
        "NUL byte at offset",
    ),
    (
        "year-text",
        lambda t: _cell(t, 3, "year", "20O8"),
        "'20O8', which is not a number",
    ),
    ("year-five-digits", lambda t: _cell(t, 3, "year", "20088"), "holds 20088"),
    ("year-fraction", lambda t: _cell(t, 3, "year", "2008.5"), "holds 2008.5"),
    (
        "year-full-width",
        lambda t: _cell(t, 3, "year", "２００８"),
        "'２００８', which is not a number",
    ),
    (
        "count-full-width",
        lambda t: _cell(t, 4, "jobs", "１２３"),
        "column 'jobs' of unit '0104' in 2009",
    ),
    (
        "count-thousands-comma",
        lambda t: _cell(t, 4, "jobs", '"1,000"'),
        "'1,000', which is not a number",
    ),
    ("count-hex", lambda t: _cell(t, 4, "jobs", "0x10"), "'0x10'"),
    ("count-1e400", lambda t: _cell(t, 4, "jobs", "1e400"), "'jobs' is infinite"),
    (
        "population-infinity",
        lambda t: _cell(t, 4, "population_jan1", "Infinity"),
        "'population_jan1' is infinite for unit '0104' in 2009",
    ),
    (
        "population-zero",
        lambda t: _cell(t, 4, "population_jan1", "0"),
        "unit '0104' in 2009 it is 0",
    ),
    (
        "jobs-negative",
        lambda t: _cell(t, 4, "jobs", "-1"),
        "unit '0104' in 2009 it is -1",
    ),
    (
        "row-twice",
        lambda t: t + t.splitlines()[1] + "\n",
        "duplicate rows for unit '0104' in 2007",
    ),
    (
        "leading-zero-lost",
        lambda t: t.replace("0104,", "104,"),
        "'104' (codes are compared as text",
    ),
    (
        "code-full-width",
        lambda t: _cell(t, 3, "code", "０１０４"),
        "'０１０４' (codes are compared as text",
    ),
    (
        "row-cut-short",
        lambda t: t[: len(t) // 2],
        "line 64: 3 field(s) where the header has 6; the file looks truncated",
    ),
    (
        "extra-field",
        lambda t: t.replace("\n0104,2009", ",9\n0104,2009", 1),
        "Expected 6 fields in line 3, saw 7",
    ),
    ("header-only", lambda t: t.splitlines()[0] + "\n", "has a header but no rows"),
]


def _write(folder: Path, panel: str | bytes, hierarchy: str | bytes) -> Path:
    folder.mkdir(exist_ok=True)
    for name, content in (("panel.csv", panel), ("hierarchy.csv", hierarchy)):
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder / "panel.csv"


@pytest.mark.parametrize(
    ("edit", "culprit"),
    [pytest.param(edit, culprit, id=name) for name, edit, culprit in PANEL_REFUSED],
)
def test_panel_csv_refuses(
    edit: PanelEdit, culprit: str, template: tuple[str, str], tmp_path: Path
) -> None:
    panel, hierarchy = template
    path = _write(tmp_path, edit(panel), hierarchy)
    refused(lambda: read_panel_csv(path), DataError, culprit)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda t: t.replace("\n", "\r"), id="old-mac-line-ends"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode(), id="utf8-bom"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf16-bom"),
        pytest.param(lambda t: t.replace(",", ";"), id="semicolons"),
        pytest.param(lambda t: t.replace(",28633,", ',"28633",'), id="quoted-number"),
        pytest.param(lambda t: t.replace(",28633,", ", 28633 ,"), id="spaced-number"),
        pytest.param(lambda t: _cell(t, 2, "year", "2007.0"), id="year-as-float"),
        pytest.param(lambda t: _cell(t, 2, "code", " 0104 "), id="code-with-spaces"),
        pytest.param(
            lambda t: _cell(t, 2, "code", "0104\u2003"), id="code-with-em-space"
        ),
        pytest.param(lambda t: t.replace("jobs", " jobs "), id="header-with-spaces"),
        pytest.param(lambda t: t + ",,,,,\n,,,,,\n", id="rows-of-empty-fields"),
    ],
)
def test_panel_csv_reads_every_faithful_spelling(
    edit: PanelEdit, template: tuple[str, str], tmp_path: Path
) -> None:
    panel, hierarchy = template
    read = read_panel_csv(_write(tmp_path, edit(panel), hierarchy))
    original = read_panel_csv(_write(tmp_path / "original", panel, hierarchy))
    pd.testing.assert_frame_equal(read.data, original.data)
    first = read.data.iloc[0]
    assert (first["code"], first["year"], first["population_jan1"]) == (
        "0104",
        2007,
        28633.0,
    )


def test_hierarchy_codes_and_headers_lose_their_spaces(
    template: tuple[str, str], tmp_path: Path
) -> None:
    _, hierarchy = template
    path = tmp_path / "hierarchy.csv"
    spaced = hierarchy.replace("municipality_code", " municipality_code ")
    path.write_text(spaced.replace("0104,Moss", "0104\u00a0, Moss "), "utf-8")
    read = read_hierarchy_csv(path)
    assert read.levels == ("municipality", "region", "county")
    assert read.names("municipality")["0104"] == "Moss"
    assert read.parent("0104", "municipality") == "3003"


def test_panel_row_without_a_year_names_the_unit(
    template: tuple[str, str], tmp_path: Path
) -> None:
    panel, hierarchy = template
    path = _write(tmp_path, _cell(panel, 4, "year", ""), hierarchy)
    refused(
        lambda: read_panel_csv(path),
        DataError,
        "year column 'year' has no year for unit '0104' (row 2)",
    )


def test_hierarchy_with_a_repeated_column_is_refused(
    template: tuple[str, str], tmp_path: Path
) -> None:
    _, hierarchy = template
    path = tmp_path / "hierarchy.csv"
    path.write_text(hierarchy.replace("region_name", "region_code", 1), "utf-8")
    refused(
        lambda: read_hierarchy_csv(path),
        DataError,
        "names the column 'region_code' more than once",
    )


def test_hierarchy_in_utf16_without_bom_is_named(
    template: tuple[str, str], tmp_path: Path
) -> None:
    _, hierarchy = template
    path = tmp_path / "hierarchy.csv"
    path.write_bytes(hierarchy.encode("utf-16-le"))
    refused(
        lambda: read_hierarchy_csv(path),
        DataError,
        "suggest UTF-16 without a byte-order mark",
    )


# read_statbank --------------------------------------------------------------------

HEADER = '"region";"age";"Persons 2017";"Persons 2018"\n'
OSLO = '"0301 Oslo";"0 years";10;11\n'
MOSS = '"0104 Moss";"0 years";5;6\n'


def _export(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode("utf-8")


STATBANK_REFUSED: list[tuple[str, bytes, str]] = [
    (
        "year-is-the-tail-of-a-number",
        _export(OSLO, MOSS, header=HEADER.replace("Persons 2018", "Persons 20188")),
        "column(s) ['Persons 20188'] after the year columns are not years",
    ),
    (
        "year-0000",
        _export(OSLO, MOSS, header=HEADER.replace("Persons 2018", "Persons 0000")),
        "['Persons 0000']",
    ),
    ("code-of-three-digits", _export(OSLO.replace("0301", "301"), MOSS), "0301?"),
    (
        "code-of-five-digits",
        _export(OSLO.replace("0301", "30101"), MOSS),
        "region code '30101' has 5 digits",
    ),
    (
        "code-in-full-width-digits",
        _export(OSLO.replace("0301", "０３０１"), MOSS),
        "region '０３０１ Oslo' is not a code and a name",
    ),
    (
        "utf16-without-bom",
        (HEADER + OSLO).encode("utf-16-le"),
        "looks like UTF-16 without a byte-order mark",
    ),
]


@pytest.mark.parametrize(
    ("data", "culprit"),
    [pytest.param(data, culprit, id=name) for name, data, culprit in STATBANK_REFUSED],
)
def test_statbank_refuses(data: bytes, culprit: str) -> None:
    refused(lambda: read_statbank(data), DataError, culprit)


def test_statbank_whole_country_code_0_is_kept() -> None:
    # SSB writes the whole country as "0 Hele landet": one digit, not a lost zero.
    frame = read_statbank(_export('"0 Hele landet";"0 years";15;17\n', OSLO))
    assert frame["code"].tolist() == ["0", "0", "0301", "0301"]
    assert frame["value"].tolist() == [15.0, 17.0, 10.0, 11.0]


def test_statbank_year_glued_to_contents_is_read() -> None:
    header = '"region";"age";"Persons2017";"Persons2018"\n'
    frame = read_statbank(_export(OSLO, MOSS, header=header))
    assert frame["year"].tolist() == [2017, 2018, 2017, 2018]
    assert set(frame["contents"]) == {"Persons"}


# read_jsonstat ------------------------------------------------------------------

DATASET: dict[str, Any] = {
    "version": "2.0",
    "class": "dataset",
    "id": ["Region", "Tid"],
    "size": [2, 2],
    "dimension": {
        "Region": {
            "label": "region",
            "category": {
                "index": {"0301": 0, "0104": 1},
                "label": {"0301": "Oslo", "0104": "Moss"},
            },
        },
        "Tid": {
            "label": "year",
            "category": {
                "index": {"2017": 0, "2018": 1},
                "label": {"2017": "2017", "2018": "2018"},
            },
        },
    },
    "value": [10, 11, 5, 6],
}


def _changed(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    dataset = copy.deepcopy(DATASET)
    change(dataset)
    return dataset


def _index(dimension: str, index: dict[str, int]) -> Callable[[dict[str, Any]], None]:
    def change(dataset: dict[str, Any]) -> None:
        category = dataset["dimension"][dimension]["category"]
        category["index"] = index
        category.pop("label")

    return change


JSONSTAT_REFUSED: list[tuple[str, dict[str, Any], str]] = [
    (
        "codes-differ-in-spaces",
        _changed(_index("Region", {"0301": 0, " 0301": 1})),
        "region codes '0301' and ' 0301' of dimension 'Region' are both unit '0301'",
    ),
    (
        "prefixed-and-spaced",
        _changed(_index("Region", {"K-0301": 0, "0301 ": 1})),
        "are both unit '0301'",
    ),
    (
        "years-differ-in-spaces",
        _changed(_index("Tid", {"2017": 0, "2017 ": 1})),
        "periods '2017' and '2017 ' of dimension 'Tid' are both '2017'",
    ),
    (
        "year-in-full-width-digits",
        _changed(_index("Tid", {"2017": 0, "２０１８": 1})),
        "mixes years such as '2017' with the period '２０１８'",
    ),
    (
        "year-as-float-text",
        _changed(_index("Tid", {"2017": 0, "2018.0": 1})),
        "the period '2018.0'",
    ),
    (
        "year-and-text",
        _changed(_index("Tid", {"2017": 0, "abc": 1})),
        "the period 'abc'",
    ),
    (
        "status-as-numbers",
        _changed(lambda d: d.__setitem__("status", [1, 2, 3, 4])),
        "status 0 is 1, not a marker as text",
    ),
    (
        "status-as-object-inside-list",
        _changed(lambda d: d.__setitem__("status", [{"a": 1}, None, None, None])),
        "status 0 is {'a': 1}",
    ),
    (
        "negative-persons-by-label",
        _changed(
            lambda d: (
                d.__setitem__("label", "07459: Persons"),
                d["value"].__setitem__(2, -5),
            )
        ),
        "value 2 is -5, and the dataset counts people ('07459: Persons')",
    ),
    (
        "utf16-without-bom",
        _changed(lambda d: None),
        "looks like UTF-16 without a byte-order mark",
    ),
]


@pytest.mark.parametrize(
    ("dataset", "culprit"),
    [pytest.param(d, culprit, id=name) for name, d, culprit in JSONSTAT_REFUSED],
)
def test_jsonstat_refuses(dataset: dict[str, Any], culprit: str, request: Any) -> None:
    source: Any = dataset
    if "utf16" in request.node.callspec.id:
        import json

        source = json.dumps(dataset).encode("utf-16-le")
    refused(lambda: read_jsonstat(source), DataError, culprit)


def test_jsonstat_spaces_around_codes_and_years_are_dropped() -> None:
    dataset = _changed(_index("Region", {" 0301": 0, "0104 ": 1}))
    dataset["dimension"]["Tid"]["category"]["index"] = {" 2017": 0, "2018 ": 1}
    frame = read_jsonstat(dataset)
    assert frame["code"].tolist() == ["0301", "0301", "0104", "0104"]
    assert frame["year"].tolist() == [2017, 2018, 2017, 2018]
    assert frame["value"].tolist() == [10.0, 11.0, 5.0, 6.0]


def test_jsonstat_negative_change_is_kept() -> None:
    dataset = _changed(lambda d: d.__setitem__("label", "Population change"))
    dataset["value"][0] = -3
    assert read_jsonstat(dataset)["value"].tolist() == [-3.0, 11.0, 5.0, 6.0]


# to_borders -----------------------------------------------------------------------


def test_to_borders_refuses_an_empty_frame() -> None:
    empty = pd.DataFrame({"code": [], "year": [], "value": []})
    refused(lambda: to_borders(empty, 2024), DataError, "the table has no rows")
