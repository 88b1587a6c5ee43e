"""
Table 6 — Drivers of net immigration from abroad, regions (simulated and real data)
===================================================================================

**In the report.** Vareide (2012, table 6): for regions the pattern of immigration is
much that of municipalities. Job growth in the region matters most and more and more,
as does job growth in neighbouring regions; small, isolated regions have
systematically more immigration, though the relation is weak. Regions scoring high on
the culture index have systematically more immigration.

**In ours.** First the report's table, drawn from simulated data with known
truth and the report's periods (columns by their last year, 2003 = 2001–2003 to
2010 = 2008–2010), with R² and the number of units under each column; its betas
should follow the true coefficients printed after it. Then the same analysis on
the real data with the factors they have, for 2013–2014, the only flow years of
the data.

**Differences.** No labour-market integration for regions (see table 2); one real
period; 85 regions; private jobs.
"""

import pandas as pd

from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.drivers import DriverAnalysis, published_tables
from attraktiv.factors import published_factors, usable_factors
from attraktiv.plot import beta_table, styled_betas

panel = simulate_panel(426, years=range(2000, 2011), rng=2011)
level = "region"
tables = published_tables(panel, factors={level: published_factors(panel, level)})
fig = beta_table(tables[level, "net_migration_immigration"])

# %%
# The true (unstandardized) coefficients of the simulation:
pd.Series(
    panel.metadata["component_coefficients"]["immigration"], name="true coefficient"
)

# %%
# Real data
# ---------
# The published factors the bundled data have, and why the others are left out:
real = load_norway()
factors, missing = usable_factors(real, published_factors(real, level))
print("fitted:", ", ".join(factors))
for name, reason in missing.items():
    print(f"left out: {name} ({reason})")

# %%
# Their betas:
analysis = DriverAnalysis(factors, outcome="immigration")
styled_betas(analysis.fit(real, "2013-2014", level=level))
