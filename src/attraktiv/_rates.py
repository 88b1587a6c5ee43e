"""Moved to :mod:`attraktiv.core.rates`; kept while modules still import this name.

Part of the issue-19 move of the foundation into :mod:`attraktiv.core`; the lead deletes
it once the last import (in the index and uncertainty packages) has moved.
"""

from .core.rates import (
    cafe_density as cafe_density,
)
from .core.rates import (
    education_level as education_level,
)
from .core.rates import (
    growth_rate as growth_rate,
)
from .core.rates import (
    housing_construction as housing_construction,
)
from .core.rates import (
    labour_market_integration as labour_market_integration,
)
from .core.rates import (
    log_population as log_population,
)
from .core.rates import (
    net_migration_rate as net_migration_rate,
)
from .core.rates import (
    percent_of as percent_of,
)
from .core.rates import (
    university as university,
)
