"""The ``attraktiv`` command.

``attraktiv barometer`` ranks places by attractiveness on the bundled Norwegian data
(or your own); ``attraktiv report`` writes the report; ``attraktiv --help`` lists the
subcommands and their options.

Every error, a bad option value included, is one line on standard error, and the
exit status is 2. When the reader of the output stops early (``attraktiv barometer
| head -3``), the command stops quietly with status 141, as a Unix tool killed by
``SIGPIPE`` does.

Examples
--------
>>> import io
>>> from attraktiv.cli import main
>>> out = io.StringIO()
>>> main(["barometer", "--period", "2008-2010", "--level", "municipality",
...       "--top", "3", "--format", "csv"], out=out)
0
>>> [row.split(",")[4] for row in out.getvalue().splitlines()[1:]]
['Ullensaker', 'Ulstein', 'Rennesøy']
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NoReturn, TextIO

import pandas as pd

from . import (
    AttractivenessModel,
    AttractivenessResult,
    AttraktivError,
    DataError,
    Panel,
    Period,
    __version__,
    as_period,
    long_term_periods,
)
from .panel import DEFAULT_COMPONENTS

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_ERROR", "main"]

#: Exit status of a bad option or bad data (argparse's own convention).
EXIT_ERROR: Final = 2
#: Exit status when the reader of standard output went away: 128 + SIGPIPE (13),
#: what a shell reports for ``seq``, ``cat`` or ``yes`` in ``... | head``. Python's
#: own default (status 1 and a traceback) would break ``set -o pipefail`` scripts
#: for a reason that is not an error of the command.
EXIT_BROKEN_PIPE: Final = 141

METHOD = (
    "Attractiveness = actual minus expected net migration: across all units of a "
    "level,\nnet migration (% of population, 3 years) is regressed on job growth; "
    "the residual ranks places."
)

#: How many units the barometer lists by default: more of the finest level (the
#: published barometer shows 20 municipalities and 10 regions).
TOP_FINEST: Final = 20
TOP_OTHER: Final = 10
#: The published model, net migration ~ job growth, has two coefficients; least
#: squares with a residual degree of freedom needs one unit more.
MIN_UNITS: Final = 3
PERIOD_YEARS: Final = 3
LONG_TERM_PERIODS: Final = 3

_FORMATS: Final = ("table", "csv", "json")


class _UsageError(Exception):
    """A bad command-line argument; printed as one line."""


# --- the parser -----------------------------------------------------------------


def _either(choices: Sequence[str]) -> str:
    """``a, b or c``."""
    items = list(choices)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" or {items[-1]}"


def _quote(value: str) -> str:
    """A value as the user would type it in a shell."""
    return shlex.quote(value)


_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<rest>.*)", re.DOTALL)
_CHOICE = re.compile(
    r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)", re.DOTALL
)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.strip().splitlines() if part.strip())


def _reword(message: str) -> str:
    """The message of argparse as one line naming the option, value and choices."""
    match = _ARGUMENT.fullmatch(message.strip())
    if match is None:
        return _one_line(message)
    name, rest = match["name"], match["rest"]
    choice = _CHOICE.fullmatch(rest)
    if choice is not None:
        value = choice["value"].strip("'\"")
        choices = [c.strip().strip("'\"") for c in choice["choices"].split(",")]
        if name == "COMMAND":
            return (
                f"unknown command {value!r}; choose {_either(choices)} (options go "
                "after the command, as in 'attraktiv barometer --top 3')"
            )
        return f"{name} {_quote(value)} is not valid; choose {_either(choices)}"
    if rest.startswith("expected one argument"):
        return f"{name} needs a value"
    return _one_line(f"{name} {rest}")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {_reword(message)}\n")


def _count(text: str) -> int:
    """A whole number of at least 1 (``--top``, ``--bottom``)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{_quote(text)} is not valid; give a whole number of at least 1"
        )
    return value


