"""
Figure 15 — Municipalities, those most attractive for immigration marked (real data)
====================================================================================

**In the report.** Vareide (2012, figure 15) draws the usual picture of all
municipalities — *total* net migration against job growth — and marks in red those
most attractive for immigration from abroad. It shows a new kind of rural
municipality: high immigration without the immigrants moving on, and high job
growth (Træna, Ulstein, Hitra, Sande, Austrheim), where much of the immigration is
labour migration.

**In ours.** Total net migration against job growth in 2013–2014, the ten
municipalities most attractive for immigration marked. Notice where they sit: many
lie at low or negative job growth and near or below the line — immigrants arrive,
but the total does not stand out.

**Differences.** The period is 2013–2014, the only years with flows in the bundled
data; jobs are private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2013-2014")

fig = scatter(
    result, top=10, bottom=0, rank_by="immigration", hierarchy=panel.hierarchy
)
