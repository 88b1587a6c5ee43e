"""
Figure 27 — Top 10 regions by domestic net migration of others (real data)
==========================================================================

The attractiveness index for domestic net migration of others, regions 2013–2014.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_other ~ job_growth")
result = model.fit(panel, "2013-2014", level="region")

fig = top_bars(result, n=10, hierarchy=panel.hierarchy)
