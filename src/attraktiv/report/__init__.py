"""The barometer report: one self-contained folder a person opens.

:func:`write_report` fits the barometer for one period (and the long term) at the
municipality and region levels, runs the driver analysis for the factors the data
has, and writes ``index.html`` with the method in a paragraph, the top and bottom
lists, scatter plots, long-term bars, maps, how sure the ranks are (rank confidence
sets, the shrunk index, Moran's I with its scatter plot and LISA map) and the driver
table, plus every table as CSV and every figure as PNG and SVG. File names write a
period as ``2014-2016``. Names that several units share are followed by their county
("Våler (Østfold)") in the page and the figures; the CSV tables keep the official
names beside the codes.
It needs matplotlib (``attraktiv[plot]``).

Examples
--------
>>> from attraktiv.report import write_report
>>> report = write_report("attraktiv-report")  # doctest: +SKIP
>>> report.index  # doctest: +SKIP
PosixPath('attraktiv-report/index.html')
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..attractiveness import AttractivenessModel, AttractivenessResult, LongTermResult
from ..core.progress import check_progress
from ..core.progress import progress as show_progress
from ..core.text import capitalized, plural, singular
from ..core.typing import SeedLike
from ..core.validation import check_count, check_path, check_rng
from ..drivers import DriverAnalysis, DriverResult
from ..errors import InvalidOptionError, ModelError, PeriodError
from ..factors import (
    DEFAULT_REGISTRY,
    Factor,
    FactorRegistry,
    factors_known,
    published_factors,
    usable_factors,
)
from ..geography import unique_names
from ..panel import Panel, require_panel
from ..periods import Period, as_period
from ._maps import _clustering, _maps
from ._writer import _slug, _text, _Writer

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Report", "write_report"]

#: How many units the published report lists, by level: (top, bottom).
LIST_SIZES = {"municipality": (20, 15), "region": (10, 10)}

#: Ullensaker, Vevelstad and Træna: the places the documentation of rank
#: uncertainty discusses, named in the shrinkage figure when the data has them.
DISCUSSED_UNITS = ("0235", "1816", "1835")

METHOD_PARAGRAPH = (
    "For every unit of a level and a three-year period, net migration (in- minus "
    "out-migration over the three years, in percent of the population on 1 January "
    "of the first year) is regressed by least squares on job growth (jobs located "
    "in the unit, growth over the period in percent) across all units of the level. "
    "The attractiveness index of a unit is its residual: how many percentage points "
    "of its population it gained by migration beyond what its job growth explains. "
    "Units are ranked by it, 1 being the most attractive. The long-term index sums "
    "the indices of the last three non-overlapping periods. The driver analysis "
    "reports standardized coefficients (betas) of the factors the data has, fitted "
    "together, with their significance: dark cells p < 0.01, light cells "
    "0.01 ≤ p < 0.1. Method: Telemarksforsking, Attraktivitetsbarometeret."
)


@dataclass(frozen=True)
class Report:
    """What :func:`write_report` wrote.

    Attributes
    ----------
    folder : pathlib.Path
    index : pathlib.Path
        The HTML page.
    tables : tuple of pathlib.Path
        Every CSV file.
    figures : tuple of pathlib.Path
        The PNG file of each figure; an SVG file of the same name is beside it.
    notes : tuple of str
        Anything the reader should know (units missing from the map, factors
        skipped).
    """

    folder: Path
    index: Path
    tables: tuple[Path, ...]
    figures: tuple[Path, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file written: the page, the tables, each figure as PNG and SVG."""
        images = [
            path.with_suffix(s) for path in self.figures for s in (".png", ".svg")
        ]
        return (self.index, *self.tables, *images)


#: The registry of a report's factors, and the names asked for beyond the published.
_Factors = tuple[FactorRegistry, tuple[str, ...]]


