"""A corpus of corrupt and hostile inputs to the readers of attraktiv.io.

Every case names the exact error class and a culprit that the message must
contain: the line, column, code, year, key or argument at fault. Cases that
must read are checked against the values they hold.
"""

from __future__ import annotations

import codecs
import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv import DataError, GeographyError, InvalidOptionError, PeriodError
from attraktiv.io import (
    read_hierarchy_csv,
    read_jsonstat,
    read_panel_csv,
    read_statbank,
    to_borders,
)
from helpers import refused

# read_statbank ------------------------------------------------------------------

HEADER = '"region";"age";"Persons 2017";"Persons 2018"\n'
OSLO = '"0301 Oslo";"0 years";10;11\n'
MOSS = '"0104 Moss";"0 years";5;6\n'


def _export(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode("utf-8")


STATBANK_REFUSED: list[tuple[str, bytes, dict[str, Any], type[Exception], str]] = [
    (
        "duplicate-row",
        _export(OSLO, MOSS, OSLO),
        {},
        DataError,
        "lines 2 and 4: the same row twice (code='0301', age='0 years')",
    ),
    (
        "duplicate-code-other-name",
        _export(OSLO, '"0301 Oslo kommune";"0 years";1;2\n'),
        {},
        DataError,
        "lines 2 and 3: the same row twice (code='0301', age='0 years')",
    ),
    (
        "duplicate-row-prefixed-code",
        _export(OSLO, '"K-0301 Oslo";"0 years";1;2\n'),
        {},
        DataError,
        "the same row twice (code='0301'",
    ),
    (
        "duplicate-row-spacing",
        _export(OSLO, '" 0301 Oslo ";" 0 years";1;2\n'),
        {},
        DataError,
        "lines 2 and 3: the same row twice",
    ),
    (
        "duplicate-row-no-region",
        b'"age";"2017"\n"0 years";1\n"1 year";2\n"0 years";3\n',
        {},
        DataError,
        "lines 2 and 4: the same row twice (age='0 years')",
    ),
    (
        "inf",
        _export('"0301 Oslo";"0 years";inf;11\n'),
        {},
        DataError,
        "line 2, column 'Persons 2017': 'inf' is infinite",
    ),
    (
        "minus-inf",
        _export('"0301 Oslo";"0 years";10;-inf\n'),
        {},
        DataError,
        "line 2, column 'Persons 2018': '-inf' is infinite",
    ),
    (
        "1e400",
        _export(OSLO, '"0104 Moss";"0 years";1e400;6\n'),
        {},
        DataError,
        "line 3, column 'Persons 2017': '1e400' is infinite",
    ),
    (
        "Infinity",
        _export('"0301 Oslo";"0 years";Infinity;1\n'),
        {},
        DataError,
        "'Infinity' is infinite",
    ),
    (
        "nan-text",
        _export('"0301 Oslo";"0 years";nan;1\n'),
        {},
        DataError,
        "line 2, column 'Persons 2017': 'nan' is neither a number nor one of SSB's",
    ),
    (
        "negative-persons",
        _export(OSLO, '"0104 Moss";"0 years";5;-6\n'),
        {},
        DataError,
        "line 3, column 'Persons 2018': '-6' is negative, and a count of people",
    ),
    (
        "negative-befolkning",
        b'"region";"Befolkning 2017"\n"0301 Oslo";-1\n',
        {},
        DataError,
        "column 'Befolkning 2017': '-1' is negative",
    ),
    (
        "negative-population-title",
        b'"07459: Population, by region and year"\n\n"region";"2017"\n"0301 Oslo";-3\n',
        {},
        DataError,
        "line 4, column '2017': '-3' is negative",
    ),
    (
        "truncated-quote",
        _export(OSLO, '"0104 Mo'),
        {},
        DataError,
        "line 3: a quoted field does not close; the file looks truncated",
    ),
    (
        "truncated-one-field",
        _export(OSLO, '"0104 Moss"\n'),
        {},
        DataError,
        "line 3: 1 field(s) where the header has 4; the row is cut short",
    ),
    (
        "truncated-two-fields",
        _export(OSLO, '"0104 Moss";"0 years"\n'),
        {},
        DataError,
        "line 3: 2 field(s) where the header has 4; the row is cut short",
    ),
    (
        "truncated-empty-last-cell",
        _export(OSLO, '"0104 Moss";"0 years";5;'),
        {},
        DataError,
        "line 3, column 'Persons 2018': '' is neither a number",
    ),
    (
        "truncated-inside-label",
        _export(OSLO, MOSS, '"1902 Tr'),
        {},
        DataError,
        "line 4: a quoted field does not close; the file looks truncated",
    ),
    (
        "truncated-last-region",
        _export(
            OSLO,
            '"0301 Oslo";"1 year";1;2\n',
            '"1902 Tromsø";"0 years";3;4\n',
            '"1902 Tromsø";"1 year";5;6\n',
            MOSS,
        ),
        {},
        DataError,
        "line 6: the last region '0104 Moss' has 1 row(s) where every other has 2",
    ),
    (
        "footnote-without-blank-line",
        _export(OSLO, '"Source: Statistics Norway"\n'),
        {},
        DataError,
        "line 3: 1 field(s) where the header has 4",
    ),
    (
        "row-after-footnote",
        _export(OSLO, "\n", '"Source: SSB"\n', MOSS),
        {},
        DataError,
        "line 5: 4 field(s) where the header has 4 after the blank line",
    ),
    (
        "long-row",
        _export(OSLO, '"0104 Moss";"0 years";5;6;7\n'),
        {},
        DataError,
        "line 3: 5 field(s) where the header has 4",
    ),
    (
        "year-header-spacing",
        b'"region";"Persons 2017";"Persons  2017"\n"0301 Oslo";1;2\n',
        {},
        DataError,
        "columns 'Persons 2017' and 'Persons  2017' are the same year",
    ),
    (
        "year-header-tab",
        b'"region";"Persons 2017";"Persons\t2017"\n"0301 Oslo";1;2\n',
        {},
        DataError,
        "are the same year of the same contents",
    ),
    (
        "year-header-inner-space",
        b'"region";"Live births 2017";"Live  births 2017"\n"0301 Oslo";1;2\n',
        {},
        DataError,
        "columns 'Live births 2017' and 'Live  births 2017'",
    ),
    (
        "year-header-no-space",
        b'"region";"Births 2017";"Births2017"\n"0301 Oslo";1;2\n',
        {},
        DataError,
        "columns 'Births 2017' and 'Births2017' are the same year",
    ),
    (
        "year-header-repeated",
        b'"region";"2017";"2017"\n"0301 Oslo";1;2\n',
        {},
        DataError,
        "columns '2017' and '2017' are the same year",
    ),
    (
        "full-width-year",
        '"region";"2017";"２０１８"\n"0301 Oslo";1;2\n'.encode(),
        {},
        DataError,
        "column(s) ['２０１８'] after the year columns are not years",
    ),
    (
        "latin1-behind-utf8-bom",
        codecs.BOM_UTF8 + (HEADER + '"0301 Tromsø";"0 years";1;2\n').encode("latin-1"),
        {},
        DataError,
        "starts with a UTF-8 byte-order mark but byte 0xf8 at offset 59 is not UTF-8",
    ),
    (
        "cp1252-undeclared",
        (HEADER + '"0301 Oslo – €";"0 years";1;2\n').encode("cp1252"),
        {},
        DataError,
        "is neither UTF-8 nor plain latin-1: byte 0x96 at offset 56",
    ),
    (
        "utf16-without-bom",
        (HEADER + OSLO).encode("utf-16-le"),
        {},
        DataError,
        "looks like UTF-16 without a byte-order mark",
    ),
    (
        "utf16-bom-odd-bytes",
        codecs.BOM_UTF16_LE + (HEADER + OSLO).encode("utf-16-le") + b"\x00",
        {},
        DataError,
        "starts with a UTF-16 byte-order mark but",
    ),
    (
        "declared-wrong",
        (HEADER + '"0301 Tromsø";"0 years";1;2\n').encode("latin-1"),
        {"encoding": "utf-8"},
        DataError,
        "is not 'utf-8' as declared: byte 0xf8 at offset 56",
    ),
    (
        "declared-unknown",
        _export(OSLO),
        {"encoding": "klingon"},
        InvalidOptionError,
        "encoding 'klingon' is not an encoding Python knows",
    ),
    (
        "declared-with-nul",
        _export(OSLO),
        {"encoding": "utf-8\x00"},
        InvalidOptionError,
        "encoding 'utf-8\\x00' is not an encoding Python knows",
    ),
    (
        "declared-not-text",
        _export(OSLO),
        {"encoding": 8},
        InvalidOptionError,
        "encoding 8 is not an encoding Python knows",
    ),
    (
        "region-without-code",
        _export(OSLO, '"Moss";"0 years";1;2\n'),
        {},
        DataError,
        "line 3: region 'Moss' is not a code and a name",
    ),
    (
        "text-cell",
        _export('"0301 Oslo";"0 years";ten;11\n'),
        {},
        DataError,
        "line 2, column 'Persons 2017': 'ten' is neither a number",
    ),
    (
        "long-cell-message-capped",
        _export('"0301 Oslo";"0 years";' + "7" * 100_000 + ";1\n"),
        {},
        DataError,
        "column 'Persons 2017': '" + "7" * 54 + "...7' is neither a number",
    ),
    (
        "header-only",
        HEADER.encode(),
        {},
        DataError,
        'is not a StatBank export this reader knows (first line \'"region"',
    ),
    (
        "borders-fraction",
        _export(OSLO),
        {"borders": 2024.5},
        PeriodError,
        "borders must be a year (int); got 2024.5",
    ),
    (
        "borders-text",
        _export(OSLO),
        {"borders": "2024"},
        PeriodError,
        "borders must be a year (int); got '2024'",
    ),
]


@pytest.mark.parametrize(
    ("data", "options", "error", "culprit"),
    [case[1:] for case in STATBANK_REFUSED],
    ids=[case[0] for case in STATBANK_REFUSED],
)
def test_statbank_refuses(
    data: bytes, options: dict[str, Any], error: type[Exception], culprit: str
) -> None:
    refused(lambda: read_statbank(data, **options), error, culprit)


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("utf-8"), "utf-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (lambda text: text.encode("utf-16"), "utf-16"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"),
        (lambda text: text.encode("utf-32"), "utf-32"),
        (lambda text: text.encode("latin-1"), "latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32", "latin-1"],
)
def test_statbank_reads_every_unambiguous_encoding(
    encode: Callable[[str], bytes], encoding: str
) -> None:
    text = HEADER + '"1902 Tromsø";"0 years";10;11\n' + MOSS
    frame = read_statbank(encode(text))
    assert frame.attrs["encoding"] == encoding
    assert frame["name"].tolist() == ["Tromsø", "Tromsø", "Moss", "Moss"]
    assert frame["value"].tolist() == [10.0, 11.0, 5.0, 6.0]