def _seed(text: str) -> int:
    """A whole number of at least 0 (``--seed``)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"{_quote(text)} is not valid; give a whole number of at least 0"
        )
    return value


_PERIOD_TEXT = re.compile(r"\s*(\d{4})\s*[-\u2013]\s*(\d{4})\s*")


def _period_option(text: str) -> Period:
    """A three-year period written ``first-last`` (``--period``)."""
    quoted = _quote(text)
    match = _PERIOD_TEXT.fullmatch(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{quoted} is not valid; give a three-year period as first-last with "
            "four-digit years, such as 2008-2010"
        )
    first, last = int(match[1]), int(match[2])
    if last < first:
        raise argparse.ArgumentTypeError(
            f"{quoted} is not valid: it ends before it starts; give first-last, "
            f"such as {last}-{last + PERIOD_YEARS - 1}"
        )
    years = last - first + 1
    if years != PERIOD_YEARS:
        raise argparse.ArgumentTypeError(
            f"{quoted} is not valid: it covers {years} year{'s' if years != 1 else ''};"
            f" the barometer's periods are three years, such as "
            f"{last - PERIOD_YEARS + 1}-{last}"
        )
    try:
        return as_period((first, last))
    except AttraktivError as err:
        raise argparse.ArgumentTypeError(
            f"{quoted} is not valid: {_one_line(str(err))}"
        ) from None


def _file_name(text: str) -> str:
    """A file name (``--data``, ``--hierarchy``); empty would mean the folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{_quote(text)} is not valid; give a file")
    return text


