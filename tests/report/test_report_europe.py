"""The report on the European data: maps of Europe, NUTS words, Moran's I."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from attraktiv.datasets import load_europe
from attraktiv.errors import AttraktivWarning
from attraktiv.report import write_report


@pytest.mark.slow
def test_report_europe_nuts2_draws_the_maps_of_europe(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttraktivWarning)  # the regions left out
        report = write_report(
            tmp_path / "europe", load_europe(), levels=["nuts2"], draws=100, rng=1
        )
    page = report.index.read_text(encoding="utf-8")
    names = {path.name for path in report.figures}
    assert {"map_nuts2.png", "lisa_nuts2_2015-2017.png"} <= names
    assert not any("no bundled map" in note for note in report.notes)
    assert "<h2>NUTS 2 regions, 2015-2017</h2>" in page
    assert "Nuts 2" not in page
    assert "nuts2s" not in page
    # the map's caption and where the map comes from, once; nothing of Norway's
    assert (
        "Attractiveness of NUTS 2 regions in five groups: 2015-2017 and long term; "
        "grey: no data; Europe from Iceland to eastern Turkey" in page
    )
    assert page.count("Maps of Europe: GISCO's NUTS 2016 boundaries") == 1
    assert "Kartverket" not in page
    # Moran's I over the regions with data; the two whose neighbours all lack it
    moran = re.search(r"Moran's I of the index, 2015-2017: ([\d.]+)", page)
    assert moran is not None
    assert float(moran.group(1)) > 0.3
    assert "the 91 NUTS 2 regions without data are left out" in page
    assert "whose neighbours all lack data: Kýpros (CY00); Voreio Aigaio (EL41)" in page
    # the names of NUTS 2 regions, not their codes, in the lists
    assert "Wien" in page
