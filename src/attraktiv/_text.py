"""Moved to :mod:`attraktiv.core.text`; kept while modules still import this name.

Part of the issue-19 move of the foundation into :mod:`attraktiv.core`; the lead deletes
it once the last import (in the index and uncertainty packages) has moved.
"""

from .core.text import (
    plural as plural,
)
from .core.text import (
    years_text as years_text,
)
