"""Moved to :mod:`attraktiv.core.ranking`; kept while modules still import this name.

Part of the issue-19 move of the foundation into :mod:`attraktiv.core`; the lead deletes
it once the last import (in the index and uncertainty packages) has moved.
"""

from .core.ranking import (
    descending_order as descending_order,
)
from .core.ranking import (
    rank_series as rank_series,
)
from .core.ranking import (
    ranks as ranks,
)
