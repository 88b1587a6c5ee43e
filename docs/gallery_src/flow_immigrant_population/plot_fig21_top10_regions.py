"""
Figure 21 — The 10 regions most attractive for the immigrant population (real data)
===================================================================================

**In the report.** Vareide (2012, figure 21): Øvre Romerike first, then Nedre Glomma
and Nedre Romerike. Regions of Eastern Norway dominate; Osterfjorden and Bjørnefjorden
are the only ones outside the central east. In Nedre Romerike, Akershus Vest and
Ringerike/Hole the immigrant population is much of the reason for their overall
attractiveness, and in Osterfjorden all of it.

**In ours.** The same bars for 2013–2014. Notice how close this list is to the
report's: Øvre Romerike first, Nedre Romerike and Nedre Glomma in the top four, and
Osterfjorden and Bjørnefjorden among the ten.

**Differences.** 2013–2014; immigrants only (see the section's introduction); 85
regions; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_immigrant ~ job_growth")
result = model.fit(panel, "2013-2014", level="region")

fig = top_bars(result, n=10, hierarchy=panel.hierarchy)
