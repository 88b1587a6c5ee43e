"""The ``attraktiv`` command.

``attraktiv barometer`` ranks places by attractiveness on the bundled Norwegian data
(or your own); ``attraktiv --help`` lists the subcommands.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import pandas as pd

from .attractiveness import AttractivenessModel, AttractivenessResult, LongTermResult
from .errors import AttraktivError
from .panel import Panel
from .periods import Period, as_period

__all__ = ["main"]

METHOD = (
    "Attractiveness = actual minus expected net migration: across all units of a "
    "level,\nnet migration (% of population, 3 years) is regressed on job growth; "
    "the residual ranks places."
)

DEFAULT_TOP = {"municipality": 20, "region": 10}


class _UsageError(Exception):
    """A bad command-line argument; printed as one line."""


def _load(data: str | None, hierarchy: str | None) -> Panel:
    if data is None:
        if hierarchy is not None:
            raise _UsageError("--hierarchy needs --data")
        from .datasets import load_norway

        return load_norway()
    from .io import read_panel_csv

    return read_panel_csv(data, hierarchy)


def _levels(panel: Panel, level: str | None) -> list[str]:
    if level is not None:
        if level not in panel.levels:
            raise _UsageError(
                f"unknown level {level!r}; the data has {', '.join(panel.levels)}"
            )
        return [level]
    default: list[str] = [
        lvl for lvl in ("municipality", "region") if lvl in panel.levels
    ]
    return default or [panel.levels[0]]


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


def _write(
    tables: list[tuple[str, str, str, pd.DataFrame]], fmt: str, out: TextIO
) -> None:
    """Print the (level, list, title, frame) tables as one document of ``fmt``."""
    if fmt == "csv":
        combined = pd.concat(
            [
                frame.reset_index().assign(level=level, list=kind)
                for level, kind, _title, frame in tables
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
                    "title": title,
                    "level": level,
                    "list": kind,
                    "rows": frame.reset_index().to_dict(orient="records"),
                }
                for level, kind, title, frame in tables
            ]
        }
        json.dump(document, out, ensure_ascii=False)
        out.write("\n")
    else:
        for _level, _kind, title, frame in tables:
            out.write(f"\n{title}\n{'-' * len(title)}\n")
            out.write(_rounded(frame).to_string(index=False) + "\n")


def _three_years(text: str) -> Period:
    """The period of ``--period``, which the barometer defines over three years."""
    period = as_period(text)
    if period.length != 3:
        raise _UsageError(
            f"--period {period} covers {period.length} year"
            f"{'s' if period.length != 1 else ''}; the barometer's periods are three "
            "years, such as 2008-2010"
        )
    return period


def _flow_ranking(result: AttractivenessResult, flow: str) -> pd.DataFrame:
    """Every unit ranked by one flow component's own index."""
    flows = result.flows
    if flows is None:
        raise _UsageError(
            f"--flow {flow}: the data has no flow components (only total net migration)"
        )
    if flow not in flows.columns:
        raise _UsageError(
            f"unknown flow {flow!r}; the data has {', '.join(map(str, flows.columns))}"
        )
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


def _barometer(args: argparse.Namespace, out: TextIO) -> int:
    if args.long_term and args.flow:
        raise _UsageError(
            "--flow cannot be combined with --long-term: the long-term index is "
            "for total net migration"
        )
    panel = _load(args.data, args.hierarchy)
    if args.period is None:
        available = panel.periods_available()
        if not available:
            raise _UsageError("the data covers no full three-year period")
        period = available[-1]
    else:
        # The panel's own error names the unit, year and column that are missing.
        period = _three_years(args.period)
    model = AttractivenessModel()
    out_dir = Path(args.out) if args.out else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    tables: list[tuple[str, str, str, pd.DataFrame]] = []
    for level in _levels(panel, args.level):
        top = args.top if args.top is not None else DEFAULT_TOP.get(level, 10)
        if args.long_term:
            long_term: LongTermResult = model.long_term(panel, period.last, level)
            ranking = long_term.ranking()
            label = f"long term {long_term.periods[0].first}-{period.last}"
        else:
            result = model.fit(panel, period, level)
            ranking = (
                result.ranking()
                if args.flow is None
                else _flow_ranking(result, args.flow)
            )
            label = f"{period}" + (f", flow {args.flow}" if args.flow else "")
        tables.append(
            (level, "top", f"Most attractive: {level}, {label}", ranking.head(top))
        )
        if args.bottom:
            tables.append(
                (
                    level,
                    "bottom",
                    f"Least attractive: {level}, {label}",
                    ranking.tail(args.bottom),
                )
            )
        if out_dir is not None:
            name = f"ranking_{level}_{label.replace(' ', '_').replace(',', '')}.csv"
            ranking.to_csv(out_dir / name)
            # Status goes to standard error so that CSV and JSON output stay clean.
            sys.stderr.write(f"wrote {out_dir / name}\n")
    _write(tables, args.format, out)
    return 0


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from .report import write_report

    panel = _load(args.data, args.hierarchy)
    levels = _levels(panel, args.level)
    period = None if args.period is None else _three_years(args.period)
    report = write_report(args.out, panel, period=period, levels=levels)
    out.write(
        f"wrote {report.index} ({len(report.tables)} tables, "
        f"{len(report.figures)} figures)\n"
    )
    for note in report.notes:
        out.write(f"note: {note}\n")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attraktiv",
        description="How attractive are places to live in?\n" + METHOD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    baro = sub.add_parser(
        "barometer",
        help="rank places by attractiveness (bundled Norwegian data by default)",
        description=METHOD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    baro.add_argument(
        "--period", help="three-year period, e.g. 2008-2010 (default: latest)"
    )
    baro.add_argument(
        "--level",
        help="municipality, region or county (default: municipality and region)",
    )
    baro.add_argument("--top", type=_positive, help="how many of the best to show")
    baro.add_argument(
        "--bottom", type=_positive, help="also show the N least attractive"
    )
    baro.add_argument(
        "--long-term",
        action="store_true",
        help="sum the index over the three non-overlapping periods ending at --period",
    )
    baro.add_argument(
        "--flow", help="rank by one flow component's index instead of total"
    )
    baro.add_argument("--data", help="your own panel CSV (documented schema)")
    baro.add_argument(
        "--hierarchy",
        help="hierarchy CSV for --data (default: hierarchy.csv beside it)",
    )
    baro.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format",
    )
    baro.add_argument("--out", help="folder to write the full ranking CSV files to")
    baro.set_defaults(handler=_barometer)
    report = sub.add_parser(
        "report",
        help="write the barometer report (HTML, CSV tables, PNG/SVG figures)",
        description=METHOD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument(
        "--out",
        default="attraktiv-report",
        help="folder to write (default: %(default)s)",
    )
    report.add_argument("--period", help="three-year period (default: latest)")
    report.add_argument(
        "--level", help="one level only (default: municipality and region)"
    )
    report.add_argument("--data", help="your own panel CSV (documented schema)")
    report.add_argument(
        "--hierarchy",
        help="hierarchy CSV for --data (default: hierarchy.csv beside it)",
    )
    report.set_defaults(handler=_report)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the ``attraktiv`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.
    out : text stream, optional
        Where results go; default standard output. Errors go to standard error as
        one line.

    Returns
    -------
    int
        The exit status: 0 on success, 2 on a bad argument or bad data.
    """
    stream = out if out is not None else sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(stream)
        return 0
    try:
        status: int = args.handler(args, stream)
    except (_UsageError, AttraktivError, OSError) as err:
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        sys.stderr.write(f"attraktiv {args.command}: error: {message}\n")
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
