"""The report's maps and its clustering section, drawn on the level's bundled map.

:func:`attraktiv.datasets.bundled_map` says which map draws a level and how (layer,
projection, frame, credit, legend corner); the report asks it and nothing else, so
the Norwegian and the European data get their maps by the same path.
"""

from __future__ import annotations

import warnings
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from ..attractiveness import AttractivenessResult, LongTermResult
from ..core.text import plural, singular
from ..errors import InvalidOptionError
from ._writer import _slug, _Writer

if TYPE_CHECKING:
    import numpy as np

    from ..datasets import BundledMap

_GROUP_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def _bundled(writer: _Writer, codes: pd.Index, level: str) -> BundledMap | None:
    """The bundled map of ``level`` if it has most of ``codes``; else a note, None."""
    from ..datasets import bundled_map

    try:
        bundled = bundled_map(level)
    except InvalidOptionError:
        writer.notes.append(f"no bundled map for level {level!r}; maps skipped")
        return None
    if codes.isin(bundled.layer.codes).mean() < 0.5:
        writer.notes.append(
            f"the {singular(level)} codes do not match the bundled map; maps skipped"
        )
        return None
    return bundled


def _map_credit(bundled: BundledMap, data_source: str) -> str:
    """The map's own credit, and the data's source when the credit lacks it."""
    if not data_source or data_source in bundled.credit:
        return bundled.credit
    return f"{bundled.credit}; data: {data_source}"


def _maps(
    writer: _Writer,
    result: AttractivenessResult,
    long_term: LongTermResult | None,
    level: str,
    data_source: str,
) -> None:
    from ..plot import choropleth, choropleth_pair

    bundled = _bundled(writer, result.index.index, level)
    if bundled is None:
        return
    # Five groups as published, fewer where there are fewer distinct values (the
    # four regions of the example data).
    distinct = result.index.nunique()
    if long_term is not None:
        distinct = min(distinct, long_term.total.nunique())
    groups = min(5, distinct)
    if groups < 2:
        writer.notes.append(
            f"fewer than two distinct {singular(level)} indices to group; maps skipped"
        )
        return
    # One map, or the period's beside the long term's: drawn the same way.
    draw = (
        partial(choropleth, result)
        if long_term is None
        else partial(choropleth_pair, result, long_term)
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = draw(
            level=level,
            k=groups,
            map_layer=bundled.layer,
            credit=_map_credit(bundled, data_source),
            inset=bundled.inset,
            projection=bundled.projection,
            extent=bundled.extent,
            legend_loc=bundled.legend_loc,
        )
    writer.notes.extend(str(w.message) for w in caught)
    also = "" if long_term is None else " and long term"
    writer.heading("Maps", 3)
    writer.maps.append(bundled.about)
    grey = not set(bundled.layer.codes) <= set(result.index.index)
    no_data = "; grey: no data" if grey else ""
    writer.figure(
        figure,
        f"map_{level}",
        f"Attractiveness of {plural(level)} in {_GROUP_WORDS[groups]} groups: "
        f"{result.period}{also}{no_data}; {bundled.caption}",
    )


def _clustering(
    writer: _Writer,
    result: AttractivenessResult,
    names: pd.Series,
    generator: np.random.Generator,
) -> None:
    """Moran's I of the index, the Moran scatter plot and the LISA map."""
    from ..datasets import bundled_map
    from ..plot import format_number, lisa_map, moran_scatter
    from ..spatial import contiguity_weights, local_morans, morans_i

    level = result.level
    units, unit = plural(level), singular(level)
    writer.heading("Clustering in space", 4)
    try:
        bundled = bundled_map(level)
    except InvalidOptionError:
        writer.paragraph(f"No bundled map of {units}: Moran's I not computed.")
        return
    codes = result.index.index
    # Every fitted unit on the map, and most of the map fitted (a panel that
    # leaves out the units without data): neighbours are those fitted.
    if not codes.isin(bundled.layer.codes).all() or len(codes) < len(bundled.layer) / 2:
        writer.paragraph(
            f"The {unit} codes are not those of the bundled map: Moran's I not "
            "computed."
        )
        return
    weights = contiguity_weights(
        level,
        link_islands=True,
        layer=bundled.layer if bundled.neighbours_from_layer else None,
    ).subset(codes)
    left_out = ""
    if len(codes) < len(bundled.layer):
        left_out = (
            f"; the {len(bundled.layer) - len(codes)} {units} without data are left out"
        )
    if len(weights.islands):
        # Semicolons between units: their names hold commas ("Lesvos, Limnos").
        listed = "; ".join(
            f"{names.get(code, code)} ({code})" for code in weights.islands
        )
        left_out += (
            f", and so are the {len(weights.islands)} whose neighbours all lack "
            f"data: {listed}"
        )
    moran = morans_i(result.index, weights, rng=generator, islands="drop")
    lisa = local_morans(result.index, weights, rng=generator, islands="drop")
    clustered = moran.pvalue_permutation <= 0.05
    if clustered and moran.statistic > 0:
        meaning = (
            f"neighbouring {units} have similar indices: attractiveness clusters in "
            "space, so a rank partly reflects where a place lies"
        )
    elif clustered:
        meaning = f"neighbouring {units} tend to differ"
    else:
        meaning = f"no clear pattern: neighbouring {units} are about as alike as any"
    writer.paragraph(
        f"Moran's I of the index, {result.period}: "
        f"{format_number(moran.statistic, 3)} (permutation p = "
        f"{moran.pvalue_permutation:.3f}, {moran.permutations} permutations; "
        f"neighbours share a border, islands linked to the nearest {unit}"
        f"{left_out}): {meaning}."
    )
    writer.figure(
        moran_scatter(lisa, names=names),
        f"moran_{level}_{_slug(str(result.period))}",
        f"Moran scatter plot of the index, {units} {result.period}: each "
        f"{unit}'s index against its neighbours' average",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = lisa_map(
            lisa,
            level,
            map_layer=bundled.layer,
            projection=bundled.projection,
            extent=bundled.extent,
            credit=bundled.credit,
            legend_loc=bundled.legend_loc,
        )
    writer.notes.extend(str(w.message) for w in caught)
    writer.figure(
        figure,
        f"lisa_{level}_{_slug(str(result.period))}",
        f"Clusters of high and of low indices (LISA, p ≤ 0.05), {units} "
        f"{result.period}",
    )
