"""Formulas: one parser (patsy's), one design, a frozen specification kept with a fit.

Every formula is parsed by patsy (:meth:`patsy.ModelDesc.from_formula`), once per
formula text. A formula that is a plain sum of numeric columns, ``y ~ a + b`` (with
or without ``+ 0``/``- 1``), has its design built directly from the columns, which is
exactly what patsy would build at a fraction of the cost; anything else
(transformations, interactions, categorical columns) is built by patsy. Callers
that hold the columns as arrays rather than a DataFrame (the barometer, fitting
every level and period) take the same fast path through :func:`plain_spec` and
:func:`plain_arrays`. Either way
the encoding is kept in a :class:`FormulaSpec`, so new data can be encoded the same
way (:meth:`FormulaSpec.design`, :meth:`~attraktiv.OLSResult.predict`).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import patsy

from ..core.typing import FloatArray
from ..core.validation import check_instance, shown
from ..errors import DataError, InvalidOptionError, ModelError
from ._inputs import INTERCEPT, describe_rows, outcome_values

__all__ = [
    "FormulaArrays",
    "FormulaSpec",
    "design_from_formula",
    "formula_arrays",
    "plain_arrays",
    "plain_spec",
]

#: Names a patsy formula may use besides the data's columns.
_ENVIRONMENT = patsy.EvalEnvironment([{"np": np}])


@dataclass(frozen=True)
class FormulaSpec:
    """How a formula turns a DataFrame into an outcome and a design.

    Kept with every formula fit (:attr:`attraktiv.OLSResult.formula_spec`), so that
    new data is encoded exactly as the data of the fit: the same columns, the same
    category levels, the same transformations.

    Attributes
    ----------
    formula : str
        The formula as given.
    outcome : str
        The outcome's name (the left-hand side).
    terms : tuple of str
        The right-hand side's terms, without the intercept.
    columns : tuple of str
        The design's column names, ``Intercept`` first when there is one.
    intercept : bool
        Whether the design has an intercept.
    design_info : patsy.DesignInfo or None
        patsy's encoding of the right-hand side when patsy built the design; None
        for a plain sum of numeric columns.

    Examples
    --------
    >>> import pandas as pd
    >>> from attraktiv.regression import formula_arrays
    >>> data = pd.DataFrame({"y": [1.0, 2.0, 4.0], "x": [0.0, 1.0, 2.0]})
    >>> spec = formula_arrays("y ~ x", data).spec
    >>> spec.outcome, spec.columns, spec.intercept
    ('y', ('Intercept', 'x'), True)
    >>> spec.design(pd.DataFrame({"x": [5.0]}))
       Intercept    x
    0        1.0  5.0
    """

    formula: str
    outcome: str
    terms: tuple[str, ...]
    columns: tuple[str, ...]
    intercept: bool
    design_info: patsy.DesignInfo | None = field(
        default=None, repr=False, compare=False
    )

    def design(self, data: pd.DataFrame) -> pd.DataFrame:
        """The design of new data, encoded as the data this specification came from.

        Parameters
        ----------
        data : pandas.DataFrame
            Rows to encode, with the columns the right-hand side uses (the outcome
            is not needed).

        Returns
        -------
        pandas.DataFrame
            Columns :attr:`columns`, indexed like ``data``.

        Raises
        ------
        ModelError
            A column the formula uses is missing, or a category the fit did not
            see appears.
        DataError
            ``data`` is not a DataFrame, or a column used has a missing value or
            is not numeric where the fit's was.
        """
        _check_frame(data, self.formula)
        if self.design_info is None:
            names = self.columns[1:] if self.intercept else self.columns
            x = _plain_columns(
                self.formula, data, names, intercept=self.intercept, refuse_other=True
            )
            return pd.DataFrame(x, index=data.index, columns=list(self.columns))
        _check_used_columns(self.formula, data, rhs_only=True)
        try:
            design = patsy.dmatrix(
                self.design_info, data, NA_action="raise", return_type="dataframe"
            )
        except Exception as err:  # patsy raises many kinds from evaluated code
            raise ModelError(
                f"formula {self.formula!r} cannot encode the new data: "
                f"{str(err).splitlines()[0]}"
            ) from None
        return pd.DataFrame(design, index=data.index)


@dataclass(frozen=True)
class FormulaArrays:
    """Outcome and design of a formula as arrays with their names.

    Attributes
    ----------
    outcome : str
        The outcome's name.
    y : ndarray, shape (n,)
    names : tuple of str
        The design's column names.
    x : ndarray, shape (n, p)
        The design, in Fortran order.
    spec : FormulaSpec or None
        The encoding, for new data.
    """

    outcome: str
    y: FloatArray
    names: tuple[str, ...]
    x: FloatArray
    spec: FormulaSpec | None = None


@dataclass(frozen=True)
class _Parsed:
    """What patsy's parser says about a formula, cached per formula text."""

    description: patsy.ModelDesc
    outcome: str
    outcome_is_column: bool
    terms: tuple[str, ...]
    plain: tuple[str, ...] | None  # column names of a plain sum, else None
    intercept: bool