def test_statbank_reads_a_declared_encoding() -> None:
    text = HEADER + '"1902 Tromsø – by";"0 years";10;11\n'
    frame = read_statbank(text.encode("cp1252"), encoding="cp1252")
    assert frame["name"].tolist() == ["Tromsø – by", "Tromsø – by"]
    assert frame.attrs["encoding"] == "cp1252"


def test_statbank_keeps_negative_values_of_other_measures() -> None:
    data = (
        b'"region";"Net migration 2017";"Population change 2017"\n"0301 Oslo";-4;-2\n'
    )
    assert read_statbank(data)["value"].tolist() == [-4.0, -2.0]


def test_statbank_footnotes_after_a_blank_line_are_kept() -> None:
    data = _export(OSLO, MOSS, "\n", '"Source: Statistics Norway"\n', "Note 2\n")
    frame = read_statbank(data)
    assert frame.attrs["notes"] == ["Source: Statistics Norway", "Note 2"]
    assert frame["value"].sum() == 32.0


def test_statbank_two_regions_may_be_ragged() -> None:
    frame = read_statbank(_export(OSLO, '"0301 Oslo";"1 year";1;2\n', MOSS))
    assert frame["code"].tolist() == ["0301"] * 4 + ["0104"] * 2


def test_statbank_file_without_final_line_end_reads() -> None:
    frame = read_statbank(_export(OSLO, MOSS.rstrip("\n")))
    assert frame["value"].tolist() == [10.0, 11.0, 5.0, 6.0]


