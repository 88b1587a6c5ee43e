"""
Figure 24 — The 20 municipalities most attractive for the rest (real data)
==========================================================================

**In the report.** Vareide (2012, figure 24) ranks municipalities by the domestic net
migration of people without an immigrant background. Small Vevelstad is, somewhat
surprisingly, first; Meland near Bergen second and Skaun next to Trondheim third.
The places are spread over the country, and in small ones chance can swing a year.
All of them are attractive overall, as this group makes up most of the moves.

**In ours.** The same bars for 2013–2014. Notice Skaun first, Meland and Vevelstad
among the 20, and again the small places (Nesseby, Jondal, Osen) that a few movers
lift.

**Differences.** 2013–2014; in the bundled data this group also holds the
Norwegian-born children of immigrants; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_other ~ job_growth")
result = model.fit(panel, "2013-2014")

fig = top_bars(result, n=20, hierarchy=panel.hierarchy)