def _is_name(code: str) -> bool:
    return code.isidentifier() and not keyword.iskeyword(code)


@lru_cache(maxsize=512)
def _parse_text(formula: str) -> _Parsed:
    if "~" not in formula:
        raise ModelError(
            f"formula {formula!r} has no '~'; write it as 'outcome ~ regressors'"
        )
    try:
        description = patsy.ModelDesc.from_formula(formula)
    except patsy.PatsyError as err:
        reason = str(err).splitlines()[0]
        where = "" if err.origin is None else f" at position {err.origin.start}"
        raise ModelError(
            f"formula {formula!r} cannot be parsed{where}: {reason}; write it as "
            "'outcome ~ a + b'"
        ) from None
    lhs = description.lhs_termlist
    if len(lhs) != 1 or len(lhs[0].factors) != 1:
        count = "no outcome" if not lhs else f"{len(lhs)} outcome terms"
        raise ModelError(
            f"formula {formula!r} has {count} left of '~'; it needs exactly one "
            "outcome, as in 'outcome ~ a + b'"
        )
    for term in [*lhs, *description.rhs_termlist]:
        for factor in term.factors:
            _check_expression(formula, factor)
    outcome = lhs[0].factors[0].code
    rhs = description.rhs_termlist
    intercept = any(not term.factors for term in rhs)
    terms = tuple(term.name() for term in rhs if term.factors)
    plain: tuple[str, ...] | None = tuple(
        term.factors[0].code for term in rhs if term.factors
    )
    if any(
        len(term.factors) != 1 or not _is_name(term.factors[0].code)
        for term in rhs
        if term.factors
    ):
        plain = None
    return _Parsed(description, outcome, _is_name(outcome), terms, plain, intercept)


def _check_expression(formula: str, factor: Any) -> None:
    """Refuse a term that is not a Python expression (``y ~ x z``), naming it."""
    try:
        compile(factor.code, "<formula>", "eval")
    except SyntaxError:
        origin = getattr(factor, "origin", None)
        where = "" if origin is None else f" at position {origin.start}"
        raise ModelError(
            f"formula {formula!r} cannot be parsed{where}: {factor.code!r} is not a "
            "term; join terms with '+', as in 'outcome ~ a + b'"
        ) from None


def parse_formula(formula: Any) -> _Parsed:
    """Parse a formula (cached), refusing non-text and malformed formulas."""
    if not isinstance(formula, str):
        raise ModelError(
            f"formula={formula!r} is not valid; give text such as 'outcome ~ a + b'"
        )
    return _parse_text(formula)