def test_statbank_file_without_final_line_end_after_footnotes_reads() -> None:
    frame = read_statbank(_export(OSLO, "\n", '"Source: SSB"'))
    assert frame.attrs["notes"] == ["Source: SSB"]


# read_jsonstat --------------------------------------------------------------------

BASE: dict[str, Any] = {
    "version": "2.0",
    "class": "dataset",
    "id": ["Region", "ContentsCode", "Tid"],
    "size": [2, 1, 2],
    "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
    "dimension": {
        "Region": {
            "category": {
                "index": {"K-0301": 0, "K-3033": 1},
                "label": {"K-0301": "Oslo", "K-3033": "Ullensaker"},
            }
        },
        "ContentsCode": {
            "category": {
                "index": ["Personer1"],
                "label": {"Personer1": "Persons"},
                "unit": {"Personer1": {"base": "persons", "decimals": 0}},
            }
        },
        "Tid": {"category": {"index": ["2021", "2022"]}},
    },
    "value": [697010, 699827, 40000, 41565],
}


def _mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    dataset = copy.deepcopy(BASE)
    change(dataset)
    return dataset


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(dataset: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = dataset
        for key in parents:
            target = target[key]
        target[last] = value

    return change


TEXT = json.dumps(BASE)
JSONSTAT_REFUSED: list[tuple[str, Any, type[Exception], str]] = [
    (
        "duplicate-dimension-id",
        _mutated(_set("id", ["Region", "Region", "Tid"])),
        DataError,
        "id names dimension 'Region' more than once",
    ),
    (
        "duplicate-code-list",
        _mutated(_set("dimension/Tid/category/index", ["2021", "2021"])),
        DataError,
        "dimension 'Tid' lists category '2021' more than once",
    ),
    (
        "duplicate-year-list",
        _mutated(_set("dimension/Tid/category/index", ["2022", "2022"])),
        DataError,
        "lists category '2022' more than once",
    ),
    (
        "prefix-collapse",
        _mutated(_set("dimension/Region/category/index", {"K-0301": 0, "0301": 1})),
        DataError,
        "region codes 'K-0301' and '0301' of dimension 'Region' are both unit '0301'",
    ),
    (
        "prefix-collapse-county",
        _mutated(_set("dimension/Region/category/index", {"F-03": 0, "03": 1})),
        DataError,
        "region codes 'F-03' and '03' of dimension 'Region' are both unit '03'",
    ),
    (
        "object-label",
        _mutated(_set("dimension/Region/category/label", {"K-0301": {"nb": "Oslo"}})),
        DataError,
        "the label of category 'K-0301' of dimension 'Region' is dict",
    ),
    (
        "list-label",
        _mutated(_set("dimension/Region/category/label", {"K-3033": ["U"]})),
        DataError,
        "the label of category 'K-3033' of dimension 'Region' is list",
    ),
    (
        "number-label",
        _mutated(_set("dimension/Tid/category/label", {"2021": 2021})),
        DataError,
        "the label of category '2021' of dimension 'Tid' is int",
    ),
    (
        "number-code",
        _mutated(_set("dimension/Tid/category/index", [2021, 2022])),
        DataError,
        "dimension 'Tid' has category code 2021, not text",
    ),
    (
        "bool-position",
        _mutated(
            _set("dimension/Region/category/index", {"K-0301": False, "K-3033": True})
        ),
        DataError,
        "the category index of 'Region' maps a code to something other than a position",
    ),
    (
        "id-not-text",
        _mutated(_set("id", ["Region", 5, "Tid"])),
        DataError,
        "id holds something other than dimension names",
    ),
    (
        "sparse-int-and-text-key",
        _mutated(_set("value", {0: 1, "0": 2})),
        DataError,
        "value gives cell 0 twice (key '0')",
    ),
    (
        "sparse-leading-zero",
        _mutated(_set("value", {"1": 1, "01": 2})),
        DataError,
        "value gives cell 1 twice (key '01')",
    ),
    (
        "sparse-arabic-digit",
        _mutated(_set("value", {"\u0663": 1})),
        DataError,
        "value has a cell at '٣', outside 0-3",
    ),
    (
        "sparse-bool-key",
        _mutated(_set("value", {True: 1})),
        DataError,
        "value has a cell at True, outside 0-3",
    ),
    (
        "status-sparse-twice",
        _mutated(_set("status", {"2": "..", "02": ":"})),
        DataError,
        "status gives cell 2 twice (key '02')",
    ),
    (
        "negative-population",
        _mutated(_set("value", [697010, -1, 40000, 41565])),
        DataError,
        "value 1 (ContentsCode 'Personer1', 'Persons') is -1; a count of people",
    ),
    (
        "infinite-value",
        _mutated(_set("value", [697010, float("inf"), 40000, 41565])),
        DataError,
        "value 1 is inf, which is infinite",
    ),
    (
        "nan-value-object",
        _mutated(_set("value", [697010, float("-inf"), 40000, 41565])),
        DataError,
        "value 1 is -inf, which is infinite",
    ),
    (
        "huge-int-value",
        _mutated(_set("value", [10**400, 1, 2, 3])),
        DataError,
        "value 0 is 1000000000",
    ),
    (
        "text-value",
        _mutated(_set("value", ["697010", 1, 2, 3])),
        DataError,
        "value 0 is '697010', not a number or null",
    ),
    (
        "too-many-cells",
        _mutated(
            lambda d: d.update(
                id=["A", "B", "C"],
                size=[400, 400, 400],
                role={},
                dimension={
                    name: {"category": {"index": [f"{name}{i}" for i in range(400)]}}
                    for name in "ABC"
                },
                value={"0": 1},
            )
        ),
        DataError,
        "size [400, 400, 400] makes 64,000,000 cells, more than 50,000,000",
    ),
    (
        "text-deep",
        '{"a": ' * 70 + "1" + "}" * 70,
        DataError,
        "the input nests arrays or objects more than 64 levels deep",
    ),
    (
        "text-very-deep",
        "[" * 200_000,
        DataError,
        "more than 64 levels deep",
    ),
    (
        "text-long-int",
        TEXT.replace("697010", "9" * 5000),
        DataError,
        "the input holds a number of 5000 characters (99999999999999999999...)",
    ),
    (
        "text-long-float",
        TEXT.replace("697010", "0." + "1" * 100),
        DataError,
        "holds a number of 102 characters",
    ),
    (
        "text-1e400",
        TEXT.replace("697010", "1e400"),
        DataError,
        "value 0 is inf, which is infinite",
    ),
    (
        "text-nan",
        TEXT.replace("697010", "NaN"),
        DataError,
        "holds NaN, which is not a JSON number",
    ),
    (
        "text-infinity",
        TEXT.replace("697010", "-Infinity"),
        DataError,
        "holds -Infinity, which is not a JSON number",
    ),
    (
        "text-duplicate-sparse-key",
        TEXT.replace(
            '"value": [697010, 699827, 40000, 41565]', '"value": {"0": 1, "0": 2}'
        ),
        DataError,
        "an object that repeats the key '0'",
    ),
    (
        "text-duplicate-index-key",
        TEXT.replace('"K-3033": 1}', '"K-3033": 1, "K-0301": 1}', 1),
        DataError,
        "repeats the key 'K-0301'",
    ),
    (
        "text-duplicate-dimension",
        TEXT.replace('"dimension": {', '"dimension": {"Tid": {}, ', 1),
        DataError,
        "repeats the key 'Tid'",
    ),
    (
        "bytes-latin1-behind-bom",
        codecs.BOM_UTF8 + TEXT.replace("Oslo", "Oslø").encode("latin-1"),
        DataError,
        "starts with a UTF-8 byte-order mark but byte 0xf8",
    ),
    (
        "bytes-latin1",
        TEXT.replace("Oslo", "Oslø").encode("latin-1"),
        DataError,
        "the input (source) is not UTF-8: byte 0xf8",
    ),
    (
        "bytes-utf16-no-bom",
        TEXT.encode("utf-16-le"),
        DataError,
        "looks like UTF-16 without a byte-order mark",
    ),
    (
        "bytes-deep",
        b"[" * 100 + b"]" * 100,
        DataError,
        "more than 64 levels deep",
    ),
    (
        "long-code-message-capped",
        _mutated(_set("dimension/Tid/category/index", ["x" * 100_000] * 2)),
        DataError,
        "dimension 'Tid' lists category '" + "x" * 54 + "...x' more than once",
    ),
    (
        "not-a-dataset",
        "[1, 2, 3]",
        DataError,
        "the top level is not an object",
    ),
]


@pytest.mark.parametrize(
    ("source", "error", "culprit"),
    [case[1:] for case in JSONSTAT_REFUSED],
    ids=[case[0] for case in JSONSTAT_REFUSED],
)
def test_jsonstat_refuses(source: Any, error: type[Exception], culprit: str) -> None:
    refused(lambda: read_jsonstat(source), error, culprit)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-32"),
        lambda text: "\ufeff" + text,
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "utf-32", "text-with-bom"],
)
def test_jsonstat_reads_utf8_and_marked_encodings(
    encode: Callable[[str], Any], tmp_path: Path
) -> None:
    text = json.dumps(BASE, ensure_ascii=False).replace("Oslo", "Oslø")
    source = encode(text)
    frame = read_jsonstat(source)
    assert frame["name"].tolist() == ["Oslø", "Oslø", "Ullensaker", "Ullensaker"]
    assert frame["value"].tolist() == [697010.0, 699827.0, 40000.0, 41565.0]
    if isinstance(source, bytes):
        path = tmp_path / "dataset.json"
        path.write_bytes(source)
        assert read_jsonstat(path).equals(frame)


