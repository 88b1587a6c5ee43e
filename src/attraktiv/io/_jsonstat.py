"""Reading JSON-stat 2.0 datasets, the answer of Statistics Norway's StatBank API."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from ..core.source import decode_text, load_json, read_path_bytes, shown
from ..errors import DataError
from ._borders import check_borders, drop_nonexistent, to_borders
from ._counts import is_population

__all__ = ["read_jsonstat"]

JsonStatSource = str | os.PathLike[str] | bytes | Mapping[str, Any]

#: Dimension ids SSB (and, after it, Eurostat) use for region and time when a
#: dataset has no ``role``.
_GEO_IDS: Final = ("Region", "geo")
_TIME_IDS: Final = ("Tid", "time")
_METRIC_IDS: Final = ("ContentsCode",)
# SSB prefixes region codes in its API with K- (municipality) or F- (county).
_GEO_PREFIX: Final = re.compile(r"^[KF]-")
#: Cells a dataset may have: SSB answers at most 800,000; this leaves room.
MAX_CELLS: Final = 50_000_000
_BLANK: Final = "\ufeff \t\r\n"
_YEAR: Final = re.compile(r"[0-9]{4}")
#: The table number that opens a StatBank title ("07459: Population ...").
_TABLE_NUMBER: Final = re.compile(r"^\s*\d+\s*:\s*")
_SPARSE_KEY: Final = re.compile(r"[0-9]{1,18}")
_EXPECTED: Final = (
    "expected a JSON-stat 2.0 dataset: an object with class 'dataset', version "
    "'2.0', and id, size, dimension and value"
)


def _load(source: JsonStatSource) -> tuple[Any, str]:
    if isinstance(source, Mapping):
        return source, "the dataset (source)"
    if isinstance(source, bytes | bytearray):
        where = "the input (source)"
        text, _ = decode_text(bytes(source), where)
    elif isinstance(source, str) and source.lstrip(_BLANK).startswith(("{", "[")):
        # "the input", as the first corpus of bad inputs reads it; text cannot
        # carry a byte-order mark that contradicts it, so the name suffices.
        text, where = source.lstrip("\ufeff"), "the input"
    elif isinstance(source, str | os.PathLike):
        data, where = read_path_bytes(source, argument="source", what="JSON-stat file")
        text, _ = decode_text(data, where)
    else:
        raise DataError(
            "source is not valid: read_jsonstat reads a path, JSON text, bytes or a "
            f"parsed dict; got {type(source).__name__}"
        )
    return load_json(text, where, _EXPECTED), where


def _require(condition: bool, where: str, what: str) -> None:
    if not condition:
        raise DataError(f"{where} is not a JSON-stat 2.0 dataset: {what}; {_EXPECTED}")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _categories(
    dimension: Any, name: str, size: int, where: str
) -> tuple[list[str], list[str]]:
    """Codes in index order and their labels; codes and positions unique."""
    _require(
        isinstance(dimension, Mapping),
        where,
        f"dimension {shown(name)} is not an object",
    )
    category = dimension.get("category")
    _require(
        isinstance(category, Mapping), where, f"dimension {shown(name)} has no category"
    )
    index = category.get("index")
    labels = category.get("label", {})
    _require(
        isinstance(labels, Mapping), where, f"labels of {shown(name)} are not an object"
    )
    if index is None:
        _require(
            len(labels) == 1 == size,
            where,
            f"dimension {shown(name)} has no category index",
        )
        raw: list[Any] = list(labels)
    elif isinstance(index, list):
        raw = index
    elif isinstance(index, Mapping):
        _require(
            all(_is_count(position) for position in index.values()),
            where,
            f"the category index of {shown(name)} maps a code to something other than "
            "a position (0, 1, ...)",
        )
        positions = sorted(index.items(), key=lambda item: item[1])
        raw = [code for code, _ in positions]
        _require(
            [position for _, position in positions] == list(range(len(positions))),
            where,
            f"the category index of {shown(name)} is not 0, 1, ..., n - 1",
        )
    else:
        _require(
            False, where, f"the category index of {shown(name)} is not a list or object"
        )
    odd = [code for code in raw if not isinstance(code, str) or not code.strip()]
    _require(
        not odd,
        where,
        f"dimension {shown(name)} has category code {shown(odd[0])}, not text"
        if odd
        else "",
    )
    codes: list[str] = raw
    repeated = _repeated(codes)
    if repeated is not None:
        raise DataError(
            f"{where}: dimension {shown(name)} lists category {shown(repeated)} "
            "more than once"
        )
    _require(
        len(codes) == size,
        where,
        f"dimension {shown(name)} has {len(codes)} categories but size says {size}",
    )
    texts: list[str] = []
    for code in codes:
        label = labels.get(code, code)
        if not isinstance(label, str):
            raise DataError(
                f"{where}: the label of category {shown(code)} of dimension "
                f"{shown(name)} is {type(label).__name__} {shown(label)}, not text"
            )
        texts.append(label)
    return codes, texts


def _repeated(items: list[Any]) -> Any:
    """The first item seen twice, or None."""
    seen: set[Any] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


def _cells(raw: Any, n: int, where: str, what: str) -> list[Any]:
    """A dense list of ``n`` cells from JSON-stat's list or sparse object form."""
    if isinstance(raw, list):
        _require(len(raw) == n, where, f"{what} has {len(raw)} cells, size says {n}")
        return raw
    if isinstance(raw, Mapping):
        dense: list[Any] = [None] * n
        filled = np.zeros(n, dtype=bool)
        for key, cell in raw.items():
            text = str(key) if _is_count(key) else key
            _require(
                isinstance(text, str)
                and _SPARSE_KEY.fullmatch(text) is not None
                and int(text) < n,
                where,
                f"{what} has a cell at {shown(key)}, outside 0-{n - 1}",
            )
            position = int(text)
            if filled[position]:
                raise DataError(
                    f"{where}: {what} gives cell {position} twice (key {shown(key)}); "
                    "each cell may be given once"
                )
            filled[position] = True
            dense[position] = cell
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
                f"{where}: value {position} is {shown(cell)}, not a number or null"
            )
        try:
            values[position] = float(cell)
        except OverflowError:
            values[position] = np.inf
    infinite = np.flatnonzero(np.isinf(values))
    if infinite.size:
        raise DataError(
            f"{where}: value {int(infinite[0])} is {shown(cells[infinite[0]])}, "
            "which is infinite; a count must be a finite number or null"
        )
    return values


