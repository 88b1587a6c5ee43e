"""
Figure 7 — Long-term index, the 20 most attractive municipalities (real data)
=============================================================================

The long-term index is the sum of the indices of the last three non-overlapping
periods; each bar shows its three parts. The report's nine years were 2002–2010; the
bundled data start in 2003, so the three periods here are the latest ones,
2008–2010, 2011–2013 and 2014–2016.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import long_term_bars

panel = load_norway()
long_term = attraktiv.AttractivenessModel().long_term(panel)

fig = long_term_bars(long_term, n=20, hierarchy=panel.hierarchy)
