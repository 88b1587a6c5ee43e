"""
Figure 18 — Maps: attractiveness for immigration, municipalities and regions (real data)
========================================================================================

**In the report.** Vareide (2012, figure 18) maps the index for immigration,
municipalities on the left and regions on the right. There is no sharp pattern: many
rural districts — the mountain regions of the south, the north-west coast, parts of
Rogaland, Agder and the north — are attractive for immigration, while few regions in
Østfold, Hedmark and Trøndelag are.

**In ours.** The same maps, quintiles of the 2013–2014 index. Notice how patchy the
municipal map is, and that the dark blue (most attractive) regions are mostly rural:
the mountain valleys of the south and much of the northern coast.

**Differences.** 2013–2014 instead of 2008–2010; 2017 borders; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import choropleth_pair

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_immigration ~ job_growth")

fig = choropleth_pair(
    model.fit(panel, "2013-2014"),
    model.fit(panel, "2013-2014", level="region"),
    titles=("Municipalities, 2013–2014", "Regions, 2013–2014"),
)
