"""
Figure 20 — Top 20 municipalities by domestic net migration of immigrants (real data)
=====================================================================================

The attractiveness index for domestic net migration of immigrants, 2013–2014.

The bundled data split net migration into its flows for 2013 and 2014 only, so the
period here is the two years 2013–2014 (the report's is 2008–2010).
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_immigrant ~ job_growth")
result = model.fit(panel, "2013-2014")

fig = top_bars(result, n=20, hierarchy=panel.hierarchy)
