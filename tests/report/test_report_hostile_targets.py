"""The report writer with hostile targets and levels: refused before any work.

A dangling symbolic link, a path under a file and a level named twice are refused
with an :class:`~attraktiv.InvalidOptionError` naming the culprit, and nothing is
written (they raised ``NotADirectoryError`` or ``FileExistsError``, or wrote every
section twice).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from attraktiv import InvalidOptionError
from attraktiv.datasets import simulate_panel
from attraktiv.report import write_report

pytest.importorskip("matplotlib")


def _dangling(tmp: Path) -> Path:
    (tmp / "link").symlink_to(tmp / "nowhere")
    return tmp / "link"


def _under_file(tmp: Path) -> Path:
    (tmp / "f").write_text("x", encoding="utf-8")
    return tmp / "f" / "a" / "report"


@pytest.mark.parametrize(
    ("target", "levels", "culprit"),
    [
        pytest.param(
            _dangling,
            ("municipality",),
            "link' is a symbolic link to nothing",
            id="dangling",
        ),
        pytest.param(
            _under_file,
            ("municipality",),
            "f' is a file, so no folder can be made under it",
            id="under-file",
        ),
        pytest.param(
            lambda tmp: tmp / "r",
            ("municipality", "region", "municipality"),
            "levels names 'municipality' more than once",
            id="level-twice",
        ),
    ],
)
def test_hostile_target_is_refused_and_nothing_written(
    tmp_path: Path,
    target: Callable[[Path], Path],
    levels: tuple[str, ...],
    culprit: str,
) -> None:
    out = target(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    panel = simulate_panel(8, range(2004, 2012), rng=1)
    with pytest.raises(InvalidOptionError) as caught:
        write_report(out, panel, period="2008-2010", levels=levels, draws=100, rng=1)
    assert type(caught.value) is InvalidOptionError
    assert culprit in str(caught.value)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
