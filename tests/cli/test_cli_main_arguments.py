"""The Python arguments of ``attraktiv.cli.main`` refused by name (issue 21).

A bad command line is an exit status and one line on standard error; a bad
Python argument to ``main`` (arguments that are not a list of texts, an output
that is not a text stream) is the caller's mistake and an ``InvalidOptionError``
naming it, before anything runs.
"""

from __future__ import annotations

import io

import pytest

from attraktiv.cli import main
from attraktiv.errors import InvalidOptionError


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ("--version", "argv='--version' is not valid; give the arguments as a list"),
        ("", "argv='' is not valid; give the arguments as a list"),
        (b"--version", "argv=b'--version' is not valid"),
        (7, "argv=7 is not valid; give the arguments as a list"),
        ({"--version": 1}, "argv=a dict is not valid"),
        (["barometer", 3], "argv must hold the arguments as texts; got 3"),
        (["barometer", None], "argv must hold the arguments as texts; got None"),
    ],
)
def test_main_refuses_argv_that_is_not_a_list_of_texts(
    argv: object, message: str
) -> None:
    out = io.StringIO()
    with pytest.raises(InvalidOptionError) as info:
        main(argv, out=out)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)
    assert out.getvalue() == ""  # nothing ran


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("report.txt", "out='report.txt' is not valid; give a text stream"),
        (7, "out=7 is not valid; give a text stream"),
        ([], "out=a list is not valid; give a text stream"),
        (io.BytesIO(), "out=a BytesIO is not valid; give a text stream"),
    ],
)
def test_main_refuses_out_that_is_not_a_text_stream(out: object, message: str) -> None:
    with pytest.raises(InvalidOptionError) as info:
        main(["--version"], out=out)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_main_without_arguments_prints_the_usage() -> None:
    out = io.StringIO()
    assert main([], out=out) == 0
    assert out.getvalue().startswith("usage: attraktiv")


def test_main_takes_a_tuple_of_arguments() -> None:
    out = io.StringIO()
    status = main(
        (
            "barometer",
            "--period",
            "2008-2010",
            "--level",
            "region",
            "--top",
            "2",
            "--format",
            "csv",
        ),
        out=out,
    )
    assert status == 0
    assert len(out.getvalue().splitlines()) == 3  # the header and two regions