def _status(raw: Any, n: int, where: str) -> list[str | None]:
    if raw is None:
        return [None] * n
    if isinstance(raw, str):
        return [raw] * n
    if isinstance(raw, list) and len(raw) == 1 and n != 1:
        return [str(raw[0])] * n
    cells = _cells(raw, n, where, "status")
    wrong = next(
        (i for i, s in enumerate(cells) if not (s is None or isinstance(s, str))), None
    )
    if wrong is not None:
        raise DataError(
            f"{where}: status {wrong} is {shown(cells[wrong])}, not a marker as text "
            "(such as '..') or null"
        )
    return list(cells)


def _notes(dimensions: Mapping[str, Any], ids: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in ids:
        dimension = dimensions[name]
        entry: dict[str, Any] = {}
        if "note" in dimension:
            entry["note"] = dimension["note"]
        category_notes = dimension["category"].get("note")
        if isinstance(category_notes, Mapping) and category_notes:
            entry["categories"] = dict(category_notes)
        if entry:
            found[name] = entry
    return found


def _unit_codes(codes: list[str], name: str, where: str) -> list[str]:
    """Region codes without SSB's prefix and spaces; two that become one are refused."""
    stripped = [_GEO_PREFIX.sub("", code.strip()) for code in codes]
    return _listed_once(codes, stripped, name, where, ("region codes", "unit ", "unit"))


def _refuse_negative_people(
    values: np.ndarray[Any, np.dtype[np.float64]],
    metric: tuple[list[str], list[str]],
    positions: Any,
    ids: list[str],
    name: str,
    where: str,
) -> None:
    """A count of people (population, persons) cannot be negative."""
    codes, labels = metric
    people = np.asarray([is_population(label) for label in labels], dtype=bool)
    if not people.any() or not len(values):
        return
    negative = people[positions[ids.index(name)]] & (values < 0)
    if negative.any():
        at = int(np.flatnonzero(negative)[0])
        code = codes[int(positions[ids.index(name)][at])]
        raise DataError(
            f"{where}: value {at} ({name} {shown(code)}, "
            f"{shown(labels[codes.index(code)])}) is {values[at]:g}; a count of people "
            "cannot be negative"
        )


def _period_codes(codes: list[str], name: str, where: str) -> list[str]:
    """The time codes without surrounding spaces; two that become one refused."""
    stripped = [code.strip() for code in codes]
    return _listed_once(codes, stripped, name, where, ("periods", "", "period"))


def _listed_once(
    codes: list[str],
    stripped: list[str],
    name: str,
    where: str,
    words: tuple[str, str, str],
) -> list[str]:
    """``stripped``, unless two of ``codes`` became one there (refused, naming both).

    ``words`` name the codes in the message: what they are, what precedes the one
    they became, and what a dataset lists once.
    """
    plural, before, what = words
    first: dict[str, str] = {}
    for code, key in zip(codes, stripped, strict=True):
        if key in first:
            raise DataError(
                f"{where}: {plural} {shown(first[key])} and {shown(code)} of "
                f"dimension {shown(name)} are both {before}{shown(key)}; a dataset "
                f"may list a {what} once"
            )
        first[key] = code
    return stripped


def _dataset_notes(raw: Any) -> list[Any]:
    if isinstance(raw, str):
        return [raw]
    return list(raw) if isinstance(raw, list) else []


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
    if borders is not None:
        check_borders(borders)
    dataset, where = _load(source)
    _require(isinstance(dataset, Mapping), where, "the top level is not an object")
    _require(
        dataset.get("class") == "dataset",
        where,
        f"class is {shown(dataset.get('class'))}",
    )
    _require(
        str(dataset.get("version")) == "2.0",
        where,
        f"version is {shown(dataset.get('version'))}",
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
        all(isinstance(name, str) and name.strip() for name in ids),
        where,
        "id holds something other than dimension names",
    )
    repeated = _repeated(ids)
    if repeated is not None:
        raise DataError(
            f"{where}: id names dimension {shown(repeated)} more than once; each "
            "dimension may appear once"
        )
    _require(
        isinstance(dimensions, Mapping) and all(name in dimensions for name in ids),
        where,
        "a dimension named in id is missing from dimension",
    )
    _require("value" in dataset, where, "it has no value")
    categories = {
        name: _categories(dimensions[name], name, size, where)
        for name, size in zip(ids, sizes, strict=True)
    }
    n = math.prod(sizes)
    if n > MAX_CELLS:
        raise DataError(
            f"{where}: size {shown(sizes)} makes {n:,} cells, more than {MAX_CELLS:,}; "
            "ask for the table in parts"
        )
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
            f"{where}: dimension(s) {shown(clashing)} would overwrite a column of the "
            f"tidy frame ({', '.join(sorted(taken))})"
        )

    columns: dict[str, Any] = {}
    if geo is not None:
        codes, labels = categories[geo]
        at = positions[ids.index(geo)]
        columns["code"] = np.asarray(_unit_codes(codes, geo, where), dtype=object)[at]
        columns["name"] = np.asarray(labels, dtype=object)[at]
    for axis, name in enumerate(ids):
        if name in (geo, time):
            continue
        codes, labels = categories[name]
        columns[name] = np.asarray(codes, dtype=object)[positions[axis]]
        columns[f"{name}_label"] = np.asarray(labels, dtype=object)[positions[axis]]
    if time is not None:
        codes = _period_codes(categories[time][0], time, where)
        at = positions[ids.index(time)]
        years = [bool(_YEAR.fullmatch(code)) for code in codes]
        if any(years) and not all(years):
            odd = codes[years.index(False)]
            raise DataError(
                f"{where}: dimension {shown(time)} mixes years such as "
                f"{shown(codes[years.index(True)])} with the period {shown(odd)}; "
                "a time dimension holds one kind of period (write years as 2018)"
            )
        if all(years):
            columns["year"] = np.asarray([int(c) for c in codes], dtype=np.int64)[at]
        else:
            columns["period"] = np.asarray(codes, dtype=object)[at]
    metric = _role(dataset, "metric", _METRIC_IDS)
    if metric is not None:
        _refuse_negative_people(
            values, categories[metric], positions, ids, metric, where
        )
    elif isinstance(dataset.get("label"), str) and is_population(
        _TABLE_NUMBER.sub("", dataset["label"])
    ):
        # No contents dimension: the dataset's label says what is counted.
        negative = np.flatnonzero(values < 0)
        if negative.size:
            raise DataError(
                f"{where}: value {int(negative[0])} is {values[negative[0]]:g}, and "
                f"the dataset counts people ({shown(dataset['label'])}); a count "
                "of people cannot be negative"
            )
    columns["value"] = values
    columns["status"] = np.asarray(status, dtype=object)
    frame = pd.DataFrame(columns)
    for name in frame.columns:
        if name not in ("year", "value"):
            frame[name] = frame[name].astype("str")

    units: dict[str, Any] = {}
    for name in ids:
        unit = dimensions[name]["category"].get("unit")
        if isinstance(unit, Mapping):
            units.update(unit)
    frame.attrs = {
        "label": dataset.get("label"),
        "source": dataset.get("source"),
        "updated": dataset.get("updated"),
        "notes": _dataset_notes(dataset.get("note")),
        "dimension_notes": _notes(dimensions, ids),
        "units": units,
        "extension": dataset.get("extension"),
        "role": dataset.get("role"),
    }
    frame = drop_nonexistent(frame)
    if borders is not None:
        return to_borders(frame, borders, where=where)
    return frame
