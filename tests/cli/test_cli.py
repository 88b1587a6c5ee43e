"""The ``attraktiv`` command: output, options, bring-your-own-data and errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.cli import main
from attraktiv.datasets import simulate_panel


def run(*argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), out=out) == 0
    return out.getvalue()


def test_default_prints_top_municipalities_and_regions() -> None:
    text = run("barometer")
    assert "Most attractive: municipality, 2014-2016" in text
    assert "Most attractive: region, 2014-2016" in text
    lines = text.splitlines()
    first = lines.index("Most attractive: municipality, 2014-2016")
    second = lines.index("Most attractive: region, 2014-2016")
    # title, rule, header, then 20 rows; a blank line; then the regions' 10 rows
    assert second - first == 2 + 1 + 20 + 1
    assert len(lines) - second == 2 + 1 + 10


@pytest.mark.smoke
def test_published_period_top_three() -> None:
    text = run(
        "barometer", "--period", "2008–2010", "--level", "municipality", "--top", "3"
    )
    rows = text.strip().splitlines()[-3:]
    assert [row.split()[2] for row in rows] == ["Ullensaker", "Ulstein", "Rennesøy"]
    assert rows[0].split()[:2] == ["0235", "1"]


def test_bottom_and_csv() -> None:
    text = run(
        "barometer", "--period", "2008-2010", "--level", "region", "--top", "2",
        "--bottom", "2", "--format", "csv",
    )  # fmt: skip
    table = pd.read_csv(io.StringIO(text), dtype={"code": str})
    assert list(table.columns[:4]) == ["level", "list", "code", "rank"]
    assert table["list"].tolist() == ["top", "top", "bottom", "bottom"]
    assert table["rank"].tolist() == [1, 2, 84, 85]
    assert set(table["level"]) == {"region"}


def test_json_output() -> None:
    text = run(
        "barometer", "--level", "county", "--top", "3", "--bottom", "1",
        "--format", "json",
    )  # fmt: skip
    payload = json.loads(text)
    top, bottom = payload["tables"]
    assert top["title"] == "Most attractive: county, 2014-2016"
    assert (top["level"], top["list"], bottom["list"]) == ("county", "top", "bottom")
    assert [row["rank"] for row in top["rows"]] == [1, 2, 3]
    assert [row["rank"] for row in bottom["rows"]] == [19]
    assert set(top["rows"][0]) >= {"code", "name", "attractiveness"}


def test_machine_output_stays_clean_with_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["barometer", "--level", "county", "--format", "json", "--out", str(tmp_path)]
    )
    assert status == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert captured.err.startswith(f"wrote {tmp_path}")


def test_long_term(tmp_path: Path) -> None:
    text = run(
        "barometer", "--long-term", "--level", "municipality", "--top", "1",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert "Most attractive: municipality, long term 2008-2016" in text
    assert "Ullensaker" in text
    written = tmp_path / "ranking_municipality_long_term_2008-2016.csv"
    ranking = pd.read_csv(written, dtype={"code": str})
    assert len(ranking) == 426
    assert list(ranking.columns[:4]) == ["code", "rank", "name", "long_term"]


def test_out_writes_full_rankings(tmp_path: Path) -> None:
    run("barometer", "--period", "2008-2010", "--out", str(tmp_path / "new"))
    files = sorted(p.name for p in (tmp_path / "new").iterdir())
    assert files == [
        "ranking_municipality_2008-2010.csv",
        "ranking_region_2008-2010.csv",
    ]
    regions = pd.read_csv(tmp_path / "new" / files[1], dtype={"code": str})
    assert len(regions) == 85


@pytest.fixture(scope="module")
def own_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("own")
    panel = simulate_panel(n_units=50, years=range(2005, 2012), rng=5)
    panel.data.to_csv(folder / "panel.csv", index=False)
    panel.hierarchy.to_frame().to_csv(folder / "hierarchy.csv", index=False)
    return folder / "panel.csv"


def test_bring_your_own_data_with_flows(own_data: Path) -> None:
    text = run(
        "barometer", "--data", str(own_data), "--level", "municipality",
        "--period", "2009-2011", "--flow", "immigration", "--top", "4",
    )  # fmt: skip
    assert "Most attractive: municipality, 2009-2011, flow immigration" in text
    rows = text.strip().splitlines()[-4:]
    assert [row.split()[1] for row in rows] == ["1", "2", "3", "4"]


def test_unknown_flow(own_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["barometer", "--data", str(own_data), "--flow", "age_0_19"])
    assert status == 2
    assert capsys.readouterr().err == (
        "attraktiv barometer: error: --flow age_0_19 is not valid; choose "
        "immigration, domestic_immigrant or domestic_other (the data's flow "
        "components)\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty; expected a CSV file with a header"),
        (b"code,year\n0101,2005,7,8\n\x00\xff\xfe", "as CSV"),
        (b"\xff\xfe\x00c\x00o\x00d\x00e", "as CSV"),
    ],
)
def test_malformed_csv_is_one_line(
    tmp_path: Path,
    content: bytes,
    message: str,
    capsys: pytest.CaptureFixture[str],
    own_data: Path,
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    hierarchy = own_data.with_name("hierarchy.csv")
    for argv in (
        ["--data", str(bad), "--hierarchy", str(hierarchy)],
        ["--data", str(own_data), "--hierarchy", str(bad)],
    ):
        assert main(["barometer", *argv]) == 2
        err = capsys.readouterr().err
        assert err.startswith("attraktiv barometer: error: ")
        assert message in err
        assert err.count("\n") == 1


def test_missing_value_is_named(
    tmp_path: Path, own_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    panel = pd.read_csv(own_data, dtype={"code": str})
    hole = (panel["code"] == "0003") & (panel["year"] == 2010)
    panel.loc[hole, "net_migration"] = float("nan")
    panel.loc[hole, "net_migration_domestic_other"] = float("nan")
    panel.to_csv(tmp_path / "panel.csv", index=False)
    hierarchy = own_data.with_name("hierarchy.csv")
    argv = ["barometer", "--data", str(tmp_path / "panel.csv")]
    assert main([*argv, "--hierarchy", str(hierarchy), "--period", "2009-2011"]) == 2
    err = capsys.readouterr().err
    assert "'0003'" in err
    assert "2010" in err
    assert "net_migration" in err


def test_flow_ranking_shows_the_flow(own_data: Path) -> None:
    text = run(
        "barometer", "--data", str(own_data), "--level", "municipality",
        "--period", "2009-2011", "--flow", "immigration", "--top", "50",
        "--format", "csv",
    )  # fmt: skip
    table = pd.read_csv(io.StringIO(text), dtype={"code": str})
    assert "net_migration_immigration" in table.columns
    assert table["attractiveness"].is_monotonic_decreasing
    np.testing.assert_allclose(
        table["attractiveness"],
        table["net_migration_immigration"] - table["expected"],
        atol=1e-9,
    )


def test_bad_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "panel.csv").write_text("code,year,population_jan1\n0101,2005,10\n")
    assert main(["barometer", "--data", str(tmp_path / "panel.csv")]) == 2
    assert capsys.readouterr().err == (
        f"attraktiv barometer: error: --data {tmp_path / 'panel.csv'} has no "
        "hierarchy.csv beside it; give the hierarchy with --hierarchy FILE (a "
        "'<level>_code' column per level)\n"
    )


def test_help_explains_the_method(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "actual minus expected net migration" in capsys.readouterr().out
    assert main(["barometer", "--help"]) == 0
    assert "regressed on job growth" in capsys.readouterr().out


def test_help_shows_defaults_and_flow_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["barometer", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: 20 of the finest level, municipalities in the bundled data; " in (
        text
    )
    assert "10 of any other level, such as regions)" in text
    assert "usually immigration, domestic_immigrant or domestic_other" in text
    assert "{table,csv,json}" in text
    assert "output format (default: table)" in text
    assert "the latest period the data covers" in text


@pytest.mark.smoke
def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"attraktiv {attraktiv.__version__}\n"


def _env() -> dict[str, str]:
    """Run this tree's attraktiv in a subprocess, whatever is installed."""
    source = str(Path(attraktiv.__file__).parents[1])
    return {**os.environ, "PYTHONPATH": source}


