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

import codecs
import io
import os
import sys
import warnings
from collections.abc import Sequence
from typing import TextIO

from .. import AttraktivError, __version__
from ..errors import InvalidOptionError
from ._common import EXIT_BROKEN_PIPE, EXIT_ERROR, _one_line, _quote, _Run, _UsageError

# The defaults of the command, also importable from here.
from ._common import LONG_TERM_PERIODS as LONG_TERM_PERIODS
from ._common import METHOD as METHOD
from ._common import MIN_UNITS as MIN_UNITS
from ._common import PERIOD_YEARS as PERIOD_YEARS
from ._common import TOP_FINEST as TOP_FINEST
from ._common import TOP_OTHER as TOP_OTHER

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_ERROR", "MAX_ERROR_CHARACTERS", "main"]

#: The longest error or note line the command writes; a longer message keeps its
#: start (which names the culprit) and its end, and says how much was left out.
MAX_ERROR_CHARACTERS = 600


# --- main ------------------------------------------------------------------------


def _os_message(err: OSError) -> str:
    if err.filename is not None and err.strerror:
        return f"cannot read {_quote(str(err.filename))}: {err.strerror}"
    return _one_line(str(err)) or type(err).__name__


def _check_argv(argv: object) -> list[str] | None:
    """The arguments as a list of texts, or None for ``sys.argv[1:]``."""
    if argv is None:
        return None
    if isinstance(argv, str | bytes) or not isinstance(argv, Sequence):
        raise InvalidOptionError(
            f"argv={_shown(argv)} is not valid; give the arguments as a list of "
            "texts, such as ['barometer', '--top', '3'], or None for sys.argv[1:]"
        )
    for argument in argv:
        if not isinstance(argument, str):
            raise InvalidOptionError(
                f"argv must hold the arguments as texts; got {_shown(argument)}"
            )
    return list(argv)


def _check_out(out: object) -> TextIO:
    """``out`` if it is a text stream (it writes text and can be flushed)."""
    binary = isinstance(out, io.RawIOBase | io.BufferedIOBase)
    if binary or not all(
        callable(getattr(out, method, None)) for method in ("write", "flush")
    ):
        raise InvalidOptionError(
            f"out={_shown(out)} is not valid; give a text stream, such as sys.stdout "
            "or io.StringIO(), or None for standard output"
        )
    return out  # type: ignore[return-value]


def _shown(value: object) -> str:
    from ..core.validation import shown  # a refusal only: the command starts fast

    return shown(value)


def _capped(text: str) -> str:
    """``text`` on one line of at most ``MAX_ERROR_CHARACTERS`` characters."""
    line = _one_line(text)
    if len(line) <= MAX_ERROR_CHARACTERS:
        return line
    head, tail = line[: MAX_ERROR_CHARACTERS - 120], line[-80:]
    return (
        f"{head} … [{len(line) - len(head) - len(tail):,} characters left out] … {tail}"
    )


def _warning_note(warning: warnings.WarningMessage) -> str:
    """A warning from any library as one line, without Python's file:line form."""
    category = warning.category.__name__
    origin = warning.category.__module__.split(".")[0]
    source = "" if origin in ("builtins", "attraktiv") else f" ({origin})"
    return f"{_one_line(str(warning.message))} [{category}{source}]"


def _status(code: object) -> int:
    """The exit status of a ``SystemExit`` code (argparse's help, version, errors)."""
    if code is None:
        return 0
    return code if isinstance(code, int) else EXIT_ERROR


def _asks_version_only(argv: Sequence[str] | None) -> bool:
    """Whether the arguments are exactly ``--version``."""
    arguments = sys.argv[1:] if argv is None else argv
    return (
        isinstance(arguments, (list, tuple))
        and len(arguments) == 1
        and isinstance(arguments[0], str)
        and arguments[0] == "--version"
    )


def _run(argv: Sequence[str] | None, out: TextIO) -> int:
    if _asks_version_only(argv):
        # What argparse's version action writes, without importing the parser,
        # whose commands import pandas: ``attraktiv --version`` answers at once.
        sys.stdout.write(f"attraktiv {__version__}\n")
        return 0
    from ._parser import _parser

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
    # Warnings of any library become one-line notes, never Python's file:line form.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            status: int = args.handler(args, out, run)
        except BrokenPipeError:
            raise
        except (_UsageError, AttraktivError, OSError) as err:
            if isinstance(err, OSError):
                message = _os_message(err)
            else:
                message = _one_line(str(err)) or type(err).__name__
            sys.stderr.write(f"attraktiv {args.command}: error: {_capped(message)}\n")
            return EXIT_ERROR
        finally:
            seen: set[str] = set()
            for warning in caught:
                note = _capped(_warning_note(warning))
                if note not in seen:
                    seen.add(note)
                    sys.stderr.write(f"attraktiv {args.command}: note: {note}\n")
    return status


def _encodes_everything(stream: TextIO) -> bool:
    """Whether ``stream`` can write any character (a UTF encoding)."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str):
        return True  # a StringIO or the like
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def _safe_for_text(stream: TextIO, *, announce: bool) -> None:
    """Let a terminal or pipe without UTF-8 show every name, escaped where it must.

    ``Rennesøy`` on an ASCII standard output becomes ``Rennes\\xf8y`` instead of a
    traceback; a note says so and how to get the letters.
    """
    if _encodes_everything(stream):
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        reconfigure(errors="backslashreplace")
    except (OSError, ValueError):
        return
    if announce:
        sys.stderr.write(
            f"attraktiv: note: standard output is {stream.encoding}, not UTF-8; "
            "letters it lacks are written as \\x escapes (set "
            "PYTHONIOENCODING=utf-8 to keep them)\n"
        )


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

    Raises
    ------
    InvalidOptionError
        If ``argv`` is not a list of texts (one string is refused, not split into
        characters) or ``out`` is not a text stream: mistakes of the Python
        caller, not of the command line, whose errors are exit statuses.

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
    argv = _check_argv(argv)
    stream = _check_out(out) if out is not None else sys.stdout
    if sys.stderr is not None:
        _safe_for_text(sys.stderr, announce=False)
    if stream is sys.stdout and sys.stdout is not None:
        _safe_for_text(sys.stdout, announce=True)
    try:
        status = _run(argv, stream)
        stream.flush()
        sys.stdout.flush()  # --help and --version write to standard output
    except BrokenPipeError:
        if stream is sys.stdout or out is None:
            _silence_stdout()
        return EXIT_BROKEN_PIPE
    return status
