"""The attractiveness index: actual minus expected net migration."""

from __future__ import annotations

from .results import (
    TOTAL,
    AttractivenessModel,
    AttractivenessResult,
    LongTermResult,
    barometer,
)

__all__ = [
    "TOTAL",
    "AttractivenessModel",
    "AttractivenessResult",
    "LongTermResult",
    "barometer",
]
