"""
Figure 17 — Top 10 regions by net immigration from abroad (real data)
=====================================================================

The attractiveness index for net immigration from abroad, regions 2013–2014.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_immigration ~ job_growth")
result = model.fit(panel, "2013-2014", level="region")

fig = top_bars(result, n=10, hierarchy=panel.hierarchy)
