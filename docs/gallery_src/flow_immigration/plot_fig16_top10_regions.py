"""
Figure 16 — The 10 regions most attractive for immigration from abroad (real data)
==================================================================================

**In the report.** Vareide (2012, figure 16): Hitra/Frøya is clearly first, its net
immigration 4.6 % above what its job growth implies — probably labour migration, as
its domestic flows were weak. Hallingdal is second despite weak job growth, Oslo
third, Søre Sunnmøre (high job growth) high too, and Valdres fifth with the profile of
a refugee host: weak jobs and out-migration of both groups.

**In ours.** The same bars for 2013–2014. Notice Hallingdal, Hitra/Frøya and Valdres
again among the ten, now joined by northern regions (Øst-Finnmark first).

**Differences.** 2013–2014 instead of 2008–2010 — a later phase of the immigration
wave; 85 regions; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_immigration ~ job_growth")
result = model.fit(panel, "2013-2014", level="region")

fig = top_bars(result, n=10, hierarchy=panel.hierarchy)