def _folder_name(text: str) -> str:
    """A folder name (``--out``); empty would quietly mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            f"{_quote(text)} is not valid; give a folder ('.' for this one)"
        )
    return text


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=_file_name,
        metavar="FILE",
        help="your own panel CSV, one row per unit and year (see the documented "
        "schema; default: the bundled Norwegian data)",
    )
    parser.add_argument(
        "--hierarchy",
        type=_file_name,
        metavar="FILE",
        help="the hierarchy CSV of --data, one row per unit of the finest level "
        "(default: hierarchy.csv beside the --data file)",
    )


_LEVEL_HELP = (
    "one level of the data's hierarchy: municipality, region or county in the "
    "bundled data (default: the two finest levels, municipality and region in the "
    "bundled data)"
)


def _parser() -> tuple[_Parser, dict[str, _Parser]]:
    parser = _Parser(
        prog="attraktiv",
        description="How attractive are places to live in?\n" + METHOD,
        epilog="Exit status: 0 on success; 2 on a bad option or bad data (one line "
        "on standard error);\n141 when the reader of the output stops early (as in "
        "'attraktiv barometer | head').",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    baro = sub.add_parser(
        "barometer",
        help="rank places by attractiveness (bundled Norwegian data by default)",
        description=METHOD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    baro.add_argument(
        "--period",
        type=_period_option,
        metavar="FIRST-LAST",
        help="three-year period, e.g. 2008-2010 (default: the latest period the "
        "data covers)",
    )
    baro.add_argument("--level", help=_LEVEL_HELP)
    baro.add_argument(
        "--top",
        type=_count,
        metavar="N",
        help=f"how many of the most attractive to show (default: {TOP_FINEST} of "
        f"the finest level, municipalities in the bundled data; {TOP_OTHER} of any "
        "other level, such as regions)",
    )
    baro.add_argument(
        "--bottom",
        type=_count,
        metavar="N",
        help="also show the N least attractive (default: none)",
    )
    baro.add_argument(
        "--long-term",
        action="store_true",
        help="the long-term index: the sum over the three non-overlapping periods "
        "ending with --period",
    )
    baro.add_argument(
        "--flow",
        metavar="NAME",
        help="rank by one flow component's index instead of total net migration; "
        "the choices are the data's flow columns net_migration_NAME, usually "
        f"{_either(DEFAULT_COMPONENTS)} (the bundled data has them for 2013-2014 "
        "only, too short for a three-year period)",
    )
    _add_data_options(baro)
    baro.add_argument(
        "--format",
        choices=_FORMATS,
        default="table",
        help="output format (default: %(default)s)",
    )
    baro.add_argument(
        "--out",
        type=_folder_name,
        metavar="DIR",
        help="also write every level's full ranking as CSV into this folder "
        "(default: none)",
    )
    baro.set_defaults(handler=_barometer)
    report = sub.add_parser(
        "report",
        help="write the barometer report (HTML, CSV tables, PNG/SVG figures)",
        description=METHOD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument(
        "--out",
        type=_folder_name,
        metavar="DIR",
        default="attraktiv-report",
        help="folder to write (default: %(default)s)",
    )
    report.add_argument(
        "--period",
        type=_period_option,
        metavar="FIRST-LAST",
        help="three-year period (default: the latest period the data covers)",
    )
    report.add_argument("--level", help=_LEVEL_HELP)
    report.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on standard error (default: when it is a terminal)",
    )
    report.add_argument(
        "--seed",
        type=_seed,
        default=0,
        help="seed of the draws behind the rank confidence sets (default: %(default)s,"
        " so the same data give the same report)",
    )
    _add_data_options(report)
    report.set_defaults(handler=_report)
    return parser, {"barometer": baro, "report": report}


# --- data, levels and periods ----------------------------------------------------


@dataclass
class _Run:
    """What one command collects besides its output: notes for standard error."""

    command: str
    lines: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.lines.append(f"attraktiv {self.command}: note: {text}")

    def status(self, text: str) -> None:
        self.lines.append(text)

    def flush_notes(self) -> None:
        """Write the notes; called once the command can no longer fail."""
        for line in self.lines:
            sys.stderr.write(line + "\n")
        self.lines.clear()


def _check_csv(label: str, path: Path, rows: str) -> None:
    """One clear line for the files ``read_panel_csv`` cannot make sense of."""
    shown = _quote(str(path))
    if not path.exists():
        raise _UsageError(
            f"{label} {shown} does not exist; give a CSV file with {rows}"
        )
    if path.is_dir():
        raise _UsageError(
            f"{label} {shown} is a folder, not a file; give a CSV file with {rows}"
        )
    if path.stat().st_size == 0:
        raise _UsageError(
            f"{label} {shown} is empty; expected a CSV file with a header and {rows}"
        )
    with path.open(encoding="utf-8", errors="replace") as lines:
        filled = (line for line in lines if line.strip())
        header = next(filled, "")
        has_rows = next(filled, None) is not None
    if "\x00" in header or "\ufffd" in header:
        return  # not UTF-8 text: the reader says what it could not decode
    if "," not in header:
        for separator, name in (("\t", "tab"), (";", "semicolon")):
            if separator in header:
                raise _UsageError(
                    f"{label} {shown} is {name}-separated; attraktiv reads "
                    "comma-separated CSV files: save it with commas between the "
                    "columns"
                )
    if not has_rows:
        raise _UsageError(
            f"{label} {shown} has a header but no rows; expected {rows} below it"
        )


def _load(args: argparse.Namespace) -> Panel:
    if args.data is None:
        if args.hierarchy is not None:
            raise _UsageError(
                "--hierarchy needs --data: the bundled data has its own hierarchy; "
                "give your panel with --data FILE"
            )
        from .datasets import load_norway

        return load_norway()
    from .io import read_panel_csv

    data = Path(args.data)
    _check_csv("--data", data, "one row per unit and year")
    if args.hierarchy is None:
        hierarchy = data.with_name("hierarchy.csv")
        if not hierarchy.exists():
            raise _UsageError(
                f"--data {_quote(args.data)} has no hierarchy.csv beside it; give "
                "the hierarchy with --hierarchy FILE (a '<level>_code' column per "
                "level)"
            )
        label = "the hierarchy (beside --data)"
    else:
        hierarchy = Path(args.hierarchy)
        label = "--hierarchy"
    _check_csv(label, hierarchy, "one row per unit of the finest level")
    return read_panel_csv(data, hierarchy)


def _too_few(panel: Panel, level: str) -> str | None:
    """Why ``level`` has too few units for the regression, or None if it has enough."""
    units = len(panel.units(level))
    if units >= MIN_UNITS:
        return None
    return (
        f"the data has {units} unit{'s' if units != 1 else ''} at that level, too "
        "few for the regression of net migration on job growth, which needs at "
        f"least {MIN_UNITS}"
    )


def _levels(panel: Panel, asked: str | None, run: _Run) -> list[str]:
    """The asked level, or the two finest levels that have enough units."""
    if asked is not None:
        if asked not in panel.levels:
            raise _UsageError(
                f"--level {_quote(asked)} is not valid; choose "
                f"{_either(panel.levels)} (the levels of the data's hierarchy)"
            )
        reason = _too_few(panel, asked)
        if reason is not None:
            raise _UsageError(f"--level {asked}: {reason}")
        return [asked]
    chosen: list[str] = []
    skipped: list[tuple[str, str]] = []
    for level in panel.levels[:2]:
        reason = _too_few(panel, level)
        if reason is None:
            chosen.append(level)
        else:
            skipped.append((level, reason))
    if not chosen:
        level, reason = skipped[0]
        raise _UsageError(f"level {level!r}: {reason}")
    for level, reason in skipped:
        run.note(f"skipped level {level!r}: {reason}")
    return chosen


def _years_text(years: Sequence[int]) -> str:
    """``2002-2016`` for a run of years, ``2003, 2005-2007`` when there are gaps."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs) or "none"


