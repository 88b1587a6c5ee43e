"""The report is safe from its data and never half written (issue 21).

Level names come from a hierarchy file's header and unit names from data: a
crafted name must not put markup, a script handler or a path into the page or the
folder. A report is written beside its folder and moved into place only when
complete, so an error leaves nothing behind.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from attraktiv.datasets import load_example
from attraktiv.errors import InvalidOptionError
from attraktiv.geography import Hierarchy
from attraktiv.panel import Panel

pytest.importorskip("matplotlib")
from attraktiv.report import write_report

HOSTILE_LEVELS = ("<img src=x onerror=alert(1)>", 'r" onmouseover="alert(2)', "../up")
HOSTILE_UNIT = "<script>alert(3)</script>"


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, as a browser parses them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _hostile_panel() -> Panel:
    example = load_example()
    path = Path(__file__).parents[2] / "src/attraktiv/datasets/data"
    table = pd.read_csv(path / "example_hierarchy.csv", dtype=str)
    renamed = dict(
        zip(("municipality", "region", "county"), HOSTILE_LEVELS, strict=True)
    )
    table.columns = [
        renamed[c.rsplit("_", 1)[0]] + "_" + c.rsplit("_", 1)[1] for c in table.columns
    ]
    table.iloc[0, 1] = HOSTILE_UNIT
    hierarchy = Hierarchy.from_csv(
        io.StringIO(table.to_csv(index=False)), levels=HOSTILE_LEVELS, nested=False
    )
    return Panel(example.data, hierarchy)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    panel = _hostile_panel()
    out = tmp_path_factory.mktemp("hostile") / "report"
    report = write_report(out, panel, levels=HOSTILE_LEVELS[:2], draws=100, rng=0)
    return out, report.index.read_text(encoding="utf-8")


def test_names_from_data_are_text_not_markup(hostile_report: tuple[Path, str]) -> None:
    _, page = hostile_report
    # No element or attribute from data: the names show as text.
    parser = _Elements()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert "script" not in tags
    for tag, attributes in parser.tags:
        for name, value in attributes:
            assert not name.startswith("on"), (tag, name, value)
            if name in ("src", "href"):
                assert value is not None
                assert re.fullmatch(r"[a-z0-9_-]+\.(csv|png|svg)", value), value
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page


def test_file_names_are_safe_slugs_that_exist(hostile_report: tuple[Path, str]) -> None:
    folder, page = hostile_report
    links = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert links
    for link in links:
        assert re.fullmatch(r"[a-z0-9_-]+\.(csv|png|svg)", link), link
        assert (folder / link).is_file(), link
    for path in folder.iterdir():
        assert re.fullmatch(r"[a-z0-9_-]+\.(csv|png|svg|html)", path.name), path.name
    assert not (folder.parent / "up").exists()


def test_levels_with_the_same_slug_get_files_of_their_own(tmp_path: Path) -> None:
    example = load_example()
    path = Path(__file__).parents[2] / "src/attraktiv/datasets/data"
    table = pd.read_csv(path / "example_hierarchy.csv", dtype=str)
    table.columns = [
        c.replace("municipality", "Unit").replace("region", "unit")
        for c in table.columns
    ]
    hierarchy = Hierarchy.from_csv(
        io.StringIO(table.to_csv(index=False)),
        levels=("Unit", "unit", "county"),
        nested=False,
    )
    report = write_report(
        tmp_path / "r", Panel(example.data, hierarchy), levels=("Unit", "unit"),
        draws=100, rng=0,
    )  # fmt: skip
    names = [p.name for p in report.tables]
    assert len(names) == len(set(names))
    assert "ranking_unit_2011-2013.csv" in names
    assert "ranking_unit_2011-2013-2.csv" in names


def test_an_error_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "new" / "report"
    with pytest.raises(InvalidOptionError, match="unknown level 'nowhere'"):
        write_report(out, load_example(), levels=("region", "nowhere"), draws=100)
    assert list(tmp_path.iterdir()) == []


def test_an_error_leaves_an_existing_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / "index.html").write_text("old page", encoding="utf-8")
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(InvalidOptionError, match="unknown level 'nowhere'"):
        write_report(out, load_example(), levels=("region", "nowhere"), draws=100)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "mine.txt"]
    assert (out / "index.html").read_text(encoding="utf-8") == "old page"


def test_a_complete_report_replaces_files_and_keeps_others(tmp_path: Path) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("not mine to change", encoding="utf-8")
    (out / "index.html").symlink_to(elsewhere)
    report = write_report(out, load_example(), levels=("region",), draws=100, rng=0)
    assert report.folder == out
    assert all(path.parent == out and path.is_file() for path in report.files)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"
    # The link was replaced, not followed.
    assert not (out / "index.html").is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == "not mine to change"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "report"
    out.write_text("a file", encoding="utf-8")
    with pytest.raises(InvalidOptionError, match="is a file, not a folder"):
        write_report(out, load_example(), levels=("region",), draws=100)


def test_the_example_template_makes_a_default_report(tmp_path: Path) -> None:
    # Four regions: the maps use four groups instead of refusing five.
    report = write_report(tmp_path / "r", load_example(), draws=100, rng=0)
    page = report.index.read_text(encoding="utf-8")
    assert "Attractiveness of regions in four groups" in page
    assert "Attractiveness of municipalities in five groups" in page


@pytest.mark.parametrize("levels", ["municipality", b"region", (), [1], None])
def test_levels_must_be_a_sequence_of_names(tmp_path: Path, levels: object) -> None:
    with pytest.raises(InvalidOptionError, match="levels must"):
        write_report(tmp_path / "r", load_example(), levels=levels)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
