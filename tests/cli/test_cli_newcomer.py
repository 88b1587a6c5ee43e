"""The command tried as a new user would (issue 23).

A flow index on the bundled 2013-2014 flows, advice that works when followed,
names told apart as in the report, one line about what a report left out, and
counts that stay whole numbers in CSV and JSON.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attraktiv import AttractivenessModel
from attraktiv.cli import main
from attraktiv.datasets import load_norway, simulate_panel


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype={"code": str})


def test_flow_on_the_bundled_data_is_the_two_year_index(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --period, --flow ranks 2013-2014, the years the flows cover."""
    status, out, err = _run(
        ["barometer", "--flow", "immigration", "--level", "municipality",
         "--top", "5", "--format", "csv"],
        capsys,
    )  # fmt: skip
    assert (status, err) == (0, "")
    shown = _csv(out)
    result = AttractivenessModel().fit(load_norway(), "2013-2014", level="municipality")
    index = result.fits.column("net_migration_immigration").resid
    expected = index.sort_values(ascending=False, kind="stable").head(5)
    assert shown["code"].tolist() == expected.index.tolist()
    np.testing.assert_allclose(shown["attractiveness"], expected, rtol=0, atol=1e-12)
    assert shown["rank"].tolist() == [1, 2, 3, 4, 5]


def test_flow_title_says_the_period_is_two_years(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(
        ["barometer", "--flow", "domestic_other", "--level", "region", "--top", "1"],
        capsys,
    )
    assert status == 0
    assert (
        "Most attractive: region, 2013-2014 (two years, all the flows cover), flow "
        "domestic_other" in out
    )


def test_the_advice_of_a_flow_error_works(capsys: pytest.CaptureFixture[str]) -> None:
    """Following the suggested option gives a ranking, not another error."""
    argv = ["barometer", "--flow", "immigration", "--level", "region", "--top", "2"]
    status, _, err = _run([*argv, "--period", "2014-2016"], capsys)
    assert status == 2
    advice = re.search(r"give (--period \S+)", err)
    assert advice is not None
    status, out, err = _run([*argv, *advice[1].split(), "--format", "csv"], capsys)
    assert (status, err) == (0, "")
    explicit = _csv(out)
    status, out, _ = _run([*argv, "--format", "csv"], capsys)
    assert status == 0
    pd.testing.assert_frame_equal(_csv(out), explicit)


def test_three_year_flow_periods_still_come_first(tmp_path: Path) -> None:
    """Data with flows in every year keeps the three-year default."""
    panel = simulate_panel(n_units=30, years=range(2005, 2012), rng=3)
    panel.data.to_csv(tmp_path / "panel.csv", index=False)
    panel.hierarchy.to_frame().to_csv(tmp_path / "hierarchy.csv", index=False)
    out = io.StringIO()
    argv = ["barometer", "--data", str(tmp_path / "panel.csv"), "--flow",
            "immigration", "--level", "municipality", "--top", "1"]  # fmt: skip
    assert main(argv, out=out) == 0
    title = "Most attractive: municipality, 2009-2011, flow immigration"
    assert title in out.getvalue()


def test_flows_in_one_year_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    panel = simulate_panel(n_units=30, years=range(2005, 2012), rng=3)
    data = panel.data.copy()
    flows = [c for c in data.columns if c.startswith("net_migration_")]
    data.loc[data["year"] != 2011, flows] = np.nan
    data.to_csv(tmp_path / "panel.csv", index=False)
    panel.hierarchy.to_frame().to_csv(tmp_path / "hierarchy.csv", index=False)
    status, out, err = _run(
        ["barometer", "--data", str(tmp_path / "panel.csv"), "--flow", "immigration"],
        capsys,
    )
    assert (status, out) == (2, "")
    assert err == (
        "attraktiv barometer: error: --flow immigration: the data's flows are known "
        "only in 2011; a flow index needs them in at least 2 consecutive years and "
        "the year before those in the data (for the starting job count)\n"
    )


def test_terminal_names_are_told_apart(capsys: pytest.CaptureFixture[str]) -> None:
    """Two Våler, Os, Bø: the terminal adds the county; CSV keeps the names."""
    argv = ["barometer", "--period", "2008-2010", "--level", "municipality",
            "--top", "430"]  # fmt: skip
    status, out, _ = _run(argv, capsys)
    assert status == 0
    for name in ("Våler (Østfold)", "Våler (Hedmark)", "Os (Hordaland)",
                 "Os (Hedmark)", "Bø (Telemark)", "Bø (Nordland)"):  # fmt: skip
        assert f" {name} " in out
    assert not re.search(r" Våler +-?\d", out)  # never the bare name
    assert " Oslo " in out  # a name of its own stays as it is
    status, out, _ = _run([*argv, "--format", "csv"], capsys)
    table = _csv(out).set_index("code")
    assert table.loc[["0137", "0426"], "name"].tolist() == ["Våler", "Våler"]


def test_counts_stay_whole_in_csv_and_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["barometer", "--period", "2014-2016", "--level", "municipality",
            "--top", "1"]  # fmt: skip
    status, out, _ = _run([*argv, "--format", "csv"], capsys)
    assert status == 0
    header, row = out.splitlines()[:2]
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert values["name"] == "Vevelstad"
    assert values["population_start"] == "495"
    status, out, _ = _run([*argv, "--format", "json"], capsys)
    row_json = json.loads(out)["tables"][0]["rows"][0]
    assert row_json["population_start"] == 495
    assert isinstance(row_json["population_start"], int)


def test_out_files_keep_whole_counts(tmp_path: Path) -> None:
    argv = ["barometer", "--period", "2008-2010", "--level", "region", "--out",
            str(tmp_path), "--format", "csv"]  # fmt: skip
    assert main(argv, out=io.StringIO()) == 0
    (path,) = tmp_path.glob("ranking_region_*.csv")
    text = path.read_text(encoding="utf-8")
    population = _csv(text)["population_start"]
    assert population.dtype == np.int64
    assert not re.search(r",\d+\.0\n", text)  # no count printed as 495.0
    total = load_norway().period_counts("2008-2010", "region").start("population_jan1")
    assert int(population.sum()) == round(total.sum())


@pytest.mark.slow
def test_report_says_in_one_line_what_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(
        ["report", "--out", str(tmp_path / "short"), "--no-progress"], capsys
    )
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("wrote ")
    summary = re.fullmatch(r"note: (\d+) things left out .*--verbose.*", lines[1])
    assert summary is not None
    count = int(summary[1])
    status, out, _ = _run(
        ["report", "--out", str(tmp_path / "long"), "--no-progress", "--verbose"],
        capsys,
    )
    notes = [line for line in out.splitlines() if line.startswith("note: ")]
    assert status == 0
    assert len(notes) == count > 1
    html = (tmp_path / "long" / "index.html").read_text(encoding="utf-8")
    assert html.count("<li>") >= count