def _needed_years(period: Period) -> tuple[int, ...]:
    """The period's years and the year before (its starting job count)."""
    return (period.first - 1, *period.years)


def _covered(panel: Panel, period: Period) -> bool:
    years = set(panel.years)
    return all(year in years for year in _needed_years(period))


def _needed_cells(period: Period) -> list[tuple[str, tuple[int, ...]]]:
    """The columns and years the period's fit reads (see ``Panel.period_table``).

    Flow components are not among them: the fit adds them where they are known,
    and ``--flow`` checks its own (data may have flows for some years only).
    """
    return [
        ("population_jan1", (period.first,)),
        ("net_migration", period.years),
        ("jobs", (period.first - 1, period.last)),
    ]


def _default_period(panel: Panel, run: _Run) -> Period:
    """The latest period whose years the data covers with values.

    A column without any value in a needed year (net migration of the last year,
    when it comes from the next year's population) moves the default back, with a
    note. A column with values for some units and holes in others does not: the
    fit reports the unit, year and column of the hole, rather than the command
    quietly showing an older period.
    """
    frame = panel.data
    # Besides the counts, the data has a text column of unit codes and an integer
    # column of years, whatever their names.
    year_column = next(
        column
        for column in frame.columns
        if column not in panel.columns and pd.api.types.is_integer_dtype(frame[column])
    )
    present = frame[list(panel.columns)].notna().groupby(frame[year_column]).any()
    known = {
        str(column): {int(y) for y in present.index[present[column].to_numpy()]}
        for column in present.columns
    }
    ends = [
        end
        for end in sorted(panel.years, reverse=True)
        if _covered(panel, Period(end - PERIOD_YEARS + 1, end))
    ]
    if not ends:
        raise _UsageError(
            f"the data has the years {_years_text(panel.years)}: no three-year period "
            "with the year before it (for its starting job count); the barometer "
            "needs four consecutive years, such as 2007-2010 for 2008-2010"
        )
    gaps: list[str] = []
    for end in ends:
        period = Period(end - PERIOD_YEARS + 1, end)
        empty = [
            (column, year)
            for column, years in _needed_cells(period)
            for year in years
            if year not in known.get(column, set())
        ]
        if not empty:
            if gaps:
                run.note(f"showing {period}, the latest period with data: {gaps[0]}")
            return period
        column, year = empty[0]
        gaps.append(f"{period} has no value of {column!r} in {year} for any unit")
    raise _UsageError(f"no three-year period has data: {gaps[0]}")


