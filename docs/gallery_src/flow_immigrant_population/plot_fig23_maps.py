"""
Figure 23 — Maps: attractiveness for the immigrant population (real data)
=========================================================================

**In the report.** Vareide (2012, figure 23): the municipalities attractive for the
immigrant population lie in central Eastern Norway, around the Oslo fjord and down
the coast; few inland or northern places are. The regional map is clearer still:
the regions around Oslo, Bergen and Stavanger and along the southern coast.

**In ours.** The same maps for 2013–2014. Notice the dark blue regions around Oslo and
on the coast south of it, and the red inland west.

**Differences.** 2013–2014; immigrants only; 2017 borders; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import choropleth_pair

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_immigrant ~ job_growth")

fig = choropleth_pair(
    model.fit(panel, "2013-2014"),
    model.fit(panel, "2013-2014", level="region"),
    titles=("Municipalities, 2013–2014", "Regions, 2013–2014"),
)
