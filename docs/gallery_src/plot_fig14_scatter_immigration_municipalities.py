"""
Figure 14 — Net immigration from abroad against job growth, municipalities (real data)
======================================================================================

Each flow gets its own index from the same regressor: here net immigration from
abroad (immigration - emigration of everyone), in percent of the start population.
The ten municipalities with the highest index for this flow are marked.

The bundled data split net migration into its flows for 2013 and 2014 only, so the
period here is the two years 2013–2014 (the report's is 2008–2010).
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_immigration ~ job_growth")
result = model.fit(panel, "2013-2014")

fig = scatter(result, top=10, bottom=0, hierarchy=panel.hierarchy)
