"""
Figure 10 — Long-term index, the 10 least attractive regions (real data)
========================================================================

Periods 2008–2010, 2011–2013 and 2014–2016 (see Figure 7).
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import long_term_bars

panel = load_norway()
long_term = attraktiv.AttractivenessModel().long_term(panel, level="region")

fig = long_term_bars(long_term, n=10, which="bottom", hierarchy=panel.hierarchy)
