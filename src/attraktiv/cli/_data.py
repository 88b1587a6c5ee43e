"""The data of the ``attraktiv`` command.

The panel of ``--data`` and ``--hierarchy``, the levels, the period and the flow
component to rank.
"""

from __future__ import annotations

import argparse
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Final

import pandas as pd

from .. import AttraktivError, DataError, Panel, Period, long_term_periods
from ..core.text import years_text
from ._common import (
    MIN_UNITS,
    PERIOD_YEARS,
    _either,
    _one_line,
    _quote,
    _Run,
    _UsageError,
)

#: The shortest period of a flow index. The barometer's periods are three years,
#: but the bundled flows cover only 2013-2014; a flow index over those two years,
#: labelled as such, is more use than none.
MIN_FLOW_YEARS: Final = 2

#: The most a panel or hierarchy read from standard input or a pipe may hold.
MAX_STREAM_BYTES = 512 * 1024 * 1024


def _readable(label: str, given: str, folder: Path) -> Path:
    """A regular file holding what ``given`` names, read once if it is a stream.

    ``-`` is standard input; a named pipe or a shell's ``<(...)`` (``/dev/fd/N``)
    is read to its end into ``folder``, so that it can be checked and then read,
    which a stream allows only once.
    """
    if given == "-":
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise _UsageError(f"{label} - reads standard input, but there is none")
        return _copy_stream(label, stream, folder / f"{label.strip('-')}-stdin.csv")
    path = Path(given)
    try:
        mode = path.stat().st_mode
    except OSError:
        return path  # _check_csv names what is wrong with it
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode):
        with path.open("rb") as stream:
            return _copy_stream(
                label, stream, folder / f"{label.strip('-')}-{path.name}"
            )
    return path


def _copy_stream(label: str, stream: IO[bytes], target: Path) -> Path:
    written = 0
    with target.open("wb") as copy:
        while chunk := stream.read(1 << 20):
            written += len(chunk)
            if written > MAX_STREAM_BYTES:
                raise _UsageError(
                    f"{label} holds more than {MAX_STREAM_BYTES >> 20} MiB; save it "
                    "to a file and give its name"
                )
            copy.write(chunk)
    return target


def _check_csv(label: str, path: Path, rows: str, shown: str | None = None) -> None:
    """One clear line for the files ``read_panel_csv`` cannot make sense of."""
    shown = _quote(str(path)) if shown is None else shown
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
    dataset = getattr(args, "dataset", "norway")
    if args.data is None:
        if args.hierarchy is not None:
            raise _UsageError(
                "--hierarchy needs --data: the bundled data has its own hierarchy; "
                "give your panel with --data FILE"
            )
        from ..datasets import load_europe, load_norway

        return load_europe() if dataset == "europe" else load_norway()
    if dataset != "norway":
        raise _UsageError(
            f"--dataset {dataset} cannot be combined with --data: give either a "
            "bundled dataset or your own panel"
        )
    from ..io import read_panel_csv

    if args.data == "-" and args.hierarchy in (None, "-"):
        raise _UsageError(
            "--data - reads the panel from standard input; give the hierarchy "
            "with --hierarchy FILE (a '<level>_code' column per level)"
        )
    with tempfile.TemporaryDirectory(prefix="attraktiv-") as folder:
        data = _readable("--data", args.data, Path(folder))
        _check_csv("--data", data, "one row per unit and year", _quote(args.data))
        if args.hierarchy is None:
            hierarchy = Path(args.data).with_name("hierarchy.csv")
            if not hierarchy.exists():
                raise _UsageError(
                    f"--data {_quote(args.data)} has no hierarchy.csv beside it; "
                    "give the hierarchy with --hierarchy FILE (a '<level>_code' "
                    "column per level)"
                )
            label, shown = "the hierarchy (beside --data)", _quote(str(hierarchy))
        else:
            hierarchy = _readable("--hierarchy", args.hierarchy, Path(folder))
            label, shown = "--hierarchy", _quote(args.hierarchy)
        _check_csv(label, hierarchy, "one row per unit of the finest level", shown)
        try:
            return read_panel_csv(data, hierarchy)
        except AttraktivError as err:
            given = {
                data: ("--data", args.data),
                hierarchy: ("--hierarchy", args.hierarchy),
            }
            raise _as_given(err, given) from None


def _as_given(
    err: AttraktivError, files: dict[Path, tuple[str, str | None]]
) -> AttraktivError:
    """``err`` naming the files as the user gave them, not the copies read.

    Standard input and pipes are read through a copy in a temporary folder; a
    message naming that copy would point the user to a file that never was.
    """
    message = str(err)
    for copy, (option, given) in files.items():
        if given is not None and str(copy) != given:
            named = "- (standard input)" if given == "-" else _quote(given)
            message = message.replace(repr(str(copy)), f"{option} {named}")
    if message == str(err):
        return err
    return type(err)(message)


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
    return years_text(sorted(years))


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


def _check_length(asked: Period | None, flow: str | None) -> None:
    """A ``--period`` of three years, or of two with ``--flow``."""
    if asked is None or asked.length == PERIOD_YEARS:
        return
    if flow is not None and MIN_FLOW_YEARS <= asked.length < PERIOD_YEARS:
        return
    years = asked.length
    message = (
        f"--period {asked} is not valid: it covers {years} year"
        f"{'s' if years != 1 else ''}; the barometer's periods are three years, "
        f"such as {asked.last - PERIOD_YEARS + 1}-{asked.last}"
    )
    if flow is not None:
        message += (
            f" (with --flow also two, such as {asked.last - 1}-{asked.last}, where "
            "the data's flows cover fewer than three years)"
        )
    raise _UsageError(message)


def _flow_periods(panel: Panel) -> list[Period]:
    """The periods a flow index can use, best first.

    Three-year periods, latest first, then two-year ones: the flows known in every
    year, and the data holding the year before (for the starting job count).
    """
    return [
        period
        for length in range(PERIOD_YEARS, MIN_FLOW_YEARS - 1, -1)
        for end in sorted(panel.flow_years(), reverse=True)
        if _covered(panel, period := Period(end - length + 1, end))
        and panel.flows_known(period)
    ]


def _flow_period(panel: Panel, flow: str, asked: Period | None) -> Period:
    """The period of a ``--flow`` index: the asked one, or the best the flows allow."""
    periods = _flow_periods(panel)
    covered = _years_text(panel.flow_years())
    if not periods:
        raise _UsageError(
            f"--flow {_quote(flow)}: the data's flows are known only in {covered}; "
            f"a flow index needs them in at least {MIN_FLOW_YEARS} consecutive years "
            "and the year before those in the data (for the starting job count)"
        )
    if asked is None:
        return periods[0]
    if panel.flows_known(asked):
        _check_period(panel, asked)  # the flows are there, other years are not
    if asked not in periods:
        raise _UsageError(
            f"--flow {_quote(flow)}: the flows ({', '.join(panel.components)}) are "
            f"known only in {covered}, not in every year of {asked}; give --period "
            f"{periods[0]} or leave --period out"
        )
    return asked
