"""
Figure 1 — Net migration against job growth, municipalities and regions (real data)
===================================================================================

**In the report.** Vareide (2012, figure 1) opens with every municipality and region
placed by its job growth (percent) and its net migration including immigration
(percentage points of the population), 2008–2010. The point is the positive
relation: places that gain jobs tend to gain people, the premise of Norwegian
regional policy — and the barometer is built on the places that depart from it.

**In ours.** The same two variables for the same period, municipalities on the left
and the 85 regions on the right; we add each level's least-squares line, the
subject of the report's figure 2. Notice how weak the relation is for
municipalities (R² in the legend) and how much tighter it is for regions, where
commuting within the region no longer separates homes from jobs.

**Differences.** The bundled data count private jobs only, so job growth is that of
private jobs; the regions are the 85 of 2017 rather than the report's 83.
"""

import matplotlib.pyplot as plt

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import scatter

panel = load_norway()
model = attraktiv.AttractivenessModel()
municipalities = model.fit(panel, "2008-2010", level="municipality")
regions = model.fit(panel, "2008-2010", level="region")

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.2))
scatter(municipalities, top=0, bottom=0, ax=left)
scatter(regions, top=0, bottom=0, ax=right)
fig.tight_layout()

# %%
# The slopes: percentage points of net migration per percent of job growth.
print(f"municipalities: {municipalities.regression.params['job_growth']:.3f}")
print(f"regions:        {regions.regression.params['job_growth']:.3f}")
