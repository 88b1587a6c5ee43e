"""
Figure 6 — Long term: the 15 least attractive municipalities (real data)
========================================================================

**In the report.** Vareide (2012, figure 6) shows the same stacked bars for the 15
municipalities with the lowest long-term index. Kautokeino is last, below average in
all three periods, with net out-migration of 14.5 % of its population beyond what its
jobs explain. The list is dominated by the northernmost counties — nine in Finnmark
alone; only Valle and Vanylven lie further south.

**In ours.** The same chart for the least attractive, the lowest at the bottom.
Notice the northern names again (Berg, Torsken, Båtsfjord, Kautokeino, Berlevåg,
Vardø, Porsanger, Loppa) and Vanylven; Kautokeino is among them but not last.

**Differences.** The long term is 2003–2011 instead of 2002–2010, jobs are private
jobs, and the bundled data are in 2017 borders.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import long_term_bars

panel = load_norway()
long_term = attraktiv.AttractivenessModel().long_term(panel, 2011)

fig = long_term_bars(long_term, n=15, which="bottom", hierarchy=panel.hierarchy)
