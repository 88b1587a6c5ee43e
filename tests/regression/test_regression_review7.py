"""Review of the seventh session's single-fit speed work (issue 24).

The work used float64 arrays as they are, kept the design's checked column names
per set of names, let pandas make the default row index of unlabelled results,
skipped layers for unscaled coefficients and standard errors, called BLAS and
LAPACK more directly, and wrote streamed residuals a whole row at a time. Its
claims are tried here: what a result hands out is new and independent of the
result and of the caller's arrays; the kept names cannot leak from one fit into
another nor keep unbounded memory; every layout and dtype of the same values
gives the same numbers and the same refusals as a plain array; and streamed
residuals of many thousand outcomes are ``Y - X B`` and still refuse after an
in-place change.
"""

from __future__ import annotations

import gc
import warnings
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import attraktiv
from attraktiv.errors import DataError, ModelError, RankDeficientError
from attraktiv.regression import OLSResult, _kernel, fit_arrays

N = 30
RNG = np.random.default_rng(2024)
X0 = RNG.normal(size=(N, 2))
Y0 = X0 @ np.array([1.0, -2.0]) + RNG.normal(size=N)
W0 = RNG.uniform(0.5, 2.0, size=N)
UNITS = pd.Index([f"u{i}" for i in range(N)], name="unit")


# --- independence of what a result hands out ------------------------------------
FITS: dict[str, Callable[[], OLSResult]] = {
    "ols": lambda: attraktiv.ols(Y0, X0),
    "ols, weighted": lambda: attraktiv.ols(Y0, X0, weights=W0),
    "ols, no intercept, HC3": lambda: attraktiv.ols(
        Y0, X0, add_intercept=False, cov_type="HC3"
    ),
    "ols, columns rescaled": lambda: attraktiv.ols(
        Y0, X0 * np.array([2.0**300, 2.0**-300])
    ),
    "ols, outcome rescaled": lambda: attraktiv.ols(Y0 * 2.0**300, X0),
    "ols, outcome rescaled down, weighted": lambda: attraktiv.ols(
        Y0 * 2.0**-300, X0, weights=W0
    ),
    "ols, pandas with labels": lambda: attraktiv.ols(
        pd.Series(Y0, index=UNITS, name="v"),
        pd.DataFrame(X0, index=UNITS, columns=["a", "b"]),
    ),
    "ols, pandas without labels": lambda: attraktiv.ols(
        pd.Series(Y0), pd.DataFrame(X0)
    ),
    "ols_many column": lambda: attraktiv.ols_many(
        np.column_stack([Y0, -Y0]), X0
    ).column(1),
    "ols_many column, pandas": lambda: attraktiv.ols_many(
        pd.DataFrame({"p": Y0, "q": -Y0}, index=UNITS), pd.DataFrame(X0, index=UNITS)
    ).column("q"),
    "fit_arrays column": lambda: fit_arrays(
        Y0[:, None],
        np.column_stack([np.ones(N), X0]),
        names=["Intercept", "a", "b"],
        outcomes=["y"],
        row_labels=pd.RangeIndex(N),
    ).column(0),
    "formula": lambda: attraktiv.ols_formula(
        "v ~ a + b", pd.DataFrame({"v": Y0, "a": X0[:, 0], "b": X0[:, 1]}, UNITS)
    ),
    "formula, weighted": lambda: attraktiv.ols_formula(
        "v ~ a + b",
        pd.DataFrame({"v": Y0, "a": X0[:, 0], "b": X0[:, 1], "w": W0}),
        weights="w",
    ),
}

SERIES = ("params", "std_errors", "tvalues", "pvalues", "resid", "fitted")


def _state(result: OLSResult) -> dict[str, Any]:
    """Everything a result hands out, as bits and names."""
    state: dict[str, Any] = {}
    for name in SERIES:
        series = getattr(result, name)
        state[name] = (
            series.to_numpy().tobytes(),
            series.index.tolist(),
            series.index.name,
            series.name,
        )
    for name in ("to_frame", "conf_int"):
        frame = getattr(result, name)()
        state[name] = (frame.to_numpy().tobytes(), frame.index.name)
    state["cov_params"] = result.cov_params.to_numpy().tobytes()
    labels = result.row_labels
    state["row_labels"] = (labels.tolist(), labels.name)
    for name in ("ssr", "sigma", "rsquared", "rsquared_adj", "condition_number"):
        state[name] = repr(getattr(result, name))
    return state


