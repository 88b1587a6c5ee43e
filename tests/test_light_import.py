"""``import attraktiv`` stays light: every name loads where first used (PEP 562).

Each check that depends on what a fresh interpreter imports runs in a subprocess:
this test process has imported most of the package already.
"""

from __future__ import annotations

import ast
import io
import json
import os
import pickle
import pydoc
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import attraktiv
from attraktiv.cli import main

#: Imported by the first name that needs them, never by ``import attraktiv``
#: (SciPy's array-API layer would also pull in numpy.f2py and numpy.testing).
HEAVY = ("pandas", "numpy", "scipy", "matplotlib", "dask", "tqdm", "patsy")

_SOURCE = Path(__file__).resolve().parents[1] / "src"
_INIT = _SOURCE / "attraktiv" / "__init__.py"


def _python(*arguments: str, stdin: bytes | None = None) -> str:
    """Standard output of a fresh interpreter run with this worktree's source."""
    environment = {**os.environ, "PYTHONPATH": str(_SOURCE)}
    completed = subprocess.run(
        [sys.executable, *arguments],
        input=stdin,
        capture_output=True,
        check=True,
        env=environment,
    )
    return completed.stdout.decode()


def _modules_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    return set(json.loads(_python("-c", code).splitlines()[-1]))


def _heavy(loaded: set[str]) -> list[str]:
    return sorted(
        name
        for name in loaded
        if any(name == top or name.startswith(top + ".") for top in HEAVY)
    )


def _typed_names() -> tuple[dict[str, str], set[str]]:
    """The ``TYPE_CHECKING`` imports of ``attraktiv/__init__.py``.

    Returns the public names with the module each comes from, and the subpackages
    imported as such (``from . import datasets as datasets``).
    """
    tree = ast.parse(_INIT.read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )
    names: dict[str, str] = {}
    packages: set[str] = set()
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        assert node.level == 1
        for alias in node.names:
            if node.module is None:
                packages.add(alias.name)
            else:
                names[alias.name] = node.module
    return names, packages


def test_import_leaves_heavy_modules_unloaded() -> None:
    loaded = _modules_after("import attraktiv")
    assert sorted(m for m in loaded if m.split(".")[0] == "attraktiv") == [
        "attraktiv",
        "attraktiv._version",
    ]
    assert _heavy(loaded) == []


def test_version_is_read_without_loading_anything() -> None:
    loaded = _modules_after("import attraktiv; version = attraktiv.__version__")
    assert _heavy(loaded) == []
    assert attraktiv.__version__ == "0.1.0"


def test_first_use_imports_what_it_needs() -> None:
    # The checks above would pass vacuously if the subprocess never reached the
    # package: the same harness sees pandas and SciPy once a fit and its p-values
    # are made.
    loaded = _modules_after(
        "import attraktiv; "
        "attraktiv.ols([1.0, 2.0, 2.5, 4.0], [0.0, 1.0, 2.0, 3.0]).pvalues"
    )
    assert {"pandas", "scipy.linalg", "scipy.special"} <= loaded


def test_the_typed_imports_are_the_public_names() -> None:
    names, packages = _typed_names()
    assert sorted(names) == sorted(set(attraktiv.__all__) - {"__version__"})
    assert packages >= {"datasets", "plot", "regression", "uncertainty"}
    assert set(attraktiv.__all__) | packages <= set(dir(attraktiv))


def test_every_public_name_resolves_to_its_home_in_a_fresh_interpreter() -> None:
    # Each name is first asked of the package (the lazy path), then compared with
    # the object its home module holds; a subpackage is the module itself.
    names, packages = _typed_names()
    code = (
        "import importlib, json, sys\n"
        "import attraktiv\n"
        f"names = {names!r}\n"
        f"packages = {sorted(packages)!r}\n"
        "wrong = [n for n, home in names.items() if getattr(attraktiv, n) is not "
        "getattr(importlib.import_module('attraktiv.' + home), n)]\n"
        "wrong += [p for p in packages if getattr(attraktiv, p) is not "
        "sys.modules['attraktiv.' + p]]\n"
        "print(json.dumps(wrong))\n"
    )
    assert json.loads(_python("-c", code)) == []


def test_from_import_of_one_name_loads_its_package_only() -> None:
    loaded = _modules_after("from attraktiv import AttraktivError")
    assert "attraktiv.errors" in loaded
    assert _heavy(loaded) == []


def test_a_misspelt_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError) as caught:
        attraktiv.olss  # noqa: B018
    assert str(caught.value) == "module 'attraktiv' has no attribute 'olss'"
    with pytest.raises(ImportError, match="cannot import name 'Panell'"):
        from attraktiv import Panell  # noqa: F401
    assert not hasattr(attraktiv, "__main__")  # importing it would run the command


def test_moved_names_still_warn_in_a_fresh_interpreter() -> None:
    code = (
        "import warnings\n"
        "import attraktiv\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    from attraktiv.uncertainty import index_std_errors\n"
        "print(caught[0].category.__name__)\n"
        "print(index_std_errors is attraktiv.attractiveness.index_std_errors)\n"
    )
    assert _python("-c", code).split() == ["DeprecationWarning", "True"]


def test_help_lists_the_public_names() -> None:
    text = pydoc.plain(pydoc.render_doc(attraktiv))
    missing = [
        name
        for name in attraktiv.__all__
        if name != "__version__"
        and (
            f"class {name}("
            if isinstance(getattr(attraktiv, name), type)
            else f"\n    {name}("
        )
        not in text
    ]
    assert missing == []
    assert "VERSION\n    0.1.0" in text


def test_a_result_unpickles_in_an_interpreter_that_never_imported_attraktiv() -> None:
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    y = np.array([1.0, 2.9, 5.1, 7.0, 8.9])  # by hand: slope 19.9 / 10, mean 4.98
    result = attraktiv.ols(y, x)
    code = (
        "import pickle, sys\n"
        "result = pickle.loads(sys.stdin.buffer.read())\n"
        "print(type(result).__module__, *result.params.round(10).tolist())\n"
    )
    module, *params = _python("-c", code, stdin=pickle.dumps(result)).split()
    assert module == type(result).__module__
    assert [float(p) for p in params] == result.params.round(10).tolist()
    np.testing.assert_allclose([float(p) for p in params], [1.0, 1.99], atol=1e-9)


def test_version_command_answers_without_pandas() -> None:
    assert (
        _python("-m", "attraktiv", "--version")
        == f"attraktiv {attraktiv.__version__}\n"
    )
    loaded = _modules_after("from attraktiv.cli import main; main(['--version'])")
    assert _heavy(loaded) == []


def test_version_shortcut_writes_what_argparse_writes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "--vers" is not the shortcut's exact spelling: argparse answers it.
    assert main(["--vers"], out=io.StringIO()) == 0
    from_argparse = capsys.readouterr().out
    assert main(["--version"], out=io.StringIO()) == 0
    assert capsys.readouterr().out == from_argparse == "attraktiv 0.1.0\n"
