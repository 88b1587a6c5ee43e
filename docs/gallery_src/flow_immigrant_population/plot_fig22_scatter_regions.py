"""
Figure 22 — Regions, those most attractive for immigrants marked (real data)
============================================================================

**In the report.** Vareide (2012, figure 22) marks the regions most attractive for the
immigrant population on the total picture; their job growth varies widely, so this
attractiveness seems to have little to do with jobs.

**In ours.** The same for 2013–2014, ten marked. Notice the spread along the
horizontal axis.

**Differences.** 2013–2014; immigrants only; 85 regions; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2013-2014", level="region")

fig = scatter(
    result, top=10, bottom=0, rank_by="domestic_immigrant", hierarchy=panel.hierarchy
)