def test_jsonstat_keeps_negative_values_of_other_measures() -> None:
    dataset = _mutated(
        _set("dimension/ContentsCode/category/label", {"Personer1": "Net migration"})
    )
    dataset["value"] = [-5, 3, -1, 0]
    assert read_jsonstat(dataset)["value"].tolist() == [-5.0, 3.0, -1.0, 0.0]


def test_jsonstat_nesting_at_the_limit_reads() -> None:
    # 64 levels of an extension are allowed; the dataset itself nests 5 deep.
    dataset = copy.deepcopy(BASE)
    nested: Any = 1
    for _ in range(62):
        nested = [nested]
    dataset["extension"] = nested
    frame = read_jsonstat(json.dumps(dataset))
    assert frame["value"].sum() == 697010 + 699827 + 40000 + 41565


# Sources of the wrong kind, for every reader -------------------------------------


def _folder(tmp_path: Path) -> Path:
    return tmp_path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "absent.csv"


Reader = Callable[[Any], object]
READERS: dict[str, Reader] = {
    "read_statbank": read_statbank,
    "read_jsonstat": read_jsonstat,
    "read_panel_csv": read_panel_csv,
    "read_hierarchy_csv": read_hierarchy_csv,
}
WRONG_TYPES: list[tuple[str, Any, dict[str, str]]] = [
    (
        "none",
        None,
        {
            "read_statbank": "read_statbank reads a path, bytes or a file opened in "
            "binary mode ('rb'); got NoneType",
            "read_jsonstat": "read_jsonstat reads a path, JSON text, bytes or a "
            "parsed dict; got NoneType",
            "read_panel_csv": "path must be the path of a panel file (CSV); got "
            "NoneType",
            "read_hierarchy_csv": "read_hierarchy_csv reads the path of a hierarchy "
            "file or a text buffer; got NoneType",
        },
    ),
    ("int", 5, {}),
    ("float", 2.5, {}),
    ("list", [1, 2], {}),
    ("frame", pd.DataFrame({"code": ["0301"]}), {}),
]


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize(
    ("source", "culprits"),
    [case[1:] for case in WRONG_TYPES],
    ids=[case[0] for case in WRONG_TYPES],
)
def test_wrong_source_type_is_named(
    reader: str, source: Any, culprits: dict[str, str]
) -> None:
    default = f"got {type(source).__name__}"
    refused(lambda: READERS[reader](source), DataError, culprits.get(reader, default))


