"""Moved to :mod:`attraktiv.core.frozen`; kept while modules still import this name.

Part of the issue-19 move of the foundation into :mod:`attraktiv.core`; the lead deletes
it once the last import (in the index and uncertainty packages) has moved.
"""

from .core.frozen import (
    hand_out_copies as hand_out_copies,
)
