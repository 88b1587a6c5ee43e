"""The command line's bad-input corpus: every mistake is one line and status 2.

Each bad case runs ``attraktiv`` in-process and asserts exit status 2, nothing on
standard output, exactly one line on standard error, and that line exactly: it names
the option, value, file, level, unit, year or column at fault and what would be
valid. The should-work cases at the end check that the same paths give the right
numbers (those of :class:`attraktiv.AttractivenessModel` fitted directly) when the
input is good.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.cli import main
from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.io import read_panel_csv

COMMANDS = ("barometer", "report")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of good and bad input files; ``{dir}`` in a case stands for it."""
    folder = tmp_path_factory.mktemp("bad_input")
    panel = simulate_panel(n_units=50, years=range(2005, 2012), rng=5)
    data = panel.data
    hierarchy = panel.hierarchy.to_frame()
    data.to_csv(folder / "panel.csv", index=False)
    hierarchy.to_csv(folder / "hierarchy.csv", index=False)

    def own(name: str, frame: pd.DataFrame, hier: pd.DataFrame | None) -> None:
        (folder / name).mkdir()
        frame.to_csv(folder / name / "panel.csv", index=False)
        if hier is not None:
            hier.to_csv(folder / name / "hierarchy.csv", index=False)

    two_regions = hierarchy.assign(
        region_code=["R1"] * 25 + ["R2"] * 25,
        region_name=["North"] * 25 + ["South"] * 25,
    )
    own("two", data, two_regions)
    # "n/a" is one of the texts pandas reads as a missing value.
    na = data.astype({"population_jan1": object})
    na.loc[(na["code"] == "0007") & (na["year"] == 2009), "population_jan1"] = "n/a"
    own("na", na, hierarchy)
    hole = data.copy()
    cell = (hole["code"] == "0003") & (hole["year"] == 2010)
    hole.loc[cell, ["net_migration", "net_migration_domestic_other"]] = np.nan
    own("hole", hole, hierarchy)
    last = data.copy()
    flows = [c for c in last.columns if c.startswith("net_migration")]
    last.loc[last["year"] == 2011, flows] = np.nan
    own("last", last, hierarchy)
    own("alone", data, None)
    own("unknown", pd.concat([data, data.iloc[[0]].assign(code="9999")]), hierarchy)
    own("twice", pd.concat([data, data.iloc[[0]]]), hierarchy)
    own("nojobs", data.drop(columns="jobs"), hierarchy)
    (folder / "empty.csv").write_text("")
    (folder / "blank.csv").write_text("\n\n")
    (folder / "header.csv").write_text(",".join(data.columns) + "\n")
    (folder / "hierarchy_header.csv").write_text(",".join(hierarchy.columns) + "\n\n")
    hierarchy.to_csv(folder / "hierarchy.tsv", sep="\t", index=False)
    hierarchy.to_csv(folder / "hierarchy_semicolon.csv", sep=";", index=False)
    (folder / "folder").mkdir()
    (folder / "afile").write_text("not a folder\n")
    return folder