def _check_frame(data: Any, formula: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise DataError(
            f"formula {formula!r}: data must be a pandas DataFrame, not a "
            f"{type(data).__name__}"
        )


def _missing_column(formula: str, name: str, data: pd.DataFrame) -> ModelError:
    return ModelError(
        f"formula {formula!r} uses column {name!r}, which the data does not have; "
        f"available columns: {', '.join(map(str, data.columns))}"
    )


def _column(formula: str, data: pd.DataFrame, name: str) -> pd.Series:
    """The column ``name`` of ``data``, refusing a missing or duplicated one."""
    if name not in data.columns:
        raise _missing_column(formula, name, data)
    column = data[name]
    if isinstance(column, pd.DataFrame):
        raise DataError(
            f"formula {formula!r}: the data has {column.shape[1]} columns named "
            f"{name!r}; column names must be unique"
        )
    if column.dtype == object and _all_numbers(column):
        # patsy would read such a column as categories, one per distinct number.
        raise DataError(
            f"formula {formula!r}: column {name!r} holds numbers stored as Python "
            "objects (dtype object); convert it with pandas.to_numeric to use it as "
            "a number, or with .astype('category') to use its values as categories"
        )
    return column


def _all_numbers(column: pd.Series) -> bool:
    """Whether every known value of an object column is a real number."""
    values = column.dropna().to_numpy()
    return len(values) > 0 and all(
        isinstance(v, int | float | np.integer | np.floating)
        and not isinstance(v, bool | np.bool_)
        for v in values
    )


def _missing_value(formula: str, name: str, data: pd.DataFrame, bad: Any) -> DataError:
    return DataError(
        f"formula {formula!r}: column {name!r} has a missing value at "
        f"{describe_rows(data.index, np.asarray(bad))}; fill or drop such rows "
        "first (rows are never dropped silently)"
    )


def _plain_columns(
    formula: str,
    data: pd.DataFrame,
    names: tuple[str, ...],
    *,
    intercept: bool,
    refuse_other: bool = False,
) -> FloatArray | None:
    """The design of a plain sum of numeric columns, in the kernel's order.

    The intercept comes first when asked for. None when a column is not plain
    numeric (booleans, text and categories are patsy's to encode), unless
    ``refuse_other``: new data for a plain fit must be numeric as its data was.
    """
    arrays: list[FloatArray] = []
    for name in names:
        column = _column(formula, data, name)
        dtype = column.dtype
        if dtype == np.float64:  # the common case, without the general checks
            values = column.to_numpy()
        elif (
            pd.api.types.is_numeric_dtype(dtype)
            and not pd.api.types.is_bool_dtype(dtype)
            and not pd.api.types.is_complex_dtype(dtype)
        ):
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        elif refuse_other:
            raise DataError(
                f"formula {formula!r}: column {name!r} is not numeric (dtype "
                f"{dtype}), but it was when the formula was fitted"
            )
        elif pd.api.types.is_complex_dtype(dtype):
            raise DataError(
                f"formula {formula!r}: column {name!r} is complex (dtype {dtype}); "
                "give its real part explicitly"
            )
        else:
            return None
        missing = np.isnan(values)
        if missing.any():
            raise _missing_value(formula, name, data, missing)
        arrays.append(values)
    return _plain_design(arrays, len(data), intercept=intercept)


def _plain_design(
    arrays: Sequence[FloatArray], rows: int, *, intercept: bool
) -> FloatArray:
    """The design of a plain sum: the columns side by side, in Fortran order."""
    offset = 1 if intercept else 0
    x = np.empty((rows, len(arrays) + offset), order="F")
    if intercept:
        x[:, 0] = 1.0
    for j, values in enumerate(arrays, start=offset):
        x[:, j] = values
    return x


def _spec_of_plain(
    formula: str, parsed: _Parsed, plain: tuple[str, ...]
) -> FormulaSpec:
    """The specification of a formula whose right-hand side is the sum ``plain``."""
    columns = ((INTERCEPT,) if parsed.intercept else ()) + plain
    return FormulaSpec(formula, parsed.outcome, parsed.terms, columns, parsed.intercept)


def plain_spec(formula: str) -> FormulaSpec | None:
    """The specification of a formula that is a plain sum of columns, or None.

    A plain sum, ``outcome ~ a + b`` (with or without ``+ 0``/``- 1``), names
    columns only, on both sides of ``~``: its design is the columns side by side,
    without patsy. With :func:`plain_arrays` it is :func:`formula_arrays`'s fast
    path for callers that hold the columns as arrays.

    Parameters
    ----------
    formula : str
        A patsy formula.

    Returns
    -------
    FormulaSpec or None
        None for anything patsy must build (transformations, interactions) or an
        outcome that is an expression.

    Raises
    ------
    ModelError
        A formula that is not text or cannot be parsed.

    Examples
    --------
    >>> from attraktiv.regression.formula import plain_spec
    >>> plain_spec("y ~ a + b").columns
    ('Intercept', 'a', 'b')
    >>> plain_spec("y ~ np.log(a)") is None
    True
    """
    parsed = parse_formula(formula)
    if parsed.plain is None or not parsed.outcome_is_column:
        return None
    return _spec_of_plain(formula, parsed, parsed.plain)


def plain_arrays(
    spec: FormulaSpec, columns: Mapping[str, npt.ArrayLike]
) -> FormulaArrays | None:
    """Outcome and design of a plain sum from columns held as arrays, or None.

    The arrays :func:`formula_arrays` gives for a DataFrame of these columns.

    Parameters
    ----------
    spec : FormulaSpec
        From :func:`plain_spec`.
    columns : mapping of str to array_like
        One-dimensional arrays of equal length by column name; the ones the
        formula does not use are ignored.

    Returns
    -------
    FormulaArrays or None
        None when a column the formula uses is missing, is not real numbers, has a
        value that is not finite, or the lengths differ: the caller then takes
        :func:`formula_arrays`, whose errors name the row and the column.

    Raises
    ------
    ModelError
        ``spec`` is not the specification of a plain sum.
    InvalidOptionError
        ``spec`` is not a :class:`FormulaSpec`, or ``columns`` is not a mapping
        (a dict or a DataFrame) of column names to arrays.

    Examples
    --------
    >>> import numpy as np
    >>> from attraktiv.regression.formula import plain_arrays, plain_spec
    >>> spec = plain_spec("y ~ x")
    >>> columns = {"y": np.array([1.0, 2.0]), "x": np.array([0.0, 5.0])}
    >>> plain_arrays(spec, columns).x.tolist()
    [[1.0, 0.0], [1.0, 5.0]]
    >>> plain_arrays(spec, {**columns, "x": np.array([0.0, np.nan])}) is None
    True
    """
    check_instance("spec", spec, FormulaSpec, "from plain_spec or formula_arrays")
    if not isinstance(columns, Mapping | pd.DataFrame):
        raise InvalidOptionError(
            f"columns={shown(columns)} is not valid; give a dict (or a DataFrame) "
            "of column names to one-dimensional arrays"
        )
    if spec.design_info is not None:
        raise ModelError(
            f"formula {spec.formula!r} is not a plain sum of columns; build its "
            "arrays with formula_arrays"
        )
    names = spec.columns[1:] if spec.intercept else spec.columns
    values: list[FloatArray] = []
    for name in (spec.outcome, *names):
        if name not in columns:
            return None
        array = np.asarray(columns[name])
        if array.ndim != 1 or array.dtype.kind not in "iuf":
            return None
        array = array.astype(np.float64, copy=False)
        if values and array.shape != values[0].shape:
            return None
        if not np.isfinite(array).all():
            return None
        values.append(array)
    y, *x = values
    design = _plain_design(x, len(y), intercept=spec.intercept)
    return FormulaArrays(spec.outcome, y, spec.columns, design, spec)


def _used_names(formula: str, rhs_only: bool) -> list[str]:
    """Identifier-like tokens of a formula (or of its right-hand side), in order."""
    text = formula.split("~", 1)[1] if rhs_only else formula
    return list(dict.fromkeys(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)))


