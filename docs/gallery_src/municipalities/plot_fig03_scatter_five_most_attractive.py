"""
Figure 3 — Municipalities by migration and job growth, top five marked (real data)
==================================================================================

**In the report.** Vareide (2012, figure 3) places every municipality by job growth
and net migration in 2008–2010 and marks the five most attractive in red: those
lying furthest above the line. Ullensaker tops the list, ahead of Ulstein and
Rennesøy; Vevelstad, one of the smallest municipalities, is a surprise fourth, and
Ås fifth grew by migration despite job growth below the median.

**In ours.** The same chart; the five most attractive are marked and named. Notice
that they sit high above the line at quite different job growth, which is the
point of the index.

**Differences.** Job growth counts private jobs only, which moves some places
along the horizontal axis. Our first four are the report's in its order; our fifth
is Træna, and the report's fifth, Ås, is our sixth (see :doc:`/fidelity`).
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")

fig = scatter(result, top=5, bottom=0, hierarchy=panel.hierarchy)

# %%
print(result.top(5)[["rank", "name", "attractiveness", "job_growth"]].round(2))
