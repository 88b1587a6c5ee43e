"""
Figure 18 — Maps of the index for net immigration from abroad (real data)
=========================================================================

Municipalities (left) and regions (right) coloured by quintile of their index for
net immigration from abroad, 2013–2014.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import choropleth_pair

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_immigration ~ job_growth")

fig = choropleth_pair(
    model.fit(panel, "2013-2014"),
    model.fit(panel, "2013-2014", level="region"),
    titles=(
        "Municipalities 2013–2014: net immigration from abroad",
        "Regions 2013–2014: net immigration from abroad",
    ),
)
