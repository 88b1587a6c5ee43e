"""Reading JSON-stat 2.0 datasets, the answer of Statistics Norway's StatBank API."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from ..errors import DataError
from ._borders import drop_nonexistent, to_borders

__all__ = ["read_jsonstat"]

JsonStatSource = str | os.PathLike[str] | bytes | Mapping[str, Any]

#: Dimension ids SSB (and, after it, Eurostat) use for region and time when a
#: dataset has no ``role``.
_GEO_IDS: Final = ("Region", "geo")
_TIME_IDS: Final = ("Tid", "time")
# SSB prefixes region codes in its API with K- (municipality) or F- (county).
_GEO_PREFIX: Final = re.compile(r"^[KF]-")
_EXPECTED: Final = (
    "expected a JSON-stat 2.0 dataset: an object with class 'dataset', version "
    "'2.0', and id, size, dimension and value"
)


def _load(source: JsonStatSource) -> tuple[Any, str]:
    if isinstance(source, Mapping):
        return source, "the dataset"
    if isinstance(source, bytes):
        text, where = source.decode("utf-8-sig", errors="replace"), "the input"
    elif isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        text, where = source, "the input"
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise DataError(f"no JSON-stat file at {str(path)!r}")
        text, where = path.read_text(encoding="utf-8-sig"), repr(str(path))
    else:
        raise DataError(
            "read_jsonstat reads a path, JSON text, bytes or a parsed dict; got "
            f"{type(source).__name__}"
        )
    try:
        return json.loads(text), where
    except json.JSONDecodeError as err:
        raise DataError(
            f"{where} is not JSON (line {err.lineno}, column {err.colno}: "
            f"{err.msg}); {_EXPECTED}"
        ) from None


def _require(condition: bool, where: str, what: str) -> None:
    if not condition:
        raise DataError(f"{where} is not a JSON-stat 2.0 dataset: {what}; {_EXPECTED}")


def _categories(
    dimension: Any, name: str, size: int, where: str
) -> tuple[list[str], list[str]]:
    """Codes in index order and their labels."""
    _require(
        isinstance(dimension, Mapping), where, f"dimension {name!r} is not an object"
    )
    category = dimension.get("category")
    _require(
        isinstance(category, Mapping), where, f"dimension {name!r} has no category"
    )
    index = category.get("index")
    labels = category.get("label", {})
    _require(
        isinstance(labels, Mapping), where, f"labels of {name!r} are not an object"
    )
    if index is None:
        _require(
            len(labels) == 1 == size,
            where,
            f"dimension {name!r} has no category index",
        )
        codes = [str(next(iter(labels)))]
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, Mapping):
        positions = sorted(index.items(), key=lambda item: item[1])
        codes = [str(code) for code, _ in positions]
        _require(
            [position for _, position in positions] == list(range(len(positions))),
            where,
            f"the category index of {name!r} is not 0, 1, ..., n - 1",
        )
    else:
        _require(
            False, where, f"the category index of {name!r} is not a list or object"
        )
    _require(
        len(codes) == size,
        where,
        f"dimension {name!r} has {len(codes)} categories but size says {size}",
    )
    return codes, [str(labels.get(code, code)) for code in codes]


def _cells(raw: Any, n: int, where: str, what: str) -> list[Any]:
    """A dense list of ``n`` cells from JSON-stat's list or sparse object form."""
    if isinstance(raw, list):
        _require(len(raw) == n, where, f"{what} has {len(raw)} cells, size says {n}")
        return raw
    if isinstance(raw, Mapping):
        dense: list[Any] = [None] * n
        for key, cell in raw.items():
            _require(
                str(key).isdigit() and int(key) < n,
                where,
                f"{what} has a cell at {key!r}, outside 0-{n - 1}",
            )
            dense[int(key)] = cell
        return dense
    _require(False, where, f"{what} is neither a list nor an object")
    return []


