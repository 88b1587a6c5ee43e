"""
Figure 14 — The 20 municipalities most attractive for immigration (real data)
=============================================================================

**In the report.** Vareide (2012, figure 14) ranks the municipalities by their index
for net immigration from abroad: the same method with that flow as the outcome. The
striking thing is that all 20 are rural: immigration spreads population out. Some of
them — Nesna, Vang, Salangen, Engerdal, Lødingen — take in refugees who soon move on,
so they are at the same time very unattractive for the immigrant population.

**In ours.** The same bars for 2013–2014. Notice that the list is rural again, and
that all five municipalities the report names as refugee hosts are among our 20.

**Differences.** The bundled data have the flows for 2013–2014 only, so the period is
those two years, not 2008–2010; jobs are private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_immigration ~ job_growth")
result = model.fit(panel, "2013-2014")

fig = top_bars(result, n=20, hierarchy=panel.hierarchy)

# %%
named = {"Nesna", "Vang", "Salangen", "Engerdal", "Lødingen"}
top = result.top(20)["name"]
print("the report's refugee hosts in our 20:", sorted(named & set(top)))
