"""
Figure 13 — Net immigration to Norway by year, 2003–2016 (real data)
====================================================================

Summed over the whole country, moves between municipalities cancel: Norway's net
migration is its net immigration from abroad (plus register corrections). The
bundled data give it for every year from population change less births and deaths.
"""

from attraktiv.datasets import load_norway
from attraktiv.plot import national_series

panel = load_norway()

fig = national_series(
    panel, "net_migration", title="Net immigration to Norway (persons), by year"
)
