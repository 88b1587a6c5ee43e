"""
Figure 11 — Maps of the index, municipalities: a period and the long term (real data)
=====================================================================================

Municipalities coloured by quintile of their index: 2008–2010 on the left, the long-
term index of 2008–2016 on the right (the bundled data start in 2003, so the long
term is the latest three periods). Oslo and Akershus are enlarged in an inset.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import choropleth_pair

panel = load_norway()
model = attraktiv.AttractivenessModel()

fig = choropleth_pair(model.fit(panel, "2008-2010"), model.long_term(panel))
