"""
How sure are the ranks? Rank confidence sets, 2008–2010 (real data)
===================================================================

The 20 most and 20 least attractive municipalities with 95 % confidence sets for
their ranks (marginal sets of Mogstad, Romano, Shaikh and Wilhelm, 2024). A long
segment means the data cannot place the municipality: Vevelstad and Træna, 4th and
5th with fewer than 500 residents, could rank almost anywhere.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import rank_caterpillar

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")

fig = rank_caterpillar(result, n=20, rng=2011, hierarchy=panel.hierarchy)
