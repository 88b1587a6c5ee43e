"""
Figure 1 — Job growth by county, 2008–2010 (real data)
======================================================

Job growth is the regressor of the published model: the change in the number of jobs
located in a unit over the period, in percent of the jobs at its start. The bundled
data count private jobs (by place of work).
"""

import attraktiv
from attraktiv.datasets import load_norway
from attraktiv.plot import job_growth_bars

panel = load_norway()
counties = attraktiv.AttractivenessModel().fit(panel, "2008-2010", level="county")

fig = job_growth_bars(counties)
