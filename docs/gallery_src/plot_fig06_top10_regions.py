"""
Figure 6 — The 10 most attractive regions, 2008–2010 (real data)
================================================================
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010", level="region")

fig = top_bars(result, n=10, hierarchy=panel.hierarchy)