def _check_used_columns(formula: str, data: pd.DataFrame, *, rhs_only: bool) -> None:
    """Refuse duplicated or incomplete columns a formula evaluated by patsy uses.

    Done before patsy evaluates anything: a missing value inside a transformation
    (``np.log`` of an integer column holding ``pd.NA``) would otherwise surface as
    an unrelated error from the evaluated code.
    """
    for name in _used_names(formula, rhs_only):
        if name in data.columns:
            column = _column(formula, data, name)
            missing = column.isna().to_numpy()
            if missing.any():
                raise _missing_value(formula, name, data, missing)


def _patsy_error(formula: str, data: pd.DataFrame, err: Exception) -> ModelError:
    for name in _used_names(formula, rhs_only=False):
        if name not in data.columns and name not in _ENVIRONMENT_NAMES:
            return _missing_column(formula, name, data)
    return ModelError(f"formula {formula!r} cannot be used: {str(err).splitlines()[0]}")


_ENVIRONMENT_NAMES = frozenset(
    {"np", "C", "I", "Q", "center", "standardize", "scale", "Treatment", "Sum"}
    | {"Poly", "Diff", "Helmert", "bs", "cr", "cc", "te", "log"}
)


def _patsy_outcome(formula: str, parsed: _Parsed, data: pd.DataFrame) -> FloatArray:
    """The outcome of a left-hand side that is an expression (``np.log(y)``)."""
    outcome_desc = patsy.ModelDesc([], parsed.description.lhs_termlist)
    try:
        matrix = patsy.dmatrix(
            outcome_desc,
            data,
            NA_action="raise",
            return_type="dataframe",
            eval_env=_ENVIRONMENT,
        )
    except Exception as err:  # patsy raises many kinds from evaluated code
        raise _patsy_error(formula, data, err) from None
    if matrix.shape[1] != 1:
        raise DataError(
            f"formula {formula!r}: outcome {parsed.outcome!r} is not numeric (it "
            f"encodes as {matrix.shape[1]} columns); an outcome must be numbers "
            "(booleans are read as 0/1)"
        )
    return np.asarray(matrix.iloc[:, 0].to_numpy(dtype=np.float64), dtype=np.float64)


