"""
Table 7 — Drivers of immigrants' domestic moves, regions (simulated and real data)
==================================================================================

**In the report.** Vareide (2012, table 7): the immigrant population's secondary moves
show the opposite of immigration itself: systematically towards populous, well
integrated regions — those of central Eastern Norway — and away from regions with a
high culture score.

**In ours.** First the report's table, drawn from simulated data with known
truth and the report's periods (columns by their last year, 2003 = 2001–2003 to
2010 = 2008–2010), with R² and the number of units under each column; its betas
should follow the true coefficients printed after it. Then the same analysis on
the real data with the factors they have, for 2013–2014, the only flow years of
the data.

**Differences.** No labour-market integration for regions; immigrants only; one
real period; 85 regions; private jobs.
"""

import pandas as pd

from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.drivers import DriverAnalysis, published_tables
from attraktiv.factors import published_factors, usable_factors
from attraktiv.plot import beta_table, styled_betas

panel = simulate_panel(426, years=range(2000, 2011), rng=2011)
level = "region"
tables = published_tables(panel, factors={level: published_factors(panel, level)})
fig = beta_table(tables[level, "net_migration_domestic_immigrant"])

# %%
# The true (unstandardized) coefficients of the simulation:
truth = panel.metadata["component_coefficients"]["domestic_immigrant"]
pd.Series(truth, name="true coefficient")

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
analysis = DriverAnalysis(factors, outcome="domestic_immigrant")
styled_betas(analysis.fit(real, "2013-2014", level=level))
