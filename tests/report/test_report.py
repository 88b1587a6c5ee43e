"""The barometer report: every referenced file exists, every section is there."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from attraktiv import AttractivenessModel
from attraktiv.cli import main
from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.errors import InvalidOptionError, PeriodError
from attraktiv.report import Report, write_report
from attraktiv.spatial import contiguity_weights, morans_i

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return write_report(tmp_path_factory.mktemp("report"))


def referenced(index: Path) -> list[str]:
    page = index.read_text(encoding="utf-8")
    return re.findall(r'(?:src|href)="([^"#:]+)"', page)


def test_html_references_only_files_that_exist(report: Report) -> None:
    links = referenced(report.index)
    assert links, "the page links nothing"
    for link in links:
        assert (report.folder / link).is_file(), link
    png = {p.name for p in report.figures}
    assert png <= set(links)
    # Every file the report lists is there, and nothing else is in the folder.
    assert {p.name for p in report.files} == {p.name for p in report.folder.iterdir()}


def test_headings_are_nested_without_skipping_a_level(report: Report) -> None:
    page = report.index.read_text(encoding="utf-8")
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    assert {2, 3, 4} <= set(levels)


def test_file_names_write_periods_one_way(report: Report) -> None:
    names = [p.name for p in report.folder.iterdir()]
    periods = [match for name in names for match in re.findall(r"\d{4}\D\d{4}", name)]
    assert periods
    assert all(re.fullmatch(r"\d{4}-\d{4}", period) for period in periods), periods
    assert "ranking_municipality_2014-2016.csv" in names
    assert "long_term_region_2008-2016.png" in names


def test_every_csv_names_every_column(report: Report) -> None:
    for table in report.tables:
        header = table.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert all(header), (table.name, header)
    drivers = pd.read_csv(report.folder / "drivers_region.csv")
    assert list(drivers.columns[:3]) == ["period", "period_end", "factor"]
    ranking = pd.read_csv(report.folder / "ranking_region_2014-2016.csv")
    assert ranking.columns[0] == "code"


def test_names_shared_by_several_units_are_told_apart(report: Report) -> None:
    page = report.index.read_text(encoding="utf-8")
    # Våler (Østfold) is among the 20 most attractive in the long term.
    assert "<td>Våler (Østfold)</td>" in page
    assert "<td>Våler</td>" not in page
    # The CSV keeps the official name beside the code.
    long_term = pd.read_csv(
        report.folder / "long_term_municipality_2008-2016.csv", dtype={"code": str}
    )
    assert long_term.set_index("code").loc["0137", "name"] == "Våler"


def test_sections_and_files(report: Report) -> None:
    page = report.index.read_text(encoding="utf-8")
    assert "<h1>Attractiveness barometer 2014-2016</h1>" in page
    assert "regressed by least squares on job growth" in page
    assert "Licence: CC BY 4.0 / NLOD, Statistics Norway (SSB)" in page
    assert page.count("<p>Map: © Kartverket (CC BY 4.0): ") == 1
    for heading in ("Municipalities, 2014-2016", "Regions, 2014-2016"):
        assert f"<h2>{heading}</h2>" in page
    assert page.count("Most attractive 20 <small>") == 1
    assert page.count("Least attractive 15 <small>") == 1
    assert page.count("Most attractive 10 <small>") == 1
    assert page.count("Most attractive 20, long term <small>") == 1
    assert "What characterises attractive regions" in page
    names = {p.name for p in report.figures}
    for stem in (
        "scatter_municipality_2014-2016",
        "scatter_region_2014-2016",
        "long_term_municipality_2008-2016",
        "map_municipality",
        "map_region",
        "drivers_region",
    ):
        assert {f"{stem}.png", f"{stem}.svg"} <= {p.name for p in report.files}
        assert f"{stem}.png" in names
    # Municipalities: one driver table without education level (periods starting
    # before 2009, when its inputs are unknown) and one with it.
    for stem in (
        "drivers_municipality_2003-2005_2008-2010",
        "drivers_municipality_2009-2011_2014-2016",
    ):
        assert f"{stem}.png" in names
    # Municipalities: rank sets, shrinkage, Moran scatter and LISA map; regions:
    # the last two (their standard errors cannot be estimated, see below).
    assert len(report.figures) == 15
    # The bundled data lacks the inputs of some published factors, and education
    # level outside 2009-2014; nothing else.
    assert report.notes
    for note in report.notes:
        assert re.fullmatch(
            r"factor \w+ left out of the (municipality|region) driver analysis: "
            r"the panel has no input columns? [\w, ]+|"
            r"factor education_level left out of the municipality driver analysis "
            r"for 2003-2005, 2004-2006, 2005-2007, 2006-2008, 2007-2009, 2008-2010: "
            r"its inputs are unknown \(NaN\) for all municipalities in the years its "
            r"formula reads; the panel knows higher_education in 2009-2014, "
            r"education_known in 2009-2014",
            note,
        ), note


def test_how_sure_are_these_ranks(report: Report) -> None:
    page = report.index.read_text(encoding="utf-8")
    assert page.count("<h3>How sure are these ranks?</h3>") == 2
    assert page.count("<h4>Clustering in space</h4>") == 2
    names = {p.name for p in report.figures}
    for stem in (
        "rank_sets_municipality_2014-2016",
        "shrinkage_municipality_2014-2016",
        "moran_municipality_2014-2016",
        "lisa_municipality_2014-2016",
        "moran_region_2014-2016",
        "lisa_region_2014-2016",
    ):
        assert f"{stem}.png" in names
    assert "rank_sets_region_2014-2016.png" not in names
    # The table of rank sets: every unit, every set holding its rank, the shrunk
    # index that of attraktiv.uncertainty.
    sets = pd.read_csv(
        report.folder / "rank_sets_municipality_2014-2016.csv", dtype={"code": str}
    ).set_index("code")
    assert len(sets) == 426
    assert sets["rank"].tolist() == list(range(1, 427))
    assert (sets["rank_low"] <= sets["rank"]).all()
    assert (sets["rank"] <= sets["rank_high"]).all()
    assert (sets["rank_high"] <= 426).all()
    assert (sets["rank_low"] >= 1).all()
    result = AttractivenessModel().fit(load_norway(), "2014-2016")
    shrunk = result.shrunk()
    pd.testing.assert_series_equal(
        sets["shrunk"], shrunk["shrunk"].reindex(sets.index), check_names=False
    )
    assert sets.loc["1816", "rank_shrunk"] == shrunk.loc["1816", "rank_shrunk"]
    first = sets.iloc[0]
    assert (
        f"<td>1</td>\n      <td>{first.name}</td>\n      <td>{first['name']}</td>\n"
        f"      <td>1</td>\n      <td>{first['rank_high']}</td>"
    ) in page
    (top5,) = re.findall(
        r"(\d+) of the 426 municipalities may be among the true top 5 \(95 % ", page
    )
    # The five highest estimates have at most four units surely above them.
    assert 5 <= int(top5) <= 426
    moran = morans_i(
        result.index,
        contiguity_weights("municipality", link_islands=True),
        permutations=0,
    )
    assert f"Moran's I of the index, 2014-2016: {moran.statistic:.3f}" in page
    # Regions: the residual variance does not fall with population, so the page
    # says why there are no sets instead.
    assert (
        "No confidence sets for the ranks of regions: the residual variance does "
        "not fall with population"
    ) in page


def test_tables_are_the_rankings(report: Report) -> None:
    ranking = pd.read_csv(
        report.folder / "ranking_municipality_2014-2016.csv", dtype={"code": str}
    )
    assert len(ranking) == 426
    assert ranking["rank"].tolist() == list(range(1, 427))
    page = report.index.read_text(encoding="utf-8")
    assert ranking.loc[0, "name"] in page
    drivers = pd.read_csv(report.folder / "drivers_region.csv")
    assert set(drivers["factor"]) == {"job_growth", "size", "neighbour_growth"}
    assert drivers["period"].nunique() == 12


def test_own_data_without_a_map(tmp_path: Path) -> None:
    panel = simulate_panel(n_units=150, years=range(2005, 2012), rng=2)
    done = write_report(tmp_path, panel, period="2009-2011", levels=["region"])
    assert "the region codes do not match the bundled map; maps skipped" in done.notes
    assert "Kartverket" not in done.index.read_text(encoding="utf-8")
    assert any(n.startswith("long term for regions skipped") for n in done.notes)
    for link in referenced(done.index):
        assert (tmp_path / link).is_file()
    drivers = pd.read_csv(tmp_path / "drivers_region.csv")
    assert "university" in set(drivers["factor"])
    assert "education_level" not in set(drivers["factor"])


def test_period_must_be_covered(tmp_path: Path) -> None:
    with pytest.raises(
        PeriodError,
        match=re.escape(
            "period 1999-2001 needs 1998 (jobs at the end of the year before the "
            "period), but the panel has years 2002-2016"
        ),
    ):
        write_report(tmp_path, period="1999-2001")


def test_draws_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(InvalidOptionError, match=re.escape("draws=10 is not valid")):
        write_report(tmp_path / "out", draws=10)
    assert not (tmp_path / "out").exists()


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["report", "--out", str(tmp_path / "r"), "--level", "region"])
    assert status == 0
    out = capsys.readouterr().out
    # Figures are counted once each, not once per file format.
    pngs = sorted((tmp_path / "r").glob("*.png"))
    assert len(pngs) == len(list((tmp_path / "r").glob("*.svg"))) == 6
    assert out.startswith(f"wrote {tmp_path / 'r' / 'index.html'} (3 tables, 6 figures")
    assert (tmp_path / "r" / "map_region.png").is_file()
    assert main(["report", "--out", str(tmp_path), "--period", "1990-1992"]) == 2
    assert capsys.readouterr().err == (
        "attraktiv report: error: --period 1990-1992 needs 1989 (the year before "
        "it, for its starting job count), but the data has the years 2002-2016; "
        "choose a period ending in 2005-2016, such as 2014-2016\n"
    )


@pytest.mark.slow
def test_report_command_is_reproducible_by_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The rank confidence sets rest on random draws: the same seed (0 by default)
    # gives the same report, another seed may give other sets.
    for name, extra in (("a", []), ("b", ["--seed", "0"])):
        status = main(["report", "--out", str(tmp_path / name), *extra])
        assert status == 0
    capsys.readouterr()
    csvs = sorted(p.name for p in (tmp_path / "a").glob("*.csv"))
    assert csvs
    for csv in csvs:
        assert (tmp_path / "a" / csv).read_bytes() == (
            tmp_path / "b" / csv
        ).read_bytes()
    assert main(["report", "--out", str(tmp_path / "c"), "--seed", "-1"]) == 2
    assert capsys.readouterr().err == (
        "attraktiv report: error: --seed -1 is not valid; give a whole number of at "
        "least 0\n"
    )
