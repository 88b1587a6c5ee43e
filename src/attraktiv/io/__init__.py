"""Reading data: a user's own panel CSV, and Statistics Norway's tables.

- :func:`read_panel_csv`, :func:`read_hierarchy_csv` — a panel in the documented
  schema and its hierarchy.
- :func:`read_statbank` — a table exported from Statistics Norway's StatBank web
  interface, as a tidy frame.
- :func:`read_jsonstat` — a JSON-stat 2.0 dataset (the StatBank API's answer), as
  the same tidy frame.
- :func:`read_eurostat` — one of Eurostat's bulk TSV files (``demo_r_gind3`` ...),
  flags kept in a column; Eurostat's API answers (JSON-stat 2.0) go through
  :func:`read_jsonstat`, NUTS codes as published.
- :func:`to_borders` — a tidy frame moved to the 2024 municipalities with the
  bundled change table.
- :class:`StatBankClient` — fetches StatBank tables through SSB's API, with an
  on-disk cache and SSB's rate limit respected.

Examples
--------
>>> import io
>>> from attraktiv.io import read_hierarchy_csv
>>> text = "municipality_code,municipality_name,region_code,region_name\\n"
>>> text += "0101,Halden,R1,South\\n0104,Moss,R1,South\\n"
>>> read_hierarchy_csv(io.StringIO(text), levels=("municipality", "region"))
Hierarchy(municipality: 2, region: 1)
"""

from __future__ import annotations

from ._borders import to_borders
from ._client import DEFAULT_BASE_URL, StatBankClient, default_cache_dir
from ._csv import read_hierarchy_csv, read_panel_csv
from ._eurostat import EUROSTAT_FLAGS, read_eurostat
from ._jsonstat import read_jsonstat
from ._statbank import read_statbank

__all__ = [
    "DEFAULT_BASE_URL",
    "EUROSTAT_FLAGS",
    "StatBankClient",
    "default_cache_dir",
    "read_eurostat",
    "read_hierarchy_csv",
    "read_jsonstat",
    "read_panel_csv",
    "read_statbank",
    "to_borders",
]
