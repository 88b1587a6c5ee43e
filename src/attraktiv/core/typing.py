"""Type aliases shared across attraktiv (one place, so every module agrees)."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
UIntArray: TypeAlias = npt.NDArray[np.uint64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]

CovType: TypeAlias = Literal["nonrobust", "HC0", "HC1", "HC2", "HC3"]
COV_TYPES: tuple[CovType, ...] = ("nonrobust", "HC0", "HC1", "HC2", "HC3")

SeedLike: TypeAlias = np.random.Generator | int | None

#: Weights a model can take from the panel: the population at the start of a period.
WeightsOption: TypeAlias = Literal["population"]
WEIGHTS_OPTIONS: tuple[WeightsOption, ...] = ("population",)
