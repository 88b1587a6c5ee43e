"""
Figure 20 — Municipalities, those most attractive for immigrants marked (real data)
===================================================================================

**In the report.** Vareide (2012, figure 20) marks the municipalities most attractive
for the immigrant population on the picture of total net migration against job
growth: almost all of them lie above the line, attractive in general. In some,
though, the immigrant population's in-migration is the very reason for the high
total, with little in-migration of others.

**In ours.** The same for 2013–2014, ten marked. Notice how many of them lie above
the line, and which do not.

**Differences.** 2013–2014; the flow counts immigrants without their Norwegian-born
children; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2013-2014")

fig = scatter(
    result, top=10, bottom=0, rank_by="domestic_immigrant", hierarchy=panel.hierarchy
)

# %%
# How many of the ten are above the line (a positive total index)?
ten = result.flows["domestic_immigrant"].nlargest(10).index
print(int((result.index[ten] > 0).sum()), "of 10")
