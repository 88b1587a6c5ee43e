"""
Figure 26 — Domestic net migration of others against job growth, regions (real data)
====================================================================================

As Figure 24 across the 85 labour-market regions, 2013–2014.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_other ~ job_growth")
result = model.fit(panel, "2013-2014", level="region")

fig = scatter(result, top=10, bottom=0, hierarchy=panel.hierarchy)