def test_dict_is_not_a_statbank_export_or_a_panel() -> None:
    refused(lambda: read_statbank({}), DataError, "got dict")  # type: ignore[arg-type]
    refused(lambda: read_panel_csv({}), DataError, "got dict {}")  # type: ignore[arg-type]
    refused(lambda: read_hierarchy_csv({}), DataError, "got dict")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("reader", "culprit"),
    [
        ("read_statbank", "source {path} is a folder, not a StatBank export"),
        ("read_jsonstat", "source {path} is a folder, not a JSON-stat file"),
        ("read_panel_csv", "{path} is a folder, not a panel file"),
        ("read_hierarchy_csv", "source {path} is a folder, not a hierarchy file"),
    ],
)
def test_folder_is_named(reader: str, culprit: str, tmp_path: Path) -> None:
    expected = culprit.format(path=repr(str(tmp_path)))
    refused(lambda: READERS[reader](tmp_path), DataError, expected)


@pytest.mark.parametrize(
    ("reader", "culprit"),
    [
        ("read_statbank", "no StatBank export at {path}"),
        ("read_jsonstat", "no JSON-stat file at {path}"),
        ("read_panel_csv", "no panel file at {path}"),
        ("read_hierarchy_csv", "no file at {path}"),
    ],
)
def test_missing_file_is_named(reader: str, culprit: str, tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    expected = culprit.format(path=repr(str(path)))
    refused(lambda: READERS[reader](path), DataError, expected)


@pytest.mark.parametrize("reader", list(READERS))
def test_path_the_system_cannot_look_at_is_named(reader: str) -> None:
    path = "a" * 5000  # longer than any file name may be
    refused(
        lambda: READERS[reader](path),
        DataError,
        "cannot be used as a path: File name too long",
    )


@pytest.mark.parametrize(
    ("reader", "culprit"),
    [
        ("read_statbank", "source must be the path of a StatBank export; got ''"),
        ("read_jsonstat", "source must be the path of a JSON-stat file; got ''"),
        ("read_panel_csv", "path must be the path of a panel file (CSV); got str ''"),
    ],
)
def test_empty_path_is_named(reader: str, culprit: str) -> None:
    refused(lambda: READERS[reader](""), DataError, culprit)


def test_text_buffer_for_statbank_is_refused() -> None:
    refused(
        lambda: read_statbank(io.StringIO(HEADER + OSLO)),  # type: ignore[arg-type]
        DataError,
        "read_statbank reads bytes",
    )


# read_panel_csv and read_hierarchy_csv ------------------------------------------

PANEL_HEADER = "code,year,population_jan1,jobs,net_migration\n"
HIERARCHY = "municipality_code,region_code\n0101,R1\n0104,R1\n"


def _panel(tmp_path: Path, body: str, *, raw: bytes | None = None) -> Path:
    (tmp_path / "hierarchy.csv").write_text(HIERARCHY, encoding="utf-8")
    path = tmp_path / "panel.csv"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(PANEL_HEADER + body, encoding="utf-8")
    return path


PANEL_REFUSED: list[tuple[str, str, type[Exception], str]] = [
    (
        "cut-last-row",
        "0101,2008,5,1,2\n0104,2008,10,1,2\n0104,2009,10,1",
        DataError,
        "line 4: 4 field(s) where the header has 5; the file looks truncated",
    ),
    (
        "cut-middle-row",
        "0101,2008,5,1\n0104,2008,10,1,2\n",
        DataError,
        "line 2: 4 field(s) where the header has 5; write an unknown value",
    ),
    (
        "one-field-row",
        "0101,2008,5,1,2\n0104\n",
        DataError,
        "line 3: 1 field(s) where the header has 5",
    ),
    (
        "inf",
        "0101,2008,inf,1,2\n0104,2008,10,1,2\n",
        DataError,
        "column 'population_jan1' is infinite for unit '0101' in 2008",
    ),
    (
        "1e400",
        "0101,2008,5,1,2\n0104,2008,1e400,1,2\n",
        DataError,
        "column 'population_jan1' is infinite for unit '0104' in 2008",
    ),
    (
        "negative-population",
        "0101,2008,-5,1,2\n0104,2008,10,1,2\n",
        DataError,
        "population_jan1 must be positive: unit '0101' in 2008 it is -5",
    ),
    (
        "duplicate-row",
        "0101,2008,5,1,2\n0101,2008,5,1,2\n0104,2008,10,1,2\n",
        DataError,
        "duplicate rows for unit '0101' in 2008",
    ),
    (
        "exponent-year",
        "0101,2008,5,1,2\n0104,2.008e3,10,1,2\n",
        DataError,
        "line 3: the year of unit '0104' is '2.008e3', which is not a year written in "
        "digits",
    ),
    (
        "exponent-year-1e3",
        "0101,1e3,5,1,2\n0104,2008,10,1,2\n",
        DataError,
        "line 2: the year of unit '0101' is '1e3', which is not a year written in "
        "digits",
    ),
    (
        "fractional-year",
        "0101,2008.5,5,1,2\n0104,2008,10,1,2\n",
        DataError,
        "year column 'year' holds 2008.5, not a whole year",
    ),
]


@pytest.mark.parametrize(
    ("body", "error", "culprit"),
    [case[1:] for case in PANEL_REFUSED],
    ids=[case[0] for case in PANEL_REFUSED],
)
def test_panel_csv_refuses(
    tmp_path: Path, body: str, error: type[Exception], culprit: str
) -> None:
    path = _panel(tmp_path, body)
    refused(lambda: read_panel_csv(path), error, culprit)


def test_panel_csv_empty_fields_are_unknown_values(tmp_path: Path) -> None:
    path = _panel(tmp_path, "0101,2008,5,,2\n0104,2008,10,1,\n")
    data = read_panel_csv(path).data.set_index("code")
    assert np.isnan(data.loc["0101", "jobs"])
    assert np.isnan(data.loc["0104", "net_migration"])
    assert data.loc["0104", "population_jan1"] == 10.0


def test_panel_csv_latin1_behind_bom_is_named(tmp_path: Path) -> None:
    raw = codecs.BOM_UTF8 + (PANEL_HEADER + "0101,2008,5,1,2\nø").encode("latin-1")
    path = _panel(tmp_path, "", raw=raw)
    refused(
        lambda: read_panel_csv(path),
        DataError,
        f"cannot read {str(path)!r} as CSV: the file starts with a UTF-8 byte-order "
        "mark but byte 0xf8 at offset 64 is not UTF-8: the file mixes encodings; "
        "save it as UTF-8",
    )


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1"]
)
def test_panel_and_hierarchy_read_in_every_unambiguous_encoding(
    tmp_path: Path, encoding: str
) -> None:
    hierarchy = (
        "municipality_code,municipality_name,region_code\n"
        "0101,Halden,R1\n1902,Tromsø,R1\n"
    )
    (tmp_path / "hierarchy.csv").write_bytes(hierarchy.encode(encoding))
    path = tmp_path / "panel.csv"
    body = PANEL_HEADER + "0101,2008,5,1,2\n1902,2008,10,,-3\n"
    path.write_bytes(body.encode(encoding))
    panel = read_panel_csv(path)
    data = panel.data.set_index("code")
    assert data.loc["1902", "population_jan1"] == 10.0
    assert data.loc["1902", "net_migration"] == -3.0
    assert np.isnan(data.loc["1902", "jobs"])
    names = read_hierarchy_csv(tmp_path / "hierarchy.csv").to_frame()
    assert names["municipality_name"].tolist() == ["Halden", "Tromsø"]


