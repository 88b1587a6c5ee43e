"""A fit's result is built by filling its dictionary: it must be the constructor's."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv import OLSResult
from attraktiv.core.frozen import kept_name


def _fields(result: OLSResult) -> dict[str, object]:
    """Every field as the result keeps it (the labels without a copy)."""
    kept = vars(result)
    return {
        field.name: kept[
            kept_name(field.name) if field.name == "row_labels" else field.name
        ]
        for field in dataclasses.fields(OLSResult)
    }


def _fits() -> list[OLSResult]:
    rng = np.random.default_rng(24)
    x = rng.normal(size=(30, 2))
    y = 1.0 + x @ [0.5, -2.0] + rng.normal(size=30)
    weights = rng.uniform(0.5, 2.0, size=30)
    data = pd.DataFrame(
        {"y": y, "a": x[:, 0], "b": x[:, 1]}, index=[f"u{i}" for i in range(30)]
    )
    return [
        attraktiv.ols(y, x),
        attraktiv.ols(y, x, weights=weights, cov_type="HC3"),
        attraktiv.ols(y * 2.0**600, x * 2.0**-300),  # rescaled: __post_init__ checks
        attraktiv.ols_formula("y ~ a + b", data),
    ]


@pytest.mark.parametrize("position", range(4))
def test_a_fit_is_the_object_its_constructor_builds(position: int) -> None:
    fit = _fits()[position]
    fields = _fields(fit)
    built = OLSResult(**fields)  # type: ignore[arg-type]
    # The same dictionary, value for value: the fields themselves, and what
    # __post_init__ computed (the standard errors of a rescaled fit) equal.
    assert vars(built).keys() == vars(fit).keys()
    for key, value in vars(fit).items():
        if key in fields or key == kept_name("row_labels"):
            assert vars(built)[key] is value, key
        else:
            np.testing.assert_array_equal(vars(built)[key], value)
    assert ("_se_fitted" in vars(fit)) == (position == 2)
    assert built == fit
    assert dataclasses.replace(fit) == fit
    assert pickle.loads(pickle.dumps(fit)).params.equals(fit.params)
    np.testing.assert_array_equal(built.std_errors, fit.std_errors)
    assert fit.row_labels is not fit.row_labels  # still handed out as copies
    assert fields["formula_spec"] is (None if position < 3 else fit.formula_spec)


def test_a_fit_stays_frozen() -> None:
    fit = _fits()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.nobs = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.row_labels = pd.RangeIndex(30)  # type: ignore[misc]


def test_an_overflowing_coefficient_is_refused_as_before() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=20)
    y = 1e300 * (x + rng.normal(size=20))
    with pytest.raises(attraktiv.errors.DataError, match="beyond the largest"):
        attraktiv.ols(y, 1e-300 * x)
