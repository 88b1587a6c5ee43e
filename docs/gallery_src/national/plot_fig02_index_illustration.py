"""
Figure 2 — The index as the distance to the line (real data)
============================================================

**In the report.** Vareide (2012, figure 2) illustrates how the index is computed:
the line through the municipalities' cloud is the net migration one would expect
from a given job growth, and a municipality's attractiveness is the vertical
distance from its point to that line — how much more (or less) it grew by migration
than its jobs explain. Two places with the same job growth can thus differ widely.

**In ours.** The cloud of municipalities in 2008–2010, the fitted line, and for the
most attractive municipality of the bundled data the actual and the expected net
migration with the distance between them: that distance is its index.

**Differences.** None in the method. Job growth is that of private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import index_illustration

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")
best = result.top(1).index[0]

fig = index_illustration(result, best, hierarchy=panel.hierarchy)

# %%
# Actual = expected + index, for that municipality:
row = result.ranking().loc[best]
print(row[["name", "net_migration", "expected", "attractiveness"]])
