"""
Figure 3 — Net migration against job growth, municipalities 2008–2010 (real data)
=================================================================================

Each point is a municipality; the line is the least-squares fit of net migration on
job growth. A unit's attractiveness index is its vertical distance from the line.
The ten most attractive municipalities are marked and named.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")

fig = scatter(result, top=10, bottom=0, hierarchy=panel.hierarchy)
