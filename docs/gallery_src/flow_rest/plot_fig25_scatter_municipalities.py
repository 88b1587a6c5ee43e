"""
Figure 25 — Municipalities, those most attractive for the rest marked (real data)
=================================================================================

**In the report.** Vareide (2012, figure 25) marks the municipalities most attractive
for the population without an immigrant background on the picture of total net
migration against job growth; all of them are attractive overall.

**In ours.** The same for 2013–2014, ten marked. Notice that they lie above the line:
this flow is the largest part of net migration, so its leaders lead the total too.

**Differences.** 2013–2014; the group includes the Norwegian-born children of
immigrants; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2013-2014")

fig = scatter(
    result, top=10, bottom=0, rank_by="domestic_other", hierarchy=panel.hierarchy
)

# %%
ten = result.flows["domestic_other"].nlargest(10).index
print(int((result.index[ten] > 0).sum()), "of 10 above the line")
