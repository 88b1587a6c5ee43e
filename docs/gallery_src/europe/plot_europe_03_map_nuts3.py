"""
Europe — Map of the attractiveness index, NUTS 3 regions 2014–2016 (real data)
==============================================================================

The pooled index of the 2011 method in five groups (quintiles), drawn in Lambert's
azimuthal equal-area projection of Europe (EPSG:3035, computed by formula), so each
region takes the space its area gives it. Regions without the values the period
needs — all of France, Switzerland, Poland and Turkey among them — are grey. The
rings around capitals (Ilfov around Bucharest, Brandenburg around Berlin) stand out.
The frame, projection and legend corner are those of the bundled map of the level
(:func:`attraktiv.datasets.bundled_map`), as in the report; the Azores, Madeira, the
Canary Islands and France's overseas regions lie outside the frame.
"""

import warnings

import attraktiv
from attraktiv.datasets import bundled_map, load_europe
from attraktiv.plot import choropleth

europe = load_europe()
nuts3 = bundled_map("nuts3")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", attraktiv.AttraktivWarning)  # regions left out
    result = attraktiv.AttractivenessModel().fit(europe, "2014-2016")
    warnings.simplefilter("ignore", UserWarning)  # the grey regions, named below
    fig = choropleth(
        result,
        map_layer=nuts3.layer,
        projection=nuts3.projection,
        extent=nuts3.extent,
        inset=nuts3.inset,
        credit=nuts3.credit,
        legend_loc=nuts3.legend_loc,
        title="Attractiveness, NUTS 3 regions 2014-2016 (pooled over Europe)",
    )
print(europe.missing_note("2014-2016"))
