"""Moved to :mod:`attraktiv.core.progress`; kept while modules still import this name.

Part of the issue-19 move of the foundation into :mod:`attraktiv.core`; the lead deletes
it once the last import (in the index and uncertainty packages) has moved.
"""

from .core.progress import (
    check_progress as check_progress,
)
from .core.progress import (
    progress as progress,
)
