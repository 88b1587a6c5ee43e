"""
Figure 26 — The 10 regions most attractive for the rest of the population (real data)
======================================================================================

**In the report.** Vareide (2012, figure 26): Halden first, a little surprisingly,
closely followed by Øvre Romerike, with Stjørdalsregionen third. The list is more
spread out than the overall one: Trøndelag, the south coast (Mandalsregionen), the
west (Bjørnefjorden, Hordaland Vest) and Lillehammerregionen away from the Oslo
fjord.

**In ours.** The same bars for 2013–2014. Notice Bjørnefjorden first, Øvre Romerike
and Halden among the ten, and the same spread beyond the Oslo fjord:
Nordhordland, Trondheimsregionen, Kongsberg/Numedal.

**Differences.** 2013–2014; the group includes the Norwegian-born children of
immigrants; 85 regions; private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
model = attraktiv.AttractivenessModel("net_migration_domestic_other ~ job_growth")
result = model.fit(panel, "2013-2014", level="region")

fig = top_bars(result, n=10, hierarchy=panel.hierarchy)