def _check_period(panel: Panel, period: Period) -> None:
    """Name the years an asked period needs and the periods the data covers."""
    if _covered(panel, period):
        return
    missing = next(y for y in _needed_years(period) if y not in panel.years)
    role = (
        "the year before it, for its starting job count"
        if missing == period.first - 1
        else "a year of the period"
    )
    ends = [
        end
        for end in panel.years
        if _covered(panel, Period(end - PERIOD_YEARS + 1, end))
    ]
    valid = (
        f"choose a period ending in {_years_text(ends)}, such as "
        f"{ends[-1] - PERIOD_YEARS + 1}-{ends[-1]}"
        if ends
        else "the data covers no three-year period"
    )
    raise _UsageError(
        f"--period {period} needs {missing} ({role}), but the data has the years "
        f"{_years_text(panel.years)}; {valid}"
    )


def _long_term_covered(panel: Panel, last: int) -> bool:
    return all(_covered(panel, p) for p in long_term_periods(last))


def _check_long_term(panel: Panel, period: Period, asked: bool) -> None:
    """Say that the long term needs three earlier periods, and the earliest end."""
    if _long_term_covered(panel, period.last):
        return
    periods = long_term_periods(period.last)
    missing, where = next(
        (year, p)
        for p in periods
        for year in _needed_years(p)
        if year not in panel.years
    )
    role = (
        f"the year before {where}, for its starting job count"
        if missing == where.first - 1
        else f"a year of {where}"
    )
    ends = [end for end in panel.years if _long_term_covered(panel, end)]
    valid = (
        f"the earliest possible end is {ends[0]} (--period "
        f"{ends[0] - PERIOD_YEARS + 1}-{ends[0]})"
        if ends
        else "the data has too few years for any long term, which needs ten "
        "consecutive years (three periods and the year before the first)"
    )
    which = f"--period {period}" if asked else f"{period} (the latest period)"
    raise _UsageError(
        f"--long-term sums the three non-overlapping periods ending with {which}: "
        f"{', '.join(str(p) for p in periods)}; it needs {missing} ({role}), but "
        f"the data has the years {_years_text(panel.years)}; {valid}"
    )


def _period(
    panel: Panel, asked: Period | None, run: _Run, *, long_term: bool = False
) -> Period:
    period = _default_period(panel, run) if asked is None else asked
    if long_term:
        _check_long_term(panel, period, asked is not None)
    elif asked is not None:
        _check_period(panel, period)
    return period


@contextmanager
def _chosen_by_default(period: Period, asked: Period | None) -> Iterator[None]:
    """Say so when bad data sits in a period the user did not ask for."""
    try:
        yield
    except DataError as err:
        if asked is not None:
            raise
        raise _UsageError(
            f"{_one_line(str(err))} ({period} is the default, the latest period the "
            "data covers; --period chooses another)"
        ) from None


def _check_flow(panel: Panel, flow: str) -> None:
    if not panel.components:
        raise _UsageError(
            f"--flow {_quote(flow)}: the data has no flow components (columns "
            "net_migration_NAME), only total net migration; leave out --flow"
        )
    if flow not in panel.components:
        raise _UsageError(
            f"--flow {_quote(flow)} is not valid; choose "
            f"{_either(panel.components)} (the data's flow components)"
        )


