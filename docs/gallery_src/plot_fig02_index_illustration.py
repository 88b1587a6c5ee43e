"""
Figure 2 — How the attractiveness index arises for one unit (real data)
=======================================================================

The index of a municipality is its actual net migration less the net migration that
its job growth would lead one to expect. Shown for the most attractive municipality
of 2008–2010 in the bundled data.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import index_illustration

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")
best = result.top(1).index[0]

fig = index_illustration(result, best, hierarchy=panel.hierarchy)