def test_broken_pipe_stops_quietly() -> None:
    """``attraktiv barometer | head -3``: no message, status 141 like ``seq``.

    The output (about 100 kB) is larger than a pipe holds plus what ``head``
    reads, so the writer meets the closed pipe for certain.
    """
    writer = subprocess.Popen(
        [sys.executable, "-m", "attraktiv", "barometer", "--top", "500",
         "--bottom", "500"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
    )  # fmt: skip
    assert writer.stdout is not None
    assert writer.stderr is not None
    head = subprocess.run(
        ["head", "-3"], stdin=writer.stdout, capture_output=True, check=True
    )
    writer.stdout.close()  # only head reads the pipe now
    error = writer.stderr.read()
    writer.stderr.close()
    assert writer.wait() == 141
    assert error == b""
    assert head.stdout.decode().splitlines() == [
        "",
        "Most attractive: municipality, 2014-2016",
        "-" * len("Most attractive: municipality, 2014-2016"),
    ]


@pytest.mark.smoke
def test_console_script_runs_as_module() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "attraktiv", "barometer", "--level", "county",
         "--top", "1"],
        capture_output=True, text=True, check=False, env=_env(),
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert "Most attractive: county" in completed.stdout
    for argv, message in (
        (["barometer", "--level", "x"], "--level x is not valid; choose "),
        (["barometer", "--top", "0"], "--top 0 is not valid; give a whole number"),
        (["barometer", "--format", "xml"], "--format xml is not valid; choose"),
        (["nonsense"], "unknown command 'nonsense'; choose barometer or report"),
    ):
        bad = subprocess.run(
            [sys.executable, "-m", "attraktiv", *argv],
            capture_output=True, text=True, check=False, env=_env(),
        )  # fmt: skip
        assert bad.returncode == 2
        assert bad.stdout == ""
        assert bad.stderr.count("\n") == 1
        assert message in bad.stderr