def test_hierarchy_behind_a_misleading_byte_order_mark_is_named(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hierarchy.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "municipality_code".encode("utf-16-be"))
    refused(
        lambda: read_hierarchy_csv(path),
        DataError,
        f"cannot read {str(path)!r} as CSV: read as utf-16, its first line",
    )


def test_panel_in_windows_1252_is_named(tmp_path: Path) -> None:
    path = _panel(
        tmp_path, "", raw=(PANEL_HEADER + "0101,2008,5,1,2 – €\n").encode("cp1252")
    )
    refused(
        lambda: read_panel_csv(path),
        DataError,
        f"cannot read {str(path)!r} as CSV: the file is neither UTF-8 nor plain "
        "latin-1: byte 0x96 at offset 61",
    )


@pytest.mark.parametrize(
    ("options", "error", "culprit"),
    [
        (
            {"hierarchy": 5},
            DataError,
            "hierarchy must be the path of a hierarchy file, a Hierarchy or None; "
            "got int",
        ),
        ({"hierarchy": {}}, DataError, "got dict"),
        ({"hierarchy": "{folder}"}, DataError, "is a folder, not a hierarchy file"),
        ({"components": 5}, DataError, "components must be a sequence of names"),
        ({"components": "abc"}, DataError, "got str 'abc'"),
        ({"components": b"ab"}, DataError, "got bytes b'ab'"),
        ({"components": [None]}, DataError, "got list [None]"),
        ({"components": ["domestic", 5]}, DataError, "got list ['domestic', 5]"),
        ({"components": [""]}, DataError, "got list ['']"),
    ],
)
def test_panel_csv_arguments_are_named(
    tmp_path: Path, options: dict[str, Any], error: type[Exception], culprit: str
) -> None:
    path = _panel(tmp_path, "0101,2008,5,1,2\n0104,2008,10,1,2\n")
    if options.get("hierarchy") == "{folder}":
        options = {"hierarchy": tmp_path}
    refused(lambda: read_panel_csv(path, **options), error, culprit)


