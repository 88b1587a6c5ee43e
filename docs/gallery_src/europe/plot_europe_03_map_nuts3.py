"""
Europe — Map of the attractiveness index, NUTS 3 regions 2014–2016 (real data)
==============================================================================

The pooled index of the 2011 method in five groups (quintiles), drawn in Lambert's
azimuthal equal-area projection of Europe (EPSG:3035, computed by formula), so each
region takes the space its area gives it. Regions without the values the period
needs — all of France, Switzerland, Poland and Turkey among them — are grey. The
rings around capitals (Ilfov around Bucharest, Brandenburg around Berlin) stand out.
"""

import warnings

import attraktiv
from attraktiv.datasets import EUROPE_CREDIT, EUROPE_EXTENT, europe_layer, load_europe
from attraktiv.geography import lambert_europe
from attraktiv.plot import choropleth

europe = load_europe()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", attraktiv.AttraktivWarning)  # regions left out
    result = attraktiv.AttractivenessModel().fit(europe, "2014-2016")
    warnings.simplefilter("ignore", UserWarning)  # the grey regions, named below
    fig = choropleth(
        result,
        map_layer=europe_layer(),
        projection=lambert_europe,
        extent=EUROPE_EXTENT,
        inset=False,
        credit=EUROPE_CREDIT,
        title="Attractiveness, NUTS 3 regions 2014-2016 (pooled over Europe)",
    )
print(europe.missing_note("2014-2016"))
