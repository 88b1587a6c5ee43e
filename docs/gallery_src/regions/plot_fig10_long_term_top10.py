"""
Figure 10 — Long term: the ten most attractive regions over three periods (real data)
=====================================================================================

**In the report.** Vareide (2012, figure 10) stacks the index of the three latest
three-year periods for the ten regions with the highest sum. Øvre Romerike is far
ahead, with extra net in-migration of 12.3 % of its population; Oslo and Nedre
Glomma follow. Nine of the ten lie around the Oslo fjord and in greater Oslo; only
Bjørnefjorden, near Bergen, does not.

**In ours.** The same chart. Notice Øvre Romerike's lead (about 11 points here),
Oslo second, and that again only Bjørnefjorden lies outside Eastern Norway.

**Differences.** The long term is 2003–2011, not 2002–2010; 85 regions; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import long_term_bars

panel = load_norway()
long_term = attraktiv.AttractivenessModel().long_term(panel, 2011, level="region")

fig = long_term_bars(long_term, n=10, hierarchy=panel.hierarchy)

# %%
print(long_term.top(10)[["rank", "name", "long_term"]].round(1))
