"""Progress on standard error: silent in library calls unless asked, on in the CLI
when standard error is a terminal, and never a failure for want of tqdm."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from attraktiv.cli import main
from attraktiv.core.progress import progress
from attraktiv.datasets import simulate_panel
from attraktiv.errors import InvalidOptionError
from attraktiv.report import write_report
from attraktiv.uncertainty import rank_intervals

matplotlib.use("Agg")

pytest.importorskip("tqdm")


def test_silent_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(progress(range(3), enabled=False, desc="fitting")) == [0, 1, 2]
    assert capsys.readouterr() == ("", "")


def test_a_bar_on_standard_error_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(progress(range(3), enabled=True, desc="fitting", unit="chunk")) == [
        0,
        1,
        2,
    ]
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "fitting:" in captured.err
    assert "/3" in captured.err


def test_plain_lines_without_tqdm(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    assert list(progress(iter("ab"), enabled=True, desc="drawing", total=2)) == [
        "a",
        "b",
    ]
    assert capsys.readouterr().err == "drawing: 1/2\ndrawing: 2/2\n"
    assert list(progress(iter("ab"), enabled=True, desc="drawing")) == ["a", "b"]
    assert capsys.readouterr().err == "drawing: 1/?\ndrawing: 2/?\n"


def test_rank_intervals_show_their_chunks_only_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rng = np.random.default_rng(3)
    estimates, se = rng.normal(size=40), rng.uniform(0.5, 1.0, size=40)
    quiet = rank_intervals(estimates, se, rng=1, chunks=250)
    assert capsys.readouterr() == ("", "")
    shown = rank_intervals(estimates, se, rng=1, chunks=250, progress=True)
    err = capsys.readouterr().err
    assert "rank intervals:" in err
    assert "/8" in err  # 2,000 draws in chunks of 250
    assert shown.equals(quiet)  # the bar changes nothing
    with pytest.raises(InvalidOptionError) as error:
        rank_intervals(estimates, se, progress="yes")  # type: ignore[arg-type]
    assert str(error.value) == "progress='yes' is not valid; give True or False"


def test_report_shows_a_step_per_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    panel = simulate_panel(n_units=60, years=range(2005, 2012), rng=2)
    write_report(tmp_path / "quiet", panel, period="2009-2011", levels=["region"])
    assert capsys.readouterr().err == ""
    write_report(
        tmp_path / "shown",
        panel,
        period="2009-2011",
        levels=["region"],
        progress=True,
    )
    err = capsys.readouterr().err
    assert "report:" in err
    assert "level" in err


@pytest.mark.parametrize(
    ("flags", "terminal", "shown"),
    [
        ([], False, False),
        ([], True, True),
        (["--progress"], False, True),
        (["--no-progress"], True, False),
    ],
)
def test_report_command_progress_flag(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    flags: list[str],
    terminal: bool,
    shown: bool,
) -> None:
    panel = simulate_panel(n_units=60, years=range(2005, 2012), rng=2)
    data = tmp_path / "panel.csv"
    panel.data.to_csv(data, index=False)
    panel.hierarchy.to_frame().to_csv(tmp_path / "hierarchy.csv", index=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    status = main(
        [
            "report",
            "--out",
            str(tmp_path / "r"),
            "--level",
            "region",
            "--period",
            "2009-2011",
            "--data",
            str(data),
            *flags,
        ]
    )
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.out.startswith("wrote ")
    assert ("report:" in captured.err) is shown


def test_simulate_panel_shows_a_step_per_year_and_draws_the_same(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quiet = simulate_panel(n_units=30, years=range(2005, 2012), rng=4)
    assert capsys.readouterr() == ("", "")
    shown = simulate_panel(n_units=30, years=range(2005, 2012), rng=4, progress=True)
    err = capsys.readouterr().err
    assert "simulate_panel:" in err
    assert "/7" in err
    pd.testing.assert_frame_equal(shown.data, quiet.data)
    with pytest.raises(InvalidOptionError) as error:
        simulate_panel(n_units=30, progress=1)  # type: ignore[arg-type]
    assert str(error.value) == "progress=1 is not valid; give True or False"