def _write_through(series: pd.Series) -> None:
    """Every way pandas offers to change a Series or its labels."""
    series.iloc[0] = 12345.0
    series.iloc[1:3] = -1.0
    series.index.name = "changed"
    series.name = "changed"
    series.index.rename("renamed", inplace=True)
    for values in (series.to_numpy(), series.values):
        if values.flags.writeable:  # copy-on-write hands out read-only views
            values[...] = 777.0


@pytest.mark.parametrize("fit", sorted(FITS))
def test_changing_what_a_result_hands_out_changes_nothing(fit: str) -> None:
    result = FITS[fit]()
    before = _state(result)
    for name in SERIES:
        series = getattr(result, name)
        _write_through(series)
        assert series.iloc[0] == 12345.0  # the caller's copy did change
    result.row_labels.rename("renamed", inplace=True)
    for frame in (result.to_frame(), result.conf_int()):
        frame.iloc[0, 0] = 99.0
        frame.index.name = "changed"
    result.cov_params.index.name = "changed"
    assert _state(result) == before
    assert _state(FITS[fit]()) == before  # and a new fit is the same


def test_unlabelled_rows_get_a_new_default_index_on_every_read() -> None:
    result = attraktiv.ols(Y0, X0)
    first, second = result.resid, result.fitted
    assert first.index is not second.index
    assert first.index.equals(pd.RangeIndex(N))
    first.index.name = "changed"
    assert result.resid.index.name is None
    assert result.row_labels.name is None


LATER_FITS: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], OLSResult]] = {
    "ols": lambda y, x, w: attraktiv.ols(y, x),
    "ols, no intercept": lambda y, x, w: attraktiv.ols(y, x, add_intercept=False),
    "ols, weighted": lambda y, x, w: attraktiv.ols(y, x, weights=w),
    "ols, weighted, no intercept, HC2": lambda y, x, w: attraktiv.ols(
        y, x, weights=w, add_intercept=False, cov_type="HC2"
    ),
    "ols, outcome rescaled": lambda y, x, w: attraktiv.ols(y * 2.0**300, x),
    "ols_many column of a view": lambda y, x, w: attraktiv.ols_many(
        y[:, None], x, add_intercept=False
    ).column(0),
    "fit_arrays": lambda y, x, w: fit_arrays(
        y[:, None],
        x,
        names=["a", "b"],
        outcomes=["y"],
        row_labels=pd.RangeIndex(N),
        weights=w,
    ).column(0),
    "pandas sharing the arrays": lambda y, x, w: attraktiv.ols(
        pd.Series(y, copy=False), pd.DataFrame(x, copy=False), add_intercept=False
    ),
}


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("fit", sorted(LATER_FITS))
def test_the_callers_arrays_stay_theirs(fit: str, order: str) -> None:
    """The fit leaves float64 input untouched, and later changes to it reach nothing.

    Nothing of the result is read before the caller's arrays are overwritten,
    so statistics computed on first use (R², standardized coefficients) must
    not read them either.
    """
    make = LATER_FITS[fit]
    y, x, w = Y0.copy(), np.array(X0, order=order), W0.copy()  # type: ignore[call-overload]
    expected = make(y.copy(), x.copy(), w.copy())
    result = make(y, x, w)
    assert np.array_equal(y, Y0)
    assert np.array_equal(x, X0)
    assert np.array_equal(w, W0)
    y[...], x[...], w[...] = 5.0, 1.0, 3.0
    state = _state(result)
    assert state == _state(expected)
    if result.has_constant:
        pd.testing.assert_frame_equal(result.standardized(), expected.standardized())
    assert str(result.summary()) == str(expected.summary())


# --- the kept column names ------------------------------------------------------
def _two_column_fit(names: Any) -> OLSResult:
    design = np.column_stack([np.ones(N), X0[:, 0]])
    return fit_arrays(
        Y0[:, None], design, names=names, outcomes=["y"], row_labels=pd.RangeIndex(N)
    ).column(0)


@pytest.mark.parametrize("numpy_first", [True, False])
def test_names_equal_as_text_give_the_same_names_whichever_came_first(
    numpy_first: bool,
) -> None:
    """``np.str_`` names compare equal to ``str`` ones; the kept names must not leak.

    The names are unique to this test, so that no other test kept them before.
    """
    slope = f"review7 slope {numpy_first}"
    as_text = ["Intercept", slope]
    as_numpy = np.array(as_text)
    order = [as_numpy, as_text] if numpy_first else [as_text, as_numpy]
    for names in order:
        result = _two_column_fit(names)
        assert [type(name) for name in result.param_names] == [str, str]
        assert repr(result.param_names) == repr(("Intercept", slope))
        assert result.params.index.tolist() == ["Intercept", slope]


