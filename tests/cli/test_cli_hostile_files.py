"""Hostile files given to the command: each a one-line error naming the file as
the user gave it (``--data -``, not the temporary copy read), exit status 2."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from attraktiv.cli import main
from attraktiv.datasets import write_template


@pytest.fixture
def template(tmp_path: Path) -> Path:
    write_template(tmp_path)
    return tmp_path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv, out=io.StringIO())
    error = capsys.readouterr().err.strip()
    return status, error


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


PanelEdit = Callable[[bytes], bytes]

STDIN_REFUSED: list[tuple[str, PanelEdit, str]] = [
    (
        "utf32-mark-then-text",
        lambda panel: b"\xff\xfe\x00\x00garbage",
        "cannot read --data - (standard input) as CSV: the file starts with a "
        "UTF-32 byte-order mark",
    ),
    (
        "utf16-without-bom",
        lambda panel: panel.decode().encode("utf-16-le"),
        "cannot read --data - (standard input) as CSV: the file holds a NUL byte",
    ),
    (
        "repeated-column",
        lambda panel: panel.replace(b"jobs", b"population_jan1", 1),
        "cannot read --data - (standard input): its header names the column "
        "'population_jan1' more than once",
    ),
    (
        "row-cut-short",
        lambda panel: panel[: len(panel) // 2],
        "the panel file --data - (standard input), line 64",
    ),
]


@pytest.mark.parametrize(
    ("edit", "culprit"),
    [pytest.param(edit, culprit, id=name) for name, edit, culprit in STDIN_REFUSED],
)
def test_standard_input_is_named_as_given(
    edit: PanelEdit,
    culprit: str,
    template: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    panel = (template / "panel.csv").read_bytes()
    monkeypatch.setattr(sys, "stdin", _Stdin(edit(panel)))
    argv = ["barometer", "--data", "-", "--hierarchy", str(template / "hierarchy.csv")]
    status, error = _run(argv, capsys)
    assert status == 2
    assert culprit in error, error
    assert "attraktiv-" not in error  # the temporary copy is never named
    assert len(error.splitlines()) == 1


def test_a_file_given_by_name_keeps_its_name(
    template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    panel = template / "panel.csv"
    panel.write_bytes(panel.read_bytes().replace(b"jobs", b"population_jan1", 1))
    status, error = _run(["barometer", "--data", str(panel)], capsys)
    assert status == 2
    assert f"cannot read {str(panel)!r}: its header names the column" in error


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@pytest.mark.parametrize("command", ["barometer", "report"])
def test_out_on_a_dangling_symbolic_link_is_named(
    command: str, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "results"
    link.symlink_to(tmp_path / "nowhere" / "results")
    argv = [command, "--data", str(template / "panel.csv"), "--out", str(link)]
    status, error = _run(argv, capsys)
    assert status == 2
    assert f"--out {link} is a symbolic link to nothing; give a folder" in error
    assert not (tmp_path / "nowhere").exists()