@pytest.mark.parametrize(
    ("levels", "culprit"),
    [
        ("municipality", "got str 'municipality'"),
        (b"municipality", "got bytes b'municipality'"),
        (5, "got int 5"),
        ({"municipality": 1}, "got dict"),
    ],
)
def test_hierarchy_levels_as_text_are_refused(
    tmp_path: Path, levels: Any, culprit: str
) -> None:
    path = tmp_path / "hierarchy.csv"
    path.write_text(HIERARCHY, encoding="utf-8")
    refused(
        lambda: read_hierarchy_csv(path, levels=levels),
        GeographyError,
        "levels must be a sequence of level names, lowest first",
    )
    refused(lambda: read_hierarchy_csv(path, levels=levels), GeographyError, culprit)


# to_borders -------------------------------------------------------------------------


def _counts(**columns: Any) -> pd.DataFrame:
    frame = {"code": ["0301", "1601"], "year": [2017, 2017], "value": [1.0, 2.0]}
    frame.update(columns)
    return pd.DataFrame(frame)


BORDERS_REFUSED: list[tuple[str, Any, Any, type[Exception], str]] = [
    (
        "fractional-year",
        _counts(year=[2017.7, 2017.0]),
        2024,
        PeriodError,
        "year 2017.7 of code '0301' is not a whole year",
    ),
    (
        "fractional-year-second",
        _counts(year=[2017.0, 2017.25]),
        2024,
        PeriodError,
        "year 2017.25 of code '1601' is not a whole year",
    ),
    (
        "nan-year",
        _counts(year=[2017.0, np.nan]),
        2024,
        PeriodError,
        "year nan of code '1601' is not a whole year",
    ),
    (
        "inf-year",
        _counts(year=[np.inf, 2017.0]),
        2024,
        PeriodError,
        "year inf of code '0301'",
    ),
    (
        "text-year",
        _counts(year=["2017", "twenty"]),
        2024,
        PeriodError,
        "year 'twenty' of code '1601'",
    ),
    (
        "huge-year",
        _counts(year=[2017, 10**15]),
        2024,
        PeriodError,
        "year 1000000000000000 of code '1601' is not a whole year from 1 to 9999",
    ),
    (
        "missing-year",
        _counts(year=pd.array([2017, None], dtype="Int64")),
        2024,
        PeriodError,
        "year <NA> of code '1601'",
    ),
    (
        "text-values",
        _counts(value=["1", "2"]),
        2024,
        DataError,
        "the value column holds str data, not numbers",
    ),
    (
        "bool-values",
        _counts(value=[True, False]),
        2024,
        DataError,
        "the value column holds bool data",
    ),
    (
        "infinite-value",
        _counts(value=[1.0, np.inf]),
        2024,
        DataError,
        "the value of code '1601' in 2017 is infinite",
    ),
    ("none", None, 2024, DataError, "to_borders moves a pandas DataFrame"),
    ("dict", {"code": ["0301"]}, 2024, DataError, "got dict"),
    ("series", pd.Series([1.0]), 2024, DataError, "got Series"),
    ("borders-fraction", _counts(), 2024.0, PeriodError, "got 2024.0"),
    ("borders-none", _counts(), None, PeriodError, "got None"),
    ("borders-bool", _counts(), True, PeriodError, "got True"),
    ("borders-2020", _counts(), 2020, PeriodError, "borders=2020 is not supported"),
]


