"""
Figure 12 — Maps of regions: the long term and 2008–2010 (real data)
====================================================================

**In the report.** Vareide (2012, figure 12) maps the regions in five groups, long
term on the left and 2008–2010 on the right. The latest period is more
decentralised, with many regions of southern Norway outside the centres above
average; the long term is more central, led by the regions around Oslo and those to
its north-east and south-east, the coast to the south-west and the big-city regions,
Bergen above all. Apart from Tromsø, no region in Northern Norway is above average.

**In ours.** The same pair of maps, quintiles, long term left. Notice the dark
blue ring around Oslo on the left and the red and orange north on both.

**Differences.** The long term is 2003–2011; 85 regions in 2017 borders; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import choropleth_pair

panel = load_norway()
model = attraktiv.AttractivenessModel()

fig = choropleth_pair(
    model.long_term(panel, 2011, level="region"),
    model.fit(panel, "2008-2010", level="region"),
    titles=("Long term, 2003–2011", "2008–2010"),
)
