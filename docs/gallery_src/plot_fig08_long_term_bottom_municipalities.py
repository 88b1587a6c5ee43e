"""
Figure 8 — Long-term index, the 15 least attractive municipalities (real data)
==============================================================================

As Figure 7, for the other end of the ranking: the least attractive municipality is
at the bottom. Periods 2008–2010, 2011–2013 and 2014–2016.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import long_term_bars

panel = load_norway()
long_term = attraktiv.AttractivenessModel().long_term(panel)

fig = long_term_bars(long_term, n=15, which="bottom", hierarchy=panel.hierarchy)