BAD = [
    # The command line itself: argparse's errors, reworded to one line.
    pytest.param(
        ["foo"],
        (
            "unknown command 'foo'; choose barometer or report (options go "
            "after the command, as in 'attraktiv barometer --top 3')"
        ),
        id="unknown-command",
    ),
    pytest.param(
        ["--top", "3"],
        (
            "unknown command '3'; choose barometer or report (options go after "
            "the command, as in 'attraktiv barometer --top 3')"
        ),
        id="option-before-command",
    ),
    pytest.param(
        ["--verbose"],
        ("unrecognized argument --verbose; see 'attraktiv --help' for the options"),
        id="unknown-top-option",
    ),
    pytest.param(
        ["barometer", "--levle", "region"],
        (
            "unrecognized arguments --levle region; see 'attraktiv barometer "
            "--help' for the options"
        ),
        id="unknown-option",
    ),
    pytest.param(
        ["report", "--top", "3"],
        (
            "unrecognized arguments --top 3; see 'attraktiv report --help' for "
            "the options"
        ),
        id="unknown-report-option",
    ),
    pytest.param(
        ["barometer", "extra"],
        (
            "unrecognized argument extra; see 'attraktiv barometer --help' for "
            "the options"
        ),
        id="stray-argument",
    ),
    pytest.param(
        ["barometer", "--l", "region"],
        "ambiguous option: --l could match --level, --long-term",
        id="ambiguous-option",
    ),
    pytest.param(
        ["barometer", "--out", ""],
        "--out '' is not valid; give a folder ('.' for this one)",
        id="out-empty",
    ),
    pytest.param(
        ["barometer", "--data", " "],
        "--data ' ' is not valid; give a file",
        id="data-empty-name",
    ),
    pytest.param(
        ["report", "--hierarchy", ""],
        "--hierarchy '' is not valid; give a file",
        id="hierarchy-empty-name",
    ),
    pytest.param(
        ["barometer", "--top", "0"],
        "--top 0 is not valid; give a whole number of at least 1",
        id="top-zero",
    ),
    pytest.param(
        ["barometer", "--top", "-3"],
        "--top -3 is not valid; give a whole number of at least 1",
        id="top-negative",
    ),
    pytest.param(
        ["barometer", "--top", "abc"],
        "--top abc is not valid; give a whole number of at least 1",
        id="top-text",
    ),
    pytest.param(
        ["barometer", "--top", "2.5"],
        "--top 2.5 is not valid; give a whole number of at least 1",
        id="top-fraction",
    ),
    pytest.param(
        ["barometer", "--top", ""],
        "--top '' is not valid; give a whole number of at least 1",
        id="top-empty",
    ),
    pytest.param(["barometer", "--top"], "--top needs a value", id="top-missing"),
    pytest.param(
        ["barometer", "--bottom", "0"],
        "--bottom 0 is not valid; give a whole number of at least 1",
        id="bottom-zero",
    ),
    pytest.param(
        ["barometer", "--bottom", "ten"],
        "--bottom ten is not valid; give a whole number of at least 1",
        id="bottom-text",
    ),
    pytest.param(
        ["barometer", "--format", "xml"],
        "--format xml is not valid; choose table, csv or json",
        id="format-xml",
    ),
    pytest.param(
        ["barometer", "--format", "CSV"],
        "--format CSV is not valid; choose table, csv or json",
        id="format-case",
    ),
    pytest.param(
        ["barometer", "--period", "2008"],
        (
            "--period 2008 is not valid; give a three-year period as first-last"
            " with four-digit years, such as 2008-2010"
        ),
        id="period-one-year",
    ),
    pytest.param(
        ["barometer", "--period", "2010-2008"],
        (
            "--period 2010-2008 is not valid: it ends before it starts; give "
            "first-last, such as 2008-2010"
        ),
        id="period-reversed",
    ),
    pytest.param(
        ["barometer", "--period", "abc"],
        (
            "--period abc is not valid; give a three-year period as first-last "
            "with four-digit years, such as 2008-2010"
        ),
        id="period-text",
    ),
    pytest.param(
        ["barometer", "--period", "2008-2009"],
        (
            "--period 2008-2009 is not valid: it covers 2 years; the "
            "barometer's periods are three years, such as 2007-2009"
        ),
        id="period-two-years",
    ),
    pytest.param(
        ["barometer", "--period", "2008-2012"],
        (
            "--period 2008-2012 is not valid: it covers 5 years; the "
            "barometer's periods are three years, such as 2010-2012"
        ),
        id="period-five-years",
    ),
    pytest.param(
        ["barometer", "--period", "08-10"],
        (
            "--period 08-10 is not valid; give a three-year period as "
            "first-last with four-digit years, such as 2008-2010"
        ),
        id="period-short-years",
    ),
    pytest.param(
        ["barometer", "--period", "2008 to 2010"],
        (
            "--period '2008 to 2010' is not valid; give a three-year period as "
            "first-last with four-digit years, such as 2008-2010"
        ),
        id="period-spaces",
    ),
    pytest.param(
        ["barometer", "--period"], "--period needs a value", id="period-missing"
    ),
    pytest.param(
        ["report", "--period", "2008"],
        (
            "--period 2008 is not valid; give a three-year period as first-last"
            " with four-digit years, such as 2008-2010"
        ),
        id="report-period",
    ),
    # Levels, periods and flows of the bundled data.
    pytest.param(
        ["barometer", "--level", "kommune"],
        (
            "--level kommune is not valid; choose municipality, region or "
            "county (the levels of the data's hierarchy)"
        ),
        id="level-unknown",
    ),
    pytest.param(
        ["barometer", "--level", ""],
        (
            "--level '' is not valid; choose municipality, region or county "
            "(the levels of the data's hierarchy)"
        ),
        id="level-empty",
    ),
    pytest.param(
        ["barometer", "--level", "Region"],
        (
            "--level Region is not valid; choose municipality, region or county"
            " (the levels of the data's hierarchy)"
        ),
        id="level-case",
    ),
    pytest.param(
        ["report", "--level", "fylke"],
        (
            "--level fylke is not valid; choose municipality, region or county "
            "(the levels of the data's hierarchy)"
        ),
        id="report-level",
    ),
    pytest.param(
        ["barometer", "--period", "1990-1992"],
        (
            "--period 1990-1992 needs 1989 (the year before it, for its "
            "starting job count), but the data has the years 2002-2016; choose "
            "a period ending in 2005-2016, such as 2014-2016"
        ),
        id="period-before-data",
    ),
    pytest.param(
        ["barometer", "--period", "2016-2018"],
        (
            "--period 2016-2018 needs 2017 (a year of the period), but the data"
            " has the years 2002-2016; choose a period ending in 2005-2016, "
            "such as 2014-2016"
        ),
        id="period-after-data",
    ),
    pytest.param(
        ["barometer", "--period", "2002-2004"],
        (
            "--period 2002-2004 needs 2001 (the year before it, for its "
            "starting job count), but the data has the years 2002-2016; choose "
            "a period ending in 2005-2016, such as 2014-2016"
        ),
        id="period-first-year",
    ),
    pytest.param(
        ["report", "--period", "2015-2017"],
        (
            "--period 2015-2017 needs 2017 (a year of the period), but the data"
            " has the years 2002-2016; choose a period ending in 2005-2016, "
            "such as 2014-2016"
        ),
        id="report-period-after",
    ),
    pytest.param(
        ["barometer", "--long-term", "--period", "2008-2010"],
        (
            "--long-term sums the three non-overlapping periods ending with "
            "--period 2008-2010: 2002-2004, 2005-2007, 2008-2010; it needs 2001"
            " (the year before 2002-2004, for its starting job count), but the "
            "data has the years 2002-2016; the earliest possible end is 2011 "
            "(--period 2009-2011)"
        ),
        id="long-term-early",
    ),
    pytest.param(
        ["barometer", "--long-term", "--period", "2015-2017"],
        (
            "--long-term sums the three non-overlapping periods ending with "
            "--period 2015-2017: 2009-2011, 2012-2014, 2015-2017; it needs 2017"
            " (a year of 2015-2017), but the data has the years 2002-2016; the "
            "earliest possible end is 2011 (--period 2009-2011)"
        ),
        id="long-term-late",
    ),
    pytest.param(
        ["barometer", "--long-term", "--flow", "immigration"],
        (
            "--flow cannot be combined with --long-term: the long-term index is"
            " for total net migration"
        ),
        id="long-term-flow",
    ),
    pytest.param(
        ["barometer", "--flow", "immigration", "--period", "2014-2016"],
        (
            "--flow immigration: the flows (immigration, domestic_immigrant, "
            "domestic_other, residual) are known only in 2013-2014, not in every "
            "year of 2014-2016; give --period 2013-2014 or leave --period out"
        ),
        id="flow-outside-its-years",
    ),
    pytest.param(
        ["barometer", "--flow", "immigration", "--period", "2012-2013"],
        (
            "--flow immigration: the flows (immigration, domestic_immigrant, "
            "domestic_other, residual) are known only in 2013-2014, not in every "
            "year of 2012-2013; give --period 2013-2014 or leave --period out"
        ),
        id="flow-two-years-outside-its-years",
    ),
    pytest.param(
        ["barometer", "--flow", "immigration", "--period", "2011-2014"],
        (
            "--period 2011-2014 is not valid: it covers 4 years; the barometer's "
            "periods are three years, such as 2012-2014 (with --flow also two, such "
            "as 2013-2014, where the data's flows cover fewer than three years)"
        ),
        id="flow-four-years",
    ),
    pytest.param(
        ["barometer", "--period", "2013-2014"],
        (
            "--period 2013-2014 is not valid: it covers 2 years; the barometer's "
            "periods are three years, such as 2012-2014"
        ),
        id="two-years-without-flow",
    ),
    pytest.param(
        ["report", "--period", "2013-2014"],
        (
            "--period 2013-2014 is not valid: it covers 2 years; the barometer's "
            "periods are three years, such as 2012-2014"
        ),
        id="report-two-years",
    ),
    # Files: missing, folders, empty, header only, other separators, not a panel.
    pytest.param(
        ["barometer", "--hierarchy", "{dir}/hierarchy.csv"],
        (
            "--hierarchy needs --data: the bundled data has its own hierarchy; "
            "give your panel with --data FILE"
        ),
        id="hierarchy-alone",
    ),
    pytest.param(
        ["report", "--hierarchy", "{dir}/hierarchy.csv"],
        (
            "--hierarchy needs --data: the bundled data has its own hierarchy; "
            "give your panel with --data FILE"
        ),
        id="report-hierarchy-alone",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/nothing.csv"],
        (
            "--data {dir}/nothing.csv does not exist; give a CSV file with one "
            "row per unit and year"
        ),
        id="data-missing",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/folder"],
        (
            "--data {dir}/folder is a folder, not a file; give a CSV file with "
            "one row per unit and year"
        ),
        id="data-folder",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/empty.csv"],
        (
            "--data {dir}/empty.csv is empty; expected a CSV file with a header"
            " and one row per unit and year"
        ),
        id="data-empty",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/blank.csv"],
        (
            "--data {dir}/blank.csv has a header but no rows; expected one row "
            "per unit and year below it"
        ),
        id="data-blank",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/header.csv"],
        (
            "--data {dir}/header.csv has a header but no rows; expected one row"
            " per unit and year below it"
        ),
        id="data-header-only",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/alone/panel.csv"],
        (
            "--data {dir}/alone/panel.csv has no hierarchy.csv beside it; give "
            "the hierarchy with --hierarchy FILE (a '<level>_code' column per "
            "level)"
        ),
        id="data-no-hierarchy",
    ),
    pytest.param(
        ["report", "--data", "{dir}/nothing.csv"],
        (
            "--data {dir}/nothing.csv does not exist; give a CSV file with one "
            "row per unit and year"
        ),
        id="report-data-missing",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/panel.csv", "--hierarchy", "{dir}/h.csv"],
        (
            "--hierarchy {dir}/h.csv does not exist; give a CSV file with one "
            "row per unit of the finest level"
        ),
        id="hierarchy-missing",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/panel.csv", "--hierarchy", "{dir}/folder"],
        (
            "--hierarchy {dir}/folder is a folder, not a file; give a CSV file "
            "with one row per unit of the finest level"
        ),
        id="hierarchy-folder",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/panel.csv", "--hierarchy", "{dir}/empty.csv"],
        (
            "--hierarchy {dir}/empty.csv is empty; expected a CSV file with a "
            "header and one row per unit of the finest level"
        ),
        id="hierarchy-empty",
    ),
    pytest.param(
        [
            "barometer",
            "--data",
            "{dir}/panel.csv",
            "--hierarchy",
            "{dir}/hierarchy_header.csv",
        ],
        (
            "--hierarchy {dir}/hierarchy_header.csv has a header but no rows; "
            "expected one row per unit of the finest level below it"
        ),
        id="hierarchy-header-only",
    ),
    pytest.param(
        [
            "barometer",
            "--data",
            "{dir}/panel.csv",
            "--hierarchy",
            "{dir}/hierarchy.tsv",
        ],
        (
            "--hierarchy {dir}/hierarchy.tsv is tab-separated; attraktiv reads "
            "comma-separated CSV files: save it with commas between the columns"
        ),
        id="hierarchy-tabs",
    ),
    pytest.param(
        [
            "barometer",
            "--data",
            "{dir}/panel.csv",
            "--hierarchy",
            "{dir}/hierarchy_semicolon.csv",
        ],
        (
            "--hierarchy {dir}/hierarchy_semicolon.csv is semicolon-separated; "
            "attraktiv reads comma-separated CSV files: save it with commas "
            "between the columns"
        ),
        id="hierarchy-semicolons",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/hierarchy.csv"],
        (
            "the panel file '{dir}/hierarchy.csv' has no 'code' column; its "
            "columns are municipality_code, municipality_name, region_code, "
            "region_name, county_code, county_name"
        ),
        id="data-is-hierarchy",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/unknown/panel.csv"],
        (
            "1 unit(s) in data are not municipality units of the hierarchy: "
            "'9999' (codes are compared as text, so '301' is not '0301')"
        ),
        id="unit-not-in-hierarchy",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/twice/panel.csv"],
        ("duplicate rows for unit '0001' in 2005; give one row per unit and year"),
        id="duplicate-row",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/nojobs/panel.csv"],
        (
            "data has no column 'jobs'; the panel needs population_jan1, jobs "
            "and net_migration (or in_migration and out_migration)"
        ),
        id="no-jobs-column",
    ),
    pytest.param(
        ["barometer", "--level", "county", "--out", "{dir}/afile"],
        ("--out {dir}/afile is a file, not a folder; give a folder to write to"),
        id="out-is-file",
    ),
    pytest.param(
        ["barometer", "--level", "county", "--out", "{dir}/afile/rankings"],
        (
            "--out {dir}/afile/rankings: cannot create the folder (Not a "
            "directory); give a folder you can write to"
        ),
        id="out-under-file",
    ),
    pytest.param(
        ["report", "--out", "{dir}/afile"],
        ("--out {dir}/afile is a file, not a folder; give a folder to write to"),
        id="report-out-is-file",
    ),
    # Your own data: too few units, unknown flows, too few years, missing values.
    pytest.param(
        ["barometer", "--data", "{dir}/panel.csv", "--level", "county"],
        (
            "--level county: the data has 1 unit at that level, too few for the"
            " regression of net migration on job growth, which needs at least 3"
        ),
        id="own-level-too-few",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/two/panel.csv", "--level", "region"],
        (
            "--level region: the data has 2 units at that level, too few for "
            "the regression of net migration on job growth, which needs at "
            "least 3"
        ),
        id="own-two-regions",
    ),
    pytest.param(
        ["report", "--data", "{dir}/two/panel.csv", "--level", "region"],
        (
            "--level region: the data has 2 units at that level, too few for "
            "the regression of net migration on job growth, which needs at "
            "least 3"
        ),
        id="own-report-two-regions",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/panel.csv", "--flow", "age_0_19"],
        (
            "--flow age_0_19 is not valid; choose immigration, "
            "domestic_immigrant or domestic_other (the data's flow components)"
        ),
        id="own-flow-unknown",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/panel.csv", "--period", "2005-2007"],
        (
            "--period 2005-2007 needs 2004 (the year before it, for its "
            "starting job count), but the data has the years 2005-2011; choose "
            "a period ending in 2008-2011, such as 2009-2011"
        ),
        id="own-period-early",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/panel.csv", "--long-term"],
        (
            "--long-term sums the three non-overlapping periods ending with "
            "2009-2011 (the latest period): 2003-2005, 2006-2008, 2009-2011; it"
            " needs 2002 (the year before 2003-2005, for its starting job "
            "count), but the data has the years 2005-2011; the data has too few"
            " years for any long term, which needs ten consecutive years (three"
            " periods and the year before the first)"
        ),
        id="own-long-term",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/na/panel.csv"],
        (
            "municipality '0007' has no value (NaN) for 'population_jan1' in "
            "2009, needed for period 2009-2011 (2009-2011 is the default, the "
            "latest period the data covers; --period chooses another)"
        ),
        id="own-na-default",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/na/panel.csv", "--period", "2009-2011"],
        (
            "municipality '0007' has no value (NaN) for 'population_jan1' in "
            "2009, needed for period 2009-2011"
        ),
        id="own-na-asked",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/hole/panel.csv", "--period", "2009-2011"],
        (
            "municipality '0003' has no value (NaN) for 'net_migration' in "
            "2010, needed for period 2009-2011"
        ),
        id="own-hole-asked",
    ),
    pytest.param(
        ["barometer", "--data", "{dir}/hole/panel.csv", "--level", "region"],
        (
            "municipality '0003' has no value (NaN) for 'net_migration' in "
            "2010, needed for period 2009-2011 (2009-2011 is the default, the "
            "latest period the data covers; --period chooses another)"
        ),
        id="own-hole-default",
    ),
    pytest.param(
        ["report", "--data", "{dir}/na/panel.csv", "--out", "{dir}/report"],
        (
            "municipality '0007' has no value (NaN) for 'population_jan1' in "
            "2009, needed for period 2009-2011 (2009-2011 is the default, the "
            "latest period the data covers; --period chooses another)"
        ),
        id="own-report-na",
    ),
]