# --- output ----------------------------------------------------------------------


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for reading: code as a column, counts whole, rates to 2 decimals."""
    out = frame.reset_index()
    for column in out.select_dtypes("number").columns:
        if column == "rank":
            continue
        if column.startswith("population"):
            out[column] = out[column].round().astype("int64")
        else:
            out[column] = out[column].round(2)
    return out


@dataclass(frozen=True)
class _Table:
    level: str
    kind: str
    title: str
    frame: pd.DataFrame


def _write(tables: Sequence[_Table], fmt: str, out: TextIO) -> None:
    """Print the tables as one document of ``fmt``."""
    if fmt == "csv":
        combined = pd.concat(
            [t.frame.reset_index().assign(level=t.level, list=t.kind) for t in tables],
            ignore_index=True,
        )
        front = ["level", "list"]
        combined = combined[front + [c for c in combined.columns if c not in front]]
        combined.to_csv(out, index=False)
    elif fmt == "json":
        document = {
            "tables": [
                {
                    "title": t.title,
                    "level": t.level,
                    "list": t.kind,
                    "rows": t.frame.reset_index().to_dict(orient="records"),
                }
                for t in tables
            ]
        }
        json.dump(document, out, ensure_ascii=False)
        out.write("\n")
    else:
        for t in tables:
            out.write(f"\n{t.title}\n{'-' * len(t.title)}\n")
            out.write(_rounded(t.frame).to_string(index=False) + "\n")


def _folder(option: str, folder: Path) -> None:
    """Create the ``--out`` folder, or say in one line why it cannot be."""
    shown = _quote(str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise _UsageError(
            f"{option} {shown} is a file, not a folder; give a folder to write to"
        ) from None
    except OSError as err:
        raise _UsageError(
            f"{option} {shown}: cannot create the folder ({err.strerror}); give a "
            "folder you can write to"
        ) from None


def _save(folder: Path, files: Sequence[tuple[str, pd.DataFrame]]) -> list[Path]:
    _folder("--out", folder)
    written: list[Path] = []
    for name, frame in files:
        path = folder / name
        try:
            frame.to_csv(path)
        except OSError as err:
            raise _UsageError(
                f"--out {_quote(str(folder))}: cannot write {name} ({err.strerror}); "
                "give a folder you can write to"
            ) from None
        written.append(path)
    return written


# --- the subcommands -------------------------------------------------------------


def _flow_ranking(result: AttractivenessResult, flow: str) -> pd.DataFrame:
    """Every unit ranked by one flow component's own index."""
    column = f"net_migration_{flow}"
    fit = result.fits.column(column)
    table = result.table
    index = fit.resid.rename("attractiveness")
    frame = pd.DataFrame(
        {
            "rank": index.rank(method="min", ascending=False).astype("int64"),
            "name": table["name"],
            "attractiveness": index,
            column: table[column],
            "expected": fit.fitted,
            "job_growth": table["job_growth"],
            "population_start": table["population_start"],
        }
    )
    return frame.sort_values(["rank"], kind="stable")


def _barometer(args: argparse.Namespace, out: TextIO, run: _Run) -> int:
    if args.long_term and args.flow is not None:
        raise _UsageError(
            "--flow cannot be combined with --long-term: the long-term index is "
            "for total net migration"
        )
    panel = _load(args)
    levels = _levels(panel, args.level, run)
    if args.flow is not None:
        _check_flow(panel, args.flow)
    period = _period(panel, args.period, run, long_term=args.long_term)
    if args.flow is not None and not panel.flows_known(period):
        # The panel's own error names the years the flows cover.
        try:
            panel.period_counts(period, flows=True)
        except AttraktivError as err:
            raise _UsageError(f"--flow {_quote(args.flow)}: {err}") from None
    model = AttractivenessModel()
    tables: list[_Table] = []
    files: list[tuple[str, pd.DataFrame]] = []
    with _chosen_by_default(period, args.period):
        for level in levels:
            _rank_level(args, panel, model, period, level, tables, files)
    # Everything is computed before anything is written: an error leaves no
    # partial output behind.
    if args.out is not None:
        for path in _save(Path(args.out), files):
            # Status goes to standard error so that CSV and JSON output stay clean.
            run.status(f"wrote {path}")
    run.flush_notes()
    _write(tables, args.format, out)
    return 0


def _rank_level(
    args: argparse.Namespace,
    panel: Panel,
    model: AttractivenessModel,
    period: Period,
    level: str,
    tables: list[_Table],
    files: list[tuple[str, pd.DataFrame]],
) -> None:
    """Fit one level; add its lists to ``tables`` and its ranking to ``files``."""
    if args.top is not None:
        top = args.top
    else:
        top = TOP_FINEST if level == panel.levels[0] else TOP_OTHER
    if args.long_term:
        long_term = model.long_term(panel, period.last, level=level)
        ranking = long_term.ranking()
        label = f"long term {long_term.periods[0].first}-{period.last}"
    else:
        result = model.fit(panel, period, level=level)
        ranking = (
            result.ranking() if args.flow is None else _flow_ranking(result, args.flow)
        )
        label = f"{period}" + (f", flow {args.flow}" if args.flow else "")
    title = f"{level}, {label}"
    tables.append(_Table(level, "top", f"Most attractive: {title}", ranking.head(top)))
    if args.bottom:
        tables.append(
            _Table(
                level,
                "bottom",
                f"Least attractive: {title}",
                ranking.tail(args.bottom),
            )
        )
    name = f"ranking_{level}_{label.replace(' ', '_').replace(',', '')}.csv"
    files.append((name, ranking))


