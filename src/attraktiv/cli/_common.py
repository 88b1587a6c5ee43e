"""What the modules of the ``attraktiv`` command share.

Exit statuses, defaults, the usage error, the wording of values and choices, and
the notes of a run.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

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
#: The bundled datasets ``--dataset`` chooses from; the first is the default.
DATASETS: Final = ("norway", "europe")
LONG_TERM_PERIODS: Final = 3


class _UsageError(Exception):
    """A bad command-line argument; printed as one line."""


def _either(choices: Sequence[str]) -> str:
    """``a, b or c``."""
    items = list(choices)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" or {items[-1]}"


def _quote(value: str) -> str:
    """A value as the user would type it in a shell."""
    return shlex.quote(value)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.strip().splitlines() if part.strip())


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
