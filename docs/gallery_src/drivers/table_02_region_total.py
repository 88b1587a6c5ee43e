"""
Table 2 — Drivers of net migration, regions (simulated and real data)
=====================================================================

**In the report.** Vareide (2012, table 2) runs the same analysis for regions. Job
growth, labour-market integration, population size, cafés and housing construction
are positive; housing matters much less than for municipalities and not at all in the
latest periods — housing decides which municipality of a region people move to, not
which region. Size matters less in the last period. Having a university college in
the region shows no positive relation, rather the opposite.

**In ours.** First the report's table, drawn from simulated data with known
truth and the report's periods (columns by their last year, 2003 = 2001–2003 to
2010 = 2008–2010), with R² and the number of units under each column; its betas
should follow the true coefficients printed after it. Then the same analysis on
the real data with the factors they have, for 2009–2011 to 2012–2014.

**Differences.** The report's regional table has labour-market integration; the
library defines it for municipalities only (summing municipal commuters would count
commuting inside a region), so neither of our regional tables has that row. The
real data have three regional factors; 85 regions; private jobs.
"""

import pandas as pd

from attraktiv.datasets import load_norway, simulate_panel
from attraktiv.drivers import DriverAnalysis, published_tables
from attraktiv.factors import published_factors, usable_factors
from attraktiv.plot import beta_table, styled_betas

panel = simulate_panel(426, years=range(2000, 2011), rng=2011)
level = "region"
tables = published_tables(panel, factors={level: published_factors(panel, level)})
fig = beta_table(tables[level, "net_migration"])

# %%
# The true (unstandardized) coefficients of the simulation:
pd.Series(panel.metadata["coefficients"], name="true coefficient")

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
analysis = DriverAnalysis(factors)
periods = ["2009-2011", "2010-2012", "2011-2013", "2012-2014"]
styled_betas(analysis.fit(real, periods, level=level))
