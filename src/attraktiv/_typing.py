"""Moved to :mod:`attraktiv.core.typing`; kept while modules still import this name.

Part of the issue-19 move of the foundation into :mod:`attraktiv.core`; the lead deletes
it once the last import (in the index and uncertainty packages) has moved.
"""

from .core.typing import (
    COV_TYPES as COV_TYPES,
)
from .core.typing import (
    WEIGHTS_OPTIONS as WEIGHTS_OPTIONS,
)
from .core.typing import (
    BoolArray as BoolArray,
)
from .core.typing import (
    CovType as CovType,
)
from .core.typing import (
    FloatArray as FloatArray,
)
from .core.typing import (
    IntArray as IntArray,
)
from .core.typing import (
    SeedLike as SeedLike,
)
from .core.typing import (
    WeightsOption as WeightsOption,
)
