"""Shared test helpers: the NIST StRD parser and generators of regression problems.

The NIST parser is kept as plain functions so that ``benchmarks/nist_lre.py`` can load
this file by path and print the same accuracy table the tests check.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume
from hypothesis import strategies as st

NIST_DIR = Path(__file__).parent / "data" / "nist"

#: The NIST StRD linear least-squares datasets copied into ``tests/data/nist``.
NIST_DATASETS: tuple[str, ...] = (
    "Norris",
    "Pontius",
    "NoInt1",
    "NoInt2",
    "Longley",
    "Wampler1",
    "Wampler2",
    "Wampler3",
)

#: Certified values carry 15 significant digits, so a larger LRE means nothing.
LRE_CAP = 15.0

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][-+]?\d+)?"
_CERTIFIED_LINES = re.compile(r"Certified Values\s*\(lines\s+(\d+)\s+to\s+(\d+)\)")
_DATA_LINES = re.compile(r"Data\s*\(lines\s+(\d+)\s+to\s+(\d+)\)")
_PARAMETER = re.compile(rf"^\s*B(\d+)\s+({_NUMBER})\s+({_NUMBER})\s*$")
_RESIDUAL_SD = re.compile(rf"^\s*Standard Deviation\s+({_NUMBER})\s*$")
_RSQUARED = re.compile(rf"^\s*R-Squared\s+({_NUMBER})\s*$")
_ANOVA_RESIDUAL = re.compile(rf"^\s*Residual\s+(\d+)\s+({_NUMBER})\s+({_NUMBER})")
_N_PARAMETERS = re.compile(r"(\d+)\s+Parameters?\b")
_N_OBSERVATIONS = re.compile(r"(\d+)\s+Observations\b")


def _number(text: str) -> float:
    return float(text.replace("D", "E").replace("d", "e"))


@dataclass(frozen=True)
class NistDataset:
    """One NIST StRD linear least-squares problem with its certified results.

    ``params`` and ``param_sds`` are in the file's order (B0, B1, ... or B1 for the
    no-intercept models); ``columns`` are the data columns after ``y``.
    """

    name: str
    y: np.ndarray
    x: pd.DataFrame
    param_names: tuple[str, ...]
    params: np.ndarray
    param_sds: np.ndarray
    residual_sd: float
    rsquared: float
    df_resid: int

    def accuracy(
        self,
        *,
        params: Sequence[float],
        std_errors: Sequence[float],
        sigma: float,
        rsquared: float,
    ) -> dict[str, list[float]]:
        """LRE of each estimate against its certified value, by quantity.

        Estimates must be in the file's parameter order (B0 first where present).
        """
        return {
            "params": lre_many(params, self.params),
            "std_errors": lre_many(std_errors, self.param_sds),
            "sigma": [lre(sigma, self.residual_sd)],
            "rsquared": [lre(rsquared, self.rsquared)],
        }

    def design(self) -> NistDesign:
        """The regression NIST certifies for this dataset (see ``NIST_DESIGNS``)."""
        return NIST_DESIGNS[self.name](self.x)


@dataclass(frozen=True)
class NistDesign:
    """Arguments for ``ols``: the regressors and whether to add an intercept."""

    X: pd.DataFrame
    add_intercept: bool


def _linear(x: pd.DataFrame) -> NistDesign:
    return NistDesign(X=x, add_intercept=True)


def _through_origin(x: pd.DataFrame) -> NistDesign:
    return NistDesign(X=x, add_intercept=False)


def _polynomial(degree: int) -> Callable[[pd.DataFrame], NistDesign]:
    def build(x: pd.DataFrame) -> NistDesign:
        (column,) = x.columns
        values = x[column].to_numpy(dtype=np.float64)
        powers = {
            column if k == 1 else f"{column}^{k}": values**k
            for k in range(1, degree + 1)
        }
        return NistDesign(X=pd.DataFrame(powers), add_intercept=True)

    return build


#: The model each file certifies, written out rather than parsed from its "Model:"
#: text. The intercept, when there is one, is B0 and comes first, as in ``ols``.
NIST_DESIGNS: dict[str, Callable[[pd.DataFrame], NistDesign]] = {
    "Norris": _linear,  # y = B0 + B1*x
    "Pontius": _polynomial(2),  # y = B0 + B1*x + B2*x**2
    "NoInt1": _through_origin,  # y = B1*x
    "NoInt2": _through_origin,  # y = B1*x
    "Longley": _linear,  # y = B0 + B1*x1 + ... + B6*x6
    "Wampler1": _polynomial(5),  # y = B0 + B1*x + ... + B5*x**5
    "Wampler2": _polynomial(5),
    "Wampler3": _polynomial(5),
}


def parse_nist(path: Path) -> NistDataset:
    """Parse a NIST StRD linear least-squares ``.dat`` file.

    The header says on which (1-based) lines the certified values and the data
    stand; the line before the data names the columns (``y`` first). Counts of
    parameters and observations stated in the header are cross-checked.
    """
    lines = path.read_bytes().decode("ascii").splitlines()
    header = "\n".join(lines[:30])
    certified_match = _CERTIFIED_LINES.search(header)
    data_match = _DATA_LINES.search(header)
    if certified_match is None or data_match is None:
        raise ValueError(f"{path.name}: no 'lines A to B' ranges in the header")
    cert_first, cert_last = (int(g) for g in certified_match.groups())
    data_first, data_last = (int(g) for g in data_match.groups())

    param_rows: dict[int, tuple[float, float]] = {}
    residual_sd: float | None = None
    rsquared: float | None = None
    df_resid: int | None = None
    for line in lines[cert_first - 1 : cert_last]:
        if m := _PARAMETER.match(line):
            param_rows[int(m[1])] = (_number(m[2]), _number(m[3]))
        elif m := _RESIDUAL_SD.match(line):
            residual_sd = _number(m[1])
        elif m := _RSQUARED.match(line):
            rsquared = _number(m[1])
        elif m := _ANOVA_RESIDUAL.match(line):
            df_resid = int(m[1])
    if not param_rows or residual_sd is None or rsquared is None or df_resid is None:
        raise ValueError(f"{path.name}: incomplete certified values")

    column_line = lines[data_first - 2]
    if not column_line.startswith("Data:"):
        raise ValueError(f"{path.name}: no 'Data:' column line before the data")
    columns = column_line.removeprefix("Data:").split()
    if columns[0] != "y":
        raise ValueError(f"{path.name}: first data column is {columns[0]!r}, not 'y'")
    rows = [line.split() for line in lines[data_first - 1 : data_last]]
    if any(len(row) != len(columns) for row in rows):
        raise ValueError(f"{path.name}: a data row does not have {len(columns)} values")
    values = np.array([[_number(v) for v in row] for row in rows], dtype=np.float64)

    stated_params = _N_PARAMETERS.search(header)
    stated_obs = _N_OBSERVATIONS.search(header)
    if stated_params is None or int(stated_params[1]) != len(param_rows):
        raise ValueError(f"{path.name}: parameter count disagrees with the header")
    if stated_obs is None or int(stated_obs[1]) != len(rows):
        raise ValueError(f"{path.name}: observation count disagrees with the header")

    order = sorted(param_rows)
    return NistDataset(
        name=path.stem,
        y=values[:, 0],
        x=pd.DataFrame(values[:, 1:], columns=columns[1:]),
        param_names=tuple(f"B{i}" for i in order),
        params=np.array([param_rows[i][0] for i in order]),
        param_sds=np.array([param_rows[i][1] for i in order]),
        residual_sd=residual_sd,
        rsquared=rsquared,
        df_resid=df_resid,
    )


def load_nist(name: str) -> NistDataset:
    """Load ``tests/data/nist/<name>.dat``."""
    return parse_nist(NIST_DIR / f"{name}.dat")


def lre(estimate: float, certified: float) -> float:
    """Log relative error, capped at the 15 digits NIST certifies.

    ``-log10(|estimate - certified| / |certified|)``, or ``-log10(|estimate|)`` where
    the certified value is 0 (NIST's convention for the exact fits).
    """
    if not math.isfinite(estimate):
        return -math.inf
    error = abs(estimate - certified) / abs(certified) if certified else abs(estimate)
    if error == 0.0:
        return LRE_CAP
    return min(LRE_CAP, -math.log10(error))


def lre_many(estimates: Sequence[float], certified: Sequence[float]) -> list[float]:
    """:func:`lre` element by element."""
    return [lre(float(e), float(c)) for e, c in zip(estimates, certified, strict=True)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that asks for ``nist_name`` once per NIST dataset."""
    if "nist_name" in metafunc.fixturenames:
        metafunc.parametrize("nist_name", NIST_DATASETS)


@pytest.fixture(scope="session")
def log_relative_error() -> Callable[[Sequence[float], Sequence[float]], list[float]]:
    """:func:`lre_many`: LRE of estimates against exact values, element by element."""
    return lre_many


@pytest.fixture(scope="session")
def nist() -> Callable[[str], NistDataset]:
    """Load a NIST dataset by name (parsed once per session)."""
    cache: dict[str, NistDataset] = {}

    def get(name: str) -> NistDataset:
        if name not in cache:
            cache[name] = load_nist(name)
        return cache[name]

    return get


_LRE_TABLE = pytest.StashKey[dict[tuple[str, str], float]]()


@pytest.fixture(scope="session")
def lre_table(request: pytest.FixtureRequest) -> dict[tuple[str, str], float]:
    """Minimal LRE per (dataset, quantity), printed at the end of the run."""
    return request.config.stash.setdefault(_LRE_TABLE, {})


def pytest_terminal_summary(
    terminalreporter: Any, exitstatus: int, config: pytest.Config
) -> None:
    """Print the NIST accuracy table when the NIST tests ran."""
    table = config.stash.get(_LRE_TABLE, {})
    if not table:
        return
    datasets = list(dict.fromkeys(d for d, _ in table))
    quantities = list(dict.fromkeys(q for _, q in table))
    width = max(len(d) for d in datasets) + 2
    terminalreporter.section("minimal LRE against certified values")
    terminalreporter.write_line(
        f"{'dataset':<{width}}" + "".join(f"{q:>12}" for q in quantities)
    )
    for dataset in datasets:
        cells = (table.get((dataset, q)) for q in quantities)
        terminalreporter.write_line(
            f"{dataset:<{width}}"
            + "".join(f"{'-':>12}" if c is None else f"{c:>12.1f}" for c in cells)
        )


# --- regression problems for the oracle and property tests -----------------------


@dataclass(frozen=True)
class Problem:
    """A well-conditioned regression problem drawn by :func:`draw_problem`."""

    y: np.ndarray
    X: pd.DataFrame
    weights: np.ndarray | None
    add_intercept: bool
    seed: int

    @property
    def exog(self) -> np.ndarray:
        """The design as statsmodels sees it (intercept first when added)."""
        x = self.X.to_numpy(dtype=np.float64)
        if self.add_intercept:
            return np.column_stack([np.ones(len(x)), x])
        return x

    @property
    def names(self) -> list[str]:
        """Parameter names in ``ols`` order."""
        return (["Intercept"] if self.add_intercept else []) + list(self.X.columns)


def draw_problem(
    data: st.DataObject,
    *,
    weighted: bool | None = None,
    add_intercept: bool | None = None,
    min_rows: int = 10,
    max_rows: int = 60,
    max_regressors: int = 4,
    outcomes: int = 0,
) -> Problem:
    """Draw a well-conditioned problem: shapes from Hypothesis, values from a seed.

    Columns get different units (scales over four decades) and offsets; the noise is
    heteroskedastic so that the HC covariances differ from the classical one. The
    design's column-scaled condition number (with the intercept) stays below 1e3.
    With ``outcomes > 0`` ``y`` is ``n x outcomes``.
    """
    n = data.draw(st.integers(min_rows, max_rows), label="n")
    k = data.draw(st.integers(1, max_regressors), label="k")
    if weighted is None:
        weighted = data.draw(st.booleans(), label="weighted")
    if add_intercept is None:
        add_intercept = data.draw(st.booleans(), label="add_intercept")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)

    units = 10.0 ** rng.uniform(-2, 2, size=k)
    offsets = rng.uniform(-3, 3, size=k) * units
    x = rng.standard_normal((n, k)) * units + offsets
    exog = np.column_stack([np.ones(n), x]) if add_intercept else x
    scaled = exog / np.linalg.norm(exog, axis=0)
    assume(np.linalg.cond(scaled) < 1e3)

    beta = rng.uniform(-2, 2, size=exog.shape[1]) / np.linalg.norm(exog, axis=0)
    signal = exog @ beta * np.sqrt(n)
    spread = 0.5 + np.abs(x[:, 0] - x[:, 0].mean()) / units[0]
    shape = (n, outcomes) if outcomes else (n,)
    noise = rng.standard_normal(shape) * (spread[:, None] if outcomes else spread)
    y_scale = 10.0 ** rng.uniform(-2, 2)
    y = (signal[:, None] + noise if outcomes else signal + noise) * y_scale
    weights = rng.uniform(0.2, 5.0, size=n) if weighted else None
    X = pd.DataFrame(x, columns=[f"x{j + 1}" for j in range(k)])
    return Problem(y=y, X=X, weights=weights, add_intercept=add_intercept, seed=seed)


@pytest.fixture(scope="session")
def problems() -> Callable[..., Problem]:
    """:func:`draw_problem`, for tests that draw with ``st.data()``."""
    return draw_problem
