"""
How sure are the ranks? Rank confidence sets, 2008–2010 (real data)
===================================================================

**Why.** The report ranks by the index alone, and itself warns that in small
municipalities chance can mean a lot (Vareide 2012, on Vevelstad, Rømskog, Lebesby
and others whose results vary widely).

**In ours.** The 20 most and 20 least attractive municipalities with 95 % confidence
sets for their ranks (marginal sets of Mogstad, Romano, Shaikh and Wilhelm, 2024). A
long segment means the data cannot place the municipality: Vevelstad and Træna, 4th
and 5th with fewer than 500 residents, could rank almost anywhere; even Ullensaker,
first with 27,000 residents, is only sure to be among the 66 most attractive (its set is
printed below).

**Not in the report.** The sets treat each residual's noise as coming from the
movers counted, a model of our own (see :doc:`/uncertainty`).
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import rank_caterpillar

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")

fig = rank_caterpillar(result, n=20, rng=2011, hierarchy=panel.hierarchy)

# %%
sets = result.rank_intervals(rng=2011)
print(sets.loc[["0235", "1816", "1835"], ["name", "rank", "rank_low", "rank_high"]])
