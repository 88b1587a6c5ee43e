"""``import attraktiv`` stays light: heavy dependencies load where first used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

#: Imported by the first fit, plot, Dask array or progress bar, never by
#: ``import attraktiv`` (SciPy's array-API layer pulls in numpy.f2py and
#: numpy.testing).
HEAVY = ("scipy", "matplotlib", "dask", "tqdm", "numpy.f2py", "numpy.testing")

_SOURCE = Path(__file__).resolve().parents[1] / "src"


def _modules_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    environment = {**os.environ, "PYTHONPATH": str(_SOURCE)}
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return set(json.loads(completed.stdout))


def test_import_leaves_heavy_modules_unloaded() -> None:
    loaded = _modules_after("import attraktiv")
    assert "attraktiv.regression" in loaded  # the package itself was imported
    heavy = sorted(
        name
        for name in loaded
        if any(name == top or name.startswith(top + ".") for top in HEAVY)
    )
    assert heavy == []


def test_first_use_imports_what_it_needs() -> None:
    # The check above would pass vacuously if the subprocess never reached the
    # package: the same harness sees SciPy once a fit and its p-values are made.
    loaded = _modules_after(
        "import attraktiv; "
        "attraktiv.ols([1.0, 2.0, 2.5, 4.0], [0.0, 1.0, 2.0, 3.0]).pvalues"
    )
    assert {"scipy.linalg", "scipy.special"} <= loaded
