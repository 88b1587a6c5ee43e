"""
Table 2 — Drivers of net immigration, municipalities (simulated and real)
=========================================================================

Standardized betas of the published factors of municipalities, fitted together for
each period, coloured by sign and significance (dark: p < 0.01, light: 0.01 ≤ p <
0.1). The outcome is net immigration from abroad.

The report's table, with all published factors and its periods (columns by their
last year, 2003 = 2001–2003 to 2010 = 2008–2010), is drawn from **simulated data
with known truth**: the bundled real data lack several published factors (culture
index, café density, housing construction, university staff), so a simulated panel
whose net immigration from abroad follows known coefficients stands in. Its betas
should show the signs and relative sizes of the true coefficients printed first.

Below it, the same analysis on the **real data** with the published factors they
have, for 2013–2014, the years in which the bundled data split net migration into
its flows.
"""

import pandas as pd

from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.drivers import DriverAnalysis, published_tables
from attraktiv.factors import published_factors, usable_factors
from attraktiv.plot import styled_betas

# %%
# Simulated data with known truth
# -------------------------------
# The true (unstandardized) coefficients of the simulation:
panel = simulate_panel(426, years=range(2000, 2011), rng=2011)
pd.Series(
    panel.metadata["component_coefficients"]["immigration"], name="true coefficient"
)

# %%
# The report's table:
tables = published_tables(panel)
styled_betas(tables["municipality", "net_migration_immigration"])

# %%
# Real data
# ---------
# The published factors the bundled data have, and why the others are left out:
real = load_norway()
factors, missing = usable_factors(real, published_factors(real, "municipality"))
print("fitted:", ", ".join(factors))
for name, reason in missing.items():
    print(f"left out: {name} ({reason})")

# %%
# Their betas:
analysis = DriverAnalysis(factors, outcome="immigration")
styled_betas(analysis.fit(real, "2013-2014", level="municipality"))
