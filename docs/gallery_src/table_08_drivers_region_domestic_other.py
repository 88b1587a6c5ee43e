"""
Table 8 — Drivers of others' domestic migration, regions (simulated, known truth)
=================================================================================

Standardized betas of the published factors, fitted together for each period,
coloured by sign and significance (dark: p < 0.01, light: 0.01 ≤ p < 0.1). Columns
are periods by their last year, 2003 (2001–2003) to 2010 (2008–2010), as in the
report.

The bundled real data lack several of the published factors (culture index, café
density, housing construction, university staff), so the table is drawn from a
simulated panel whose domestic net migration of others follows known coefficients:
the betas should show the signs and the relative sizes of the truth printed first.
"""

import pandas as pd

from attraktiv.datasets import simulate_panel
from attraktiv.drivers import published_tables
from attraktiv.plot import styled_betas

panel = simulate_panel(426, years=range(2000, 2011), rng=2011)
tables = published_tables(panel)

# %%
# The true (unstandardized) coefficients of the simulation:
pd.Series(
    panel.metadata["component_coefficients"]["domestic_other"], name="true coefficient"
)

# %%
# The table:
styled_betas(tables["region", "net_migration_domestic_other"])