def test_refusals_name_columns_the_same_whichever_names_came_first() -> None:
    zero = f"review7 zero {id(object())}"
    design = np.column_stack([np.ones(N), np.zeros(N)])
    expected = f"column {zero!r} is all zeros"
    for names in (np.array(["Intercept", zero]), ["Intercept", zero]) * 2:
        with pytest.raises(DataError) as caught:
            fit_arrays(
                Y0[:, None],
                design,
                names=names,
                outcomes=["y"],
                row_labels=pd.RangeIndex(N),
            )
        assert str(caught.value) == expected


def test_bad_names_are_refused_every_time() -> None:
    for _ in range(3):
        with pytest.raises(DataError, match="'a' appears twice"):
            attraktiv.ols(Y0, X0, names=["a", "a"])
        with pytest.raises(DataError, match="'a' appears twice"):
            attraktiv.ols(Y0, X0, names=np.array(["a", "a"]))
    # the same names are kept without an intercept, and refused with one
    named = attraktiv.ols(Y0, X0, names=("Intercept", "b"), add_intercept=False)
    assert named.param_names == ("Intercept", "b")
    for _ in range(2):
        with pytest.raises(DataError, match="X has a column named 'Intercept'"):
            attraktiv.ols(Y0, X0, names=("Intercept", "b"))
    # a tuple and a list of the same names fit the same
    assert attraktiv.ols(Y0, X0, names=("p", "q")).param_names == (
        "Intercept",
        "p",
        "q",
    )
    assert attraktiv.ols(Y0, X0, names=["p", "q"]).param_names == (
        "Intercept",
        "p",
        "q",
    )
    assert attraktiv.ols(Y0, X0, names=[1, 2]).param_names == ("Intercept", "1", "2")


class _Name(str):
    """A name that can be watched: str itself takes no weak references."""

    __slots__ = ("__weakref__",)


def test_names_of_a_wide_design_are_not_kept() -> None:
    """Kept names would hold every wide design's names long after its fit.

    A design of 300 columns, fitted on 301 rows.
    """
    p = 300
    names = [_Name(f"review7 wide {j}") for j in range(p)]
    watched = [weakref.ref(name) for name in names[::50]]
    design = np.random.default_rng(1).normal(size=(p + 1, p))
    y = np.random.default_rng(2).normal(size=(p + 1, 1))
    result = fit_arrays(
        y, design, names=names, outcomes=["y"], row_labels=pd.RangeIndex(p + 1)
    )
    assert result.param_names == tuple(f"review7 wide {j}" for j in range(p))
    del names, result
    gc.collect()
    assert all(ref() is None for ref in watched)


def test_refused_wide_designs_keep_nothing_either() -> None:
    """Too few rows is refused after the names are checked; they are not kept."""
    names = [_Name(f"review7 refused {j}") for j in range(200)]
    watched = weakref.ref(names[7])
    with pytest.raises(ModelError, match="3 observations are too few for 200"):
        fit_arrays(
            np.ones((3, 1)),
            np.ones((3, 200)),
            names=names,
            outcomes=["y"],
            row_labels=pd.RangeIndex(3),
        )
    del names
    gc.collect()
    assert watched() is None


def test_parameter_index_of_a_wide_design_is_not_kept() -> None:
    """Parameter indexes are kept for designs of a few columns, not of 100."""
    from attraktiv.regression import _statistics

    kept = _statistics._shared_parameter_index
    design = np.random.default_rng(3).normal(size=(150, 100))
    y = np.random.default_rng(4).normal(size=150)
    before = kept.cache_info()
    result = attraktiv.ols(y, design)
    tables = (result.params, result.std_errors, result.to_frame(), result.cov_params)
    after = kept.cache_info()
    assert after.hits + after.misses == before.hits + before.misses
    assert all(len(table.index) == 101 for table in tables)
    assert tables[0].index[1] == "x0"
    # a design of a few columns still looks its index up
    attraktiv.ols(y, design[:, :2]).params  # noqa: B018
    assert kept.cache_info().hits + kept.cache_info().misses > after.hits + after.misses


# --- layouts and dtypes of the same values --------------------------------------
def _unaligned(values: np.ndarray) -> np.ndarray:
    buffer = np.zeros(values.nbytes + 1, dtype=np.uint8)
    array = np.ndarray(values.shape, dtype=np.float64, buffer=buffer, offset=1)
    array[...] = values
    assert not array.flags.aligned
    return array


