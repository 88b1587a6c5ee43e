"""read_eurostat on excerpts of the real Eurostat files, flags and bad input;
read_jsonstat on a Eurostat-style JSON-stat 2.0 answer with NUTS codes.

The excerpts in ``tests/data/europe`` were cut from the shared Eurostat files by
``cut_excerpts.py`` beside them: the CSV files are raw rows, the TSV and JSON-stat
files the same numbers in Eurostat's bulk and API layouts.
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attraktiv import DataError
from attraktiv.io import EUROSTAT_FLAGS, read_eurostat, read_jsonstat

EUROPE = Path(__file__).parents[1] / "data" / "europe"
TSV = EUROPE / "demo_r_gind3_excerpt.tsv"
JSONSTAT = EUROPE / "nama_10r_3empers_excerpt.json"
COLUMNS = {
    "JAN": "population_jan1",
    "GROW": "population_change",
    "LBIRTH": "live_births",
    "DEATH": "deaths",
}


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(EUROPE / name, dtype={"nuts_id": "str"})


def expect(message: str) -> pytest.RaisesContext[DataError]:
    return pytest.raises(DataError, match=re.escape(message))


def test_bulk_tsv_excerpt_has_the_raw_numbers() -> None:
    frame = read_eurostat(TSV)
    assert list(frame.columns) == ["unit", "indic_de", "code", "year", "value", "flags"]
    assert len(frame) == 4 * 3 * 8
    assert frame["year"].dtype == np.int64
    assert (frame["flags"] == "").all()
    wide = frame.pivot_table(index=["code", "year"], columns="indic_de", values="value")
    raw = _csv("demo_r_gind3_excerpt.csv").set_index(["nuts_id", "year"])
    for indicator, column in COLUMNS.items():
        np.testing.assert_array_equal(
            wide[indicator].to_numpy(), raw.loc[wide.index, column].to_numpy()
        )
    # Vienna 2015: net migration is the change less births plus deaths
    vienna = wide.loc[("AT130", 2015)]
    assert vienna["GROW"] - vienna["LBIRTH"] + vienna["DEATH"] == 39_484


def test_gzip_bytes_and_binary_files_read_alike() -> None:
    expected = read_eurostat(TSV)
    data = TSV.read_bytes()
    pd.testing.assert_frame_equal(read_eurostat(gzip.compress(data)), expected)
    pd.testing.assert_frame_equal(read_eurostat(io.BytesIO(data)), expected)
    pd.testing.assert_frame_equal(read_eurostat(str(TSV)), expected)


def test_flags_are_kept_and_missing_is_nan() -> None:
    text = (
        b"unit,indic_de,geo\\time\t2017 \t2016 \t2015 \t2014 \n"
        b"NR,GROW,DE300\t41312 e\t60512 bp\t: \t:c\n"
        b"NR,GROW,ATZZZ\t: z\t-12.5 \t0 \t3 u\n"
    )
    frame = read_eurostat(text)
    assert frame["code"].tolist() == ["DE300"] * 4 + ["ATZZZ"] * 4
    assert frame["year"].tolist() == [2017, 2016, 2015, 2014] * 2
    np.testing.assert_array_equal(
        frame["value"], [41312, 60512, np.nan, np.nan, np.nan, -12.5, 0, 3]
    )
    assert frame["flags"].tolist() == ["e", "bp", "", "c", "z", "", "", "u"]
    assert set("ebpczu") <= set(EUROSTAT_FLAGS)


def test_periods_that_are_not_years_stay_text() -> None:
    text = b"unit,geo\\time\t2019Q2 \t2019Q1 \nTHS,AT130\t1 \t2 \n"
    frame = read_eurostat(text)
    assert frame["period"].tolist() == ["2019Q2", "2019Q1"]
    assert "year" not in frame.columns


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the input is empty; expected Eurostat's bulk TSV layout"),
        (
            b"unit,indic_de,geo\t2016\nNR,GROW,AT130\t1\n",
            "the input: the header starts with 'unit,indic_de,geo'; expected",
        ),
        (b"unit,geo\\time\n", "the input: the header has no periods after"),
        (b"unit,geo\\time\t2016 \t2016 \n", "period '2016' appears twice"),
        (b"unit,geo\\time\t2016 \n", "the input has a header but no rows"),
        (
            b"unit,geo\\time\t2016 \t2015 \nNR,AT130\t1 \n",
            "line 2 ('NR,AT130') has 2 fields, the header 3",
        ),
        (
            b"unit,geo\\time\t2016 \nAT130\t1 \n",
            "line 2 has the key 'AT130', not one value per dimension unit,geo",
        ),
        (
            b"unit,geo\\time\t2016 \t2015 \nNR,AT130\t1 \t12a45 \n",
            "the cell of 'NR,AT130' in 2015 is '12a45 ', not a number",
        ),
        (
            b"unit,geo\\time\t2016 \nNR,AT130\t12 q\n",
            "the cell of 'NR,AT130' in 2016 is '12 q', not a number",
        ),
        (b"unit,value\\time\t2016 \nNR,1\t1 \n", "dimension 'value' would overwrite"),
        (b"\x80abc", "the input is not UTF-8: byte 0x80 at offset 0"),
        (b"\x1f\x8b\x08junk", "the input is not a readable gzip file"),
    ],
)
def test_bad_input_is_refused_by_name(data: bytes, message: str) -> None:
    with expect(message):
        read_eurostat(data)


def test_bad_sources_are_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.tsv"
    with expect(f"no Eurostat TSV file at {str(missing)!r}"):
        read_eurostat(missing)
    with expect("read_eurostat reads a path, bytes or a file opened in binary mode"):
        read_eurostat(12)  # type: ignore[arg-type]
    with expect("read_eurostat reads bytes: open the file in binary mode ('rb')"):
        read_eurostat(io.StringIO("unit,geo\\time\t2016 \n"))  # type: ignore[arg-type]


def test_jsonstat_answer_keeps_nuts_codes_and_flags() -> None:
    frame = read_jsonstat(JSONSTAT)
    assert frame["code"].unique().tolist() == ["AT130", "DE300", "SE110", "ATZZZ"]
    assert frame.loc[frame["code"] == "AT130", "name"].iloc[0] == "Wien"
    raw = _csv("nama_10r_3empers_excerpt.csv").set_index(["nuts_id", "year"])
    known = frame.dropna(subset=["value"]).set_index(["code", "year"])
    np.testing.assert_allclose(
        known["value"] * 1000,
        raw.loc[known.index, "employment_persons"].to_numpy(),
        rtol=1e-12,
    )
    assert len(known) == len(raw)
    flagged = frame[frame["status"] == "p"]
    assert list(zip(flagged["code"], flagged["year"], strict=True)) == [("SE110", 2016)]


def test_jsonstat_finds_geo_and_time_without_a_role() -> None:
    import json

    dataset = json.loads(JSONSTAT.read_text(encoding="utf-8"))
    del dataset["role"]
    frame = read_jsonstat(dataset)
    assert {"code", "name", "year"} <= set(frame.columns)
    assert frame["code"].iloc[0] == "AT130"