def formula_arrays(formula: str, data: pd.DataFrame) -> FormulaArrays:
    """Outcome and design of a formula as arrays, for callers that fit many times.

    Parameters
    ----------
    formula : str
        A patsy formula, ``"outcome ~ a + b"``.
    data : pandas.DataFrame
        The columns it refers to (unique names).

    Returns
    -------
    FormulaArrays
        ``y`` has shape (n,), ``x`` (n, p), in the order of ``data``'s rows, with
        the :class:`FormulaSpec` that encodes new data the same way.

    Raises
    ------
    ModelError
        A formula that is not text, cannot be parsed (its position is named), has
        not exactly one outcome, or uses a column the data lacks.
    DataError
        ``data`` is not a DataFrame; a column used has a missing value, appears
        twice, or the outcome is not numeric (booleans are read as 0/1).

    Examples
    --------
    >>> import pandas as pd
    >>> from attraktiv.regression import formula_arrays
    >>> data = pd.DataFrame({"y": [1.0, 2.0, 4.0], "x": [0.0, 1.0, 2.0]})
    >>> arrays = formula_arrays("y ~ x", data)
    >>> arrays.names, arrays.x.tolist()
    (('Intercept', 'x'), [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    """
    parsed = parse_formula(formula)
    _check_frame(data, formula)
    if parsed.outcome_is_column:
        y = outcome_values(
            _column(formula, data, parsed.outcome), parsed.outcome, formula
        )
        missing = np.isnan(y)
        if missing.any():
            raise _missing_value(formula, parsed.outcome, data, missing)
    else:
        _check_used_columns(formula, data, rhs_only=False)
        y = _patsy_outcome(formula, parsed, data)
    if parsed.plain is not None:
        x = _plain_columns(formula, data, parsed.plain, intercept=parsed.intercept)
        if x is not None:
            spec = _spec_of_plain(formula, parsed, parsed.plain)
            return FormulaArrays(parsed.outcome, y, spec.columns, x, spec)
    _check_used_columns(formula, data, rhs_only=True)
    design_desc = patsy.ModelDesc([], parsed.description.rhs_termlist)
    try:
        design = patsy.dmatrix(
            design_desc,
            data,
            NA_action="raise",
            return_type="dataframe",
            eval_env=_ENVIRONMENT,
        )
    except Exception as err:  # patsy raises many kinds from evaluated code
        raise _patsy_error(formula, data, err) from None
    columns = tuple(str(c) for c in design.columns)
    spec = FormulaSpec(
        formula,
        parsed.outcome,
        parsed.terms,
        columns,
        parsed.intercept,
        design.design_info,
    )
    x = np.asfortranarray(design.to_numpy(dtype=np.float64))
    return FormulaArrays(parsed.outcome, y, columns, x, spec)


def design_from_formula(
    formula: str, data: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Outcome and design matrices of a patsy formula, with clear errors.

    Parameters
    ----------
    formula : str
        A patsy formula such as ``"net_migration ~ job_growth"``.
    data : pandas.DataFrame
        The columns the formula refers to.

    Returns
    -------
    (outcome, design) : tuple of pandas.DataFrame
        The outcome column and the design (with an ``Intercept`` column unless the
        formula removes it), indexed like ``data``.

    Raises
    ------
    ModelError, DataError
        As :func:`formula_arrays`.

    Examples
    --------
    >>> import pandas as pd
    >>> from attraktiv.regression import design_from_formula
    >>> data = pd.DataFrame({"y": [1.0, 2.0, 4.0], "x": [0.0, 1.0, 2.0]})
    >>> outcome, design = design_from_formula("y ~ x", data)
    >>> list(design.columns)
    ['Intercept', 'x']
    """
    arrays = formula_arrays(formula, data)
    outcome = pd.DataFrame({arrays.outcome: arrays.y}, index=data.index)
    design = pd.DataFrame(arrays.x, index=data.index, columns=list(arrays.names))
    return outcome, design
