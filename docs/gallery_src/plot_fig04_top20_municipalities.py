"""
Figure 4 — The 20 most attractive municipalities, 2008–2010 (real data)
=======================================================================

The attractiveness index of the top 20, in percentage points of the population: net
in-migration over the three years beyond what job growth explains.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")

fig = top_bars(result, n=20, hierarchy=panel.hierarchy)