def _report(args: argparse.Namespace, out: TextIO, run: _Run) -> int:
    from .report import write_report

    panel = _load(args)
    levels = _levels(panel, args.level, run)
    period = _period(panel, args.period, run)
    folder = Path(args.out)
    _folder("--out", folder)
    try:
        with _chosen_by_default(period, args.period):
            report = write_report(
                folder,
                panel,
                period=period,
                levels=levels,
                progress=sys.stderr.isatty()
                if args.progress is None
                else args.progress,
                rng=args.seed,
            )
    except OSError as err:
        raise _UsageError(
            f"--out {_quote(args.out)}: cannot write the report ({err.strerror}); "
            "give a folder you can write to"
        ) from None
    run.flush_notes()
    out.write(
        f"wrote {report.index} ({len(report.tables)} tables, "
        f"{len(report.figures)} figures)\n"
    )
    for note in report.notes:
        out.write(f"note: {note}\n")
    return 0


# --- main ------------------------------------------------------------------------


def _os_message(err: OSError) -> str:
    if err.filename is not None and err.strerror:
        return f"cannot read {_quote(str(err.filename))}: {err.strerror}"
    return _one_line(str(err)) or type(err).__name__


def _status(code: object) -> int:
    """The exit status of a ``SystemExit`` code (argparse's help, version, errors)."""
    if code is None:
        return 0
    return code if isinstance(code, int) else EXIT_ERROR


def _run(argv: Sequence[str] | None, out: TextIO) -> int:
    parser, commands = _parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            culprit = commands[args.command] if args.command else parser
            culprit.error(
                f"unrecognized argument{'s' if len(extra) > 1 else ''} "
                f"{' '.join(map(_quote, extra))}; see '{culprit.prog} --help' for "
                "the options"
            )
    except SystemExit as stop:
        return _status(stop.code)
    if args.command is None:
        parser.print_help(out)
        return 0
    run = _Run(args.command)
    try:
        status: int = args.handler(args, out, run)
    except BrokenPipeError:
        raise
    except (_UsageError, AttraktivError, OSError) as err:
        if isinstance(err, OSError):
            message = _os_message(err)
        else:
            message = _one_line(str(err)) or type(err).__name__
        sys.stderr.write(f"attraktiv {args.command}: error: {message}\n")
        return EXIT_ERROR
    return status


def _silence_stdout() -> None:
    """Point standard output at the null device, so the flush at exit cannot fail."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the ``attraktiv`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.
    out : text stream, optional
        Where results go; default standard output. Errors and notes go to standard
        error, one line each.

    Returns
    -------
    int
        The exit status: 0 on success (``--help`` and ``--version`` included), 2 on
        a bad option or bad data, 141 (128 + ``SIGPIPE``) when the reader of
        standard output went away before the output was written.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> main(["barometer", "--period", "2008-2010", "--level", "region",
    ...       "--top", "2", "--format", "json"], out=out)
    0
    >>> import json
    >>> [row["name"] for row in json.loads(out.getvalue())["tables"][0]["rows"]]
    ['Øvre Romerike', 'Halden']
    """
    stream = out if out is not None else sys.stdout
    try:
        status = _run(argv, stream)
        stream.flush()
        sys.stdout.flush()  # --help and --version write to standard output
    except BrokenPipeError:
        if stream is sys.stdout or out is None:
            _silence_stdout()
        return EXIT_BROKEN_PIPE
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
