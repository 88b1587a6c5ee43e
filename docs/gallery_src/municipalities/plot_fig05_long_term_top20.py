"""
Figure 5 — Long term: the 20 most attractive municipalities (real data)
=======================================================================

**In the report.** Vareide (2012, figure 5) adds each municipality's index over the
three latest non-overlapping three-year periods (2002–2004, 2005–2007, 2008–2010)
and stacks the three parts as bars, for the 20 with the highest sum: places that
stay attractive grow most. Ullensaker leads with 24.5 — migration equal to 24.5 % of
its population beyond what its jobs explain — ahead of Rennesøy and Sørum; 13 of
the 20 lie in central Eastern Norway and four just outside Bergen.

**In ours.** The same stacked bars. Notice that the report's names lead, in
another order (Rennesøy, Ullensaker, Hole, Sørum, Gjerdrum), and count the bars
built from three positive parts — stable attractiveness rather than one lucky
period (the count is printed below).

**Differences.** The data start in 2003, so the earliest long term is 2003–2011
(2003–2005, 2006–2008, 2009–2011), one year later than the report's; jobs are private
jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import long_term_bars

panel = load_norway()
long_term = attraktiv.AttractivenessModel().long_term(panel, 2011)

fig = long_term_bars(long_term, n=20, hierarchy=panel.hierarchy)

# %%
top = long_term.top(20)
print(top.head(5)[["rank", "name", "long_term"]].round(1))
parts = top[[str(p) for p in long_term.periods]]
print("bars with three positive parts:", int((parts > 0).all(axis=1).sum()), "of 20")
