"""Build the European package data from Eurostat's and GISCO's files (maintainers).

The files shipped with :func:`attraktiv.datasets.load_europe` are made by this
module from the unmodified downloads, so anyone can check or remake them::

    python -m attraktiv.datasets._build_europe RAW_DIR OUT_DIR

``RAW_DIR`` holds ``eurostat_demo_r_gind3_nuts3_2000_2019.csv``,
``eurostat_nama_10r_3empers_total_nuts3_2000_2018.csv`` and
``NUTS_RG_60M_2016_4326_LEVL_3.geojson`` (see ``PROVENANCE.md`` beside the
package data for where they come from), and for the names of the NUTS 2 and NUTS 1
regions GISCO's ``NUTS_RG_20M_2016_4326_LEVL_{1,2}.geojson`` and
``NUTS_RG_20M_2021_4326_LEVL_{1,2}.geojson``. What the build does:

- keeps the NUTS 3 regions of the GISCO NUTS 2016 boundary file (1,522), so the
  extra-regio codes (``ATZZZ`` ...) and the NUTS 2013 codes are not units;
- Norway's Trøndelag (``NO060`` in NUTS 2016) has employment only as its two
  NUTS 2013 halves, ``NO061`` and ``NO062``: their sum is its employment;
- keeps population on 1 January, population change, live births and deaths for
  2000-2018 and employment for 2000-2017 (2018 has employment for only 287
  regions), as whole numbers, an empty field where Eurostat has no value;
- writes the names and Eurostat's typologies of each region from the boundary
  file, and the boundary file itself, gzipped but otherwise byte for byte;
- names the NUTS 2 and NUTS 1 regions of NUTS 2016 as GISCO's NUTS 2016 files do
  (``NUTS_NAME``), except where that name is in capitals (every NUTS 1 name:
  "OSTÖSTERREICH") or in Greek or Cyrillic script ("Aττική"): then the name in
  Latin script that GISCO's NUTS 2021 files give the same code (``NAME_LATN``:
  "Ostösterreich", "Attiki"). Every code concerned is in NUTS 2021.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Final

import pandas as pd

__all__ = [
    "COUNTS_FILE",
    "GEOMETRY_FILE",
    "NAMES_FILE",
    "UNITS_FILE",
    "build",
    "names_output",
    "outputs",
]

DEMOGRAPHY_RAW: Final = "eurostat_demo_r_gind3_nuts3_2000_2019.csv"
EMPLOYMENT_RAW: Final = "eurostat_nama_10r_3empers_total_nuts3_2000_2018.csv"
GEOMETRY_RAW: Final = "NUTS_RG_60M_2016_4326_LEVL_3.geojson"

COUNTS_FILE: Final = "europe_nuts3_2000_2018.csv.gz"
UNITS_FILE: Final = "europe_nuts3_units.csv"
GEOMETRY_FILE: Final = "europe_nuts3_2016_60m.geojson.gz"
NAMES_FILE: Final = "europe_nuts_names.csv"

#: GISCO's NUTS 2016 and NUTS 2021 boundary files (1:20 million) of NUTS levels 1
#: and 2, read for their names only: (level, NUTS 2016 file, NUTS 2021 file).
NAMES_RAW: Final = tuple(
    (
        f"nuts{number}",
        f"NUTS_RG_20M_2016_4326_LEVL_{number}.geojson",
        f"NUTS_RG_20M_2021_4326_LEVL_{number}.geojson",
    )
    for number in (1, 2)
)

_FIRST_YEAR: Final = 2000
_LAST_DEMOGRAPHY: Final = 2018
_LAST_EMPLOYMENT: Final = 2017
# NUTS 2013 codes whose sum is one NUTS 2016 region (Trøndelag, merged in 2018).
_MERGED: Final[dict[str, str]] = {"NO061": "NO060", "NO062": "NO060"}
_DEMOGRAPHY: Final = ("population_jan1", "population_change", "live_births", "deaths")


def _units(geometry: bytes) -> pd.DataFrame:
    features = json.loads(geometry)["features"]
    rows = [
        {
            "code": f["properties"]["NUTS_ID"],
            "name": f["properties"]["NAME_LATN"],
            "urban_type": f["properties"]["URBN_TYPE"],
            "coast_type": f["properties"]["COAST_TYPE"],
            "mountain_type": f["properties"]["MOUNT_TYPE"],
        }
        for f in features
    ]
    frame = pd.DataFrame(rows).sort_values("code").reset_index(drop=True)
    for column in ("urban_type", "coast_type", "mountain_type"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _counts(raw: Path, codes: pd.Index) -> pd.DataFrame:
    demography = pd.read_csv(raw / DEMOGRAPHY_RAW, dtype={"nuts_id": "str"})
    demography = demography[
        demography["nuts_id"].isin(codes)
        & demography["year"].between(_FIRST_YEAR, _LAST_DEMOGRAPHY)
    ]
    employment = pd.read_csv(raw / EMPLOYMENT_RAW, dtype={"nuts_id": "str"})
    employment["nuts_id"] = employment["nuts_id"].replace(_MERGED)
    employment = employment[
        employment["nuts_id"].isin(codes)
        & employment["year"].between(_FIRST_YEAR, _LAST_EMPLOYMENT)
    ]
    # min_count=len(parts): a merged region is unknown if either half is.
    employment = (
        employment.groupby(["nuts_id", "year"])["employment_persons"]
        .agg(["sum", "count"])
        .reset_index()
    )
    parts = employment["nuts_id"].map(pd.Series(_MERGED).value_counts()).fillna(1)
    employment = employment[employment["count"] == parts]
    employment = employment.rename(columns={"sum": "jobs"})[["nuts_id", "year", "jobs"]]
    merged = demography.merge(employment, on=["nuts_id", "year"], how="outer")
    merged = merged.rename(columns={"nuts_id": "code"})
    merged = merged.sort_values(["code", "year"]).reset_index(drop=True)
    for column in (*_DEMOGRAPHY, "jobs"):
        merged[column] = merged[column].round().astype("Int64")
    return merged[["code", "year", *_DEMOGRAPHY, "jobs"]]


def _latin_mixed_case(name: str) -> bool:
    """False for a name in capitals or with Greek or Cyrillic letters."""
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return False
    return not any("\u0370" <= c <= "\u04ff" for c in letters)


def _properties(path: Path) -> dict[str, dict[str, str]]:
    features = json.loads(path.read_bytes())["features"]
    return {f["properties"]["NUTS_ID"]: f["properties"] for f in features}


def names_output(raw: str | Path) -> bytes:
    """The names of the NUTS 2 and NUTS 1 regions of NUTS 2016, as shipped.

    Parameters
    ----------
    raw : str or Path
        The folder with the four GISCO files of :data:`NAMES_RAW`.

    Returns
    -------
    bytes
        CSV text ``level, code, name``: the 125 NUTS 1 regions, then the 332
        NUTS 2 regions, each sorted by code.

    Raises
    ------
    KeyError
        If a name to replace has no code in NUTS 2021 (not so for these files).
    """
    raw = Path(raw)
    rows = []
    for level, file_2016, file_2021 in NAMES_RAW:
        latin = _properties(raw / file_2021)
        for code, properties in sorted(_properties(raw / file_2016).items()):
            name = properties["NUTS_NAME"].strip()
            if not _latin_mixed_case(name):
                name = latin[code]["NAME_LATN"].strip()
            rows.append({"level": level, "code": code, "name": name})
    return pd.DataFrame(rows).to_csv(index=False, lineterminator="\n").encode()


def outputs(raw: str | Path) -> dict[str, bytes]:
    """The package files made from the raw files in ``raw``, uncompressed.

    Parameters
    ----------
    raw : str or Path
        The folder with the three raw files named in the module's docstring.

    Returns
    -------
    dict of str to bytes
        File name (as shipped) to its content before gzip.
    """
    raw = Path(raw)
    geometry = (raw / GEOMETRY_RAW).read_bytes()
    units = _units(geometry)
    counts = _counts(raw, pd.Index(units["code"]))
    return {
        COUNTS_FILE: counts.to_csv(index=False, lineterminator="\n").encode(),
        UNITS_FILE: units.to_csv(index=False, lineterminator="\n").encode(),
        GEOMETRY_FILE: geometry,
    }


def build(raw: str | Path, out: str | Path) -> list[Path]:
    """Write the package files made from ``raw`` into the folder ``out``.

    Parameters
    ----------
    raw : str or Path
        The folder with the raw files.
    out : str or Path
        Where to write; files of the same names are replaced.

    Returns
    -------
    list of Path
        The files written: the names of the NUTS 2 and NUTS 1 regions too when
        the four files they come from are in ``raw``.
    """
    out = Path(out)
    written = []
    made = outputs(raw)
    if all((Path(raw) / f).is_file() for _, *pair in NAMES_RAW for f in pair):
        made[NAMES_FILE] = names_output(raw)
    for name, content in made.items():
        path = out / name
        # mtime=0: the same input gives the same bytes on every build
        data = gzip.compress(content, mtime=0) if name.endswith(".gz") else content
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    for path in build(sys.argv[1], sys.argv[2]):
        print(path)
