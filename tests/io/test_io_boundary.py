"""Bad arguments at the io package's boundary: the class and the culprit.

The readers name the argument (``source``, ``path``) whatever went wrong with it,
the client's options are bounded, and :func:`to_borders` checks how it names the
data (issue 21: the public-API walker's gaps in io, closed at the boundary).
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from attraktiv.datasets import load_example
from attraktiv.errors import AttraktivError, DataError, InvalidOptionError
from attraktiv.io import (
    StatBankClient,
    read_hierarchy_csv,
    read_jsonstat,
    read_panel_csv,
    read_statbank,
    to_borders,
)
from helpers import refused

LOOPBACK = "http://127.0.0.1:9/api/"


READERS: dict[str, Callable[[Any], object]] = {
    "read_statbank": read_statbank,
    "read_jsonstat": read_jsonstat,
    "read_hierarchy_csv": read_hierarchy_csv,
}
WRONG = [None, 7, 2.5, math.nan, math.inf, 10**12, [], pd.DataFrame({"a": [1]})]
WRONG_IDS = ["none", "int", "float", "nan", "inf", "huge", "list", "frame"]


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("source", WRONG, ids=WRONG_IDS)
def test_a_source_of_the_wrong_type_is_named(reader: str, source: object) -> None:
    refused(
        lambda: READERS[reader](source),
        DataError,
        f"source is not valid: {reader} reads ",
        f"got {type(source).__name__}",
    )


@pytest.mark.parametrize(
    ("reader", "what"),
    [
        ("read_statbank", "no StatBank export at"),
        ("read_jsonstat", "no JSON-stat file at"),
        ("read_hierarchy_csv", "no file at"),
    ],
)
def test_a_missing_file_names_source(
    reader: str, what: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    message = refused(
        lambda: READERS[reader]("municipality"),
        DataError,
        f"{what} 'municipality'",
        "source must name",
    )
    assert "file" in message


def test_a_missing_panel_file_names_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    refused(
        lambda: read_panel_csv("municipality"),
        DataError,
        "no panel file at 'municipality'; path must name an existing file",
    )


# UTF-16 byte-order mark followed by bytes that are not UTF-16 (an odd count).
MIXED = codecs.BOM_UTF16_LE + b"\x00municipality"


@pytest.mark.parametrize("reader", ["read_statbank", "read_jsonstat"])
def test_bytes_of_mixed_encodings_name_source(reader: str) -> None:
    refused(
        lambda: READERS[reader](MIXED),
        DataError,
        "the input (source) starts with a UTF-16 byte-order mark",
        "the file mixes encodings",
    )


@pytest.mark.parametrize(
    ("dataset", "culprit"),
    [
        ({"a": 1}, "class is None"),
        ({"class": "dataset", "version": "1.0"}, "version is '1.0'"),
    ],
    ids=["no-class", "old-version"],
)
def test_a_parsed_dict_that_is_not_a_dataset_names_source(
    dataset: dict[str, Any], culprit: str
) -> None:
    refused(
        lambda: read_jsonstat(dataset),
        DataError,
        "the dataset (source) is not a JSON-stat 2.0 dataset",
        culprit,
    )


def test_statbank_bytes_name_source_in_line_errors() -> None:
    export = b'"region"\t"Persons 2010"\n"Moss"\t5\n'
    refused(
        lambda: read_statbank(export),
        DataError,
        "the input (source), line 2: region 'Moss' is not a code and a name",
    )


@pytest.mark.parametrize(
    ("levels", "culprit"),
    [
        ([], "levels is empty; a hierarchy needs at least one level"),
        ([7], "levels must hold level names as non-empty text, got 7"),
    ],
    ids=["empty", "int"],
)
def test_read_hierarchy_csv_names_levels(
    levels: object, culprit: str, tmp_path: Path
) -> None:
    from attraktiv.errors import GeographyError

    path = tmp_path / "hierarchy.csv"
    load_example().hierarchy.to_frame().to_csv(path, index=False)
    refused(lambda: read_hierarchy_csv(path, levels), GeographyError, culprit)  # type: ignore[arg-type]


def test_read_panel_csv_no_components_is_none(tmp_path: Path) -> None:
    example = load_example()
    example.hierarchy.to_frame().to_csv(tmp_path / "hierarchy.csv", index=False)
    example.data.to_csv(tmp_path / "panel.csv", index=False)
    default = read_panel_csv(tmp_path / "panel.csv")
    none = read_panel_csv(tmp_path / "panel.csv", components=[])
    assert none.components == default.components == ()
    pd.testing.assert_frame_equal(none.data, default.data)


# --- the client's options -----------------------------------------------------------


@pytest.mark.parametrize("option", ["timeout", "min_interval", "max_wait"])
@pytest.mark.parametrize(
    ("value", "culprit"),
    [
        (86_400.5, "must be at most 86,400 seconds (a day); got 86400.5"),
        (10**12, "must be at most 86,400 seconds (a day); got 1000000000000"),
        (math.nan, "must be a finite number"),
        (math.inf, "must be a finite number"),
        (-1, "got -1"),
        ("60", "must be a number; got str '60'"),
        (b"60", "must be a number; got bytes"),
        (True, "must be a number; got bool"),
    ],
    ids=["over-a-day", "huge", "nan", "inf", "negative", "text", "bytes", "bool"],
)
def test_client_times_are_bounded(option: str, value: object, culprit: str) -> None:
    refused(
        lambda: StatBankClient(LOOPBACK, **{option: value}),
        InvalidOptionError,
        f"{option} ",
        culprit,
    )


@pytest.mark.parametrize("option", ["timeout", "min_interval", "max_wait"])
def test_client_times_up_to_a_day_are_kept(option: str) -> None:
    assert getattr(StatBankClient(LOOPBACK, **{option: 86_400}), option) == 86_400.0
    assert getattr(StatBankClient(LOOPBACK, **{option: 7}), option) == 7.0


@pytest.mark.parametrize(
    ("option", "most"),
    [("max_retries", 100), ("max_bytes", 10_000_000_000)],
)
def test_client_counts_are_bounded(option: str, most: int) -> None:
    assert getattr(StatBankClient(LOOPBACK, **{option: most}), option) == most
    refused(
        lambda: StatBankClient(LOOPBACK, **{option: most + 1}),
        InvalidOptionError,
        f"{option} must be at most {most:,}; got {most + 1:,}",
    )
    refused(
        lambda: StatBankClient(LOOPBACK, **{option: 10**12}),
        InvalidOptionError,
        f"{option} must be at most {most:,}",
    )
    refused(
        lambda: StatBankClient(LOOPBACK, **{option: 2.0}),
        InvalidOptionError,
        f"{option} must be a whole number; got float 2.0",
    )


@pytest.mark.parametrize(
    ("cache_dir", "culprit"),
    [
        ("x" * 10_000, "a file name has at most 255 characters"),
        ("", "cache_dir must be a folder's path or None"),
        (7, "cache_dir must be a folder's path or None; got int"),
    ],
    ids=["long", "empty", "int"],
)
def test_client_cache_dir_is_a_usable_path(cache_dir: object, culprit: str) -> None:
    refused(
        lambda: StatBankClient(LOOPBACK, cache_dir=cache_dir),  # type: ignore[arg-type]
        InvalidOptionError,
        "cache_dir",
        culprit,
    )


def test_client_cache_dir_relative_folder_is_kept() -> None:
    client = StatBankClient(LOOPBACK, cache_dir="municipality")
    assert client.cache_dir == Path("municipality")


@pytest.mark.parametrize(
    ("selection", "culprit"),
    [
        ({"a": 1}, "the values of 'a' in the selection must be a list of codes"),
        ({"Tid": 2022.0}, "the values of 'Tid' in the selection must be a list"),
        ({"Tid": {"x": 1}}, "the selection of 'Tid' must have exactly the keys"),
    ],
    ids=["int", "float", "dict"],
)
def test_query_names_the_selection(selection: dict[str, Any], culprit: str) -> None:
    refused(lambda: StatBankClient.query(selection), InvalidOptionError, culprit)


# --- to_borders --------------------------------------------------------------------


def counts() -> pd.DataFrame:
    return pd.DataFrame({"code": ["0301"], "year": [2010], "value": [1.0]})


@pytest.mark.parametrize(
    ("where", "error", "culprit"),
    [
        ("", InvalidOptionError, "where='' is not valid; give a non-empty text"),
        ("x" * 10_000, InvalidOptionError, "give one line of at most 1000"),
        ("two\nlines", InvalidOptionError, "where='two\\nlines' is not valid"),
        (7, DataError, "where must be text; got int"),
    ],
    ids=["empty", "long", "two-lines", "int"],
)
def test_to_borders_where_is_one_line(
    where: object, error: type[AttraktivError], culprit: str
) -> None:
    refused(lambda: to_borders(counts(), 2024, where=where), error, culprit)  # type: ignore[arg-type]


def test_to_borders_where_names_the_data_in_messages() -> None:
    refused(
        lambda: to_borders(counts().drop(columns="value"), 2024, where="my table"),
        DataError,
        "my table has no 'value' column; moving to other borders needs code, year "
        "and value columns in frame",
    )


def test_to_borders_frame_without_columns_names_frame() -> None:
    refused(
        lambda: to_borders(pd.DataFrame({"a": [1.0]}), 2024),
        DataError,
        "the table has no 'code', 'year', 'value' column",
        "columns in frame",
    )
