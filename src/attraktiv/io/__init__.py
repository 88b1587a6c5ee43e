"""Reading data: a user's own panel CSV, and Statistics Norway's tables.

- :func:`read_panel_csv`, :func:`read_hierarchy_csv` — a panel in the documented
  schema and its hierarchy.

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

from ._csv import read_hierarchy_csv, read_panel_csv

__all__ = ["read_hierarchy_csv", "read_panel_csv"]
