"""The shape of the package, read from its imports: layers, cycles, privacy, size.

Every module under ``src/attraktiv`` is parsed with :mod:`ast`; every import counts,
at module level, inside functions and under ``TYPE_CHECKING`` alike (a type-only
import still ties two modules together). The rules, drawn in
``docs/architecture.rst``:

1. no import cycle between modules;
2. a package imports only packages on a lower layer of :data:`LAYERS` (packages on
   one layer do not import each other);
3. no private name (a module or a name starting with ``_``) is imported across a
   package border: a package is used through its public face;
4. no module has more than :data:`MAX_CODE_LINES` lines of code (docstrings,
   comments and blank lines not counted).

A package is a subpackage of ``attraktiv`` (``attraktiv.plot``) or a top-level
module (``attraktiv.report``); ``attraktiv`` itself is its public face, the
``__init__`` that re-exports the public names.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE = Path(__file__).parents[1] / "src"

# --- layers: start
#: The layers of attraktiv, lowest first. A package may import the packages of any
#: lower layer, never one of its own layer or above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),  # the exception hierarchy
    ("core",),  # typing, validation, rates, ranking, text, progress, frozen
    ("periods", "geography"),  # periods; units, maps, border changes
    ("panel", "regression"),  # the data panel; the least-squares engine
    ("factors", "io"),  # explanatory factors; reading SSB and CSV files
    ("datasets", "tables"),  # bundled and simulated data; period tables
    ("uncertainty",),  # standard errors, rank sets, shrinkage
    ("attractiveness", "drivers"),  # the index; the driver analyses
    ("spatial",),  # spatial weights and autocorrelation
    ("plot",),  # figures and maps
    ("report",),  # the written report
    ("attraktiv",),  # the public face: attraktiv/__init__.py
    ("cli",),  # the command line
    ("__main__",),  # python -m attraktiv
)
# --- layers: end

#: Top-level modules that belong to another package: the version is part of the
#: public face (``__init__`` re-exports it; ``pyproject.toml`` reads it), and the
#: old ``_x`` modules, kept only so that older imports work, belong to the layer of
#: what they re-export (the lead deletes them once no branch imports them).
HOMES: dict[str, str] = {"_version": "attraktiv", "_names": "geography"} | {
    f"_{name}": "core"
    for name in (
        "typing",
        "validation",
        "text",
        "ranking",
        "rates",
        "progress",
        "frozen",
    )
}

#: Known violations, each (importing module, imported module) matched as dotted
#: prefixes, with the reason it is still there. Empty since issue 19 part A (the
#: index as one family) was merged; an entry that matches nothing fails the test.
ALLOWED: frozenset[tuple[str, str]] = frozenset()

MAX_CODE_LINES = 600

#: Modules over :data:`MAX_CODE_LINES` for now, by name, with the limit each keeps
#: until it is split (and a comment saying why).
OVERSIZED: dict[str, int] = {}


@dataclass(frozen=True)
class Import:
    """One imported name: ``source`` imports ``name`` from module ``target``."""

    source: str
    target: str
    name: str | None  # None: the module itself
    line: int

    def __str__(self) -> str:
        what = f"{self.target}.{self.name}" if self.name else self.target
        return f"{self.source} (line {self.line}) imports {what}"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module's dotted name, with its file and whether it is a package."""
    found = {}
    for path in sorted((SOURCE / "attraktiv").rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _imports() -> list[Import]:
    """Every import of an attraktiv module by an attraktiv module."""
    found: list[Import] = []
    for module, (path, is_package) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.append(Import(module, alias.name, None, node.lineno))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".")[: None if is_package else -1]
                    base = base[: len(base) - node.level + 1]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                for alias in node.names:
                    if f"{target}.{alias.name}" in MODULES:  # a submodule
                        found.append(
                            Import(module, f"{target}.{alias.name}", None, node.lineno)
                        )
                    else:
                        found.append(Import(module, target, alias.name, node.lineno))
    return [i for i in found if i.target.split(".")[0] == "attraktiv"]


IMPORTS = _imports()


def _allowed(item: Import) -> bool:
    return any(_within(item.source, s) and _within(item.target, t) for s, t in ALLOWED)


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def package(module: str) -> str:
    """The package a module belongs to (see the module docstring)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "attraktiv"
    return HOMES.get(parts[1], parts[1])


LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}


def _private(part: str) -> bool:
    # Dunder names (__version__, __all__) are public by Python's convention.
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def _checked() -> Iterator[Import]:
    return (i for i in IMPORTS if not _allowed(i))


def test_every_package_has_a_layer() -> None:
    packages = {package(module) for module in MODULES}
    assert sorted(packages - set(LAYER_OF)) == []
    assert sorted(set(LAYER_OF) - packages) == []


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for item in _checked():
        if item.target in MODULES and item.target != item.source:
            graph[item.source].add(item.target)
    cycles = [sorted(c) for c in _strongly_connected(graph) if len(c) > 1]
    assert cycles == [], "modules that import each other, directly or around:\n" + (
        "\n".join(", ".join(cycle) for cycle in cycles)
    )


def test_imports_run_down_the_layers() -> None:
    upward = [
        f"{item}: {package(item.source)} (layer {LAYER_OF[package(item.source)]}) "
        f"may not import {package(item.target)} "
        f"(layer {LAYER_OF[package(item.target)]})"
        for item in _checked()
        if package(item.source) != package(item.target)
        and LAYER_OF[package(item.source)] <= LAYER_OF[package(item.target)]
    ]
    assert upward == []


def test_no_private_name_crosses_a_package_border() -> None:
    private = [
        str(item)
        for item in _checked()
        if package(item.source) != package(item.target)
        and (
            any(_private(part) for part in item.target.split("."))
            or (item.name is not None and _private(item.name))
        )
    ]
    assert private == []


def test_the_allow_list_is_not_stale() -> None:
    used = {
        (s, t)
        for s, t in ALLOWED
        if any(_within(i.source, s) and _within(i.target, t) for i in IMPORTS)
    }
    assert sorted(ALLOWED - used) == [], "remove these entries from ALLOWED"


def code_lines(text: str) -> int:
    """Lines with code: not blank, not only a comment, not part of a docstring."""
    tree = ast.parse(text)
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, kinds) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                end = first.end_lineno or first.lineno
                docstrings.update(range(first.lineno, end + 1))
    layout = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    }
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type not in layout:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstrings)


def test_code_lines_skip_docstrings_comments_and_blanks() -> None:
    text = '''"""Module docstring,
over two lines."""

# a comment
def f(x):  # code, with a comment
    """Docstring."""

    return (x +
            1)
'''
    assert code_lines(text) == 3


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    path, _ = MODULES[module]
    lines = code_lines(path.read_text(encoding="utf-8"))
    limit = OVERSIZED.get(module, MAX_CODE_LINES)
    assert lines <= limit, f"{path.name} has {lines} lines of code"
    if module in OVERSIZED:
        assert lines > MAX_CODE_LINES, f"{module} fits now: remove it from OVERSIZED"


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def test_cycle_finder_finds_a_loop_of_three_and_nothing_in_a_chain() -> None:
    loop = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert sorted(sorted(c) for c in _strongly_connected(loop) if len(c) > 1) == [
        ["a", "b", "c"]
    ]
    chain = {"a": {"b"}, "b": {"c"}, "c": set()}
    assert all(len(c) == 1 for c in _strongly_connected(chain))
