"""
Published and shrunk index against population, 2008–2010 (real data)
=====================================================================

**Why.** A small place's index is a few movers divided by a small population, so it
jumps from period to period (the report's Vevelstad, fourth in 2008–2010, is a case
it calls a surprise; Vareide 2012).

**In ours.** Each municipality's index before (hollow) and after (filled)
empirical-Bayes shrinkage toward the mean index of places of its size (the dark
line: a regression on log start population, Fay-Herriot). Small places, whose index
is noisy, are pulled far; large places hardly move. Ullensaker keeps its first place,
while Vevelstad and Træna fall far, further than toward zero because places of their
size score below average (their shrunk ranks are printed below).

**Not in the report.** Shrinkage is our addition (see :doc:`/uncertainty`).
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import shrinkage_plot

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")

fig = shrinkage_plot(
    result, label_units=["0235", "1816", "1835"], hierarchy=panel.hierarchy
)

# %%
# Ranks before and after shrinkage, toward the regression on size (the default)
# and toward zero:
shrunk = result.shrunk()
print(shrunk.loc[["0235", "1816", "1835"], ["name", "rank", "rank_shrunk"]])
zero = result.shrunk(toward="zero")
print(zero.loc[["0235", "1816", "1835"], ["name", "rank", "rank_shrunk"]])