@pytest.mark.parametrize(("argv", "message"), BAD)
def test_bad_input_is_one_line_with_status_2(
    argv: list[str],
    message: str,
    corpus: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [arg.replace("{dir}", str(corpus)) for arg in argv]
    prog = f"attraktiv {argv[0]}" if argv[0] in COMMANDS else "attraktiv"
    status = main(argv)
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err == f"{prog}: error: {message.replace('{dir}', str(corpus))}\n"


def test_bad_input_writes_no_file(corpus: Path) -> None:
    """An error after the rankings are fitted leaves no folder behind."""
    out = corpus / "never"
    argv = ["barometer", "--data", str(corpus / "na" / "panel.csv")]
    assert main([*argv, "--out", str(out)]) == 2
    assert not out.exists()


# --- should work ------------------------------------------------------------------


def _csv(argv: list[str], capsys: pytest.CaptureFixture[str]) -> pd.DataFrame:
    status = main([*argv, "--format", "csv"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return pd.read_csv(io.StringIO(captured.out), dtype={"code": str})


def _same(shown: pd.DataFrame, ranking: pd.DataFrame) -> None:
    """The CLI's rows are the ranking's first rows, to the last digit."""
    expected = ranking.head(len(shown)).reset_index()
    assert shown["code"].tolist() == expected["code"].tolist()
    assert shown["rank"].tolist() == expected["rank"].tolist()
    for column in ("attractiveness", "net_migration", "expected", "job_growth"):
        np.testing.assert_allclose(shown[column], expected[column], rtol=0, atol=1e-12)


def test_top_three_municipalities_2008_2010(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["barometer", "--period", "2008-2010", "--level", "municipality"]
    shown = _csv([*argv, "--top", "3"], capsys)
    assert shown["name"].tolist() == ["Ullensaker", "Ulstein", "Rennesøy"]
    result = attraktiv.AttractivenessModel().fit(
        load_norway(), "2008-2010", "municipality"
    )
    _same(shown, result.ranking())


def test_en_dash_and_smallest_counts(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["barometer", "--period", "2008\u20132010", "--level", "county"]
    shown = _csv([*argv, "--top", "1", "--bottom", "1"], capsys)
    assert shown["list"].tolist() == ["top", "bottom"]
    assert shown["rank"].tolist() == [1, 19]
    model = attraktiv.AttractivenessModel()
    ranking = model.fit(load_norway(), "2008-2010", "county").ranking()
    assert shown["code"].tolist() == [ranking.index[0], ranking.index[-1]]
    assert shown["name"].tolist() == [ranking["name"].iloc[0], ranking["name"].iloc[-1]]


def test_level_with_too_few_units_is_skipped_with_a_note(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["barometer", "--data", str(corpus / "two" / "panel.csv"), "--top", "50"]
    status = main([*argv, "--format", "csv"])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == (
        "attraktiv barometer: note: skipped level 'region': the data has 2 units at "
        "that level, too few for the regression of net migration on job growth, "
        "which needs at least 3\n"
    )
    shown = pd.read_csv(io.StringIO(captured.out), dtype={"code": str})
    assert set(shown["level"]) == {"municipality"}
    panel = read_panel_csv(corpus / "two" / "panel.csv")
    result = attraktiv.AttractivenessModel().fit(panel, "2009-2011", "municipality")
    _same(shown, result.ranking())


def test_missing_value_outside_the_period_is_harmless(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'n/a' in the 2009 population does not touch 2008-2010 (it starts in 2008)."""
    argv = ["barometer", "--level", "region", "--period", "2008-2010", "--top", "7"]
    with_hole = _csv([*argv, "--data", str(corpus / "na" / "panel.csv")], capsys)
    clean = _csv([*argv, "--data", str(corpus / "panel.csv")], capsys)
    pd.testing.assert_frame_equal(with_hole, clean)
    assert len(clean) == 7


def test_default_period_skips_a_year_without_any_migration(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A whole year without net migration moves the default back, with a note."""
    argv = ["barometer", "--data", str(corpus / "last" / "panel.csv")]
    status = main([*argv, "--level", "region", "--format", "json"])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == (
        "attraktiv barometer: note: showing 2008-2010, the latest period with data: "
        "2009-2011 has no value of 'net_migration' in 2011 for any unit\n"
    )
    assert '"title": "Most attractive: region, 2008-2010"' in captured.out


def test_default_period_is_the_latest_the_years_cover(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = _csv(["barometer", "--data", str(corpus / "panel.csv")], capsys)
    panel = read_panel_csv(corpus / "panel.csv")
    assert panel.years[-1] == 2011
    finest, other = panel.levels[:2]
    assert shown["level"].value_counts().to_dict() == {finest: 20, other: 7}
    model = attraktiv.AttractivenessModel()
    _same(
        shown[shown["level"] == finest],
        model.fit(panel, "2009-2011", finest).ranking(),
    )
