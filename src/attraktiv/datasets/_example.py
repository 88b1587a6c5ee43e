"""A small real panel and hierarchy, shipped as CSV files to start your data from."""

from __future__ import annotations

import os
from importlib.resources import as_file, files
from pathlib import Path
from typing import Final

from ..core.validation import check_flag, check_path
from ..errors import DataError
from ..io import read_panel_csv
from ..panel import Panel

__all__ = ["EXAMPLE_FILES", "load_example", "write_template"]

_PACKAGE: Final = "attraktiv.datasets"
_PANEL: Final = "example_panel.csv"
_HIERARCHY: Final = "example_hierarchy.csv"

#: The names :func:`write_template` gives the two files: the names that
#: :func:`attraktiv.io.read_panel_csv` and ``attraktiv barometer --data`` look for
#: (the hierarchy defaults to ``hierarchy.csv`` beside the panel).
EXAMPLE_FILES: Final[tuple[str, str]] = ("panel.csv", "hierarchy.csv")


def load_example() -> Panel:
    """A small real panel: 18 municipalities around Oslo, 2007-2013.

    The four labour-market regions Mosseregionen, Follo, Øvre Romerike and Oslo
    (18 municipalities in the counties Østfold, Akershus and Oslo, 2017 borders),
    cut from the bundled Norwegian data (:func:`load_norway`; Statistics Norway
    via Telemarksforsking, CC BY 4.0) and kept to the columns every panel needs.
    It is read from two CSV files shipped with the package by
    :func:`attraktiv.io.read_panel_csv`, the reader for your own data;
    :func:`write_template` writes the same files out as a starting point.

    Returns
    -------
    Panel
        Columns ``code``, ``year``, ``population_jan1``, ``natural_increase``,
        ``net_migration`` and ``jobs`` (persons and jobs, whole numbers), for the
        years 2007-2013: the periods 2008-2010 to 2011-2013. Levels
        ``municipality``, ``region`` and ``county``.

    See Also
    --------
    write_template : Write the two CSV files into a folder of your own.
    load_norway : All 426 municipalities, 2003-2016, with more inputs.

    Notes
    -----
    The regions are whole, so a region's numbers equal those computed from the
    full data; the regression across 18 municipalities or 4 regions is not the
    barometer's, which fits all units of the country.

    Examples
    --------
    >>> import attraktiv
    >>> from attraktiv.datasets import load_example
    >>> panel = load_example()
    >>> panel.hierarchy
    Hierarchy(municipality: 18, region: 4, county: 3)
    >>> result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")
    >>> result.top(2)[["name", "attractiveness"]].round(2)
                name  attractiveness
    code
    0235  Ullensaker            5.13
    0214          Ås            4.15
    """
    source = files(_PACKAGE).joinpath("data")
    with (
        as_file(source.joinpath(_PANEL)) as panel_path,
        as_file(source.joinpath(_HIERARCHY)) as hierarchy_path,
    ):
        return read_panel_csv(panel_path, hierarchy_path)


def write_template(
    folder: str | os.PathLike[str], *, overwrite: bool = False
) -> tuple[Path, Path]:
    """Write the example panel and hierarchy as CSV files to start your own data from.

    Parameters
    ----------
    folder : path
        Where to write ``panel.csv`` and ``hierarchy.csv``; created (with its
        parents) if it does not exist.
    overwrite : bool, default False
        Replace files of those names already in ``folder``. By default an
        existing file is an error and nothing is written.

    Returns
    -------
    tuple of pathlib.Path
        The paths of the panel and of the hierarchy file written.

    Raises
    ------
    DataError
        If ``folder`` is an existing file, if ``panel.csv`` or ``hierarchy.csv``
        already exists there and ``overwrite`` is False, or if the files cannot be
        written; the message names the path.

    See Also
    --------
    load_example : The same data as a :class:`~attraktiv.Panel`.
    attraktiv.io.read_panel_csv : Read the files back (after your edits).

    Notes
    -----
    The files are the package's example files, byte for byte: a comma-separated
    panel with one row per municipality and year (``code`` as text, so
    ``0104`` keeps its leading zero) and a hierarchy with a ``<level>_code`` and
    ``<level>_name`` column per level, lowest level first. Replace the rows with
    your own units, keep the header, and run ``attraktiv barometer --data
    FOLDER/panel.csv`` (the hierarchy is found beside the panel). The columns
    are documented in :class:`~attraktiv.Panel`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from attraktiv.datasets import write_template
    >>> from attraktiv.io import read_panel_csv
    >>> folder = Path(tempfile.mkdtemp()) / "my-country"
    >>> panel_csv, hierarchy_csv = write_template(folder)
    >>> panel_csv.name, hierarchy_csv.name
    ('panel.csv', 'hierarchy.csv')
    >>> print(panel_csv.read_text(encoding="utf-8").splitlines()[0])
    code,year,population_jan1,natural_increase,net_migration,jobs
    >>> read_panel_csv(panel_csv).periods_available()[0].label
    '2008-2010'
    """
    target = check_path("folder", folder)
    overwrite = check_flag("overwrite", overwrite)
    if target.exists() and not target.is_dir():
        raise DataError(
            f"cannot write the template into {str(target)!r}: it is a file, not a "
            "folder"
        )
    paths = (target / EXAMPLE_FILES[0], target / EXAMPLE_FILES[1])
    if not overwrite:
        # A symbolic link counts, even a dangling one: nothing is written through it.
        existing = [str(path) for path in paths if os.path.lexists(path)]
        if existing:
            raise DataError(
                f"{', '.join(map(repr, existing))} already "
                f"{'exists' if len(existing) == 1 else 'exist'}; pass overwrite=True "
                "to replace, or choose another folder"
            )
    source = files(_PACKAGE).joinpath("data")
    try:
        target.mkdir(parents=True, exist_ok=True)
        for path, name in zip(paths, (_PANEL, _HIERARCHY), strict=True):
            # Written beside and moved over: a link in the way is replaced, not
            # followed, and a reader never sees half a file.
            partial = path.with_name(f".{path.name}.partial")
            partial.write_bytes(source.joinpath(name).read_bytes())
            os.replace(partial, path)
    except OSError as err:
        where = err.filename if err.filename is not None else target
        raise DataError(
            f"cannot write the template into {str(where)!r}: "
            f"{err.strerror or type(err).__name__}"
        ) from None
    return paths
