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

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .. import AttraktivError
from ._common import EXIT_BROKEN_PIPE, EXIT_ERROR, _one_line, _quote, _Run, _UsageError

# The defaults of the command, also importable from here.
from ._common import LONG_TERM_PERIODS as LONG_TERM_PERIODS
from ._common import METHOD as METHOD
from ._common import MIN_UNITS as MIN_UNITS
from ._common import PERIOD_YEARS as PERIOD_YEARS
from ._common import TOP_FINEST as TOP_FINEST
from ._common import TOP_OTHER as TOP_OTHER
from ._parser import _parser

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_ERROR", "main"]


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