def _values(raw: Any, n: int, where: str) -> np.ndarray[Any, np.dtype[np.float64]]:
    cells = _cells(raw, n, where, "value")
    values = np.full(n, np.nan)
    for position, cell in enumerate(cells):
        if cell is None:
            continue
        if isinstance(cell, bool) or not isinstance(cell, int | float):
            raise DataError(
                f"{where}: value {position} is {cell!r}, not a number or null"
            )
        values[position] = float(cell)
    if not np.all(np.isfinite(values) | np.isnan(values)):
        raise DataError(f"{where}: the values hold an infinite number")
    return values


def _status(raw: Any, n: int, where: str) -> list[str | None]:
    if raw is None:
        return [None] * n
    if isinstance(raw, str):
        return [raw] * n
    if isinstance(raw, list) and len(raw) == 1 and n != 1:
        return [str(raw[0])] * n
    return [None if s is None else str(s) for s in _cells(raw, n, where, "status")]


def _notes(dimensions: Mapping[str, Any], ids: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in ids:
        dimension = dimensions[name]
        entry: dict[str, Any] = {}
        if "note" in dimension:
            entry["note"] = dimension["note"]
        category_notes = dimension["category"].get("note")
        if category_notes:
            entry["categories"] = dict(category_notes)
        if entry:
            found[name] = entry
    return found


def _role(
    dataset: Mapping[str, Any], role: str, fallback: tuple[str, ...]
) -> str | None:
    ids: list[str] = dataset["id"]
    roles = dataset.get("role") or {}
    named = roles.get(role) if isinstance(roles, Mapping) else None
    if isinstance(named, list):
        for name in named:
            if name in ids:
                return str(name)
    return next((name for name in fallback if name in ids), None)


def read_jsonstat(
    source: JsonStatSource, *, borders: int | None = None
) -> pd.DataFrame:
    """Read a JSON-stat 2.0 dataset into a tidy frame.

    Parameters
    ----------
    source : path, str, bytes or dict
        A file, JSON text, its bytes (UTF-8), or the parsed object: a JSON-stat
        2.0 dataset, as Statistics Norway's StatBank API answers with format
        ``json-stat2``.
    borders : int, optional
        Move every code to the municipalities (or counties) of this year's
        borders with the bundled change table (see :func:`to_borders`); only
        2024 is supported. By default codes stay as published.

    Returns
    -------
    pandas.DataFrame
        One row per cell, the last dimension fastest (JSON-stat's order):

        - ``code`` and ``name``: the region dimension (``role.geo``, else the
          dimension ``Region``, else ``geo`` as in Eurostat's answers), codes
          without SSB's ``K-``/``F-`` prefix (``K-0301`` is ``0301``; NUTS codes
          such as ``AT130`` stay as they are), names from the category labels;
        - for every other dimension but time, ``<id>`` (category code) and
          ``<id>_label`` (category label), e.g. ``ContentsCode`` and
          ``ContentsCode_label``;
        - ``year`` (int64) from the time dimension (``role.time``, else ``Tid``,
          else ``time``)
          when every time code is a year, else ``period`` (text, e.g.
          ``"2022K4"``);
        - ``value`` (float64, NaN for ``null``) and ``status`` (the cell's
          status flag, such as ``".."``, or missing).

        ``frame.attrs`` keeps ``label``, ``source``, ``updated``, ``notes``
        (the dataset's notes), ``dimension_notes`` (notes of dimensions and
        categories), ``units`` (the metric categories' units), ``extension``
        and the ``role`` object. With ``borders`` the columns are those of
        :func:`to_borders`.

    Raises
    ------
    DataError
        If the source is missing or not JSON, or not a JSON-stat 2.0 dataset
        (the message says what is missing), or a value is not a number.
    PeriodError, GeographyError
        With ``borders``, as for :func:`to_borders`.

    Notes
    -----
    A region code that SSB lists in a year in which it did not exist, with a
    value of 0 or none, has no row for that year (see :func:`read_statbank`).

    Examples
    --------
    >>> from attraktiv.io import read_jsonstat
    >>> dataset = {
    ...     "version": "2.0", "class": "dataset", "id": ["Region", "Tid"],
    ...     "size": [2, 2], "role": {"geo": ["Region"], "time": ["Tid"]},
    ...     "dimension": {
    ...         "Region": {"category": {
    ...             "index": {"K-0301": 0, "K-3033": 1},
    ...             "label": {"K-0301": "Oslo", "K-3033": "Ullensaker"}}},
    ...         "Tid": {"category": {"index": ["2021", "2022"]}},
    ...     },
    ...     "value": [697010, 699827, None, 41565], "status": {"2": ".."},
    ... }
    >>> read_jsonstat(dataset)
       code        name  year     value status
    0  0301        Oslo  2021  697010.0    NaN
    1  0301        Oslo  2022  699827.0    NaN
    2  3033  Ullensaker  2021       NaN     ..
    3  3033  Ullensaker  2022   41565.0    NaN
    """
    dataset, where = _load(source)
    _require(isinstance(dataset, Mapping), where, "the top level is not an object")
    _require(
        dataset.get("class") == "dataset",
        where,
        f"class is {dataset.get('class')!r}",
    )
    _require(
        str(dataset.get("version")) == "2.0",
        where,
        f"version is {dataset.get('version')!r}",
    )
    ids, sizes, dimensions = (
        dataset.get("id"),
        dataset.get("size"),
        dataset.get("dimension"),
    )
    _require(
        isinstance(ids, list) and isinstance(sizes, list) and len(ids) == len(sizes),
        where,
        "id and size are not lists of equal length",
    )
    _require(
        all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes),
        where,
        "size holds something other than counts",
    )
    _require(
        isinstance(dimensions, Mapping) and all(name in dimensions for name in ids),
        where,
        "a dimension named in id is missing from dimension",
    )
    _require("value" in dataset, where, "it has no value")
    n = math.prod(sizes)
    categories = {
        name: _categories(dimensions[name], name, size, where)
        for name, size in zip(ids, sizes, strict=True)
    }
    values = _values(dataset["value"], n, where)
    status = _status(dataset.get("status"), n, where)
    positions = (
        np.unravel_index(np.arange(n), tuple(sizes))
        if n
        else [np.zeros(0, int)] * len(ids)
    )
    geo = _role(dataset, "geo", _GEO_IDS)
    time = _role(dataset, "time", _TIME_IDS)
    taken = {"code", "name", "year", "period", "value", "status"}
    clashing = [
        name
        for name in ids
        if name not in (geo, time) and ({name, f"{name}_label"} & taken)
    ]
    if clashing:
        raise DataError(
            f"{where}: dimension(s) {clashing!r} would overwrite a column of the "
            f"tidy frame ({', '.join(sorted(taken))})"
        )

    columns: dict[str, Any] = {}
    if geo is not None:
        codes, labels = categories[geo]
        at = positions[ids.index(geo)]
        columns["code"] = np.asarray(
            [_GEO_PREFIX.sub("", code) for code in codes], dtype=object
        )[at]
        columns["name"] = np.asarray(labels, dtype=object)[at]
    for axis, name in enumerate(ids):
        if name in (geo, time):
            continue
        codes, labels = categories[name]
        columns[name] = np.asarray(codes, dtype=object)[positions[axis]]
        columns[f"{name}_label"] = np.asarray(labels, dtype=object)[positions[axis]]
    if time is not None:
        codes, _ = categories[time]
        at = positions[ids.index(time)]
        if all(re.fullmatch(r"\d{4}", code) for code in codes):
            columns["year"] = np.asarray([int(c) for c in codes], dtype=np.int64)[at]
        else:
            columns["period"] = np.asarray(codes, dtype=object)[at]
    columns["value"] = values
    columns["status"] = np.asarray(status, dtype=object)
    frame = pd.DataFrame(columns)
    for name in frame.columns:
        if name not in ("year", "value"):
            frame[name] = frame[name].astype("str")

    units: dict[str, Any] = {}
    for name in ids:
        unit = dimensions[name]["category"].get("unit")
        if unit:
            units.update(unit)
    frame.attrs = {
        "label": dataset.get("label"),
        "source": dataset.get("source"),
        "updated": dataset.get("updated"),
        "notes": list(dataset.get("note") or []),
        "dimension_notes": _notes(dimensions, ids),
        "units": units,
        "extension": dataset.get("extension"),
        "role": dataset.get("role"),
    }
    frame = drop_nonexistent(frame)
    if borders is not None:
        return to_borders(frame, borders, where=where)
    return frame
