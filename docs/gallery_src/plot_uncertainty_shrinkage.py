"""
Published and shrunk index against population, 2008–2010 (real data)
=====================================================================

Each municipality's index before (hollow) and after (filled) empirical-Bayes
shrinkage toward the mean index of places of its size (the dark line: a regression
on log start population, Fay-Herriot). Small places, whose index is noisy, are
pulled far; large places hardly move. Ullensaker keeps its first place, while
Vevelstad falls from 4th to 211th and Træna from 5th to 229th: small places score
below average, and toward zero they would only fall to 66th and 73rd.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import shrinkage_plot

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")

fig = shrinkage_plot(
    result, label_units=["0235", "1816", "1835"], hierarchy=panel.hierarchy
)
