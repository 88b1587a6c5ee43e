"""The command at its edges (issue 21): standard input and pipes, a terminal
without UTF-8, other libraries' warnings and very long error messages."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import attraktiv.datasets
from attraktiv.cli import MAX_ERROR_CHARACTERS, main
from attraktiv.datasets import write_template
from attraktiv.errors import DataError

SOURCE = str(Path(attraktiv.__file__).parents[1])


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": SOURCE, **extra}
    env.pop("PYTHONWARNINGS", None)
    return env


@pytest.fixture
def template(tmp_path: Path) -> Path:
    write_template(tmp_path)
    return tmp_path


def _command(
    *argv: str, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "attraktiv", *argv],
        input=stdin, capture_output=True, check=False, env=_env(**env),
    )  # fmt: skip


def test_data_from_standard_input(template: Path) -> None:
    panel = (template / "panel.csv").read_bytes()
    hierarchy = str(template / "hierarchy.csv")
    piped = _command("barometer", "--data", "-", "--hierarchy", hierarchy,
                     "--level", "region", "--format", "csv", stdin=panel)  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    from_file = _command("barometer", "--data", str(template / "panel.csv"),
                         "--level", "region", "--format", "csv")  # fmt: skip
    assert piped.stdout == from_file.stdout
    assert b"Romerike" in piped.stdout


def test_standard_input_needs_a_hierarchy_file(template: Path) -> None:
    panel = (template / "panel.csv").read_bytes()
    done = _command("barometer", "--data", "-", stdin=panel)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "attraktiv barometer: error: --data - reads the panel from standard input; "
        "give the hierarchy with --hierarchy FILE (a '<level>_code' column per level)"
    ]


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash for <(...)")
def test_data_from_a_pipe_is_not_empty(template: Path) -> None:
    # A shell's <(...) is a pipe of size 0: read to its end, not refused as empty.
    script = (
        f"{sys.executable} -m attraktiv barometer --level region --format csv "
        f"--data <(cat {template / 'panel.csv'}) "
        f"--hierarchy <(cat {template / 'hierarchy.csv'})"
    )
    done = subprocess.run(["/bin/bash", "-c", script], capture_output=True,
                          check=False, env=_env())  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"Romerike" in done.stdout


def test_an_empty_pipe_is_refused_by_name(template: Path) -> None:
    hierarchy = str(template / "hierarchy.csv")
    done = _command("barometer", "--data", "-", "--hierarchy", hierarchy, stdin=b"")
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "attraktiv barometer: error: --data - is empty; expected a CSV file with a "
        "header and one row per unit and year\n"
    )


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_an_ascii_terminal_gets_escapes_not_a_traceback(fmt: str) -> None:
    done = _command(
        "barometer", "--level", "municipality", "--period", "2008-2010", "--top",
        "3", "--format", fmt, PYTHONIOENCODING="ascii",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("ascii")  # every byte is ASCII
    if fmt == "json":  # still valid JSON, the letter kept
        rows = json.loads(out)["tables"][0]["rows"]
        assert [row["name"] for row in rows][2] == "Rennesøy"
    else:
        assert "Rennes\\xf8y" in out
    assert "Traceback" not in done.stderr.decode("ascii", "replace")
    assert "not UTF-8" in done.stderr.decode("ascii", "replace")


def test_other_libraries_warnings_are_one_line_notes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = attraktiv.datasets.load_norway

    def loud() -> attraktiv.Panel:
        warnings.warn("something\nthe library thinks\n", FutureWarning, stacklevel=1)
        warnings.warn("something\nthe library thinks\n", FutureWarning, stacklevel=1)
        return real()

    monkeypatch.setattr(attraktiv.datasets, "load_norway", loud)
    out = io.StringIO()
    status = main(["barometer", "--level", "county", "--top", "1"], out=out)
    assert status == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "attraktiv barometer: note: something the library thinks [FutureWarning]"
    ]


def test_a_huge_error_message_is_capped_keeping_the_culprit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> attraktiv.Panel:
        # Many short words: one long word is already cut by the error itself.
        raise DataError("unit '0301' in 2010: " + "xxx " * 1_250_000 + "the end")

    monkeypatch.setattr(attraktiv.datasets, "load_norway", broken)
    status = main(["barometer"], out=io.StringIO())
    assert status == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("attraktiv barometer: error: unit '0301' in 2010: xxx")
    assert line.endswith("xxx the end")
    assert "characters left out" in line
    assert len(line) <= MAX_ERROR_CHARACTERS + len("attraktiv barometer: error: ") + 60
