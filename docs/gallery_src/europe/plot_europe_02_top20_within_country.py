"""
Europe — The 20 most attractive NUTS 3 regions within their countries, 2014–2016
================================================================================

The within-country index gives every country its own intercept
(``net_migration ~ job_growth + C(country)``), so a region is compared with the
other regions of its own country only. Ilfov, the ring around Bucharest, leads;
Greek islands of the 2015–2016 reception hotspots and German districts with asylum
reception centres rank high — the index measures migration beyond jobs, not the
quality of life.
"""

import warnings

import attraktiv
from attraktiv.datasets import load_europe
from attraktiv.plot import top_bars

europe = load_europe()
model = attraktiv.AttractivenessModel("net_migration ~ job_growth + C(country)")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", attraktiv.AttraktivWarning)  # regions left out
    result = model.fit(europe, "2014-2016")

fig = top_bars(result, n=20, hierarchy=europe.hierarchy)
