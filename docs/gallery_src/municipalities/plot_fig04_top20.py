"""
Figure 4 — The 20 most attractive municipalities, 2008–2010 (real data)
=======================================================================

**In the report.** Vareide (2012, figure 4) ranks the 20 most attractive
municipalities of 2008–2010 as bars of the index (percentage points of the
population). Besides the top five it names regulars that have been attractive for a
decade (Meland, Hole, Gjerdrum, Sørum, Eidsvoll) and newcomers that rose from weak
positions (Austrheim, Træna, Bykle, Hitra, Finnøy).

**In ours.** The same bars. Notice how many of the report's names recur — the
regulars and the newcomers alike — and that small municipalities (Vevelstad, Træna,
Rømskog, Lebesby) reach high places: a few dozen movers are several percent of their
population.

**Differences.** Private against all jobs changes the expected net migration of
each place a little, enough to reorder the middle of the list; :doc:`/fidelity`
counts which of the report's names are in our top 20.
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import top_bars

panel = load_norway()
result = attraktiv.AttractivenessModel().fit(panel, "2008-2010")

fig = top_bars(result, n=20, hierarchy=panel.hierarchy)
