"""
Figure 11 — Long term: the ten least attractive regions over three periods (real data)
======================================================================================

**In the report.** Vareide (2012, figure 11) shows the ten regions with the lowest
long-term index. Midt-Finnmark is last, low in all three periods, with extra net
out-migration of 9.5 % of its population; Ytre Helgeland is next to last, below
average throughout but uneven. Seven of the ten are in Northern Norway, two in
Nord-Trøndelag, and Sunnfjord is the only one outside the four northernmost counties.

**In ours.** The same chart, the lowest at the bottom. Notice Midt-Finnmark last
again, Ytre Helgeland among the ten, and seven regions of Northern Norway; the other
three are Indre Namdal, HAFS and Vest-Telemark.

**Differences.** The long term is 2003–2011; 85 regions of 2017 instead of 83;
private jobs.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import long_term_bars

panel = load_norway()
long_term = attraktiv.AttractivenessModel().long_term(panel, 2011, level="region")

fig = long_term_bars(long_term, n=10, which="bottom", hierarchy=panel.hierarchy)
