"""
Figure 5 — Net migration against job growth, regions 2008–2010 (real data)
==========================================================================

The same model across the 85 labour-market regions; the ten most attractive regions
are marked and named.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010", level="region")

fig = scatter(result, top=10, bottom=0, hierarchy=panel.hierarchy)
