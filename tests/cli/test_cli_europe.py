"""The ``attraktiv`` command on the bundled European data (``--dataset europe``)."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from attraktiv import AttractivenessModel
from attraktiv.cli import main
from attraktiv.datasets import load_europe
from attraktiv.errors import AttraktivWarning


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    out = io.StringIO()
    assert main(argv, out=out) == 0
    return out.getvalue(), capsys.readouterr().err


def test_barometer_europe_nuts3(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["barometer", "--dataset", "europe", "--period", "2014-2016"]
    text, err = run(
        [*argv, "--level", "nuts3", "--top", "5", "--format", "json"], capsys
    )
    rows = json.loads(text)["tables"][0]["rows"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttraktivWarning)
        expected = AttractivenessModel().fit(load_europe(), "2014-2016").top(5)
    assert [row["code"] for row in rows] == expected.index.tolist()
    assert [row["name"] for row in rows][:2] == ["Oost-Zuid-Holland", "Ilfov"]
    # the fit's note is one line of the run, not a Python warning
    assert err.splitlines() == [
        "attraktiv barometer: note: period 2014-2016: 349 of 1522 NUTS 3 regions "
        "left out for want of population, net migration or jobs (FR 101, TR 81, PL 73, "
        "UK 27, CH 26, RS 25, AL 12, IS 2, LI 1, ME 1) [AttraktivWarning]"
    ]


def test_barometer_europe_default_period_and_levels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text, err = run(
        ["barometer", "--dataset", "europe", "--top", "2", "--format", "csv"], capsys
    )
    table = pd.read_csv(io.StringIO(text))
    assert table["level"].tolist() == ["nuts3", "nuts3", "nuts2", "nuts2"]
    assert "showing 2015-2017, the latest period with data: 2016-2018 has no " in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["barometer", "--dataset", "europe", "--flow", "immigration"],
            "--flow immigration: the data has no flow components",
        ),
        (
            ["barometer", "--dataset", "europe", "--data", "panel.csv"],
            "--dataset europe cannot be combined with --data",
        ),
        (
            ["barometer", "--dataset", "asia"],
            "--dataset asia is not valid; choose norway or europe",
        ),
        (
            ["barometer", "--dataset", "europe", "--level", "municipality"],
            "--level municipality is not valid; choose nuts3, nuts2, nuts1 or country",
        ),
    ],
)
def test_europe_refusals(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv, out=io.StringIO()) == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_report_europe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report"
    text, err = run(["report", "--dataset", "europe", "--out", str(out)], capsys)
    assert text.startswith(f"wrote {out / 'index.html'}")
    assert "no bundled map" not in text
    for level in ("nuts3", "nuts2"):  # the maps of Europe, and their LISA maps
        assert (out / f"map_{level}.png").is_file()
        assert (out / f"lisa_{level}_2015-2017.png").is_file()
    ranking = pd.read_csv(out / "ranking_nuts3_2015-2017.csv", dtype={"code": str})
    assert len(ranking) == 1522 - 349
    # the ranking and the long term both fit 2015-2017: one note
    assert err.count("period 2015-2017: 349 of 1522 NUTS 3 regions left out") == 1


def test_barometer_europe_nuts2_text_names_and_headers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text, _ = run(
        [
            "barometer",
            "--dataset",
            "europe",
            "--period",
            "2014-2016",
            "--level",
            "nuts2",
            "--top",
            "3",
        ],
        capsys,
    )
    lines = text.splitlines()
    assert "Most attractive: NUTS 2 region, 2014-2016" in lines
    assert "nuts2" not in text  # the level reads as words, not as its name
    # NUTS 2 regions by their names (GISCO), not their codes
    rows = [line.split() for line in lines if line.startswith(("MT00", "LU00", "AT13"))]
    assert [(row[0], row[2]) for row in rows] == [
        ("MT00", "Malta"),
        ("LU00", "Luxembourg"),
        ("AT13", "Wien"),
    ]
