"""The foundation every package of attraktiv builds on; not part of the stable API.

Its modules import nothing from attraktiv but :mod:`attraktiv.errors` and each other,
so any package may use them (see :doc:`/architecture`):

- :mod:`~attraktiv.core.typing`: the array and option aliases every module agrees on;
- :mod:`~attraktiv.core.validation`: the checks of options, counts, levels and seeds,
  with the library's error messages;
- :mod:`~attraktiv.core.rates`: the rate and factor formulas of the barometer;
- :mod:`~attraktiv.core.ranking`: ranks of an index (1 for the largest, ties share);
- :mod:`~attraktiv.core.text`: plurals and year spans in messages;
- :mod:`~attraktiv.core.progress`: the optional progress bar of long loops;
- :mod:`~attraktiv.core.frozen`: fields of frozen results that hand out copies;
- :mod:`~attraktiv.core.source`: the bytes, text and JSON behind a file a reader
  takes (encodings, depth and number limits), checked in one place;
- :mod:`~attraktiv.core.dask`: the optional Dask, imported only when asked;
- :mod:`~attraktiv.core.deprecation`: old import paths kept for one release.

The modules have plain names (like ``pandas.core``) so that packages reach them
without importing a private name across a package border; what users should rely on
is re-exported from :mod:`attraktiv` and the packages' public faces.
"""
