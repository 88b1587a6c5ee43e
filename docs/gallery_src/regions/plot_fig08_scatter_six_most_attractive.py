"""
Figure 8 — Regions by migration and job growth, top six marked (real data)
==========================================================================

**In the report.** Vareide (2012, figure 8) places the regions by job growth and net
migration in 2008–2010 and marks the six most attractive in red. Øvre Romerike leads,
as it has in every period since 2000, often by a wide margin; Hitra/Frøya, a rural
region far from any city and earlier below average, is second thanks to strong
in-migration, much of it from abroad.

**In ours.** The same chart; the six most attractive are marked and named. Notice
Øvre Romerike well clear of the rest, and that the leading regions gather around
Oslo and Bergen.

**Differences.** The data have 85 regions (Telemarksforsking's division of 2017)
where the report has 83, and count private jobs. Hitra/Frøya ranks eighth here,
not second; :doc:`/fidelity` shows why with numbers.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010", level="region")

fig = scatter(result, top=6, bottom=0, hierarchy=panel.hierarchy)

# %%
print(result.top(10)[["rank", "name", "attractiveness", "job_growth"]].round(2))