def _read_only(values: np.ndarray) -> np.ndarray:
    array = values.copy()
    array.setflags(write=False)
    return array


def _matrix(values: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():  # NumPy discourages the subclass
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return np.matrix(values if values.ndim == 2 else values[:, None])


def _memmap(values: np.ndarray, path: Path) -> np.ndarray:
    array = np.memmap(path, dtype=np.float64, mode="w+", shape=values.shape)
    array[...] = values
    return array


VARIANTS: dict[str, Callable[[np.ndarray, Path], Any]] = {
    "Fortran order": lambda v, path: np.asfortranarray(v),
    "big-endian": lambda v, path: v.astype(">f8"),
    "float64 with metadata": lambda v, path: v.astype(
        np.dtype(np.float64, metadata={"unit": "kr"})
    ),
    "read-only": lambda v, path: _read_only(v),
    "unaligned": lambda v, path: _unaligned(v),
    "masked array": lambda v, path: np.ma.masked_array(v, mask=np.zeros(v.shape)),
    "memmap": _memmap,
    "every other row of a larger array": lambda v, path: np.repeat(v, 2, axis=0)[::2],
    "reversed twice": lambda v, path: v[::-1].copy()[::-1],
    "np.matrix": lambda v, path: _matrix(v),
}


def _outcome(result: OLSResult) -> dict[str, Any]:
    return {key: value for key, value in _state(result).items() if key != "row_labels"}


def _attempt(fit: Callable[[], OLSResult]) -> tuple[str, Any]:
    try:
        return "fitted", _outcome(fit())
    except (DataError, ModelError) as error:
        return type(error).__name__, str(error)


def _with_column(column: int, values: Any) -> np.ndarray:
    x = X0.copy()
    x[:, column] = values
    return x


def _with_value(column: int, row: int, value: float) -> np.ndarray:
    x = X0.copy()
    x[row, column] = value
    return x


#: Designs fitted and designs refused (each with its message).
DESIGNS: dict[str, np.ndarray] = {
    "plain": X0,
    "a column near 2**300": X0 * np.array([2.0**300, 1.0]),
    "a column near 2**-300": X0 * np.array([1.0, 2.0**-300]),
    "a missing value": _with_value(1, 5, np.nan),
    "an infinite value": _with_value(0, 7, -np.inf),
    "a constant column": _with_column(1, -2.25),
    "a zero column": _with_column(1, 0.0),
    "a column of zeros of both signs": _with_column(
        1, np.where(np.arange(N) % 2 == 0, 0.0, -0.0)
    ),
    "a column constant up to rounding": _with_column(1, 1.0 + np.arange(N) * 1e-15),
}


@pytest.mark.parametrize("add_intercept", [True, False])
@pytest.mark.parametrize("design", sorted(DESIGNS))
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_layout_of_a_design_fits_and_is_refused_as_a_plain_array(
    variant: str, design: str, add_intercept: bool, tmp_path: Path
) -> None:
    values = DESIGNS[design]
    given = VARIANTS[variant](values, tmp_path / "x.dat")
    expected = _attempt(lambda: attraktiv.ols(Y0, values, add_intercept=add_intercept))
    got = _attempt(lambda: attraktiv.ols(Y0, given, add_intercept=add_intercept))
    assert got == expected
    if design == "plain":
        assert expected[0] == "fitted"
        assert np.array_equal(np.asarray(given), values)  # the caller's, untouched


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("scale", [1.0, 2.0**300, 2.0**-300])
def test_every_layout_of_an_outcome_fits_as_a_plain_array(
    variant: str, scale: float, tmp_path: Path
) -> None:
    y = Y0 * scale
    given = VARIANTS[variant](y, tmp_path / "y.dat")
    for weights in (None, W0):
        expected = _outcome(attraktiv.ols(y, X0, weights=weights))
        assert _outcome(attraktiv.ols(given, X0, weights=weights)) == expected
    missing = y.copy()
    missing[4] = np.nan
    with pytest.raises(DataError) as caught:
        attraktiv.ols(VARIANTS[variant](missing, tmp_path / "missing.dat"), X0)
    assert str(caught.value) == "y has a missing or infinite value at row 4"


@pytest.mark.parametrize("variant", sorted(set(VARIANTS) - {"np.matrix"}))
def test_every_layout_of_the_weights_fits_as_a_plain_array(
    variant: str, tmp_path: Path
) -> None:
    expected = _outcome(attraktiv.ols(Y0, X0, weights=W0))
    given = VARIANTS[variant](W0, tmp_path / "w.dat")
    assert _outcome(attraktiv.ols(Y0, X0, weights=given)) == expected


def test_a_design_of_every_layout_is_checked_for_collinearity_alike() -> None:
    collinear = np.column_stack([X0, 2.0 * X0[:, 0]])
    for given in (collinear, np.asfortranarray(collinear), collinear.astype(">f8")):
        with pytest.raises(RankDeficientError, match="columns 'x0', 'x2'"):
            attraktiv.ols(Y0, given)


# --- residuals of many thousand outcomes, recomputed ----------------------------
@pytest.fixture
def _streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fit of many outcomes streams (at the real panel width of 8,192)."""
    monkeypatch.setattr(_kernel, "_KEPT_RESIDUALS", 0)
    monkeypatch.setattr(_kernel, "EXTENDED_LIMIT", 0)


ROWS = 21  # two tiles of 8 rows and a partial one


def _outcomes(seed: int, rows: int, columns: int) -> np.ndarray:
    return 10.0 * np.random.default_rng(seed).normal(size=(rows, columns))


LAYOUTS: dict[str, Callable[[int], np.ndarray]] = {
    "C": lambda k: _outcomes(1, ROWS, k),
    "F": lambda k: np.asfortranarray(_outcomes(2, ROWS, k)),
    "every other column of C": lambda k: _outcomes(3, ROWS, 2 * k)[:, ::2],
    "every other column of F": lambda k: np.asfortranarray(_outcomes(4, ROWS, 2 * k))[
        :, ::2
    ],
    "every other row": lambda k: _outcomes(5, 2 * ROWS, k)[::2],
    "rows reversed": lambda k: _outcomes(6, ROWS, k)[::-1],
    "columns reversed": lambda k: _outcomes(7, ROWS, k)[:, ::-1],
    "rows of F reversed": lambda k: np.asfortranarray(_outcomes(8, ROWS, k))[::-1],
    "transposed": lambda k: _outcomes(9, k, ROWS).T,
    "a window of C": lambda k: _outcomes(10, ROWS + 4, k + 10)[2:-2, 3:-7],
    "a window of F": lambda k: np.asfortranarray(_outcomes(11, ROWS + 4, k + 10))[
        2:-2, 3:-7
    ],
    "strided and reversed": lambda k: np.asfortranarray(_outcomes(12, 2 * ROWS, 2 * k))[
        ::2, ::-2
    ],
}


@pytest.mark.usefixtures("_streamed")
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("k", [8_191, 8_193, 16_385, 20_000])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_streamed_residuals_are_y_minus_x_b_and_refuse_after_a_change(
    layout: str, k: int, weighted: bool
) -> None:
    """Residuals recomputed by rows of full width, checksums panel by panel.

    8,191 outcomes fill one panel but one column; 8,193 and 16,385 leave a panel
    of one column; 20,000 a partial panel. The bound is a few units in the last
    place of the terms of ``y - X b``.
    """
    y = LAYOUTS[layout](k)
    x = X0[:ROWS]
    weights = np.linspace(0.5, 2.0, ROWS) if weighted else None
    fits = attraktiv.ols_many(y, x, weights=weights)
    assert fits._fit._resid is None  # recomputed on each read
    design = np.column_stack([np.ones(ROWS), x])
    b = fits.params.to_numpy()
    resid = fits.resid.to_numpy()
    terms = np.abs(y) + np.abs(design) @ np.abs(b)
    assert np.all(np.abs(resid - (y - design @ b)) <= 8 * np.finfo(float).eps * terms)
    for j in (0, 8_190, k - 1):
        np.testing.assert_allclose(
            fits.column(j).resid.to_numpy(), resid[:, j], rtol=0, atol=1e-12
        )
    # a change of one value by its last bit, in the last tile and the last panel
    last = k - 1
    y[ROWS - 1, last] = np.nextafter(y[ROWS - 1, last], np.inf)
    with pytest.raises(DataError, match=f"outcome 'y{last}' were changed"):
        fits.resid  # noqa: B018
    with pytest.raises(DataError, match=f"outcome 'y{last}' were changed"):
        fits.column(last).resid  # noqa: B018
    np.testing.assert_allclose(
        fits.column(0).resid.to_numpy(), resid[:, 0], rtol=0, atol=1e-12
    )
