"""
Figure 27 — Regions, those most attractive for the rest marked (real data)
==========================================================================

**In the report.** Vareide (2012, figure 27 — captioned "municipalities", though it
shows regions) marks the regions most attractive for the rest of the population on
the total picture: they are attractive overall, though not all among the most
attractive, and most have average or slightly above-average job growth.

**In ours.** The same for 2013–2014, ten marked. Notice where they fall on the
horizontal axis.

**Differences.** 2013–2014; the group includes the Norwegian-born children of
immigrants; 85 regions; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2013-2014", level="region")

fig = scatter(
    result, top=10, bottom=0, rank_by="domestic_other", hierarchy=panel.hierarchy
)

# %%
# Median job growth of all regions against that of the ten:
ten = result.flows["domestic_other"].nlargest(10).index
print(f"all regions: {result.table['job_growth'].median():.2f} %")
print(f"the ten:     {result.table.loc[ten, 'job_growth'].median():.2f} %")
