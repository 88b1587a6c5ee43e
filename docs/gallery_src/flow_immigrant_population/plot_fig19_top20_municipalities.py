"""
Figure 19 — The 20 municipalities most attractive for immigrants (real data)
============================================================================

**In the report.** Vareide (2012, figure 19) ranks municipalities by their index for
the domestic net migration of the immigrant population — immigrants already living
in Norway, and their Norwegian-born children, moving between municipalities. This
group moves more than others, often away from the place it first settled. Ullensaker
is clearly first and Rømskog second, both attractive to everyone; Rælingen, Skedsmo
and Vaksdal, third to fifth, are not especially attractive to other groups.

**In ours.** The same bars for 2013–2014. Notice Rælingen, Ullensaker and other places
near Oslo in the list, but also small municipalities at the top (Fedje, Hurdal,
Lierne): a handful of movers is a large share of a small population, and two years
give chance more room than three.

**Differences.** The period is 2013–2014 (the only flow years of the data), and the
bundled ``domestic_immigrant`` flow counts immigrants only, not their Norwegian-born
children, who are counted with the rest of the population.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_immigrant ~ job_growth")
result = model.fit(panel, "2013-2014")

fig = top_bars(result, n=20, hierarchy=panel.hierarchy)
