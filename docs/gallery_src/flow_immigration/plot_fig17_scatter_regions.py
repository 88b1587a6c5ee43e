"""
Figure 17 — Regions, those most attractive for immigration marked (real data)
=============================================================================

**In the report.** Vareide (2012, figure 17) marks the regions most attractive for
immigration on the picture of total net migration against job growth, to show, for
instance, Hallingdal's weak job growth beside its high immigration.

**In ours.** The same for 2013–2014, the ten regions most attractive for immigration
marked. Notice that they spread across the range of job growth.

**Differences.** 2013–2014 instead of 2008–2010; 85 regions; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2013-2014", level="region")

fig = scatter(
    result, top=10, bottom=0, rank_by="immigration", hierarchy=panel.hierarchy
)
