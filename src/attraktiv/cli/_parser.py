"""The parser of the ``attraktiv`` command: one-line errors, option types, help."""

from __future__ import annotations

import argparse
import re
from typing import Final, NoReturn

import attraktiv

from .. import AttraktivError, Period, as_period
from ..panel import DEFAULT_COMPONENTS
from ._commands import _barometer, _report
from ._common import (
    DATASETS,
    EXIT_ERROR,
    METHOD,
    PERIOD_YEARS,
    TOP_FINEST,
    TOP_OTHER,
    _either,
    _one_line,
    _quote,
)

_FORMATS: Final = ("table", "csv", "json")

_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<rest>.*)", re.DOTALL)
_CHOICE = re.compile(
    r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)", re.DOTALL
)


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
    """A period written ``first-last`` (``--period``); its length is checked later."""
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
    # The length is checked once the command knows whether --flow is given: a
    # flow index may use the two years the bundled flows cover.
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
        "--dataset",
        choices=DATASETS,
        default="norway",
        help="the bundled data to use: norway (426 municipalities, 2003-2016) or "
        "europe (Eurostat's 1,522 NUTS 3 regions, 2000-2018; levels nuts3, nuts2, "
        "nuts1 and country) (default: %(default)s; not with --data)",
    )
    parser.add_argument(
        "--data",
        type=_file_name,
        metavar="FILE",
        help="your own panel CSV, one row per unit and year (see the documented "
        "schema; '-' reads it from standard input; default: the bundled Norwegian "
        "data)",
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
        "--version", action="version", version=f"%(prog)s {attraktiv.__version__}"
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
        "data covers); with --flow, two years where the data's flows cover fewer "
        "than three, e.g. 2013-2014",
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
        "only, so there the flow period is these two years, labelled as such)",
    )
    baro.add_argument(
        "--factor",
        action="append",
        default=[],
        metavar="NAME",
        help="also show this registered factor's value for each place, such as "
        "university or size (repeatable; not with --long-term)",
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
    report.add_argument(
        "--verbose",
        action="store_true",
        help="print every note on what the report left out (default: one line "
        "that counts them; the report's Notes section lists them all)",
    )
    report.add_argument(
        "--factor",
        action="append",
        default=[],
        metavar="NAME",
        help="also show this registered factor in the driver tables (repeatable; "
        "the published factors of each level are always shown)",
    )
    _add_data_options(report)
    report.set_defaults(handler=_report)
    return parser, {"barometer": baro, "report": report}
