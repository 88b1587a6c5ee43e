"""
Figure 13 — Net immigration to Norway, persons per year (real data)
===================================================================

**In the report.** Vareide (2012, figure 13) plots net immigration to Norway in
persons per year from Statistics Norway: in the four years before the report it rose
far above any earlier level, and 2011 looked set for a new record. Until 2007 most
immigrants were refugees or came to join family, with little say over where they
settled; the wave since 2007 is largely labour migration (from Sweden, Poland, the
Baltic states) that follows jobs and other qualities of places, which is why the
2011 barometer counts immigration in net migration.

**In ours.** Net migration summed over all municipalities, by year: moves between
municipalities cancel in the sum, so it is the country's net immigration. Notice the
steep rise after 2006 and the peak around 2011–2012, which the report could only
anticipate.

**Differences.** Our years are 2003–2016 (the report's series ends in 2010–2011), and
the bundled net migration is population change less births and deaths, so it also
holds the register's corrections.
"""

from attraktiv.datasets import load_norway
from attraktiv.plot import national_series

panel = load_norway()

fig = national_series(
    panel, "net_migration", title="Net immigration to Norway (persons), by year"
)
