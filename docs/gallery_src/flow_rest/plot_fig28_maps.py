"""
Figure 28 — Maps: attractiveness for the rest of the population (real data)
===========================================================================

**In the report.** Vareide (2012, figure 28): central places around Oslo and down the
coast of Eastern and Southern Norway are attractive for this group, as are the
municipalities around Bergen and Trondheim, and a group of regions in Østfold,
Hedmark and Trøndelag that were not attractive for immigration.

**In ours.** The same maps for 2013–2014. Notice the belt around the Oslo fjord and
the places around Bergen and Trondheim.

**Differences.** 2013–2014; the group includes the Norwegian-born children of
immigrants; 2017 borders; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import choropleth_pair

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_other ~ job_growth")

fig = choropleth_pair(
    model.fit(panel, "2013-2014"),
    model.fit(panel, "2013-2014", level="region"),
    titles=("Municipalities, 2013–2014", "Regions, 2013–2014"),
)
