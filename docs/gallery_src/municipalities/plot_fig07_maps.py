"""
Figure 7 — Maps of municipalities: the long term and 2008–2010 (real data)
==========================================================================

**In the report.** Vareide (2012, figure 7) divides the municipalities into five
groups by their index and maps them: the long term on the left, 2008–2010 on the
right. The places around Oslo stand out, with those around Trondheim, Bergen and
Stavanger and a cluster on the Agder coast; the least attractive are rural
municipalities all over the country, above all in the north. The long-term map shows
the central-east pattern even more strongly.

**In ours.** The same two maps, quintiles of the index, long term left; Oslo and
Akershus are enlarged in an inset. Notice the dark blue ring around Oslo on both
maps, stronger in the long term, and the red (least attractive) north.

**Differences.** The long term is 2003–2011 (the report's 2002–2010 is out of the
data's reach), the map has the 2017 borders, and jobs are private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import choropleth_pair

panel = load_norway()
model = attraktiv.AttractivenessModel()

fig = choropleth_pair(
    model.long_term(panel, 2011),
    model.fit(panel, "2008-2010"),
    titles=("Long term, 2003–2011", "2008–2010"),
)