def _driver_factors(
    panel: Panel,
    level: str,
    periods: Sequence[Period],
    registry: FactorRegistry,
    extra: Sequence[str],
) -> tuple[list[tuple[list[str], list[Period]]], list[str]]:
    """The published factors of ``level`` known in each period, and notes on the rest.

    The published set comes from ``registry``, followed by the ``extra`` factors
    asked for. Periods in which the same factors are known form one group (one
    driver table); a factor left out is noted once per reason, with its periods.
    """
    published = published_factors(panel, level, registry=registry)
    names = (*published, *(n for n in extra if n not in published))
    kept, dropped = usable_factors(panel, names, registry=registry)
    notes = [
        f"factor {name} left out of the {singular(level)} driver analysis: {reason}"
        for name, reason in dropped.items()
    ]
    groups: dict[tuple[str, ...], list[Period]] = {}
    left_out: dict[tuple[str, str], list[Period]] = {}
    for period in periods:
        known, missing = factors_known(panel, kept, period, level, registry=registry)
        groups.setdefault(known, []).append(period)
        for name, reason in missing.items():
            left_out.setdefault((name, reason), []).append(period)
    for (name, reason), where in left_out.items():
        notes.append(
            f"factor {name} left out of the {singular(level)} driver analysis for "
            f"{', '.join(str(p) for p in where)}: {reason}"
        )
    return [(list(k), v) for k, v in groups.items()], notes


