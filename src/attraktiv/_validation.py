"""Moved to :mod:`attraktiv.core.validation`; kept while modules still import this name.

Part of the issue-19 move of the foundation into :mod:`attraktiv.core`; the lead deletes
it once the last import (in the index and uncertainty packages) has moved.
"""

from .core.validation import (
    check_count as check_count,
)
from .core.validation import (
    check_flag as check_flag,
)
from .core.validation import (
    check_level as check_level,
)
from .core.validation import (
    check_option as check_option,
)
from .core.validation import (
    check_rng as check_rng,
)
from .core.validation import (
    check_weights as check_weights,
)
