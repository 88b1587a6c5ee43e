"""Formulas: the direct path for plain column sums builds exactly patsy's design."""

from __future__ import annotations

import numpy as np
import pandas as pd
import patsy
import pytest

from attraktiv.regression import design_from_formula
from attraktiv.regression import formula_arrays


@pytest.fixture
def data() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "y": rng.normal(size=9),
            "a": rng.normal(size=9),
            "b": rng.integers(0, 5, 9),
            "c": rng.normal(size=9),
            "flag": rng.integers(0, 2, 9) == 1,
            "label": list("xyzxyzxyz"),
        },
        index=pd.Index([f"u{i}" for i in range(9)], name="code"),
    )


@pytest.mark.parametrize(
    "formula",
    [
        "y ~ a",
        "y~a+b",
        "y ~ a + b - 1",
        "y ~ 0 + a",
        "y ~ a + 1 + c",
        "y ~ 1",
        "y ~ c + a + b",
        "y ~ a + a",
        "y ~ a - 0",
        "y ~ -1 + a + 1",
    ],
)
def test_direct_design_equals_patsy(data: pd.DataFrame, formula: str) -> None:
    spec = formula_arrays(formula, data).spec
    assert spec is not None and spec.design_info is None  # built without patsy
    direct = design_from_formula(formula, data)
    outcome, design = patsy.dmatrices(formula, data, return_type="dataframe")
    pd.testing.assert_frame_equal(direct[0], outcome, check_names=False)
    pd.testing.assert_frame_equal(direct[1], design, check_names=False)
    assert direct[1].index.equals(data.index)
    arrays = formula_arrays(formula, data)
    np.testing.assert_array_equal(arrays.x, design.to_numpy())
    assert arrays.names == tuple(design.columns)


@pytest.mark.parametrize(
    "formula",
    ["y ~ np.log(c**2)", "y ~ a:c", "y ~ a * c", "y ~ flag", "y ~ label"],
)
def test_everything_else_goes_to_patsy(data: pd.DataFrame, formula: str) -> None:
    spec = formula_arrays(formula, data).spec
    assert spec is not None and spec.design_info is not None  # built by patsy
    _outcome, design = design_from_formula(formula, data)
    expected = patsy.dmatrices(formula, data, return_type="dataframe")
    pd.testing.assert_frame_equal(design, expected[1])
    arrays = formula_arrays(formula, data)
    np.testing.assert_array_equal(arrays.x, expected[1].to_numpy())