@pytest.mark.parametrize(
    ("frame", "borders", "error", "culprit"),
    [case[1:] for case in BORDERS_REFUSED],
    ids=[case[0] for case in BORDERS_REFUSED],
)
def test_to_borders_refuses(
    frame: Any, borders: Any, error: type[Exception], culprit: str
) -> None:
    refused(lambda: to_borders(frame, borders), error, culprit)


def test_to_borders_accepts_whole_float_and_text_years() -> None:
    by_float = to_borders(_counts(year=[2017.0, 2017.0]), 2024)
    by_text = to_borders(_counts(year=["2017", "2017"]), 2024)
    by_int = to_borders(_counts(), 2024)
    assert by_float.equals(by_int)
    assert by_text.equals(by_int)
    # 1601 Trondheim became 5001 in 2018; Oslo kept its code.
    assert by_int[["code", "value"]].values.tolist() == [["0301", 1.0], ["5001", 2.0]]


@pytest.mark.parametrize("reader", [read_statbank, read_jsonstat])
def test_borders_are_checked_before_the_source_is_read(reader: Reader) -> None:
    # The source is not even readable: the wrong year is still the error named.
    refused(
        lambda: reader(b"not a table", borders=2023),  # type: ignore[call-arg]
        PeriodError,
        "borders=2023 is not supported",
    )


# Any damage to a good file is read or refused with attraktiv's own error ------------

_EXPORT = (
    Path(__file__).parents[1] / "data" / "ssb" / "Personer2005-2009.csv"
).read_bytes()
_EXPORT = _EXPORT[: _EXPORT.index(b"\n", 6000) + 1]
_JSONSTAT = (
    Path(__file__).parents[1] / "data" / "ssb" / "jsonstat2_05803_national.json"
).read_bytes()
_PIECES = [
    b"\t", b";", b",", b'"', b"\n", b"\r", b"\x00", b"..", b"-", b"inf", b"1e400",
    b"9" * 400, codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"K-", b"2005", b"{", b"[",
    b"}", b"]", b":", b"null", b"-1", b"\xe6", b"\x85", b'"0"', b"NaN",
]  # fmt: skip


@st.composite
def _damaged(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "cut"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(_PIECES))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        else:
            del data[at:]
    return bytes(data)


@settings(max_examples=60, deadline=None)
@given(_damaged(_EXPORT))
def test_damaged_statbank_export_never_raises_a_raw_exception(data: bytes) -> None:
    try:
        frame = read_statbank(data)
    except (DataError, InvalidOptionError):
        return
    values = frame["value"].to_numpy()
    assert not np.isinf(values).any()
    assert (values[~np.isnan(values)] >= 0).all()  # counts of persons
    labels = [c for c in frame.columns if c not in ("name", "value", "status")]
    assert not frame.duplicated(labels).any()


@settings(max_examples=60, deadline=None)
@given(_damaged(_JSONSTAT))
def test_damaged_jsonstat_never_raises_a_raw_exception(data: bytes) -> None:
    try:
        frame = read_jsonstat(data)
    except DataError:
        return
    assert not np.isinf(frame["value"].to_numpy()).any()
