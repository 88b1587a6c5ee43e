"""
Figure 9 — The 10 most attractive regions, 2008–2010 (real data)
================================================================

**In the report.** Vareide (2012, figure 9) ranks the ten most attractive regions of
2008–2010. Three are in Østfold (Halden, Nedre Glomma, Mosseregionen, all stable
members of the list); Oslo and Drammensregionen are regulars too, so six of the ten
are in central Eastern Norway. Bjørnefjorden, fifth, lies near Bergen and
Stjørdalsregionen next to Trondheim; Mandalsregionen is the only one from the south
coast, and has the largest loss of jobs among the ten.

**In ours.** The same bars. Notice that seven of the report's ten are here —
Øvre Romerike first, the three Østfold regions, Oslo, Drammensregionen,
Bjørnefjorden and Hitra/Frøya — and that Vestfold Nord and Tønsbergregionen take
the places of Stjørdalsregionen and Mandalsregionen.

**Differences.** 85 regions instead of 83, and private jobs: a region whose public
jobs grew (or whose private jobs fell more than all jobs) is expected to gain
fewer or more people here than in the report.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010", level="region")

fig = top_bars(result, n=10, hierarchy=panel.hierarchy)
