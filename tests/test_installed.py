"""What an installed copy of attraktiv needs: its version, its data, its command.

Marked ``smoke``: ``.ci/run`` runs the smoke tests from a copy of ``tests/`` against
the wheel installed in a fresh environment (with ``ATTRAKTIV_EXPECT_INSTALLED=1``,
so that the tests that need an installed copy fail instead of skipping), and from
the unpacked sdist. In a source checkout those tests skip and say why.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from importlib.resources import files
from pathlib import Path

import pytest

import attraktiv
from attraktiv.datasets import (
    load_change_table,
    load_example,
    load_norway,
    norway_map,
    write_template,
)

pytestmark = pytest.mark.smoke

DATA = files("attraktiv.datasets") / "data"


@pytest.fixture(scope="module")
def installed() -> metadata.Distribution:
    """The distribution attraktiv is imported from, if it is an installed one."""
    reason = f"attraktiv is imported from {attraktiv.__file__}, not installed"
    try:
        distribution = metadata.distribution("attraktiv")
    except metadata.PackageNotFoundError:
        distribution = None
    if distribution is not None:
        # An installed wheel's RECORD lists the module attraktiv is imported from;
        # an editable install or a source tree's egg-info does not.
        for recorded in distribution.files or ():
            if str(recorded) == "attraktiv/__init__.py" and Path(
                str(recorded.locate())
            ).samefile(attraktiv.__file__):
                return distribution
    if os.environ.get("ATTRAKTIV_EXPECT_INSTALLED") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def test_version_and_licence_are_the_distributions(
    installed: metadata.Distribution,
) -> None:
    assert installed.version == attraktiv.__version__
    assert installed.metadata["License-Expression"] == "MIT"
    licences = [str(f) for f in installed.files or () if "licenses" in str(f)]
    assert [Path(f).name for f in licences] == ["LICENSE"]


def test_the_command_is_installed(installed: metadata.Distribution) -> None:
    script = Path(sys.executable).with_name("attraktiv")
    completed = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=True
    )
    assert completed.stdout == f"attraktiv {installed.version}\n"


def test_every_data_file_has_its_source_stated() -> None:
    notes = [f for f in DATA.iterdir() if f.name.endswith(".md")]
    stated = "\n".join(note.read_text(encoding="utf-8") for note in notes)
    data = [f.name for f in DATA.iterdir() if f.is_file() and f not in notes]
    assert {"NOTICE.md", "PROVENANCE.md"} <= {note.name for note in notes}
    assert data
    assert [name for name in data if f"`{name}`" not in stated] == []


def test_the_loaders_find_their_files(tmp_path: Path) -> None:
    panel = load_norway()
    assert len(panel.units("municipality")) == 426
    # Statistics Norway's published population on 1 January 2010.
    frame = panel.data
    assert frame.loc[frame["year"] == 2010, "population_jan1"].sum() == 4_858_199
    assert len(load_norway(borders=2024).units("municipality")) == 357
    # Sandefjord of 2016 is Sandefjord (3907) in the borders of 2024.
    assert load_change_table().targets("0706", 2016).to_dict() == {"3907": 1.0}
    topology = json.loads(norway_map().read_text(encoding="utf-8"))
    assert sorted(topology["objects"]) == ["fylke", "kommune", "region"]
    example = load_example()
    assert len(example.units("municipality")) == 18
    written = write_template(tmp_path / "template")
    assert sorted(p.name for p in written) == ["hierarchy.csv", "panel.csv"]
