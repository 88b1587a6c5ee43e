"""The shipped example panel and the template written from it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import attraktiv
from attraktiv.cli import main
from attraktiv.datasets import (
    EXAMPLE_FILES,
    load_example,
    load_norway,
    write_template,
)
from attraktiv.errors import DataError
from attraktiv.io import read_hierarchy_csv, read_panel_csv

REQUIRED = ["population_jan1", "natural_increase", "net_migration", "jobs"]


@pytest.fixture(scope="module")
def example() -> attraktiv.Panel:
    return load_example()


def test_example_is_a_real_cut_of_the_bundled_data(example: attraktiv.Panel) -> None:
    data = example.data
    assert list(data.columns) == ["code", "year", *REQUIRED]
    assert sorted(data["year"].unique().tolist()) == list(range(2007, 2014))
    assert data[REQUIRED].notna().all().all()
    full = load_norway().data
    full = full[full["code"].isin(data["code"]) & full["year"].between(2007, 2013)]
    merged = data.merge(full, on=["code", "year"], suffixes=("", "_full"))
    assert len(merged) == len(data) == 18 * 7
    for column in REQUIRED:
        np.testing.assert_array_equal(
            merged[column].to_numpy(dtype=float),
            merged[f"{column}_full"].to_numpy(dtype=float),
        )


def test_example_regions_are_whole(example: attraktiv.Panel) -> None:
    # Every region of the example holds all its members, so its rates equal the
    # rates of the same region computed from the full data.
    mine = attraktiv.period_table(example, "2008-2010", "region")
    full = attraktiv.period_table(load_norway(), "2008-2010", "region")
    assert mine.index.tolist() == ["3003", "3006", "3008", "3009"]
    columns = ["population_start", "net_migration", "job_growth"]
    pd.testing.assert_frame_equal(mine[columns], full.loc[mine.index, columns])
    assert mine["name"].tolist() == ["Mosseregionen", "Follo", "Øvre Romerike", "Oslo"]


def test_template_round_trips_and_runs_the_barometer(
    example: attraktiv.Panel, tmp_path: Path
) -> None:
    panel_csv, hierarchy_csv = write_template(tmp_path / "new" / "country")
    assert (panel_csv.name, hierarchy_csv.name) == EXAMPLE_FILES
    hierarchy = read_hierarchy_csv(hierarchy_csv)
    assert hierarchy.levels == ("municipality", "region", "county")
    panel = read_panel_csv(panel_csv)  # the hierarchy is found beside the panel
    pd.testing.assert_frame_equal(panel.data, example.data)

    tidy = attraktiv.barometer(panel, levels=["municipality", "region"])
    assert tidy.groupby(["level", "period"], observed=True).size().to_dict() == {
        (level, period): size
        for level, size in (("municipality", 18), ("region", 4))
        for period in ("2008-2010", "2009-2011", "2010-2012", "2011-2013")
    }
    result = attraktiv.AttractivenessModel().fit(panel, "2011-2013", "municipality")
    table = result.source
    fit = sm.OLS(
        table["net_migration"].to_numpy(),
        sm.add_constant(table["job_growth"].to_numpy()),
    ).fit()
    np.testing.assert_allclose(result.index.to_numpy(), fit.resid, atol=1e-11)
    assert result.regression.rsquared == pytest.approx(fit.rsquared, rel=1e-12)
    assert int(result.regression.nobs) == 18


def test_template_files_are_the_shipped_files(tmp_path: Path) -> None:
    panel_csv, hierarchy_csv = write_template(tmp_path)
    lines = panel_csv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code,year," + ",".join(REQUIRED)
    assert len(lines) == 1 + 18 * 7
    assert hierarchy_csv.read_text(encoding="utf-8").splitlines()[0] == (
        "municipality_code,municipality_name,region_code,region_name,"
        "county_code,county_name"
    )


def test_template_runs_from_the_command_line(tmp_path: Path) -> None:
    panel_csv, _ = write_template(tmp_path)
    out = io.StringIO()
    status = main(
        ["barometer", "--data", str(panel_csv), "--level", "region", "--format", "csv"],
        out=out,
    )
    assert status == 0
    rows = out.getvalue().splitlines()
    assert rows[0].startswith("level,list,code,rank,name,attractiveness")
    assert len(rows) == 1 + 4


def test_template_refuses_to_overwrite(tmp_path: Path) -> None:
    panel_csv, hierarchy_csv = write_template(tmp_path)
    panel_csv.write_text("my own edits", encoding="utf-8")
    message = (
        f"{str(panel_csv)!r}, {str(hierarchy_csv)!r} already exist; pass "
        "overwrite=True to replace, or choose another folder"
    )
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        write_template(tmp_path)
    assert panel_csv.read_text(encoding="utf-8") == "my own edits"

    hierarchy_csv.unlink()
    message = (
        f"{str(panel_csv)!r} already exists; pass overwrite=True to replace, or "
        "choose another folder"
    )
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        write_template(tmp_path)
    assert not hierarchy_csv.exists()

    write_template(tmp_path, overwrite=True)
    assert panel_csv.read_text(encoding="utf-8").startswith("code,year,")
    assert hierarchy_csv.is_file()


def test_template_into_a_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "taken"
    path.write_text("", encoding="utf-8")
    message = (
        f"cannot write the template into {str(path)!r}: it is a file, not a folder"
    )
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        write_template(path)


def test_template_under_a_file_is_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"^cannot write the template into '.*taken"):
        write_template(blocker / "below")


def test_write_template_never_writes_through_a_link(tmp_path: Path) -> None:
    from attraktiv.errors import DataError

    elsewhere = tmp_path / "elsewhere.csv"
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "panel.csv").symlink_to(elsewhere)  # dangling
    with pytest.raises(DataError, match=r"panel\.csv' already exists; pass overwrite"):
        write_template(folder)
    assert not elsewhere.exists()
    write_template(folder, overwrite=True)
    assert not (folder / "panel.csv").is_symlink()
    assert not elsewhere.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["hierarchy.csv", "panel.csv"]