def _level_section(
    writer: _Writer,
    panel: Panel,
    model: AttractivenessModel,
    period: Period,
    level: str,
    driver_periods: Sequence[Period],
    data_source: str,
    draws: int,
    generator: np.random.Generator,
    asked: _Factors,
) -> None:
    from ..plot import long_term_bars, scatter

    top, bottom = LIST_SIZES.get(level, (10, 10))
    result = model.fit(panel, period, level)
    names = unique_names(result.table["name"], level, panel.hierarchy)
    writer.heading(f"{capitalized(plural(level))}, {period}")
    ranking = result.ranking()
    csv_name = writer.table(ranking, f"ranking_{level}_{_slug(str(period))}")
    writer.ranked(ranking.head(top), f"Most attractive {top}", csv_name, names, 3)
    writer.ranked(
        ranking.tail(bottom), f"Least attractive {bottom}", csv_name, names, 3
    )
    named = min(5, len(ranking) // 2)
    writer.figure(
        scatter(result, top=named, bottom=named, hierarchy=panel.hierarchy),
        f"scatter_{level}_{_slug(str(period))}",
        f"Net migration against job growth, {plural(level)} {period}, with the "
        f"fitted line, its R² and n; the {named} most and {named} least attractive "
        "named",
    )
    try:
        long_term: LongTermResult | None = model.long_term(panel, period.last, level)
    except PeriodError as err:
        writer.notes.append(f"long term for {plural(level)} skipped: {err}")
        long_term = None
    if long_term is not None:
        first, last = long_term.periods[0], long_term.periods[-1]
        lt_label = f"{first.first}-{last.last}"
        lt_ranking = long_term.ranking()
        lt_csv = writer.table(lt_ranking, f"long_term_{level}_{_slug(lt_label)}")
        writer.heading(f"Long term {lt_label}", 3)
        writer.ranked(
            lt_ranking.head(top), f"Most attractive {top}, long term", lt_csv, names, 4
        )
        writer.figure(
            long_term_bars(long_term, n=top, hierarchy=panel.hierarchy),
            f"long_term_{level}_{_slug(lt_label)}",
            f"Long-term index {lt_label} of the {top} most attractive {plural(level)}, "
            "split into its three periods",
        )
    _maps(writer, result, long_term, level, data_source)
    _rank_uncertainty(writer, panel, result, names, top, draws, generator)
    _drivers(writer, panel, level, driver_periods, asked)


def _rank_uncertainty(
    writer: _Writer,
    panel: Panel,
    result: AttractivenessResult,
    names: pd.Series,
    top: int,
    draws: int,
    generator: np.random.Generator,
) -> None:
    """How sure are these ranks? Rank sets, the shrunk index and Moran's I."""
    from ..plot import period_text, rank_caterpillar, shrinkage_plot

    level = result.level
    units, unit = plural(level), singular(level)
    slug = f"{level}_{_slug(str(result.period))}"
    writer.heading("How sure are these ranks?", 3)
    try:
        sets = result.rank_intervals(draws=draws, rng=generator)
    except ModelError as err:
        # Too few units, or a residual variance that does not fall with
        # population: no standard errors, so no sets; say why on the page.
        writer.paragraph(f"No confidence sets for the ranks of {units}: {err}.")
        _clustering(writer, result, names, generator)
        return
    tau = min(5, len(sets))
    top_set = result.top_set(tau, draws=draws, rng=generator)
    shrunk = result.shrunk()
    table = sets.join(shrunk[["shrunk", "posterior_sd", "rank_shrunk"]])
    csv_name = writer.table(table, f"rank_sets_{slug}")
    source = (
        "gross migration counts"
        if (sets["method"] == "counts").all()
        else "the spread of the residuals by population"
    )
    writer.paragraph(
        f"Each rank comes with a 95 % confidence set: with 95 % probability the "
        f"{unit}'s true rank lies between the two bounds (marginal sets, one "
        f"{unit} at a time, from {draws:,} bootstrap draws; Mogstad, Romano, "
        f"Shaikh and Wilhelm, 2024). The standard errors of the index come from "
        f"{source}. A long set means the data cannot place the {unit}: in a small "
        f"place a few people moving change the index a lot. {len(top_set)} of the "
        f"{len(sets)} {units} may be among the true top {tau} (95 % confidence). "
        "The shrunk index pulls each estimate toward the mean index of places of "
        "its size (a regression on log start population) by as much as its "
        "standard error warrants (empirical Bayes, Fay and Herriot 1979): small "
        "places move most."
    )
    n = min(top, len(sets))
    shown = table.head(n).assign(name=names.reindex(table.index[:n])).reset_index()
    columns = ["rank", "code", "name", "rank_low", "rank_high", "attractiveness"]
    shown = shown[[*columns, "std_error", "shrunk", "rank_shrunk"]]
    numbers = ["attractiveness", "std_error", "shrunk"]
    shown[numbers] = shown[numbers].round(2)
    writer.heading(
        f"Rank sets of the most attractive {n}", 4, link=(csv_name, f"all {units}, CSV")
    )
    writer.html_table(shown)
    period = period_text(str(result.period))
    ends = min(top, len(sets) // 2) or 1
    writer.figure(
        rank_caterpillar(
            sets.assign(name=names.reindex(sets.index)),
            n=ends,
            title=(
                # Two short lines: long names push the axes right, and a long
                # title centred on them would run off the figure.
                f"The {ends} most and {ends} least attractive {units}, {period}\n"
                f"ranks and 95 % marginal confidence sets, {draws:,} bootstrap draws"
            ),
        ),
        f"rank_sets_{slug}",
        f"Ranks of the {ends} most and {ends} least attractive {units}, "
        f"{result.period}, with their 95 % confidence sets",
    )
    discussed = [code for code in DISCUSSED_UNITS if code in sets.index]
    writer.figure(
        shrinkage_plot(result, label_units=discussed, hierarchy=panel.hierarchy),
        f"shrinkage_{slug}",
        f"Published and shrunk index of {units}, {result.period}, against "
        "population; the five most attractive named with their rank before and "
        "after shrinkage",
    )
    _clustering(writer, result, names, generator)


def _drivers(
    writer: _Writer,
    panel: Panel,
    level: str,
    periods: Sequence[Period],
    asked: _Factors,
) -> None:
    from ..plot import beta_table

    registry, extra = asked
    groups, notes = _driver_factors(panel, level, periods, registry, extra)
    writer.notes.extend(notes)
    groups = [(factors, chosen) for factors, chosen in groups if factors]
    if not groups:
        writer.notes.append(
            f"no factors available for the {singular(level)} driver analysis"
        )
        return
    fitted: list[tuple[list[str], DriverResult]] = []
    for factors, chosen in groups:
        try:
            fitted.append(
                (
                    factors,
                    DriverAnalysis(factors, registry=registry).fit(
                        panel, periods=chosen, level=level
                    ),
                )
            )
        except (ValueError, PeriodError) as err:
            writer.notes.append(f"driver analysis for {plural(level)} skipped: {err}")
    if not fitted:
        return
    writer.heading(f"What characterises attractive {plural(level)}", 3)
    frames = [drivers.to_frame() for _, drivers in fitted]
    csv_name = writer.table(pd.concat(frames), f"drivers_{level}")
    writer.body.append(
        f"<p>{writer.link(csv_name, 'Betas, errors and p-values, CSV')}</p>"
    )
    for factors, drivers in fitted:
        # One table per set of factors: periods where an input is unknown have
        # fewer factors (see the notes).
        first, last = drivers.periods[0], drivers.periods[-1]
        span = "" if len(fitted) == 1 else f" {first} to {last}"
        writer.paragraph(
            "Standardized betas of "
            + ", ".join(factors)
            + f" for net migration, {plural(level)}, by period{span}, with each "
            "period's R² and number of units."
        )
        writer.figure(
            beta_table(drivers),
            f"drivers_{level}"
            + ("" if len(fitted) == 1 else f"_{_slug(str(first))}_{_slug(str(last))}"),
            f"Standardized betas of net migration, {plural(level)}, by period{span}, "
            "with each period's R² and number of units",
        )


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto;
       padding: 0 1em; color: #222; }
table.ranking { border-collapse: collapse; font-size: 0.9em; margin-bottom: 1em; }
table.ranking th, table.ranking td { padding: 0.2em 0.6em; text-align: right; }
table.ranking tr:nth-child(even) { background: #f3f3f3; }
figure { margin: 1em 0; } img { max-width: 100%; }
.notes { color: #8a4b00; }
"""

# The page runs no script at all, even one smuggled in through the data; it loads
# images only from its own folder and keeps its one inline style sheet.
_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; img-src 'self'; "
    "style-src 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)


def write_report(
    out: str | Path,
    panel: Panel | None = None,
    *,
    period: Period | str | None = None,
    levels: Sequence[str] = ("municipality", "region"),
    progress: bool = False,
    draws: int = 2000,
    rng: SeedLike = None,
    factors: Sequence[Factor | str] = (),
) -> Report:
    """Write the barometer report into a folder.

    Parameters
    ----------
    out : str or pathlib.Path
        The folder; created if missing. Files already in it with the same names
        are replaced.
    panel : Panel, optional
        Default: :func:`attraktiv.datasets.load_norway`.
    period : Period or str, optional
        Default: the latest period the panel covers.
    levels : sequence of str, default ("municipality", "region")
    progress : bool, default False
        Show a progress bar on standard error, one step per level (tqdm's when
        it is installed, ``attraktiv[progress]``).
    draws : int, default 2000
        Bootstrap draws of the rank confidence sets in "How sure are these
        ranks?" (at least 100).
    rng : numpy.random.Generator, int or None
        Source of randomness of those draws and of the permutation p-values of
        Moran's I; a seed makes the report the same every time.
    factors : sequence of Factor or str, default ()
        Factors to show in every level's driver tables beside the published ones:
        your own factors (:class:`attraktiv.factors.Factor`, such as a
        :class:`~attraktiv.factors.ColumnFactor`) or names in the default registry.
        The published ones are read from the registry too, so a factor registered
        with :func:`attraktiv.factors.register_factor` is shown without being
        named here. A factor the panel cannot give for a level or period is left
        out with a note saying why.

    Returns
    -------
    Report

    Raises
    ------
    PeriodError
        If the panel does not cover ``period``.
    InvalidOptionError
        If ``draws`` is not a whole number of at least 100, ``rng`` not a seed or
        Generator, or a factor name is not registered (the message lists those
        that are).
    AttraktivError
        If matplotlib is missing (install ``attraktiv[plot]``).
    """
    from ..plot import require_matplotlib

    require_matplotlib()
    if isinstance(levels, str | bytes) or not isinstance(levels, Sequence):
        raise InvalidOptionError(
            f"levels must be a sequence of level names such as ('municipality',), "
            f"not {levels!r}"
        )
    if not levels or not all(isinstance(level, str) for level in levels):
        raise InvalidOptionError(
            f"levels must name at least one level, each as text; got {levels!r}"
        )
    progress = check_progress(progress)
    draws = check_count("draws", draws, minimum=100)
    generator = check_rng(rng)
    asked = _asked_factors(factors)
    folder = check_path("out", out)
    if panel is None:
        from ..datasets import load_norway

        panel = load_norway()
    panel = require_panel(panel, "write_report needs a Panel as panel (or None)")
    available = panel.periods_available()
    if not available:
        raise PeriodError("the panel covers no full three-year period")
    # A period the panel cannot cover raises from the panel itself, naming the
    # missing year, or the unit, year and column of a missing value.
    chosen = panel.latest_period() if period is None else as_period(period)
    # The source's first clause ("Statistics Norway (SSB) population and
    # employment registers", "Eurostat"): a map credit is one short line.
    source = str(panel.metadata.get("source") or "")
    data_source = source.split(":")[0].split(",")[0].strip()
    if folder.exists() and not folder.is_dir():
        raise InvalidOptionError(f"out={str(out)!r} is a file, not a folder")
    created = _first_missing(folder.parent)
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Written into a new folder beside the target and moved into place only when
    # complete: an error leaves no half a report, and a reader of the folder never
    # sees one.
    staging = Path(
        tempfile.mkdtemp(
            prefix=f".{folder.name}.", suffix=".partial", dir=folder.parent
        )
    )
    try:
        written = _write(
            staging,
            panel,
            chosen,
            levels,
            available,
            data_source,
            progress,
            draws,
            generator,
            asked,
        )
        return _move_into_place(written, staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise


def _asked_factors(factors: Sequence[Factor | str]) -> _Factors:
    """A copy of the default registry holding the factors asked for, and their names.

    A copy, so that a factor object passed here is seen by nothing else; names are
    checked against the default registry before anything is computed.
    """
    if isinstance(factors, str) or not isinstance(factors, Sequence):
        raise InvalidOptionError(
            f"factors={factors!r} is not valid; give a list of factors or names of "
            "registered ones, such as ['university']"
        )
    registry = DEFAULT_REGISTRY.copy()
    names: list[str] = []
    for factor in factors:
        resolved = registry.resolve(factor)
        if resolved.name not in registry:
            registry.register(resolved, published=False)
        elif registry.get(resolved.name) is not resolved:
            raise InvalidOptionError(
                f"factor {resolved.name!r} is not the registered factor of that "
                "name; give it another name, or pass the name alone"
            )
        names.append(resolved.name)
    return registry, tuple(dict.fromkeys(names))


def _move_into_place(report: Report, staging: Path, folder: Path) -> Report:
    """Move a complete report from ``staging`` to ``folder``; the paths follow."""
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private to its owner
    if not folder.exists():
        staging.rename(folder)
    else:
        # Each file replaces its namesake (a symbolic link is replaced, not
        # followed); other files in the folder stay.
        for path in staging.iterdir():
            os.replace(path, folder / path.name)
        staging.rmdir()

    def moved(path: Path) -> Path:
        return folder / path.name

    return Report(
        folder=folder,
        index=moved(report.index),
        tables=tuple(moved(p) for p in report.tables),
        figures=tuple(moved(p) for p in report.figures),
        notes=report.notes,
    )


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of ``folder``'s path that does not exist yet, if any."""
    missing = None
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


def _write(
    folder: Path,
    panel: Panel,
    chosen: Period,
    levels: Sequence[str],
    available: list[Period],
    data_source: str,
    progress: bool,
    draws: int,
    generator: np.random.Generator,
    asked: _Factors,
) -> Report:
    """The body of :func:`write_report`, writing into an existing ``folder``."""
    writer = _Writer(folder)
    model = AttractivenessModel()
    title = f"Attractiveness barometer {chosen}"
    writer.paragraph(METHOD_PARAGRAPH)
    metadata = panel.metadata
    source = metadata.get("source") or metadata.get("description")
    if source:
        details = [str(source)]
        details += [
            f"{label}: {metadata[key]}"
            for key, label in (("licence", "Licence"), ("note", "Note"))
            if metadata.get(key)
        ]
        writer.paragraph("Data: " + ". ".join(details))
    sources_end = len(writer.body)
    for level in show_progress(levels, enabled=progress, desc="report", unit="level"):
        if level not in panel.levels:
            raise InvalidOptionError(
                f"unknown level {level!r}; the data has {', '.join(panel.levels)}"
            )
        _level_section(
            writer,
            panel,
            model,
            chosen,
            level,
            available,
            data_source,
            draws,
            generator,
            asked,
        )
    for about in reversed(dict.fromkeys(writer.maps)):
        writer.body.insert(sources_end, f"<p>{_text(about)}</p>")
    if writer.notes:
        items = "".join(f"<li>{_text(n)}</li>" for n in writer.notes)
        writer.body.append(f'<h2>Notes</h2><ul class="notes">{items}</ul>')
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{_CONTENT_SECURITY_POLICY}">'
        f"<title>{_text(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{_text(title)}</h1>" + "\n".join(writer.body) + "</body></html>"
    )
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return Report(
        folder=folder,
        index=index,
        tables=tuple(writer.tables),
        figures=tuple(writer.figures),
        notes=tuple(writer.notes),
    )
