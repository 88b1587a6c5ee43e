"""The HTML writer of the report: files and page fragments, everything escaped."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _text(value: object) -> str:
    """``value`` as HTML text: ``&``, ``<`` and ``>`` escaped."""
    return html.escape(str(value), quote=False)


def _attr(value: object) -> str:
    """``value`` as a quoted HTML attribute's value: quotes escaped too."""
    return html.escape(str(value), quote=True)


class _Writer:
    """Collects files and HTML fragments while the report is built.

    Everything that can come from data (level, unit and factor names, periods,
    metadata, error messages) enters the page through this class, which escapes it:
    :meth:`heading` and :meth:`paragraph` take plain text, never markup, and file
    names are slugs of ASCII letters, digits, ``-`` and ``_`` (also escaped where
    they stand in an attribute).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tables: list[Path] = []
        self.figures: list[Path] = []
        self.notes: list[str] = []
        self.maps: list[str] = []  # where each map drawn comes from
        self.body: list[str] = []
        self._names: set[str] = set()

    def _file(self, name: str, suffix: str) -> Path:
        """A new file in the folder named by the slug of ``name`` (see :func:`_slug`).

        Two names with the same slug (levels "Region" and "region") get two files.
        """
        name = _slug(name)  # the one safe slug of every file name
        stem, number = name, 1
        while f"{stem}.{suffix}" in self._names:
            number += 1
            stem = f"{name}-{number}"
        self._names.add(f"{stem}.{suffix}")
        return self.folder / f"{stem}.{suffix}"

    def link(self, href: str, text: str) -> str:
        """An ``<a>`` element to a file of the report."""
        return f'<a href="{_attr(href)}">{_text(text)}</a>'

    def table(self, frame: pd.DataFrame, name: str) -> str:
        path = self._file(name, "csv")
        if isinstance(frame.index, pd.RangeIndex) and frame.index.name is None:
            frame.to_csv(path, index=False)  # the row numbers mean nothing
        else:
            # Every column has a name in the header, the index included.
            frame.rename_axis(index=str(frame.index.name or "code")).to_csv(path)
        self.tables.append(path)
        return path.name

    def figure(self, figure: Figure, name: str, alt: str) -> None:
        import matplotlib.pyplot as plt

        png = self._file(name, "png")
        svg = png.with_suffix(".svg")
        self._names.add(svg.name)
        for path in (png, svg):
            figure.savefig(path, dpi=110 if path is png else None)
        self.figures.append(png)
        plt.close(figure)
        self.body.append(
            f'<figure><img src="{_attr(png.name)}" alt="{_attr(alt)}">'
            f"<figcaption>{_text(alt)} ({self.link(svg.name, 'SVG')})"
            "</figcaption></figure>"
        )

    def heading(
        self, text: str, level: int = 2, link: tuple[str, str] | None = None
    ) -> None:
        """A heading of plain ``text``, with a link ``(href, text)`` to a file."""
        after = "" if link is None else f" <small>({self.link(*link)})</small>"
        self.body.append(f"<h{level}>{_text(text)}{after}</h{level}>")

    def paragraph(self, text: str) -> None:
        """A paragraph of plain ``text`` (escaped: it may hold names from data)."""
        self.body.append(f"<p>{_text(text)}</p>")

    def html_table(self, frame: pd.DataFrame) -> None:
        """A table whose cells pandas escapes."""
        self.body.append(
            frame.to_html(index=False, border=0, classes="ranking", escape=True)
        )

    def ranked(
        self,
        frame: pd.DataFrame,
        caption: str,
        csv_name: str,
        names: pd.Series,
        level: int,
    ) -> None:
        shown = frame.assign(name=names.reindex(frame.index)).reset_index()
        columns = [
            c
            for c in (
                "rank",
                "code",
                "name",
                "attractiveness",
                "long_term",
                "net_migration",
                "expected",
                "job_growth",
                "population_start",
            )
            if c in shown.columns
        ]
        shown = shown[columns].copy()
        for column in shown.select_dtypes("number").columns:
            if column == "rank":
                continue
            if column == "population_start":
                shown[column] = shown[column].round().astype("int64")
            else:
                shown[column] = shown[column].round(2)
        self.heading(caption, level, link=(csv_name, "full ranking, CSV"))
        self.html_table(shown)


def _slug(text: str) -> str:
    """A file-name part: periods keep their hyphen ("2014-2016"), words join by _.

    Only ASCII letters, digits, ``-`` and ``_`` survive, so a name from data can
    neither leave the folder nor break out of an HTML attribute; a name with none
    of them becomes ``x``.
    """
    kept = "".join(
        c if (c.isascii() and c.isalnum()) or c == "-" else "_" for c in text
    )
    return kept.strip("_-").lower() or "x"
