"""
Figure 12 — Maps of the index, regions: a period and the long term (real data)
==============================================================================

As Figure 11 for the 85 labour-market regions.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import choropleth_pair

panel = load_norway()
model = attraktiv.AttractivenessModel()

fig = choropleth_pair(
    model.fit(panel, "2008-2010", level="region"),
    model.long_term(panel, level="region"),
)
