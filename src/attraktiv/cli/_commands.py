"""The subcommands of ``attraktiv``: ``barometer`` and ``report``, and their output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pandas as pd

from .. import (
    AttractivenessModel,
    AttractivenessResult,
    Panel,
    Period,
)
from ..core.ranking import rank_series
from ..core.text import singular
from ..geography import unique_names
from ._common import PERIOD_YEARS, TOP_FINEST, TOP_OTHER, _quote, _Run, _UsageError
from ._data import (
    _check_flow,
    _check_length,
    _chosen_by_default,
    _flow_period,
    _levels,
    _load,
    _period,
)

# --- output ----------------------------------------------------------------------


def _whole_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose counts of people are integers: 495, not 495.0.

    The fit works in floats; a count with a hole (NaN) stays a float.
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        count = str(column).startswith("population")
        if count and pd.api.types.is_float_dtype(values) and values.notna().all():
            out[column] = values.round().astype("int64")
    return out


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for reading: code as a column, counts whole, rates to 2 decimals."""
    out = _whole_counts(frame).reset_index()
    for column in out.select_dtypes("float").columns:
        out[column] = out[column].round(2)
    return out


@dataclass(frozen=True)
class _Table:
    level: str
    kind: str
    title: str
    frame: pd.DataFrame
    #: The names shown in the terminal, a name that two units share followed by
    #: its county ("Våler (Østfold)"); CSV and JSON keep the official names.
    shown_names: pd.Series


def _write(tables: Sequence[_Table], fmt: str, out: TextIO) -> None:
    """Print the tables as one document of ``fmt``."""
    if fmt == "csv":
        combined = pd.concat(
            [
                _whole_counts(t.frame).reset_index().assign(level=t.level, list=t.kind)
                for t in tables
            ],
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
                    "rows": _whole_counts(t.frame)
                    .reset_index()
                    .to_dict(orient="records"),
                }
                for t in tables
            ]
        }
        # Letters as they are where the output can hold them; else JSON's own
        # \u escapes, so the document stays valid JSON.
        encoding = str(getattr(out, "encoding", None) or "utf-8")
        json.dump(document, out, ensure_ascii=not encoding.lower().startswith("utf"))
        out.write("\n")
    else:
        for t in tables:
            out.write(f"\n{t.title}\n{'-' * len(t.title)}\n")
            shown = t.frame.assign(name=t.shown_names.reindex(t.frame.index))
            out.write(_rounded(shown).to_string(index=False) + "\n")


def _folder(option: str, folder: Path) -> None:
    """Create the ``--out`` folder, or say in one line why it cannot be."""
    shown = _quote(str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        what = (
            "a symbolic link to nothing"
            if folder.is_symlink() and not folder.exists()
            else "a file, not a folder"
        )
        raise _UsageError(
            f"{option} {shown} is {what}; give a folder to write to"
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
            _whole_counts(frame).to_csv(path)
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
            "rank": rank_series(index),
            "name": table["name"],
            "attractiveness": index,
            column: table[column],
            "expected": fit.fitted,
            "job_growth": table["job_growth"],
            "population_start": table["population_start"],
        }
    )
    return frame.sort_values(["rank"], kind="stable")


def _with_factors(
    ranking: pd.DataFrame,
    names: Sequence[str],
    panel: Panel,
    period: Period,
    level: str,
) -> pd.DataFrame:
    """``ranking`` with a column of each factor's values (registered names)."""
    from ..factors import factor_values

    for name in names:
        if name not in ranking.columns:
            values = factor_values(name, panel, period, level)
            ranking = ranking.assign(**{name: values.reindex(ranking.index)})
    return ranking


def _barometer(args: argparse.Namespace, out: TextIO, run: _Run) -> int:
    if args.long_term and args.flow is not None:
        raise _UsageError(
            "--flow cannot be combined with --long-term: the long-term index is "
            "for total net migration"
        )
    if args.long_term and args.factor:
        raise _UsageError(
            "--factor cannot be combined with --long-term: a factor's value is for "
            "one period"
        )
    _check_length(args.period, args.flow)
    _factor_names(args.factor)
    panel = _load(args)
    levels = _levels(panel, args.level, run)
    if args.flow is not None:
        _check_flow(panel, args.flow)
        period = _flow_period(panel, args.flow, args.period)
    else:
        period = _period(panel, args.period, run, long_term=args.long_term)
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
        title = label
    else:
        result = model.fit(panel, period, level=level)
        ranking = (
            result.ranking() if args.flow is None else _flow_ranking(result, args.flow)
        )
        ranking = _with_factors(ranking, args.factor, panel, period, level)
        label = f"{period}" + (f", flow {args.flow}" if args.flow else "")
        title = label
        if period.length != PERIOD_YEARS:
            # Only a flow index has a shorter period (see _check_length).
            title = f"{period} (two years, all the flows cover), flow {args.flow}"
    title = f"{singular(level)}, {title}"
    names = unique_names(panel.hierarchy.names(level), level, panel.hierarchy)
    tables.append(
        _Table(level, "top", f"Most attractive: {title}", ranking.head(top), names)
    )
    if args.bottom:
        tables.append(
            _Table(
                level,
                "bottom",
                f"Least attractive: {title}",
                ranking.tail(args.bottom),
                names,
            )
        )
    name = f"ranking_{level}_{label.replace(' ', '_').replace(',', '')}.csv"
    files.append((name, ranking))


def _factor_names(names: Sequence[str]) -> list[str]:
    """The ``--factor`` names, each checked against the registered factors."""
    from ..factors import available_factors

    registered = available_factors()
    for name in names:
        if name not in registered:
            raise _UsageError(
                f"--factor {_quote(name)} is not a registered factor; the registered "
                f"factors are {', '.join(registered)}"
            )
    return list(names)


def _report(args: argparse.Namespace, out: TextIO, run: _Run) -> int:
    from ..report import write_report

    _check_length(args.period, None)
    factors = _factor_names(args.factor)
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
                factors=factors,
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
    if args.verbose:
        for note in report.notes:
            out.write(f"note: {note}\n")
    elif report.notes:
        count = len(report.notes)
        out.write(
            f"note: {count} thing{'s' if count != 1 else ''} left out for want of "
            f"data (such as {_first_clause(report.notes[0])}); the report's Notes "
            "list them, and --verbose prints them here\n"
        )
    return 0


def _first_clause(note: str) -> str:
    """The part of a note before its reason: 'factor X left out of ...'."""
    return note.split(":", 1)[0]
