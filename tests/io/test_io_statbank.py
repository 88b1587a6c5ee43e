"""read_statbank: the real StatBank export and synthetic files in StatBank's layouts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv import DataError, GeographyError, PeriodError
from attraktiv.datasets import load_norway
from attraktiv.io import read_statbank

SSB = Path(__file__).parents[1] / "data" / "ssb"
EXPORT = SSB / "Personer2005-2009.csv"


@pytest.fixture(scope="module")
def persons() -> pd.DataFrame:
    return read_statbank(EXPORT)


@pytest.fixture(scope="module")
def persons_2024() -> pd.DataFrame:
    return read_statbank(EXPORT, borders=2024)


def test_real_export_shape_and_types(persons: pd.DataFrame) -> None:
    assert list(persons.columns) == [
        "code",
        "name",
        "age",
        "contents",
        "year",
        "value",
        "status",
    ]
    assert persons["year"].dtype == np.int64
    assert persons["value"].dtype == np.float64
    assert persons.attrs["encoding"] == "latin-1"
    assert persons.attrs["delimiter"] == "tab"
    assert set(persons["contents"]) == {"Persons"}
    assert persons["age"].iloc[0] == "0 years"
    assert persons["age"].nunique() == 106
    first = persons.iloc[0]
    assert (first["code"], first["name"], first["year"], first["value"]) == (
        "0101",
        "Halden",
        2005,
        314.0,
    )
    # Latin-1 names decoded, not mangled.
    assert "Guovdageaidnu - Kautokeino" in set(persons["name"])


def test_oslo_2008_matches_the_bundled_panel(persons: pd.DataFrame) -> None:
    oslo = persons[persons["code"].eq("0301").to_numpy()]
    by_year = oslo.groupby("year")["value"].sum()
    assert by_year[2008] == 560_484
    bundled = load_norway().data
    expected = bundled[bundled["code"].eq("0301") & bundled["year"].eq(2008)]
    assert by_year[2008] == expected["population_jan1"].iloc[0]


def test_every_shared_code_year_matches_the_bundled_panel(
    persons: pd.DataFrame,
) -> None:
    # Codes that kept their number to 2017 must give the bundled panel's count.
    totals = persons.groupby(["code", "year"], as_index=False)["value"].sum()
    bundled = load_norway().data.loc[:, ["code", "year", "population_jan1"]]
    joined = totals.merge(bundled, on=["code", "year"])
    assert len(joined) == 2110
    np.testing.assert_array_equal(
        joined["value"].to_numpy(), joined["population_jan1"].to_numpy()
    )


def test_codes_not_yet_valid_have_no_rows(persons: pd.DataFrame) -> None:
    # 5001 Trondheim exists from 2018: its zeros of 2005-2009 are not data.
    assert not persons["code"].eq("5001").any()
    raw = pd.read_csv(EXPORT, sep="\t", encoding="latin-1", dtype=str)
    assert raw["region"].eq("5001 Trondheim").sum() == 106
    # 1601 Trondheim is valid in every year of the file.
    trondheim = persons[persons["code"].eq("1601").to_numpy()]
    assert sorted(trondheim["year"].unique()) == [2005, 2006, 2007, 2008, 2009]
    # One row per (code, age, year) for every code valid in its year.
    per_year = persons.groupby("year")["code"].nunique()
    assert per_year.to_dict() == {2005: 420, 2006: 422, 2007: 422, 2008: 423, 2009: 423}


def test_a_real_zero_of_a_valid_code_stays() -> None:
    export = (
        '"region";"age";"Persons 2008"\n'
        '"0301 Oslo";"104 years";0\n'
        '"0301 Oslo";"105 years or older";0\n'
    ).encode("latin-1")
    frame = read_statbank(export)
    assert frame["value"].tolist() == [0.0, 0.0]


def test_borders_2024_conserves_every_count(
    persons: pd.DataFrame, persons_2024: pd.DataFrame
) -> None:
    before = persons.groupby(["year", "age"])["value"].sum()
    after = persons_2024.groupby(["year", "age"])["value"].sum()
    pd.testing.assert_series_equal(before, after, rtol=1e-12, atol=0)
    # Trondheim of 2024 is Trondheim (1601) and Klæbu (1662), merged in 2020.
    old = persons[persons["code"].isin(["1601", "1662"]).to_numpy()]
    new = persons_2024[persons_2024["code"].eq("5001").to_numpy()]
    pd.testing.assert_series_equal(
        old.groupby("year")["value"].sum(), new.groupby("year")["value"].sum()
    )
    assert set(new["name"]) == {"Trondheim"}
    assert "status" not in persons_2024.columns
    assert persons_2024.attrs["borders"] == 2024


def test_borders_2024_places_every_code_in_a_2024_municipality(
    persons_2024: pd.DataFrame,
) -> None:
    from attraktiv.datasets import load_change_table

    table = load_change_table().frame
    valid_2024 = set(table.loc[table["year"].eq(2024), "original"])
    assert set(persons_2024["code"]) <= valid_2024
    oslo = persons_2024[persons_2024["code"].eq("0301").to_numpy()]
    assert oslo.groupby("year")["value"].sum()[2008] == 560_484


LAYOUT = [
    ("region", "age", "2016", "2017"),
    ("0101 Halden", "0 years", "10", ".."),
    ("0104 Moss", "0 years", "-", ":"),
    ("0105 Sarpsborg", "0 years", ".", "7"),
]


def _export(delimiter: str, rows: list[tuple[str, ...]], quote: bool = True) -> str:
    def cell(text: str, position: int) -> str:
        numeric = position >= 2 and not text.startswith(("region", "age"))
        return text if numeric or not quote else f'"{text}"'

    lines = [delimiter.join(cell(t, i) for i, t in enumerate(row)) for row in rows]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        ("\t", "latin-1", False),
        (";", "latin-1", False),
        (",", "utf-8", False),
        (";", "utf-8", True),
        ("\t", "utf-8", True),
    ],
)
def test_synthetic_layouts_and_markers(
    delimiter: str, encoding: str, bom: bool
) -> None:
    rows = [*LAYOUT, ("1902 Tromsø", "0 years", "3", "4")]
    data = _export(delimiter, rows).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    frame = read_statbank(data)
    assert frame.attrs["encoding"] == ("utf-8-sig" if bom else encoding)
    assert list(frame.columns) == ["code", "name", "age", "year", "value", "status"]
    assert (
        frame["code"].tolist()
        == ["0101"] * 2 + ["0104"] * 2 + ["0105"] * 2 + ["1902"] * 2
    )
    assert frame["name"].iloc[-1] == "Tromsø"
    np.testing.assert_array_equal(
        frame["value"].to_numpy(), [10.0, np.nan, 0.0, np.nan, np.nan, 7.0, 3.0, 4.0]
    )
    assert frame["status"].fillna("").tolist() == ["", "..", "-", ":", ".", "", "", ""]


def test_contents_and_year_columns_with_title_and_footnotes(tmp_path: Path) -> None:
    text = (
        '"07459: Population, by region, contents and year"\n'
        "\n"
        '"region";"Persons 2017";"Persons 2018";"Births 2017";"Births 2018"\n'
        '"0301 Oslo";673469;681067;8779;8555\n'
        '"3033 Ullensaker";-;..;..;413\n'
        "\n"
        '"Source: Statistics Norway"\n'
    )
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("latin-1"))
    frame = read_statbank(path)
    assert list(frame.columns) == [
        "code",
        "name",
        "contents",
        "year",
        "value",
        "status",
    ]
    assert frame["contents"].tolist()[:4] == ["Persons", "Persons", "Births", "Births"]
    assert frame["year"].tolist()[:4] == [2017, 2018, 2017, 2018]
    assert frame["value"].tolist()[:4] == [673469.0, 681067.0, 8779.0, 8555.0]
    assert frame.attrs["titles"] == [
        '"07459: Population, by region, contents and year"'
    ]
    assert frame.attrs["notes"] == ["Source: Statistics Norway"]
    # 3033 did not exist before 2020. Its 2017 cells (zero and missing) are
    # dropped; 2018 has a count SSB reported, so that year's cells stay.
    ullensaker = frame[frame["code"].eq("3033").to_numpy()]
    assert ullensaker["year"].tolist() == [2018, 2018]
    np.testing.assert_array_equal(ullensaker["value"].to_numpy(), [np.nan, 413.0])


def test_decimal_comma_in_semicolon_exports() -> None:
    data = b'"region";"Share 2017"\n"0301 Oslo";12,5\n"0104 Moss";1 234,0\n'
    frame = read_statbank(data)
    assert frame["value"].tolist() == [12.5, 1234.0]


def test_binary_file_object_is_accepted() -> None:
    data = _export("\t", list(LAYOUT)).encode("latin-1")
    frame = read_statbank(io.BytesIO(data))
    assert len(frame) == 6


def test_unknown_layout_is_named() -> None:
    with pytest.raises(DataError, match=r"is not a StatBank export this reader knows"):
        read_statbank(b"region|age|2017\n0101 Halden|0 years|3\n")


def test_unknown_layout_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b'"region","age","persons"\n"0101 Halden","0 years",3\n')
    message = (
        f"{str(path)!r} is not a StatBank export this reader knows (first line "
        '\'"region","age","persons"\'); expected StatBank\'s export with a '
        'header of one or more row labels (such as "region", "age") followed by one '
        'column per year ("2005") or per contents and year ("Persons 2005"), '
        "separated by tabs, semicolons or commas"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        read_statbank(path)


def test_bad_cell_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        b'"region"\t"2016"\t"2017"\n"0101 Halden"\t3\t4\n"0104 Moss"\t5\tn/a\n'
    )
    message = (
        f"{str(path)!r}, line 3, column '2017': 'n/a' is neither a number nor one "
        "of SSB's markers '..', ':', '.', '-'"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        read_statbank(path)


def test_short_row_names_its_line() -> None:
    data = b'"region"\t"2016"\t"2017"\n"0101 Halden"\t3\t4\n"0104 Moss"\t5\t6\t7\n'
    with pytest.raises(DataError, match=re.escape("line 3: 4 field(s) where")):
        read_statbank(data)


def test_region_without_code_names_its_line() -> None:
    data = b'"region"\t"2017"\n"0101 Halden"\t4\n"Moss"\t6\n'
    with pytest.raises(
        DataError,
        match=re.escape(
            "the input (source), line 3: region 'Moss' is not a code and a name "
            '(such as "0101 Halden")'
        ),
    ):
        read_statbank(data)


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    with pytest.raises(
        DataError, match=re.escape(f"no StatBank export at {str(path)!r}")
    ):
        read_statbank(path)


def test_text_buffer_is_refused() -> None:
    with pytest.raises(DataError, match="file opened in binary mode"):
        read_statbank(io.StringIO('"region"\t"2017"\n"0101 Halden"\t4\n'))  # type: ignore[arg-type]


def test_borders_other_than_2024_are_refused() -> None:
    data = b'"region"\t"2017"\n"0101 Halden"\t4\n'
    with pytest.raises(PeriodError, match=r"borders=2020 is not supported"):
        read_statbank(data, borders=2020)


def test_code_unknown_to_the_change_table_is_named() -> None:
    data = b'"region"\t"2017"\n"0101 Halden"\t4\n"0199 Nowhere"\t6\n'
    message = (
        "1 municipality code-year(s) cannot be placed in the 2024 borders: "
        "'0199' in 2017 (unknown code)"
    )
    with pytest.raises(GeographyError, match=re.escape(message)):
        read_statbank(data, borders=2024)


def test_nonzero_count_of_a_code_not_valid_that_year_is_named() -> None:
    # Kept on reading (it is SSB's number), refused when moving borders.
    data = b'"region"\t"2017"\n"5001 Trondheim"\t4\n'
    assert read_statbank(data)["value"].tolist() == [4.0]
    with pytest.raises(GeographyError, match=re.escape("'5001' in 2017 (valid 2018-")):
        read_statbank(data, borders=2024)


def test_year_outside_the_change_table_is_named() -> None:
    data = b'"region"\t"1930"\n"0301 Oslo"\t4\n'
    message = (
        "year(s) 1930 are outside the change table, which covers municipality "
        "codes of 1940-2034"
    )
    with pytest.raises(PeriodError, match=re.escape(message)):
        read_statbank(data, borders=2024)


_CODES_2010 = ("0101", "0301", "1103", "1601", "1902", "2030")
_NAMES = ("Halden", "Oslo", "Stavanger", "Trondheim", "Tromsø", "Sør-Varanger")
_MARKERS = ("..", ":", ".", "-")


@st.composite
def _tables(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, str, str, int, str]]]:
    """An export in a random StatBank layout and the cells it holds."""
    delimiter = draw(st.sampled_from(["\t", ";", ","]))
    encoding = draw(st.sampled_from(["latin-1", "utf-8", "utf-8-sig"]))
    contents = draw(st.sampled_from(["", "Persons ", "Personer "]))
    years = sorted(draw(st.sets(st.integers(2010, 2012), min_size=1)))
    units = draw(st.lists(st.integers(0, 5), min_size=1, max_size=4, unique=True))
    ages = draw(
        st.lists(
            st.sampled_from(["0 years", "1 year", "2 years"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    header = ["region", "age", *(f"{contents}{year}" for year in years)]
    lines = [delimiter.join(f'"{cell}"' for cell in header)]
    cells = []
    for unit in units:
        label = f"{_CODES_2010[unit]} {_NAMES[unit]}"
        for age in ages:
            row = [f'"{label}"', f'"{age}"']
            for year in years:
                text = draw(
                    st.one_of(st.integers(1, 10**6).map(str), st.sampled_from(_MARKERS))
                )
                row.append(text)
                cells.append((_CODES_2010[unit], _NAMES[unit], age, year, text))
            lines.append(delimiter.join(row))
    return ("\r\n".join(lines) + "\r\n").encode(encoding), cells


@settings(max_examples=40, deadline=None)
@given(_tables())
def test_any_layout_reads_back_every_cell(
    table: tuple[bytes, list[tuple[str, str, str, int, str]]],
) -> None:
    data, cells = table
    frame = read_statbank(data)
    assert len(frame) == len(cells)
    assert frame["code"].tolist() == [c[0] for c in cells]
    assert frame["name"].tolist() == [c[1] for c in cells]
    assert frame["age"].tolist() == [c[2] for c in cells]
    assert frame["year"].tolist() == [c[3] for c in cells]
    texts = [c[4] for c in cells]
    expected = [
        0.0 if t == "-" else np.nan if t in _MARKERS else float(t) for t in texts
    ]
    np.testing.assert_array_equal(frame["value"].to_numpy(), expected)
    assert frame["status"].fillna("").tolist() == [
        t if t in _MARKERS else "" for t in texts
    ]
