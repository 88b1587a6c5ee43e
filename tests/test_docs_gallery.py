"""The gallery numbers and draws the 2011 report's figures and tables as the report.

The report's 28 figures and 8 tables each have exactly one example, under the
report's number, in the section of the report's chapter, drawn with the kind of
chart the report uses; the catalogue page links every one of them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
GALLERY = DOCS / "gallery_src"

#: The report's chapters: which figures and tables each section holds.
SECTIONS = {
    "national": ("Figure", range(1, 3)),
    "municipalities": ("Figure", range(3, 8)),
    "regions": ("Figure", range(8, 13)),
    "flow_immigration": ("Figure", range(13, 19)),
    "flow_immigrant_population": ("Figure", range(19, 24)),
    "flow_rest": ("Figure", range(24, 29)),
    "drivers": ("Table", range(1, 9)),
}
#: The flow figures plot total net migration with the flow's best marked.
FLOW_SCATTERS = {
    15: "immigration",
    17: "immigration",
    20: "domestic_immigrant",
    22: "domestic_immigrant",
    25: "domestic_other",
    27: "domestic_other",
}
#: The report's kind of chart for each figure (the catalogue of its text).
KIND = {1: "scatter", 2: "index_illustration", 3: "scatter", 4: "top_bars",
        5: "long_term_bars", 6: "long_term_bars", 7: "choropleth_pair",
        8: "scatter", 9: "top_bars", 10: "long_term_bars", 11: "long_term_bars",
        12: "choropleth_pair", 13: "national_series", 14: "top_bars",
        16: "top_bars", 18: "choropleth_pair", 19: "top_bars", 21: "top_bars",
        23: "choropleth_pair", 24: "top_bars", 26: "top_bars", 28: "choropleth_pair",
        **dict.fromkeys(FLOW_SCATTERS, "scatter")}  # fmt: skip


def _examples() -> dict[tuple[str, int], Path]:
    found: dict[tuple[str, int], Path] = {}
    for path in sorted(GALLERY.glob("*/*.py")):
        title = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert title is not None, path
        match = re.match(r"(Figure|Table) (\d+) — ", title)
        if match is None:
            continue
        key = (match[1], int(match[2]))
        assert key not in found, f"{key} twice: {found.get(key)} and {path}"
        found[key] = path
    return found


def test_every_figure_and_table_once_in_its_chapter() -> None:
    examples = _examples()
    expected = {(kind, n) for kind, numbers in SECTIONS.values() for n in numbers}
    assert set(examples) == expected
    assert len(expected) == 28 + 8
    for section, (kind, numbers) in SECTIONS.items():
        for number in numbers:
            assert examples[kind, number].parent.name == section
        assert (GALLERY / section / "GALLERY_HEADER.rst").is_file()


@pytest.mark.parametrize("number", sorted(KIND))
def test_each_figure_is_drawn_as_the_report_draws_it(number: int) -> None:
    code = _examples()["Figure", number].read_text(encoding="utf-8")
    assert re.search(rf"\b{KIND[number]}\(", code), KIND[number]
    if number in FLOW_SCATTERS:
        # Total net migration (the model's default outcome), the flow's best marked.
        assert "AttractivenessModel()" in code
        assert f'rank_by="{FLOW_SCATTERS[number]}"' in code


def test_each_example_tells_the_report_ours_and_the_differences() -> None:
    for path in _examples().values():
        text = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert text is not None
        for part in ("**In the report.**", "**In ours.**", "**Differences.**"):
            assert part in text, f"{path.name}: no {part}"
        assert "Vareide (2012" in text, path.name


def test_tables_draw_a_beta_table_for_their_thumbnail() -> None:
    for (kind, _), path in _examples().items():
        if kind == "Table":
            assert "fig = beta_table(" in path.read_text(encoding="utf-8")


def test_the_catalogue_links_every_example_under_its_number() -> None:
    catalogue = (DOCS / "catalogue.rst").read_text(encoding="utf-8")
    rows = re.findall(
        r"\* - (Figure|Table) (\d+)\n.*?"
        r":ref:`sphx_glr_auto_gallery_(\w+?)_((?:plot|table)_\w+)\.py`",
        catalogue,
        flags=re.DOTALL,
    )
    linked = {(kind, int(n)): (section, stem) for kind, n, section, stem in rows}
    examples = _examples()
    assert set(linked) == set(examples)
    for key, path in examples.items():
        assert linked[key] == (path.parent.name, path.stem)
