"""
Europe — Net migration against job growth, NUTS 3 regions 2014–2016 (real data)
===============================================================================

Each point is one of the 1,173 NUTS 3 regions with every value the period needs; the
line is the pooled fit of the 2011 method over all of them. Job growth explains
little of net migration across Europe (R² 0.03): national migration regimes differ.
The ten most attractive regions are named.
"""

import warnings

import attraktiv
from attraktiv.datasets import load_europe
from attraktiv.plot import scatter

europe = load_europe()
print(europe.missing_note("2014-2016"))  # the regions left out, per country
with warnings.catch_warnings():
    warnings.simplefilter("ignore", attraktiv.AttraktivWarning)  # said just above
    result = attraktiv.AttractivenessModel().fit(europe, "2014-2016")

fig = scatter(result, top=10, bottom=0, hierarchy=europe.hierarchy)
